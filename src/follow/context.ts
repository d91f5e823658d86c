/**
 * What every part of following a run shares: the client, the tracker, the
 * limits, the clock and where to say things. One object, built once by
 * followRun, instead of the same parameters threaded through each call.
 */
import type { Clock } from '../base/clock.js'
import type { Log } from '../base/log.js'
import type { Patience } from '../vm0/patience.js'
import { isTransient } from '../vm0/retry.js'
import type { LogEntry, LogQuery, Page, Run, RunEvent } from '../vm0/types.js'
import type { RunTracker } from './tracker.js'

/** The reads polling needs from the VM0 client. */
interface RunReader {
  getRun(id: string, opts?: { signal?: AbortSignal }): Promise<Run>
  getLogs(runId: string, query: LogQuery, opts?: { signal?: AbortSignal }): Promise<Page<LogEntry>>
}

/** The calls following needs from the VM0 client: the reads and the event stream. */
export interface RunStreamer extends RunReader {
  events(
    runId: string,
    opts: {
      lastEventId: number
      signal?: AbortSignal
      idleTimeoutMs?: number
      /** Called once the response headers arrived. */
      onOpen?: () => void
    }
  ): AsyncIterable<RunEvent>
}

/** How a wait ended. `run` is the last state read from the service. */
export type WaitEnd =
  | { kind: 'ended'; run: Run }
  | { kind: 'timeout'; run: Run | null }
  | { kind: 'idle'; run: Run | null }
  | { kind: 'aborted'; run: Run | null }

/** Lines about the following itself (not about the run), for the step log: the part of {@link Log} it uses. */
export type FollowLog = Pick<Log, 'info' | 'debug'>

/** One followed run: everything the stream, the side polls and the polling share. */
export interface FollowContext {
  readonly client: RunStreamer
  readonly runId: string
  readonly tracker: RunTracker
  readonly clock: Clock
  /** Epoch ms after which the wait gives up (`timeout`). */
  readonly deadlineMs: number
  /** Give up after this long without activity; 0 = never (`idle-timeout`). */
  readonly idleTimeoutMs: number
  /** Aborted when the workflow is cancelled. */
  readonly signal: AbortSignal
  readonly log: FollowLog
  /** Whether VM0 is reachable, shared with the client; absent in some tests. */
  readonly patience?: Patience
}

/** What the limits read: any way of following a run (the /v1 stream, the platform's polls) has it. */
export type Limits = Pick<
  FollowContext,
  'tracker' | 'clock' | 'deadlineMs' | 'idleTimeoutMs' | 'signal' | 'patience'
>

/** Why the wait must stop now, if it must. */
export function limitReached(ctx: Limits): 'timeout' | 'idle' | 'aborted' | null {
  if (ctx.signal.aborted) return 'aborted'
  const now = ctx.clock.now()
  if (now >= ctx.deadlineMs) return 'timeout'
  // While VM0 is unreachable nothing can be seen of the run: that is not idleness.
  const blind = ctx.patience?.unreachableSince != null
  if (ctx.idleTimeoutMs > 0 && !blind && now - ctx.tracker.lastActivityMs >= ctx.idleTimeoutMs)
    return 'idle'
  return null
}

/**
 * A read that failed because a limit ended it: the workflow was cancelled,
 * or VM0 stayed unreachable up to the deadline (patience gave up only then).
 */
export function stoppedBy(ctx: Limits, error: unknown): 'timeout' | 'aborted' | null {
  if (ctx.signal.aborted) return 'aborted'
  if (isTransient(error) && ctx.clock.now() >= ctx.deadlineMs) return 'timeout'
  return null
}
