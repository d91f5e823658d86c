/**
 * Downloads an artifact version's archive and hands the body, as a stream,
 * to a consumer (the extraction): never whole in memory.
 *
 * `GET /v1/artifacts/:id/download` answers a 302 to a presigned URL on
 * another host. That URL is masked before anything could print it and is
 * fetched WITHOUT the bearer token (the storage refuses a request that
 * carries one, and must never see it). Transport failures and 5xx are
 * retried with backoff; a refused or expired URL (400/401/403/404 from the
 * storage) is replaced by a fresh one from the API. The storage's own
 * redirects (an S3 307 to a regional endpoint) are drained and followed up
 * to 5 times; every hop is checked first (`storage-hosts.ts`: no https → http,
 * no metadata or link-local address, loopback only for a loopback API,
 * private addresses only for a private or loopback one), and every address
 * a name resolves to when it is connected to.
 * What the storage answers is never echoed as text: an error names its S3
 * error code (letters only) or shows a few bytes as hex.
 */
import { setTimeout as delay } from 'node:timers/promises'
import { type Dispatcher, request } from 'undici'
import { ActionError, TransportError } from '../base/errors.js'
import { formatSeconds } from '../text/durations.js'
import { backoffDelay } from '../vm0/retry.js'
import { ArchiveError } from './errors.js'
import type { Logger } from './logger.js'
import {
  type StoragePolicy,
  StorageHopError,
  type HostLookup,
  checkStorageHop,
  guardedAgent,
  resolveStoragePolicy
} from './storage-hosts.js'

/** The call this stage needs from the VM0 client. */
export interface DownloadApi {
  /** The presigned URL of the version's archive; null when the version is empty (404). */
  artifactDownloadUrl(id: string, versionId?: string): Promise<string | null>
}

/** What {@link downloadArchive} fetches and how it retries. */
export interface DownloadOptions<T> {
  api: DownloadApi
  artifactId: string
  versionId: string
  /** Reads one attempt's body; throws to fail it. Called afresh on every attempt. */
  consume: (body: AsyncIterable<Uint8Array>) => Promise<T>
  logger: Pick<Logger, 'info' | 'setSecret'>
  /**
   * The VM0 API URL the download URL came from: its scheme starts the chain
   * (no hop goes from https to http); when its host is (or resolves to) a
   * loopback address, loopback and private storage is allowed, when it is a
   * private one, private storage. Absent: https, neither.
   */
  apiUrl?: string
  /** Default: an agent that refuses names resolving to refused addresses. */
  dispatcher?: Dispatcher
  /**
   * Resolves the API URL's host and, without `dispatcher`, each storage
   * host at connect time; default `dns.lookup` (tests pass their own).
   */
  lookup?: HostLookup
  /** Waits between attempts; tests pass `async () => {}`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Jitter source in [0, 1). */
  random?: () => number
  /** Attempts including the first; default 5. */
  maxAttempts?: number
  /** Longest wait for the storage's answer headers; default 60 s. */
  headersTimeoutMs?: number
  /** Longest gap between body chunks; default 120 s. */
  bodyTimeoutMs?: number
  signal?: AbortSignal
  /**
   * The Authorization header for a hop, or null for none (the default, for
   * every hop). The platform's published files may sit on the API's own
   * origin, which wants the token; any other host never gets it.
   */
  authorization?: (url: URL) => string | null
}

/** `empty`: the version has nothing to download; `done`: what `consume` answered. */
export type DownloadOutcome<T> = { kind: 'empty' } | { kind: 'done'; value: T; attempts: number }

/** The download stream broke off: worth another attempt. */
class BodyError extends TransportError {
  override name = 'BodyError'
}

/** The request to the storage failed before an answer arrived. */
class NetworkFailure extends TransportError {
  override name = 'NetworkFailure'
}

const MAX_STORAGE_REDIRECTS = 5
const REFRESH_STATUSES = new Set([400, 401, 403, 404])
const USER_AGENT = 'vm0-run-action'

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, signal ? { signal } : {})
}

/**
 * Masks a presigned URL: the whole URL, its query, and each long query
 * value (signatures, credentials, tokens), raw and decoded.
 */
