/**
 * Following a platform run by polling, on a fake clock, against a scripted
 * platform: every agent event printed once and in order across pages and
 * overlapping pages, Codex and unknown frameworks, the end seen and its tail
 * read, the limits, each missing route said once, the request cadence, and
 * an outage waited out.
 */
import { describe, expect, it } from '@jest/globals'
import { TransportError } from '../../src/base/errors.js'
import { FollowError, type Followed } from '../../src/follow/follower.js'
import { nextInterval, PACE } from '../../src/follow/platform-cadence.js'
import { networkEntry, trackedEvent } from '../../src/follow/platform-reads.js'
import {
  followPlatformRun,
  outageDelay,
  type PlatformFollowOptions
} from '../../src/follow/platform.js'
import { RouteMissingError } from '../../src/platform/errors.js'
import type {
  AgentEventPage,
  NetworkLine,
  NetworkPage,
  PlatformFollowApi
} from '../../src/platform/types.js'
import { Patience } from '../../src/vm0/patience.js'
import { isTerminal, type Run } from '../../src/vm0/types.js'
import { CapturePrinter } from '../support/capture-printer.js'
import { FakeClock } from '../support/fake-clock.js'
import { aRun } from '../support/fake-vm0.js'
import { parseStdout } from '../../emulator/runner/workflow-commands.js'

const RUN_ID = '11111111-2222-4333-8444-555555555555'
const T0 = Date.UTC(2026, 0, 1)
const iso = (ms: number): string => new Date(T0 + ms).toISOString()
const say = (text: string): object => ({
  type: 'assistant',
  message: { content: [{ type: 'text', text }] }
})
const claudeResult = (text: string): object => ({
  type: 'result',
  subtype: 'success',
  result: text,
  num_turns: 1
})

type Route = 'run' | 'events' | 'network'

interface Script {
  /** Each event becomes visible at `at` (ms after the start); its sequence is its index. */
  events?: Array<{ at: number; data: unknown }>
  /** The status from `at` on; the last one reached is the run's. */
  statuses: Array<{ at: number; status: string }>
  network?: Array<{ at: number; url: string }>
  framework?: string | null
  pageSize?: number
  /** A platform whose `since` includes the last sequence: every page overlaps the one before. */
  inclusiveSince?: boolean
  /** An error to answer with instead, per request. */
  fail?: (route: Route, elapsed: number) => Error | null
}

/** A platform that plays a script on the fake clock and records every request. */
class ScriptedPlatform implements PlatformFollowApi {
  readonly requests: Array<{ route: Route; at: number; since?: number }> = []

  constructor(
    private readonly clock: FakeClock,
    private readonly script: Script
  ) {}

  private get elapsed(): number {
    return this.clock.now() - T0
  }

  private enter(route: Route, since?: number): void {
    this.requests.push({ route, at: this.elapsed, ...(since !== undefined ? { since } : {}) })
    const error = this.script.fail?.(route, this.elapsed)
    if (error) throw error
  }

  async getRun(): Promise<Run> {
    this.enter('run')
    let status = 'queued'
    for (const s of this.script.statuses) if (s.at <= this.elapsed) status = s.status
    const output = isTerminal(status) ? 'the answer' : null
    return aRun({ id: RUN_ID, status, output })
  }

  async agentEvents(_id: string, query: { since: number }): Promise<AgentEventPage> {
    this.enter('events', query.since)
    const from = this.script.inclusiveSince ? Math.max(0, query.since) : query.since + 1
    const visible = (this.script.events ?? [])
      .map((e, seq) => ({ ...e, seq }))
      .filter(e => e.at <= this.elapsed && e.seq >= from)
    const size = this.script.pageSize ?? 100
    return {
      events: visible.slice(0, size).map(e => ({
        sequenceNumber: e.seq,
        eventType: 'output',
        eventData: e.data,
        createdAt: iso(e.at)
      })),
      hasMore: visible.length > size,
      framework: this.script.framework === undefined ? 'claude-code' : this.script.framework
    }
  }

