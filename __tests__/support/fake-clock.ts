import type { Clock } from '../../src/base/clock.js'

interface Sleeper {
  at: number
  wake: () => void
}

/**
 * How long {@link FakeClock.run} lets work wait on something other than the
 * clock before calling it stuck: a "did not hang" deadline, not a speed bet.
 */
const REAL_WAIT_MS = 30_000

/** Lets every pending promise callback (and one round of I/O) run. */
const settle = (): Promise<void> => new Promise(resolve => setImmediate(resolve))

/**
 * A clock whose time moves only inside {@link run}, and only when everything
 * else is waiting on it: timer-bound code runs in milliseconds, deterministically. Sleeps keep the real contract:
 * they resolve at their time, or early (never rejecting) when their signal aborts.
 */
export class FakeClock implements Clock {
  /** Every sleep asked for, in order, in ms. */
  readonly sleeps: number[] = []
  private sleepers: Sleeper[] = []

  constructor(private time = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.time
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms)
    return new Promise<void>(resolve => {
      if (signal?.aborted) return resolve()
      const sleeper: Sleeper = {
        at: this.time + Math.max(0, ms),
        wake: () => {
          signal?.removeEventListener('abort', sleeper.wake)
          this.sleepers = this.sleepers.filter(s => s !== sleeper)
          resolve()
        }
      }
      this.sleepers.push(sleeper)
      signal?.addEventListener('abort', sleeper.wake, { once: true })
    })
  }

  /**
   * Awaits `work`, jumping to the next sleeper's time whenever nothing else
   * can move. Fails when `work` waits on something other than this clock,
   * or when it has not finished within `maxMs` of fake time.
   */
  async run<T>(work: Promise<T>, maxMs = 24 * 3600_000): Promise<T> {
    const giveUpAt = this.time + maxMs
    let done = false
    void work.then(
      () => (done = true),
      () => (done = true)
    )
    for (;;) {
      await settle()
      if (done) break
      const next = this.nextSleeper() ?? (await this.realWait(() => done))
      if (done) break
      if (!next) throw new Error('FakeClock.run: the work waits on something other than the clock')
      if (next.at > giveUpAt) throw new Error(`FakeClock.run: not done within ${maxMs} ms`)
      this.time = Math.max(this.time, next.at)
      next.wake()
    }
    return work
  }

  /**
   * Nothing sleeps on this clock, yet the work is not done: it waits on real
   * I/O (a loopback socket, a file), which a loaded machine can make slow.
   * Waits for the work to end or to sleep, giving up only after REAL_WAIT_MS.
   */
  private async realWait(done: () => boolean): Promise<Sleeper | undefined> {
    const giveUpAt = Date.now() + REAL_WAIT_MS
    while (!done() && Date.now() < giveUpAt) {
      await new Promise(resolve => setTimeout(resolve, 5))
      const next = this.nextSleeper()
      if (next) return next
    }
    return undefined
  }

  /** How many sleeps are still waiting (a timer left running shows here). */
  pending(): number {
    return this.sleepers.length
  }

  private nextSleeper(): Sleeper | undefined {
    let first: Sleeper | undefined
    for (const s of this.sleepers) if (!first || s.at < first.at) first = s
    return first
  }
}
