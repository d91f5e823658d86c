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
