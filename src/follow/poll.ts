import { timeLimit } from '../base/clock.js'
import { errorMessage } from '../base/errors.js'
import { formatBytes } from '../text/sizes.js'
import { isTerminal, type LogEntry, type LogQuery, type Run } from '../vm0/types.js'
import { limitReached, stoppedBy, type FollowContext, type WaitEnd } from './context.js'
import { LogCursor } from './log-cursor.js'

const LOG_PAGE_SIZE = 100
const FIRST_INTERVAL_MS = 500
const MAX_INTERVAL_MS = 3000
/** After a run completes, how long to keep reading logs for a `result` event that lands late. */
const RESULT_GRACE_MS = 2000
const RESULT_POLL_MS = 250
/**
 * The most log a follow reads through one cursor: entries, and characters of
 * their messages. A long agent run writes a few thousand entries and a few
 * MiB; a service that keeps sending full pages of new entries is stopped here.
 */
const MAX_LOG_ENTRIES = 100_000
const MAX_LOG_CHARS = 32 * 1024 * 1024

/** Between reads of sandbox lines: half the sandbox's 30 s upload period (docs/vm0-api.md). */
export const SIDE_POLL_MS = 15_000

/** Every kind but network lines, which are read by their own cursor (see {@link LateNetwork}). */
const notNetwork = (entry: LogEntry): boolean => entry.type !== 'network'

/**
 * Network lines while polling. They keep their own time but reach the logs
 * endpoint up to 30 s late, with the sandbox's next upload: the one cursor
 * over every kind has passed their time by then, so they are read by a cursor
 * of their own, at the side polls' pace, and once more at the end.
 */
class LateNetwork {
  private lastRead = -Infinity

  constructor(
    private readonly ctx: FollowContext,
    private readonly cursor: LogCursor
  ) {}

  async read(final = false, signal?: AbortSignal): Promise<number> {
    const now = this.ctx.clock.now()
    if (!final && now - this.lastRead < SIDE_POLL_MS) return 0
    this.lastRead = now
    const keep = (entry: LogEntry): boolean => entry.type === 'network'
    return drainLogs(this.ctx, this.cursor, keep, {
      type: 'network',
      ...(signal ? { signal } : {})
    })
  }
}

/** Longest the last read after a limit may take: the run is cancelled once it is done. */
const READ_AFTER_STOP_MS = 5_000

/**
 * One last, bounded read after a limit (not the workflow's cancellation: its
 * run is cancelled first) ended the wait: what was uploaded since the last
 * read, maybe the line that explains the stop. A failure leaves it unread.
 */
export async function readAfterStop(
  ctx: FollowContext,
  stop: 'timeout' | 'idle' | 'aborted',
  read: (signal: AbortSignal) => Promise<unknown>
): Promise<void> {
  if (stop === 'aborted') return
  const limit = timeLimit(ctx.clock, READ_AFTER_STOP_MS, ctx.signal)
  try {
    await read(limit.signal)
  } catch (error) {
    ctx.log.debug(`The last sandbox lines could not be read: ${errorMessage(error)}`)
  } finally {
    limit.done()
  }
}

/** Which entries a drain asks for (default all) and what ends it (default the follow's signal). */
export interface DrainScope {
  type?: LogQuery['type']
  signal?: AbortSignal
}

/** The wait is over (timeout or cancellation): no further page is asked for. */
function pastDeadline(ctx: FollowContext): boolean {
  return ctx.signal.aborted || ctx.clock.now() >= ctx.deadlineMs
}

/** Follows that said they stopped reading: said once, whichever of their cursors stopped first. */
const saidStopped = new WeakSet<FollowContext>()

/** Stops the cursor, saying so once, when it has read as much as a follow reads. */
function overLimits(ctx: FollowContext, cursor: LogCursor): boolean {
  const { entries, chars } = cursor.taken
  if (entries < MAX_LOG_ENTRIES && chars < MAX_LOG_CHARS) return false
  cursor.stopped = true
  if (saidStopped.has(ctx)) return true
  saidStopped.add(ctx)
  ctx.log.info(
    `Stopped reading the run's log after ${entries} entries (${formatBytes(chars)} of text), ` +
      `the most one step reads (${MAX_LOG_ENTRIES} entries or ${formatBytes(MAX_LOG_CHARS)}); ` +
      'the run is still followed to its end.'
  )
  return true
}

