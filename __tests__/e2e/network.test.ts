/**
 * End to end: riding out a bad network with the bundled dist/ run as the
 * runner runs it. VM0 unreachable mid-run (every request and the open
 * stream reset, or answered a proxy's 503) is waited out: the run is never
 * cancelled and every event prints once. What retrying cannot fix fails
 * fast: a token revoked mid-run, an `api-url` that is not the VM0 API. (The
 * retry and backoff policy itself is timed on a fake clock in the unit tests.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  startEmulator,
  type Emulator,
  type RecordedRequest,
  type RunScript
} from '../../emulator/vm0/index.js'
import { runStep, type StepResult } from '../../emulator/runner/harness.js'

const AGENT = 'net-agent'

/** `count` assistant messages one every `everyMs`, a system line at the start and end, and a result. */
function steadyScript(count: number, everyMs: number): RunScript {
  const steps: RunScript['steps'] = [{ at: 0, system: 'sandbox ready' }]
  for (let i = 0; i < count; i++) {
    steps.push({
      at: 100 + i * everyMs,
      agent: { type: 'assistant', message: { content: [{ type: 'text', text: `step ${i}` }] } }
    })
  }
  const end = 100 + count * everyMs
  steps.push({ at: end, system: 'sandbox done' })
  steps.push({
    at: end,
    agent: { type: 'result', subtype: 'success', result: 'all done', num_turns: count }
  })
  return { pendingMs: 20, steps, durationMs: end + 50 }
}

const errorsOf = (step: StepResult): string[] =>
  step.parsed.commands.filter(c => c.command === 'error').map(c => c.data)

describe('riding out a bad network', () => {
  let emulator: Emulator
  const api = (): RecordedRequest[] => emulator.requests.filter(r => r.origin === 'api')
  const creates = (): RecordedRequest[] =>
    api().filter(r => r.method === 'POST' && r.path === '/v1/runs')
  const cancels = (): RecordedRequest[] =>
    api().filter(r => r.method === 'POST' && r.path.endsWith('/cancel'))
  const inputs = (extra: Record<string, string> = {}): Record<string, string> => ({
    'vm0-token': emulator.token,
    'api-url': emulator.url,
    agent: AGENT,
    prompt: 'Keep working',
    ...extra
  })

  beforeAll(async () => {
    emulator = await startEmulator({ eventTickMs: 100, heartbeatMs: 2000 })
    emulator.addAgent(AGENT)
  })
  afterAll(async () => {
    await emulator.close()
  })
  beforeEach(() => {
    for (const run of emulator.runs()) emulator.finishRun(run.id, 'cancelled')
    emulator.reset()
  })

  /** Runs a step through an outage and checks the outcome every outage must have. */
  async function survive(
    outage: { fromMs: number; toMs: number; mode: 'reset' | '503' },
    script: RunScript,
    events: number,
    extra: Record<string, string> = {}
  ): Promise<StepResult> {
    emulator.setScript(AGENT, script)
    emulator.addOutage(outage)
    const step = await runStep({ inputs: inputs(extra), killAfterMs: 240_000 })
    expect(errorsOf(step)).toEqual([])
    expect(step.code).toBe(0)
    expect(step.outputs.status).toBe('completed')
    expect(creates()).toHaveLength(1)
    expect(cancels()).toHaveLength(0)
    // The outage happened to this step: requests failed during it.
    const anchor = creates()[0]!.time
    const during = api().filter(
      r => r.time >= anchor + outage.fromMs && r.time < anchor + outage.toMs
    )
    expect(during.length).toBeGreaterThan(0)
    const text = step.parsed.text
    for (let i = 0; i < events; i++) {
      expect(text.filter(l => new RegExp(`\\bstep ${i}$`).test(l))).toHaveLength(1)
    }
    expect(text.filter(l => l.includes('sandbox done'))).toHaveLength(1)
    // Printed in order after the recovery.
    const order = text.flatMap(l => /step (\d+)/.exec(l)?.[1] ?? []).map(Number)
    expect(order).toEqual([...order].sort((a, b) => a - b))
    const said = text.filter(l => l.startsWith('VM0 unreachable since'))
    expect(said).toHaveLength(1)
    expect(said[0]).toMatch(
      /^VM0 unreachable since \d\d:\d\d:\d\d UTC .*the run keeps going on VM0\.$/
    )
    expect(text.filter(l => /^VM0 reachable again after \d/.test(l))).toHaveLength(1)
    expect(step.outputs.output).toBe('all done')
    return step
  }

  it('a 12 s outage mid-run (every request and the stream reset): survived, nothing lost', async () => {
    await survive({ fromMs: 4000, toMs: 16_000, mode: 'reset' }, steadyScript(20, 1000), 20)
  }, 120_000)

  it('a 60 s outage (proxy 503 pages) with a 5 min timeout: survived, nothing lost', async () => {
    const step = await survive(
      { fromMs: 3000, toMs: 63_000, mode: '503' },
      steadyScript(12, 6000),
      12,
      { timeout: '5m' }
    )
    // Said at most once a minute while it lasted.
    expect(
      step.parsed.text.filter(l => l.startsWith('VM0 still unreachable')).length
    ).toBeLessThanOrEqual(1)
  }, 240_000)

  it("a token revoked mid-run fails the step within 15 s with the service's message", async () => {
    emulator.setScript(AGENT, { pendingMs: 20, neverEnds: true, steps: [{ at: 0, system: 'up' }] })
    const message = 'Token revoked by an administrator'
    emulator.revokeToken({ atMs: 3000, message })
    const step = await runStep({ inputs: inputs(), killAfterMs: 60_000 })
    const revokedAt = creates()[0]!.time + 3000
    const ended = Math.max(...emulator.requests.map(r => r.time))
    expect(step.code).toBe(1)
    const failure = errorsOf(step).join('\n')
    expect(failure).toContain(message)
    expect(failure).toContain('`vm0-token`')
    expect(ended - revokedAt).toBeLessThan(15_000)
    expect(api().filter(r => r.time >= revokedAt).length).toBeLessThanOrEqual(12)
  }, 90_000)
})

describe('an api-url that is not the VM0 API', () => {
  let site: Emulator
  beforeAll(async () => {
    site = await startEmulator({ notVm0Api: true })
  })
  afterAll(async () => {
    await site.close()
  })

  it('fails within 15 s naming `api-url` and the URL, after at most 3 requests', async () => {
    const step = await runStep({
      inputs: { 'vm0-token': site.token, 'api-url': site.url, agent: 'a', prompt: 'Hello' },
      killAfterMs: 60_000
    })
    expect(step.code).toBe(1)
    expect(step.durationMs).toBeLessThan(15_000)
    expect(site.requests.length).toBeLessThanOrEqual(3)
    const failure = errorsOf(step).join('\n')
    expect(failure).toContain(`\`api-url\` (${site.url}) does not look like the VM0 API`)
    expect(failure).toContain('404')
    // No run can exist: nothing says one may.
    expect(failure).not.toMatch(/run may (exist|have started)/)
  }, 60_000)
})
