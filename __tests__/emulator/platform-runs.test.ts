/**
 * The platform's runs: started by chat events (new thread, clientEventId,
 * model), queued behind a thread's active run, their detail, agent events
 * with the service's defaults, network lines, cancel, and the thread events
 * and messages a run leaves.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { randomUUID } from 'node:crypto'
import { codexSampleScript, sampleScript, startEmulator } from '../../emulator/vm0/index.js'
import type { Emulator, RunScript } from '../../emulator/vm0/index.js'
import { errorOf, pcall, startThread, userMessage, waitForPlatformEnd } from './platform-helpers.js'
import { waitFor } from './vm0-helpers.js'

/** Eight numbered agent events, all at once, and a network line; the run ends 5 ms later. */
const EIGHT: RunScript = {
  pendingMs: 0,
  steps: [
    ...[0, 1, 2, 3, 4, 5, 6].map(n => ({ at: 0, agent: { type: 'assistant', n } })),
    { at: 0, agent: { type: 'result', subtype: 'success', result: 'Eight.' } },
    { at: 0, network: { method: 'GET', url: 'https://example.com/a', status: 200, duration: 12 } }
  ],
  durationMs: 5
}
const OPEN: RunScript = {
  pendingMs: 0,
  steps: [{ at: 0, agent: { type: 'assistant' } }],
  neverEnds: true
}

