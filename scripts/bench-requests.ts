/**
 * Benchmark: how much the action asks of VM0, and how it rides out an outage.
 *
 * 1. A quiet run of 75 s, one agent event every 15 s and a system and a
 *    network line every 10 s: API requests per minute in the steady middle
 *    (30 s to 60 s), every event and sandbox line printed once. Reference: the vm0 CLI polls once a second (60/min).
 * 2. 20,000 agent events in about 4 s: API requests in all (the side polls
 *    must not page through agent entries), every event printed once.
 * 3. A 12 s outage in the middle of a run (every request and the open
 *    stream reset): the step completes with 1 run and 0 cancels, every
 *    event printed once; seconds from the end of the outage to the first
 *    new event printed.
 *
 * 4. The same quiet run on the platform surface (docs/platform-api.md: no
 *    event stream; status, agent events and network lines are polled):
 *    requests per minute in the steady middle against the goal of 12, every
 *    event printed once. Exits non-zero above the goal. `--platform` runs
 *    this one alone; `--v1-quiet` runs the /v1 quiet run (1) alone.
 *
 * The emulator ticks once a second like the service and runs on real time
 * (it has no faster clock), so this takes about three and a half minutes.
 */
import { systemClock } from '../src/base/clock.js'
import { followPlatformRun } from '../src/follow/platform.js'
import type { AgentEventPage, NetworkPage, PlatformFollowApi } from '../src/platform/types.js'
import type { Printer } from '../src/render/printer.js'
import type { Run } from '../src/vm0/types.js'
import { startEmulator, type Emulator, type RunScript } from '../emulator/vm0/index.js'
import { runStep, runnerNode, type StepResult } from '../emulator/runner/harness.js'
import { parseStdout } from '../emulator/runner/workflow-commands.js'
import { Goals, countOnce, describeOnce, renderedLines, renderedLogLines } from './bench-check.js'

const text = (t: string): object => ({
  type: 'assistant',
  message: { content: [{ type: 'text', text: t }] }
})
const result = { type: 'result', subtype: 'success', result: 'done', num_turns: 1 }

/** `count` events `everyMs` apart (the first at 0), sandbox and network lines at both ends. */
function script(count: number, everyMs: number, endMs: number): RunScript {
  const steps: RunScript['steps'] = [
    { at: 0, system: 'sandbox line: ready' },
    { at: 0, network: { method: 'GET', url: 'https://example.test/', status: 200, duration: 12 } }
  ]
  for (let i = 0; i < count; i++)
    steps.push({ at: Math.floor(i * everyMs), agent: text(`event number ${i}`) })
  steps.push({ at: endMs, system: 'sandbox line: done' })
  steps.push({ at: endMs, agent: result })
  return { pendingMs: 20, steps, durationMs: endMs + 20 }
}

/**
 * `yes` when each event and both sandbox lines were printed exactly once, read
 * the way the e2e tests read the step log (see bench-check.ts); else what was not.
 */
function exactlyOnce(step: StepResult, count: number, sandbox: string[] = []): string {
  const expected = [
    ...renderedLines(Array.from({ length: count }, (_, i) => text(`event number ${i}`))),
    ...renderedLogLines([
      { type: 'system', message: 'sandbox line: ready' },
      { type: 'system', message: 'sandbox line: done' },
      ...sandbox.map(message => ({ type: 'system', message }))
    ])
  ]
  return describeOnce(countOnce(step.parsed.text, expected), expected)
}

const goals = new Goals()

async function start(
  emulator: Emulator,
  s: RunScript,
  onStdout?: (c: string) => void
): Promise<StepResult> {
  emulator.setScript('bench', s)
  const step = await runStep({
    inputs: { 'vm0-token': emulator.token, 'api-url': emulator.url, agent: 'bench', prompt: 'go' },
    ...(onStdout ? { onStdout } : {}),
    killAfterMs: 300_000
  })
  if (step.code !== 0) throw new Error(`the action failed:\n${step.stdout.slice(-2000)}`)
  return step
}

const api = (emulator: Emulator): Emulator['requests'] =>
  emulator.requests.filter(r => r.origin === 'api')

/**
 * The quiet run with a sandbox that logs a system and a network line every
 * 10 s: new sandbox lines must not make the side polls come faster.
 */
