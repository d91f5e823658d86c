/**
 * The run's event stream, `GET /v1/runs/:id/events`: one SSE connection,
 * its messages turned into RunEvents. Unknown event names and unusable
 * payloads are ignored rather than breaking the stream; the caller falls
 * back on the logs endpoint anyway. Reconnecting is the caller's job.
 */
import type { Dispatcher } from 'undici'
import { StreamDroppedError, TransportError } from '../base/errors.js'
import { isObject } from '../base/json.js'
import {
  type ErrorContext,
  type RawAnswer,
  failedAnswerError,
  networkError,
  streamErrorEvent,
  unusableAnswerError
} from './error-map.js'
import { formatSeconds } from '../text/durations.js'
import { type HttpRequest, type HttpTransport, header, readText } from './http.js'
import { num, str } from './normalize.js'
import { SseOverflowError, SseParser, type SseMessage } from './sse.js'
import { cleanStatus, type RunEvent } from './types.js'

export interface EventsOptions {
  /** Resume after this sequence; pass -1 to receive sequence 0 (the service's default skips it). */
  lastEventId: number
  signal?: AbortSignal
  /** Longest gap between chunks before the stream counts as dropped; default 60 s (heartbeats come every ~15 s). */
  idleTimeoutMs?: number
  /** Called once the response headers arrived (a cold service can take seconds to send them). */
  onOpen?: () => void
}

/** A RunEvent, or the stream's own report that it cannot serve the run. */
type StreamEvent = RunEvent | { kind: 'error'; message: string; code: string | null }

/** One open stream, as the readers below need it. */
interface OpenStream {
  runId: string
  ctx: ErrorContext
  res: Dispatcher.ResponseData
  idleMs: number
  signal: AbortSignal | undefined
}

const DEFAULT_IDLE_MS = 60_000

/**
 * One SSE connection to a run's events, resuming after `lastEventId`.
 * Ends normally right after a `complete` event. Throws the mapped error for
 * a non-2xx answer, TransportError for an answer that is not an event
 * stream, StreamDroppedError when the stream drops, stalls or ends before
 * `complete`, and StreamErrorEvent when the service sends `event: error`.
 */
export async function* runEvents(
  http: HttpTransport,
  runId: string,
  opts: EventsOptions
): AsyncGenerator<RunEvent, void, undefined> {
  const req: HttpRequest = {
    method: 'GET',
    path: `/v1/runs/${encodeURIComponent(runId)}/events`,
    query: { lastEventId: opts.lastEventId, last_event_id: opts.lastEventId },
    accept: 'text/event-stream'
  }
  if (opts.signal) req.signal = opts.signal
  const idleMs = opts.idleTimeoutMs ?? DEFAULT_IDLE_MS
  const res = await http.open(req, idleMs)
  opts.onOpen?.()
  const stream: OpenStream = { runId, ctx: http.context(req), res, idleMs, signal: opts.signal }
  try {
    await refuseNonStream(stream)
    for await (const message of sseMessages(stream)) {
      const event = toRunEvent(message)
      if (event === null) continue
      if (event.kind === 'error') throw streamErrorEvent(stream.ctx, event.message, event.code)
      yield event
      if (event.kind === 'complete') return
    }
  } finally {
    if (!res.body.destroyed) res.body.destroy()
  }
}

/** Throws the mapped error for an error answer, or one that is not an event stream. */
async function refuseNonStream(stream: OpenStream): Promise<void> {
  const { res, ctx } = stream
  const contentType = header(res.headers, 'content-type')
  if (res.statusCode < 200 || res.statusCode >= 300) {
    throw failedAnswerError(ctx, await wholeAnswer(stream, contentType))
  }
  if (contentType !== null && /json|html/i.test(contentType)) {
    const answer = await wholeAnswer(stream, contentType)
    throw unusableAnswerError(ctx, answer, `${contentType} instead of an event stream`)
  }
}

/** Reads the rest of an answer that is not a stream, for its error. */
async function wholeAnswer(stream: OpenStream, contentType: string | null): Promise<RawAnswer> {
  const { res } = stream
  let text: string
  try {
    text = await readText(res.body)
  } catch (error) {
    if (stream.signal?.aborted) throw stream.signal.reason
    throw networkError(stream.ctx, error)
  }
  return {
    status: res.statusCode,
    statusText: res.statusText || null,
    contentType,
    requestId: header(res.headers, 'x-request-id'),
    text
  }
}

