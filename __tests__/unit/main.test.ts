/**
 * The pipeline in-process: every way a run can end, driven through `run()`
 * with a typed `@actions/core` fixture, a scripted VM0 client and scripted
 * follow and collect phases. Asserts what later steps and the post step see:
 * outputs, the step's failure, the saved run id, and which cancels were sent.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { CoreRecord, coreModule } from '../support/core-fixture.js'
import { FakeVm0, RUN_ID, aRun, apiError } from '../support/fake-vm0.js'
import type { CollectResult } from '../../src/artifacts/types.js'
import type { Collected } from '../../src/run/outcome.js'
import type { Follow } from '../../src/run/wait.js'
import type { Followed, WaitEnd } from '../../src/follow/follower.js'
import type { Printer } from '../../src/render/printer.js'
import type { AgentResult } from '../../src/agent/model.js'
import type { MetricsSummary } from '../../src/vm0/types.js'
import { systemClock, type Clock } from '../../src/base/clock.js'
import { FakeClock } from '../support/fake-clock.js'

const record = new CoreRecord()
jest.unstable_mockModule('@actions/core', () => coreModule(record))
const { run } = await import('../../src/main.js')
const { FollowError } = await import('../../src/follow/follower.js')
const { STATE_RUN_ID } = await import('../../src/run/state.js')

const actionYaml = parseYaml(
  readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')
) as {
  inputs: Record<string, { default?: string }>
}
const defaults = Object.fromEntries(
  Object.entries(actionYaml.inputs).map(([name, spec]) => [name, spec.default ?? ''])
)

const TOKEN = 'vm0_live_in_process_test_token_0123456789'
let dir: string
let client: FakeVm0
let interrupt: AbortController
let printed: string[]

const printer: Printer = {
  info: t => void printed.push(t),
  untrusted: lines => void printed.push(...lines),
  startGroup: t => void printed.push(`group: ${t}`),
  endGroup: () => void printed.push('endgroup'),
  warning: t => void printed.push(`warning: ${t}`),
  error: t => void printed.push(`error: ${t}`)
}

const result: AgentResult = {
  text: `The answer, with the token ${TOKEN} the agent echoed.`,
  costUsd: 0.0123,
  numTurns: 4,
  durationMs: 1000,
  isError: false,
  subtype: 'success',
  usage: { inputTokens: 1200, outputTokens: 340, cacheReadTokens: 5000 }
}

/** A follow phase that ends the way the test says, after what it says was seen. */
function follows(
  end: WaitEnd,
  final: AgentResult | null = result,
  troubleLine: string | null = null,
  timing: Followed['timing'] = { startMs: null, endMs: null, spans: [], droppedSpans: 0, tools: [] }
): Follow {
  return async (_client, _run, options): Promise<Followed> => ({
    end,
    result: final,
    logTail: ['last sandbox line'],
    timing,
    lastStatus: 'running',
    troubleLine,
    transcriptFile: options.transcript?.path ?? null
  })
}

function collects(
  value: Collected<CollectResult>
): jest.Mock<() => Promise<Collected<CollectResult>>> {
  return jest.fn(async () => value)
}

const collectedFiles: CollectResult = {
  artifactVersion: 'abc123',
  artifactsPath: '/tmp/files',
  files: [{ path: 'a.txt', size: 3 }],
  totalBytes: 3,
  skipped: [],
  upload: {
    id: 42,
    name: 'vm0-output',
    url: 'https://github.com/a/b/actions/runs/1/artifacts/42',
    digest: 'sha256:0'
  }
}

async function runAction(
  inputs: Record<string, string>,
  phases: { follow?: Follow; collect?: ReturnType<typeof collects>; clock?: Clock } = {}
): Promise<void> {
  record.inputs = { ...defaults, 'vm0-token': TOKEN, agent: 'reviewer', prompt: 'hello', ...inputs }
  await run({
    printer,
    env: { RUNNER_TEMP: dir, GITHUB_STEP_SUMMARY: join(dir, 'summary.md') },
    signal: interrupt.signal,
    createClient: () => client,
    follow: phases.follow ?? follows({ kind: 'ended', run: aRun({ status: 'completed' }) }),
    collect: phases.collect ?? collects({ files: null, error: null }),
    ...(phases.clock ? { clock: phases.clock } : {})
  })
}

