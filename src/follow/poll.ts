import { isTerminal, type LogEntry, type LogQuery, type Page, type Run } from '../vm0/types.js'
import type { Clock } from '../base/clock.js'
import { LogCursor } from './log-cursor.js'
import type { RunTracker } from './tracker.js'

/** The reads the follow loop needs from the VM0 client. */
export interface RunReader {
  getRun(id: string, opts?: { signal?: AbortSignal }): Promise<Run>
  getLogs(runId: string, query: LogQuery, opts?: { signal?: AbortSignal }): Promise<Page<LogEntry>>
}

export interface WaitLimits {
  /** Epoch ms after which the wait gives up (`timeout`). */
  deadlineMs: number
  /** Give up after this long without activity; 0 = never (`idle-timeout`). */
  idleTimeoutMs: number
  /** Aborted when the workflow is cancelled. */
  signal?: AbortSignal
}

/** How a wait ended. `run` is the last state read from the service. */
export type WaitEnd =
  | { kind: 'ended'; run: Run }
  | { kind: 'timeout'; run: Run | null }
  | { kind: 'idle'; run: Run | null }
  | { kind: 'aborted'; run: Run | null }

export const LOG_PAGE_SIZE = 100
const FIRST_INTERVAL_MS = 500
const MAX_INTERVAL_MS = 3000
/** After a run completes, how long to keep reading logs for a `result` event that lands late. */
export const RESULT_GRACE_MS = 2000

/** Reads log pages until one comes back short; feeds new entries to the tracker. */
export async function drainLogs(
  reader: RunReader,
  runId: string,
  cursor: LogCursor,
  tracker: RunTracker,
  signal?: AbortSignal,
  keep: (entry: LogEntry) => boolean = () => true
): Promise<number> {
  let fresh = 0
  for (;;) {
    const since = cursor.nextSince
    const page = await reader.getLogs(
      runId,
      { order: 'asc', limit: LOG_PAGE_SIZE, ...(since ? { since } : {}) },
      signal ? { signal } : {}
    )
    const accepted = cursor.accept(page.data)
    const entries = accepted.filter(keep)
    for (const entry of entries) tracker.logEntry(entry)
    fresh += entries.length
    // A full page may hide more; a full page with nothing new means every entry
    // shares the boundary timestamp, and asking again would loop forever.
    if (page.data.length < LOG_PAGE_SIZE || accepted.length === 0) return fresh
  }
}

/** Why the wait must stop now, if it must. */
export function limitReached(
  limits: WaitLimits,
  tracker: RunTracker,
  now: number
): 'timeout' | 'idle' | 'aborted' | null {
  if (limits.signal?.aborted) return 'aborted'
  if (now >= limits.deadlineMs) return 'timeout'
  if (limits.idleTimeoutMs > 0 && now - tracker.lastActivityMs >= limits.idleTimeoutMs)
    return 'idle'
  return null
}

/**
 * Follows a run by polling its detail and its logs until it ends or a limit
 * is reached. The interval starts short and grows while nothing happens.
 */
export async function followByPolling(
  reader: RunReader,
  runId: string,
  tracker: RunTracker,
  limits: WaitLimits,
  clock: Clock,
  cursor: LogCursor = new LogCursor()
): Promise<WaitEnd> {
  let interval = FIRST_INTERVAL_MS
  let run: Run | null = null
  const signal = limits.signal
  for (;;) {
    const stop = limitReached(limits, tracker, clock.now())
    if (stop) return { kind: stop, run }
    let fresh: number
    try {
      run = await reader.getRun(runId, signal ? { signal } : {})
      if (isTerminal(run.status)) {
        // Events logged before the run ended print before its final status.
        await drainTail(reader, run, cursor, tracker, clock, signal)
        tracker.setStatus(run.status)
        return { kind: 'ended', run }
      }
      tracker.setStatus(run.status)
      fresh = await drainLogs(reader, runId, cursor, tracker, signal)
    } catch (error) {
      // A cancelled workflow ends a read at once; the caller cancels the run.
      if (signal?.aborted) return { kind: 'aborted', run }
      throw error
    }
    interval = fresh > 0 ? FIRST_INTERVAL_MS : Math.min(MAX_INTERVAL_MS, interval * 1.5)
    const untilDeadline = Math.max(0, limits.deadlineMs - clock.now())
    await clock.sleep(Math.min(interval, untilDeadline), limits.signal)
  }
}

/**
 * Reads what lands after the run ended: agent events can reach the logs a
 * little after the status flips, and the final `result` event carries the
 * answer, so a completed run without one is given a short grace period.
 */
export async function drainTail(
  reader: RunReader,
  run: Run,
  cursor: LogCursor,
  tracker: RunTracker,
  clock: Clock,
  signal?: AbortSignal
): Promise<void> {
  await drainLogs(reader, run.id, cursor, tracker, signal)
  if (run.status !== 'completed' || run.output !== null) return
  const giveUpAt = clock.now() + RESULT_GRACE_MS
  while (tracker.result === null && clock.now() < giveUpAt && !signal?.aborted) {
    await clock.sleep(250, signal)
    await drainLogs(reader, run.id, cursor, tracker, signal)
  }
}
