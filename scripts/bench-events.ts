/**
 * Benchmark: following a run live.
 *
 * 1. Throughput and memory: N agent events through the emulator and the
 *    bundled action (log-level full), for 2,000 to 100,000 events. Goals,
 *    checked (a missed one makes the benchmark exit non-zero): every event
 *    rendered exactly once, counted the way the e2e tests read the step log
 *    (see bench-check.ts); peak RSS flat with the count (within 1.3× of the
 *    smallest size's) and within 60 MB of a bare SSE consumer of the same
 *    stream, measured in the same run. Events per second are a figure
 *    beside its target, not checked: the machines are shared and noisy.
 * 2. Completion latency: seconds from the emulator marking a run complete to
 *    the action moving on, streaming vs polling, the emulator ticking once a
 *    second like the service (a figure beside its target, not checked).
 *
 * Each way of following a run is a {@link Source}: the `/v1` event stream and
 * the platform's polled routes. The bare consumer reads the `/v1` stream in
 * both tables: it is the floor of a Node process that only counts events.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { startEmulator, type Emulator, type RunScript } from '../emulator/vm0/index.js'
import { runStep, runnerNode } from '../emulator/runner/harness.js'
import { Goals, countOnce, describeOnce, renderedLines } from './bench-check.js'

const SIZES = (process.env.BENCH_EVENT_SIZES ?? '2000,20000,50000,100000').split(',').map(Number)
/** Runs per latency mode; 0 skips the latency part (while iterating on memory). */
const LATENCY_REPEATS = Number(process.env.BENCH_LATENCY_REPEATS ?? 5)
/** Peak RSS at any size within this factor of the smallest size's. */
const FLAT_FACTOR = 1.3
/** Peak RSS within this many MB of the bare consumer's. */
const OVER_BARE_MB = 60
const TARGET_PER_SECOND = 5000

/** The agent events of a benchmark run: numbered texts, so each renders to its own line. */
function rawEvents(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => ({
    type: 'assistant',
    message: { content: [{ type: 'text', text: `event number ${i}` }] }
  }))
}

/** A thousand events a millisecond, then the result once they have all landed. */
function eventsScript(n: number): RunScript {
  const steps: RunScript['steps'] = rawEvents(n).map((agent, i) => ({
    at: Math.floor(i / 1000),
    agent: agent as object
  }))
  const end = Math.ceil(n / 1000) + 1
  steps.push({
    at: end,
    agent: { type: 'result', subtype: 'success', result: 'done', num_turns: 1 }
  })
  // Long enough pending and after for the bare consumer's process to connect before the end.
  return { pendingMs: 1000, steps, durationMs: end + 1000 }
}

/**
 * One way of following a run, as the action does it: `prepare` gives the
 * emulator the run's script and returns the step's inputs that select it.
 */
interface Source {
  name: string
  prepare: (emulator: Emulator, script: RunScript) => Record<string, string>
}

const SOURCES: Source[] = [
  {
    name: 'v1 event stream',
    prepare: (emulator, script) => {
      emulator.setScript('bench', script)
      return { 'vm0-token': emulator.token, 'api-url': emulator.url, agent: 'bench', prompt: 'go' }
    }
  },
  {
    // No stream on the platform: status, agent events (pages of 100) and network lines are polled.
    name: 'platform, polled',
    prepare: (emulator, script) => {
      const { id } = emulator.platform.addAgent('Bench Agent', { script })
      return {
        'vm0-token': emulator.platform.pat,
        'api-url': emulator.url,
        'agent-id': id,
        prompt: 'go'
      }
    }
  }
]

/** Samples a process's peak resident set (VmHWM) until it exits. */
function watchPeakRss(child: ChildProcess): () => number {
  let peakKb = 0
  const read = (): void => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0)
      if (kb > peakKb) peakKb = kb
    } catch {
      // exited
    }
  }
  const timer = setInterval(read, 20)
  child.once('exit', () => clearInterval(timer))
  return () => {
    // A probe that never read /proc would pass every memory goal with 0 MB: fail instead.
    if (peakKb === 0) throw new Error(`the peak RSS of process ${child.pid} could not be read`)
    return peakKb / 1024
  }
}

