/**
 * When to try a VM0 request again, as one pure function.
 *
 * Reads (and a cancel, which is safe to repeat) are retried on network
 * errors, 5xx, 408/429 and proxy error pages. Everything else, above all
 * `POST /v1/runs`, is retried only when the request certainly never left
 * this machine: the service has no idempotency key, so a repeated create
 * may start a second, paid run.
 *
 * Two modes: a fixed number of attempts (before a run exists, where a
 * failure that persists should surface quickly), or "until a deadline"
 * (while a run exists: a blip must never cost the run, so transient
 * failures, non-JSON error pages of any status included, are retried with
 * backoff capped at {@link PATIENT_MAX_DELAY_MS} until the deadline).
 */
import { formatSeconds } from '../text/durations.js'
import { ConcurrencyLimitError, TransportError, Vm0ApiError } from '../base/errors.js'
import { failureSummary } from './error-map.js'

export const DEFAULT_MAX_ATTEMPTS = 5
const BASE_DELAY_MS = 500
const MAX_DELAY_MS = 8000
/** Longest wait between two tries while retrying until a deadline. */
export const PATIENT_MAX_DELAY_MS = 30_000

export interface RetryInput {
  /** HTTP method of the request. */
  method: string
  /**
   * Whether repeating the request after it may have reached the server is
   * harmless. Defaults to true for GET/HEAD, false otherwise.
   */
  idempotent?: boolean
  /** 1-based number of the attempt that just failed. */
  attempt: number
  maxAttempts: number
  error: unknown
  /** A number in [0, 1) used for jitter. */
  random: number
  baseDelayMs?: number
  maxDelayMs?: number
  /**
   * "Until deadline" mode: retry transient failures, whatever the attempt
   * count, as long as the next try starts before `untilMs` (epoch ms, with
   * `nowMs` the current time). Non-JSON error pages count as transient
   * whatever their status, and the delay cap is {@link PATIENT_MAX_DELAY_MS}
   * unless `maxDelayMs` says otherwise. `maxAttempts` is then ignored.
   */
  until?: { untilMs: number; nowMs: number }
}

export type RetryDecision =
  | {
      retry: false
      reason: 'not-retryable' | 'may-have-been-sent' | 'attempts-exhausted' | 'deadline'
    }
  | { retry: true; delayMs: number }

/** Decides whether to retry a failed attempt and how long to wait first. */
export function retryDecision(input: RetryInput): RetryDecision {
  const idempotent = input.idempotent ?? isSafeMethod(input.method)
  const { error, until } = input
  let retryable: boolean
  if (error instanceof TransportError) {
    if (!error.sent) retryable = true
    else if (!idempotent) return { retry: false, reason: 'may-have-been-sent' }
    else retryable = error.status === null || isRetryableStatus(error.status) || !!until
  } else if (error instanceof ConcurrencyLimitError) {
    retryable = false
  } else if (error instanceof Vm0ApiError) {
    retryable = idempotent && isRetryableStatus(error.status)
  } else {
    retryable = false
  }
  if (!retryable) return { retry: false, reason: 'not-retryable' }
  if (until) {
    const delayMs = backoffDelay(input.attempt, input.random, {
      baseDelayMs: input.baseDelayMs,
      maxDelayMs: input.maxDelayMs ?? PATIENT_MAX_DELAY_MS
    })
    const left = until.untilMs - until.nowMs
    if (left <= 0) return { retry: false, reason: 'deadline' }
    // The last try happens at the deadline rather than never.
    return { retry: true, delayMs: Math.min(delayMs, left) }
  }
  if (input.attempt >= input.maxAttempts) return { retry: false, reason: 'attempts-exhausted' }
  return { retry: true, delayMs: backoffDelay(input.attempt, input.random, input) }
}

/**
 * Capped exponential backoff with "equal jitter": half the window is fixed
 * so retries never bunch up at zero, the other half is random.
 */
export function backoffDelay(
  attempt: number,
  random: number,
  opts: { baseDelayMs?: number | undefined; maxDelayMs?: number | undefined } = {}
): number {
  const base = opts.baseDelayMs ?? BASE_DELAY_MS
  const cap = opts.maxDelayMs ?? MAX_DELAY_MS
  const window = Math.min(cap, base * 2 ** Math.max(0, attempt - 1))
  const r = Math.min(Math.max(random, 0), 1)
  return Math.round(window / 2 + (window / 2) * r)
}

function isSafeMethod(method: string): boolean {
  const m = method.toUpperCase()
  return m === 'GET' || m === 'HEAD'
}

function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408 || status === 425
}

/**
 * True for a failure that retrying may fix: no answer at all, a non-JSON
 * error page, or a 408/425/429/5xx. An authentication error, a 404 or a
 * 400 with the VM0 envelope is not (a concurrency 429 neither).
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof TransportError) return true
  if (error instanceof ConcurrencyLimitError) return false
  return error instanceof Vm0ApiError && isRetryableStatus(error.status)
}

/** A short description of a failed attempt, for the one-line retry log. */
export function describeFailure(error: unknown): string {
  if (error instanceof Vm0ApiError) {
    return `${error.status} ${error.body.code ?? error.body.type ?? 'error'}`
  }
  if (error instanceof TransportError) {
    const short = failureSummary(error)
    if (short !== null) return short
    return error.status === null ? 'network error' : `${error.status}`
  }
  if (error instanceof Error) return error.name
  return 'unknown error'
}

/** "GET /v1/runs/x attempt 2/5 failed: 503 Service Unavailable; retrying in 1.4 s" */
export function retryLine(
  method: string,
  path: string,
  attempt: number,
  maxAttempts: number,
  error: unknown,
  delayMs: number
): string {
  return (
    `${method} ${path} attempt ${attempt}/${maxAttempts} failed: ${describeFailure(error)}; ` +
    `retrying in ${formatSeconds(delayMs)}`
  )
}

/** What a retry decision tells the shared reachability state (vm0/patience.ts). */
interface Reachability {
  readonly deadlineMs: number | null
  failed(error: unknown): void
  reached(): void
}

/**
 * The decision after a failed attempt, in "until the deadline" mode once
 * patience is armed (the run exists), telling patience whether VM0 answered:
 * an answer of its own (401, 404, 400) proves it is reachable. Both clients
 * (`/v1` and the platform) decide this way.
 */
export function decideAfterFailure(
  input: Omit<RetryInput, 'until' | 'idempotent'> & {
    idempotent: boolean | undefined
    /** Read only in "until the deadline" mode. */
    now: () => number
    patience: Reachability | undefined
  }
): RetryDecision {
  const { patience, now, idempotent, ...rest } = input
  const untilMs = patience?.deadlineMs ?? null
  const decision = retryDecision({
    ...rest,
    ...(idempotent === undefined ? {} : { idempotent }),
    ...(untilMs === null ? {} : { until: { untilMs, nowMs: now() } })
  })
  if (patience && untilMs !== null) {
    if (isTransient(input.error)) patience.failed(input.error)
    else patience.reached()
  }
  return decision
}

/** Waits before the next attempt; the workflow's cancellation ends the wait with its reason. */
export async function pauseBeforeRetry(
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ms: number,
  signal: AbortSignal | undefined
): Promise<void> {
  try {
    await sleep(ms, signal)
  } catch (sleepError) {
    if (signal?.aborted) throw signal.reason
    throw sleepError
  }
  if (signal?.aborted) throw signal.reason
}