function summary(): string {
  try {
    return readFileSync(join(dir, 'summary.md'), 'utf8')
  } catch {
    return ''
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vm0-main-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))
beforeEach(() => {
  record.reset()
  client = new FakeVm0()
  interrupt = new AbortController()
  printed = []
  writeFileSync(join(dir, 'summary.md'), '')
})

describe('a run that ends on VM0', () => {
  it('completed: every output set, the answer redacted, the run id held then released, no failure', async () => {
    const finalRun = aRun({
      status: 'completed',
      executionTimeMs: 4200,
      sessionId: 's-1',
      checkpointId: 'c-1'
    })
    await runAction({}, { follow: follows({ kind: 'ended', run: finalRun }) })
    expect(record.failed).toBeNull()
    expect(record.outputs.get('run-id')).toBe(RUN_ID)
    expect(record.outputs.get('status')).toBe('completed')
    expect(record.outputs.has('error')).toBe(false)
    expect(record.outputs.get('output')).toBe('The answer, with the token *** the agent echoed.')
    expect(readFileSync(record.outputs.get('output-file') ?? '', 'utf8')).not.toContain(TOKEN)
    expect(record.outputs.get('execution-time-ms')).toBe('4200')
    expect(record.outputs.get('session-id')).toBe('s-1')
    expect(record.outputs.get('checkpoint-id')).toBe('c-1')
    expect(record.outputs.get('cost-usd')).toBe('0.0123')
    expect(record.outputs.get('num-turns')).toBe('4')
    expect(record.outputs.get('input-tokens')).toBe('1200')
    expect(record.outputs.get('output-tokens')).toBe('340')
    expect(JSON.parse(record.outputs.get('metrics') ?? '')).toMatchObject({
      totalDurationMs: 4200,
      samples: 3
    })
    expect(record.stateHistory).toEqual([
      [STATE_RUN_ID, RUN_ID],
      [STATE_RUN_ID, '']
    ])
    expect(client.calls).not.toContain(`cancelRun ${RUN_ID}`)
    expect(record.log).toContain(`Run ${RUN_ID} completed in 4.2 s.`)
    expect(summary()).toContain('completed')
    expect(summary()).not.toContain(TOKEN)
    // comment-on-pr is off, yet the comment a later job may post is there: marked, redacted.
    const comment = record.outputs.get('comment-body') ?? ''
    expect(comment).toMatch(/^<!-- vm0-run-action:/)
    expect(comment).toContain('The answer, with the token \\*\\*\\* the agent echoed.')
    expect(comment).not.toContain(TOKEN)
  })

  it('failed: the step fails with the run error, its only error annotation', async () => {
    const follow = follows({
      kind: 'ended',
      run: aRun({ status: 'failed', error: 'out of memory' })
    })
    await runAction({}, { follow })
    expect(record.result).toEqual({
      status: 'failed',
      error: 'out of memory',
      failed: `VM0 run ${RUN_ID} ended with status 'failed': out of memory. Set 'fail-on-error: false' to let the step pass anyway.`
    })
    // The step's failure is the one error annotation: nothing else raises one.
    expect(record.errors).toEqual([])
    expect(record.warnings).toEqual([])
    expect(record.state.get(STATE_RUN_ID)).toBe('')
  })

  it('failed: the one error names the last sandbox line that explains it', async () => {
    const follow = follows(
      { kind: 'ended', run: aRun({ status: 'failed', error: 'Agent exited with code 137' }) },
      null,
      '[system] Out of memory: Killed process 4242 (node)'
    )
    await runAction({}, { follow })
    expect(record.failed).toBe(
      `VM0 run ${RUN_ID} ended with status 'failed': Agent exited with code 137 (last sandbox line: Out of memory: Killed process 4242 (node)). Set 'fail-on-error: false' to let the step pass anyway.`
    )
    expect(record.errors).toEqual([])
  })

  it('failed with fail-on-error: false: the step passes with one warning, status and error still set', async () => {
    const follow = follows({ kind: 'ended', run: aRun({ status: 'failed', error: 'boom' }) })
    await runAction({ 'fail-on-error': 'false' }, { follow })
    expect(record.result).toEqual({ status: 'failed', error: 'boom', failed: null })
    expect(record.errors).toEqual([])
    expect(record.warnings).toEqual([
      `VM0 run ${RUN_ID} ended with status 'failed': boom (fail-on-error: false, so the step passes).`
    ])
  })

  it('the transcript file is made in the run folder and named in transcript-file', async () => {
    await runAction({})
    const file = record.outputs.get('transcript-file')
    expect(file).toBe(join(dir, `vm0-${RUN_ID}`, 'transcript.jsonl'))
    expect(readFileSync(file!, 'utf8')).toBe('')
  })
})