interface Throughput {
  events: number
  seconds: number
  perSecond: number
  peakRssMb: number
  /** `yes`, or what was missing or repeated. */
  once: string
}

async function actionThroughput(
  emulator: Emulator,
  source: Source,
  n: number
): Promise<Throughput> {
  emulator.reset()
  const inputs = source.prepare(emulator, eventsScript(n))
  let peak = (): number => 0
  let first = 0
  let last = 0
  const step = await runStep({
    inputs,
    ...(process.env.BENCH_ACTION_NODE_OPTIONS
      ? { env: { NODE_OPTIONS: process.env.BENCH_ACTION_NODE_OPTIONS } }
      : {}),
    onSpawn: child => {
      peak = watchPeakRss(child)
    },
    onStdout: chunk => {
      if (first === 0 && chunk.includes('event number 0')) first = performance.now()
      if (chunk.includes(`event number ${n - 1}`)) last = performance.now()
    },
    killAfterMs: 600_000
  })
  if (step.code !== 0) throw new Error(`the action failed:\n${step.stdout.slice(-2000)}`)
  const expected = renderedLines(rawEvents(n))
  const once = describeOnce(countOnce(step.parsed.text, expected), expected)
  const seconds = Math.max(0.001, (last - first) / 1000)
  return { events: n, seconds, perSecond: n / seconds, peakRssMb: peak(), once }
}

