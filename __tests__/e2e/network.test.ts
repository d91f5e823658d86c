/**
 * End to end: riding out a bad network with the bundled dist/ run as the
 * runner runs it. VM0 unreachable mid-run (every request and the open
 * stream reset, or answered a proxy's 503) is waited out: the run is never
 * cancelled and every event prints once. What retrying cannot fix fails
 * fast: a token revoked mid-run, an `api-url` that is not the VM0 API. (The
 * retry and backoff policy itself is timed on a fake clock in the unit tests.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startEmulator, type Emulator } from '../../emulator/vm0/index.js'
import { runStep } from '../../emulator/runner/harness.js'
import { AGENT, errorsOf, networkSuite, steadyScript } from '../support/network-suite.js'

describe('riding out a bad network', () => {
  const { emulator, api, creates, inputs, survive } = networkSuite()

  it('a 12 s outage mid-run (every request and the stream reset): survived, nothing lost', async () => {
    await survive({ fromMs: 4000, toMs: 16_000, mode: 'reset' }, steadyScript(20, 1000), 20)
  })

  it("a token revoked mid-run fails the step with the service's message, without retrying", async () => {
    emulator().setScript(AGENT, {
      pendingMs: 20,
      neverEnds: true,
      steps: [{ at: 0, system: 'up' }]
    })
    const message = 'Token revoked by an administrator'
    emulator().revokeToken({ atMs: 3000, message })
    const step = await runStep({ inputs: inputs() })
    const revokedAt = creates()[0]!.time + 3000
    expect(step.code).toBe(1)
    const failure = errorsOf(step).join('\n')
    expect(failure).toContain(message)
    expect(failure).toContain('`vm0-token`')
    // A refused token is not retried: the step ends after a few requests, not a backoff ladder.
    expect(api().filter(r => r.time >= revokedAt).length).toBeLessThanOrEqual(12)
  })
})

describe('an api-url that is not the VM0 API', () => {
  let site: Emulator
  beforeAll(async () => {
    site = await startEmulator({ notVm0Api: true })
  })
  afterAll(async () => {
    await site.close()
  })

  it('fails naming `api-url` and the URL, after at most 3 requests', async () => {
    const step = await runStep({
      inputs: { 'vm0-token': site.token, 'api-url': site.url, agent: 'a', prompt: 'Hello' }
    })
    expect(step.code).toBe(1)
    expect(site.requests.length).toBeLessThanOrEqual(3)
    const failure = errorsOf(step).join('\n')
    expect(failure).toContain(`\`api-url\` (${site.url}) does not look like the VM0 API`)
    expect(failure).toContain('404')
    // No run can exist: nothing says one may.
    expect(failure).not.toMatch(/run may (exist|have started)/)
  })
})
