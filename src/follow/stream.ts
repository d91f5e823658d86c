/**
 * Following a run through its Server-Sent Events stream, with the logs
 * endpoint for what the stream does not carry.
 *
 * - Agent events come from `GET /v1/runs/:id/events`, starting at
 *   `lastEventId=-1` (the service skips sequence 0 otherwise) and resuming
 *   from the last sequence seen after a drop, with backoff.
 * - System and network lines come from polling the logs endpoint meanwhile
 *   (agent entries there are left to the stream, so events print in order).
 * - On `complete` the stream closes; agent events that land after it never
 *   reach the stream, so the tail is read from the logs endpoint, from the
 *   last streamed event on, and de-duplicated by sequence.
 * - When the stream is unavailable (an error answer, a proxy that buffers
 *   it, or drops that make no progress) the caller falls back to polling.
 */
import {
  StreamDroppedError,
  StreamErrorEvent,
  TransportError,
  Vm0ApiError,
  errorMessage
} from '../base/errors.js'
import { isTerminal, type LogEntry, type Run, type RunEvent } from '../vm0/types.js'
import type { Clock } from '../base/clock.js'
import { LogCursor } from './log-cursor.js'
import {
  drainLogs,
  drainTail,
  followByPolling,
  limitReached,
  type RunReader,
  type WaitEnd,
  type WaitLimits
} from './poll.js'
import type { RunTracker } from './tracker.js'

/** The calls streaming needs from the VM0 client. */
export interface RunStreamer extends RunReader {
  events(
    runId: string,
    opts: { lastEventId: number; signal?: AbortSignal; idleTimeoutMs?: number }
  ): AsyncIterable<RunEvent>
}

export interface StreamOptions {
  /** Told once, when following falls back to polling, and why. */
  onFallback: (reason: string) => void
  /** Told of each reconnect (for the debug log). */
  onReconnect?: (line: string) => void
  /** Told once when polling the system and network lines keeps failing. */
  onSideLogTrouble?: (line: string) => void
  /** How often system and network lines are polled while streaming. */
  logPollMs?: number
  /** No message at all within this long after connecting means a buffering proxy. */
  firstMessageMs?: number
  /** Consecutive connections that bring nothing new before giving up on the stream. */
  maxFutileReconnects?: number
}

const LOG_POLL_MS = 1500
const FIRST_MESSAGE_MS = 5000
const MAX_FUTILE_RECONNECTS = 5
const WATCHDOG_MS = 200
const SIDE_LOG_FAILURES_TO_SAY = 3
const BACKOFF_BASE_MS = 250
const BACKOFF_CAP_MS = 5000

class StreamUnavailable extends Error {}

/** Reconnect delay after `futile` connections in a row that brought nothing new. */
export function reconnectDelay(futile: number): number {
  if (futile <= 1) return 0
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (futile - 2))
}

/** Follows the run through its event stream; falls back to polling when the stream is unavailable. */
export async function followByStream(
  client: RunStreamer,
  runId: string,
  tracker: RunTracker,
  limits: WaitLimits,
  clock: Clock,
  options: StreamOptions
): Promise<WaitEnd> {
  const logs = new SideLogs(
    client,
    runId,
    tracker,
    clock,
    options.logPollMs ?? LOG_POLL_MS,
    limits.signal,
    options.onSideLogTrouble ?? (() => {})
  )
  let completed = false
  try {
    completed = await streamUntilComplete(client, runId, tracker, limits, clock, options, logs)
  } catch (error) {
    if (!(error instanceof StreamUnavailable)) throw error
    options.onFallback(error.message)
  } finally {
    await logs.stop()
  }
  // Either way, the logs endpoint takes over from whichever is earlier: the
  // last agent event the stream delivered, or the last line the side polls
  // read. What it reads again is de-duplicated by the tracker.
  const cursor = new LogCursor(earliest(tracker.lastAgentTimestamp, logs.position))
  if (!completed) {
    const stop = limitReached(limits, tracker, clock.now())
    if (stop) return { kind: stop, run: null }
    return followByPolling(client, runId, tracker, limits, clock, cursor)
  }
  let run: Run
  try {
    run = await client.getRun(runId, limits.signal ? { signal: limits.signal } : {})
    // A read that lags the stream's `complete`: keep following until the detail agrees.
    if (!isTerminal(run.status))
      return followByPolling(client, runId, tracker, limits, clock, cursor)
    await drainTail(client, run, cursor, tracker, clock, limits.signal)
  } catch (error) {
    if (limits.signal?.aborted) return { kind: 'aborted', run: null }
    throw error
  }
  tracker.setStatus(run.status)
  return { kind: 'ended', run }
}

/**
 * Reads the stream, reconnecting after drops, until `complete`. Returns
 * false when a limit (timeout, idle, cancellation) ended it first.
 */
async function streamUntilComplete(
  client: RunStreamer,
  runId: string,
  tracker: RunTracker,
  limits: WaitLimits,
  clock: Clock,
  options: StreamOptions,
  logs: SideLogs
): Promise<boolean> {
  const maxFutile = options.maxFutileReconnects ?? MAX_FUTILE_RECONNECTS
  let futile = 0
  for (let connection = 0; ; connection++) {
    if (limitReached(limits, tracker, clock.now())) return false
    const before = tracker.eventCount
    const outcome = await readOnce(client, runId, tracker, limits, clock, options, logs)
    if (outcome.kind === 'complete') return true
    if (outcome.kind === 'limit') return false
    futile = tracker.eventCount > before ? 0 : futile + 1
    if (futile >= maxFutile) {
      throw new StreamUnavailable(
        `the event stream dropped ${futile} times in a row without delivering anything (${outcome.reason})`
      )
    }
    const wait = reconnectDelay(futile)
    options.onReconnect?.(
      `Event stream ended (${outcome.reason}); reconnecting from sequence ${tracker.sequences.highest}` +
        (wait > 0 ? ` in ${(wait / 1000).toFixed(1)} s` : '')
    )
    if (wait > 0) await clock.sleep(wait, limits.signal)
  }
}