  async networkLines(_id: string, query: { cursor: string | null }): Promise<NetworkPage> {
    this.enter('network')
    const from = query.cursor === null ? 0 : Number(query.cursor)
    const visible = (this.script.network ?? []).filter(l => l.at <= this.elapsed)
    const page = visible.slice(from, from + 2)
    const line = (l: { at: number; url: string }): NetworkLine => ({
      timestamp: iso(l.at),
      action: 'allow',
      host: null,
      method: 'GET',
      url: l.url,
      status: 200,
      latencyMs: 12
    })
    return {
      lines: page.map(line),
      hasMore: visible.length > from + page.length,
      nextCursor: String(from + page.length)
    }
  }

  count(route: Route, fromMs = 0, toMs = Infinity): number {
    return this.requests.filter(r => r.route === route && r.at >= fromMs && r.at < toMs).length
  }

  all(fromMs: number, toMs: number): number {
    return this.requests.filter(r => r.at >= fromMs && r.at < toMs).length
  }
}

interface Outcome {
  followed: Followed | Error
  /** The step log's text lines (relayed remote text unwrapped). */
  lines: string[]
  /** The agent's lines, without the "Claude: " prefix. */
  said: string[]
  info: string[]
  reach: string[]
  transcript: unknown[]
  platform: ScriptedPlatform
  /** Fake ms from the start to the end of following. */
  tookMs: number
  /** When the core route was asked whether the run ended (ms after the start). */
  coreAsks: number[]
}

async function follow(
  script: Script,
  over: Partial<PlatformFollowOptions> & { abortAtMs?: number } = {},
  /** With a core route that says the run ended from this time on. */
  coreEndAtMs: number | null = null
): Promise<Outcome> {
  const clock = new FakeClock(T0)
  const coreAsks: number[] = []
  const coreEnd = async (): Promise<Run | null> => {
    coreAsks.push(clock.now() - T0)
    if (coreEndAtMs === null || clock.now() - T0 < coreEndAtMs) return null
    return aRun({ id: RUN_ID, status: 'completed', output: 'core' })
  }
  const platform = new ScriptedPlatform(clock, script)
  const printer = new CapturePrinter()
  const info: string[] = []
  const reach: string[] = []
  const transcript: unknown[] = []
  const patience = new Patience({ now: () => clock.now(), log: line => reach.push(line) })
  patience.arm(T0 + 3600_000)
  const abort = new AbortController()
  if (over.abortAtMs !== undefined) void clock.sleep(over.abortAtMs).then(() => abort.abort())
  const work = followPlatformRun(platform, aRun({ id: RUN_ID, status: 'queued' }), {
    deadlineMs: T0 + 3600_000,
    idleTimeoutMs: 0,
    signal: abort.signal,
    clock,
    printer,
    logLevel: 'full',
    log: { info: l => info.push(l), debug: () => {} },
    patience,
    transcript: { path: 'transcript.jsonl', write: e => transcript.push(e) },
    ...(coreEndAtMs !== null ? { coreEnd } : {}),
    ...over
  })
  const followed = await clock.run(work).catch((e: unknown) => e as Error)
  const tookMs = clock.now() - T0
  const lines = parseStdout(printer.stdout).text
  const said = lines.map(l => l.replace(/^Claude: /, '')).filter(l => /^event \d+$/.test(l))
  return { followed, lines, said, info, reach, transcript, platform, tookMs, coreAsks }
}

const ended = (o: Outcome): Followed => {
  expect(o.followed).not.toBeInstanceOf(Error)
  return o.followed as Followed
}
const numbered = (n: number, from = 0): string[] =>
  Array.from({ length: n }, (_, i) => `event ${from + i}`)