/**
 * The stream's SSE messages as they arrive. It never ends normally: a
 * broken, stalled or closed connection throws StreamDroppedError (the
 * caller stops reading at `complete` before that).
 */
async function* sseMessages(stream: OpenStream): AsyncGenerator<SseMessage, never, undefined> {
  const parser = new SseParser()
  let received = 0
  try {
    for await (const chunk of stream.res.body as AsyncIterable<Uint8Array>) {
      for (const message of parser.push(chunk)) {
        received++
        yield message
      }
    }
  } catch (error) {
    if (stream.signal?.aborted) throw stream.signal.reason
    if (error instanceof SseOverflowError) throw overflowError(stream, error, received)
    throw brokenStreamError(stream, error, received)
  }
  parser.end()
  throw new StreamDroppedError(
    `The event stream of run ${stream.runId} ended after ${received} events without a completion ` +
      `(the connection was closed${parser.truncated ? ' mid-event' : ''}); reconnect with the last sequence seen.`,
    true,
    stream.res.statusCode
  )
}

function brokenStreamError(stream: OpenStream, error: unknown, received: number): Error {
  const code =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : null
  const detail =
    code === 'UND_ERR_BODY_TIMEOUT'
      ? `the event stream was idle for ${formatSeconds(stream.idleMs)} after ${received} events`
      : `the event stream broke off after ${received} events (${typeof code === 'string' ? code : error instanceof Error ? error.name : 'error'})`
  const broken = networkError(stream.ctx, error, detail)
  return new StreamDroppedError(broken.message, true, stream.res.statusCode, { cause: error })
}

/**
 * A stream that sent a line or an event past the parser's cap: not a drop to
 * reconnect after (the same event would come again) but a stream that cannot
 * be read here, so the caller follows the run by polling instead.
 */
function overflowError(stream: OpenStream, error: SseOverflowError, received: number): Error {
  return new TransportError(
    `The event stream of run ${stream.runId} sent ${error.message} after ${received} events, ` +
      'more than an event of the run can hold; the stream is not read further',
    true,
    stream.res.statusCode,
    { cause: error }
  )
}

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data)
  } catch {
    return undefined
  }
}

/**
 * The RunEvent carried by one SSE message (or the stream's `error`
 * report), or null when it is not one the action knows.
 */
export function toRunEvent(message: SseMessage): StreamEvent | null {
  const payload = parseJson(message.data)
  const data = isObject(payload) ? payload : {}
  switch (message.event) {
    case 'status': {
      const status = str(data, 'status')
      return status === null ? null : { kind: 'status', status: cleanStatus(status) }
    }
    case 'output': {
      const sequence =
        num(data, 'sequence', 'sequenceNumber', 'sequence_number') ?? idNumber(message.id)
      if (sequence === null) return null
      const inner = 'data' in data ? data['data'] : payload === undefined ? message.data : null
      const type = str(data, 'type') ?? (isObject(inner) ? str(inner, 'type') : null) ?? 'unknown'
      return {
        kind: 'output',
        sequence,
        type,
        data: inner ?? null,
        timestamp: str(data, 'timestamp', 'createdAt', 'created_at')
      }
    }
    case 'heartbeat':
      return { kind: 'heartbeat' }
    case 'complete': {
      const error = data['error']
      return {
        kind: 'complete',
        // An unreadable completion still ends the stream; the caller reads the status with getRun.
        status: cleanStatus(str(data, 'status')),
        error:
          typeof error === 'string'
            ? error
            : isObject(error) && typeof error['message'] === 'string'
              ? error['message']
              : null
      }
    }
    case 'error':
      return {
        kind: 'error',
        message: str(data, 'message') ?? (payload === undefined ? message.data : 'unknown error'),
        code: str(data, 'code')
      }
    default:
      return null
  }
}

function idNumber(id: string | undefined): number | null {
  if (id === undefined || !/^-?\d+$/.test(id.trim())) return null
  return Number(id.trim())
}
