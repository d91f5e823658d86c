/**
 * The VM0 API client: typed methods over http.ts, with the retry policy of
 * retry.ts, cursor handling of paginate.ts, and both wire dialects read by
 * normalize.ts. Side effects (network, clock, sleep, randomness) are
 * injectable so tests run against loopback servers with zero sleep.
 */
import { formatSeconds } from '../text/durations.js'
import { setTimeout as delay } from 'node:timers/promises'
import type { Dispatcher } from 'undici'
import { NotFoundError, StreamDroppedError } from '../base/errors.js'
import {
  type ErrorContext,
  type RawAnswer,
  answerError,
  networkError,
  parseEnvelope,
  redirectError,
  unusableAnswerError
} from './error-map.js'
import { toRunEvent } from './events.js'
import { HttpTransport, type HttpAnswer, type HttpRequest, header, readText } from './http.js'
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
import { DEFAULT_MAX_ATTEMPTS, retryDecision, retryLine } from './retry.js'
import { SseParser } from './sse.js'
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
  /** Bearer token (`vm0_live_…`); never appears in a message. */
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
}

export interface EventsOptions {
  /** Resume after this sequence; pass -1 to receive sequence 0 (the service's default skips it). */
  lastEventId: number
  signal?: AbortSignal
  /** Longest gap between chunks before the stream counts as dropped; default 60 s (heartbeats come every ~15 s). */
  idleTimeoutMs?: number
}

const PAGE_SIZE = 100
const DEFAULT_MAX_ITEMS = 1000
const DEFAULT_MAX_RUNS = 100
const DEFAULT_TIMEOUT_MS = 30_000
const DEFAULT_IDLE_MS = 60_000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const CREATE_SENT_HINT =
  'The request may have reached VM0, so a run may have started; it was not retried, to avoid ' +
  'starting a second (paid) run. Check the runs of this VM0 account before trying again.'

type Reader<T> = (answer: HttpAnswer, ctx: ErrorContext, attempt: number) => T
type StoreKind = 'artifacts' | 'volumes'

function enc(segment: string): string {
  return encodeURIComponent(segment)
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, signal ? { signal } : {})
}

/** The error for a non-2xx answer on a JSON route. */
function failure(ctx: ErrorContext, answer: RawAnswer): Error {
  if (answer.status >= 300 && answer.status < 400) return redirectError(ctx, answer)
  return answerError(ctx, answer)
}

