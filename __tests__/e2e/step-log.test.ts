/**
 * End to end: the step log of the bundled dist/index.js, read the way the
 * runner reads stdout (emulator/runner/workflow-commands.ts): few fence
 * lines, sandbox lines once each and outside tool groups, the tail of long output, annotations
 * that mean something, Codex runs rendered, and the transcript file.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  codexSampleScript,
  startEmulator,
  testOutput,
  type Emulator,
  type RunScript,
  type ScriptStep
} from '../../emulator/vm0/index.js'
import { runStep, type StepResult } from '../../emulator/runner/harness.js'
import { createRunnerView } from '../support/runner-view.js'

const toolUse = (at: number, id: string, name: string, input: object): ScriptStep => ({
  at,
  agent: { type: 'assistant', message: { content: [{ type: 'tool_use', id, name, input }] } }
})
const toolResult = (at: number, id: string, content: string, isError = false): ScriptStep => ({
  at,
  agent: {
    type: 'user',
    message: { content: [{ type: 'tool_result', tool_use_id: id, content, is_error: isError }] }
  }
})
const say = (at: number, text: string): ScriptStep => ({
  at,
  agent: { type: 'assistant', message: { content: [{ type: 'text', text }] } }
})
const network = (at: number, url: string, status: number): ScriptStep => ({
  at,
  network: { method: 'GET', url, status, duration: 40 }
})
const lines = (n: number, label: string): string =>
  Array.from({ length: n }, (_, i) => `${label} ${i}`).join('\n')

/** Five steps with multi-line tool output, sandbox lines between and during them. */
function typicalScript(final: { failing: boolean }): RunScript {
  const steps: ScriptStep[] = [
    { at: 0, system: 'Sandbox ready: image vm0/claude-code, 2 vCPU, 4 GiB' },
    { at: 100, agent: { type: 'system', subtype: 'init', model: 'claude-test', tools: ['Bash'] } },
    say(200, "I'll look at the project first."),
    toolUse(300, 't1', 'Bash', { command: 'ls -la src' }),
    toolResult(400, 't1', lines(12, '-rw-r--r-- file')),
    toolUse(500, 't2', 'Read', { file_path: 'src/app.ts' }),
    toolResult(600, 't2', lines(30, 'source line')),
    network(650, 'https://api.github.com/repos/acme/widgets/issues/42', 404),
    toolUse(700, 't3', 'Grep', { pattern: 'TODO', path: 'src/' }),
    toolResult(800, 't3', lines(8, 'src/a.ts: TODO')),
    toolUse(900, 't4', 'Bash', { command: 'npm ci' }),
    network(1000, 'https://registry.npmjs.org/typescript', 200),
    // Tools that know they run in Actions print annotations of their own: relayed, they stay text.
    toolResult(
      1100,
      't4',
      `${lines(20, 'added package')}\n::warning file=package.json::deprecated`
    ),
    toolUse(1200, 't5', 'Bash', { command: 'npm test' }),
    toolResult(1400, 't5', `Exit code 1\n${testOutput(400, true)}`, true),
    say(1500, 'One test fails: the greeting lacks punctuation.\nI could not fix it in time.')
  ]
  if (final.failing) {
    // The explaining line and a later one that explains nothing: with batches they share one.
    steps.push({ at: 1600, system: 'Out of memory: Killed process 4242 (node)' })
    steps.push({ at: 1650, system: 'Sandbox stopped: uploading logs' })
    return {
      pendingMs: 20,
      steps,
      durationMs: 1700,
      status: 'failed',
      error: 'Agent exited with code 137'
    }
  }
  steps.push({
    at: 1600,
    agent: { type: 'result', subtype: 'success', result: 'Found the failing test.', num_turns: 6 }
  })
  return { pendingMs: 20, steps, durationMs: 1700 }
}

function annotations(step: StepResult, kind: 'error' | 'warning'): string[] {
  return step.parsed.commands.filter(c => c.command === kind).map(c => c.data)
}

/**
 * Every sandbox line of the typical run is printed once, in a block of its own
 * kind or alone at top level: never inside a tool group (its time cannot place
 * it in the tool call that ran then, since the sandbox uploads lines in batches).
 */
