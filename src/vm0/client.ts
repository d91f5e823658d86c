/**
 * The VM0 API client: typed methods over http.ts, with the retry policy of
 * retry.ts, cursor handling of paginate.ts, both wire dialects read by
 * normalize.ts, and the event stream read by events.ts. Side effects
 * (network, clock, sleep, randomness) are injectable so tests run against
 * loopback servers with zero sleep.
 */
import { formatSeconds } from '../text/durations.js'
import { setTimeout as delay } from 'node:timers/promises'
import type { Dispatcher } from 'undici'
import {
  type ErrorContext,
  failedAnswerError,
  parseEnvelope,
  unusableAnswerError
} from './error-map.js'
import { type EventsOptions, runEvents } from './events.js'
import { HttpTransport, type HttpAnswer, type HttpRequest, header } from './http.js'
import {
  normalizeAgent,
  normalizeArtifact,
  normalizeLogEntry,
  normalizeMetrics,
  normalizePage,
  normalizeRun,
  normalizeVersion
} from './normalize.js'
import { isObject } from '../base/json.js'
import { paginate } from './paginate.js'
import type { Patience } from './patience.js'
import { DEFAULT_MAX_ATTEMPTS, decideAfterFailure, pauseBeforeRetry, retryLine } from './retry.js'
import type {
  Agent,
  Artifact,
  ArtifactVersion,
  CreateRunRequest,
  LogEntry,
  LogQuery,
  MetricsSummary,
  Page,
  Run,
  RunEvent
} from './types.js'

export interface Vm0ClientOptions {
  /** API base URL, e.g. `https://api.vm0.ai`; a trailing slash or path prefix is fine. */
  baseUrl: string
  /** Bearer token (`vm0_live_…`, or the platform's `vm0_pat_…`); never appears in a message. */
  token: string
  /** undici dispatcher (proxy agent, test interceptors); the global one otherwise. */
  dispatcher?: Dispatcher
  /** Waits between retries; tests pass `async () => {}`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Clock in epoch ms, used for elapsed times in messages. */
  now?: () => number
  /** Jitter source in [0, 1). */
  random?: () => number
  /** Receives one line per failed attempt that is retried (no token, no query string). */
  onRetry?: (line: string) => void
  /** Attempts per request including the first; default 5. */
  maxAttempts?: number
  userAgent?: string
  /** Deadline for one attempt (headers and body), default 30 s; for `events()` it bounds the wait for headers. */
  requestTimeoutMs?: number
  /**
   * Once armed (the run exists), every call but a create retries transient
   * failures until its deadline instead of `maxAttempts` times, and tells it
   * whether VM0 is reachable (it says so in the log; no per-attempt lines then).
   */
  patience?: Patience
}

const PAGE_SIZE = 100
const DEFAULT_MAX_ITEMS = 1000
const DEFAULT_MAX_RUNS = 100
const DEFAULT_TIMEOUT_MS = 30_000
const CREATE_SENT_HINT =
  'The request may have reached VM0, so a run may have started; it was not retried, to avoid ' +
  'starting a second (paid) run. Check the runs of this VM0 account before trying again.'

type Reader<T> = (answer: HttpAnswer, ctx: ErrorContext, attempt: number) => T

function enc(segment: string): string {
  return encodeURIComponent(segment)
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, signal ? { signal } : {})
}

/** The parsed JSON of a 2xx answer, or the mapped error. */
function readJson(answer: HttpAnswer, ctx: ErrorContext): unknown {
  if (answer.status < 200 || answer.status >= 300) throw failedAnswerError(ctx, answer)
  try {
    return JSON.parse(answer.text)
  } catch {
    throw unusableAnswerError(
      ctx,
      answer,
      answer.text.trim() === '' ? 'an empty body' : 'a body that is not JSON'
    )
  }
}

