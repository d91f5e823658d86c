/**
 * Following a run through its Server-Sent Events stream, with the logs
 * endpoint for what the stream does not carry.
 *
 * - Agent events come from `GET /v1/runs/:id/events`, starting at
 *   `lastEventId=-1` (the service skips sequence 0 otherwise) and resuming
 *   from the last sequence seen after a drop, with backoff.
 * - System and network lines come from polling the logs endpoint meanwhile
 *   (`type=system` and `type=network`; agent entries are left to the stream,
 *   so events print in order and the request count does not grow with them).
 * - On `complete` the stream closes; agent events that land after it never
 *   reach the stream, so the tail is read from the logs endpoint
 *   (`type=agent`, from the last streamed event on, de-duplicated by
 *   sequence), then the last system and network lines.
 * - While the run exists, a stream that cannot connect (VM0 unreachable) is
 *   retried with backoff until the deadline, telling the shared Patience; a
 *   token refused mid-run (by the stream or a side poll) fails at once.
 * - When the stream is unavailable (an error answer, a proxy that buffers
 *   it, or drops that make no progress) following falls back to polling.
 */
import { formatSeconds } from '../text/durations.js'
import { remoteText } from '../text/remote.js'
import {
  AuthenticationError,
  StreamDroppedError,
  StreamErrorEvent,
  TransportError,
  Vm0ApiError,
  errorMessage
} from '../base/errors.js'
import { isTerminal, type Run, type RunEvent } from '../vm0/types.js'
import { limitReached, stoppedBy, type FollowContext, type WaitEnd } from './context.js'
import { LogCursor } from './log-cursor.js'
import { drainTail, followByPolling } from './poll.js'
import { SideLogs } from './side-logs.js'

/** No message at all within this long after the response headers means a buffering proxy. */
const FIRST_MESSAGE_MS = 5000
/** Consecutive connections that bring nothing new before giving up on the stream. */
const MAX_FUTILE_RECONNECTS = 5
/** How often limits are checked and side polls started while the stream blocks. */
const WATCHDOG_MS = 200
const BACKOFF_BASE_MS = 250
const BACKOFF_CAP_MS = 5000

/** How reading the stream ended: the run completed, a limit stopped it, or the stream cannot be had. */
type StreamOutcome =
  { kind: 'complete' } | { kind: 'limit' } | { kind: 'unavailable'; reason: string }

/**
 * How one connection ended: `dropped` after it was open, `unreachable` when
 * it could not be had (no answer, a 5xx), which patience waits out.
 */
type ReadOutcome =
  | StreamOutcome
  | { kind: 'dropped'; reason: string }
  | { kind: 'unreachable'; reason: string; error: unknown }

/** Reconnect delay after `futile` connections in a row that brought nothing new. */
export function reconnectDelay(futile: number): number {
  if (futile <= 1) return 0
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (futile - 2))
}

/** Follows the run through its event stream; falls back to polling when the stream is unavailable. */
export async function followByStream(ctx: FollowContext): Promise<WaitEnd> {
  const logs = new SideLogs(ctx)
  let streamed: StreamOutcome
  try {
    streamed = await streamUntilComplete(ctx, logs)
    if (streamed.kind === 'unavailable') {
      ctx.log.info(`Following the run by polling instead of its event stream: ${streamed.reason}.`)
    }
  } finally {
    await logs.stop()
  }
  if (streamed.kind !== 'complete') {
    const stop = limitReached(ctx)
    if (stop) {
      await logs.drainAfterStop(stop)
      return { kind: stop, run: null }
    }
    return followByPolling(ctx, pollingCursor(ctx, logs), logs.networkCursor)
  }
  return endAfterComplete(ctx, logs)
}

/**
 * Where polling takes over: from whichever is earlier, the last agent event
 * the stream delivered or the last line the side polls read. What it reads
 * again is de-duplicated by the tracker.
 */
function pollingCursor(ctx: FollowContext, logs: SideLogs): LogCursor {
  return new LogCursor(earliest(ctx.tracker.lastAgentTimestamp, logs.position))
}