function expectSandboxLinesOnceOutsideToolGroups(run: StepResult): void {
  const sandbox = [
    '[system] Sandbox ready: image vm0/claude-code, 2 vCPU, 4 GiB',
    '[network] GET https://api.github.com/repos/acme/widgets/issues/42 - 404 (40ms)',
    '[network] GET https://registry.npmjs.org/typescript - 200 (40ms)'
  ]
  // Read as the runner shows it: lines inside a group are indented under its title.
  let shown = ''
  createRunnerView(chunk => void (shown += chunk))(run.stdout)
  let group = 'top level'
  const groupOf = new Map<string, string[]>()
  for (const line of shown.split('\n')) {
    if (line.startsWith('▾ ')) group = line.slice(2)
    else if (!line.startsWith('  │ ')) group = 'top level'
    const text = line.replace(/^ {2}│ /, '')
    if (sandbox.includes(text)) groupOf.set(text, [...(groupOf.get(text) ?? []), group])
  }
  // The sandbox uploads lines in batches (docs/vm0-api.md): a line's time cannot place it in
  // the tool call that ran then, so it is in a block of its own kind or alone at top level.
  for (const line of sandbox) {
    expect(groupOf.get(line)).toHaveLength(1)
    expect(groupOf.get(line)![0]).toMatch(/^(top level|Sandbox log|Network requests)/)
  }
}

