import { describe, expect, it } from '@jest/globals'
import {
  AuthenticationError,
  ConcurrencyLimitError,
  NotFoundError,
  TransportError,
  Vm0ApiError
} from '../../src/base/errors.js'
import {
  backoffDelay,
  isTransient,
  PATIENT_MAX_DELAY_MS,
  retryDecision,
  retryLine
} from '../../src/vm0/retry.js'

const body = { type: 'api_error', code: 'internal_error', message: 'boom' }
const api = (status: number, code = 'x'): Vm0ApiError =>
  new Vm0ApiError('m', status, { ...body, code }, null, 'GET', '/v1/runs')
const net = (sent: boolean): TransportError => new TransportError('net', sent, null)
const proxy = (status: number): TransportError => new TransportError('proxy', true, status)

type Row = [string, string, boolean | undefined, unknown, boolean]

describe('retryDecision', () => {
  // [label, method, idempotent override, error, retried on attempt 1 of 5]
  const table: Row[] = [
    ['GET network error after sending', 'GET', undefined, net(true), true],
    ['GET never sent', 'GET', undefined, net(false), true],
    ['GET JSON 500', 'GET', undefined, api(500), true],
    ['GET JSON 503', 'GET', undefined, api(503), true],
    ['GET JSON 429', 'GET', undefined, api(429), true],
    ['GET proxy 502 page', 'GET', undefined, proxy(502), true],
    ['GET proxy 504 page', 'GET', undefined, proxy(504), true],
    ['GET proxy 429 page', 'GET', undefined, proxy(429), true],
    ['GET proxy 404 page (wrong URL)', 'GET', undefined, proxy(404), false],
    ['GET 200 with an unusable body', 'GET', undefined, proxy(200), false],
    ['GET 400', 'GET', undefined, api(400), false],
    [
      'GET 401',
      'GET',
      undefined,
      new AuthenticationError('m', 401, body, null, 'GET', '/v1/runs'),
      false
    ],
    ['GET 404', 'GET', undefined, new NotFoundError('m', 404, body, null, 'GET', '/v1/x'), false],
    ['GET programming error', 'GET', undefined, new TypeError('bug'), false],
    ['GET thrown string', 'GET', undefined, 'oops', false],
    ['POST create never sent (ECONNREFUSED/DNS)', 'POST', undefined, net(false), true],
    ['POST create reset after sending', 'POST', undefined, net(true), false],
    ['POST create JSON 500', 'POST', undefined, api(500), false],
    ['POST create JSON 503', 'POST', undefined, api(503), false],
    ['POST create proxy 502 page', 'POST', undefined, proxy(502), false],
    [
      'POST create 429 concurrency',
      'POST',
      undefined,
      new ConcurrencyLimitError('m', 429, body, null, 'POST', '/v1/runs'),
      false
    ],
    ['POST cancel (idempotent) reset', 'POST', true, net(true), true],
    ['POST cancel (idempotent) 500', 'POST', true, api(500), true],
    ['POST cancel (idempotent) 400', 'POST', true, api(400), false],
    ['GET marked non-idempotent, 503', 'GET', false, api(503), false]
  ]

  it.each(table)('%s (%s) → retry %#', (_label, method, idempotent, error, expected) => {
    const decision = retryDecision({
      method,
      idempotent,
      attempt: 1,
      maxAttempts: 5,
      error,
      random: 0.5
    })
    expect(decision.retry).toBe(expected)
  })

  it('never retries after the last attempt, and says why', () => {
    expect(
      retryDecision({ method: 'GET', attempt: 5, maxAttempts: 5, error: api(503), random: 0 })
    ).toEqual({ retry: false, reason: 'attempts-exhausted' })
    expect(
      retryDecision({ method: 'GET', attempt: 1, maxAttempts: 1, error: api(503), random: 0 })
    ).toEqual({ retry: false, reason: 'attempts-exhausted' })
    expect(
      retryDecision({ method: 'POST', attempt: 1, maxAttempts: 5, error: net(true), random: 0 })
    ).toEqual({ retry: false, reason: 'may-have-been-sent' })
    expect(
      retryDecision({ method: 'GET', attempt: 1, maxAttempts: 5, error: api(404), random: 0 })
    ).toEqual({ retry: false, reason: 'not-retryable' })
  })

  it.each([
    [1, 0, 250],
    [1, 0.999999, 500],
    [2, 0, 500],
    [2, 0.5, 750],
    [3, 0, 1000],
    [4, 1, 4000],
    [5, 0, 4000],
    [6, 1, 8000],
    [12, 0, 4000],
    [12, 1, 8000]
  ])(
    'backs off exponentially with equal jitter: attempt %i, random %d → %i ms',
    (attempt, random, ms) => {
      expect(backoffDelay(attempt, random)).toBe(Math.round(ms))
      const decision = retryDecision({
        method: 'GET',
        attempt,
        maxAttempts: 99,
        error: net(true),
        random
      })
      expect(decision).toEqual({ retry: true, delayMs: Math.round(ms) })
    }
  )

  it('stays within [window/2, window] for any random value', () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const window = Math.min(8000, 500 * 2 ** (attempt - 1))
      for (const r of [0, 0.1, 0.37, 0.5, 0.99, 1]) {
        const d = backoffDelay(attempt, r)
        expect(d).toBeGreaterThanOrEqual(window / 2)
        expect(d).toBeLessThanOrEqual(window)
      }
    }
  })

  it('formats one log line per failed attempt', () => {
    expect(retryLine('GET', '/v1/runs/abc', 2, 5, api(503, 'internal_error'), 1400)).toBe(
      'GET /v1/runs/abc attempt 2/5 failed: 503 internal_error; retrying in 1.4 s'
    )
  })
})

