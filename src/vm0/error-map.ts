/**
 * Turning VM0 answers and network failures into the action's typed errors,
 * with messages that say what to do and carry the request id, and never a
 * secret (the token and `secrets` values are redacted from anything the
 * service echoes; proxy pages are reduced to a short sanitized excerpt).
 */
import { STATUS_CODES } from 'node:http'
import { createRedactor } from '../text/secrets.js'
import { remoteText } from '../text/remote.js'
import {
  type ApiErrorBody,
  AuthenticationError,
  ConcurrencyLimitError,
  NotFoundError,
  NotVm0ApiError,
  StreamErrorEvent,
  TransportError,
  Vm0ApiError
} from '../base/errors.js'

/** Where a failure happened, and what must never appear in its message. */
export interface ErrorContext {
  method: string
  /** API path without the query string, e.g. `/v1/runs/<id>`. */
  path: string
  /** Host (and port) of the API, for messages. */
  host: string
  /** The API base URL as used (origin and path prefix), for messages that name `api-url`. */
  apiUrl?: string
  /** Values to redact from any text that reaches a message. */
  secrets: readonly string[]
  /** Appended to transport errors whose request may have reached the server. */
  sentHint?: string
}

/** An HTTP answer as far as error mapping needs it. */
export interface RawAnswer {
  status: number
  statusText: string | null
  contentType: string | null
  requestId: string | null
  text: string
}

const summaries = new WeakMap<object, string>()

/** The short form of a failure for retry log lines ("503 Service Unavailable", "ECONNRESET"). */
export function failureSummary(error: unknown): string | null {
  return typeof error === 'object' && error !== null ? (summaries.get(error) ?? null) : null
}

function withSummary<T extends object>(error: T, summary: string): T {
  summaries.set(error, summary)
  return error
}

/** The `x-request-id` header, as remote text (a proxy can put anything there). */
function requestIdOf(answer: RawAnswer): string | null {
  return answer.requestId === null ? null : remoteText(answer.requestId, 100) || null
}

function statusText(status: number, given?: string | null): string {
  // A reason phrase comes from whatever answered (a proxy too): printed as remote text.
  const reason = given ? remoteText(given, 60) : ''
  return reason !== '' ? reason : (STATUS_CODES[status] ?? 'Unknown')
}

/**
 * Reads the VM0 error envelope `{"error":{"type","code","message"}}`.
 * Returns null when the text is not JSON or not that envelope (e.g. a
 * proxy's own JSON error), which the caller treats as a transport failure.
 */
export function parseEnvelope(text: string): ApiErrorBody | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof parsed !== 'object' || parsed === null) return null
  const error = (parsed as Record<string, unknown>)['error']
  if (typeof error !== 'object' || error === null || Array.isArray(error)) return null
  const e = error as Record<string, unknown>
  const s = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)
  return { type: s(e['type']), code: s(e['code']), message: s(e['message']) }
}

/**
 * The error for a non-2xx answer on a JSON route: a redirect means the URL
 * points somewhere else, anything else is mapped by {@link answerError}.
 */
export function failedAnswerError(
  ctx: ErrorContext,
  answer: RawAnswer
): Vm0ApiError | TransportError {
  if (answer.status >= 300 && answer.status < 400) return redirectError(ctx, answer)
  return answerError(ctx, answer)
}

/** Maps a non-2xx answer to a typed error. */
export function answerError(ctx: ErrorContext, answer: RawAnswer): Vm0ApiError | TransportError {
  const body = parseEnvelope(answer.text)
  if (body === null && answer.status === 404 && isBareNotFound(answer.text) && onV1(ctx)) {
    return retiredApiError(ctx, 404, `answered 404 {"error":"Not found"}`, '404 Not found')
  }
  if (body === null) return foreignAnswerError(ctx, answer)
  return apiError(ctx, answer.status, body, requestIdOf(answer))
}