describe('agent events', () => {
  it('are printed once each, in order, across pages and pages that overlap', async () => {
    const events = [
      ...Array.from({ length: 250 }, (_, i) => ({ at: 1000, data: say(`event ${i}`) })),
      ...Array.from({ length: 5 }, (_, i) => ({
        at: 20_000 + i * 2000,
        data: say(`event ${250 + i}`)
      })),
      { at: 31_000, data: claudeResult('All done.') }
    ]
    const script: Script = { events, statuses: [{ at: 32_000, status: 'completed' }] }
    for (const inclusiveSince of [false, true]) {
      const o = await follow({ ...script, inclusiveSince })
      expect(ended(o).end).toMatchObject({ kind: 'ended', run: { status: 'completed' } })
      expect(o.said).toEqual(numbered(255))
      expect(ended(o).result?.text).toBe('All done.')
      // The transcript gets each event once, as the platform sent it, in order.
      expect(o.transcript).toEqual(events.map(e => e.data))
      // The burst of 250 is read page after page at once: since -1, then the last of each page.
      const sinces = o.platform.requests.filter(r => r.route === 'events').map(r => r.since)
      expect(sinces.slice(0, 4)).toEqual(inclusiveSince ? [-1, -1, 99, 198] : [-1, -1, 99, 199])
      expect(o.info).toEqual([])
    }
  })

  it('of Codex are drawn by the Codex renderer, its last message the answer', async () => {
    const events = [
      { at: 0, data: { type: 'thread.started', thread_id: 'th_1' } },
      { at: 0, data: { type: 'turn.started' } },
      {
        at: 1000,
        data: {
          type: 'item.completed',
          item: { id: 'i1', type: 'agent_message', text: 'Fixed it.' }
        }
      },
      {
        at: 2000,
        data: { type: 'turn.completed', usage: { input_tokens: 10, output_tokens: 5 } }
      }
    ]
    const o = await follow({
      events,
      framework: 'codex',
      statuses: [{ at: 5000, status: 'completed' }]
    })
    expect(ended(o).result).toMatchObject({ text: 'Fixed it.', isError: false })
    expect(o.lines.some(l => l.includes('Fixed it.'))).toBe(true)
    expect(o.info).toEqual([])
  })

  it('of an unknown framework are shown plainly, one line each, and never read as an answer', async () => {
    const events = [
      { at: 0, data: { type: 'message', text: 'hello from elsewhere' } },
      { at: 1000, data: claudeResult('not an answer') }
    ]
    const o = await follow({
      events,
      framework: 'gemini-cli',
      statuses: [{ at: 5000, status: 'completed' }]
    })
    expect(ended(o).end.kind).toBe('ended')
    expect(ended(o).result).toBeNull()
    expect(o.lines).toContain('[event (gemini-cli)] [message] hello from elsewhere')
    expect(o.lines.filter(l => l.startsWith('[event (gemini-cli)] [result]'))).toHaveLength(1)
    expect(o.info).toEqual([
      'The agent runs on "gemini-cli", whose events this action cannot read: each is shown as one plain line.'
    ])
    // The transcript keeps the events whole.
    expect(o.transcript).toEqual(
      events.map(e => ({
        type: 'event (gemini-cli)',
        text: expect.any(String),
        eventType: 'output',
        eventData: e.data
      }))
    )
  })

  it('read as a wrapper only for an unknown framework', () => {
    const event = { sequenceNumber: 0, eventType: 'output', eventData: say('x'), createdAt: null }
    expect(trackedEvent(event, 'claude-code')).toBe(event.eventData)
    expect(trackedEvent(event, 'codex')).toBe(event.eventData)
    expect(trackedEvent(event, null)).toBe(event.eventData)
    expect(trackedEvent(event, 'other')).toMatchObject({
      type: 'event (other)',
      eventData: event.eventData
    })
  })
})

describe('the end of the run', () => {
  it('is seen within one status read, and the events and network lines before it print before its status', async () => {
    const o = await follow({
      events: [
        { at: 0, data: say('event 0') },
        // Lands with the end: only the tail read after the final status finds it.
        { at: 48_000, data: say('event 1') }
      ],
      statuses: [
        { at: 0, status: 'running' },
        { at: 48_000, status: 'completed' }
      ],
      network: [
        { at: 2000, url: 'https://example.test/early' },
        { at: 48_000, url: 'https://example.test/late' }
      ]
    })
    expect(ended(o).end).toMatchObject({ kind: 'ended', run: { status: 'completed' } })
    expect(o.tookMs).toBeGreaterThanOrEqual(48_000)
    expect(o.tookMs).toBeLessThanOrEqual(48_000 + PACE.status.quietMs + 1000)
    expect(o.said).toEqual(['event 0', 'event 1'])
    const at = (text: string): number => o.lines.findIndex(l => l.includes(text))
    expect(at('Run status: completed')).toBeGreaterThan(at('event 1'))
    expect(o.lines).toContain('[network] GET https://example.test/late - 200 (12ms)')
    expect(at('Run status: completed')).toBeGreaterThan(at('https://example.test/late'))
    expect(at('[network] GET https://example.test/early - 200 (12ms)')).toBeGreaterThan(
      at('event 0')
    )
    expect(at('Run status: queued')).toBeLessThan(at('event 0'))
    expect(at('Run status: running')).toBeLessThan(at('event 1'))
    expect(ended(o).lastStatus).toBe('completed')
  })

  it("is looked for at once when the agent's result event arrives", async () => {
    const o = await follow({
      events: [
        { at: 0, data: say('event 0') },
        { at: 60_000, data: claudeResult('done') }
      ],
      statuses: [
        { at: 0, status: 'running' },
        { at: 60_000, status: 'completed' }
      ]
    })
    expect(ended(o).result?.text).toBe('done')
    const resultRead = o.platform.requests.find(r => r.route === 'events' && r.at >= 60_000)!.at
    // The status read right after the events read that brought the result.
    expect(o.platform.requests.find(r => r.route === 'run' && r.at >= resultRead)?.at).toBe(
      resultRead
    )
    expect(o.tookMs).toBe(resultRead)
  })
})

