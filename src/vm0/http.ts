/**
 * One HTTP exchange with the VM0 API over undici: URL building, bearer
 * auth, a per-attempt deadline, reading the body, and turning network
 * failures into TransportError. Status mapping lives in error-map.ts,
 * retries in retry.ts.
 */
import { formatSeconds } from '../text/durations.js'
import { type Dispatcher, request } from 'undici'
import { type ErrorContext, type RawAnswer, networkError } from './error-map.js'

export type QueryValue = string | number | boolean | null | undefined

export interface HttpRequest {
  method: 'GET' | 'POST'
  /** API path starting with `/v1`, without query string. */
  path: string
  query?: Record<string, QueryValue>
  /** JSON body; when absent no body and no content type are sent. */
  json?: unknown
  accept?: string
  signal?: AbortSignal
  /** Appended to transport errors whose request may have reached the server. */
  sentHint?: string
}

export interface HttpAnswer extends RawAnswer {
  headers: Record<string, string | string[] | undefined>
}

export interface HttpOptions {
  baseUrl: string
  token: string
  dispatcher?: Dispatcher
  userAgent: string
  requestTimeoutMs: number
  /** Extra values to keep out of messages besides the token. */
  secrets?: readonly string[]
}

const MAX_BODY_BYTES = 32 * 1024 * 1024

/**
 * Splits a base URL into origin and path prefix; tolerates a trailing slash
 * or a trailing `/v1`. The URL is trusted: the settings layer checked it is
 * an absolute http(s) URL.
 */
function parseBaseUrl(baseUrl: string): { origin: string; prefix: string; host: string } {
  const url = new URL(baseUrl.trim())
  let prefix = url.pathname.replace(/\/+$/, '')
  // Paths below all start with /v1: accept a base URL that already ends with it.
  if (prefix.endsWith('/v1')) prefix = prefix.slice(0, -3)
  return { origin: url.origin, prefix, host: url.host }
}

export class HttpTransport {
  readonly origin: string
  readonly prefix: string
  readonly host: string
  private readonly token: string
  private readonly dispatcher: Dispatcher | undefined
  private readonly userAgent: string
  private readonly timeoutMs: number
  private readonly secrets: readonly string[]

  constructor(opts: HttpOptions) {
    const { origin, prefix, host } = parseBaseUrl(opts.baseUrl)
    this.origin = origin
    this.prefix = prefix
    this.host = host
    this.token = opts.token
    this.dispatcher = opts.dispatcher
    this.userAgent = opts.userAgent
    this.timeoutMs = opts.requestTimeoutMs
    this.secrets = [opts.token, ...(opts.secrets ?? [])]
  }

  /** Full URL of an API path with its query parameters (undefined/null values are left out). */
  url(path: string, query?: Record<string, QueryValue>): string {
    const url = new URL(this.origin + this.prefix + path)
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.append(key, String(value))
    }
    return url.toString()
  }

  context(
    req: Pick<HttpRequest, 'method' | 'path' | 'sentHint'>,
    extraSecrets: readonly string[] = []
  ): ErrorContext {
    const ctx: ErrorContext = {
      method: req.method,
      path: req.path,
      host: this.host,
      apiUrl: this.origin + this.prefix,
      secrets: [...this.secrets, ...extraSecrets]
    }
    if (req.sentHint !== undefined) ctx.sentHint = req.sentHint
    return ctx
  }

  private headers(req: HttpRequest): Record<string, string> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: req.accept ?? 'application/json',
      'user-agent': this.userAgent
    }
    if (req.json !== undefined) headers['content-type'] = 'application/json'
    return headers
  }

  /**
   * Sends one request and reads the whole answer, whatever its status.
   * Throws TransportError when no complete answer arrives (network error,
   * reset, deadline), or the caller's abort reason when `req.signal` fires.
   */
  async send(req: HttpRequest, extraSecrets: readonly string[] = []): Promise<HttpAnswer> {
    const ctx = this.context(req, extraSecrets)
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort(new Error('VM0 request deadline'))
    }, this.timeoutMs)
    const onAbort = (): void => controller.abort(req.signal?.reason)
    if (req.signal?.aborted) {
      clearTimeout(timer)
      throw req.signal.reason
    }
    req.signal?.addEventListener('abort', onAbort, { once: true })
    try {
      const res = await request(this.url(req.path, req.query), {
        method: req.method,
        headers: this.headers(req),
        body: req.json === undefined ? null : JSON.stringify(req.json),
        signal: controller.signal,
        ...(this.dispatcher ? { dispatcher: this.dispatcher } : {})
      })
      const text = await readText(res.body)
      return {
        status: res.statusCode,
        statusText: res.statusText || null,
        headers: res.headers,
        contentType: header(res.headers, 'content-type'),
        requestId: header(res.headers, 'x-request-id'),
        text
      }
    } catch (error) {
      if (req.signal?.aborted) throw req.signal.reason
      if (timedOut) {
        throw networkError(ctx, error, `no complete answer within ${formatSeconds(this.timeoutMs)}`)
      }
      throw networkError(ctx, error)
    } finally {
      clearTimeout(timer)
      req.signal?.removeEventListener('abort', onAbort)
    }
  }

  /**
   * Opens a streaming request and returns as soon as headers arrive. The
   * body is the caller's to consume or destroy. `idleTimeoutMs` bounds the
   * gap between body chunks; `req.signal` aborts it.
   */
  async open(req: HttpRequest, idleTimeoutMs: number): Promise<Dispatcher.ResponseData> {
    const ctx = this.context(req)
    if (req.signal?.aborted) throw req.signal.reason
    try {
      return await request(this.url(req.path, req.query), {
        method: req.method,
        headers: { ...this.headers(req), 'cache-control': 'no-cache' },
        body: null,
        headersTimeout: this.timeoutMs,
        bodyTimeout: idleTimeoutMs,
        ...(req.signal ? { signal: req.signal } : {}),
        ...(this.dispatcher ? { dispatcher: this.dispatcher } : {})
      })
    } catch (error) {
      if (req.signal?.aborted) throw req.signal.reason
      throw networkError(ctx, error)
    }
  }
}

export function header(
  headers: Record<string, string | string[] | undefined>,
  name: string
): string | null {
  const value = headers[name]
  if (Array.isArray(value)) return value[0] ?? null
  return value ?? null
}

/** Reads a body to text (UTF-8), refusing absurd sizes instead of exhausting memory. */
export async function readText(
  body: AsyncIterable<Uint8Array> & { destroy?: () => void }
): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) {
      body.destroy?.()
      throw new Error(`answer larger than ${MAX_BODY_BYTES} bytes`)
    }
    chunks.push(Buffer.from(chunk))
  }
  return Buffer.concat(chunks).toString('utf8')
}