/** Builds the typed error for a VM0 JSON error envelope. */
function apiError(
  ctx: ErrorContext,
  status: number,
  rawBody: ApiErrorBody,
  requestId: string | null
): Vm0ApiError {
  const body: ApiErrorBody = {
    type: rawBody.type === null ? null : remoteText(rawBody.type, 60),
    code: rawBody.code === null ? null : remoteText(rawBody.code, 60),
    message: rawBody.message === null ? null : remoteText(redact(rawBody.message, ctx.secrets), 300)
  }
  const where = `${ctx.method} ${ctx.path}`
  const tag = `${status} ${body.code ?? body.type ?? statusText(status)}`
  const said = body.message === null ? '' : `: ${trimPeriod(body.message)}`
  const rid = requestId ? ` Request id ${requestId}.` : ''
  const args = [status, body, requestId, ctx.method, ctx.path] as const

  if (status === 401 || status === 403) return authError(tag, said, rid, body, args)
  if (status === 404) {
    return new NotFoundError(
      `${body.message === null ? `Not found: ${where}` : trimPeriod(body.message)} (${tag}, ${where}).${rid}`,
      ...args
    )
  }
  if (status === 429 && body.code === 'concurrent_run_limit_exceeded') {
    return new ConcurrencyLimitError(
      `VM0 refused to start another run (${tag}${said}): the account already has as many active ` +
        `runs as it is allowed. Wait for the active run to finish, or cancel it.${rid}`,
      ...args
    )
  }
  if (status === 500 && (body.code === 'internal_error' || body.code === null)) {
    return new Vm0ApiError(
      `VM0 could not process ${where} (${tag}${said}). The service also answers this way to ` +
        `invalid requests (an empty prompt, a malformed id or parameter), so check the inputs; ` +
        `if they look right, the service is having trouble.${rid}`,
      ...args
    )
  }
  if (status >= 500) {
    return new Vm0ApiError(`VM0 failed on ${where} (${tag}${said}).${rid}`, ...args)
  }
  if (status === 400) {
    return new Vm0ApiError(`VM0 rejected ${where} (${tag}${said}).${rid}`, ...args)
  }
  return new Vm0ApiError(`VM0 answered ${where} with ${tag}${said}.${rid}`, ...args)
}

/** What to do about a refused token; VM0 tokens expire after 90 days. */
const TOKEN_ADVICE =
  'Check the `vm0-token` input / VM0_TOKEN secret: VM0 tokens expire after 90 days and can be ' +
  'revoked; create a new token with the VM0 CLI or dashboard and update the secret.'

/** 401/403: quotes the service's own message (it can say more than "invalid key") and says what to do. */
function authError(
  tag: string,
  said: string,
  rid: string,
  body: ApiErrorBody,
  args: readonly [number, ApiErrorBody, string | null, string, string]
): AuthenticationError {
  if (body.code === 'permission_denied' || args[0] === 403) {
    return new AuthenticationError(
      `VM0 refused access (${tag}${said}): the token is valid but lacks permission; ` +
        `check that the \`vm0-token\` input / VM0_TOKEN secret belongs to the right account.${rid}`,
      ...args
    )
  }
  return new AuthenticationError(
    `VM0 rejected the token (${tag}${said}). ${TOKEN_ADVICE}${rid}`,
    ...args
  )
}

/**
 * A non-2xx answer without the VM0 envelope: an HTML or empty page from a
 * proxy, a gateway's own JSON, or the wrong server altogether.
 */
function foreignAnswerError(ctx: ErrorContext, answer: RawAnswer): TransportError {
  const { status } = answer
  const text = statusText(status, answer.statusText)
  const what = describeBody(answer)
  const quote = excerpt(answer.text, answer.contentType, ctx.secrets)
  if (!(status >= 500 || status === 408 || status === 425 || status === 429)) {
    if (what === 'an HTML page' && onV1(ctx) && isHostedHost(ctx.host)) {
      return retiredApiError(
        ctx,
        status,
        `answered ${status} with a web page`,
        `${status} HTML page`
      )
    }
    return withSummary(
      new NotVm0ApiError(
        `${notVm0(ctx)}: ${ctx.method} ${ctx.path} answered ${status} ${text} with ${what}` +
          `${quote === '' ? '' : ` ("${quote}")`}, not with a VM0 JSON error. ${apiUrlAdvice(ctx)}`,
        true,
        status,
        {}
      ),
      `${status} ${text}`
    )
  }
  const advice = 'The VM0 service may be down, restarting or overloaded.'
  return withSummary(
    new TransportError(
      `${ctx.method} ${ctx.path}: ${ctx.host} answered ${status} ${text} with ${what} instead of ` +
        `a VM0 JSON error, so a proxy or gateway answered, not the VM0 service` +
        `${quote === '' ? '' : ` ("${quote}")`}. ${advice}` +
        (ctx.sentHint ? ` ${ctx.sentHint}` : ''),
      true,
      status,
      {}
    ),
    `${status} ${text}`
  )
}

