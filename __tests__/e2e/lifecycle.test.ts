/**
 * End to end: the run's lifecycle around the wait, with the bundled dist/
 * run as the GitHub runner runs it, against the VM0 emulator. Cancellation
 * sends the runner's first signal and holds back its later rungs for
 * minutes (support/ladders.ts): each test asserts the step ended on its own,
 * not how fast. The post entry runs with the state the main step saved.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  startEmulator,
  type Emulator,
  type RecordedRequest,
  type RunScript
} from '../../emulator/vm0/index.js'
import { runStep, signalLadder, type StepResult } from '../../emulator/runner/harness.js'
import { runnerLines } from '../../emulator/runner/workflow-commands.js'
import { PATIENT_SIGINT, PATIENT_SIGTERM, itWithSignals } from '../support/ladders.js'

const STATE = 'vm0-run-id'

const answer = (text: string): object => ({
  type: 'result',
  subtype: 'success',
  result: text,
  total_cost_usd: 0.01,
  num_turns: 1,
  duration_ms: 100
})

const quickScript: RunScript = {
  pendingMs: 20,
  steps: [
    { at: 0, system: 'sandbox ready' },
    { at: 20, agent: { type: 'assistant', message: { content: [{ type: 'text', text: 'Hi.' }] } } },
    { at: 40, agent: answer('All done.') }
  ],
  durationMs: 60
}

const endlessScript: RunScript = {
  pendingMs: 20,
  neverEnds: true,
  steps: [{ at: 0, system: 'working' }]
}

function errorsOf(step: StepResult): string[] {
  return step.parsed.commands.filter(c => c.command === 'error').map(c => c.data)
}

function warningsOf(step: StepResult): string[] {
  return step.parsed.commands.filter(c => c.command === 'warning').map(c => c.data)
}

describe('the run lifecycle', () => {
  let emulator: Emulator
  const base = (): Record<string, string> => ({
    'vm0-token': emulator.token,
    'api-url': emulator.url,
    agent: 'life-agent'
  })
  const api = (method?: string, path?: RegExp): RecordedRequest[] =>
    emulator.requests.filter(
      r => r.origin === 'api' && (!method || r.method === method) && (!path || path.test(r.path))
    )
  const creates = (): RecordedRequest[] => api('POST', /^\/v1\/runs$/)
  const cancels = (runId?: string): RecordedRequest[] =>
    api('POST', new RegExp(`^/v1/runs/${runId ?? '[^/]+'}/cancel$`))

  beforeAll(async () => {
    emulator = await startEmulator({ eventTickMs: 50, heartbeatMs: 200 })
    emulator.addAgent('life-agent', { script: quickScript })
  })
  afterAll(async () => {
    await emulator.close()
  })
  beforeEach(() => {
    // Free the slot (limit 1) from any run a test left running.
    for (const run of emulator.runs()) emulator.finishRun(run.id, 'cancelled')
    emulator.reset()
    emulator.setScript('life-agent', quickScript)
  })

  describe('cancellation', () => {
    itWithSignals(
      'SIGINT mid-run: cancels the run, exits on its own before SIGTERM, status cancelled',
      async () => {
        emulator.setScript('life-agent', endlessScript)
        const ladder = signalLadder(out => out.includes('Run status: running'), PATIENT_SIGINT)
        const step = await runStep({ inputs: { ...base(), prompt: 'Work forever' }, ...ladder })

        const sigint = ladder.log.startedAt
        expect(sigint).not.toBeNull()
        // Only SIGINT was needed: the process ended on its own before SIGTERM would come.
        expect(ladder.log.sent.map(s => s.signal)).toEqual(['SIGINT'])
        expect(step.signal).toBeNull()

        const run = emulator.runs()[0]!
        const cancel = cancels(run.id)
        expect(cancel).toHaveLength(1)
        expect(cancel[0]!.time).toBeGreaterThanOrEqual(sigint!)
        expect(cancel[0]!.body).toBe('')
        expect(emulator.getRun(run.id)?.status).toBe('cancelled')

        expect(step.outputs['run-id']).toBe(run.id)
        expect(step.outputs.status).toBe('cancelled')
        expect(step.code).toBe(1)
        expect(errorsOf(step).at(-1)).toMatch(/workflow was cancelled.*was cancelled/)
        // Handled: the post step has nothing left to do, and does nothing.
        expect(step.state[STATE]).toBe('')
        emulator.requests.length = 0
        const post = await runStep({ entry: 'post', inputs: base(), state: step.state })
        expect(post.code).toBe(0)
        expect(post.stdout).toBe('')
        expect(emulator.requests).toHaveLength(0)
      }
    )

    itWithSignals.each([
      ['SIGTERM alone', [{ signal: 'SIGTERM' as const, afterMs: 0 }]],
      [
        'SIGINT then SIGTERM right away',
        [
          { signal: 'SIGINT' as const, afterMs: 0 },
          { signal: 'SIGTERM' as const, afterMs: 5 }
        ]
      ]
    ])('%s: still cancels the run and exits on its own', async (_name, rungs) => {
      emulator.setScript('life-agent', endlessScript)
      const ladder = signalLadder(out => out.includes('Run status: running'), rungs)
      const step = await runStep({ inputs: { ...base(), prompt: 'Work forever' }, ...ladder })
      expect(step.signal).toBeNull()
      expect(step.code).toBe(1)
      const run = emulator.runs()[0]!
      expect(cancels(run.id)).toHaveLength(1)
      expect(step.outputs.status).toBe('cancelled')
      expect(step.state[STATE]).toBe('')
    })

    itWithSignals(
      'SIGTERM without SIGINT: cancels the run and exits on its own before the kill',
      async () => {
        emulator.setScript('life-agent', endlessScript)
        const ladder = signalLadder(out => out.includes('Run status: running'), PATIENT_SIGTERM)
        const step = await runStep({ inputs: { ...base(), prompt: 'Work forever' }, ...ladder })
        const sigterm = ladder.log.startedAt!
        expect(ladder.log.sent.map(s => s.signal)).toEqual(['SIGTERM'])
        expect(step.signal).toBeNull()
        const run = emulator.runs()[0]!
        const cancel = cancels(run.id)
        expect(cancel).toHaveLength(1)
        expect(cancel[0]!.time).toBeGreaterThanOrEqual(sigterm)
        expect(emulator.getRun(run.id)?.status).toBe('cancelled')
        expect(step.outputs.status).toBe('cancelled')
      }
    )

    itWithSignals(
      'SIGINT while the create is in flight: the run it starts is cancelled at once',
      async () => {
        emulator.setScript('life-agent', endlessScript)
        emulator.addFault({ method: 'POST', path: '/v1/runs', action: { kind: 'delay', ms: 1000 } })
        const ladder = signalLadder(out => out.includes('Prompt: '), PATIENT_SIGINT)
        const step = await runStep({ inputs: { ...base(), prompt: 'Slow start' }, ...ladder })
        expect(ladder.log.sent.map(s => s.signal)).toEqual(['SIGINT'])
        const run = emulator.runs()[0]!
        expect(creates()).toHaveLength(1)
        expect(cancels(run.id)).toHaveLength(1)
        expect(emulator.getRun(run.id)?.status).toBe('cancelled')
        expect(step.outputs['run-id']).toBe(run.id)
        expect(step.outputs.status).toBe('cancelled')
        expect(step.state[STATE]).toBe('')
        expect(errorsOf(step).at(-1)).toMatch(/cancelled while the run was starting/)
      }
    )

    it('SIGKILL once the run exists: the post entry cancels it from the saved state', async () => {
      emulator.setScript('life-agent', endlessScript)
      const ladder = signalLadder(
        out => / started \(status /.test(out),
        [{ signal: 'SIGKILL', afterMs: 0 }]
      )
      const step = await runStep({ inputs: { ...base(), prompt: 'Work forever' }, ...ladder })
      expect(step.signal).toBe('SIGKILL')
      const run = emulator.runs()[0]!
      expect(step.state[STATE]).toBe(run.id)
      expect(cancels()).toHaveLength(0)
      expect(emulator.getRun(run.id)?.status).not.toBe('cancelled')

      const post = await runStep({ entry: 'post', inputs: base(), state: step.state })
      expect(post.code).toBe(0)
      expect(cancels(run.id)).toHaveLength(1)
      expect(emulator.getRun(run.id)?.status).toBe('cancelled')
      expect(post.parsed.text.join('\n')).toContain(`Cancelled VM0 run ${run.id}`)
      expect(warningsOf(post)).toEqual([])
    })

    it('post after a completed run: no request at all, no output', async () => {
      const step = await runStep({ inputs: { ...base(), prompt: 'Quick' } })
      expect(step.code).toBe(0)
      expect(step.outputs.status).toBe('completed')
      expect(step.state[STATE]).toBe('')
      emulator.requests.length = 0
      const post = await runStep({ entry: 'post', inputs: base(), state: step.state })
      expect(post.code).toBe(0)
      expect(post.stdout).toBe('')
      expect(post.stderr).toBe('')
      expect(emulator.requests).toHaveLength(0)
    })

    it('post with a saved run that already ended: one read, no cancel, step passes', async () => {
      const step = await runStep({ inputs: { ...base(), prompt: 'Quick' } })
      const runId = step.outputs['run-id']!
      emulator.requests.length = 0
      const post = await runStep({ entry: 'post', inputs: base(), state: { [STATE]: runId } })
      expect(post.code).toBe(0)
      expect(api().map(r => `${r.method} ${r.path}`)).toEqual([`GET /v1/runs/${runId}`])
      expect(warningsOf(post)).toEqual([])
    })

    itWithSignals(
      'SIGINT while waiting for a free run slot: starts nothing and exits on its own',
      async () => {
        const blocker = await createDirectly('Blocker')
        const ladder = signalLadder(
          out => out.includes('Waiting for a free VM0 run slot'),
          PATIENT_SIGINT
        )
        const step = await runStep({ inputs: { ...base(), prompt: 'Wait for a slot' }, ...ladder })
        expect(ladder.log.sent.map(s => s.signal)).toEqual(['SIGINT'])
        expect(emulator.runs().map(r => r.id)).toEqual([blocker])
        expect(step.outputs.status).toBe('cancelled')
        expect(step.outputs['run-id']).toBeUndefined()
        expect(errorsOf(step).at(-1)).toMatch(/cancelled while waiting for a free VM0 run slot/)
      }
    )
  })

  describe('timeouts', () => {
    it('idle-timeout: heartbeats do not count; the run is cancelled and the step says so', async () => {
      emulator.setScript('life-agent', endlessScript)
      const step = await runStep({
        inputs: { ...base(), prompt: 'Go quiet', 'idle-timeout': '2s' }
      })
      expect(step.code).toBe(1)
      expect(errorsOf(step).at(-1)).toMatch(
        /Nothing arrived from the run for the `idle-timeout` of 2s.*cancelled/
      )
      const run = emulator.runs()[0]!
      expect(cancels(run.id)).toHaveLength(1)
      expect(emulator.getRun(run.id)?.status).toBe('cancelled')
      expect(step.outputs.status).toBe('timeout')
      expect(step.state[STATE]).toBe('')
    })

    it('timeout: the run is cancelled and the step fails saying so', async () => {
      emulator.setScript('life-agent', endlessScript)
      const step = await runStep({ inputs: { ...base(), prompt: 'Too long', timeout: '2s' } })
      expect(step.code).toBe(1)
      expect(errorsOf(step).at(-1)).toMatch(/`timeout` of 2s; VM0 run [0-9a-f-]+ was cancelled/)
      const run = emulator.runs()[0]!
      expect(cancels(run.id)).toHaveLength(1)
      expect(step.outputs.status).toBe('timeout')
    })

    it('timeout with cancel-on-timeout: false: no cancel, the run keeps going, the step fails', async () => {
      emulator.setScript('life-agent', endlessScript)
      const step = await runStep({
        inputs: { ...base(), prompt: 'Too long', timeout: '2s', 'cancel-on-timeout': 'false' }
      })
      expect(step.code).toBe(1)
      const run = emulator.runs()[0]!
      expect(cancels()).toHaveLength(0)
      expect(emulator.getRun(run.id)?.status).toBe('running')
      expect(errorsOf(step).at(-1)).toMatch(/keeps going.*run-id: /)
      // The limit ended the wait: `timeout`, though the run keeps going (the error says so).
      expect(step.outputs.status).toBe('timeout')
      expect(step.outputs.error).toMatch(/keeps going \(cancel-on-timeout: false\)/)
      // Handed off on purpose: the post step leaves it alone.
      expect(step.state[STATE]).toBe('')
      emulator.requests.length = 0
      const post = await runStep({ entry: 'post', inputs: base(), state: step.state })
      expect(post.stdout).toBe('')
      expect(emulator.requests).toHaveLength(0)
    })
  })

  describe('starting: never a second run', () => {
    it('waits for a free run slot through a 429, then starts exactly one run', async () => {
      const blocker = await createDirectly('Blocker')
      // Free the slot once the action has been refused (the backoff itself is timed on a
      // fake clock in start-run.test.ts; one real wait here keeps the e2e short).
      const freeing = (async (): Promise<void> => {
        // …and has read the active runs it names in its waiting line.
        while (creates().length < 2 || api('GET', /^\/v1\/runs$/).length < 1) await sleep(10)
        emulator.finishRun(blocker, 'completed')
      })()
      const step = await runStep({ inputs: { ...base(), prompt: 'Need a slot' } })
      await freeing
      expect(step.code).toBe(0)
      expect(step.outputs.status).toBe('completed')
      // Said once, at top level (outside the 'Starting run' group), with the deadline.
      const waits = step.parsed.text.filter(l =>
        /^(Still w|W)aiting for a free VM0 run slot/.test(l)
      )
      expect(waits).toHaveLength(1)
      expect(waits[0]).toMatch(
        new RegExp(
          `^Waiting for a free VM0 run slot \\(1 run already active: ${blocker}\\); retrying until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC at the latest`
        )
      )
      // The 'Starting run' group was closed before the wait was said.
      const endGroup = step.parsed.commands.find(c => c.command === 'endgroup')!.line
      expect(runnerLines(step.stdout).indexOf(waits[0]!)).toBeGreaterThan(endGroup)
      // One create by the test, one refused, one accepted: two runs in all, one of them ours.
      expect(creates()).toHaveLength(3)
      const mine = emulator.runs().filter(r => r.prompt === 'Need a slot')
      expect(mine).toHaveLength(1)
      expect(step.outputs['run-id']).toBe(mine[0]!.id)
    })

    it('a 429 answer then success (fault): exactly one run created', async () => {
      emulator.addFault({
        method: 'POST',
        path: '/v1/runs',
        times: 1,
        action: {
          kind: 'status',
          status: 429,
          contentType: 'application/json',
          body: JSON.stringify({
            error: {
              type: 'rate_limit_error',
              code: 'concurrent_run_limit_exceeded',
              message: 'Concurrent run limit exceeded: 1 active run(s) allowed'
            }
          })
        }
      })
      const step = await runStep({ inputs: { ...base(), prompt: 'Need a slot' } })
      expect(step.code).toBe(0)
      expect(creates()).toHaveLength(2)
      expect(emulator.runs()).toHaveLength(1)
      expect(step.outputs['run-id']).toBe(emulator.runs()[0]!.id)
    })

    it('the create starts the run but the connection drops: attaches to it, follows it to the end', async () => {
      emulator.addFault({ method: 'POST', path: '/v1/runs', action: { kind: 'handle-then-reset' } })
      const step = await runStep({ inputs: { ...base(), prompt: 'Lost answer' } })
      expect(step.code).toBe(0)
      expect(creates()).toHaveLength(1)
      const runs = emulator.runs()
      expect(runs).toHaveLength(1)
      expect(step.outputs['run-id']).toBe(runs[0]!.id)
      expect(step.outputs.status).toBe('completed')
      expect(step.outputs.output).toBe('All done.')
      expect(step.parsed.text.join('\n')).toContain(`Found run ${runs[0]!.id}`)
    })

    it('no run to be found after an unknown outcome: fails saying a run may exist and how to find it', async () => {
      // A timeout the client gave up on: the create was answered by nobody, and started nothing.
      emulator.addFault({
        method: 'POST',
        path: '/v1/runs',
        action: { kind: 'status', status: 504, contentType: 'text/html', body: '<h1>504</h1>' }
      })
      const step = await runStep({ inputs: { ...base(), prompt: 'Gateway trouble' } })
      expect(step.code).toBe(1)
      expect(creates()).toHaveLength(1)
      expect(emulator.runs()).toHaveLength(0)
      const message = errorsOf(step).at(-1)!
      expect(message).toMatch(/^A VM0 run may exist/)
      expect(message).toMatch(/VM0 CLI or dashboard/)
      expect(message).toMatch(/`run-id` input/)
    })
  })

  describe('fire-and-forget and attach', () => {
    it('wait: false starts the run and returns; run-id in another step follows it to the end', async () => {
      // The run ends only when the test says so: still active however slow the first step is.
      emulator.setScript('life-agent', { ...quickScript, neverEnds: true })
      const start = await runStep({
        inputs: { ...base(), prompt: 'Start only', wait: 'false' }
      })
      expect(start.code).toBe(0)
      const runId = start.outputs['run-id']!
      expect(emulator.runs().map(r => r.id)).toEqual([runId])
      expect(['pending', 'running']).toContain(start.outputs.status)
      expect(['pending', 'running']).toContain(emulator.getRun(runId)?.status)
      expect(start.outputs.output).toBeUndefined()
      // Handed off on purpose: never saved for the post step to cancel.
      expect(start.state[STATE]).toBeUndefined()

      emulator.requests.length = 0
      const attaching = runStep({
        inputs: { 'vm0-token': emulator.token, 'api-url': emulator.url, 'run-id': runId }
      })
      // Once the second step has read the run, the run ends: it is followed to its end.
      while (!emulator.requests.some(r => r.method === 'GET' && r.path === `/v1/runs/${runId}`)) {
        await new Promise(resolve => setTimeout(resolve, 50))
      }
      emulator.finishRun(runId)
      const attach = await attaching
      expect(attach.code).toBe(0)
      expect(creates()).toHaveLength(0)
      expect(emulator.runs()).toHaveLength(1)
      expect(attach.outputs['run-id']).toBe(runId)
      expect(attach.outputs.status).toBe('completed')
      expect(attach.outputs.output).toBe('All done.')
      expect(attach.parsed.text.join('\n')).toContain(`Attached to run ${runId}`)
    })

    it('run-id of a run that already ended: collects its outcome, starts nothing', async () => {
      const first = await runStep({ inputs: { ...base(), prompt: 'Quick' } })
      const runId = first.outputs['run-id']!
      emulator.requests.length = 0
      const attach = await runStep({
        inputs: { 'vm0-token': emulator.token, 'api-url': emulator.url, 'run-id': runId }
      })
      expect(attach.code).toBe(0)
      expect(creates()).toHaveLength(0)
      expect(attach.outputs.status).toBe('completed')
      expect(attach.outputs.output).toBe('All done.')
    })
  })

  /** Starts a run without the action (another job's run), answering its id. */
  async function createDirectly(prompt: string): Promise<string> {
    emulator.setScript('life-agent', endlessScript)
    const res = await fetch(`${emulator.url}/v1/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ agent: 'life-agent', prompt })
    })
    expect(res.status).toBe(202)
    const { id } = (await res.json()) as { id: string }
    emulator.setScript('life-agent', quickScript)
    return id
  }
})

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}