type ReadOutcome = { kind: 'complete' } | { kind: 'limit' } | { kind: 'dropped'; reason: string }

/** One connection to the stream. */
async function readOnce(
  client: RunStreamer,
  runId: string,
  tracker: RunTracker,
  limits: WaitLimits,
  clock: Clock,
  options: StreamOptions,
  logs: SideLogs
): Promise<ReadOutcome> {
  const connection = new AbortController()
  const onAbort = (): void => connection.abort()
  limits.signal?.addEventListener('abort', onAbort, { once: true })
  const connectedAt = clock.now()
  let messages = 0
  let buffered = false
  // The stream blocks between messages, so limits are checked beside it.
  const watchdog = setInterval(() => {
    if (limitReached(limits, tracker, clock.now())) connection.abort()
    else if (
      messages === 0 &&
      clock.now() - connectedAt >= (options.firstMessageMs ?? FIRST_MESSAGE_MS)
    ) {
      buffered = true
      connection.abort()
    }
    logs.tick()
  }, WATCHDOG_MS)
  try {
    const highest = tracker.sequences.highest
    for await (const event of client.events(runId, {
      lastEventId: highest,
      signal: connection.signal
    })) {
      messages++
      if (handle(event, tracker)) return { kind: 'complete' }
    }
    return { kind: 'dropped', reason: 'closed before the run completed' }
  } catch (error) {
    if (buffered) {
      throw new StreamUnavailable(
        'no event arrived within seconds of connecting; a proxy may be buffering the stream'
      )
    }
    if (connection.signal.aborted) return { kind: 'limit' }
    if (error instanceof StreamDroppedError) return { kind: 'dropped', reason: shortReason(error) }
    if (isStreamUnsupported(error)) {
      throw new StreamUnavailable(`the event stream answered: ${errorMessage(error)}`)
    }
    if (error instanceof TransportError || (error instanceof Vm0ApiError && error.status >= 500)) {
      return { kind: 'dropped', reason: shortReason(error) }
    }
    throw error
  } finally {
    clearInterval(watchdog)
    limits.signal?.removeEventListener('abort', onAbort)
  }
}

/** Agent entries come from the stream; the side polls keep the rest. */
function notAgent(entry: LogEntry): boolean {
  return entry.type !== 'agent'
}

/** Applies one event; true on `complete`. */
function handle(event: RunEvent, tracker: RunTracker): boolean {
  switch (event.kind) {
    case 'status':
      // The final status comes just before the tick's last events; `complete`
      // reports it after them, so the story stays in order.
      if (!isTerminal(event.status)) tracker.setStatus(event.status)
      return false
    case 'output':
      tracker.agentEvent(event.sequence, event.data, event.timestamp)
      return false
    case 'complete':
      // Reported once the tail is read (see followByStream).
      return true
    case 'heartbeat':
      // Heartbeats keep the connection open; they are not activity of the run.
      return false
  }
}

/** The earlier of two log positions; null (the start of the log) when either is. */
export function earliest(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return null
  return Date.parse(a) <= Date.parse(b) ? a : b
}

/**
 * An answer that says the stream cannot be had here, rather than a passing
 * failure: any 4xx (a proxy without the route, a gateway refusing long
 * requests; polling then reports a real auth or not-found error itself),
 * a 2xx that is not an event stream, or the stream's own `error` event.
 */
function isStreamUnsupported(error: unknown): boolean {
  if (error instanceof StreamErrorEvent) return true
  if (error instanceof Vm0ApiError) return error.status >= 400 && error.status < 500
  return error instanceof TransportError && error.status !== null && error.status < 500
}

function shortReason(error: unknown): string {
  if (error instanceof StreamDroppedError) return 'the connection closed'
  if (error instanceof TransportError && error.status !== null) return `HTTP ${error.status}`
  const text = errorMessage(error)
  return text.length > 120 ? `${text.slice(0, 120)}…` : text
}

/**
 * System and network lines, polled beside the stream. Agent entries are
 * skipped here: the stream delivers them in order.
 */
class SideLogs {
  private readonly cursor = new LogCursor()
  private lastPoll = 0
  private running: Promise<void> | null = null
  private failures = 0

  constructor(
    private readonly reader: RunReader,
    private readonly runId: string,
    private readonly tracker: RunTracker,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly signal: AbortSignal | undefined,
    private readonly note: (line: string) => void
  ) {}

  /** Starts a poll when one is due and none is running. */
  tick(): void {
    const now = this.clock.now()
    if (this.running || now - this.lastPoll < this.intervalMs) return
    this.lastPoll = now
    this.running = this.poll()
      .then(() => {
        this.failures = 0
      })
      .catch((error: unknown) => {
        // Retried at the next tick; the stream goes on. Said once after a few in a row,
        // so missing system and network lines are explained.
        this.failures++
        if (this.failures === SIDE_LOG_FAILURES_TO_SAY) {
          this.note(`System and network lines are not coming through: ${errorMessage(error)}`)
        }
      })
      .finally(() => {
        this.running = null
      })
  }

  async stop(): Promise<void> {
    await this.running
  }

  /** Where the side polls got to; null before the first line. */
  get position(): string | null {
    return this.cursor.nextSince ?? null
  }

  private async poll(): Promise<void> {
    await drainLogs(this.reader, this.runId, this.cursor, this.tracker, this.signal, notAgent)
  }
}
