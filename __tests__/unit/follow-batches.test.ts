/**
 * Sandbox lines as the service delivers them (docs/vm0-api.md, "Sandbox lines
 * arrive in batches"), followed through the one entry point main uses, on the
 * fake clock: the sandbox uploads every 30 s; a `system` entry is one batch of
 * lines stamped when it was received, `network` entries keep their own time
 * but show up only with the next upload. The step log is read as the runner
 * shows it (runner-view.ts): which group each line sits in.
 */
import { describe, expect, it } from '@jest/globals'
import { followRun, type Followed } from '../../src/follow/follower.js'
import type { LogEntry, LogQuery, Page, RunEvent } from '../../src/vm0/types.js'
import { aRun, apiError, FakeVm0 } from '../support/fake-vm0.js'
import { CapturePrinter } from '../support/capture-printer.js'
import { FakeClock } from '../support/fake-clock.js'
import { createRunnerView } from '../support/runner-view.js'
import { aLogEntry } from '../support/log-entry.js'

const UPLOAD_MS = 30_000

/** What happens in the sandbox, at ms from the start. */
type Happening =
  { at: number; agent: object } | { at: number; system: string } | { at: number; network: string }

const text = (t: string): object => ({
  type: 'assistant',
  message: { content: [{ type: 'text', text: t }] }
})
const toolUse = (id: string, command: string): object => ({
  type: 'assistant',
  message: { content: [{ type: 'tool_use', id, name: 'Bash', input: { command } }] }
})
const toolResult = (id: string, output: string): object => ({
  type: 'user',
  message: { content: [{ type: 'tool_result', tool_use_id: id, content: output }] }
})

/**
 * The service as its code behaves: agent events on the stream as they
 * happen; sandbox lines on the logs endpoint only once uploaded (every 30 s,
 * and once more at the end). Counts every request.
 */
class SandboxVm0 extends FakeVm0 {
  readonly requests: Array<{ at: number; what: string }> = []
  private readonly start: number
  private readonly endMs: number

  constructor(
    private readonly clock: FakeClock,
    private readonly happenings: Happening[],
    /** No event stream (a proxy without it): the action follows by polling. */
    private readonly noStream = false,
    /** When the first upload lands (then every 30 s): the sandbox's uploads keep their own pace. */
    private readonly firstUploadMs = UPLOAD_MS
  ) {
    super()
    this.start = clock.now()
    this.endMs = Math.max(...happenings.map(h => h.at)) + 1000
    this.current = aRun({ status: 'completed', output: 'done' })
  }

  override async *events(
    _id?: string,
    opts: { signal?: AbortSignal; onOpen?: () => void } = {}
  ): AsyncGenerator<RunEvent> {
    this.requests.push({ at: this.clock.now(), what: 'events' })
    if (this.noStream) throw apiError(404, 'not_found', 'no such route')
    opts.onOpen?.()
    let seq = 0
    for (const h of this.happenings) {
      if (!('agent' in h)) continue
      await this.clock.sleep(this.start + h.at - this.clock.now(), opts.signal)
      const timestamp = new Date(this.start + h.at).toISOString()
      yield { kind: 'output', sequence: seq++, type: 'assistant', data: h.agent, timestamp }
    }
    await this.clock.sleep(this.start + this.endMs - this.clock.now(), opts.signal)
    yield { kind: 'complete', status: 'completed', error: null }
  }

  override async getRun(id: string): ReturnType<FakeVm0['getRun']> {
    this.requests.push({ at: this.clock.now(), what: 'getRun' })
    if (this.clock.now() - this.start < this.endMs) return aRun({ status: 'running' })
    return super.getRun(id)
  }

  override async getLogs(_id?: string, query: LogQuery = {}): Promise<Page<LogEntry>> {
    this.requests.push({ at: this.clock.now(), what: `logs ${query.type ?? 'all'}` })
    const since = query.since ? Date.parse(query.since) : -Infinity
    const data = this.uploaded()
      .filter(e => Date.parse(e.timestamp) >= since)
      .filter(e => !query.type || query.type === 'all' || e.type === query.type)
      .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))
      .slice(0, query.limit ?? 20)
    return { data, hasMore: false, nextCursor: null }
  }

  /** What the sandbox has uploaded by now: one system entry per upload, network lines as they were. */
  private uploaded(): LogEntry[] {
    const elapsed = this.clock.now() - this.start
    const uploads: number[] = []
    for (let t = this.firstUploadMs; t <= Math.min(elapsed, this.endMs); t += UPLOAD_MS) {
      uploads.push(t)
    }
    if (elapsed >= this.endMs) uploads.push(this.endMs)
    // Agent entries are there at once, with their sequence numbers.
    const entries: LogEntry[] = this.happenings
      .filter(h => 'agent' in h)
      .map((h, seq) => ({ h, seq }))
      .filter(({ h }) => h.at <= elapsed)
      .map(({ h, seq }) => ({
        ...entry('agent', this.start + h.at, 'agent event'),
        sequenceNumber: seq,
        eventData: (h as { agent: object }).agent
      }))
    let from = -Infinity
    for (const upTo of uploads) {
      const batch = this.happenings.filter(h => h.at > from && h.at <= upTo)
      const lines = batch.flatMap(h => ('system' in h ? [h.system] : []))
      if (lines.length > 0) entries.push(entry('system', this.start + upTo, lines.join('\n')))
      for (const h of batch)
        if ('network' in h) entries.push(entry('network', this.start + h.at, h.network))
      from = upTo
    }
    return entries
  }
}