/** A 2xx answer whose body could not be used (not JSON, or not the expected shape). */
export function unusableAnswerError(
  ctx: ErrorContext,
  answer: RawAnswer,
  problem: string
): TransportError {
  const quote = excerpt(answer.text, answer.contentType, ctx.secrets)
  if (describeBody(answer) === 'an HTML page') {
    if (onV1(ctx) && isHostedHost(ctx.host)) {
      const { status } = answer
      return retiredApiError(
        ctx,
        status,
        `answered ${status} with a web page`,
        `${status} HTML page`
      )
    }
    return withSummary(
      new NotVm0ApiError(
        `${notVm0(ctx)}: ${ctx.method} ${ctx.path} answered ${answer.status} with an HTML page` +
          `${quote === '' ? '' : ` ("${quote}")`}. ${apiUrlAdvice(ctx)}`,
        true,
        answer.status,
        {}
      ),
      `${answer.status} HTML page`
    )
  }
  return withSummary(
    new TransportError(
      `${ctx.method} ${ctx.path}: ${ctx.host} answered ${answer.status} with ${problem}` +
        `${quote === '' ? '' : ` ("${quote}")`}. Check that the \`api-url\` input points at ` +
        `the VM0 API.${answer.requestId ? ` Request id ${requestIdOf(answer)}.` : ''}`,
      true,
      answer.status,
      {}
    ),
    `${answer.status} unusable body`
  )
}

/** What to check of `api-url`, for the API the request was for (docs/platform-api.md, vm0-api.md). */
function apiUrlAdvice(ctx: ErrorContext): string {
  return onV1(ctx)
    ? 'Check that the `api-url` input points at the VM0 API (e.g. https://api.vm0.ai) and that ' +
        'the deployment serves its /v1 API.'
    : "Check that the `api-url` input points at the VM0 platform's API (leave it empty for the " +
        'hosted https://api.okou.ai).'
}

/** "`api-url` (https://…) does not look like the VM0 API" */
function notVm0(ctx: ErrorContext): string {
  return `\`api-url\` (${ctx.apiUrl ?? ctx.host}) does not look like the VM0 API`
}

/** A redirect on a JSON route: the URL points somewhere else (e.g. a web page that wants a login). */
function redirectError(ctx: ErrorContext, answer: RawAnswer): TransportError {
  if (onV1(ctx) && isHostedHost(ctx.host)) {
    return retiredApiError(
      ctx,
      answer.status,
      `answered with a redirect (${answer.status}) to a web page`,
      `${answer.status} redirect`
    )
  }
  return withSummary(
    new NotVm0ApiError(
      `${notVm0(ctx)}: ${ctx.method} ${ctx.path} answered with a redirect (${answer.status}), ` +
        `which the VM0 API never does on this route. ${apiUrlAdvice(ctx)}`,
      true,
      answer.status,
      {}
    ),
    `${answer.status} redirect`
  )
}

/**
 * The platform's answer to any path it does not serve, on any host: a 404
 * whose whole body is `{"error":"Not found"}` (no VM0 envelope).
 */
function isBareNotFound(text: string): boolean {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return false
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false
  const keys = Object.keys(parsed)
  const error = (parsed as Record<string, unknown>)['error']
  return keys.length === 1 && typeof error === 'string' && /^not found\.?$/i.test(error.trim())
}

/** A request of the `/v1` client (the platform's own client words its 404s itself). */
function onV1(ctx: ErrorContext): boolean {
  return ctx.path === '/v1' || ctx.path.startsWith('/v1/')
}

/** The hosted service's hosts, then and now: vm0.ai, okou.ai and their subdomains. */
function isHostedHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').toLowerCase().replace(/\.$/, '')
  return ['vm0.ai', 'okou.ai'].some(domain => name === domain || name.endsWith(`.${domain}`))
}

/**
 * What the hosted service answers a `/v1` request with since it removed that
 * API: said plainly, with the way out (a personal key, and the action speaks
 * the platform), instead of advice to check an `api-url` that is right.
 */
function retiredApiError(
  ctx: ErrorContext,
  status: number,
  what: string,
  summary: string
): TransportError {
  return withSummary(
    new NotVm0ApiError(
      `${ctx.method} ${ctx.path} ${what}: the server at \`api-url\` (${ctx.apiUrl ?? ctx.host}) ` +
        `does not serve the \`/v1\` API. The hosted VM0 service removed \`/v1\` on 2026-03-02, ` +
        `and \`vm0_live_\` tokens no longer work there; its keys are now personal keys ` +
        `\`vm0_pat_…\`, made in the web app under Settings → API keys. Put such a key in the ` +
        `\`VM0_TOKEN\` secret and, with \`api: auto\` (the default), the action speaks today's ` +
        `platform; leave \`api-url\` empty for the hosted service. A deployment built before ` +
        `March 2026 serves \`/v1\`: if you meant one, check \`api-url\`.`,
      true,
      status,
      {}
    ),
    summary
  )
}

/** The error for an `event: error` on a run's event stream; the service's text is kept to one safe line. */
export function streamErrorEvent(
  ctx: ErrorContext,
  message: string,
  code: string | null
): StreamErrorEvent {
  return new StreamErrorEvent(
    remoteText(redact(message, ctx.secrets), 300),
    code === null ? null : remoteText(code, 60)
  )
}

