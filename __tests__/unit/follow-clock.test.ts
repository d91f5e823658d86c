import { describe, expect, it } from '@jest/globals'
import { systemClock } from '../../src/base/clock.js'
import { FakeClock } from '../support/fake-clock.js'

describe('the sleep contract: resolves at its time, or early on abort, never rejects', () => {
  it('holds for the system clock', async () => {
    const abort = new AbortController()
    // An hour-long sleep: only the abort can end it before the test's timeout.
    const sleeping = systemClock.sleep(3600_000, abort.signal)
    abort.abort()
    await expect(sleeping).resolves.toBeUndefined()
    await expect(systemClock.sleep(3600_000, abort.signal)).resolves.toBeUndefined()
    // Never early (a lower bound holds however loaded the machine is).
    const before = Date.now()
    await systemClock.sleep(20)
    expect(Date.now() - before).toBeGreaterThanOrEqual(15)
  })

  it('holds for the fake clock, which moves only when everything waits on it', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const abort = new AbortController()
    const woke: number[] = []
    const work = (async () => {
      await Promise.all([
        clock.sleep(300).then(() => woke.push(clock.now() - start)),
        clock.sleep(100).then(() => woke.push(clock.now() - start)),
        clock.sleep(10_000, abort.signal).then(() => woke.push(clock.now() - start)),
        clock.sleep(200).then(() => abort.abort())
      ])
    })()
    await clock.run(work)
    expect(woke).toEqual([100, 200, 300])
  })
})
