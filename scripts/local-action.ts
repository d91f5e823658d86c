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
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startArtifactService } from '../emulator/artifact-service.js'
import { runStep, type StepResult } from '../emulator/runner/harness.js'

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

/** Runs the main step with the file's values; writes the summary under `outDir`. */
export async function runLocalAction(
  envFile: string,
  outDir: string,
  onStdout: (text: string) => void = text => void process.stdout.write(text)
): Promise<{ step: StepResult; summaryFile: string }> {
  const { inputs, env } = splitInputs(parseEnvFile(readFileSync(envFile, 'utf8')))
  const uploads = (inputs.upload ?? 'true').trim().toLowerCase() !== 'false'
  const artifacts = uploads ? await startArtifactService() : null
  try {
    const step = await runStep({
      inputs,
      env: { ...env, ...(artifacts ? artifacts.env() : {}) },
      onStdout
    })
    mkdirSync(outDir, { recursive: true })
    const summaryFile = join(outDir, 'summary.md')
    writeFileSync(summaryFile, step.summary)
    return { step, summaryFile }
  } finally {
    await artifacts?.close()
  }
}

async function main(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
  const given = process.argv[2]
  const envFile = given ?? (existsSync(join(root, '.env')) ? '.env' : '.env.example')
  console.log(`Running dist/index.js like the runner, with inputs from ${envFile}\n`)
  const { step, summaryFile } = await runLocalAction(
    resolve(root, envFile),
    join(root, '.local-action')
  )
  console.log(`\n── Outputs`)
  for (const [name, value] of Object.entries(step.outputs)) {
    console.log(`${name.padEnd(18)} ${value.length > 200 ? `${value.slice(0, 200)}…` : value}`)
  }
  console.log(`\n── Job summary (${summaryFile})\n\n${step.summary || '(none)'}`)
  console.log(`\nexit code ${step.code}`)
  process.exitCode = step.code === 0 ? 0 : 1
}

if (process.argv[1]?.endsWith('local-action.js')) {
  main().catch((error: unknown) => {
    console.error(`local-action: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  })
}
