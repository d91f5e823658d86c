/**
 * The pipeline in-process on the platform backend: every way a platform run
 * can end, driven through `run()` with the `@actions/core` fixture, a
 * scripted platform client and scripted follow and collect phases. A
 * personal key (`vm0_pat_…`) selects the platform.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { CoreRecord, coreModule } from '../support/core-fixture.js'
import { RUN_ID, aRun } from '../support/fake-vm0.js'
import {
  AGENT_ID,
  FakePlatform,
  MESSAGE_ID,
  THREAD_ID,
  missing,
  threadEvent
} from '../support/fake-platform.js'
import type { CollectResult } from '../../src/artifacts/types.js'
import type { PublishedOptions } from '../../src/artifacts/published.js'
import type { FollowPlatform } from '../../src/backend/platform.js'
import type { Followed, WaitEnd } from '../../src/follow/follower.js'
import type { Clock } from '../../src/base/clock.js'
import type { Collected } from '../../src/run/outcome.js'
import type { ThreadEvent } from '../../src/platform/read.js'
import type { Printer } from '../../src/render/printer.js'

const record = new CoreRecord()
jest.unstable_mockModule('@actions/core', () => coreModule(record))
const { run } = await import('../../src/main.js')
const { STATE_API, STATE_RUN_ID } = await import('../../src/run/state.js')

const actionYaml = parseYaml(
  readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')
) as { inputs: Record<string, { default?: string }> }
const defaults = Object.fromEntries(
  Object.entries(actionYaml.inputs).map(([name, spec]) => [name, spec.default ?? ''])
)

const TOKEN = 'vm0_pat_eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXZhbHVl'
const OLD_RUN = '99999999-8888-4777-8666-555555555555'
let dir: string
let client: FakePlatform
let interrupt: AbortController
let published: PublishedOptions[]

const printer: Printer = {
  info: () => {},
  untrusted: () => {},
  startGroup: () => {},
  endGroup: () => {},
  warning: () => {},
  error: () => {}
}

/** A follow phase that ends the way the test says; records the run it was given. */
function follows(end: WaitEnd, given: string[] = []): FollowPlatform {
  return async (_api, run, options): Promise<Followed> => {
    given.push(run.id)
    return {
      end,
      result: null,
      logTail: [],
      timing: { startMs: null, endMs: null, spans: [], droppedSpans: 0, tools: [] },
      lastStatus: 'running',
      troubleLine: null,
      transcriptFile: options.transcript?.path ?? null
    }
  }
}

const uploaded: CollectResult = {
  artifactVersion: null,
  artifactsPath: '/tmp/files',
  files: [{ path: 'report.md', size: 5 }],
  totalBytes: 5,
  skipped: [],
  upload: { id: 7, name: 'vm0-22222222-11111111', url: 'https://github.test/a/7', digest: null }
}

async function runAction(
  given: Record<string, string>,
  phases: {
    followPlatform?: FollowPlatform
    collected?: Collected<CollectResult>
    clock?: Clock
    env?: NodeJS.ProcessEnv
  } = {}
): Promise<void> {
  record.inputs = {
    ...defaults,
    'vm0-token': TOKEN,
    agent: 'reviewer',
    prompt: 'hello',
    ...given
  }
  await run({
    printer,
    env: { RUNNER_TEMP: dir, GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), ...phases.env },
    signal: interrupt.signal,
    ...(phases.clock ? { clock: phases.clock } : {}),
    createClient: () => {
      throw new Error('the /v1 client must not be made on the platform')
    },
    createPlatformClient: () => client,
    followPlatform:
      phases.followPlatform ?? follows({ kind: 'ended', run: aRun({ status: 'completed' }) }),
    collectPublished: async options => {
      published.push(options)
      return phases.collected ?? { files: uploaded, error: null }
    }
  })
}

function summary(): string {
  return readFileSync(join(dir, 'summary.md'), 'utf8')
}