function entry(type: string, ms: number, message: string): LogEntry {
  return aLogEntry(type, message, { timestamp: new Date(ms).toISOString() })
}

/** One line as the runner shows it, and the group it sits in (null at top level). */
interface Placed {
  group: string | null
  line: string
}

async function follow(
  clock: FakeClock,
  client: SandboxVm0,
  timeoutMs = 3600_000
): Promise<{ followed: Followed; placed: Placed[]; groupsClosed: boolean }> {
  const printer = new CapturePrinter()
  const followed = await clock.run(
    followRun(client, aRun({ status: 'running' }), {
      deadlineMs: clock.now() + timeoutMs,
      idleTimeoutMs: 0,
      signal: new AbortController().signal,
      clock,
      printer,
      logLevel: 'full',
      log: { info: () => {}, debug: () => {} }
    })
  )
  let shown = ''
  createRunnerView(chunk => void (shown += chunk))(printer.stdout)
  const placed: Placed[] = []
  let group: string | null = null
  for (const line of shown.split('\n').slice(0, -1)) {
    if (line.startsWith('▾ ')) group = line.slice(2)
    else if (line.startsWith('  │ ')) placed.push({ group, line: line.slice(4) })
    else placed.push({ group: (group = null), line })
  }
  const groupsClosed =
    (printer.stdout.match(/^::group::/gm) ?? []).length ===
    (printer.stdout.match(/^::endgroup::/gm) ?? []).length
  return { followed, placed, groupsClosed }
}