/** The floor: a bare consumer of the same stream that only counts output events. */
async function baselineThroughput(emulator: Emulator, n: number): Promise<Throughput> {
  emulator.reset()
  emulator.setScript('bench', eventsScript(n))
  const res = await fetch(`${emulator.url}/v1/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ agent: 'bench', prompt: 'go' })
  })
  const { id } = (await res.json()) as { id: string }
  const code = `
    const started = performance.now(); let first = 0; let count = 0; let buf = ''
    const res = await fetch(process.argv[1], { headers: { authorization: 'Bearer ' + process.argv[2] } })
    const decoder = new TextDecoder()
    for await (const chunk of res.body) {
      buf += decoder.decode(chunk, { stream: true })
      let i
      while ((i = buf.indexOf('\\n\\n')) >= 0) {
        const msg = buf.slice(0, i); buf = buf.slice(i + 2)
        if (msg.includes('event: output')) { if (!first) first = performance.now(); count++ }
      }
    }
    console.log(JSON.stringify({ count, seconds: (performance.now() - first) / 1000 }))`
  const child = spawn(
    runnerNode(),
    [
      '--input-type=module',
      '-e',
      code,
      `${emulator.url}/v1/runs/${id}/events?lastEventId=-1`,
      emulator.token
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const peak = watchPeakRss(child)
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
  await new Promise(done => child.on('close', done))
  const { count, seconds } = JSON.parse(out) as { count: number; seconds: number }
  return {
    events: count,
    seconds,
    perSecond: count / Math.max(0.001, seconds),
    peakRssMb: peak(),
    // The result event is an output event too.
    once: count === n + 1 ? 'yes' : `NO: ${count} of ${n + 1} output events`
  }
}

async function completionLatency(emulator: Emulator, mode: 'stream' | 'poll'): Promise<number> {
  emulator.reset()
  emulator.clearFaults()
  if (mode === 'poll') {
    emulator.addFault({
      method: 'GET',
      path: /\/events$/,
      times: Infinity,
      action: { kind: 'status', status: 404, body: 'no streams here', contentType: 'text/plain' }
    })
  }
  emulator.setScript('bench', {
    neverEnds: true,
    steps: [
      { at: 0, system: 'working' },
      { at: 10, agent: { type: 'result', subtype: 'success', result: 'done', num_turns: 1 } }
    ]
  })
  let markedAt = 0
  let movedOnAt = 0
  let finishing = false
  await runStep({
    inputs: { 'vm0-token': emulator.token, 'api-url': emulator.url, agent: 'bench', prompt: 'go' },
    onStdout: chunk => {
      if (!finishing && chunk.includes('Run status: running')) {
        finishing = true
        // Let the action settle into its steady state (stream open, or polling at its slowest).
        setTimeout(() => {
          const run = emulator.runs()[0]
          if (run) markedAt = emulator.finishRun(run.id, 'completed')
        }, 4000)
      }
      if (markedAt > 0 && movedOnAt === 0 && / completed in /.test(chunk)) movedOnAt = Date.now()
    },
    killAfterMs: 60_000
  })
  return (movedOnAt - markedAt) / 1000
}

const pad = (s: string, n: number): string => s.padEnd(n)
const fixed = (x: number, d = 1): string => x.toFixed(d)

/** The throughput table of one source, each figure beside its goal. */
async function throughputTable(emulator: Emulator, source: Source, goals: Goals): Promise<void> {
  console.log(
    `\nThroughput and memory, ${source.name} (log-level full; bare: an SSE consumer that only counts)`
  )
  console.log(
    `${pad('events', 9)}${pad('action ev/s', 13)}${pad('bare ev/s', 11)}${pad('action RSS MB', 30)}${pad('bare RSS MB', 13)}exactly once`
  )
  let smallest: number | null = null
  for (const n of SIZES) {
    const bare = await baselineThroughput(emulator, n)
    const action = await actionThroughput(emulator, source, n)
    smallest ??= action.peakRssMb
    const rss = action.peakRssMb
    // A baseline that missed events measured something else: its figures would mislead.
    if (bare.once !== 'yes') {
      goals.check(false)
      console.log(`bare consumer at ${n} events: ${bare.once}`)
    }
    const flat = rss <= smallest * FLAT_FACTOR
    const near = rss <= bare.peakRssMb + OVER_BARE_MB
    const rssGoal = `${fixed(rss)} (${fixed(rss / smallest, 2)}×, +${fixed(rss - bare.peakRssMb, 0)}) ${goals.check(flat && near)}`
    console.log(
      `${pad(String(n), 9)}${pad(fixed(action.perSecond, 0), 13)}${pad(fixed(bare.perSecond, 0), 11)}${pad(rssGoal, 30)}${pad(fixed(bare.peakRssMb), 13)}${action.once} ${goals.check(action.once === 'yes')}`
    )
  }
  console.log(
    `Goals (checked): exactly once: yes for every size; RSS ≤ ${FLAT_FACTOR}× the ${SIZES[0]}-event run's ` +
      `and ≤ ${OVER_BARE_MB} MB over the bare consumer's. Target (a figure): ≥ ${TARGET_PER_SECOND.toLocaleString('en-US')} events/s.`
  )
}

async function main(): Promise<void> {
  console.log(`Node ${process.version} (bench driver); action under ${runnerNode()}`)
  const goals = new Goals()
  const emulator = await startEmulator({ eventTickMs: 100 })
  emulator.addAgent('bench')
  try {
    for (const source of SOURCES) await throughputTable(emulator, source, goals)
  } finally {
    await emulator.close()
  }

  if (LATENCY_REPEATS > 0) await latencyTable()
  goals.summary()
}

async function latencyTable(): Promise<void> {
  const realistic = await startEmulator({ eventTickMs: 1000 })
  realistic.addAgent('bench')
  try {
    console.log(
      '\nCompletion latency, s from the service marking the run complete to the action moving on'
    )
    console.log(`${pad('mode', 10)}${pad('runs', 30)}max`)
    for (const mode of ['stream', 'poll'] as const) {
      const runs: number[] = []
      for (let i = 0; i < LATENCY_REPEATS; i++) runs.push(await completionLatency(realistic, mode))
      console.log(
        `${pad(mode, 10)}${pad(runs.map(r => fixed(r, 2)).join(', '), 30)}${fixed(Math.max(...runs), 2)}`
      )
    }
    console.log('Target (a figure): under 1.5 s streaming (the service ticks once a second).')
  } finally {
    await realistic.close()
  }
}

await main()
