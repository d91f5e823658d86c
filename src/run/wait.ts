/**
 * The second phase: follow the run to its end. A limit (`timeout`,
 * `idle-timeout`) or the workflow's cancellation ends the wait early and
 * cancels the run unless the user keeps it; a failure while following
 * cancels it too, so no run is left behind for the post step to find.
 */
import { coreLog } from '../base/log.js'
import {
  FollowError,
  nothingSeen,
  type FollowOptions,
  type Followed,
  type followRun
} from '../follow/follower.js'
import type { Settings } from '../settings/settings.js'
import type { Run } from '../vm0/types.js'
import type { FollowFailed, Stopped } from './outcome.js'
import type { RemoteRun } from './remote-run.js'

/** Follows a run to its end (`followRun`); tests pass a scripted one. */
export type Follow = typeof followRun

/** Following bound to the backend's client: the /v1 stream, or the platform's polling. */
export type FollowBound = (run: Run, options: FollowOptions) => Promise<Followed>

export interface WaitOptions extends Omit<FollowOptions, 'log'> {
  settings: Settings
  follow: FollowBound
}

/** The run ended on VM0: what was seen of it, with its final state. */
export interface RunEnded {
  kind: 'run-ended'
  run: Run
  followed: Followed
}

/** Follows the run; ends with the run's end, or with the outcome of a wait that stopped early. */
export async function waitForRun(
  remote: RemoteRun,
  run: Run,
  options: WaitOptions
): Promise<RunEnded | Stopped | FollowFailed> {
  let followed: Followed
  try {
    followed = await options.follow(run, { ...options, log: coreLog })
  } catch (error) {
    const seen = error instanceof FollowError ? error.seen : nothingSeen()
    const cause: unknown = error instanceof FollowError ? error.cause : error
    // Never leave the run running until the post step; the report says why.
    const cancel = await remote.cancel()
    return { kind: 'follow-failed', run, error: cause, cancel, seen }
  }
  const { end } = followed
  if (end.kind === 'ended') {
    remote.release()
    return { kind: 'run-ended', run: end.run, followed }
  }
  return stopWaiting(remote, end.run ?? run, end.kind, followed, options.settings)
}

/** A wait that ended early: cancel the remote run unless the user keeps it. */
async function stopWaiting(
  remote: RemoteRun,
  latest: Run,
  reason: Stopped['reason'],
  followed: Followed,
  settings: Settings
): Promise<Stopped> {
  const base = {
    kind: 'stopped' as const,
    reason,
    lastStatus: followed.end.run?.status ?? followed.lastStatus ?? latest.status,
    seen: followed
  }
  if (reason === 'aborted' || settings.cancelOnTimeout) {
    const cancel = await remote.cancel()
    return { ...base, run: cancel.run ?? latest, cancel, fate: remote.fate(cancel) }
  }
  remote.release()
  const fate = `VM0 run ${remote.id} keeps going (cancel-on-timeout: false); attach later with run-id: ${remote.id}`
  return { ...base, run: latest, cancel: null, fate }
}
