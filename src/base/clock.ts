/**
 * Time as the action sees it. Every wait in follow/ and run/ goes through
 * `sleep`, the stream watchdog included, so a test that passes a fake clock
 * (see __tests__/support/fake-clock.ts) controls all of it.
 */
export interface Clock {
  now(): number
  /**
   * Resolves after `ms`, or early when `signal` aborts. It never rejects:
   * a caller that must stop on abort checks `signal.aborted` after it.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** The real clock: `Date.now` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>(resolve => {
      if (signal?.aborted) return resolve()
      const done = (): void => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal?.addEventListener('abort', done, { once: true })
    })
}

/** A signal that aborts after `ms` on `clock`, or with `signal`; `done()` stops its timer. */
export interface TimeLimit {
  readonly signal: AbortSignal
  /** True when the time ran out (rather than `signal` aborting). */
  readonly expired: boolean
  done(): void
}

/**
 * Bounds one piece of work to `ms` (and to `signal`, the cancellation): pass
 * `signal` of the result to the requests, and call `done()` when finished.
 */
export function timeLimit(clock: Clock, ms: number, signal?: AbortSignal): TimeLimit {
  const limit = new AbortController()
  const stop = new AbortController()
  let expired = false
  const onAbort = (): void => limit.abort(signal?.reason)
  if (signal?.aborted) onAbort()
  else signal?.addEventListener('abort', onAbort, { once: true })
  void clock.sleep(Math.max(0, ms), stop.signal).then(() => {
    if (stop.signal.aborted || limit.signal.aborted) return
    expired = true
    limit.abort(new Error(`not done within ${ms} ms`))
  })
  return {
    signal: limit.signal,
    get expired() {
      return expired
    },
    done: () => {
      stop.abort()
      signal?.removeEventListener('abort', onAbort)
    }
  }
}
