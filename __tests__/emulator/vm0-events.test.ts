import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startEmulator } from '../../emulator/vm0/index.js'
import type { Emulator, RunScript } from '../../emulator/vm0/index.js'
import {
  call,
  createRun,
  outputSequences,
  readSse,
  sleep,
  waitFor,
  waitForEnd
} from './vm0-helpers.js'

const assistant = (text: string): object => ({
  type: 'assistant',
  message: { content: [{ type: 'text', text }] }
})

const SCRIPT: RunScript = {
  pendingMs: 100,
  steps: [
    { at: 0, agent: { type: 'system', subtype: 'init' } },
    { at: 10, agent: assistant('one') },
    { at: 20, agent: assistant('two') },
    { at: 30, agent: { type: 'result', subtype: 'success', result: 'done' } }
  ],
  durationMs: 60,
  lateEvents: [assistant('too late')]
}

describe('VM0 emulator event stream', () => {
  let emu: Emulator

  beforeAll(async () => {
    emu = await startEmulator({ agents: [{ name: 'a' }], defaultScript: SCRIPT, eventTickMs: 20 })
  })
  afterAll(() => emu.close())
  beforeEach(() => {
    emu.reset()
    emu.setScript('a', SCRIPT)
  })

  it('starts with a snake_case status event and skips sequence 0 by default', async () => {
    // Pending for 2 s, so that the stream opened right after the create sees `pending` first
    // however loaded the machine is.
    emu.setScript('a', { ...SCRIPT, pendingMs: 2000 })
    const id = await createRun(emu, { prompt: 'p', agent: 'a' })
    const stream = await readSse(emu, `/v1/runs/${id}/events`)
    expect(stream.status).toBe(200)
    expect(stream.contentType).toBe('text/event-stream')
    expect(stream.ending).toBe('end')
    const [first] = stream.messages
    expect(first).toMatchObject({ event: 'status', data: { status: 'pending', run_id: id } })
    expect(first?.id).toBeUndefined()
    expect(stream.messages.filter(m => m.event === 'status').map(m => m.data.status)).toEqual([
      'pending',
      'running',
      'completed'
    ])
    expect(outputSequences(stream)).toEqual([1, 2, 3])
    const output = stream.messages.find(m => m.event === 'output')
    expect(output).toEqual({
      id: '1',
      event: 'output',
      data: {
        sequence: 1,
        type: 'assistant',
        data: assistant('one'),
        timestamp: expect.stringMatching(/Z$/)
      },
      at: expect.any(Number),
      chunk: expect.any(Number)
    })
    const last = stream.messages.at(-1)
    expect(last).toMatchObject({
      event: 'complete',
      data: { status: 'completed', output: null, error: null }
    })
  })

  it('includes sequence 0 with lastEventId=-1, and never sends events that land after the end', async () => {
    const id = await createRun(emu, { prompt: 'p', agent: 'a' })
    const stream = await readSse(emu, `/v1/runs/${id}/events?lastEventId=-1`)
    expect(outputSequences(stream)).toEqual([0, 1, 2, 3])
    // The late event exists (sequence 4) but only the logs show it.
    expect(emu.getRun(id)?.events.map(e => e.sequence)).toEqual([0, 1, 2, 3, 4])
  })

  it('resumes from the query parameter only; the Last-Event-ID header is ignored', async () => {
    const id = await createRun(emu, { prompt: 'p', agent: 'a' })
    const resumed = await readSse(emu, `/v1/runs/${id}/events?lastEventId=2`)
    expect(outputSequences(resumed)).toEqual([3])
    emu.reset()
    const again = await createRun(emu, { prompt: 'p', agent: 'a' })
    const header = await readSse(emu, `/v1/runs/${again}/events`, {
      headers: { 'last-event-id': '2' }
    })
    expect(outputSequences(header)).toEqual([1, 2, 3])
  })

  it('replays nothing for a finished run: status then complete', async () => {
    emu.setScript('a', { ...SCRIPT, status: 'failed', error: 'agent crashed' })
    const id = await createRun(emu, { prompt: 'p', agent: 'a' })
    await waitForEnd(emu, id)
    const stream = await readSse(emu, `/v1/runs/${id}/events?lastEventId=-1`)
    expect(stream.messages.map(m => [m.event, m.data])).toEqual([
      ['status', { status: 'failed', run_id: id }],
      ['complete', { status: 'failed', output: null, error: 'agent crashed' }]
    ])
    emu.setScript('a', SCRIPT)
  })

  it('answers a JSON 404 before any stream for an unknown run, and an error event when a run vanishes', async () => {
    const missing = '00000000-0000-4000-8000-000000000000'
    const res = await call(emu, `/v1/runs/${missing}/events`)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.body).toEqual({
      error: {
        type: 'not_found_error',
        code: 'resource_not_found',
        message: `No such run: '${missing}'`
      }
    })
    emu.setScript('a', { neverEnds: true })
    const id = await createRun(emu, { prompt: 'p', agent: 'a' })
    const reading = readSse(emu, `/v1/runs/${id}/events`)
    await waitFor(() => emu.requests.some(r => r.path.endsWith('/events') && r.path.includes(id)))
    emu.reset()
    const vanished = await reading
    expect(vanished.messages.at(-1)?.event).toBe('error')
    expect(vanished.ending).toBe('end')
    emu.setScript('a', SCRIPT)
  })

  it('polls its run first one tick after the first status, not at once', async () => {
    // A tick of a minute: whatever the machine's speed, nothing but the first status can
    // come within the read below, though the run's events are there from the start.
    const slow = await startEmulator({
      agents: [{ name: 'a' }],
      defaultScript: { neverEnds: true, pendingMs: 0, steps: [{ at: 0, agent: assistant('x') }] },
      eventTickMs: 60_000,
      heartbeatMs: 60_000
    })
    try {
      const id = await createRun(slow, { prompt: 'p', agent: 'a' })
      await waitFor(() => slow.getRun(id)?.events.length === 1)
      const stream = await readSse(slow, `/v1/runs/${id}/events?lastEventId=-1`, {
        timeoutMs: 1500
      })
      expect(stream.ending).toBe('timeout')
      expect(stream.messages.map(m => [m.event, m.data])).toEqual([
        ['status', { status: 'running', run_id: id }]
      ])
    } finally {
      await slow.close()
    }
  })

  it('sends heartbeats and a cancelled complete', async () => {
    const beating = await startEmulator({
      agents: [{ name: 'a' }],
      defaultScript: { neverEnds: true, pendingMs: 0 },
      eventTickMs: 10,
      heartbeatMs: 15
    })
    try {
      const id = await createRun(beating, { prompt: 'p', agent: 'a' })
      const reading = readSse(beating, `/v1/runs/${id}/events`)
      await waitFor(() => beating.requests.some(r => r.path.endsWith('/events')))
      await sleep(80)
      beating.finishRun(id, 'cancelled')
      const stream = await reading
      const heartbeats = stream.messages.filter(m => m.event === 'heartbeat')
      expect(heartbeats.length).toBeGreaterThanOrEqual(2)
      expect(heartbeats[0]?.data).toEqual({ timestamp: expect.stringMatching(/Z$/) })
      expect(stream.messages.at(-1)?.data).toEqual({
        status: 'cancelled',
        output: null,
        error: null
      })
    } finally {
      await beating.close()
    }
  })

  it('accepts last_event_id only in the snake dialect', async () => {
    const snake = await startEmulator({
      dialect: 'snake',
      agents: [{ name: 'a' }],
      defaultScript: SCRIPT,
      eventTickMs: 20
    })
    try {
      const id = await createRun(snake, { prompt: 'p', agent: 'a' })
      expect(
        outputSequences(await readSse(snake, `/v1/runs/${id}/events?last_event_id=-1`))
      ).toEqual([0, 1, 2, 3])
    } finally {
      await snake.close()
    }
    const id = await createRun(emu, { prompt: 'p', agent: 'a' })
    expect(outputSequences(await readSse(emu, `/v1/runs/${id}/events?last_event_id=-1`))).toEqual([
      1, 2, 3
    ])
  })

  it('stamps steps that share an offset with one timestamp', async () => {
    emu.setScript('a', {
      pendingMs: 0,
      steps: [
        { at: 5, agent: assistant('x') },
        { at: 5, agent: assistant('y') },
        { at: 15, agent: assistant('z') }
      ]
    })
    const id = await createRun(emu, { prompt: 'p', agent: 'a' })
    const stream = await readSse(emu, `/v1/runs/${id}/events?lastEventId=-1`)
    const stamps = stream.messages
      .filter(m => m.event === 'output')
      .map(m => m.data.timestamp as string)
    expect(stamps[0]).toBe(stamps[1])
    expect(Date.parse(stamps[2] as string) - Date.parse(stamps[0] as string)).toBe(10)
    emu.setScript('a', SCRIPT)
  })
})