/** Connection-phase failures: the request certainly never left this machine. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT'
])
/** Failures that mean "never sent" only when they happen while connecting. */
const CONNECT_ONLY_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ETIMEDOUT'])

function errorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : null
}

/**
 * True only when a network error certainly happened before any byte of the
 * request was written: refused connection, DNS failure, connect timeout.
 * Happy-eyeballs failures arrive as an AggregateError of such errors.
 */
export function neverSent(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.every(e => neverSent(e, depth + 1))
  }
  const code = errorCode(error)
  if (code !== null) {
    if (NOT_SENT_CODES.has(code)) return true
    if (CONNECT_ONLY_CODES.has(code)) return (error as { syscall?: unknown }).syscall === 'connect'
    return false
  }
  const cause = (error as { cause?: unknown }).cause
  return cause !== undefined && neverSent(cause, depth + 1)
}

function firstCode(error: unknown, depth = 0): string | null {
  if (typeof error !== 'object' || error === null || depth > 5) return null
  const code = errorCode(error)
  if (code !== null) return code
  if (error instanceof AggregateError) {
    for (const e of error.errors) {
      const c = firstCode(e, depth + 1)
      if (c !== null) return c
    }
  }
  return firstCode((error as { cause?: unknown }).cause, depth + 1)
}

/** Maps a network-level failure (no usable HTTP answer) to a TransportError keeping `cause`. */
export function networkError(ctx: ErrorContext, cause: unknown, detail?: string): TransportError {
  const sent = !neverSent(cause)
  const code = firstCode(cause)
  const hostname = ctx.host.replace(/:\d+$/, '')
  let what: string
  switch (code) {
    case 'ECONNREFUSED':
      what =
        `${ctx.host} refused the connection (ECONNREFUSED); check the \`api-url\` input` +
        ` (${ctx.apiUrl ?? ctx.host}) and that VM0 is reachable from the runner`
      break
    case 'ENOTFOUND':
      what = `the host name ${hostname} could not be resolved (ENOTFOUND); check the \`api-url\` input (${ctx.apiUrl ?? ctx.host})`
      break
    case 'EAI_AGAIN':
      what = `looking up ${hostname} failed temporarily (EAI_AGAIN)`
      break
    case 'UND_ERR_CONNECT_TIMEOUT':
      what = `connecting to ${ctx.host} timed out`
      break
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      what = `the connection was closed before a complete answer arrived (${code})`
      break
    case 'UND_ERR_HEADERS_TIMEOUT':
      what = 'no answer arrived in time'
      break
    case 'UND_ERR_BODY_TIMEOUT':
      what = 'the answer stalled (no data in time)'
      break
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      what = 'the answer was truncated'
      break
    default: {
      const message =
        cause instanceof Error ? remoteText(redact(cause.message, ctx.secrets), 120) : ''
      what = `${code ?? (cause instanceof Error ? cause.name : 'unknown error')}${message ? `: ${message}` : ''}`
    }
  }
  const hint = sent && ctx.sentHint ? ` ${ctx.sentHint}` : ''
  return withSummary(
    new TransportError(
      `Could not get an answer from VM0 for ${ctx.method} ${ctx.path}: ${detail ?? what}.${hint}`,
      sent,
      null,
      { cause }
    ),
    code ?? (detail !== undefined ? 'timeout' : 'network error')
  )
}

function describeBody(answer: RawAnswer): string {
  if (answer.text.trim() === '') return 'an empty body'
  const type = (answer.contentType ?? '').toLowerCase()
  if (type.includes('html') || /^\s*</.test(answer.text)) return 'an HTML page'
  if (type.includes('json')) return 'JSON that is not a VM0 error'
  return `a non-JSON body${answer.contentType ? ` (${remoteText(answer.contentType, 60)})` : ''}`
}

/**
 * At most a short, single-line, printable excerpt of a foreign body: the
 * HTML `<title>` when there is one, else the text without tags.
 */
export function excerpt(
  text: string,
  contentType: string | null,
  secrets: readonly string[]
): string {
  if (text.trim() === '') return ''
  const looksHtml = (contentType ?? '').toLowerCase().includes('html') || /^\s*</.test(text)
  let s = text.slice(0, 4096)
  if (looksHtml) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(s)
    s = title?.[1] ?? s.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ')
    s = s.replace(/<[^>]*>/g, ' ')
  }
  return remoteText(redact(s, secrets), 80)
}

/** Hides the given secrets (and presigned URL signatures) in `text`, by the one redaction rule. */
function redact(text: string, secrets: readonly string[]): string {
  return createRedactor(secrets)(text)
}

function trimPeriod(text: string): string {
  return text.replace(/[.\s]+$/, '')
}
