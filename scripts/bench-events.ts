/**
 * Benchmark: following a run live.
 *
 * 1. Throughput and memory: N agent events through the emulator and the
 *    bundled action (log-level full), each checked to be rendered exactly
 *    once; events per second and the action's peak RSS, for 2,000 and
 *    20,000 events (memory must not grow with the count). Baseline, in the
 *    same run: a bare SSE consumer that only counts the same events.
 * 2. Completion latency: seconds from the emulator marking a run complete to
 *    the action moving on, streaming vs polling, the emulator ticking once a
 *    second like the service.
 *
 * Figures, not pass/fail: the machines are shared and noisy.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { startEmulator, type Emulator, type RunScript } from '../emulator/vm0/index.js'
import { runStep, runnerNode } from '../emulator/runner/harness.js'
import { parseStdout } from '../emulator/runner/workflow-commands.js'

const SIZES = (process.env.BENCH_EVENT_SIZES ?? '2000,20000,50000').split(',').map(Number)
const LATENCY_REPEATS = 5

function eventsScript(n: number): RunScript {
  const steps: RunScript['steps'] = []
  for (let i = 0; i < n; i++) {
    steps.push({
      at: Math.floor(i / 1000),
      agent: {
        type: 'assistant',
        message: { content: [{ type: 'text', text: `event number ${i}` }] }
      }
    })
  }
  steps.push({
    at: 30,
    agent: { type: 'result', subtype: 'success', result: 'done', num_turns: 1 }
  })
  return { pendingMs: 300, steps, durationMs: 60 }
}

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
  return () => peakKb / 1024
}

interface Throughput {
  events: number
  seconds: number
  perSecond: number
  peakRssMb: number
  exactlyOnce: boolean
}

async function actionThroughput(emulator: Emulator, n: number): Promise<Throughput> {
  emulator.reset()
  emulator.setScript('bench', eventsScript(n))
  let peak = (): number => 0
  let first = 0
  let last = 0
  const step = await runStep({
    inputs: { 'vm0-token': emulator.token, 'api-url': emulator.url, agent: 'bench', prompt: 'go' },
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
    killAfterMs: 300_000
  })
  if (step.code !== 0) throw new Error(`the action failed:\n${step.stdout.slice(-2000)}`)
  const counts = new Map<string, number>()
  for (const line of parseStdout(step.stdout).text) {
    if (line.startsWith('event number ')) counts.set(line, (counts.get(line) ?? 0) + 1)
  }
  const exactlyOnce = counts.size === n && [...counts.values()].every(c => c === 1)
  const seconds = Math.max(0.001, (last - first) / 1000)
  return { events: n, seconds, perSecond: n / seconds, peakRssMb: peak(), exactlyOnce }
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
    exactlyOnce: count === n
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

async function main(): Promise<void> {
  console.log(`Node ${process.version} (bench driver); action under ${runnerNode()}`)
  const emulator = await startEmulator({ eventTickMs: 100 })
  emulator.addAgent('bench')
  try {
    console.log(
      '\nThroughput and memory (log-level full; baseline: a bare SSE consumer of the same stream)'
    )
    console.log(
      `${pad('events', 8)}${pad('action ev/s', 14)}${pad('baseline ev/s', 16)}${pad('action RSS MB', 15)}${pad('baseline RSS MB', 17)}exactly once`
    )
    for (const n of SIZES) {
      const base = await baselineThroughput(emulator, n)
      const action = await actionThroughput(emulator, n)
      console.log(
        `${pad(String(n), 8)}${pad(fixed(action.perSecond, 0), 14)}${pad(fixed(base.perSecond, 0), 16)}${pad(fixed(action.peakRssMb), 15)}${pad(fixed(base.peakRssMb), 17)}${action.exactlyOnce ? 'yes' : 'NO'}`
      )
    }
    console.log('Targets: ≥ 5,000 events/s; RSS flat from 2,000 to 20,000 events.')
  } finally {
    await emulator.close()
  }

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
    console.log('Target: under 1.5 s streaming (the service ticks once a second).')
  } finally {
    await realistic.close()
  }
}

await main()