export function maskUrl(url: string, setSecret: (value: string) => void): void {
  setSecret(url)
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return
  }
  const query = parsed.search.slice(1)
  if (query === '') return
  setSecret(query)
  for (const pair of query.split('&')) {
    const raw = pair.slice(pair.indexOf('=') + 1)
    if (raw.length >= 16) setSecret(raw)
  }
  for (const [, value] of parsed.searchParams) if (value.length >= 16) setSecret(value)
}

function errorCode(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown } | null
  if (typeof e?.code === 'string') return e.code
  if (typeof e?.name === 'string') return e.name
  return 'error'
}

/** Bytes of an error answer read to describe it; the rest is dropped. */
const PREVIEW_BYTES = 512

/**
 * ` (S3 error AccessDenied)` for an S3-style XML error body whose code is
 * letters only, else the first 8 bytes as hex, else ''. Never the body as
 * text: it is remote and would be printed in a trusted log line.
 */
async function storageDetail(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = []
  let length = 0
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk)
      length += chunk.length
      if (length >= PREVIEW_BYTES) break
    }
  } catch {
    // The status says enough.
  } finally {
    body.destroy()
  }
  const head = Buffer.concat(chunks).subarray(0, PREVIEW_BYTES)
  const code = /<Code>([A-Za-z]{1,64})<\/Code>/.exec(head.toString('latin1'))?.[1]
  if (code !== undefined) return ` (S3 error ${code})`
  return head.length > 0 ? ` (body starts with bytes ${head.subarray(0, 8).toString('hex')})` : ''
}

/**
 * Fetches the archive and runs `consume` on its body, retrying as above.
 * Answers `empty` when the API has nothing to download (404: an empty
 * version). Errors of `consume` that are not about the transport (a
 * damaged archive, a limit, a disk error) are thrown at once.
 */
export async function downloadArchive<T>(opts: DownloadOptions<T>): Promise<DownloadOutcome<T>> {
  const policy = await resolveStoragePolicy(opts.apiUrl, opts.lookup, opts.signal)
  const agent = opts.dispatcher ? null : guardedAgent(policy, opts.lookup)
  try {
    return await attempts({ ...opts, dispatcher: opts.dispatcher ?? (agent as Dispatcher) }, policy)
  } finally {
    await agent?.destroy()
  }
}

/** The attempts of {@link downloadArchive}. */
// eslint-disable-next-line max-lines-per-function -- one retry loop: attempt, classify, wait
async function attempts<T>(
  opts: DownloadOptions<T>,
  policy: StoragePolicy
): Promise<DownloadOutcome<T>> {
  const sleep = opts.sleep ?? defaultSleep
  const random = opts.random ?? Math.random
  const maxAttempts = Math.max(1, Math.floor(opts.maxAttempts ?? 5))
  let url: string | null = null
  let refreshes = 0

  for (let attempt = 1; ; attempt++) {
    if (url === null) {
      url = await opts.api.artifactDownloadUrl(opts.artifactId, opts.versionId)
      if (url === null) return { kind: 'empty' }
      maskUrl(url, opts.logger.setSecret)
    }
    let refresh = false
    let reason: string
    try {
      const res = await open(url, opts, policy)
      if (res.status === 200) {
        const value = await consume(res, opts)
        return { kind: 'done', value, attempts: attempt }
      }
      const detail = await storageDetail(res.body)
      reason = `the storage (${res.host}) answered ${res.status}${detail}`
      if (REFRESH_STATUSES.has(res.status)) {
        refresh = true
      } else if (!(res.status === 408 || res.status === 429 || res.status >= 500)) {
        throw new ActionError(
          `Could not download the output archive: ${reason}. The download URL came from the VM0 API; try again later.`
        )
      }
    } catch (error) {
      if (opts.signal?.aborted) throw opts.signal.reason
      if (!(error instanceof BodyError || error instanceof NetworkFailure)) throw error
      reason = error.message
    }
    if (attempt >= maxAttempts) {
      throw new TransportError(
        `Could not download the output archive of version ${opts.versionId.slice(0, 12)}: ` +
          `${reason}. Gave up after ${attempt} attempts.`,
        true,
        null
      )
    }
    // The first fresh URL is asked for at once: an expired URL is not a busy server.
    const waitMs =
      refresh && refreshes === 0
        ? 0
        : backoffDelay(attempt, random(), { baseDelayMs: 1000, maxDelayMs: 15_000 })
    if (refresh) {
      refreshes++
      url = null
    }
    opts.logger.info(
      `Download attempt ${attempt}/${maxAttempts} failed: ${reason}; ` +
        (waitMs > 0 ? `retrying in ${formatSeconds(waitMs)}` : 'retrying now') +
        (refresh ? ' with a fresh download URL.' : '.')
    )
    if (waitMs > 0) await sleep(waitMs, opts.signal)
  }
}