/** After `complete`: reads the run and the tail of its logs, then reports its final status. */
async function endAfterComplete(ctx: FollowContext, logs: SideLogs): Promise<WaitEnd> {
  let run: Run
  try {
    run = await ctx.client.getRun(ctx.runId, { signal: ctx.signal })
    // A read that lags the stream's `complete`: keep following until the detail agrees.
    if (!isTerminal(run.status))
      return followByPolling(ctx, pollingCursor(ctx, logs), logs.networkCursor)
    // Agent events after the last streamed one (they never reach the stream), then the last lines.
    await drainTail(ctx, run, new LogCursor(ctx.tracker.lastAgentTimestamp), { type: 'agent' })
    await logs.drainFinal()
  } catch (error) {
    const stop = stoppedBy(ctx, error)
    if (stop) return { kind: stop, run: null }
    throw error
  }
  ctx.tracker.setStatus(run.status)
  return { kind: 'ended', run }
}

/** Reads the stream, reconnecting after drops, until `complete`, a limit, or it proves unavailable. */
async function streamUntilComplete(ctx: FollowContext, logs: SideLogs): Promise<StreamOutcome> {
  let futile = 0
  let unreachable = 0
  for (;;) {
    if (logs.fatal) throw logs.fatal
    if (limitReached(ctx)) return { kind: 'limit' }
    const before = ctx.tracker.eventCount
    let outcome = await readOnce(ctx, logs)
    if (outcome.kind === 'unreachable') {
      if (patient(ctx)) {
        unreachable++
        await waitOut(ctx, outcome.error, unreachable)
        continue
      }
      outcome = { kind: 'dropped', reason: outcome.reason }
    }
    unreachable = 0
    if (outcome.kind !== 'dropped') return outcome
    futile = ctx.tracker.eventCount > before ? 0 : futile + 1
    if (futile >= MAX_FUTILE_RECONNECTS) {
      return unavailable(
        `the event stream dropped ${futile} times in a row without delivering anything (${outcome.reason})`
      )
    }
    const wait = reconnectDelay(futile)
    ctx.log.debug(
      `Event stream ended (${outcome.reason}); reconnecting from sequence ${ctx.tracker.highestSequence}` +
        (wait > 0 ? ` in ${formatSeconds(wait)}` : '')
    )
    if (wait > 0) await ctx.clock.sleep(wait, ctx.signal)
  }
}

/** True while the run exists and VM0's absence is to be waited out (patience armed). */
function patient(ctx: FollowContext): boolean {
  return ctx.patience?.deadlineMs != null
}

/** VM0 could not be reached for the `tries`-th time in a row: tell patience, wait, try again. */
async function waitOut(ctx: FollowContext, error: unknown, tries: number): Promise<void> {
  ctx.patience?.failed(error)
  // A lone failure (a proxy's 503) is retried at once, a lasting one with the reconnect backoff.
  const wait = reconnectDelay(tries)
  const left = Math.max(0, ctx.deadlineMs - ctx.clock.now())
  ctx.log.debug(
    `Event stream unreachable (${shortReason(error)}); reconnecting in ${formatSeconds(wait)}`
  )
  if (wait > 0) await ctx.clock.sleep(Math.min(wait, left), ctx.signal)
}

/** One connection to the stream. */
async function readOnce(ctx: FollowContext, logs: SideLogs): Promise<ReadOutcome> {
  const connection = new AbortController()
  const onAbort = (): void => connection.abort()
  ctx.signal.addEventListener('abort', onAbort, { once: true })
  const watchdog = new Watchdog(ctx, logs, connection)
  try {
    for await (const event of ctx.client.events(ctx.runId, {
      lastEventId: ctx.tracker.highestSequence,
      signal: connection.signal,
      onOpen: () => watchdog.opened()
    })) {
      if (watchdog.delivered()) ctx.patience?.reached()
      if (handle(event, ctx)) return { kind: 'complete' }
      // A burst waits in the connection, not in the step log's backlog.
      const backlog = ctx.tracker.backlog()
      if (backlog) await backlog
    }
    return { kind: 'dropped', reason: 'closed before the run completed' }
  } catch (error) {
    if (logs.fatal) throw logs.fatal
    if (watchdog.buffered) {
      return unavailable(
        'no event arrived within seconds of connecting; a proxy may be buffering the stream'
      )
    }
    if (connection.signal.aborted) return { kind: 'limit' }
    return classify(error)
  } finally {
    await watchdog.stop()
    ctx.signal.removeEventListener('abort', onAbort)
  }
}

