import { describe, expect, it } from '@jest/globals'
import { aRun } from '../support/fake-vm0.js'
import {
  AuthenticationError,
  StreamDroppedError,
  StreamErrorEvent,
  TransportError,
  Vm0ApiError
} from '../../src/base/errors.js'
import { FollowError, followRun, type FollowOptions } from '../../src/follow/follower.js'
import { earliest, reconnectDelay } from '../../src/follow/stream.js'
import type { LogEntry, LogQuery, Page, Run, RunEvent } from '../../src/vm0/types.js'
import { CapturePrinter } from '../support/capture-printer.js'
import { FakeClock } from '../support/fake-clock.js'
import { parseStdout } from '../../emulator/runner/workflow-commands.js'

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
  return aRun({
    id: RUN_ID,
    status,
    createdAt: null,
    startedAt: null,
    executionTimeMs: 10,
    output: 'answer'
  })
}

/** What one connection plays: events, a thrown error, a pause, or silence until it is aborted. */
type Step = RunEvent | Error | { pauseMs: number } | 'hang'
type Connection = Step[]

/** A client whose event stream plays one scripted list per connection, on a fake clock. */
class FakeClient {
  readonly lastEventIds: number[] = []
  readonly logQueries: LogQuery[] = []
  getRunCalls = 0
  constructor(
    private readonly clock: FakeClock,
    private readonly connections: Connection[],
    private readonly logs: LogEntry[],
    private readonly statusAfter: (calls: number) => string = () => 'completed'
  ) {}
  async *events(
    _id: string,
    opts: { lastEventId: number; signal?: AbortSignal; onOpen?: () => void }
  ): AsyncGenerator<RunEvent> {
    this.lastEventIds.push(opts.lastEventId)
    const script = this.connections.shift() ?? [
      new TransportError('no more connections', true, 503)
    ]
    // A connection that fails at once never got its headers.
    if (!(script[0] instanceof Error)) opts.onOpen?.()
    for (const step of script) {
      if (step instanceof Error) throw step
      if (step === 'hang') {
        // A connection that delivers nothing (a buffering proxy) until it is aborted.
        await this.clock.sleep(Number.MAX_SAFE_INTEGER, opts.signal)
        throw new Error('This operation was aborted')
      }
      if ('pauseMs' in step) {
        await this.clock.sleep(step.pauseMs, opts.signal)
        if (opts.signal?.aborted) throw new Error('This operation was aborted')
        continue
      }
      yield step
    }
    throw new StreamDroppedError('stream closed', true, 200)
  }
  async getRun(): Promise<Run> {
    return run(this.statusAfter(++this.getRunCalls))
  }
  async getLogs(_id: string, query: LogQuery): Promise<Page<LogEntry>> {
    this.logQueries.push(query)
    const since = query.since ? Date.parse(query.since) : -Infinity
    const type = query.type ?? 'all'
    const data = this.logs
      .filter(e => Date.parse(e.timestamp) >= since && (type === 'all' || e.type === type))
      .slice(0, query.limit ?? 20)
    return { data, hasMore: false, nextCursor: null }
  }
}

/** Follows on the fake clock, through the one entry point main uses. */
async function follow(clock: FakeClock, client: FakeClient, over: Partial<FollowOptions> = {}) {
  const printer = new CapturePrinter()
  const info: string[] = []
  const debug: string[] = []
  const work = followRun(client, run('running'), {
    deadlineMs: Number.MAX_SAFE_INTEGER,
    idleTimeoutMs: 0,
    signal: new AbortController().signal,
    clock,
    printer,
    logLevel: 'full',
    log: { info: l => info.push(l), debug: l => debug.push(l) },
    ...over
  })
  const followed = await clock.run(work)
  const lines = parseStdout(printer.stdout)
    .text.map(l => l.replace(/^Claude: /, ''))
    .filter(l => l.startsWith('event '))
  return { followed, end: followed.end, lines, stdout: printer.stdout, info, debug }
}

const complete: RunEvent = { kind: 'complete', status: 'completed', error: null }