const answered = [
  { id: 'u-1', role: 'user', content: 'hello', error: null, createdAt: null },
  {
    id: 'a-1',
    role: 'assistant',
    content: `Done. The token was ${TOKEN}.`,
    error: null,
    createdAt: null
  }
]

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vm0-main-platform-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))
beforeEach(() => {
  record.reset()
  client = new FakePlatform()
  client.messages = answered
  client.artifacts = [
    {
      runId: OLD_RUN,
      files: [
        {
          id: 'f0',
          filename: 'old.md',
          contentType: null,
          size: 1,
          url: 'https://s.test/o',
          createdAt: null
        }
      ]
    },
    {
      runId: RUN_ID,
      files: [
        {
          id: 'f1',
          filename: 'report.md',
          contentType: null,
          size: 5,
          url: 'https://s.test/r',
          createdAt: null
        }
      ]
    }
  ]
  interrupt = new AbortController()
  published = []
  writeFileSync(join(dir, 'summary.md'), '')
})

describe('a platform run that ends', () => {
  it('by agent display name: a new thread, the answer from the thread, its own files, thread-id and run-id set', async () => {
    await runAction({ agent: 'REVIEWER', model: 'fast-model' })
    expect(record.failed).toBeNull()
    expect(client.calls).toContain(`startThread ${AGENT_ID} fast-model hello`)
    expect(record.outputs.get('run-id')).toBe(RUN_ID)
    expect(record.outputs.get('thread-id')).toBe(THREAD_ID)
    expect(record.outputs.get('status')).toBe('completed')
    expect(record.outputs.get('output')).toBe('Done. The token was ***.')
    // The platform has no metrics: none reported, none invented.
    expect(record.outputs.has('metrics')).toBe(false)
    expect(record.outputs.has('cost-usd')).toBe(false)
    expect(record.outputs.get('artifact-id')).toBe('7')
    expect(published.map(p => p.files.map(f => f.filename))).toEqual([['report.md']])
    expect(published[0]?.threadId).toBe(THREAD_ID)
    // Held for the post step with the backend named, then released.
    expect(record.stateHistory).toEqual([
      [STATE_API, 'platform'],
      [STATE_RUN_ID, RUN_ID],
      [STATE_RUN_ID, '']
    ])
    expect(summary()).toContain('completed')
    expect(summary()).not.toContain(TOKEN)
  })

  it('by agent-id: no agent list is read', async () => {
    await runAction({ agent: '', 'agent-id': AGENT_ID })
    expect(record.failed).toBeNull()
    expect(client.calls).not.toContain('listAgents')
    expect(client.calls).toContain(`startThread ${AGENT_ID} - hello`)
  })

  it('run-id attaches to a platform run: nothing is sent, the run is followed and cancelled on timeout', async () => {
    const given: string[] = []
    await runAction(
      { agent: '', prompt: '', 'run-id': RUN_ID },
      { followPlatform: follows({ kind: 'timeout', run: null }, given) }
    )
    expect(given).toEqual([RUN_ID])
    expect(client.calls.some(c => c.startsWith('startThread') || c.startsWith('sendMessage'))).toBe(
      false
    )
    expect(client.calls).toContain(`getRun ${RUN_ID}`)
    expect(client.calls).toContain(`cancelRun ${RUN_ID}`)
  })

  it("run-id with thread-id: the attached run's published files are collected, thread-id set", async () => {
    await runAction({ agent: '', prompt: '', 'run-id': RUN_ID, 'thread-id': THREAD_ID })
    expect(record.failed).toBeNull()
    expect(client.calls.some(c => c.startsWith('startThread') || c.startsWith('sendMessage'))).toBe(
      false
    )
    expect(record.outputs.get('thread-id')).toBe(THREAD_ID)
    expect(published.map(p => p.files.map(f => f.filename))).toEqual([['report.md']])
    expect(record.log.join('\n')).not.toContain('Attached without')
  })

  it("run-id with thread-id: a later run's answer in the thread is not taken for the attached run's", async () => {
    client.events = [missing('GET /api/chat-threads/:id/events')]
    client.messages = [
      { id: 'u-1', role: 'user', content: 'first', error: null, createdAt: null },
      { id: 'a-1', role: 'assistant', content: 'answer of run A', error: null, createdAt: null },
      { id: 'u-2', role: 'user', content: 'second', error: null, createdAt: null },
      {
        id: 'a-2',
        role: 'assistant',
        content: 'answer of a later run',
        error: null,
        createdAt: null
      }
    ]
    // The run's own result holds no answer, so the thread is all there is.
    await runAction(
      { agent: '', prompt: '', 'run-id': RUN_ID, 'thread-id': THREAD_ID },
      { followPlatform: follows({ kind: 'ended', run: aRun({ status: 'completed' }) }) }
    )
    expect(record.outputs.get('output') ?? '').not.toContain('answer of a later run')
    expect(record.outputs.get('status')).toBe('completed')
  })

  it('run-id alone: the run is followed, and a notice says its files need thread-id', async () => {
    await runAction({ agent: '', prompt: '', 'run-id': RUN_ID })
    expect(record.failed).toBeNull()
    expect(published).toEqual([])
    expect(record.log.join('\n')).toContain(
      "notice: Attached without `thread-id`: the run's published files cannot be found."
    )
  })

  it('an unknown display name fails before sending, listing the agents the key can see', async () => {
    await runAction({ agent: 'nobody' })
    expect(record.outputs.get('status')).toBe('not-started')
    expect(record.failed).toContain("No agent this key can see is named 'nobody'")
    expect(record.failed).toContain(`'Reviewer' (${AGENT_ID})`)
    expect(client.calls.some(c => c.startsWith('startThread'))).toBe(false)
  })

  it('an ambiguous display name fails listing each match with its id', async () => {
    client.agents = [
      { id: AGENT_ID, displayName: 'Reviewer' },
      { id: OLD_RUN, displayName: 'reviewer' }
    ]
    await runAction({})
    expect(record.failed).toContain('2 agents this key can see are named')
    expect(record.failed).toContain(OLD_RUN)
  })

  it('by thread-id: the message goes through the public route into that thread', async () => {
    client.sent = { threadId: THREAD_ID, messageId: MESSAGE_ID, runId: RUN_ID }
    client.messages = answered.slice(1)
    await runAction({ agent: '', 'thread-id': THREAD_ID })
    expect(record.failed).toBeNull()
    expect(client.calls).toContain(`sendMessage ${THREAD_ID} hello`)
    // Read after the user's message only.
    expect(client.calls).toContain(`threadMessages ${MESSAGE_ID}`)
    expect(record.outputs.get('output')).toBe('Done. The token was ***.')
  })

  it('github-context: the workflow context is on top of the prompt', async () => {
    await runAction({ 'github-context': 'true' }, { env: { GITHUB_REPOSITORY: 'octo/repo' } })
    const start = client.calls.find(c => c.startsWith('startThread')) ?? ''
    expect(start).toContain('Repository: octo/repo')
    expect(start.endsWith('hello')).toBe(true)
  })

  it('failed: the step fails with the run error; status and error set', async () => {
    const failed = aRun({ status: 'failed', error: 'agent crashed' })
    await runAction({}, { followPlatform: follows({ kind: 'ended', run: failed }) })
    expect(record.result).toEqual({
      status: 'failed',
      error: 'agent crashed',
      failed: `VM0 run ${RUN_ID} ended with status 'failed': agent crashed. Set 'fail-on-error: false' to let the step pass anyway.`
    })
  })

  it('the answer falls back to the run result when the thread has none', async () => {
    client.messages = []
    const done = aRun({ status: 'completed', output: 'from the run result' })
    await runAction({}, { followPlatform: follows({ kind: 'ended', run: done }) })
    expect(record.outputs.get('output')).toBe('from the run result')
  })

  it("tokens and cost come from the thread's usage record when no result event was seen", async () => {
    const usage = threadEvent(9, 'usage.recorded', RUN_ID)
    client.events = [[{ ...usage, data: { inputTokens: 1200, outputTokens: 340, costUsd: 0.02 } }]]
    const done = aRun({ status: 'completed', executionTimeMs: 4200 })
    await runAction({}, { followPlatform: follows({ kind: 'ended', run: done }) })
    expect(record.outputs.get('input-tokens')).toBe('1200')
    expect(record.outputs.get('output-tokens')).toBe('340')
    expect(record.outputs.get('cost-usd')).toBe('0.02')
    expect(record.outputs.get('execution-time-ms')).toBe('4200')
    expect(record.outputs.has('num-turns')).toBe(false)
  })

  it('a run that published no files passes quietly: no artifact outputs', async () => {
    client.artifacts = []
    await runAction({}, { collected: { files: null, error: null } })
    expect(record.failed).toBeNull()
    expect(published[0]?.files).toEqual([])
    expect(record.outputs.has('artifact-id')).toBe(false)
  })
})

