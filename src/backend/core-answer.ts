/**
 * Waiting for a platform run's answer through the core route alone: when the
 * run id is not known (a queued message, no thread events route), or the run
 * cannot be read (no run route), the assistant's message after the user's is
 * what says the run ended. Polls politely: 2 s, then backing off to 5 s
 * (at most 12 requests a minute), every wait on the follow clock.
 */
import { FollowError, nothingSeen, type Followed, type FollowOptions } from '../follow/follower.js'
import { isTransient } from '../vm0/retry.js'
import type { Run } from '../vm0/types.js'

/** One look at the thread: the run as its answer tells it, or null while there is none. */
export type CoreEnd = (signal: AbortSignal) => Promise<Run | null>

const FIRST_MS = 2000
const CAP_MS = 5000

/** What was seen of a run whose events could not be read: nothing but its end. */
function seen(lastStatus: string | null): Omit<Followed, 'end'> {
  return { ...nothingSeen(), lastStatus }
}

/** Waits for the answer within `timeout`, `idle-timeout` aside (nothing arrives meanwhile anyway). */
export async function waitForAnswer(check: CoreEnd, options: FollowOptions): Promise<Followed> {
  const { clock, signal } = options
  options.log.info("Waiting for the run's answer in the thread (its events cannot be read).")
  let pause = FIRST_MS
  for (;;) {
    if (signal.aborted) return { end: { kind: 'aborted', run: null }, ...seen(null) }
    if (clock.now() >= options.deadlineMs)
      return { end: { kind: 'timeout', run: null }, ...seen(null) }
    let run: Run | null = null
    try {
      run = await check(signal)
    } catch (error) {
      if (signal.aborted) continue
      // The client waits out an unreachable platform until the deadline; anything else is final.
      if (!isTransient(error)) throw new FollowError(error, seen(null))
    }
    if (run !== null) return { end: { kind: 'ended', run }, ...seen(run.status) }
    await clock.sleep(Math.min(pause, Math.max(0, options.deadlineMs - clock.now())), signal)
    pause = Math.min(CAP_MS, Math.round(pause * 1.5))
  }
}