describe('limits', () => {
  const endless: Script = {
    events: [{ at: 0, data: say('event 0') }],
    statuses: [{ at: 0, status: 'running' }]
  }

  it('timeout ends the wait at the deadline', async () => {
    const o = await follow(endless, { deadlineMs: T0 + 30_000 })
    expect(ended(o).end).toMatchObject({ kind: 'timeout', run: { status: 'running' } })
    expect(o.tookMs).toBe(30_000)
  })

  it('idle-timeout ends it when nothing happens for that long', async () => {
    const o = await follow(endless, { idleTimeoutMs: 40_000 })
    expect(ended(o).end.kind).toBe('idle')
    // The last activity was the status turning to running on the first status read.
    expect(o.tookMs).toBeGreaterThanOrEqual(PACE.status.fastMs + 40_000)
    expect(o.tookMs).toBeLessThanOrEqual(PACE.status.fastMs + 40_000 + 1000)
  })

  it("the workflow's cancellation ends it at once", async () => {
    const o = await follow(endless, { abortAtMs: 12_345 })
    expect(ended(o).end.kind).toBe('aborted')
    expect(o.tookMs).toBe(12_345)
    expect(o.said).toEqual(['event 0'])
  })

  it('a failure that is not a passing one fails following, keeping what was seen', async () => {
    const refused = new Error('VM0 rejected the token')
    const o = await follow({
      ...endless,
      fail: (route, t) => (route === 'run' && t > 20_000 ? refused : null)
    })
    expect(o.followed).toBeInstanceOf(FollowError)
    expect((o.followed as FollowError).cause).toBe(refused)
    expect((o.followed as FollowError).seen.logTail.join('\n')).toContain('event 0')
  })
})