describe('a platform wait that stops early', () => {
  it('timeout: the platform run is cancelled and the step fails', async () => {
    await runAction({}, { followPlatform: follows({ kind: 'timeout', run: null }) })
    expect(client.calls).toContain(`cancelRun ${RUN_ID}`)
    expect(record.failed).toContain('`timeout`')
    expect(record.state.get(STATE_RUN_ID)).toBe('')
  })

  it('cancelled by a signal: the platform run is cancelled', async () => {
    const follow: FollowPlatform = async (api, r, options) => {
      interrupt.abort()
      return follows({ kind: 'aborted', run: null })(api, r, options)
    }
    await runAction({}, { followPlatform: follow })
    expect(client.calls).toContain(`cancelRun ${RUN_ID}`)
    expect(record.failed).toContain('The workflow was cancelled')
  })

  it('a run already final (RUN_NOT_CANCELLABLE) counts as stopped', async () => {
    const { Vm0ApiError } = await import('../../src/base/errors.js')
    client.cancelled = new Vm0ApiError(
      'final',
      400,
      { type: null, code: 'RUN_NOT_CANCELLABLE', message: 'final' },
      null,
      'POST',
      '/api/runs'
    )
    client.run = aRun({ status: 'completed' })
    await runAction({}, { followPlatform: follows({ kind: 'timeout', run: null }) })
    expect(record.log).toContain(`VM0 run ${RUN_ID} had already ended (completed).`)
    expect(record.state.get(STATE_RUN_ID)).toBe('')
  })

  it('a run that cannot be read after the send is still followed, held and cancelled', async () => {
    const { Vm0ApiError } = await import('../../src/base/errors.js')
    client.run = new Vm0ApiError(
      'forbidden',
      403,
      { type: null, code: 'FORBIDDEN', message: 'forbidden' },
      null,
      'GET',
      '/api/runs'
    )
    const given: string[] = []
    await runAction({}, { followPlatform: follows({ kind: 'timeout', run: null }, given) })
    expect(given).toEqual([RUN_ID])
    expect(record.stateHistory[1]).toEqual([STATE_RUN_ID, RUN_ID])
    expect(client.calls).toContain(`cancelRun ${RUN_ID}`)
  })

  it('a signal while the message is in flight cancels the run it started', async () => {
    client.onSend = () => interrupt.abort()
    await runAction({})
    expect(client.calls).toContain(`cancelRun ${RUN_ID}`)
    expect(record.outputs.get('status')).toBe('cancelled')
  })
})

