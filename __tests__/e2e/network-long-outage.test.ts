/**
 * End to end, the long one: a 40 s outage of VM0 mid-run (longer than the
 * 30 s cap between tries, so the capped backoff is crossed), with the bundled
 * dist/ run as the runner runs it (in its own file so it runs beside the
 * other suites instead of after them). VM0 unreachable mid-run (every request and the open
 * stream reset, or answered a proxy's 503) is waited out: the run is never
 * cancelled and every event prints once. What retrying cannot fix fails
 * fast: a token revoked mid-run, an `api-url` that is not the VM0 API. (The
 * retry and backoff policy itself is timed on a fake clock in the unit tests.)
 */
import { describe, expect, it } from '@jest/globals'
import { networkSuite, steadyScript } from '../support/network-suite.js'

// The once-a-minute "still unreachable" line and the backoff cap are timed on the fake clock
// (client/vm0-patience and unit/vm0-retry tests); a real minute here would only make the suite slower.
describe('riding out a bad network, for forty seconds', () => {
  const { survive } = networkSuite()

  it('a 40 s outage (proxy 503 pages) with a 5 min timeout: survived, nothing lost', async () => {
    const step = await survive(
      // Events every 4 s from 0.1 s to 40.1 s; the run ends 2 s after the outage.
      { fromMs: 2000, toMs: 42_000, mode: '503' },
      steadyScript(11, 4000),
      11,
      { timeout: '5m' }
    )
    // Said at most once a minute while it lasted: not again within these forty seconds.
    expect(
      step.parsed.text.filter(l => l.startsWith('VM0 still unreachable')).length
    ).toBeLessThanOrEqual(1)
  })
})