interface Opened {
  status: number
  host: string
  body: Dispatcher.ResponseData['body']
  /** The answer said how long the body is (so a short body is a transport fault). */
  sized: boolean
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/** Reads and drops a redirect's body (bounded), so the connection is reused, never left half read. */
async function drain(body: Dispatcher.ResponseData['body']): Promise<void> {
  // `dump` reads up to the limit then closes; destroying an unread body would emit an unhandled 'error'.
  await body.dump({ limit: 64 * 1024 }).catch(() => undefined)
}

/** GETs the presigned URL without any credentials, following the storage's own redirects. */
async function open<T>(
  first: string,
  opts: DownloadOptions<T>,
  policy: StoragePolicy
): Promise<Opened> {
  let url = first
  let previous: string = policy.startProtocol
  for (let hop = 0; ; hop++) {
    const parsed = new URL(url)
    checkStorageHop(parsed, previous, policy)
    previous = parsed.protocol
    const res = await get(parsed, opts)
    const location = res.headers['location']
    if (REDIRECTS.has(res.statusCode) && typeof location === 'string') {
      await drain(res.body)
      if (opts.signal?.aborted) throw opts.signal.reason
      if (hop >= MAX_STORAGE_REDIRECTS) {
        throw new StorageHopError(
          `The storage (${parsed.host}) redirected the download more than ` +
            `${MAX_STORAGE_REDIRECTS} times; refusing to follow it further.`
        )
      }
      url = new URL(location, url).toString()
      maskUrl(url, opts.logger.setSecret)
      continue
    }
    return {
      status: res.statusCode,
      host: parsed.host,
      body: res.body,
      sized: res.headers['content-length'] !== undefined
    }
  }
}

/** One GET of a storage hop; a transport failure becomes a NetworkFailure (retried). */
async function get<T>(url: URL, opts: DownloadOptions<T>): Promise<Dispatcher.ResponseData> {
  const authorization = opts.authorization?.(url) ?? null
  try {
    return await request(url, {
      method: 'GET',
      // Only these headers: an Authorization header only where `authorization` allows one.
      headers: {
        'user-agent': USER_AGENT,
        accept: '*/*',
        ...(authorization === null ? {} : { authorization })
      },
      headersTimeout: opts.headersTimeoutMs ?? 60_000,
      bodyTimeout: opts.bodyTimeoutMs ?? 120_000,
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
      ...(opts.signal ? { signal: opts.signal } : {})
    })
  } catch (error) {
    if (opts.signal?.aborted) throw opts.signal.reason
    // A name that resolves to a refused address: not worth another attempt.
    if (error instanceof StorageHopError) throw error
    throw new NetworkFailure(
      `the request to the storage (${url.host}) failed (${errorCode(error)})`,
      false,
      null,
      { cause: error }
    )
  }
}

/** Runs the consumer on the body; a break of the body becomes a BodyError (retried). */
async function consume<T>(res: Opened, opts: DownloadOptions<T>): Promise<T> {
  let received = 0
  async function* guarded(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        received += chunk.length
        yield chunk
      }
    } catch (error) {
      if (opts.signal?.aborted) throw error
      throw new BodyError(
        `the download from the storage (${res.host}) broke off after ${received} bytes (${errorCode(error)})`,
        true,
        200,
        { cause: error }
      )
    }
  }
  try {
    return await opts.consume(guarded())
  } catch (error) {
    // Without a length, a connection that closed early looks like a truncated archive.
    if (error instanceof ArchiveError && error.kind === 'truncated' && !res.sized) {
      throw new BodyError(
        `the download from the storage (${res.host}) ended early after ${received} bytes`,
        true,
        200,
        { cause: error }
      )
    }
    throw error
  } finally {
    if (!res.body.destroyed) res.body.destroy()
  }
}
