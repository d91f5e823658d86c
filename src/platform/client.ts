/**
 * The platform client (docs/platform-api.md): typed methods over the same
 * transport (vm0/http.ts), retry policy (vm0/retry.ts) and patience as the
 * /v1 client. The token goes to the API's origin only: files the agent
 * published are fetched by artifacts/published.ts, which sends it to no
 * other host. An enrichment route the platform lacks is said once (through
 * `onRouteMissing`) and thrown as a RouteMissingError.
 */
import { randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { ActionError } from '../base/errors.js'
import { isObject } from '../base/json.js'
import { formatSeconds } from '../text/durations.js'
import { unusableAnswerError, type ErrorContext } from '../vm0/error-map.js'
import { HttpTransport, type HttpAnswer, type HttpRequest } from '../vm0/http.js'
import type { Vm0ClientOptions } from '../vm0/client.js'
import type { Patience } from '../vm0/patience.js'
import {
  DEFAULT_MAX_ATTEMPTS,
  decideAfterFailure,
  pauseBeforeRetry,
  retryLine
} from '../vm0/retry.js'
import type { Run } from '../vm0/types.js'
import {
  platformAnswerError,
  RouteMissingError,
  routeMissingLine,
  type PlatformRoute
} from './errors.js'
import {
  readAgentEvents,
  readAgents,
  readArtifacts,
  readMessages,
  readNetwork,
  readRun,
  readSent,
  readThreadEvents,
  type RunFiles,
  type ThreadEvent
} from './read.js'
import type {
  AgentEventPage,
  NetworkPage,
  PlatformAgent,
  PlatformFollowApi,
  SentMessage,
  ThreadMessage
} from './types.js'

/**
 * The same seams as the /v1 client (network, clock, sleep, randomness, retry
 * lines, attempts, patience), plus what only the platform needs.
 */
export interface PlatformClientOptions extends Omit<Vm0ClientOptions, 'userAgent'> {
  /** Told once per route when an enrichment route is missing. */
  onRouteMissing?: (line: string) => void
  /** A fresh id per send attempt; tests pass a fixed sequence. */
  newId?: () => string
}

/** The most thread events the platform answers at once: a shorter page is the thread's end. */
export const THREAD_EVENTS_PAGE = 50

/** Every route the client calls; the core ones are the public chat-thread routes. */
const Routes = {
  send: { template: 'POST /api/v1/chat-threads/messages', core: true, lost: '' },
  messages: { template: 'GET /api/v1/chat-threads/:id/messages', core: true, lost: '' },
  agents: {
    template: 'GET /api/agents',
    core: false,
    lost: 'agents cannot be found by display name (`agent`); give `agent-id` instead'
  },
  chatEvents: {
    template: 'POST /api/chat/events',
    core: false,
    lost: 'a new thread cannot be started for an agent; give `thread-id` of an existing thread'
  },
  run: {
    template: 'GET /api/runs/:id',
    core: false,
    lost: "the run's status and result are not read; its answer comes from the thread"
  },
  telemetry: {
    template: 'GET /api/runs/:id/telemetry/agent',
    core: false,
    lost: "the agent's events are not shown in the step log"
  },
  network: {
    template: 'GET /api/runs/:id/network',
    core: false,
    lost: "the sandbox's network lines are not shown"
  },
  cancel: {
    template: 'POST /api/runs/:id/cancel',
    core: false,
    lost: 'the run cannot be cancelled from here (stop it in the web app)'
  },
  threadEvents: {
    template: 'GET /api/chat-threads/:id/events',
    core: false,
    lost: "a queued message's run id and the run's token usage are not learned"
  },
  artifacts: {
    template: 'GET /api/chat-threads/:id/artifacts',
    core: false,
    lost: 'the files the agent published are not collected'
  }
} as const satisfies Record<string, PlatformRoute>

const DEFAULT_TIMEOUT_MS = 30_000
const SEND_HINT =
  'The request may have reached the platform, so the message may have been sent and a run ' +
  'started; it was not sent again, to avoid a second (paid) run. Check the thread in the web app.'

type Reader<T> = (answer: HttpAnswer, ctx: ErrorContext, attempt: number) => T

const enc = encodeURIComponent

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, signal ? { signal } : {})
}

/** What starting a new thread sends. */
export interface StartThreadRequest {
  agentId: string
  prompt: string
  model: string | null
}

export class PlatformClient implements PlatformFollowApi {
  private readonly http: HttpTransport
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  private readonly now: () => number
  private readonly random: () => number
  private readonly maxAttempts: number
  private readonly newId: () => string
  private readonly said = new Set<string>()