function quietScript(): RunScript {
  const s = script(6, 15_000, 75_000)
  const steps = [...(s.steps ?? [])]
  const url = (t: number): string => `https://example.test/${t}`
  for (let t = 5000; t < 75_000; t += 10_000) {
    steps.push({ at: t, system: `sandbox tick ${t}` })
    steps.push({ at: t, network: { method: 'GET', url: url(t), status: 200, duration: 3 } })
  }
  return { ...s, steps: steps.sort((a, b) => a.at - b.at) }
}

async function quietRun(emulator: Emulator): Promise<void> {
  emulator.reset()
  const step = await start(emulator, quietScript())
  const created = api(emulator).find(r => r.method === 'POST' && r.path === '/v1/runs')!.time
  const middle = api(emulator).filter(r => r.time >= created + 30_000 && r.time < created + 60_000)
  const ticks = Array.from({ length: 7 }, (_, i) => `sandbox tick ${5000 + i * 10_000}`)
  const once = exactlyOnce(step, 6, ticks)
  console.log(
    `quiet 75 s run: ${middle.length * 2} API requests/min in the steady middle ` +
      `(${api(emulator).length} in all), goal ≤ 12/min (the vm0 CLI polls once a second: 60/min): ` +
      `${goals.check(middle.length * 2 <= 12)}; every event and sandbox line once: ${once} ${goals.check(once === 'yes')}`
  )
}

async function busyRun(emulator: Emulator): Promise<void> {
  const n = 20_000
  emulator.reset()
  const step = await start(emulator, script(n, 4000 / n, 4100))
  const byKind = new Map<string, number>()
  for (const r of api(emulator)) {
    const kind = `${r.method} ${r.path.replace(/[0-9a-f-]{36}/, ':id')}${r.query.type ? `?type=${r.query.type}` : ''}`
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1)
  }
  const once = exactlyOnce(step, n)
  const all = api(emulator).length
  console.log(
    `20,000 events in ~4 s: ${all} API requests in all, goal ≤ 40: ${goals.check(all <= 40)}; ` +
      `every event once: ${once} ${goals.check(once === 'yes')}`
  )
  console.log(`  ${[...byKind].map(([k, c]) => `${c}× ${k}`).join(', ')}`)
}

async function outageRun(emulator: Emulator): Promise<void> {
  const outage = { fromMs: 8000, toMs: 20_000, mode: 'reset' as const }
  emulator.reset()
  emulator.addOutage(outage)
  const outageRequests = (): number =>
    api(emulator).filter(r => r.time >= anchor + outage.fromMs && r.time < anchor + outage.toMs)
      .length
  let anchor = 0
  let firstAfter = 0
  const printedBefore = new Set<string>()
  const step = await start(emulator, script(30, 1000, 30_000), chunk => {
    anchor ||= api(emulator).find(r => r.method === 'POST')?.time ?? 0
    const now = Date.now()
    for (const m of chunk.matchAll(/event number \d+/g)) {
      if (anchor === 0 || now < anchor + outage.toMs) printedBefore.add(m[0])
      else if (firstAfter === 0 && !printedBefore.has(m[0])) firstAfter = now
    }
  })
  const runs = emulator.runs().length
  const cancels = api(emulator).filter(r => r.path.endsWith('/cancel')).length
  const said = parseStdout(step.stdout).text.filter(l =>
    /^VM0 (unreachable|reachable|still)/.test(l)
  )
  const once = exactlyOnce(step, 30)
  const met = step.code === 0 && runs === 1 && cancels === 0 && once === 'yes'
  console.log(
    `12 s outage mid-run: step ${step.code === 0 ? 'completed' : 'FAILED'}, ${runs} run, ` +
      `${cancels} cancels, every event once: ${once}; goal: completes, 1 run, 0 cancels, every event once: ` +
      `${goals.check(met)}`
  )
  console.log(
    `  ${((firstAfter - (anchor + outage.toMs)) / 1000).toFixed(1)} s from the outage end to the first new event printed (a figure)`
  )
  console.log(`  ${outageRequests()} requests during the outage`)
  for (const line of said) console.log(`  log: ${line}`)
}

/**
 * The platform reads following needs, straight over HTTP with the PAT: what
 * the platform client (src/platform/) does, without its retries, so the
 * count is the follower's own.
 */
