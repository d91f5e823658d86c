/**
 * The set-up the network end-to-end tests share: an emulator with a steady
 * agent, and `survive`, which runs a step through an outage and checks what
 * every outage must leave (one run, no cancel, every event once, in order,
 * said once each way).
 */
import { afterAll, beforeAll, beforeEach, expect } from '@jest/globals'
import {
  startEmulator,
  type Emulator,
  type RecordedRequest,
  type RunScript
} from '../../emulator/vm0/index.js'
import { runStep, type StepResult } from '../../emulator/runner/harness.js'

export const AGENT = 'net-agent'

/** `count` assistant messages one every `everyMs`, a system line at the start and end, and a result. */
export function steadyScript(count: number, everyMs: number): RunScript {
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

export const errorsOf = (step: StepResult): string[] =>
  step.parsed.commands.filter(c => c.command === 'error').map(c => c.data)

/** Registers the hooks of a network suite (call inside a describe) and returns its helpers. */
export function networkSuite() {
  let emulator!: Emulator
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
    const step = await runStep({ inputs: inputs(extra) })
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

  return {
    emulator: (): Emulator => emulator,
    api,
    creates,
    cancels,
    inputs,
    survive
  }
}