describe('platform runs', () => {
  let emu: Emulator
  let agent: string
  let codex: string

  beforeAll(async () => {
    emu = await startEmulator()
    agent = emu.platform.addAgent('Demo Agent', { script: EIGHT }).id
    codex = emu.platform.addAgent('Codex Agent', {
      framework: 'codex',
      script: codexSampleScript()
    }).id
  })
  afterAll(() => emu.close())
  beforeEach(() => {
    emu.reset()
    emu.platform.setScript(agent, EIGHT)
  })

  it('starts a new thread per chat event, validates the body, and refuses a reused clientEventId with 409', async () => {
    const clientEventId = randomUUID()
    const first = await startThread(emu, agent, 'Go', { clientEventId, model: 'claude-opus-4' })
    expect(first.runId).toMatch(/^[0-9a-f-]{36}$/)
    expect(emu.platform.getRun(first.runId ?? '')).toMatchObject({
      threadId: first.threadId,
      prompt: 'Go',
      model: 'claude-opus-4'
    })
    const again = await pcall(emu, '/api/chat/events', {
      body: { agentId: agent, prompt: 'Go', userMessage: userMessage('Go'), clientEventId }
    })
    expect(errorOf(again).slice(0, 2)).toEqual([409, 'CONFLICT'])
    expect(emu.platform.runs()).toHaveLength(1)
    const second = await startThread(emu, agent, 'Go again')
    expect(second.threadId).not.toBe(first.threadId)
    for (const body of [
      { prompt: 'p', userMessage: userMessage('p') },
      { agentId: 'demo', prompt: 'p', userMessage: userMessage('p') },
      { agentId: agent, prompt: '', userMessage: userMessage('') },
      { agentId: agent, prompt: 'p' },
      { agentId: agent, prompt: 'p', userMessage: { version: 2, parts: [] } },
      { agentId: agent, prompt: 'p', userMessage: userMessage('p'), clientEventId: 'x' }
    ]) {
      expect(errorOf(await pcall(emu, '/api/chat/events', { body }))[0]).toBe(400)
    }
    const unknown = await startThread(emu, randomUUID()).catch((e: Error) => e.message)
    expect(unknown).toMatch(/^chat events answered 404/)
  })

  it('needs a model for a new thread when the agent has none selected (422 NO_MODEL_PROVIDER)', async () => {
    const bare = emu.platform.addAgent(`No model ${randomUUID()}`, {
      selectedModel: null,
      script: EIGHT
    }).id
    const refused = await pcall(emu, '/api/chat/events', {
      body: { agentId: bare, prompt: 'p', userMessage: userMessage('p') }
    })
    expect(errorOf(refused)).toEqual([422, 'NO_MODEL_PROVIDER', 'No model provider configured'])
    expect((await startThread(emu, bare, 'p', { model: 'gpt-5' })).runId).not.toBeNull()
  })

  it('queues a message sent while the thread has an active run; it starts when that run ends', async () => {
    const { threadId, activeRunId } = emu.platform.addThread(agent, { busy: true })
    const sent = await pcall(emu, '/api/v1/chat-threads/messages', {
      body: { prompt: 'Next', threadId }
    })
    expect(sent.status).toBe(201)
    expect(sent.body.runId).toBeNull()
    expect(emu.platform.threads()[0]?.queuedMessageIds).toEqual([sent.body.messageId])
    const viaChat = await startThread(emu, agent, 'Also', { threadId })
    expect(viaChat).toEqual({ runId: null, threadId })

    emu.platform.finishRun(activeRunId ?? '')
    const thread = emu.platform.threads()[0]
    expect(thread?.runIds).toHaveLength(3)
    const queuedRun = thread?.runIds[2] ?? ''
    expect(emu.platform.getRun(queuedRun)).toMatchObject({
      prompt: 'Next',
      messageId: sent.body.messageId
    })
    const events = (await pcall(emu, `/api/chat-threads/${threadId}/events`)).body.events as Array<{
      eventType: string
      runId?: string
      messageId?: string
    }>
    const afterPrompt = events.slice(events.findIndex(e => e.messageId === sent.body.messageId))
    expect(afterPrompt.find(e => e.eventType === 'run.queued')?.runId).toBe(queuedRun)
    await waitForPlatformEnd(emu, queuedRun)
    const fourth = emu.platform.threads()[0]?.runIds[3] ?? ''
    await waitForPlatformEnd(emu, fourth)
    expect(emu.platform.getRun(fourth)?.prompt).toBe('Also')
  })

  it('gives the run detail with result once completed, and only to its owner', async () => {
    const { runId } = await startThread(emu, agent)
    const id = runId ?? ''
    await waitForPlatformEnd(emu, id)
    const detail = await pcall(emu, `/api/runs/${id}`)
    expect(detail.status).toBe(200)
    expect(detail.body).toMatchObject({
      runId: id,
      status: 'completed',
      prompt: 'Do the thing.',
      result: { output: 'Eight.', executionTimeMs: expect.any(Number) },
      startedAt: expect.stringMatching(/Z$/),
      completedAt: expect.stringMatching(/Z$/)
    })
    expect(detail.body).not.toHaveProperty('error')
    expect(errorOf(await pcall(emu, `/api/runs/${randomUUID()}`))).toEqual([
      404,
      'NOT_FOUND',
      'Run not found'
    ])
  })

  it('serves agent events with the service defaults (limit 5, newest first) and pages asc from since', async () => {
    const { runId } = await startThread(emu, agent)
    const id = runId ?? ''
    await waitForPlatformEnd(emu, id)
    const defaults = await pcall(emu, `/api/runs/${id}/telemetry/agent`)
    expect(defaults.body.events.map((e: { sequenceNumber: number }) => e.sequenceNumber)).toEqual([
      7, 6, 5, 4, 3
    ])
    expect(defaults.body).toMatchObject({ hasMore: true, framework: 'claude-code' })
    const next = await pcall(
      emu,
      `/api/runs/${id}/telemetry/agent?cursor=${defaults.body.nextCursor}`
    )
    expect(next.body.events.map((e: { sequenceNumber: number }) => e.sequenceNumber)).toEqual([
      2, 1, 0
    ])
    expect(next.body.hasMore).toBe(false)
    expect(next.body).not.toHaveProperty('nextCursor')

    const asc = await pcall(emu, `/api/runs/${id}/telemetry/agent?order=asc&limit=100&since=4`)
    expect(asc.body.events.map((e: { sequenceNumber: number }) => e.sequenceNumber)).toEqual([
      5, 6, 7
    ])
    expect(asc.body.events[0]).toEqual({
      sequenceNumber: 5,
      eventType: 'assistant',
      eventData: { type: 'assistant', n: 5 },
      createdAt: expect.stringMatching(/Z$/)
    })
    const all = await pcall(emu, `/api/runs/${id}/telemetry/agent?order=asc&limit=100&since=-1`)
    expect(all.body.events).toHaveLength(8)
    for (const query of ['limit=0', 'limit=101', 'since=-2', 'order=up', 'cursor=bogus']) {
      const bad = await pcall(emu, `/api/runs/${id}/telemetry/agent?${query}`)
      expect(errorOf(bad).slice(0, 2)).toEqual([400, 'BAD_REQUEST'])
    }
  })

  it('shows agent events as the session plays, and says codex for a Codex agent', async () => {
    // The second event is ten minutes away: only the first can have landed.
    emu.platform.setScript(agent, {
      ...OPEN,
      steps: [...(OPEN.steps ?? []), { at: 600_000, agent: { type: 'assistant', late: true } }]
    })
    const { runId } = await startThread(emu, agent)
    const id = runId ?? ''
    await waitFor(() => (emu.platform.getRun(id)?.events.length ?? 0) > 0, 20_000)
    const playing = await pcall(emu, `/api/runs/${id}/telemetry/agent?order=asc&limit=100`)
    expect(playing.body.events).toHaveLength(1)
    expect((await pcall(emu, `/api/runs/${id}`)).body.status).toBe('running')
    emu.platform.finishRun(id)

    const codexRun = (await startThread(emu, codex)).runId ?? ''
    await waitForPlatformEnd(emu, codexRun)
    const page = await pcall(emu, `/api/runs/${codexRun}/telemetry/agent?order=asc&limit=100`)
    expect(page.body.framework).toBe('codex')
    expect(page.body.events[0].eventData.type).toBe('thread.started')
    const detail = await pcall(emu, `/api/runs/${codexRun}`)
    expect(detail.body.result.output).toMatch(/^Fixed `greet\(\)`/)
  })

  it('serves network lines with a time cursor and limit up to 500', async () => {
    emu.platform.setScript(agent, sampleScript())
    const { runId } = await startThread(emu, agent)
    const id = runId ?? ''
    await waitForPlatformEnd(emu, id)
    const first = await pcall(emu, `/api/runs/${id}/network?limit=1`)
    expect(first.body.networkLogs).toEqual([
      {
        timestamp: expect.stringMatching(/Z$/),
        action: 'allow',
        host: 'registry.npmjs.org',
        method: 'GET',
        url: 'https://registry.npmjs.org/typescript',
        status: 200,
        latency_ms: 143
      }
    ])
    expect(first.body.hasMore).toBe(true)
    const rest = await pcall(
      emu,
      `/api/runs/${id}/network?cursor=${first.body.nextCursor}&limit=500`
    )
    expect(rest.body.networkLogs.map((l: { status: number }) => l.status)).toEqual([404])
    expect(rest.body.hasMore).toBe(false)
    expect(errorOf(await pcall(emu, `/api/runs/${id}/network?limit=501`))[0]).toBe(400)
  })

  it('cancels an active run (idempotent) and refuses one that ended otherwise with RUN_NOT_CANCELLABLE', async () => {
    emu.platform.setScript(agent, OPEN)
    const { runId, threadId } = await startThread(emu, agent)
    const id = runId ?? ''
    for (let i = 0; i < 2; i++) {
      const res = await pcall(emu, `/api/runs/${id}/cancel`, { method: 'POST' })
      expect([res.status, res.body]).toEqual([
        200,
        { id, status: 'cancelled', message: 'Run cancelled' }
      ])
    }
    expect(emu.platform.getRun(id)?.status).toBe('cancelled')
    const types = (await pcall(emu, `/api/chat-threads/${threadId}/events`)).body.events.map(
      (e: { eventType: string }) => e.eventType
    )
    expect(types).toEqual(['input.prompt', 'run.queued', 'run.cancelled'])

    emu.platform.setScript(agent, EIGHT)
    const done = (await startThread(emu, agent)).runId ?? ''
    await waitForPlatformEnd(emu, done)
    const refused = await pcall(emu, `/api/runs/${done}/cancel`, { method: 'POST' })
    expect(errorOf(refused)).toEqual([
      400,
      'RUN_NOT_CANCELLABLE',
      'Run cannot be cancelled: it is completed'
    ])
  })

  it('leaves the answer in the thread events and messages; a failed run leaves its error', async () => {
    const { runId, threadId } = await startThread(emu, agent, 'Count')
    await waitForPlatformEnd(emu, runId ?? '')
    const events = (await pcall(emu, `/api/chat-threads/${threadId}/events`)).body.events
    expect(events.map((e: { eventType: string }) => e.eventType)).toEqual([
      'input.prompt',
      'run.queued',
      'output.message',
      'run.completed'
    ])
    expect(events[2]).toMatchObject({ seqId: 3, runId, content: 'Eight.' })
    const later = await pcall(emu, `/api/chat-threads/${threadId}/events?sinceSeqId=2&limit=1`)
    expect(later.body.events.map((e: { seqId: number }) => e.seqId)).toEqual([3])
    expect(errorOf(await pcall(emu, `/api/chat-threads/${threadId}/events?limit=51`))[0]).toBe(400)

    emu.platform.setScript(agent, { ...EIGHT, status: 'failed', error: 'Sandbox crashed' })
    const failed = await pcall(emu, '/api/v1/chat-threads/messages', {
      body: { prompt: 'Again', threadId }
    })
    await waitForPlatformEnd(emu, failed.body.runId as string)
    const messages = (await pcall(emu, `/api/v1/chat-threads/${threadId}/messages`)).body.messages
    expect(messages.at(-1)).toMatchObject({
      role: 'assistant',
      content: null,
      error: 'Sandbox crashed'
    })
    const tail = (await pcall(emu, `/api/chat-threads/${threadId}/events?sinceSeqId=4`)).body.events
    expect(tail.map((e: { eventType: string }) => e.eventType)).toEqual([
      'input.prompt',
      'run.queued',
      'output.error',
      'run.failed'
    ])
    expect(tail[3]).toMatchObject({ runId: failed.body.runId, error: 'Sandbox crashed' })
    const detail = await pcall(emu, `/api/runs/${failed.body.runId}`)
    expect(detail.body).toMatchObject({ status: 'failed', error: 'Sandbox crashed' })
    expect(detail.body).not.toHaveProperty('result')
  })
})