  constructor(private readonly opts: PlatformClientOptions) {
    this.http = new HttpTransport({
      baseUrl: opts.baseUrl,
      token: opts.token,
      userAgent: 'vm0-run-action',
      requestTimeoutMs: opts.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {})
    })
    this.sleep = opts.sleep ?? defaultSleep
    this.now = opts.now ?? Date.now
    this.random = opts.random ?? Math.random
    this.maxAttempts = Math.max(1, Math.floor(opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS))
    this.newId = opts.newId ?? randomUUID
  }

  /** The API's origin: the only one the token may be sent to. */
  get origin(): string {
    return this.http.origin
  }

  /** The token, for a published file on the API's own origin (see artifacts/published.ts). */
  authorizationFor(url: URL): string | null {
    return url.origin === this.http.origin ? `Bearer ${this.opts.token}` : null
  }

  /** The agents the key can see. */
  listAgents(opts: { signal?: AbortSignal } = {}): Promise<PlatformAgent[]> {
    return this.call(Routes.agents, () => get('/api/agents', opts), read(readAgents, 'agents'))
  }

  /** Sends a message into an existing thread (public route); never sent twice. */
  sendMessage(
    req: { threadId: string; prompt: string },
    opts: { signal?: AbortSignal } = {}
  ): Promise<SentMessage> {
    const build = (): HttpRequest => ({
      method: 'POST',
      path: '/api/v1/chat-threads/messages',
      json: { prompt: req.prompt, threadId: req.threadId },
      sentHint: SEND_HINT,
      ...signalOf(opts)
    })
    return this.call(Routes.send, build, read(readSent, 'a sent message'), false)
  }

  /**
   * Starts a new thread with the agent. Each attempt carries a fresh
   * `clientEventId`; an attempt that may have reached the platform is never
   * repeated (only one that certainly was not sent is).
   */
  startThread(req: StartThreadRequest, opts: { signal?: AbortSignal } = {}): Promise<SentMessage> {
    const build = (): HttpRequest => ({
      method: 'POST',
      path: '/api/chat/events',
      json: {
        agentId: req.agentId,
        prompt: req.prompt,
        userMessage: { version: 1, parts: [{ type: 'text', text: req.prompt }] },
        clientEventId: this.newId(),
        ...(req.model ? { model: req.model } : {})
      },
      sentHint: SEND_HINT,
      ...signalOf(opts)
    })
    return this.call(Routes.chatEvents, build, read(readSent, 'a started thread'), false)
  }

  /** A thread's messages after `sinceId`, oldest first (at most 100). */
  threadMessages(
    threadId: string,
    query: { sinceId?: string | null } = {},
    opts: { signal?: AbortSignal } = {}
  ): Promise<ThreadMessage[]> {
    const path = `/api/v1/chat-threads/${enc(threadId)}/messages`
    const q = { limit: 100, sinceId: query.sinceId ?? undefined }
    return this.call(Routes.messages, () => get(path, opts, q), read(readMessages, 'messages'))
  }

  getRun(runId: string, opts: { signal?: AbortSignal } = {}): Promise<Run> {
    return this.call(
      Routes.run,
      () => get(`/api/runs/${enc(runId)}`, opts),
      read(v => readRun(v, runId), 'a run')
    )
  }

  agentEvents(
    runId: string,
    query: { since: number },
    opts: { signal?: AbortSignal } = {}
  ): Promise<AgentEventPage> {
    const q = { order: 'asc', limit: 100, since: query.since }
    return this.call(
      Routes.telemetry,
      () => get(`/api/runs/${enc(runId)}/telemetry/agent`, opts, q),
      read(readAgentEvents, 'agent events')
    )
  }

  networkLines(
    runId: string,
    query: { cursor: string | null },
    opts: { signal?: AbortSignal } = {}
  ): Promise<NetworkPage> {
    const q = { limit: 500, cursor: query.cursor ?? undefined }
    return this.call(
      Routes.network,
      () => get(`/api/runs/${enc(runId)}/network`, opts, q),
      read(readNetwork, 'network lines')
    )
  }

  /**
   * Cancels the run; safe to repeat. 400 RUN_NOT_CANCELLABLE (already final)
   * throws on the first attempt (isInvalidStateError); on a retry it means an
   * earlier attempt did it, and the run is read back.
   */
  async cancelRun(runId: string, opts: { signal?: AbortSignal } = {}): Promise<Run> {
    const done = await this.call(
      Routes.cancel,
      () => ({ method: 'POST', path: `/api/runs/${enc(runId)}/cancel`, ...signalOf(opts) }),
      (a, c, attempt) => {
        if (a.status === 400 && attempt > 1 && a.text.includes('RUN_NOT_CANCELLABLE')) return null
        if (a.status < 200 || a.status >= 300) throw platformAnswerError(c, a, Routes.cancel)
        return cancelledRun(runId, a.text)
      },
      true
    )
    return done ?? this.getRun(runId, opts)
  }

  /** A thread's events after `sinceSeqId` (at most {@link THREAD_EVENTS_PAGE}). */
  threadEvents(
    threadId: string,
    query: { sinceSeqId: number | null },
    opts: { signal?: AbortSignal } = {}
  ): Promise<ThreadEvent[]> {
    const q = { limit: THREAD_EVENTS_PAGE, sinceSeqId: query.sinceSeqId ?? undefined }
    return this.call(
      Routes.threadEvents,
      () => get(`/api/chat-threads/${enc(threadId)}/events`, opts, q),
      read(readThreadEvents, 'thread events')
    )
  }

  /** The files the agent published in a thread, per run. */
  threadArtifacts(threadId: string, opts: { signal?: AbortSignal } = {}): Promise<RunFiles[]> {
    return this.call(
      Routes.artifacts,
      () => get(`/api/chat-threads/${enc(threadId)}/artifacts`, opts),
      read(readArtifacts, 'published files')
    )
  }

  // ---- plumbing -----------------------------------------------------------

  /**
   * Sends a request (built afresh per attempt) with the retry policy and
   * reads the answer; a missing enrichment route is said once and thrown.
   */
  private async call<T>(
    route: PlatformRoute,
    build: () => HttpRequest,
    reader: Reader<T>,
    idempotent?: boolean
  ): Promise<T> {
    const started = this.now()
    // A send is never patient: it is retried only when it certainly was not sent.
    const patience = idempotent === false ? undefined : this.opts.patience
    for (let attempt = 1; ; attempt++) {
      const req = build()
      try {
        const answer = await this.http.send(req)
        const ctx = this.http.context(req)
        const value =
          answer.status >= 200 && answer.status < 300
            ? reader(answer, ctx, attempt)
            : route === Routes.cancel
              ? reader(answer, ctx, attempt)
              : fail(platformAnswerError(ctx, answer, route))
        patience?.reached()
        return value
      } catch (error) {
        if (req.signal?.aborted) throw req.signal.reason
        if (error instanceof RouteMissingError) throw this.missing(error, patience)
        const decision = decideAfterFailure({
          method: req.method,
          idempotent,
          attempt,
          maxAttempts: this.maxAttempts,
          error,
          random: this.random(),
          now: this.now,
          patience
        })
        if (!decision.retry) throw withAttempts(error, attempt, this.now() - started)
        if (patience?.deadlineMs == null) {
          this.opts.onRetry?.(
            retryLine(req.method, req.path, attempt, this.maxAttempts, error, decision.delayMs)
          )
        }
        await pauseBeforeRetry(this.sleep, decision.delayMs, req.signal)
      }
    }
  }

  /** Says once per route that it is missing. */
  private missing(error: RouteMissingError, patience: Patience | undefined): RouteMissingError {
    patience?.reached()
    if (!this.said.has(error.route)) {
      this.said.add(error.route)
      this.opts.onRouteMissing?.(routeMissingLine(error))
    }
    return error
  }
}