describe('the step log', () => {
  let emulator: Emulator
  beforeAll(async () => {
    // Sandbox lines one by one at their own time (`sandboxBatchMs: 0`, not the service's 30 s
    // batches): these cases place them by time inside tool groups and pick the trouble line.
    emulator = await startEmulator({ eventTickMs: 100, sandboxBatchMs: 0 })
    emulator.addAgent('typical', { script: typicalScript({ failing: false }) })
    emulator.addAgent('failing', { script: typicalScript({ failing: true }) })
    emulator.addAgent('codex', { script: codexSampleScript() })
  })
  afterAll(async () => {
    await emulator.close()
  })
  beforeEach(() => emulator.reset())
  const step = (agent: string): Promise<StepResult> =>
    runStep({
      inputs: { 'vm0-token': emulator.token, 'api-url': emulator.url, agent, prompt: 'p' }
    })

  it('a typical 5-step run: fence lines are at most 5 % of what the runner displays', async () => {
    const run = await step('typical')
    expect(run.code).toBe(0)
    const { displayed, fenceLines } = run.parsed
    expect(displayed.length).toBeGreaterThan(60)
    expect(fenceLines).toBe(2)
    expect(fenceLines / displayed.length).toBeLessThanOrEqual(0.05)
    expect(run.parsed.text).toContain('::warning file=package.json::deprecated')
    expect(run.parsed.groups.map(g => g.title)).toEqual(
      expect.arrayContaining([
        'Bash: ls -la src',
        'Read: src/app.ts',
        'Grep: TODO in src/',
        'Bash: npm ci',
        '✗ Bash: npm test (exit 1)'
      ])
    )
  })

  it('a successful run with a failed tool and a 4xx fetch raises no annotation', async () => {
    const run = await step('typical')
    expect(run.code).toBe(0)
    expect(annotations(run, 'error')).toEqual([])
    expect(annotations(run, 'warning')).toEqual([])
  })

  it('the last lines of a 400-line failing output are visible, with the cut between', async () => {
    const run = await step('typical')
    const { text } = run.parsed
    expect(text).toContain('✖ greet() punctuates the name (1.2ms)')
    expect(text).toContain("  AssertionError: 'Hello Ada' !== 'Hello, Ada!'")
    expect(text).toContain('ℹ fail 1')
    expect(text.some(l => /^… \d+ lines cut …$/.test(l))).toBe(true)
  })

  it('sandbox lines are printed once each, where they arrive, never inside a tool group', async () => {
    expectSandboxLinesOnceOutsideToolGroups(await step('typical'))
  })

  it('a failed run raises exactly one error, naming the sandbox line that explains it', async () => {
    const run = await step('failing')
    expect(run.code).not.toBe(0)
    const errors = annotations(run, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain("ended with status 'failed': Agent exited with code 137")
    expect(errors[0]).toContain('last sandbox line: Out of memory: Killed process 4242 (node)')
    expect(annotations(run, 'warning').length).toBeLessThanOrEqual(1)
  })

  it('a Codex run: command groups with output and exit code, its last message as output', async () => {
    const run = await step('codex')
    expect(run.code).toBe(0)
    const { groups, text } = run.parsed
    expect(groups.map(g => g.title)).toEqual(
      expect.arrayContaining(['✗ $ npm test (exit 1)', '$ npm test'])
    )
    expect(groups.every(g => !g.title.startsWith('Claude'))).toBe(true)
    expect(text).toContain('Codex session started')
    expect(text).toContain('Thinking: **Running the tests to see what fails**')
    expect(text).toContain('Files changed: update src/greeting.ts')
    expect(text).toContain('ℹ fail 1')
    expect(
      text.some(l =>
        l.startsWith('✔ Agent finished · 1 turn · 24310 in / 1184 out tokens (19200 cache reads)')
      )
    ).toBe(true)
    expect(run.stdout).not.toContain('"type":"item.')
    expect(run.outputs.output).toBe(
      'Fixed `greet()` in src/greeting.ts: it now returns `Hello, <name>!`. All 61 tests pass.'
    )
  })
})

describe("the step log with the service's sandbox batches", () => {
  let emulator: Emulator
  beforeAll(async () => {
    // Batches every 400 ms (the service: 30 s) so that some arrive while a tool call is open.
    emulator = await startEmulator({ eventTickMs: 100, sandboxBatchMs: 400 })
    emulator.addAgent('typical', { script: typicalScript({ failing: false }) })
    emulator.addAgent('failing', { script: typicalScript({ failing: true }) })
  })
  afterAll(async () => {
    await emulator.close()
  })
  const step = (agent: string): Promise<StepResult> =>
    runStep({
      inputs: { 'vm0-token': emulator.token, 'api-url': emulator.url, agent, prompt: 'p' }
    })

  it('every sandbox line once, none inside a tool group, every group closed', async () => {
    const run = await step('typical')
    expect(run.code).toBe(0)
    expectSandboxLinesOnceOutsideToolGroups(run)
    expect(run.parsed.groups.every(g => g.closed)).toBe(true)
  })

  it('a failed run names the one sandbox line that explains it, not its whole batch', async () => {
    const run = await step('failing')
    const errors = annotations(run, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('(last sandbox line: Out of memory: Killed process 4242 (node)).')
  })
})

describe('the transcript file', () => {
  let emulator: Emulator
  const SECRET = 'sk-transcript-secret-value-77'
  const big = `${'x'.repeat(1024 * 1024)}\nthe end ${SECRET}`
  beforeAll(async () => {
    emulator = await startEmulator({ eventTickMs: 100 })
    emulator.addAgent('big', {
      script: {
        pendingMs: 20,
        steps: [
          toolUse(10, 't1', 'Bash', { command: 'cat big.log' }),
          toolResult(20, 't1', big),
          say(30, `line one\r\nline two with "quotes" and \\ and the secret ${SECRET}`),
          { at: 40, agent: { type: 'result', subtype: 'success', result: 'done' } }
        ],
        durationMs: 60,
        lateEvents: [{ type: 'system', subtype: 'late', note: 'after the end' }]
      }
    })
  })
  afterAll(async () => {
    await emulator.close()
  })

  it('holds every event once, as sent, in sequence order, uncut, secrets redacted', async () => {
    const run = await runStep({
      inputs: {
        'vm0-token': emulator.token,
        'api-url': emulator.url,
        agent: 'big',
        prompt: 'p',
        secrets: `API_KEY=${SECRET}`
      }
    })
    expect(run.code).toBe(0)
    const file = run.outputs['transcript-file']!
    expect(file.startsWith(run.job.runnerTemp)).toBe(true)
    const events = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(l => JSON.parse(l) as unknown)
    const sent = emulator.runs()[0]!.events.map(e => e.event)
    // Strings are cleaned as in every channel: `\r\n` becomes `\n`, the secret `***`.
    const redact = (v: unknown): unknown =>
      JSON.parse(JSON.stringify(v).split(SECRET).join('***').replaceAll('\\r\\n', '\\n'))
    expect(events).toEqual(sent.map(redact))
    expect(JSON.stringify(events)).not.toContain(SECRET)
    // The 1 MiB tool result is whole.
    expect(JSON.stringify(events[1])).toContain(`${'x'.repeat(1024 * 1024)}\\nthe end ***`)
  })
})