describe('following by the event stream', () => {
  it('starts at -1, resumes from the last sequence after drops, prints each event once', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(
      clock,
      [
        [{ kind: 'status', status: 'running' }, output(0), output(1), output(2)],
        // The service replays nothing it already sent, but a proxy might: a duplicate is dropped.
        [
          { kind: 'status', status: 'running' },
          output(2),
          output(3),
          new TransportError('reset', true, null)
        ],
        [output(4), complete]
      ],
      []
    )
    const { end, lines, debug } = await follow(clock, client)
    expect(end.kind).toBe('ended')
    expect(client.lastEventIds).toEqual([-1, 2, 3])
    expect(lines).toEqual(['event 0', 'event 1', 'event 2', 'event 3', 'event 4'])
    expect(debug).toEqual([
      'Event stream ended (the connection closed); reconnecting from sequence 2',
      'Event stream ended (reset); reconnecting from sequence 3'
    ])
  })

  it('reads the tail from the logs after complete, de-duplicated by sequence', async () => {
    const clock = new FakeClock()
    const logs = [
      agentLog(0),
      agentLog(1),
      systemLog(1, 'sandbox says hi'),
      agentLog(2),
      agentLog(3)
    ]
    const client = new FakeClient(clock, [[output(0), output(1), complete]], logs)
    const { lines, stdout, followed } = await follow(clock, client)
    expect(lines).toEqual(['event 0', 'event 1', 'event 2', 'event 3'])
    expect(stdout).toContain('[system] sandbox says hi')
    expect(stdout.match(/sandbox says hi/g)).toHaveLength(1)
    expect(followed.lastStatus).toBe('completed')
    expect(followed.logTail).toContain('[system] sandbox says hi')
  })

  it('prints the final status after the events that came before it', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(
      clock,
      [
        [
          { kind: 'status', status: 'running' },
          { kind: 'status', status: 'completed' },
          output(0),
          complete
        ]
      ],
      []
    )
    const { stdout } = await follow(clock, client)
    expect(stdout.indexOf('event 0')).toBeLessThan(stdout.indexOf('Run status: completed'))
  })

  it('keeps the final result and the log tail', async () => {
    const clock = new FakeClock()
    const result: RunEvent = {
      kind: 'output',
      sequence: 1,
      type: 'result',
      data: { type: 'result', subtype: 'success', result: 'all done', num_turns: 2 },
      timestamp: ts(1)
    }
    const client = new FakeClient(clock, [[output(0), result, complete]], [])
    const { followed } = await follow(clock, client)
    expect(followed.result).toMatchObject({ text: 'all done', numTurns: 2, isError: false })
    // The tail is what the log shows, never the raw events.
    expect(followed.logTail).toEqual([
      'Run status: running',
      'Claude: event 0',
      '✔ Agent finished · 2 turns',
      'Final answer:',
      'all done',
      'Run status: completed'
    ])
  })
})

describe('a step log that falls behind', () => {
  it('is waited for before the next event is read, so a burst stays in the connection', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, [[output(0), output(1), output(2), complete]], [])
    const pulledAt: number[] = []
    const events = client.events.bind(client)
    client.events = async function* (id, opts) {
      for await (const event of events(id, opts)) {
        pulledAt.push(clock.now())
        yield event
      }
    }
    // The runner takes 5 s to read what each event printed.
    const printer = Object.assign(new CapturePrinter(), {
      drained: (): Promise<void> | null => clock.sleep(5000)
    })
    const start = clock.now()
    const followed = await clock.run(
      followRun(client, run('running'), {
        deadlineMs: Number.MAX_SAFE_INTEGER,
        idleTimeoutMs: 0,
        signal: new AbortController().signal,
        clock,
        printer,
        logLevel: 'full',
        log: { info: () => {}, debug: () => {} }
      })
    )
    expect(followed.end.kind).toBe('ended')
    expect(pulledAt.map(t => t - start)).toEqual([0, 5000, 10_000, 15_000])
  })
})