describe('retryDecision until a deadline (while a run exists)', () => {
  const until = (nowMs: number, untilMs = 100_000): { untilMs: number; nowMs: number } => ({
    untilMs,
    nowMs
  })
  const patient = (error: unknown, attempt = 1, nowMs = 0, method = 'GET') =>
    retryDecision({ method, attempt, maxAttempts: 5, error, random: 1, until: until(nowMs) })

  it('ignores the attempt count: the 50th failure is retried like the 2nd', () => {
    expect(patient(net(true), 50)).toEqual({ retry: true, delayMs: PATIENT_MAX_DELAY_MS })
    expect(patient(api(503), 2)).toEqual({ retry: true, delayMs: 1000 })
  })

  it('caps the backoff at about 30 s', () => {
    for (let attempt = 1; attempt < 40; attempt++) {
      const d = patient(net(true), attempt)
      expect(d.retry && d.delayMs).toBeLessThanOrEqual(30_000)
    }
  })

  it('retries any non-JSON error page (a proxy blip), 425 and 408 too', () => {
    expect(patient(proxy(404)).retry).toBe(true)
    expect(patient(proxy(200)).retry).toBe(true)
    expect(patient(api(425)).retry).toBe(true)
    expect(patient(api(408)).retry).toBe(true)
  })

  it('never retries what retrying cannot fix', () => {
    const auth = new AuthenticationError('m', 401, body, null, 'GET', '/v1/runs')
    expect(patient(auth)).toEqual({ retry: false, reason: 'not-retryable' })
    expect(patient(api(404))).toEqual({ retry: false, reason: 'not-retryable' })
    expect(patient(api(400))).toEqual({ retry: false, reason: 'not-retryable' })
  })

  it('stops at the deadline, and makes the last try at it', () => {
    expect(
      retryDecision({
        method: 'GET',
        attempt: 3,
        maxAttempts: 5,
        error: net(true),
        random: 1,
        until: until(100_000)
      })
    ).toEqual({ retry: false, reason: 'deadline' })
    expect(
      retryDecision({
        method: 'GET',
        attempt: 9,
        maxAttempts: 5,
        error: net(true),
        random: 1,
        until: until(99_000)
      })
    ).toEqual({ retry: true, delayMs: 1000 })
  })

  it('still never repeats a create that may have been sent', () => {
    expect(patient(net(true), 1, 0, 'POST')).toEqual({ retry: false, reason: 'may-have-been-sent' })
  })

  it('tells transient failures from the rest', () => {
    expect([net(true), proxy(404), api(503), api(429)].map(isTransient)).toEqual([
      true,
      true,
      true,
      true
    ])
    expect([api(400), api(404), new TypeError('bug')].map(isTransient)).toEqual([
      false,
      false,
      false
    ])
  })
})