/** The parsed JSON of a 2xx answer, or the mapped error. */
function readJson(answer: HttpAnswer, ctx: ErrorContext): unknown {
  if (answer.status < 200 || answer.status >= 300) throw failure(ctx, answer)
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
  }

  // ---- agents -------------------------------------------------------------

  /** Agents visible to the token (own, and shared ones as `scope/name`), de-duplicated. */
  async listAgents(opts: { name?: string; maxItems?: number } = {}): Promise<Agent[]> {
    return paginate(
      cursor =>
        this.call(
          {
            method: 'GET',
            path: '/v1/agents',
            query: { limit: PAGE_SIZE, cursor, name: opts.name }
          },
          (a, c) => readPage(a, c, normalizeAgent)
        ),
      { maxItems: opts.maxItems ?? DEFAULT_MAX_ITEMS }
    )
  }

  /**
   * An agent by UUID, or by name (case-insensitive, `scope/name` for shared
   * agents). An unknown name throws NotFoundError listing the names that exist.
   */
  async getAgent(idOrName: string): Promise<Agent> {
    if (UUID.test(idOrName)) {
      const path = `/v1/agents/${enc(idOrName)}`
      return this.call({ method: 'GET', path }, (a, c) => readOne(a, c, normalizeAgent, 'an agent'))
    }
    const wanted = idOrName.toLowerCase()
    const match = (agents: Agent[]): Agent | undefined =>
      agents.find(a => a.name.toLowerCase() === wanted)
    const filtered = match(await this.listAgents({ name: idOrName }))
    if (filtered) return filtered
    // The name filter may not cover every form (e.g. shared `scope/name`): look through them all.
    const all = await this.listAgents({ maxItems: DEFAULT_MAX_ITEMS })
    const found = match(all)
    if (found) return found
    const names = all.map(a => a.name).filter(n => n !== '')
    const shown = names.slice(0, 20).map(n => `'${n}'`)
    const more = names.length > shown.length ? ` and ${names.length - shown.length} more` : ''
    const message =
      `No such agent: '${idOrName}'. ` +
      (names.length === 0
        ? 'The VM0 account of this token has no agents.'
        : `Agents this token can use: ${shown.join(', ')}${more}.`)
    throw new NotFoundError(
      message,
      404,
      { type: 'not_found_error', code: 'resource_not_found', message },
      null,
      'GET',
      '/v1/agents'
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
    const body: Record<string, unknown> = { prompt: req.prompt }
    for (const key of [
      'agent',
      'agentId',
      'agentVersion',
      'sessionId',
      'checkpointId',
      'variables',
      'secrets',
      'volumes',
      'artifactName',
      'artifactVersion'
    ] as const) {
      if (req[key] !== undefined) body[key] = req[key]
    }
    const httpReq: HttpRequest = {
      method: 'POST',
      path: '/v1/runs',
      json: body,
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

  async getMetrics(runId: string): Promise<MetricsSummary> {
    return this.call({ method: 'GET', path: `/v1/runs/${enc(runId)}/metrics` }, (a, c) =>
      readOne(a, c, normalizeMetrics, 'run metrics')
    )
  }

  /**
   * One SSE connection to a run's events, resuming after `lastEventId`.
   * Ends normally right after a `complete` or `error` event. Throws the
   * mapped error for a non-2xx answer, and TransportError when the stream
   * drops, stalls or ends before either event: reconnecting is the
   * caller's job.
   */
  async *events(runId: string, opts: EventsOptions): AsyncGenerator<RunEvent, void, undefined> {
    const req: HttpRequest = {
      method: 'GET',
      path: `/v1/runs/${enc(runId)}/events`,
      query: { lastEventId: opts.lastEventId, last_event_id: opts.lastEventId },
      accept: 'text/event-stream'
    }
    if (opts.signal) req.signal = opts.signal
    const ctx = this.http.context(req)
    const idle = opts.idleTimeoutMs ?? DEFAULT_IDLE_MS
    const res = await this.http.open(req, idle)
    const { body } = res
    try {
      const contentType = header(res.headers, 'content-type')
      const answerOf = async (): Promise<RawAnswer> => {
        let text: string
        try {
          text = await readText(body)
        } catch (error) {
          if (opts.signal?.aborted) throw opts.signal.reason
          throw networkError(ctx, error)
        }
        return {
          status: res.statusCode,
          statusText: res.statusText || null,
          contentType,
          requestId: header(res.headers, 'x-request-id'),
          text
        }
      }
      if (res.statusCode < 200 || res.statusCode >= 300) throw failure(ctx, await answerOf())
      if (contentType !== null && /json|html/i.test(contentType)) {
        throw unusableAnswerError(
          ctx,
          await answerOf(),
          `${contentType} instead of an event stream`
        )
      }
      const parser = new SseParser()
      let received = 0
      try {
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          for (const message of parser.push(chunk)) {
            received++
            const event = toRunEvent(message)
            if (event === null) continue
            yield event
            if (event.kind === 'complete' || event.kind === 'error') return
          }
        }
        parser.end()
      } catch (error) {
        if (opts.signal?.aborted) throw opts.signal.reason
        const code = (error as { code?: unknown }).code
        const detail =
          code === 'UND_ERR_BODY_TIMEOUT'
            ? `the event stream was idle for ${formatSeconds(idle)} after ${received} events`
            : `the event stream broke off after ${received} events (${typeof code === 'string' ? code : error instanceof Error ? error.name : 'error'})`
        const broken = networkError(ctx, error, detail)
        throw new StreamDroppedError(broken.message, true, res.statusCode, { cause: error })
      }
      throw new StreamDroppedError(
        `The event stream of run ${runId} ended after ${received} events without a completion ` +
          `(the connection was closed${parser.truncated ? ' mid-event' : ''}); reconnect with the last sequence seen.`,
        true,
        res.statusCode
      )
    } finally {
      if (!body.destroyed) body.destroy()
    }
  }

  // ---- artifacts and volumes ---------------------------------------------

  listArtifacts(opts: { maxItems?: number } = {}): Promise<Artifact[]> {
    return this.listStores('artifacts', opts)
  }
  getArtifact(id: string): Promise<Artifact> {
    return this.getStore('artifacts', id)
  }
  /** Versions newest first; a run's output is the one whose message is `Checkpoint from run <runId>`. */
  listArtifactVersions(id: string, opts: { maxItems?: number } = {}): Promise<ArtifactVersion[]> {
    return this.listStoreVersions('artifacts', id, opts)
  }
  /**
   * The presigned archive URL (valid ~1 h, on another host, needs no token:
   * mask it, never send the token there), or null when there is nothing to
   * download (404: empty, unknown or ambiguous version). The 302 is not followed.
   */
  artifactDownloadUrl(id: string, versionId?: string): Promise<string | null> {
    return this.storeDownloadUrl('artifacts', id, versionId)
  }

  listVolumes(opts: { maxItems?: number } = {}): Promise<Artifact[]> {
    return this.listStores('volumes', opts)
  }
  getVolume(id: string): Promise<Artifact> {
    return this.getStore('volumes', id)
  }
  listVolumeVersions(id: string, opts: { maxItems?: number } = {}): Promise<ArtifactVersion[]> {
    return this.listStoreVersions('volumes', id, opts)
  }
  volumeDownloadUrl(id: string, versionId?: string): Promise<string | null> {
    return this.storeDownloadUrl('volumes', id, versionId)
  }

  private listStores(kind: StoreKind, opts: { maxItems?: number }): Promise<Artifact[]> {
    return paginate(
      cursor =>
        this.call(
          { method: 'GET', path: `/v1/${kind}`, query: { limit: PAGE_SIZE, cursor } },
          (a, c) => readPage(a, c, normalizeArtifact)
        ),
      { maxItems: opts.maxItems ?? DEFAULT_MAX_ITEMS }
    )
  }

  private getStore(kind: StoreKind, id: string): Promise<Artifact> {
    return this.call({ method: 'GET', path: `/v1/${kind}/${enc(id)}` }, (a, c) =>
      readOne(a, c, normalizeArtifact, kind === 'artifacts' ? 'an artifact' : 'a volume')
    )
  }

  private listStoreVersions(
    kind: StoreKind,
    id: string,
    opts: { maxItems?: number }
  ): Promise<ArtifactVersion[]> {
    return paginate(
      cursor =>
        this.call(
          {
            method: 'GET',
            path: `/v1/${kind}/${enc(id)}/versions`,
            query: { limit: PAGE_SIZE, cursor }
          },
          (a, c) => readPage(a, c, v => normalizeVersion(v, id))
        ),
      { maxItems: opts.maxItems ?? DEFAULT_MAX_ITEMS }
    )
  }

  private storeDownloadUrl(
    kind: StoreKind,
    id: string,
    versionId?: string
  ): Promise<string | null> {
    const req: HttpRequest = {
      method: 'GET',
      path: `/v1/${kind}/${enc(id)}/download`,
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
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await this.http.send(req, secrets)
        return read(answer, this.http.context(req, secrets), attempt)
      } catch (error) {
        if (req.signal?.aborted) throw req.signal.reason
        const decision = retryDecision({
          method: req.method,
          idempotent: opts.idempotent,
          attempt,
          maxAttempts: this.maxAttempts,
          error,
          random: this.random()
        })
        if (!decision.retry) {
          throw withAttempts(
            error,
            attempt,
            this.maxAttempts,
            decision.reason === 'attempts-exhausted',
            this.now() - started
          )
        }
        this.onRetry?.(
          retryLine(req.method, req.path, attempt, this.maxAttempts, error, decision.delayMs)
        )
        try {
          await this.sleep(decision.delayMs, req.signal)
        } catch (sleepError) {
          if (req.signal?.aborted) throw req.signal.reason
          throw sleepError
        }
        if (req.signal?.aborted) throw req.signal.reason
      }
    }
  }
}

/** Names the attempts in the final error's message, keeping its class, fields and `cause`. */
function withAttempts(
  error: unknown,
  attempt: number,
  max: number,
  exhausted: boolean,
  elapsedMs: number
): unknown {
  if (attempt <= 1 || !(error instanceof Error)) return error
  error.message = exhausted
    ? `${error.message} Gave up after ${attempt} attempts over ${formatSeconds(Math.max(0, elapsedMs))}.`
    : `${error.message} (failed on attempt ${attempt} of ${max})`
  return error
}