/**
 * Reads log pages until one comes back short; feeds new entries to the
 * tracker. Bounded: pages after the first are read only before the deadline,
 * and a cursor stops for good at {@link MAX_LOG_ENTRIES} or
 * {@link MAX_LOG_CHARS}.
 */
export async function drainLogs(
  ctx: FollowContext,
  cursor: LogCursor,
  keep: (entry: LogEntry) => boolean = () => true,
  scope: DrainScope = {}
): Promise<number> {
  let fresh = 0
  for (let page = 0; ; page++) {
    if (cursor.stopped) return fresh
    if (page > 0 && pastDeadline(ctx)) {
      ctx.log.debug('Stopped reading log pages: the wait is over.')
      return fresh
    }
    const since = cursor.nextSince
    const type = scope.type && scope.type !== 'all' ? { type: scope.type } : {}
    const read = await ctx.client.getLogs(
      ctx.runId,
      { order: 'asc', limit: LOG_PAGE_SIZE, ...type, ...(since ? { since } : {}) },
      { signal: scope.signal ?? ctx.signal }
    )
    const accepted = cursor.accept(read.data)
    const entries = accepted.filter(keep)
    ctx.tracker.logEntries(entries)
    const backlog = ctx.tracker.backlog()
    if (backlog) await backlog
    fresh += entries.length
    if (overLimits(ctx, cursor)) return fresh
    // A full page may hide more; a full page with nothing new means every entry
    // shares the boundary timestamp, and asking again would loop forever.
    if (read.data.length < LOG_PAGE_SIZE || accepted.length === 0) return fresh
  }
}

/**
 * Follows a run by polling its detail and its logs until it ends or a limit
 * is reached. The interval starts short and grows while nothing happens.
 */
export async function followByPolling(
  ctx: FollowContext,
  cursor: LogCursor = new LogCursor(),
  networkCursor: LogCursor = new LogCursor()
): Promise<WaitEnd> {
  const network = new LateNetwork(ctx, networkCursor)
  let interval = FIRST_INTERVAL_MS
  let run: Run | null = null
  for (;;) {
    const stop = limitReached(ctx)
    if (stop) {
      await readAfterStop(ctx, stop, async signal => {
        await drainLogs(ctx, cursor, notNetwork, { signal })
        await network.read(true, signal)
      })
      return { kind: stop, run }
    }
    let fresh: number
    try {
      run = await ctx.client.getRun(ctx.runId, { signal: ctx.signal })
      if (isTerminal(run.status)) {
        // Events logged before the run ended print before its final status.
        await drainTail(ctx, run, cursor)
        await network.read(true)
        ctx.tracker.setStatus(run.status)
        return { kind: 'ended', run }
      }
      ctx.tracker.setStatus(run.status)
      fresh = await drainLogs(ctx, cursor, notNetwork)
      fresh += await network.read()
    } catch (error) {
      // A cancelled workflow ends a read at once (the caller cancels the run); so does
      // the deadline when VM0 stayed unreachable up to it.
      const stop = stoppedBy(ctx, error)
      if (stop) return { kind: stop, run }
      throw error
    }
    ctx.tracker.tick()
    interval = fresh > 0 ? FIRST_INTERVAL_MS : Math.min(MAX_INTERVAL_MS, interval * 1.5)
    const untilDeadline = Math.max(0, ctx.deadlineMs - ctx.clock.now())
    await ctx.clock.sleep(Math.min(interval, untilDeadline), ctx.signal)
  }
}

/**
 * Reads what lands after the run ended: agent events can reach the logs a
 * little after the status flips, and the final `result` event carries the
 * answer, so a completed run without one is given a short grace period.
 */
export async function drainTail(
  ctx: FollowContext,
  run: Run,
  cursor: LogCursor,
  scope: DrainScope = {}
): Promise<void> {
  await drainLogs(ctx, cursor, notNetwork, scope)
  if (run.status !== 'completed' || run.output !== null) return
  const giveUpAt = ctx.clock.now() + RESULT_GRACE_MS
  while (ctx.tracker.result === null && ctx.clock.now() < giveUpAt && !pastDeadline(ctx)) {
    await ctx.clock.sleep(RESULT_POLL_MS, ctx.signal)
    await drainLogs(ctx, cursor, notNetwork, scope)
  }
}