describe('sandbox lines in 30 s batches', () => {
  it('are printed once each where they arrive, never inside a tool group, network lines in their own order', async () => {
    const clock = new FakeClock()
    const client = new SandboxVm0(clock, [
      { at: 500, system: 'sandbox ready' },
      { at: 1000, agent: toolUse('t1', 'npm ci') },
      { at: 2000, network: 'GET https://registry.npmjs.org/a - 200 (5ms)' },
      { at: 3000, system: 'npm ci: fetching' },
      { at: 8000, agent: toolResult('t1', 'added 1 package') },
      { at: 10_000, agent: toolUse('t2', 'npm test') },
      { at: 12_000, network: 'GET https://registry.npmjs.org/b - 200 (5ms)' },
      { at: 29_000, system: 'npm test: running' },
      // The t2 group is still open when the first upload (at 30 s) is read.
      { at: 40_000, agent: toolResult('t2', 'ok') },
      { at: 41_000, network: 'GET https://api.github.com/ - 404 (9ms)' },
      { at: 45_000, agent: text('All done.') },
      { at: 46_000, system: 'sandbox closing' }
    ])
    const { placed, groupsClosed } = await follow(clock, client)
    const sandbox = placed.filter(p => /^\[(system|network)\] /.test(p.line))
    expect(sandbox.map(p => p.line).sort()).toEqual(
      [
        '[system] sandbox ready',
        '[system] npm ci: fetching',
        '[system] npm test: running',
        '[system] sandbox closing',
        '[network] GET https://registry.npmjs.org/a - 200 (5ms)',
        '[network] GET https://registry.npmjs.org/b - 200 (5ms)',
        '[network] GET https://api.github.com/ - 404 (9ms)'
      ].sort()
    )
    // Each in a block of its own kind, or alone at top level: none in a tool group.
    for (const p of sandbox)
      expect(p.group ?? 'top level').toMatch(/^(Sandbox log|Network requests)|^top level$/)
    // The first upload: read while `npm test` ran, printed before its group, titled with its time.
    const lines = placed.map(p => p.line)
    const first = placed.findIndex(p => p.group === 'Sandbox log, up to 00:00:30 UTC (3 lines)')
    expect(first).toBeGreaterThan(-1)
    expect(lines.slice(first, first + 3)).toEqual([
      '[system] sandbox ready',
      '[system] npm ci: fetching',
      '[system] npm test: running'
    ])
    expect(first).toBeLessThan(lines.indexOf('$ npm test'))
    expect(placed.find(p => p.line === '$ npm test')?.group).toBe('Bash: npm test')
    expect(placed.filter(p => p.group === 'Bash: npm test').map(p => p.line)).toEqual([
      '$ npm test',
      'ok'
    ])
    const network = sandbox.filter(p => p.line.startsWith('[network]')).map(p => p.line)
    expect(network).toEqual([
      '[network] GET https://registry.npmjs.org/a - 200 (5ms)',
      '[network] GET https://registry.npmjs.org/b - 200 (5ms)',
      '[network] GET https://api.github.com/ - 404 (9ms)'
    ])
    expect(groupsClosed).toBe(true)
  })

  it('that come late are printed once when polling instead of streaming, network lines too', async () => {
    const clock = new FakeClock()
    const happenings: Happening[] = [
      { at: 1000, agent: toolUse('t1', 'npm ci') },
      { at: 2000, network: 'GET https://registry.npmjs.org/a - 200 (5ms)' },
      { at: 3000, system: 'fetching' },
      { at: 8000, agent: toolResult('t1', 'added 1 package') },
      { at: 35_000, network: 'GET https://registry.npmjs.org/b - 200 (5ms)' },
      { at: 40_000, agent: text('Done.') }
    ]
    const { placed } = await follow(clock, new SandboxVm0(clock, happenings, true))
    const shown = placed.map(p => p.line)
    for (const line of [
      '[network] GET https://registry.npmjs.org/a - 200 (5ms)',
      '[network] GET https://registry.npmjs.org/b - 200 (5ms)',
      '[system] fetching',
      'Claude: Done.'
    ]) {
      expect(shown.filter(l => l === line)).toHaveLength(1)
    }
  })

  it('uploaded after the last side poll are read once more when the timeout ends the wait', async () => {
    const clock = new FakeClock()
    // Uploads at 47 s (then 77 s); side polls at 0, 15, 30, 45 s; the timeout at 50 s.
    const client = new SandboxVm0(
      clock,
      [
        { at: 1000, agent: toolUse('t1', 'npm test') },
        { at: 20_000, system: 'npm test: 412 tests' },
        { at: 40_000, system: 'Out of memory: Killed process 4242 (node)' },
        { at: 100_000, agent: toolResult('t1', 'never seen') }
      ],
      false,
      47_000
    )
    const { followed, placed, groupsClosed } = await follow(clock, client, 50_000)
    expect(followed.end.kind).toBe('timeout')
    const shown = placed.map(p => p.line)
    for (const line of [
      '[system] npm test: 412 tests',
      '[system] Out of memory: Killed process 4242 (node)'
    ]) {
      expect(shown.filter(l => l === line)).toHaveLength(1)
    }
    expect(groupsClosed).toBe(true)
  })

  it('give the failure the one line of a batch that reads like trouble, not the batch', async () => {
    const clock = new FakeClock()
    const client = new SandboxVm0(clock, [
      { at: 1000, agent: text('Building.') },
      { at: 2000, system: 'step 1 of 3' },
      { at: 3000, system: 'Out of memory: Killed process 4242 (node)' },
      { at: 4000, system: 'cleaning up' },
      { at: 5000, agent: text('It broke.') }
    ])
    const { followed } = await follow(clock, client)
    expect(followed.troubleLine).toBe('[system] Out of memory: Killed process 4242 (node)')
  })

  it('are asked for every 15 s on a quiet 75 s run: at most 12 requests a minute in its middle', async () => {
    const clock = new FakeClock()
    const happenings: Happening[] = []
    for (let i = 0; i < 6; i++)
      happenings.push({ at: i * 15_000, agent: text(`event number ${i}`) })
    for (let t = 5000; t < 75_000; t += 10_000) {
      happenings.push(
        { at: t, system: `tick ${t}` },
        { at: t + 1, network: `GET https://x.test/${t} - 200 (1ms)` }
      )
    }
    happenings.sort((a, b) => a.at - b.at)
    const start = clock.now()
    const client = new SandboxVm0(clock, happenings)
    const { placed } = await follow(clock, client)
    // The steady middle, 30 s to 60 s, doubled for a minute.
    const middle = client.requests.filter(r => r.at >= start + 30_000 && r.at < start + 60_000)
    expect(middle.length * 2).toBeLessThanOrEqual(12)
    // Nothing missed for asking less: every line printed once.
    const shown = placed.map(p => p.line)
    for (let t = 5000; t < 75_000; t += 10_000) {
      expect(shown.filter(l => l === `[system] tick ${t}`)).toHaveLength(1)
      expect(shown.filter(l => l === `[network] GET https://x.test/${t} - 200 (1ms)`)).toHaveLength(
        1
      )
    }
  })
})