describe('a missing route', () => {
  const script: Script = {
    events: [
      { at: 0, data: say('event 0') },
      { at: 30_000, data: claudeResult('done') }
    ],
    statuses: [
      { at: 0, status: 'running' },
      { at: 40_000, status: 'completed' }
    ],
    network: [{ at: 1000, url: 'https://example.test/' }]
  }
  const missing = (route: Route, path: string) => (r: Route) =>
    r === route ? new RouteMissingError(path, 'something') : null

  it('for agent events is said once; the run is followed by its status to its end', async () => {
    const o = await follow({
      ...script,
      fail: missing('events', 'GET /api/runs/:id/telemetry/agent')
    })
    expect(ended(o).end).toMatchObject({ kind: 'ended', run: { status: 'completed' } })
    expect(o.info).toEqual([
      "The step log cannot show the agent's events: the platform has no route GET /api/runs/:id/telemetry/agent. The run is still followed by its status."
    ])
    expect(o.platform.count('events')).toBe(1)
    expect(o.lines.some(l => l.includes('https://example.test/'))).toBe(true)
  })

  it('for agent events turns idle-timeout off rather than cancel a working run', async () => {
    const o = await follow(
      {
        ...script,
        statuses: [
          { at: 0, status: 'running' },
          { at: 90_000, status: 'completed' }
        ],
        fail: missing('events', 'GET /api/runs/:id/telemetry/agent')
      },
      { idleTimeoutMs: 20_000 }
    )
    expect(ended(o).end.kind).toBe('ended')
    expect(o.info).toEqual([
      "The step log cannot show the agent's events: the platform has no route GET /api/runs/:id/telemetry/agent. The run is still followed by its status; `idle-timeout` cannot be judged without its events and is not applied."
    ])
  })

  it('for network lines is said once; events still print', async () => {
    const o = await follow({ ...script, fail: missing('network', 'GET /api/runs/:id/network') })
    expect(ended(o).end.kind).toBe('ended')
    expect(o.info).toEqual([
      'The step log shows no network lines: the platform has no route GET /api/runs/:id/network.'
    ])
    expect(o.platform.count('network')).toBe(1)
    expect(o.said).toEqual(['event 0'])
    expect(ended(o).result?.text).toBe('done')
  })

  it('for the status is said once, and the core route tells the end', async () => {
    const o = await follow({ ...script, fail: missing('run', 'GET /api/runs/:id') }, {}, 50_000)
    expect(ended(o).end).toMatchObject({
      kind: 'ended',
      run: { status: 'completed', output: 'core' }
    })
    expect(o.info).toEqual([
      "The run's status cannot be read: the platform has no route GET /api/runs/:id. The run's end is read from the thread's messages instead."
    ])
    expect(o.platform.count('run')).toBe(1)
    // Asked at the status cadence (at most 15 s apart), once more when the result arrived.
    const gaps = o.coreAsks.slice(1).map((t, i) => t - o.coreAsks[i]!)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(PACE.status.quietMs)
    expect(o.coreAsks.length).toBeLessThanOrEqual(6)
    expect(o.tookMs).toBeGreaterThanOrEqual(50_000)
    expect(o.tookMs).toBeLessThanOrEqual(50_000 + PACE.status.quietMs)
    expect(o.said).toEqual(['event 0'])
    expect(ended(o).result?.text).toBe('done')
  })

  it('already named by the api (the platform client) is not named again: one line per route', async () => {
    const none = (r: Route): Error => new RouteMissingError(`GET ${r}`, 'something')
    const o = await follow({ ...script, fail: none }, { routesSaid: true }, 50_000)
    expect(ended(o).end).toMatchObject({ kind: 'ended', run: { output: 'core' } })
    expect(o.info).toEqual(["The run's end is read from the thread's messages instead."])
    const idle = await follow(
      { ...script, fail: none },
      { routesSaid: true, idleTimeoutMs: 20_000 },
      50_000
    )
    expect(ended(idle).end.kind).toBe('ended')
    expect(idle.info).toEqual([
      'The run is still followed by its status; `idle-timeout` cannot be judged without its events and is not applied.',
      "The run's end is read from the thread's messages instead."
    ])
  })

  it('for the status without a core route fails following, naming the route', async () => {
    const o = await follow({ ...script, fail: missing('run', 'GET /api/runs/:id') })
    expect(o.followed).toBeInstanceOf(FollowError)
    expect((o.followed as Error).message).toMatch(
      /^Cannot follow run 11111111-2222-4333-8444-555555555555: the platform has no route GET \/api\/runs\/:id,/
    )
  })
})