/**
 * A failed connection: a drop to reconnect after, VM0 unreachable, a stream
 * that cannot be had, or a real failure (thrown; a refused token among them).
 */
function classify(error: unknown): ReadOutcome {
  if (error instanceof StreamDroppedError) return { kind: 'dropped', reason: shortReason(error) }
  if (error instanceof AuthenticationError) throw error
  if (isStreamUnsupported(error)) {
    return unavailable(`the event stream answered: ${errorMessage(error)}`)
  }
  if (error instanceof TransportError || (error instanceof Vm0ApiError && error.status >= 500)) {
    return { kind: 'unreachable', reason: shortReason(error), error }
  }
  throw error
}

function unavailable(reason: string): StreamOutcome {
  return { kind: 'unavailable', reason }
}

/**
 * Checks, beside a connection that blocks between messages, whether a limit
 * was reached or nothing at all arrived (a buffering proxy), starts the
 * side polls when due, and lets the tracker announce a long tool call. It waits on the clock, so tests drive it.
 */
class Watchdog {
  private messages = 0
  private nothingArrived = false
  private readonly stopped = new AbortController()
  /** When the response headers arrived; the buffering check counts from there. */
  private openedAt: number | null = null
  private readonly running: Promise<void>

  constructor(
    private readonly ctx: FollowContext,
    private readonly logs: SideLogs,
    private readonly connection: AbortController
  ) {
    this.running = this.run()
  }

  /** The response headers arrived (a cold service may take seconds to send them). */
  opened(): void {
    this.openedAt ??= this.ctx.clock.now()
  }

  /** Counts a message (heartbeats too: they prove nothing buffers the stream); true for the first. */
  delivered(): boolean {
    // A client that does not report the headers: the first message proves them too.
    this.opened()
    this.messages++
    return this.messages === 1
  }

  /** True when the connection was ended because nothing at all arrived. */
  get buffered(): boolean {
    return this.nothingArrived
  }

  async stop(): Promise<void> {
    this.stopped.abort()
    await this.running
  }

  private async run(): Promise<void> {
    for (;;) {
      await this.ctx.clock.sleep(WATCHDOG_MS, this.stopped.signal)
      if (this.stopped.signal.aborted) return
      this.check()
    }
  }

  private check(): void {
    const now = this.ctx.clock.now()
    if (limitReached(this.ctx) || this.logs.fatal) this.connection.abort()
    else if (
      this.messages === 0 &&
      this.openedAt !== null &&
      now - this.openedAt >= FIRST_MESSAGE_MS
    ) {
      this.nothingArrived = true
      this.connection.abort()
    }
    this.logs.tick()
    this.ctx.tracker.tick()
  }
}

/** Applies one event; true on `complete`. */
function handle(event: RunEvent, ctx: FollowContext): boolean {
  switch (event.kind) {
    case 'status':
      // The final status comes just before the tick's last events; `complete`
      // reports it after them, so the story stays in order.
      if (!isTerminal(event.status)) ctx.tracker.setStatus(event.status)
      return false
    case 'output':
      ctx.tracker.agentEvent(event.sequence, event.data, event.timestamp)
      return false
    case 'complete':
      // Reported once the tail is read (see followByStream).
      return true
    case 'heartbeat':
      // Heartbeats keep the connection open; they are not activity of the run.
      return false
  }
}

/**
 * An answer that says the stream cannot be had here, rather than a passing
 * failure: any 4xx (a proxy without the route, a gateway refusing long
 * requests; polling then reports a real auth or not-found error itself), the
 * stream's own `error` event, or a 2xx that is not an event stream.
 */
function isStreamUnsupported(error: unknown): boolean {
  if (error instanceof StreamErrorEvent) return true
  if (error instanceof Vm0ApiError) return error.status >= 400 && error.status < 500
  return error instanceof TransportError && error.status !== null && error.status < 500
}

/** The earlier of two log positions; null (the start of the log) when either is. */
export function earliest(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return null
  return Date.parse(a) <= Date.parse(b) ? a : b
}

function shortReason(error: unknown): string {
  if (error instanceof StreamDroppedError) return 'the connection closed'
  if (error instanceof TransportError && error.status !== null) return `HTTP ${error.status}`
  return remoteText(errorMessage(error), 121)
}
