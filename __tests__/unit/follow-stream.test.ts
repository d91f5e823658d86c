import { describe, expect, it } from '@jest/globals'
import {
  StreamDroppedError,
  StreamErrorEvent,
  TransportError,
  Vm0ApiError
} from '../../src/base/errors.js'
import type { Clock } from '../../src/base/clock.js'
import { earliest, followByStream, reconnectDelay } from '../../src/follow/stream.js'
import { RunTracker } from '../../src/follow/tracker.js'
import { Renderer } from '../../src/render/renderer.js'
import type { LogEntry, LogQuery, Page, Run, RunEvent } from '../../src/vm0/types.js'
import { CapturePrinter } from '../support/capture-printer.js'
import { parseStdout } from '../support/workflow-commands.js'

const RUN_ID = '11111111-2222-4333-8444-555555555555'
const ts = (n: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString()
const text = (t: string): object => ({
  type: 'assistant',
  message: { content: [{ type: 'text', text: t }] }
})
const output = (seq: number): RunEvent => ({
  kind: 'output',
  sequence: seq,
  type: 'assistant',
  data: text(`event ${seq}`),
  timestamp: ts(seq)
})
const agentLog = (seq: number): LogEntry => ({
  timestamp: ts(seq),
  type: 'agent',
  level: 'info',
  message: `[assistant] event ${seq}`,
  sequenceNumber: seq,
  eventType: 'assistant',
  eventData: text(`event ${seq}`),
  network: null
})
const systemLog = (n: number, message: string): LogEntry => ({
  timestamp: ts(n),
  type: 'system',
  level: 'info',
  message,
  sequenceNumber: null,
  eventType: null,
  eventData: null,
  network: null
})

function run(status: string): Run {
  return {
    id: RUN_ID,
    agentId: null,
    agentName: 'a',
    status,
    prompt: 'p',
    createdAt: null,
    startedAt: null,
    completedAt: null,
    error: null,
    executionTimeMs: 10,
    checkpointId: null,
    sessionId: null,
    artifactName: null,
    artifactVersion: null,
    output: 'answer'
  }
}

type Connection = Array<RunEvent | Error>

/** A client whose event stream plays one scripted list per connection. */
class FakeClient {
  readonly lastEventIds: number[] = []
  readonly logQueries: LogQuery[] = []
  getRunCalls = 0
  constructor(
    private readonly connections: Connection[],
    private readonly logs: LogEntry[],
    private readonly statusAfter: (calls: number) => string = () => 'completed'
  ) {}
  async *events(_id: string, opts: { lastEventId: number }): AsyncGenerator<RunEvent> {
    this.lastEventIds.push(opts.lastEventId)
    const script = this.connections.shift() ?? [
      new TransportError('no more connections', true, 503)
    ]
    for (const item of script) {
      if (item instanceof Error) throw item
      yield item
    }
    throw new StreamDroppedError('stream closed', true, 200)
  }
  async getRun(): Promise<Run> {
    return run(this.statusAfter(++this.getRunCalls))
  }
  async getLogs(_id: string, query: LogQuery): Promise<Page<LogEntry>> {
    this.logQueries.push(query)
    const since = query.since ? Date.parse(query.since) : -Infinity
    const data = this.logs.filter(e => Date.parse(e.timestamp) >= since).slice(0, query.limit ?? 20)
    return { data, hasMore: false, nextCursor: null }
  }
}

const instantClock: Clock = { now: () => 0, sleep: async () => {} }

async function follow(client: FakeClient, fallbacks: string[] = []) {
  const printer = new CapturePrinter()
  const renderer = new Renderer(printer, { level: 'full' })
  const tracker = new RunTracker(renderer, () => 0)
  const end = await followByStream(
    client,
    RUN_ID,
    tracker,
    { deadlineMs: Number.MAX_SAFE_INTEGER, idleTimeoutMs: 0 },
    instantClock,
    { onFallback: r => fallbacks.push(r), logPollMs: 0 }
  )
  renderer.finish()
  const lines = parseStdout(printer.stdout).text.filter(l => l.startsWith('event '))
  return { end, lines, stdout: printer.stdout }
}

describe('followByStream', () => {
  it('starts at -1, resumes from the last sequence after drops, prints each event once', async () => {
    const client = new FakeClient(
      [
        [{ kind: 'status', status: 'running' }, output(0), output(1), output(2)],
        // The service replays nothing it already sent, but a proxy might: a duplicate is dropped.
        [
          { kind: 'status', status: 'running' },
          output(2),
          output(3),
          new TransportError('reset', true, null)
        ],
        [output(4), { kind: 'complete', status: 'completed', error: null }]
      ],
      []
    )
    const { end, lines } = await follow(client)
    expect(end.kind).toBe('ended')
    expect(client.lastEventIds).toEqual([-1, 2, 3])
    expect(lines).toEqual(['event 0', 'event 1', 'event 2', 'event 3', 'event 4'])
  })

  it('reads the tail from the logs after complete, de-duplicated by sequence', async () => {
    const logs = [
      agentLog(0),
      agentLog(1),
      systemLog(1, 'sandbox says hi'),
      agentLog(2),
      agentLog(3)
    ]
    const client = new FakeClient(
      [[output(0), output(1), { kind: 'complete', status: 'completed', error: null }]],
      logs
    )
    const { lines, stdout } = await follow(client)
    expect(lines).toEqual(['event 0', 'event 1', 'event 2', 'event 3'])
    expect(stdout).toContain('[system] sandbox says hi')
    expect(stdout.match(/sandbox says hi/g)).toHaveLength(1)
  })

  it('prints the final status after the events that came before it', async () => {
    const client = new FakeClient(
      [
        [
          { kind: 'status', status: 'running' },
          { kind: 'status', status: 'completed' },
          output(0),
          { kind: 'complete', status: 'completed', error: null }
        ]
      ],
      []
    )
    const { stdout } = await follow(client)
    expect(stdout.indexOf('event 0')).toBeLessThan(stdout.indexOf('Run status: completed'))
  })

  it('falls back to polling, once, when the stream answers 4xx', async () => {
    const refused = new Vm0ApiError(
      'nope',
      404,
      { type: null, code: null, message: null },
      null,
      'GET',
      '/events'
    )
    const logs = [agentLog(0), agentLog(1)]
    const client = new FakeClient([[refused]], logs, calls => (calls < 2 ? 'running' : 'completed'))
    const fallbacks: string[] = []
    const { end, lines } = await follow(client, fallbacks)
    expect(end.kind).toBe('ended')
    expect(fallbacks).toHaveLength(1)
    expect(fallbacks[0]).toMatch(/nope/)
    expect(lines).toEqual(['event 0', 'event 1'])
  })

  it("falls back to polling, without reconnecting, on the stream's own error event", async () => {
    const vanished = new StreamErrorEvent('Run not found', 'run_not_found')
    const logs = [agentLog(0), agentLog(1)]
    const client = new FakeClient([[output(0), vanished]], logs, calls =>
      calls < 2 ? 'running' : 'completed'
    )
    const fallbacks: string[] = []
    const { end, lines } = await follow(client, fallbacks)
    expect(end.kind).toBe('ended')
    expect(client.lastEventIds).toEqual([-1])
    expect(fallbacks).toEqual([
      'the event stream answered: The VM0 event stream reported: Run not found'
    ])
    expect(lines).toEqual(['event 0', 'event 1'])
  })

  it('falls back after reconnects that bring nothing, without losing events', async () => {
    const down = (): Connection => [new TransportError('503 from proxy', true, 503)]
    const logs = [agentLog(0), agentLog(1), agentLog(2)]
    const client = new FakeClient(
      [[output(0)], down(), down(), down(), down(), down()],
      logs,
      calls => (calls < 2 ? 'running' : 'completed')
    )
    const fallbacks: string[] = []
    const { lines } = await follow(client, fallbacks)
    expect(fallbacks).toEqual([expect.stringMatching(/dropped 5 times in a row/)])
    expect(client.lastEventIds).toEqual([-1, 0, 0, 0, 0, 0])
    expect(lines).toEqual(['event 0', 'event 1', 'event 2'])
  })
})

describe('side polls of system and network lines', () => {
  it('say once when they keep failing, and the stream goes on', async () => {
    // Two events 0.7 s apart keep the stream open while the watchdog runs side polls.
    const client = new FakeClient([[output(0), output(1)]], [])
    let logCalls = 0
    client.getLogs = async () => {
      logCalls++
      throw new TransportError('logs are down', true, 503)
    }
    const slowEvents = client.events.bind(client)
    client.events = async function* (id, opts) {
      for await (const e of slowEvents(id, opts)) {
        yield e
        await new Promise(r => setTimeout(r, 700))
      }
    }
    const notes: string[] = []
    const printer = new CapturePrinter()
    const tracker = new RunTracker(new Renderer(printer, { level: 'full' }), () => Date.now())
    const clock: Clock = { now: () => Date.now(), sleep: async () => {} }
    await followByStream(
      client,
      RUN_ID,
      tracker,
      { deadlineMs: Date.now() + 3000, idleTimeoutMs: 0 },
      clock,
      { onFallback: () => {}, logPollMs: 0, onSideLogTrouble: l => notes.push(l) }
    ).catch(() => null)
    expect(logCalls).toBeGreaterThanOrEqual(3)
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatch(/System and network lines are not coming through: logs are down/)
  })
})

describe('stream helpers', () => {
  it('reconnects at once after a drop that made progress, then backs off to a cap', () => {
    expect([0, 1, 2, 3, 4, 10].map(reconnectDelay)).toEqual([0, 0, 250, 500, 1000, 5000])
  })
  it('picks the earlier log position, or the start when either is unknown', () => {
    expect(earliest(ts(1), ts(2))).toBe(ts(1))
    expect(earliest(ts(3), ts(2))).toBe(ts(2))
    expect(earliest(null, ts(2))).toBeNull()
  })
})