function fail(error: Error): never {
  throw error
}

function signalOf(opts: { signal?: AbortSignal }): { signal?: AbortSignal } {
  return opts.signal ? { signal: opts.signal } : {}
}

function get(
  path: string,
  opts: { signal?: AbortSignal },
  query?: HttpRequest['query']
): HttpRequest {
  return { method: 'GET', path, ...(query ? { query } : {}), ...signalOf(opts) }
}

/** A reader of a 2xx JSON answer through `normalize`; an unusable body is a transport fault. */
function read<T>(normalize: (body: unknown) => T | null, what: string): Reader<T> {
  return (answer, ctx) => {
    let body: unknown
    try {
      body = JSON.parse(answer.text)
    } catch {
      throw unusableAnswerError(ctx, answer, 'a body that is not JSON')
    }
    const value = normalize(body)
    if (value === null) throw unusableAnswerError(ctx, answer, `a body that is not ${what}`)
    return value
  }
}

/** The run a cancel answered (`{id, status: "cancelled"}`), as far as it says. */
function cancelledRun(runId: string, text: string): Run {
  let status = 'cancelled'
  try {
    const body = JSON.parse(text) as unknown
    if (isObject(body) && typeof body['status'] === 'string') status = body['status']
  } catch {
    // The status answered is enough; the body only adds detail.
  }
  return readRun({ runId, status: /^[a-z_-]{1,32}$/.test(status) ? status : 'cancelled' }, runId)!
}

function withAttempts(error: unknown, attempt: number, elapsedMs: number): unknown {
  if (attempt <= 1 || !(error instanceof ActionError)) return error
  error.message = `${error.message} Gave up after ${attempt} attempts over ${formatSeconds(Math.max(0, elapsedMs))}.`
  return error
}