describe('falling back to polling', () => {
  it('happens once when the stream answers 4xx', async () => {
    const clock = new FakeClock()
    const refused = new Vm0ApiError(
      'nope',
      404,
      { type: null, code: null, message: null },
      null,
      'GET',
      '/events'
    )
    const logs = [agentLog(0), agentLog(1)]
    const client = new FakeClient(clock, [[refused]], logs, calls =>
      calls < 2 ? 'running' : 'completed'
    )
    const { end, lines, info } = await follow(clock, client)
    expect(end.kind).toBe('ended')
    expect(info).toEqual([
      'Following the run by polling instead of its event stream: the event stream answered: nope.'
    ])
    expect(lines).toEqual(['event 0', 'event 1'])
  })

  it('happens, without reconnecting, when the stream reports an error event', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(
      clock,
      [[new StreamErrorEvent('run not found', 'not_found')]],
      [agentLog(0)]
    )
    const { end, info, lines } = await follow(clock, client)
    expect(end.kind).toBe('ended')
    expect(info).toEqual([
      'Following the run by polling instead of its event stream: the event stream answered: The VM0 event stream reported: run not found.'
    ])
    expect(lines).toEqual(['event 0'])
  })

  it('happens after reconnects that bring nothing, with backoff, without losing events', async () => {
    const clock = new FakeClock()
    const down = (): Connection => [new TransportError('503 from proxy', true, 503)]
    const logs = [agentLog(0), agentLog(1), agentLog(2)]
    const client = new FakeClient(
      clock,
      [[output(0)], down(), down(), down(), down(), down()],
      logs,
      calls => (calls < 2 ? 'running' : 'completed')
    )
    const { lines, info, debug } = await follow(clock, client)
    expect(info).toEqual([expect.stringMatching(/dropped 5 times in a row .*\(HTTP 503\)\.$/)])
    expect(client.lastEventIds).toEqual([-1, 0, 0, 0, 0, 0])
    expect(debug.slice(1)).toEqual([
      'Event stream ended (HTTP 503); reconnecting from sequence 0',
      'Event stream ended (HTTP 503); reconnecting from sequence 0 in 0.25 s',
      'Event stream ended (HTTP 503); reconnecting from sequence 0 in 0.5 s',
      'Event stream ended (HTTP 503); reconnecting from sequence 0 in 1 s'
    ])
    expect(lines).toEqual(['event 0', 'event 1', 'event 2'])
  })

  it('happens when nothing arrives within 5 s of connecting (a buffering proxy)', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const result: LogEntry = {
      ...agentLog(7),
      eventType: 'result',
      eventData: { type: 'result', subtype: 'success', result: 'late answer' }
    }
    // The run says hello at once and answers at 7 s; the logs show what has happened by now.
    const client = new FakeClient(clock, [['hang']], [agentLog(0), result], () =>
      clock.now() - start < 7000 ? 'running' : 'completed'
    )
    const logs = client.getLogs.bind(client)
    client.getLogs = async (id, query) => {
      const page = await logs(id, query)
      return { ...page, data: page.data.filter(e => Date.parse(e.timestamp) <= clock.now()) }
    }
    const notes: string[] = []
    let fellBackAt = 0
    const { end, lines, followed } = await follow(clock, client, {
      log: {
        info: line => {
          fellBackAt = clock.now() - start
          notes.push(line)
        },
        debug: () => {}
      }
    })
    expect(end.kind).toBe('ended')
    expect(notes).toEqual([
      'Following the run by polling instead of its event stream: no event arrived within seconds of connecting; a proxy may be buffering the stream.'
    ])
    expect(fellBackAt).toBeGreaterThanOrEqual(5000)
    expect(fellBackAt).toBeLessThanOrEqual(5200)
    expect(client.lastEventIds).toEqual([-1])
    expect(lines).toEqual(['event 0'])
    expect(followed.result?.text).toBe('late answer')
  })
})

describe('limits while the stream blocks', () => {
  it('idle-timeout ends a stream that only sends heartbeats', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const beats: Connection = []
    for (let i = 0; i < 20; i++) beats.push({ pauseMs: 1000 }, { kind: 'heartbeat' })
    const client = new FakeClient(clock, [[output(0), ...beats]], [])
    const { end, lines } = await follow(clock, client, { idleTimeoutMs: 3000 })
    expect(end).toEqual({ kind: 'idle', run: null })
    expect(lines).toEqual(['event 0'])
    // The watchdog checks every 200 ms.
    expect(clock.now() - start).toBeGreaterThanOrEqual(3000)
    expect(clock.now() - start).toBeLessThanOrEqual(3200)
  })

  it('timeout ends a silent stream before it counts as buffered', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, [['hang']], [])
    const { end, info } = await follow(clock, client, { deadlineMs: clock.now() + 2000 })
    expect(end).toEqual({ kind: 'timeout', run: null })
    expect(info).toEqual([])
  })

  it('a cancelled workflow ends the wait as aborted', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, [[output(0), 'hang']], [])
    const cancel = new AbortController()
    void clock.sleep(1000).then(() => cancel.abort())
    const { end } = await follow(clock, client, { signal: cancel.signal })
    expect(end).toEqual({ kind: 'aborted', run: null })
  })
})

