/**
 * `npm run local-action [-- <env file>]`: the bundled action on this machine
 * with inputs from a `.env` file (default `.env`, else `.env.example`), run
 * exactly as the GitHub runner runs it: `INPUT_*` variables, file commands,
 * Node 24.19.0. Offline: with `.env.example` it runs a platform agent of
 * `npm run emulator` (fixed port and PAT, `agent: Demo Agent`); with
 * `npm run local-action -- .env.v1.example`, the emulator's `/v1` `demo-agent`
 * (fixed `vm0_live_` token). Uploads go to a local artifact service. The job
 * summary is written to `.local-action/summary.md` (git-ignored) and printed;
 * everything else stays in a temporary folder, so the working tree stays clean.
 *
 * Ctrl-C (SIGINT) or SIGTERM is forwarded to the action, whose own signal
 * path cancels its run as on a cancelled workflow; the script waits for it
 * to end, so no run is left holding the emulator's (or VM0's) run slot. A
 * third signal kills the action at once.
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startArtifactService } from '../emulator/artifact-service.js'
import { runStep, type StepResult } from '../emulator/runner/harness.js'
import { createRunnerView } from '../__tests__/support/runner-view.js'

/** Lines `KEY=value` or `KEY="value"`; `#` comments and blank lines skipped. */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {}
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const eq = line.indexOf('=')
    if (eq <= 0) throw new Error(`not KEY=value: '${line}'`)
    const key = line.slice(0, eq).trim()
    let value = line.slice(eq + 1).trim()
    const quoted = /^(["'])(.*)\1(?:\s+#.*)?$/.exec(value)
    if (quoted) value = quoted[2] ?? ''
    else value = value.replace(/\s+#.*$/, '')
    vars[key] = value
  }
  return vars
}

/** Splits the file's variables into the action's inputs (`INPUT_*`, named as action.yml names them) and the rest. */
function splitInputs(vars: Record<string, string>): {
  inputs: Record<string, string>
  env: Record<string, string>
} {
  const inputs: Record<string, string> = {}
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(vars)) {
    if (key.startsWith('INPUT_')) inputs[key.slice('INPUT_'.length).toLowerCase()] = value
    else env[key] = value
  }
  return { inputs, env }
}

/**
 * A local run is not a test: the harness's 4-minute kill for a hung step
 * would cut a real run short. The runner's own default job limit is 6 hours.
 */
const LOCAL_KILL_AFTER_MS = 6 * 60 * 60 * 1000

/** Runs the main step with the file's values; writes the summary under `outDir`. */
export async function runLocalAction(
  envFile: string,
  outDir: string,
  onStdout: (text: string) => void = text => void process.stdout.write(text),
  onSpawn?: (child: ChildProcess) => void
): Promise<{ step: StepResult; summaryFile: string }> {
  const { inputs, env } = splitInputs(parseEnvFile(readFileSync(envFile, 'utf8')))
  const uploads = (inputs.upload ?? 'true').trim().toLowerCase() !== 'false'
  const artifacts = uploads ? await startArtifactService() : null
  try {
    const step = await runStep({
      inputs,
      env: { ...env, ...(artifacts ? artifacts.env() : {}) },
      onStdout,
      killAfterMs: LOCAL_KILL_AFTER_MS,
      ...(onSpawn ? { onSpawn } : {})
    })
    mkdirSync(outDir, { recursive: true })
    const summaryFile = join(outDir, 'summary.md')
    writeFileSync(summaryFile, step.summary)
    return { step, summaryFile }
  } finally {
    await artifacts?.close()
  }
}

/**
 * Forwards SIGINT and SIGTERM to the action's process while it runs: without
 * this the script died on Ctrl-C and the action, its output pipe closed, could
 * die before its cancel reached the service, leaving the run going. Returns
 * the `onSpawn` hook for {@link runLocalAction} and a function that removes
 * the handlers.
 */
function forwardSignals(): { onSpawn: (child: ChildProcess) => void; dispose: () => void } {
  let child: ChildProcess | null = null
  let received = 0
  const onSignal = (signal: NodeJS.Signals): void => {
    received++
    if (child === null || child.exitCode !== null || child.signalCode !== null) {
      // Nothing started yet, or it already ended: nothing to cancel.
      process.exit(130)
    }
    if (received >= 3) {
      console.error(`local-action: ${signal} again: killing the action; its run may keep going.`)
      child.kill('SIGKILL')
      return
    }
    console.error(
      `local-action: ${signal}: passed to the action, which cancels its run and ends ` +
        '(a third Ctrl-C kills it at once).'
    )
    child.kill(signal)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    onSpawn: spawned => {
      child = spawned
    },
    dispose: () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}

async function main(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
  const given = process.argv[2]
  const envFile = given ?? (existsSync(join(root, '.env')) ? '.env' : '.env.example')
  console.log(`Running dist/index.js like the runner, with inputs from ${envFile}\n`)
  const signals = forwardSignals()
  // Shown as the Actions log viewer shows it (groups folded in, masks and commands applied);
  // LOCAL_ACTION_RAW=1 shows the workflow commands as the action wrote them.
  const write = (text: string): void => void process.stdout.write(text)
  const show = process.env['LOCAL_ACTION_RAW'] === '1' ? write : createRunnerView(write)
  const { step, summaryFile } = await runLocalAction(
    resolve(root, envFile),
    join(root, '.local-action'),
    show,
    signals.onSpawn
  ).finally(signals.dispose)
  console.log(`\n── Outputs`)
  for (const [name, value] of Object.entries(step.outputs)) {
    console.log(`${name.padEnd(18)} ${value.length > 200 ? `${value.slice(0, 200)}…` : value}`)
  }
  console.log(`\n── Job summary (${summaryFile})\n\n${step.summary || '(none)'}`)
  console.log(`\nexit code ${step.code}`)
  if (
    step.code !== 0 &&
    /ECONNREFUSED/.test(step.stdout) &&
    /127\.0\.0\.1|localhost/.test(step.stdout)
  ) {
    console.log(
      'Nothing answered on the loopback `api-url`: is `npm run emulator` running in another terminal?'
    )
  }
  process.exitCode = step.code === 0 ? 0 : 1
}

if (process.argv[1]?.endsWith('local-action.js')) {
  main().catch((error: unknown) => {
    console.error(`local-action: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  })
}
