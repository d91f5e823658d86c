/**
 * The second phase: follow the run to its end. A limit (`timeout`,
 * `idle-timeout`) or the workflow's cancellation ends the wait early and
 * cancels the run unless the user keeps it; a failure while following
 * cancels it too, so no run is left behind for the post step to find.
 */
import * as core from '@actions/core'
import type { Clock } from '../base/clock.js'
import { ActionError } from '../base/errors.js'
import type { WaitEnd } from '../follow/poll.js'
import { followByStream, type RunStreamer } from '../follow/stream.js'
import { RunTracker } from '../follow/tracker.js'
import type { Printer } from '../render/printer.js'
import { Renderer } from '../render/renderer.js'
import type { Settings } from '../settings/settings.js'
import type { Run } from '../vm0/types.js'
import type { FollowFailed, Seen, Stopped } from './outcome.js'
import type { RemoteRun } from './remote-run.js'

export interface FollowOptions {
  deadlineMs: number
  idleTimeoutMs: number
  signal: AbortSignal
  clock: Clock
  printer: Printer
  logLevel: Settings['logLevel']
}

/** What following a run came to. */
export interface Followed {
  end: WaitEnd
  seen: Seen
  /** The last status seen, from the stream or a poll. */
  lastStatus: string | null
  /** Prints the run's error where the agent's events were printed. */
  runError(text: string): void
}

/** Following failed; what was seen up to then is kept for the report. */
export class FollowError extends ActionError {
  override name = 'FollowError'
  constructor(
    readonly seen: Seen,
    cause: unknown
  ) {
    super('Following the run failed', { cause })
  }
}

/** Follows a run to its end; throws a {@link FollowError} when following fails. */
export type Follow = (client: RunStreamer, run: Run, options: FollowOptions) => Promise<Followed>

/** The event stream, with polling as the fallback. */
export const followRun: Follow = async (client, run, options) => {
  const renderer = new Renderer(options.printer, { level: options.logLevel })
  const tracker = new RunTracker(renderer, () => options.clock.now())
  tracker.setStatus(run.status)
  const seen = (): Seen => ({ result: tracker.result, logTail: tracker.logTail() })
  try {
    const end = await followByStream(client, run.id, tracker, options, options.clock, {
      onFallback: reason =>
        core.info(`Following the run by polling instead of its event stream: ${reason}.`),
      onReconnect: line => core.debug(line),
      onSideLogTrouble: line => core.info(line)
    })
    renderer.finish()
    return { end, seen: seen(), lastStatus: tracker.status, runError: t => renderer.runError(t) }
  } catch (error) {
    renderer.finish()
    throw new FollowError(seen(), error)
  }
}

export interface WaitOptions extends FollowOptions {
  settings: Settings
  follow: Follow
}

/** The run ended on VM0: what was seen of it, with its final state. */
export interface RunEnded {
  kind: 'run-ended'
  run: Run
  followed: Followed
}

/** Follows the run; ends with the run's end, or with the outcome of a wait that stopped early. */
export async function waitForRun(
  client: RunStreamer,
  remote: RemoteRun,
  run: Run,
  options: WaitOptions
): Promise<RunEnded | Stopped | FollowFailed> {
  let followed: Followed
  try {
    followed = await options.follow(client, run, options)
  } catch (error) {
    const seen = error instanceof FollowError ? error.seen : { result: null, logTail: [] }
    const cause = error instanceof FollowError ? error.cause : error
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
    seen: followed.seen
  }
  if (reason === 'aborted' || settings.cancelOnTimeout) {
    const cancel = await remote.cancel()
    return { ...base, run: cancel.run ?? latest, cancel, fate: remote.fate(cancel) }
  }
  remote.release()
  const fate = `VM0 run ${remote.id} keeps going (cancel-on-timeout: false); attach later with run-id: ${remote.id}`
  return { ...base, run: latest, cancel: null, fate }
}