describe('what the report keeps out', () => {
  it('a secret in a tool call shows in no chart, not even cut to its first characters', async () => {
    const title = `Bash: curl -H "Authorization: Bearer ${TOKEN}" https://api.test/x`
    const timing: Followed['timing'] = {
      startMs: 1_000,
      endMs: 9_000,
      spans: [
        { kind: 'tool', name: 'Bash', label: title, startMs: 2_000, endMs: 8_000, failed: false }
      ],
      droppedSpans: 0,
      tools: [{ name: 'Bash', calls: 1, failures: 0, totalMs: 6_000 }]
    }
    const end: WaitEnd = { kind: 'ended', run: aRun({ status: 'completed' }) }
    await runAction({}, { follow: follows(end, result, null, timing) })
    expect(summary()).toContain('gantt')
    // The chart reshapes labels (`_` to spaces, cut at 40): without redaction first, the
    // token's first characters would be left after 'Bearer'.
    expect(summary()).toContain('Bearer')
    expect(summary()).not.toMatch(/Bearer\s+vm0/)
  })

  it('an answer file that cannot be written costs that output only, with a warning', async () => {
    const notAFolder = join(dir, 'runner-temp-is-a-file')
    writeFileSync(notAFolder, '')
    record.inputs = { ...defaults, 'vm0-token': TOKEN, agent: 'reviewer', prompt: 'hello' }
    await run({
      printer,
      env: { RUNNER_TEMP: notAFolder, GITHUB_STEP_SUMMARY: join(dir, 'summary.md') },
      signal: interrupt.signal,
      createClient: () => client,
      follow: follows({ kind: 'ended', run: aRun({ status: 'completed' }) }),
      collect: collects({ files: null, error: null })
    })
    expect(record.failed).toBeNull()
    expect(record.outputs.get('status')).toBe('completed')
    expect(record.outputs.has('output-file')).toBe(false)
    expect(record.warnings.join('\n')).toContain('could not be written to a file (output-file)')
    expect(summary()).toContain('completed')
  })
})