function platformReads(emulator: Emulator): PlatformFollowApi {
  const get = async (path: string): Promise<Record<string, unknown>> => {
    const res = await fetch(`${emulator.url}${path}`, {
      headers: { authorization: `Bearer ${emulator.platform.pat}` }
    })
    if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`)
    return (await res.json()) as Record<string, unknown>
  }
  return {
    async getRun(id) {
      const run = await get(`/api/runs/${id}`)
      const result = (run.result ?? {}) as { output?: string }
      return { id, status: String(run.status), output: result.output ?? null } as Run
    },
    async agentEvents(id, { since }) {
      const page = await get(`/api/runs/${id}/telemetry/agent?order=asc&limit=100&since=${since}`)
      return page as unknown as AgentEventPage
    },
    async networkLines(id, { cursor }) {
      const query = cursor === null ? '' : `?cursor=${encodeURIComponent(cursor)}`
      const page = await get(`/api/runs/${id}/network${query}`)
      const lines = (page.networkLogs as Array<Record<string, unknown>>).map(l => ({
        ...l,
        latencyMs: l.latency_ms
      }))
      return { lines, hasMore: page.hasMore, nextCursor: page.nextCursor ?? null } as NetworkPage
    }
  }
}

/** The step log's lines, kept. */
class Lines implements Printer {
  readonly text: string[] = []
  info = (t: string): void => void this.text.push(t)
  untrusted = (lines: readonly string[]): void => void this.text.push(...lines)
  startGroup = (t: string): void => void this.text.push(t)
  endGroup = (): void => {}
  warning = (t: string): void => void this.text.push(t)
  error = (t: string): void => void this.text.push(t)
}

/** The quiet run on the platform; true when it stayed within the goal. */
async function quietPlatformRun(emulator: Emulator): Promise<boolean> {
  emulator.reset()
  const agentId = emulator.platform.addAgent('platform bench').id
  emulator.platform.setScript(agentId, script(6, 15_000, 75_000))
  const res = await fetch(`${emulator.url}/api/chat/events`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${emulator.platform.pat}`,
      'content-type': 'application/json'
    },
    body: JSON.stringify({
      agentId,
      prompt: 'go',
      userMessage: { version: 1, parts: [{ type: 'text', text: 'go' }] }
    })
  })
  const { runId } = (await res.json()) as { runId: string }
  const created = Date.now()
  const printer = new Lines()
  const followed = await followPlatformRun(
    platformReads(emulator),
    { id: runId, status: 'queued' } as Run,
    {
      deadlineMs: created + 300_000,
      idleTimeoutMs: 0,
      signal: new AbortController().signal,
      clock: systemClock,
      printer,
      logLevel: 'full',
      log: { info: l => console.log(`  log: ${l}`), debug: () => {} }
    }
  )
  const took = Date.now() - created
  const reads = emulator.platform
    .requests()
    .filter(r => r.route !== 'send-message' && r.route !== 'chat-events')
  const middle =
    reads.filter(r => r.time >= created + 30_000 && r.time < created + 60_000).length * 2
  const once = [...Array(6).keys()].every(
    i => printer.text.filter(l => l.endsWith(`event number ${i}`)).length === 1
  )
  console.log(
    `quiet 75 s platform run (${followed.end.kind}): ${middle} requests/min in the steady middle ` +
      `(${reads.length} in all over ${Math.round(took / 1000)} s, start and tail included: ` +
      `${((reads.length * 60_000) / took).toFixed(1)}/min); every event once: ${once ? 'yes' : 'NO'}`
  )
  console.log('  goal ≤ 12/min (status, agent events and network lines together)')
  return middle <= 12 && once && followed.end.kind === 'ended'
}

async function main(): Promise<void> {
  console.log(`Node ${process.version} (bench driver); action under ${runnerNode()}`)
  const emulator = await startEmulator({ eventTickMs: 1000 })
  emulator.addAgent('bench')
  let ok: boolean
  try {
    if (process.argv.includes('--v1-quiet')) {
      await quietRun(emulator)
      ok = true
    } else {
      if (!process.argv.includes('--platform')) {
        await busyRun(emulator)
        await outageRun(emulator)
        await quietRun(emulator)
      }
      ok = await quietPlatformRun(emulator)
    }
  } finally {
    await emulator.close()
  }
  goals.check(ok)
  goals.summary()
}

await main()
