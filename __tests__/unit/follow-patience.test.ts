/**
 * Following once the run exists, on a fake clock: a stream that cannot
 * connect is waited out (never given up on, never a failure), the side polls
 * fail following at once on a refused token, and the buffering watchdog counts from the headers.
 */
import { aRun } from '../support/fake-vm0.js'
import { describe, expect, it } from '@jest/globals'
import { AuthenticationError, TransportError } from '../../src/base/errors.js'
import { FollowError, followRun, type FollowOptions } from '../../src/follow/follower.js'
import { Patience } from '../../src/vm0/patience.js'
import type { LogEntry, LogQuery, Page, Run, RunEvent } from '../../src/vm0/types.js'
import { CapturePrinter } from '../support/capture-printer.js'
import { FakeClock } from '../support/fake-clock.js'
import { parseStdout } from '../../emulator/runner/workflow-commands.js'

const RUN_ID = '11111111-2222-4333-8444-555555555555'
const ts = (ms: number): string => new Date(Date.UTC(2026, 0, 1) + ms).toISOString()
const output = (seq: number): RunEvent => ({
  kind: 'output',
  sequence: seq,
  type: 'assistant',
  data: { type: 'assistant', message: { content: [{ type: 'text', text: `event ${seq}` }] } },
  timestamp: ts(seq)
})
const complete: RunEvent = { kind: 'complete', status: 'completed', error: null }
const heartbeat: RunEvent = { kind: 'heartbeat' }
const reset = (): TransportError =>
  new TransportError('Could not get an answer from VM0: ECONNRESET', true, null)
const refused = new AuthenticationError(
  'VM0 rejected the token (401 invalid_api_key: Token revoked by an administrator).',
  401,
  { type: 'authentication_error', code: 'invalid_api_key', message: 'Token revoked' },
  null,
  'GET',
  '/v1/runs/x/logs'
)

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

/** One connection: fails before the headers, or opens (after `headersAfterMs`) and plays its steps. */
type Connection =
  | { fail: Error }
  | { headersAfterMs?: number; steps: Array<RunEvent | { pauseMs: number }>; end?: Error }

class Client {
  readonly lastEventIds: number[] = []
  readonly logQueries: Array<LogQuery & { at: number }> = []
  logsError: Error | null = null
  constructor(
    private readonly clock: FakeClock,
    private readonly connections: Connection[]
  ) {}
  async *events(
    _id: string,
    opts: { lastEventId: number; signal?: AbortSignal; onOpen?: () => void }
  ): AsyncGenerator<RunEvent> {
    this.lastEventIds.push(opts.lastEventId)
    const connection = this.connections.shift() ?? { fail: reset() }
    if ('fail' in connection) throw connection.fail
    if (connection.headersAfterMs) await this.clock.sleep(connection.headersAfterMs, opts.signal)
    if (opts.signal?.aborted) throw new Error('aborted')
    opts.onOpen?.()
    for (const step of connection.steps) {
      if ('pauseMs' in step) {
        await this.clock.sleep(step.pauseMs, opts.signal)
        if (opts.signal?.aborted) throw new Error('aborted')
        continue
      }
      yield step
    }
    if (connection.end) throw connection.end
    await this.clock.sleep(Number.MAX_SAFE_INTEGER, opts.signal)
    throw new Error('aborted')
  }
  async getRun(): Promise<Run> {
    return run('completed')
  }
  async getLogs(_id: string, query: LogQuery): Promise<Page<LogEntry>> {
    this.logQueries.push({ ...query, at: this.clock.now() })
    if (this.logsError) throw this.logsError
    return { data: [], hasMore: false, nextCursor: null }
  }
}

async function follow(clock: FakeClock, client: Client, over: Partial<FollowOptions> = {}) {
  const printer = new CapturePrinter()
  const info: string[] = []
  const said: string[] = []
  const patience = new Patience({ now: () => clock.now(), log: line => said.push(line) })
  patience.arm(clock.now() + 3600_000)
  const work = followRun(client, run('running'), {
    deadlineMs: clock.now() + 3600_000,
    idleTimeoutMs: 0,
    signal: new AbortController().signal,
    clock,
    printer,
    logLevel: 'full',
    log: { info: l => info.push(l), debug: () => {} },
    patience,
    ...over
  })
  const followed = await clock.run(work).catch((e: unknown) => e)
  const lines = parseStdout(printer.stdout)
    .text.map(l => l.replace(/^Claude: /, ''))
    .filter(l => l.startsWith('event '))
  return { followed, lines, info, said }
}