describe('a queued message', () => {
  /** An event of the thread with the fields the platform adds to its type. */
  const withData = (
    seqId: number,
    type: string,
    runId: string | null,
    data: Record<string, unknown>
  ): ThreadEvent => ({ ...threadEvent(seqId, type, runId), ...data, data })
  /** The `input.prompt` event of a user's message. */
  const prompted = (seqId: number, messageId: string): ThreadEvent =>
    withData(seqId, 'input.prompt', null, { messageId })
  const EARLIER = 'The earlier request is done.'

  beforeEach(() => {
    client.sent = { threadId: THREAD_ID, messageId: MESSAGE_ID, runId: null }
    client.messages = answered.slice(1)
  })

  it('is waited for: its run is the first new run after its own message, said once', async () => {
    client.events = [
      [prompted(1, 'm-old'), threadEvent(2, 'run.started', OLD_RUN)],
      [prompted(3, MESSAGE_ID)],
      [threadEvent(4, 'run.completed', OLD_RUN), threadEvent(5, 'run.started', RUN_ID)],
      []
    ]
    const given: string[] = []
    await runAction(
      { agent: '', 'thread-id': THREAD_ID },
      { followPlatform: follows({ kind: 'ended', run: aRun({ status: 'completed' }) }, given) }
    )
    expect(record.failed).toBeNull()
    expect(given).toEqual([RUN_ID])
    expect(client.calls.filter(c => c.startsWith('getRun'))).toEqual([`getRun ${RUN_ID}`])
    // Before the send (the runs already there), then the wait from there on.
    expect(client.calls.filter(c => c.startsWith('threadEvents')).slice(0, 3)).toEqual([
      'threadEvents start',
      'threadEvents 2',
      'threadEvents 3'
    ])
    expect(record.log.filter(l => l.includes('queued behind'))).toHaveLength(1)
    expect(record.outputs.get('run-id')).toBe(RUN_ID)
  })

  it("the answer is its own run's, not the answer of the run it was queued behind", async () => {
    // The run ahead answers after our message: the thread's first answer after it is not ours.
    client.messages = [
      { id: 'a-0', role: 'assistant', content: EARLIER, error: null, createdAt: null },
      ...answered.slice(1)
    ]
    const ours = withData(6, 'output.message', RUN_ID, { content: 'Our own answer.' })
    client.events = [
      [threadEvent(1, 'run.started', OLD_RUN)],
      [prompted(2, MESSAGE_ID), withData(3, 'output.message', OLD_RUN, { content: EARLIER })],
      [threadEvent(4, 'run.completed', OLD_RUN), threadEvent(5, 'run.started', RUN_ID), ours]
    ]
    await runAction({ agent: '', 'thread-id': THREAD_ID })
    expect(record.failed).toBeNull()
    expect(record.outputs.get('run-id')).toBe(RUN_ID)
    expect(record.outputs.get('output')).toBe('Our own answer.')
  })

  it('without the run route, the end of the run it was queued behind does not end its own', async () => {
    client.run = missing('GET /api/runs/:id')
    client.messages = [
      { id: 'a-0', role: 'assistant', content: EARLIER, error: null, createdAt: null }
    ]
    client.events = [
      [threadEvent(1, 'run.started', OLD_RUN)],
      [
        prompted(2, MESSAGE_ID),
        withData(3, 'output.message', OLD_RUN, { content: EARLIER }),
        threadEvent(4, 'run.completed', OLD_RUN),
        threadEvent(5, 'run.started', RUN_ID)
      ]
    ]
    const { followPlatformRun } = await import('../../src/follow/platform.js')
    // The real follower on a clock whose sleeps pass at once: only the deadline can end the wait.
    let now = Date.UTC(2026, 0, 1)
    const clock: Clock = { now: () => now, sleep: async ms => void (now += ms) }
    await runAction(
      { agent: '', 'thread-id': THREAD_ID, timeout: '1m' },
      { followPlatform: followPlatformRun, clock }
    )
    expect(record.outputs.get('run-id')).toBe(RUN_ID)
    expect(record.outputs.get('output') ?? '').not.toContain(EARLIER)
    expect(record.failed).toContain('`timeout`')
    expect(client.calls).toContain(`cancelRun ${RUN_ID}`)
  })

  it('without a run id, the answers of the messages ahead of it are passed over', async () => {
    const thread = [
      { id: 'u-1', role: 'user', content: 'Keep going', error: null, createdAt: null },
      { id: MESSAGE_ID, role: 'user', content: 'hello', error: null, createdAt: null }
    ]
    const after = [
      { id: 'a-0', role: 'assistant', content: EARLIER, error: null, createdAt: null },
      ...answered.slice(1)
    ]
    // The whole thread (no cursor) when sent; after our message when the answer is awaited.
    client.messages = () => (client.calls.at(-1) === 'threadMessages start' ? thread : after)
    client.events = [missing('GET /api/chat-threads/:id/events')]
    await runAction({ agent: '', 'thread-id': THREAD_ID })
    expect(record.failed).toBeNull()
    expect(record.outputs.get('output')).toBe('Done. The token was ***.')
  })

  it('a run that was active past the pages read before the send is not taken for ours', async () => {
    const filler = (page: number): ThreadEvent[] =>
      Array.from({ length: 50 }, (_, i) => threadEvent(page * 50 + i + 1, 'run.started', OLD_RUN))
    client.events = [
      ...Array.from({ length: 20 }, (_, page) => filler(page)),
      [threadEvent(1001, 'run.started', RUN_ID.replace('1', '7')), prompted(1002, MESSAGE_ID)],
      [threadEvent(1003, 'run.completed', RUN_ID.replace('1', '7'))],
      [threadEvent(1004, 'run.started', RUN_ID)],
      []
    ]
    await runAction({ agent: '', 'thread-id': THREAD_ID })
    // The run read (and followed) is ours; the one active before our message is not.
    expect(client.calls.filter(c => c.startsWith('getRun'))).toEqual([`getRun ${RUN_ID}`])
  })

  it('events that do not say which message a run answers: the run id is not guessed', async () => {
    client.events = [
      [],
      [threadEvent(1, 'input.prompt', null), threadEvent(2, 'run.started', RUN_ID)]
    ]
    const given: string[] = []
    await runAction(
      { agent: '', 'thread-id': THREAD_ID },
      { followPlatform: follows({ kind: 'ended', run: aRun({ status: 'completed' }) }, given) }
    )
    expect(given).toEqual([])
    expect(record.outputs.has('run-id')).toBe(false)
    expect(record.outputs.get('output')).toBe('Done. The token was ***.')
  })

  it('a cancel while it is queued still cancels its run if one last read finds it started', async () => {
    client.events = [
      [],
      [prompted(1, MESSAGE_ID)],
      () => {
        interrupt.abort()
        return []
      },
      [threadEvent(2, 'run.queued', RUN_ID)]
    ]
    await runAction({ agent: '', 'thread-id': THREAD_ID })
    expect(client.calls).toContain(`cancelRun ${RUN_ID}`)
    expect(record.outputs.get('status')).toBe('cancelled')
  })

  it('without the thread events route: no run id, the answer awaited through the core route', async () => {
    client.sent = { threadId: THREAD_ID, messageId: MESSAGE_ID, runId: null }
    client.messages = answered.slice(1)
    client.events = [missing('GET /api/chat-threads/:id/events')]
    const given: string[] = []
    await runAction(
      { agent: '', 'thread-id': THREAD_ID },
      { followPlatform: follows({ kind: 'timeout', run: null }, given) }
    )
    expect(given).toEqual([])
    expect(record.failed).toBeNull()
    expect(record.outputs.get('status')).toBe('completed')
    expect(record.outputs.get('output')).toBe('Done. The token was ***.')
    expect(record.outputs.get('thread-id')).toBe(THREAD_ID)
    expect(record.outputs.has('run-id')).toBe(false)
    // Nothing to cancel in the post step: no run id was ever saved.
    expect(record.state.get(STATE_RUN_ID) ?? '').toBe('')
  })

  it('without a run id, a timeout sends no cancel and says to stop the run in the web app', async () => {
    client.sent = { threadId: THREAD_ID, messageId: MESSAGE_ID, runId: null }
    client.messages = []
    client.events = [missing('GET /api/chat-threads/:id/events')]
    // A clock whose sleeps pass at once: the wait reaches its deadline without real time.
    let now = Date.UTC(2026, 0, 1)
    const clock: Clock = { now: () => now, sleep: async ms => void (now += ms) }
    await runAction({ agent: '', 'thread-id': THREAD_ID, timeout: '1m' }, { clock })
    expect(client.calls.some(c => c.startsWith('cancelRun'))).toBe(false)
    expect(record.warnings.join('\n')).toContain('Stop it in the web app')
    expect(record.failed).toContain('`timeout`')
  })
})

describe('enrichment routes missing', () => {
  it('no run, telemetry or artifacts routes: the run still ends with its answer through the core route', async () => {
    client.run = missing('GET /api/runs/:id')
    client.artifacts = missing('GET /api/chat-threads/:id/artifacts')
    client.events = [missing('GET /api/chat-threads/:id/events')]
    const { followPlatformRun } = await import('../../src/follow/platform.js')
    // The real follower on a clock whose sleeps pass at once: it learns the end from the core route.
    let now = Date.UTC(2026, 0, 1)
    const clock: Clock = { now: () => now, sleep: async ms => void (now += ms) }
    await runAction({}, { followPlatform: followPlatformRun, clock })
    expect(record.failed).toBeNull()
    expect(record.outputs.get('status')).toBe('completed')
    expect(record.outputs.get('run-id')).toBe(RUN_ID)
    expect(record.outputs.get('output')).toBe('Done. The token was ***.')
    // Neither route lists files: nothing is collected, nothing fails.
    expect(published).toEqual([])
  })
})