/** One resource from a detail answer (also accepting `{data:{…}}`). */
function readOne<T>(
  answer: HttpAnswer,
  ctx: ErrorContext,
  normalize: (v: unknown) => T | null,
  what: string
): T {
  const body = readJson(answer, ctx)
  const value = normalize(body) ?? (isObject(body) ? normalize(body['data']) : null)
  if (value === null) throw unusableAnswerError(ctx, answer, `a body that is not ${what}`)
  return value
}

function readPage<T>(
  answer: HttpAnswer,
  ctx: ErrorContext,
  item: (v: unknown) => T | null
): Page<T> {
  const page = normalizePage(readJson(answer, ctx), item)
  if (page === null) throw unusableAnswerError(ctx, answer, 'a body that is not a list')
  return page
}

function clampLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback
  return Math.min(100, Math.max(1, Math.floor(limit)))
}

export class Vm0Client {
  private readonly http: HttpTransport
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  private readonly now: () => number
  private readonly random: () => number
  private readonly onRetry: ((line: string) => void) | undefined
  private readonly maxAttempts: number
  private readonly patience: Patience | undefined

  /** `token` and `baseUrl` are trusted: the settings layer has checked them. */
  constructor(opts: Vm0ClientOptions) {
    this.http = new HttpTransport({
      baseUrl: opts.baseUrl,
      token: opts.token,
      userAgent: opts.userAgent ?? 'vm0-run-action',
      requestTimeoutMs: opts.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {})
    })
    this.sleep = opts.sleep ?? defaultSleep
    this.now = opts.now ?? Date.now
    this.random = opts.random ?? Math.random
    this.onRetry = opts.onRetry
    this.maxAttempts = Math.max(1, Math.floor(opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS))
    this.patience = opts.patience
  }

  // ---- agents -------------------------------------------------------------

  /** Agents visible to the token (own, and shared ones as `scope/name`), de-duplicated. */
  async listAgents(opts: { maxItems?: number } = {}): Promise<Agent[]> {
    return paginate(
      cursor =>
        this.call(
          { method: 'GET', path: '/v1/agents', query: { limit: PAGE_SIZE, cursor } },
          (a, c) => readPage(a, c, normalizeAgent)
        ),
      { maxItems: opts.maxItems ?? DEFAULT_MAX_ITEMS }
    )
  }

  // ---- runs ---------------------------------------------------------------

  /**
   * Starts a run. Retried only when the request certainly never reached the
   * service (refused connection, DNS failure); any other failure throws,
   * TransportError with `sent: true` when a run may have started anyway.
   * 429 throws ConcurrencyLimitError: waiting for a slot is the caller's call.
   */
  async createRun(req: CreateRunRequest, opts: { signal?: AbortSignal } = {}): Promise<Run> {
    // The body is filtered once, where it is built (run/start.ts): sent as it is.
    const httpReq: HttpRequest = {
      method: 'POST',
      path: '/v1/runs',
      json: req,
      sentHint: CREATE_SENT_HINT
    }
    if (opts.signal) httpReq.signal = opts.signal
    return this.call(httpReq, (a, c) => readOne(a, c, normalizeRun, 'a run'), {
      idempotent: false,
      secrets: Object.values(req.secrets ?? {})
    })
  }

  /** One run; `signal` ends the read (and its retries) at once. */
  async getRun(id: string, opts: { signal?: AbortSignal } = {}): Promise<Run> {
    const req: HttpRequest = { method: 'GET', path: `/v1/runs/${enc(id)}` }
    if (opts.signal) req.signal = opts.signal
    return this.call(req, (a, c) => readOne(a, c, normalizeRun, 'a run'))
  }

  /**
   * The caller's runs, newest first, de-duplicated. `limit` is the page
   * size; `maxItems` (default: `limit` if given, else 100) bounds the total.
   */
  async listRuns(
    opts: { status?: string; limit?: number; maxItems?: number } = {}
  ): Promise<Run[]> {
    const limit = clampLimit(opts.limit, PAGE_SIZE)
    const runs = await paginate(
      cursor =>
        this.call(
          { method: 'GET', path: '/v1/runs', query: { limit, cursor, status: opts.status } },
          (a, c) => readPage(a, c, normalizeRun)
        ),
      { maxItems: opts.maxItems ?? (opts.limit !== undefined ? limit : DEFAULT_MAX_RUNS) }
    )
    const at = (r: Run): number =>
      r.createdAt === null ? -Infinity : Date.parse(r.createdAt) || -Infinity
    return runs
      .map((r, i) => ({ r, i }))
      .sort((x, y) => at(y.r) - at(x.r) || x.i - y.i)
      .map(x => x.r)
  }

  /**
   * Cancels a pending or running run: POST without body or content type.
   * Safe to repeat, so it is retried like a read; a 400 `invalid_state` on a
   * retry means an earlier attempt (or the run itself) already finished it,
   * and the run is then read back. On the first attempt it throws.
   * `signal` bounds the whole series of attempts.
   */
  async cancelRun(id: string, opts: { signal?: AbortSignal } = {}): Promise<Run> {
    const req: HttpRequest = { method: 'POST', path: `/v1/runs/${enc(id)}/cancel` }
    if (opts.signal) req.signal = opts.signal
    const result = await this.call(
      req,
      (a, c, attempt) => {
        if (attempt > 1 && a.status === 400 && parseEnvelope(a.text)?.code === 'invalid_state')
          return null
        return readOne(a, c, normalizeRun, 'a run')
      },
      { idempotent: true }
    )
    return result ?? this.getRun(id)
  }

  /** One page of a run's logs; following them (moving `since`, de-duplicating) is the caller's job. */
  async getLogs(
    runId: string,
    query: LogQuery = {},
    opts: { signal?: AbortSignal } = {}
  ): Promise<Page<LogEntry>> {
    const req: HttpRequest = {
      method: 'GET',
      path: `/v1/runs/${enc(runId)}/logs`,
      query: {
        type: query.type,
        since: query.since,
        until: query.until,
        order: query.order,
        limit: query.limit === undefined ? undefined : clampLimit(query.limit, 20),
        cursor: query.cursor
      }
    }
    if (opts.signal) req.signal = opts.signal
    return this.call(req, (a, c) => readPage(a, c, normalizeLogEntry))
  }

  async getMetrics(runId: string, opts: { signal?: AbortSignal } = {}): Promise<MetricsSummary> {
    const req: HttpRequest = { method: 'GET', path: `/v1/runs/${enc(runId)}/metrics` }
    if (opts.signal) req.signal = opts.signal
    return this.call(req, (a, c) => readOne(a, c, normalizeMetrics, 'run metrics'))
  }

  /**
   * One SSE connection to a run's events after `lastEventId`, ending at
   * `complete`; a drop throws StreamDroppedError, the stream's own `error`
   * event StreamErrorEvent. Reconnecting is the caller's job ({@link runEvents}).
   */
  events(runId: string, opts: EventsOptions): AsyncGenerator<RunEvent, void, undefined> {
    return runEvents(this.http, runId, opts)
  }

  // ---- artifacts -----------------------------------------------------------

  /** The artifacts (output stores) of the token's account. */
  listArtifacts(opts: { maxItems?: number } = {}): Promise<Artifact[]> {
    return paginate(
      cursor =>
        this.call(
          { method: 'GET', path: '/v1/artifacts', query: { limit: PAGE_SIZE, cursor } },
          (a, c) => readPage(a, c, normalizeArtifact)
        ),
      { maxItems: opts.maxItems ?? DEFAULT_MAX_ITEMS }
    )
  }

  /** Versions newest first; a run's output is the one whose message is `Checkpoint from run <runId>`. */
  listArtifactVersions(id: string, opts: { maxItems?: number } = {}): Promise<ArtifactVersion[]> {
    return paginate(
      cursor =>
        this.call(
          {
            method: 'GET',
            path: `/v1/artifacts/${enc(id)}/versions`,
            query: { limit: PAGE_SIZE, cursor }
          },
          (a, c) => readPage(a, c, v => normalizeVersion(v, id))
        ),
      { maxItems: opts.maxItems ?? DEFAULT_MAX_ITEMS }
    )
  }

  /**
   * The presigned archive URL (valid ~1 h, on another host, needs no token:
   * mask it, never send the token there), or null when there is nothing to
   * download (404: empty, unknown or ambiguous version). The 302 is not followed.
   */
  artifactDownloadUrl(id: string, versionId?: string): Promise<string | null> {
    const req: HttpRequest = {
      method: 'GET',
      path: `/v1/artifacts/${enc(id)}/download`,
      // The current service reads `versionId`, the documented dialect `version_id`.
      query: { versionId, version_id: versionId }
    }
    const requestUrl = this.http.url(req.path, req.query)
    return this.call(req, (a, c) => {
      const location = header(a.headers, 'location')
      if (a.status >= 300 && a.status < 400 && location !== null && location !== '') {
        return new URL(location, requestUrl).toString()
      }
      if (a.status === 404 && parseEnvelope(a.text) !== null) return null
      const body = readJson(a, c)
      const url = isObject(body)
        ? (body['url'] ?? body['downloadUrl'] ?? body['download_url'])
        : null
      if (typeof url === 'string' && url !== '') return new URL(url, requestUrl).toString()
      throw unusableAnswerError(c, a, 'neither a redirect nor a download URL')
    })
  }

  // ---- plumbing -----------------------------------------------------------

  /**
   * Sends a request with the retry policy and reads the answer with `read`,
   * whose throws are retried like transport failures.
   */
  private async call<T>(
    req: HttpRequest,
    read: Reader<T>,
    opts: { idempotent?: boolean; secrets?: readonly string[] } = {}
  ): Promise<T> {
    const secrets = opts.secrets ?? []
    const started = this.now()
    // A create is never patient: it is retried only when it certainly was not sent.
    const patience = opts.idempotent === false ? undefined : this.patience
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await this.http.send(req, secrets)
        const result = read(answer, this.http.context(req, secrets), attempt)
        patience?.reached()
        return result
      } catch (error) {
        if (req.signal?.aborted) throw req.signal.reason
        const decision = decideAfterFailure({
          method: req.method,
          idempotent: opts.idempotent,
          attempt,
          maxAttempts: this.maxAttempts,
          error,
          random: this.random(),
          now: this.now,
          patience
        })
        if (!decision.retry) {
          throw withAttempts(
            error,
            attempt,
            patience?.deadlineMs == null ? this.maxAttempts : null,
            decision.reason === 'attempts-exhausted' || decision.reason === 'deadline',
            this.now() - started
          )
        }
        if (patience?.deadlineMs == null) {
          this.onRetry?.(
            retryLine(req.method, req.path, attempt, this.maxAttempts, error, decision.delayMs)
          )
        }
        await pauseBeforeRetry(this.sleep, decision.delayMs, req.signal)
      }
    }
  }
}

/** Names the attempts in the final error's message, keeping its class, fields and `cause`. */
function withAttempts(
  error: unknown,
  attempt: number,
  /** null while retrying until a deadline: there is no attempt limit to name. */
  max: number | null,
  exhausted: boolean,
  elapsedMs: number
): unknown {
  if (attempt <= 1 || !(error instanceof Error)) return error
  error.message = exhausted
    ? `${error.message} Gave up after ${attempt} attempts over ${formatSeconds(Math.max(0, elapsedMs))}.`
    : `${error.message} (failed on attempt ${attempt}${max === null ? '' : ` of ${max}`})`
  return error
}