describe('the request cadence', () => {
  it('stays at 12 requests a minute or fewer on a quiet run (one event every 15 s for 75 s)', async () => {
    const events = Array.from({ length: 6 }, (_, i) => ({
      at: i * 15_000,
      data: say(`event ${i}`)
    }))
    const o = await follow({
      events,
      statuses: [
        { at: 0, status: 'running' },
        { at: 75_000, status: 'completed' }
      ],
      network: [{ at: 0, url: 'https://example.test/' }]
    })
    expect(o.said).toEqual(numbered(6))
    // Every minute-long window of the steady part, and the middle half-minute scaled to a minute.
    for (let from = 10_000; from + 60_000 <= 75_000; from += 1000) {
      expect(o.platform.all(from, from + 60_000)).toBeLessThanOrEqual(12)
    }
    expect(o.platform.all(30_000, 60_000) * 2).toBeLessThanOrEqual(12)
    // Network lines are read less often than events.
    expect(o.platform.count('network', 15_000, 75_000)).toBeLessThan(
      o.platform.count('events', 15_000, 75_000)
    )
  })

  it('reads events about every 3 s while they flow (one a second), near one request per 2–5 s in all', async () => {
    const events = Array.from({ length: 60 }, (_, i) => ({ at: i * 1000, data: say(`event ${i}`) }))
    const o = await follow({
      events,
      statuses: [
        { at: 0, status: 'running' },
        { at: 62_000, status: 'completed' }
      ]
    })
    expect(o.said).toEqual(numbered(60))
    const reads = o.platform.requests.filter(
      r => r.route === 'events' && r.at >= 20_000 && r.at < 50_000
    )
    const gaps = reads.slice(1).map((r, i) => r.at - reads[i]!.at)
    expect(gaps.every(g => g === PACE.events.fastMs)).toBe(true)
    const perMinute = o.platform.all(20_000, 50_000) * 2
    expect(perMinute).toBeGreaterThanOrEqual(12)
    expect(perMinute).toBeLessThanOrEqual(30)
  })

  it('backs off over empty reads, fast after new items (events only while they flow)', () => {
    expect(nextInterval('events', 3000, false, false)).toBe(6000)
    expect(nextInterval('events', 6000, false, false)).toBe(12_000)
    expect(nextInterval('events', 12_000, false, true)).toBe(15_000)
    expect(nextInterval('events', 15_000, true, true)).toBe(3000)
    expect(nextInterval('events', 15_000, true, false)).toBe(15_000)
    expect(nextInterval('status', 15_000, true, false)).toBe(10_000)
    expect(nextInterval('network', 15_000, false, false)).toBe(30_000)
  })
})

describe('VM0 unreachable', () => {
  it('is waited out: the run is followed to its end, every event once, said when it goes and comes back', async () => {
    const events = Array.from({ length: 40 }, (_, i) => ({ at: i * 1500, data: say(`event ${i}`) }))
    const reset = new TransportError('Could not get an answer from VM0: ECONNRESET', true, null)
    const o = await follow({
      events,
      statuses: [
        { at: 0, status: 'running' },
        { at: 61_000, status: 'completed' }
      ],
      fail: (_route, t) => (t >= 20_000 && t < 50_000 ? reset : null)
    })
    expect(ended(o).end).toMatchObject({ kind: 'ended', run: { status: 'completed' } })
    expect(o.said).toEqual(numbered(40))
    expect(o.reach[0]).toMatch(/^VM0 unreachable since 00:00:2\d UTC/)
    expect(o.reach.at(-1)).toMatch(/^VM0 reachable again after \d+ s\.$/)
    // Backing off while it lasts: not a request a second.
    expect(o.platform.all(20_000, 50_000)).toBeLessThanOrEqual(8)
    // Back soon after VM0 is.
    const firstAfter = o.platform.requests.find(r => r.at >= 50_000)!.at
    expect(firstAfter - 50_000).toBeLessThanOrEqual(15_000)
    expect([1, 2, 3, 4, 5, 6].map(outageDelay)).toEqual([2000, 4000, 8000, 15_000, 15_000, 15_000])
  })

  it('up to the deadline ends the wait as a timeout, not a failure', async () => {
    const reset = new TransportError('Could not get an answer from VM0: ECONNRESET', true, null)
    const o = await follow(
      { statuses: [{ at: 0, status: 'running' }], fail: (_r, t) => (t >= 10_000 ? reset : null) },
      { deadlineMs: T0 + 60_000 }
    )
    expect(ended(o).end.kind).toBe('timeout')
    expect(o.tookMs).toBe(60_000)
  })
})

describe('network lines', () => {
  it('read as /v1 network entries', () => {
    const line: NetworkLine = {
      timestamp: iso(0),
      action: 'deny',
      host: 'example.test',
      method: 'POST',
      url: 'https://example.test/x',
      status: null,
      latencyMs: null
    }
    expect(networkEntry(line)).toMatchObject({
      type: 'network',
      message: 'POST https://example.test/x [deny]'
    })
    expect(networkEntry({ ...line, action: 'allow', status: 200, latencyMs: 7 }).message).toBe(
      'POST https://example.test/x - 200 (7ms)'
    )
    expect(networkEntry({ ...line, action: null, status: 403, latencyMs: 7 }).message).toBe(
      'POST https://example.test/x - 403 (7ms)'
    )
  })
})
