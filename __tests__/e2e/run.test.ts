/**
 * End to end: the bundled dist/index.js, run as the GitHub runner runs it,
 * against the VM0 emulator in both dialects.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startEmulator, type Emulator, type RunScript } from '../../emulator/vm0/index.js'
import { createJob, runStep, type StepResult } from '../../emulator/runner/harness.js'

const result = (text: string): object => ({
  type: 'result',
  subtype: 'success',
  result: text,
  total_cost_usd: 0.0312,
  num_turns: 2,
  duration_ms: 900
})

const completedScript: RunScript = {
  pendingMs: 20,
  steps: [
    { at: 0, system: 'sandbox ready' },
    { at: 10, agent: { type: 'system', subtype: 'init', model: 'claude-test', tools: ['Bash'] } },
    {
      at: 20,
      agent: { type: 'assistant', message: { content: [{ type: 'text', text: 'Looking.' }] } }
    },
    {
      at: 30,
      agent: {
        type: 'assistant',
        message: {
          content: [{ type: 'tool_use', id: 'tu1', name: 'Bash', input: { command: 'npm test' } }]
        }
      }
    },
    {
      at: 40,
      network: { method: 'GET', url: 'https://registry.test/x', status: 200, duration: 5 }
    },
    {
      at: 50,
      agent: {
        type: 'user',
        message: { content: [{ type: 'tool_result', tool_use_id: 'tu1', content: 'ok 3 tests' }] }
      }
    },
    { at: 60, agent: result('Done: all 3 tests pass.') }
  ],
  durationMs: 80
}

const SECRET = 'sk-e2e-very-secret-value-42'

function errorsOf(step: StepResult): string[] {
  return step.parsed.commands.filter(c => c.command === 'error').map(c => c.data)
}

function apiRequests(emulator: Emulator, method?: string, path?: RegExp): number {
  return emulator.requests.filter(
    r => r.origin === 'api' && (!method || r.method === method) && (!path || path.test(r.path))
  ).length
}

describe.each(['camel', 'snake'] as const)('a run in the %s dialect', dialect => {
  let emulator: Emulator
  const base = (): Record<string, string> => ({
    'vm0-token': emulator.token,
    'api-url': emulator.url,
    agent: 'e2e-agent'
  })

  beforeAll(async () => {
    emulator = await startEmulator({ dialect, eventTickMs: 50 })
    emulator.addAgent('e2e-agent', { script: completedScript })
    emulator.addAgent('other-agent')
  })
  afterAll(async () => {
    await emulator.close()
  })
  beforeEach(() => {
    emulator.reset()
    emulator.setScript('e2e-agent', completedScript)
  })

  it('completes: outputs parsed, groups closed, exit 0, secrets masked', async () => {
    const job = createJob()
    const step = await runStep({
      job,
      inputs: {
        ...base(),
        prompt: 'Run the tests',
        variables: 'TARGET=main\nMODE=ci',
        secrets: `API_KEY=${SECRET}`
      }
    })
    expect(step.stderr).toBe('')
    expect(step.code).toBe(0)
    const runs = emulator.runs()
    expect(runs).toHaveLength(1)
    const run = runs[0]!
    expect(run.variables).toEqual({ TARGET: 'main', MODE: 'ci' })
    expect(run.secrets).toEqual({ API_KEY: SECRET })
    expect(step.outputs['run-id']).toBe(run.id)
    expect(step.outputs.status).toBe('completed')
    expect(step.outputs.output).toBe('Done: all 3 tests pass.')
    expect(readFileSync(step.outputs['output-file']!, 'utf8')).toBe('Done: all 3 tests pass.')
    expect(step.outputs['cost-usd']).toBe('0.0312')
    expect(step.outputs['num-turns']).toBe('2')
    expect(Number(step.outputs['execution-time-ms'])).toBeGreaterThan(0)
    expect(step.outputs['session-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(step.outputs['checkpoint-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(JSON.parse(step.outputs.metrics!)).toEqual(
      expect.objectContaining({ totalDurationMs: expect.any(Number) })
    )
    // The run id is saved for the post step, then cleared once the run ended.
    expect(step.state['vm0-run-id']).toBe('')

    const { parsed } = step
    expect(parsed.groups.map(g => g.title)).toEqual(['Starting run', 'Bash: npm test'])
    expect(parsed.groups.every(g => g.closed)).toBe(true)
    expect(parsed.text).toEqual(
      expect.arrayContaining([
        '[system] sandbox ready',
        '$ npm test',
        'ok 3 tests',
        'Done: all 3 tests pass.'
      ])
    )
    // Each agent event is printed once.
    expect(parsed.text.filter(l => l === 'Claude: Looking.')).toHaveLength(1)
    // The secret is registered as a mask before it could print, and never printed.
    expect(parsed.masks).toEqual(expect.arrayContaining([SECRET, emulator.token]))
    const firstMask = parsed.commands.findIndex(c => c.command === 'add-mask')
    expect(firstMask).toBe(0)
    expect(step.stdout.split(SECRET).length - 1).toBe(1)
    expect(step.stdout.split(emulator.token).length - 1).toBe(1)
  })

  it('fails the step when the run fails, with the service error as its one annotation', async () => {
    emulator.setScript('e2e-agent', {
      ...completedScript,
      steps: completedScript.steps!.slice(0, 3),
      status: 'failed',
      error: 'Agent crashed: out of memory'
    })
    const step = await runStep({ inputs: { ...base(), prompt: 'Run' } })
    expect(step.code).toBe(1)
    expect(step.outputs.status).toBe('failed')
    expect(step.outputs.error).toBe('Agent crashed: out of memory')
    // One error annotation: the step's failure, carrying the service's error.
    const errors = errorsOf(step)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(
      /ended with status 'failed': Agent crashed: out of memory.*fail-on-error: false/
    )
  })

  it('lets the step pass with fail-on-error: false, status still reported', async () => {
    emulator.setScript('e2e-agent', { ...completedScript, status: 'failed', error: 'boom' })
    const step = await runStep({ inputs: { ...base(), prompt: 'Run', 'fail-on-error': 'false' } })
    expect(step.code).toBe(0)
    expect(step.outputs.status).toBe('failed')
    expect(step.outputs.error).toBe('boom')
  })

  it('times out: fails, says so, and cancels the remote run', async () => {
    emulator.setScript('e2e-agent', { neverEnds: true, steps: [{ at: 0, system: 'working' }] })
    const step = await runStep({ inputs: { ...base(), prompt: 'Run', timeout: '2s' } })
    expect(step.code).toBe(1)
    expect(errorsOf(step).at(-1)).toMatch(/did not end within the `timeout` of 2s.*cancelled/)
    const run = emulator.runs()[0]!
    expect(apiRequests(emulator, 'POST', new RegExp(`/v1/runs/${run.id}/cancel$`))).toBe(1)
    expect(emulator.getRun(run.id)?.status).toBe('cancelled')
    // The action's `timeout` ended the wait: `timeout`, whatever the cancel did.
    expect(step.outputs.status).toBe('timeout')
    expect(step.state['vm0-run-id']).toBe('')
  })

  it('names an unknown agent and lists the ones that exist, starting nothing', async () => {
    const step = await runStep({ inputs: { ...base(), agent: 'no-such-agent', prompt: 'Run' } })
    expect(step.code).toBe(1)
    const message = errorsOf(step).at(-1)!
    expect(message).toContain("no agent 'no-such-agent'")
    expect(message).toContain('e2e-agent')
    expect(message).toContain('other-agent')
    expect(emulator.runs()).toHaveLength(0)
    expect(step.outputs['run-id']).toBeUndefined()
    expect(step.outputs.status).toBe('not-started')
    expect(step.outputs.error).toBe(message)
  })

  it('says to check vm0-token on a 401, never echoing the token', async () => {
    const wrong = 'vm0_live_WRONGwrongWRONGwrongWRONGwrongWRONGwron'
    const step = await runStep({ inputs: { ...base(), 'vm0-token': wrong, prompt: 'Run' } })
    expect(step.code).toBe(1)
    expect(errorsOf(step).at(-1)).toMatch(/vm0-token/)
    expect(step.stdout.split(wrong).length - 1).toBe(1) // only the add-mask line
    expect(step.stderr).not.toContain(wrong)
    expect(emulator.runs()).toHaveLength(0)
  })

  it('cancels the run when following it fails (the token is refused mid-run)', async () => {
    emulator.setScript('e2e-agent', { neverEnds: true, steps: [{ at: 0, system: 'working' }] })
    const refused = {
      kind: 'status' as const,
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({
        error: { type: 'authentication_error', code: 'invalid_api_key', message: 'Invalid API key' }
      })
    }
    // Reads of the run and its stream are refused; the create and the cancel are not.
    emulator.addFault({
      method: 'GET',
      path: /^\/v1\/runs\/[^/]+(\/events|\/logs)?$/,
      times: Infinity,
      action: refused
    })
    const step = await runStep({ inputs: { ...base(), prompt: 'Run' } })
    expect(step.code).toBe(1)
    expect(errorsOf(step).at(-1)).toMatch(/vm0-token/)
    const run = emulator.runs()[0]!
    expect(apiRequests(emulator, 'POST', new RegExp(`/v1/runs/${run.id}/cancel$`))).toBe(1)
    expect(emulator.getRun(run.id)?.status).toBe('cancelled')
    expect(step.state['vm0-run-id']).toBe('')
  })

  it('fails clearly on a 500 from create, and never creates a second run', async () => {
    emulator.addFault({
      method: 'POST',
      path: '/v1/runs',
      action: {
        kind: 'status',
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { type: 'api_error', code: 'internal_error', message: 'Internal error' }
        })
      }
    })
    const step = await runStep({ inputs: { ...base(), prompt: 'Run' } })
    expect(step.code).toBe(1)
    expect(errorsOf(step).at(-1)).toMatch(/500/)
    expect(apiRequests(emulator, 'POST', /^\/v1\/runs$/)).toBe(1)
  })
})

describe('bad input: a clear error, and nothing started', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator({ eventTickMs: 50 })
    emulator.addAgent('e2e-agent', { script: completedScript })
  })
  afterAll(async () => {
    await emulator.close()
  })
  beforeEach(() => emulator.reset())

  const cases: Array<[string, Record<string, string>, RegExp[]]> = [
    [
      'no token',
      { 'vm0-token': '', prompt: 'x', agent: 'a' },
      [/`vm0-token`/, /VM0_TOKEN/, /fork/]
    ],
    ['no prompt', { agent: 'a' }, [/`prompt`/, /`prompt-file`/]],
    [
      'prompt and prompt-file',
      { agent: 'a', prompt: 'x', 'prompt-file': 'p.txt' },
      [/`prompt`/, /`prompt-file`/]
    ],
    [
      'unreadable prompt file',
      { agent: 'a', 'prompt-file': 'missing/prompt.md' },
      [/`prompt-file`/, /missing\/prompt\.md/]
    ],
    ['no agent', { prompt: 'x' }, [/`agent`/, /`agent-id`/, /`session-id`/, /`checkpoint-id`/]],
    [
      'malformed variables',
      { agent: 'a', prompt: 'x', variables: 'NOT A PAIR' },
      [/`variables`/, /KEY=value/]
    ],
    ['malformed secrets', { agent: 'a', prompt: 'x', secrets: '{"K": 42}' }, [/`secrets`/]],
    [
      'malformed volumes',
      { agent: 'a', prompt: 'x', volumes: 'data=not-hex!' },
      [/`volumes`/, /latest/]
    ],
    ['bad timeout', { agent: 'a', prompt: 'x', timeout: 'soon' }, [/`timeout`/, /'soon'/, /90s/]]
  ]

  it.each(cases)('%s', async (_name, inputs, patterns) => {
    const step = await runStep({
      inputs: { 'vm0-token': emulator.token, 'api-url': emulator.url, ...inputs }
    })
    expect(step.code).toBe(1)
    const message = step.parsed.commands
      .filter(c => c.command === 'error')
      .map(c => c.data)
      .join('\n')
    for (const pattern of patterns) expect(message).toMatch(pattern)
    expect(emulator.requests).toHaveLength(0)
    expect(step.outputs).toEqual({})
  })

  it('never shows a secret value in the error about malformed secrets', async () => {
    const step = await runStep({
      inputs: {
        'vm0-token': emulator.token,
        'api-url': emulator.url,
        agent: 'a',
        prompt: 'x',
        secrets: `GOOD=${SECRET}\nbad key=${SECRET}-2`
      }
    })
    expect(step.code).toBe(1)
    const errors = step.parsed.commands
      .filter(c => c.command === 'error')
      .map(c => c.data)
      .join('\n')
    expect(errors).toMatch(/`secrets`/)
    expect(errors).not.toContain(SECRET)
    expect(emulator.requests).toHaveLength(0)
  })
})