describe('a stream that cannot connect while the run exists', () => {
  it('is waited out: reconnects from the last sequence, no fallback, said once each way', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const failures: Connection[] = Array.from({ length: 20 }, () => ({ fail: reset() }))
    const client = new Client(clock, [
      { steps: [output(0), output(1), { pauseMs: 1000 }], end: reset() },
      // The connection then breaks, and VM0 stays unreachable for a while.
      ...failures,
      { steps: [output(2), output(3), complete] }
    ])
    const { followed, lines, info, said } = await follow(clock, client)
    expect(followed).toMatchObject({ end: { kind: 'ended' } })
    expect(lines).toEqual(['event 0', 'event 1', 'event 2', 'event 3'])
    expect(info).toEqual([])
    expect(client.lastEventIds.at(-1)).toBe(1)
    expect(said[0]).toMatch(/^VM0 unreachable since 00:00:01 UTC/)
    expect(said.at(-1)).toMatch(/^VM0 reachable again after \d+ s\.$/)
    // Over 20 failures the waits stay short: the stream comes back soon after VM0 does.
    const gone = clock.now() - start
    expect(gone).toBeLessThan(20 * 5000 + 5000)
    expect(gone).toBeGreaterThan(30_000)
  })
})

describe('side polls while streaming', () => {
  it('ask for system and network lines only, every 15 s whatever the agent does', async () => {
    const clock = new FakeClock()
    // Two minutes of an agent that says something every 5 s.
    const busy: Array<RunEvent | { pauseMs: number }> = []
    for (let i = 0; i < 24; i++) busy.push(output(i), { pauseMs: 5000 })
    const client = new Client(clock, [{ steps: [...busy, complete] }])
    await follow(clock, client)
    const during = client.logQueries.filter(q => q.type !== 'agent')
    expect(new Set(during.map(q => q.type))).toEqual(new Set(['system', 'network']))
    const start = during[0]!.at
    const times = during.map(q => (q.at - start) / 1000)
    // On the 200 ms watchdog ticks: 8 requests a minute, the agent's events notwithstanding;
    // then the final drain once `complete` came.
    expect(times).toEqual([
      0, 0, 15, 15, 30, 30, 45, 45, 60, 60, 75, 75, 90, 90, 105, 105, 119.8, 119.8
    ])
    expect(client.logQueries.filter(q => q.type === undefined || q.type === 'all')).toEqual([])
  })

  it('fail following at once when VM0 refuses the token (revoked mid-run)', async () => {
    const clock = new FakeClock()
    const start = clock.now()
    const client = new Client(clock, [
      { steps: [output(0), heartbeat, { pauseMs: 600_000 }, complete] }
    ])
    client.logsError = refused
    const { followed } = await follow(clock, client)
    expect(followed).toBeInstanceOf(FollowError)
    expect((followed as FollowError).cause).toBe(refused)
    expect(clock.now() - start).toBeLessThan(1000)
  })
})

describe('the buffering-proxy watchdog', () => {
  it('counts from the response headers: a cold service that takes 8 s to answer is not a proxy', async () => {
    const clock = new FakeClock()
    const client = new Client(clock, [
      { headersAfterMs: 8000, steps: [{ pauseMs: 1000 }, output(0), complete] }
    ])
    const { followed, lines, info } = await follow(clock, client)
    expect(followed).toMatchObject({ end: { kind: 'ended' } })
    expect(info).toEqual([])
    expect(lines).toEqual(['event 0'])
  })

  it('still falls back when nothing arrives within 5 s of the headers', async () => {
    const clock = new FakeClock()
    const client = new Client(clock, [{ headersAfterMs: 100, steps: [{ pauseMs: 60_000 }] }])
    const { info } = await follow(clock, client, { deadlineMs: clock.now() + 20_000 })
    expect(info[0]).toMatch(/by polling instead .*proxy may be buffering/)
  })
})