describe('a failure while following', () => {
  it('is thrown as a FollowError that keeps the cause and what was seen, with what was held printed', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, [[output(0), complete]], [])
    const revoked = new AuthenticationError(
      'The VM0 token was refused',
      401,
      { type: null, code: null, message: null },
      null,
      'GET',
      '/v1/runs/x'
    )
    client.getRun = async () => {
      throw revoked
    }
    const printer = new CapturePrinter()
    const error = await clock
      .run(
        followRun(client, run('running'), {
          deadlineMs: Number.MAX_SAFE_INTEGER,
          idleTimeoutMs: 0,
          signal: new AbortController().signal,
          clock,
          printer,
          logLevel: 'full',
          log: { info: () => {}, debug: () => {} }
        })
      )
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FollowError)
    const failure = error as FollowError
    expect(failure.message).toBe('The VM0 token was refused')
    expect(failure.cause).toBe(revoked)
    expect(failure.seen.logTail).toEqual(['Run status: running', 'Claude: event 0'])
    expect(failure.seen.lastStatus).toBe('running')
    // What was held back is printed on the way out, and no group is left open.
    const parsed = parseStdout(printer.stdout)
    expect(parsed.text).toContain('Claude: event 0')
    expect(parsed.groups.every(g => g.closed)).toBe(true)
  })
})

describe('side polls of system and network lines', () => {
  it('print system lines while streaming and say once when they stop coming', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(
      clock,
      [
        [
          output(0),
          { pauseMs: 20_000 },
          output(1),
          { pauseMs: 20_000 },
          output(2),
          { pauseMs: 20_000 },
          output(3),
          complete
        ]
      ],
      [systemLog(0, 'sandbox up')]
    )
    const logs = client.getLogs.bind(client)
    let calls = 0
    client.getLogs = async (id, query) => {
      if (++calls === 1 || calls > 4) return logs(id, query)
      throw new TransportError('logs are down', true, 503)
    }
    const { info, stdout } = await follow(clock, client)
    expect(info).toEqual(['System and network lines are not coming through: logs are down'])
    expect(stdout.match(/\[system\] sandbox up/g)).toHaveLength(1)
  })
})

describe('endless log pages', () => {
  const refused = (): Vm0ApiError =>
    new Vm0ApiError('no stream', 404, { type: null, code: null, message: null }, null, 'GET', '/e')

  /** getLogs answers every query with a full page of new entries, taking `ms` each. */
  function endless(clock: FakeClock, client: FakeClient, ms: number, chars: number): void {
    let n = 0
    client.getLogs = async (_id, query) => {
      client.logQueries.push(query)
      await clock.sleep(ms)
      const data = Array.from({ length: query.limit ?? 100 }, () => {
        n++
        return systemLog(n / 1000, `line ${n} ${'x'.repeat(chars)}`)
      })
      return { data, hasMore: true, nextCursor: null }
    }
  }

  it('stop at the timeout: the wait ends on time, having read a bounded number of pages', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, [[refused()]], [], () => 'running')
    endless(clock, client, 50, 10)
    const started = clock.now()
    const { end } = await follow(clock, client, { deadlineMs: started + 10_000 })
    expect(end.kind).toBe('timeout')
    // On time: the page in flight, then one bounded read of what came since (a page per kind).
    expect(clock.now() - started).toBeLessThanOrEqual(10_050 + 2 * 50)
    expect(client.logQueries.length).toBeLessThanOrEqual(10_000 / 50 + 1 + 2)
  })

  it('stop the side polls at the timeout too, so the stream can end', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, [['hang']], [], () => 'running')
    // The stream delivers nothing: the watchdog ends it at the deadline, then waits for the side poll.
    client.events = async function* (_id, opts) {
      yield { kind: 'status', status: 'running' }
      await clock.sleep(Number.MAX_SAFE_INTEGER, opts.signal)
      throw new Error('This operation was aborted')
    }
    endless(clock, client, 50, 10)
    const started = clock.now()
    const { end } = await follow(clock, client, { deadlineMs: started + 3000 })
    expect(end.kind).toBe('timeout')
    expect(clock.now() - started).toBeLessThanOrEqual(3250)
  })

  it('stop at the read limits with one line saying so; the run is still followed to its end', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, [[refused()]], [], calls =>
      calls < 30 ? 'running' : 'completed'
    )
    endless(clock, client, 1, 40_000)
    const { end, info, stdout } = await follow(clock, client)
    expect(end.kind).toBe('ended')
    const said = info.filter(l => l.startsWith("Stopped reading the run's log after"))
    expect(said).toHaveLength(1)
    expect(said[0]).toContain('the most one step reads (100000 entries or 32.0 MiB)')
    // 32 Mi characters at 4,000,000 per page: the ninth page crosses the limit, and nothing is read
    // after; the same holds for the network lines' own cursor (the fake ignores `type`).
    expect(client.logQueries.filter(q => q.type === undefined)).toHaveLength(9)
    expect(client.logQueries.filter(q => q.type === 'network')).toHaveLength(9)
    expect(client.logQueries).toHaveLength(18)
    expect(stdout.length).toBeLessThan(40 * 1024 * 1024)
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