describe('a wait that stops before the run ends', () => {
  it('timeout: the run is cancelled, the step fails saying so, the run id released', async () => {
    await runAction({ timeout: '30m' }, { follow: follows({ kind: 'timeout', run: null }) })
    expect(client.calls).toContain(`cancelRun ${RUN_ID}`)
    // `timeout`, not the run's `cancelled`: the output, the title and the status line agree.
    expect(record.result).toEqual({
      status: 'timeout',
      error: `The run did not end within the \`timeout\` of 30m; VM0 run ${RUN_ID} was cancelled.`,
      failed: `The run did not end within the \`timeout\` of 30m; VM0 run ${RUN_ID} was cancelled.`
    })
    expect(record.state.get(STATE_RUN_ID)).toBe('')
    // The action's own timeout: the title says "timed out", not "cancelled".
    expect(summary()).toMatch(/^## ⏱ \S+ timed out after 30m \(cancelled by the action\)$/m)
    expect(summary()).toMatch(/^\*\*timeout\*\*/m)
    expect(summary()).toContain('| Run on VM0 | `cancelled` |')
  })

  it('timeout: the summary names the call still running, its subject redacted before the chart reshapes it', async () => {
    const secret = 'pa%ss:wo#rd;42xyz'
    const t0 = Date.UTC(2026, 0, 1)
    const spans = [
      {
        kind: 'tool' as const,
        name: 'Bash',
        label: `Bash: curl -u ${secret} https://x.example`,
        subject: `curl -u ${secret} https://x.example`,
        startMs: t0 + 1000,
        endMs: null,
        failed: false
      }
    ]
    const timing = {
      startMs: t0,
      endMs: t0 + 1000,
      spans,
      droppedSpans: 0,
      tools: [],
      readAtMs: t0 + 19_000
    }
    await runAction(
      { timeout: '30m', secrets: `PASS=${secret}` },
      { follow: follows({ kind: 'timeout', run: null }, result, null, timing) }
    )
    const page = summary()
    expect(page).toContain(
      'Still running when the wait stopped: `Bash: curl -u *** https://x.example` (18s so far).'
    )
    expect(page).toMatch(
      /^ {2}curl -u \*\*\* https∶\/\/x\.example \(running, 18s so far\) : active, 1000, 19000$/m
    )
    expect(page).not.toContain('wo#rd')
    expect(page).not.toContain('wo＃rd')
  })

  it('a run VM0 itself timed out: the call open at its end shows as running until then', async () => {
    const t0 = Date.UTC(2026, 0, 1)
    const timing = {
      startMs: t0,
      endMs: t0 + 1000,
      spans: [
        {
          kind: 'tool' as const,
          name: 'Bash',
          label: 'Bash: npm run e2e',
          subject: 'npm run e2e',
          startMs: t0 + 1000,
          endMs: null,
          failed: false
        }
      ],
      droppedSpans: 0,
      tools: [{ name: 'Bash', calls: 1, failures: 0, totalMs: 0 }]
    }
    const ended = aRun({ status: 'timeout', completedAt: new Date(t0 + 4000).toISOString() })
    await runAction({}, { follow: follows({ kind: 'ended', run: ended }, result, null, timing) })
    const page = summary()
    expect(page).toContain('Still running when the run ended: `Bash: npm run e2e` (3s so far).')
    expect(page).toMatch(/\(running, 3s so far\) : active, 1000, 4000$/m)
  })

  it('timeout with cancel-on-timeout: false: nothing cancelled, the run keeps going, the step fails', async () => {
    await runAction(
      { timeout: '30m', 'cancel-on-timeout': 'false' },
      { follow: follows({ kind: 'timeout', run: aRun({ status: 'running' }) }) }
    )
    expect(client.calls.filter(c => c.startsWith('cancelRun'))).toEqual([])
    // The limit ended the wait whatever the cancel did; `error` says the run keeps going.
    expect(record.outputs.get('status')).toBe('timeout')
    expect(record.outputs.get('error')).toContain('keeps going (cancel-on-timeout: false)')
    expect(record.failed).toContain(
      'keeps going (cancel-on-timeout: false); attach later with run-id'
    )
    expect(record.state.get(STATE_RUN_ID)).toBe('')
  })

  it('idle: the run is cancelled and the message names idle-timeout', async () => {
    await runAction({ 'idle-timeout': '5m' }, { follow: follows({ kind: 'idle', run: null }) })
    expect(client.calls).toContain(`cancelRun ${RUN_ID}`)
    expect(record.failed).toBe(
      `Nothing arrived from the run for the \`idle-timeout\` of 5m; VM0 run ${RUN_ID} was cancelled.`
    )
    // One word for both limits: `timeout`, the title says which.
    expect(record.outputs.get('status')).toBe('timeout')
    expect(summary()).toMatch(
      /^## ⏱ \S+ timed out: nothing arrived for 5m, the `idle-timeout` \(cancelled by the action\)$/m
    )
  })

  it('cancelled by a signal: the run is cancelled and the step fails; with fail-on-error: false it passes', async () => {
    await runAction({}, { follow: follows({ kind: 'aborted', run: null }) })
    expect(record.result).toEqual({
      status: 'cancelled',
      error: `The workflow was cancelled; VM0 run ${RUN_ID} was cancelled.`,
      failed: `The workflow was cancelled; VM0 run ${RUN_ID} was cancelled.`
    })
    record.reset()
    await runAction(
      { 'fail-on-error': 'false' },
      { follow: follows({ kind: 'aborted', run: null }) }
    )
    expect(record.result).toEqual({
      status: 'cancelled',
      error: `The workflow was cancelled; VM0 run ${RUN_ID} was cancelled.`,
      failed: null
    })
  })

  it('a cancel that fails keeps the run id for the post step and warns', async () => {
    client.cancelled = apiError(500, 'internal_error', 'down')
    await runAction({}, { follow: follows({ kind: 'timeout', run: null }) })
    expect(record.state.get(STATE_RUN_ID)).toBe(RUN_ID)
    expect(record.warnings.join('\n')).toContain(`Could not cancel VM0 run ${RUN_ID}`)
    expect(record.failed).toContain('cancelling VM0 run')
    expect(record.failed).toContain('the post step tries again')
    // The title does not claim a cancel that failed.
    expect(summary()).toMatch(/^## ⏱ \S+ timed out after \S+ \(cancelling it failed\)$/m)
  })

  it('invalid_state on cancel means the run had already ended: released, its status read', async () => {
    client.cancelled = apiError(409, 'invalid_state', 'Run is not active')
    client.current = aRun({ status: 'completed' })
    await runAction({}, { follow: follows({ kind: 'timeout', run: null }) })
    expect(client.calls).toEqual(
      expect.arrayContaining([`cancelRun ${RUN_ID}`, `getRun ${RUN_ID}`])
    )
    expect(record.state.get(STATE_RUN_ID)).toBe('')
    // The timeout ended the wait (the step fails for it): `timeout`, the run's own status beside it.
    expect(record.outputs.get('status')).toBe('timeout')
    expect(summary()).toContain('| Run on VM0 | `completed` |')
    // The cancel raced the run's own end: the error says so, not that it was cancelled.
    expect(record.outputs.get('error')).toContain(`VM0 run ${RUN_ID} had already ended (completed)`)
    expect(record.outputs.get('error')).not.toContain('was cancelled')
    expect(summary()).toMatch(/^## ⏱ \S+ timed out after \S+ \(the run had already ended\)$/m)
  })
})

describe('reads after the run, under the deadline', () => {
  /**
   * A metrics read that answers only by failing when its signal aborts (a
   * service that hangs); `onRead` runs as the read starts.
   */
  function hangingMetrics(onRead = (): void => {}): void {
    client.getMetrics = async (_id?: string, opts?: { signal?: AbortSignal }) =>
      new Promise<MetricsSummary>((_resolve, reject) => {
        opts?.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true })
        onRead()
      })
  }

  it('a metrics read that hangs ends at the timeout; the run still ends completed', async () => {
    hangingMetrics()
    const clock = new FakeClock()
    const started = clock.now()
    await clock.run(runAction({ timeout: '1s' }, { clock }))
    // Ended by the 1 s `timeout` on the action's clock, not by anything else.
    expect(clock.now() - started).toBeLessThanOrEqual(1000)
    expect(
      record.log.some(l => l.startsWith('Run metrics are not available: not read within'))
    ).toBe(true)
    expect(record.outputs.get('status')).toBe('completed')
    expect(record.failed).toBeNull()
  })

  it('a metrics read that hangs ends when the workflow is cancelled', async () => {
    hangingMetrics(() => interrupt.abort())
    await runAction({})
    expect(record.log).toContain('Run metrics are not available: the workflow was cancelled')
  })
})

describe('no run to follow', () => {
  it('a failed attach (unknown run-id) sets status not-started and error, and fails', async () => {
    client.current = apiError(404, 'not_found', `Run ${RUN_ID} not found`)
    await runAction({ 'run-id': RUN_ID, agent: '', prompt: '' })
    expect(record.result).toEqual({
      status: 'not-started',
      error: `Run ${RUN_ID} not found`,
      failed: `Run ${RUN_ID} not found`
    })
    expect(record.stateHistory).toEqual([])
    expect(client.calls).not.toContain('createRun')
  })

  it('an attach answered with another run id follows nothing, cancels nothing and fails', async () => {
    client.current = aRun({ id: 'someone-elses-run' })
    const follow = jest.fn(follows({ kind: 'ended', run: aRun({ status: 'completed' }) }))
    await runAction({ 'run-id': RUN_ID, agent: '', prompt: '' }, { follow })
    expect(record.outputs.get('status')).toBe('not-started')
    expect(record.failed).toContain(`Asked for run ${RUN_ID}`)
    expect(record.failed).toContain('a different run')
    expect(record.failed).not.toContain('someone-elses-run')
    expect(record.outputs.get('run-id') ?? '').toBe('')
    expect(record.stateHistory).toEqual([])
    expect(follow).not.toHaveBeenCalled()
    expect(client.calls).toEqual([`getRun ${RUN_ID}`])
  })

  it('a failed start sets status not-started and error; nothing is saved for the post step', async () => {
    client.created = apiError(400, 'bad_request', 'prompt is too long')
    await runAction({})
    expect(record.result).toEqual({
      status: 'not-started',
      error: 'prompt is too long',
      failed: 'prompt is too long'
    })
    expect(record.stateHistory).toEqual([])
    expect(summary()).toBe('')
  })

  it('a workflow cancelled before the create sets status cancelled and starts nothing', async () => {
    interrupt.abort()
    await runAction({})
    expect(client.calls).not.toContain('createRun')
    expect(record.outputs.get('status')).toBe('cancelled')
    expect(record.failed).toMatch(/cancelled before the VM0 run was started/)
  })

  it('a workflow cancelled while the create is in flight cancels the run it made', async () => {
    client.onCreate = () => interrupt.abort()
    await runAction({})
    expect(client.calls).toEqual(['createRun', `cancelRun ${RUN_ID}`])
    expect(record.outputs.get('run-id')).toBe(RUN_ID)
    expect(record.outputs.get('status')).toBe('cancelled')
    expect(record.failed).toBe(
      `The workflow was cancelled while the run was starting; VM0 run ${RUN_ID} was cancelled.`
    )
    expect(record.state.get(STATE_RUN_ID)).toBe('')
  })

  it('wait: false hands the run off: never saved for the post step, never followed', async () => {
    const follow = jest.fn<Follow>()
    await runAction({ wait: 'false' }, { follow })
    expect(follow).not.toHaveBeenCalled()
    expect(record.result).toEqual({ status: 'running', failed: null })
    expect(record.stateHistory).toEqual([])
    expect(summary()).toContain(`attach later with run-id ${RUN_ID}`)
  })
})

describe('failures after the run exists', () => {
  it('following fails: the run is cancelled, status and error set, the step fails with the cause', async () => {
    const follow: Follow = async () => {
      throw new FollowError(apiError(401, 'unauthorized', 'Invalid API key'), {
        result: null,
        logTail: ['before the failure'],
        timing: { startMs: null, endMs: null, spans: [], droppedSpans: 0, tools: [] },
        lastStatus: 'running',
        troubleLine: null,
        transcriptFile: null
      })
    }
    await runAction({}, { follow })
    expect(client.calls).toContain(`cancelRun ${RUN_ID}`)
    expect(record.result).toEqual({
      status: 'cancelled',
      error: 'Invalid API key',
      failed: 'Invalid API key'
    })
    expect(record.state.get(STATE_RUN_ID)).toBe('')
    expect(summary()).toContain('before the failure')
    expect(summary()).toMatch(/^## ❌ \S+: following the run failed \(cancelled by the action\)$/m)
    // A cancel that failed is not claimed.
    record.reset()
    client.cancelled = apiError(500, 'internal_error', 'down')
    await runAction({}, { follow })
    expect(summary()).toMatch(/^## ❌ \S+: following the run failed \(cancelling it failed\)$/m)
  })

  it('collecting fails after a completed run: outputs set, the step fails with the collection error', async () => {
    const collect = collects({ files: null, error: new Error('upload refused: 403') })
    await runAction({ 'artifact-name': 'out' }, { collect })
    expect(collect).toHaveBeenCalledTimes(1)
    expect(record.outputs.get('status')).toBe('completed')
    expect(record.outputs.get('output')).toContain('The answer')
    expect(record.failed).toBe('upload refused: 403')
    expect(record.errors).toEqual([])
  })

  it('collecting fails after a failed run: the run fails the step, the collection is one extra error', async () => {
    const collect = collects({ files: null, error: new Error('download failed') })
    const follow = follows({ kind: 'ended', run: aRun({ status: 'failed', error: 'exit 1' }) })
    await runAction({ 'artifact-name': 'out' }, { follow, collect })
    expect(record.failed).toMatch(/ended with status 'failed': exit 1/)
    expect(record.errors).toEqual(['Collecting the output files failed too: download failed'])
  })

  it("collect gets `timeout`'s end in the pipeline clock's terms, with that clock", async () => {
    // A clock far from the machine's: any conversion to Date.now() would show in the deadline.
    const start = Date.UTC(2040, 0, 1)
    const clock: Clock = { now: () => start, sleep: (ms, signal) => systemClock.sleep(ms, signal) }
    const collect = collects({ files: null, error: null })
    record.inputs = { ...defaults, 'vm0-token': TOKEN, agent: 'reviewer', prompt: 'hello' }
    record.inputs['artifact-name'] = 'out'
    record.inputs.timeout = '30m'
    await run({
      printer,
      env: { RUNNER_TEMP: dir, GITHUB_STEP_SUMMARY: join(dir, 'summary.md') },
      signal: interrupt.signal,
      clock,
      createClient: () => client,
      follow: follows({ kind: 'ended', run: aRun({ status: 'completed' }) }),
      collect
    })
    const [options] = collect.mock.calls[0] as unknown as [Record<string, unknown>]
    expect(options).toMatchObject({ deadlineMs: start + 30 * 60_000 })
    expect(options['clock']).toBe(clock)
  })

  it('collected files set the artifact outputs', async () => {
    await runAction(
      { 'artifact-name': 'out' },
      { collect: collects({ files: collectedFiles, error: null }) }
    )
    expect(record.failed).toBeNull()
    expect(record.outputs.get('artifact-version')).toBe('abc123')
    expect(record.outputs.get('artifacts-path')).toBe('/tmp/files')
    expect(record.outputs.get('artifact-id')).toBe('42')
    expect(record.outputs.get('artifact-digest')).toBe('sha256:0')
    // The summary names where the files came from.
    expect(summary()).toContain('from VM0 artifact `out` version `abc123`')
    expect(record.log).toContain(`Run ${RUN_ID} completed; 1 output file(s) in /tmp/files.`)
  })

  it('an unexpected error fails the step with its message and puts its stack in the debug log', async () => {
    record.inputs = { ...defaults, 'vm0-token': TOKEN, agent: 'reviewer', prompt: 'hello' }
    await run({
      printer,
      env: { RUNNER_TEMP: dir },
      signal: interrupt.signal,
      createClient: () => {
        throw new TypeError('cannot read properties of undefined')
      }
    })
    expect(record.failed).toBe('cannot read properties of undefined')
    expect(record.debug.join('\n')).toMatch(
      /TypeError: cannot read properties of undefined\n\s+at /
    )
  })
})

describe('bad input', () => {
  it('fails before any request, sets no status, saves nothing', async () => {
    await runAction({ timeout: 'soon' })
    expect(record.failed).toMatch(/timeout/)
    expect(client.calls).toEqual([])
    expect(record.outputs.size).toBe(0)
    expect(record.stateHistory).toEqual([])
  })
})
