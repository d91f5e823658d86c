/**
 * `npm run emulator`: the VM0 emulator on its own, serving the platform
 * (`/api/...`, with the agents `Demo Agent` and `Codex Agent`) and `/v1`
 * (with a `demo-agent` and a session of it opened with the artifact
 * `results`, as the CLI's `vm0 run --artifact-name results` opens one), whose
 * runs play short Claude Code and Codex sessions. It listens on a fixed port with a fixed PAT and `/v1` token by
 * default, so `.env.example` and `.env.v1.example` work unchanged; prints
 * `VM0_API_URL=…`, `VM0_TOKEN=…` (the `/v1` token), `VM0_PAT=…`, the
 * platform agent's id and display name and the `/v1` session's id
 * (`VM0_SESSION_ID`), and runs until SIGINT or SIGTERM.
 *
 *   npm run emulator -- [--surface both|platform|v1] [--port 4010] [--token vm0_live_…]
 *                       [--dialect camel|snake] [--tick 1000] [--artifact-commits v1|always]
 *                       [--sandbox-batch 30000]
 *
 * `--surface platform`: every `/v1` path answers 404 `{"error":"Not found"}`, as the hosted service.
 * `--artifact-commits always`: every run naming an artifact commits to it, not
 * only runs that continue a session opened with an artifact, as on the last `/v1`.
 * `--sandbox-batch 0`: sandbox lines land one by one as they happen, not in the
 * service's 30 s batches.
 */
import { codexSampleScript, sampleScript, startEmulator } from './vm0/index.js'
import { SAMPLE_SESSION_ID } from './vm0/sample.js'

/** The values `.env.example`, `.env.v1.example` and the README name. */
export const LOCAL_EMULATOR = {
  port: 4010,
  token: 'vm0_live_local_emulator_token_do_not_use_elsewhere',
  /** `vm0_pat_` + a JWT-shaped string, as the web app mints; accepted by the platform routes only. */
  pat: 'vm0_pat_eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJsb2NhbC1lbXVsYXRvciIsImtpbmQiOiJwYXQifQ.bG9jYWxfZW11bGF0b3JfcGF0X2RvX25vdF91c2VfZWxzZXdoZXJl',
  /** The platform agents it seeds, with fixed UUIDs so a workflow can name either. */
  agents: {
    demo: { id: '0d3c5f6e-8a7b-4c1d-9e2f-3a4b5c6d7e8f', displayName: 'Demo Agent' },
    codex: { id: '7b1e2d3c-4f5a-4b6c-8d7e-9f0a1b2c3d4e', displayName: 'Codex Agent' }
  },
  /**
   * The `/v1` session `.env.v1.example` continues: `demo-agent`'s, opened with the artifact
   * `results`. On `/v1` only such a run writes files; a run started by agent name writes none.
   */
  v1Session: { id: SAMPLE_SESSION_ID, artifactName: 'results' }
} as const

const SURFACES = ['both', 'platform', 'v1'] as const

/** `--name value` or `--name=value`. */
function option(args: readonly string[], name: string): string | undefined {
  const at = args.findIndex(arg => arg === `--${name}` || arg.startsWith(`--${name}=`))
  if (at < 0) return undefined
  const arg = args[at] ?? ''
  if (arg.includes('=')) return arg.slice(arg.indexOf('=') + 1)
  const value = args[at + 1]
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`)
  return value
}

function wholeNumber(name: string, text: string, min: number, max: number): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}; got '${text}'`)
  }
  return value
}

/** The emulator's options from the command line; throws a message naming the bad option. */
export function cliOptions(args: readonly string[]): {
  port: number
  token: string
  dialect: 'camel' | 'snake'
  eventTickMs: number
  artifactCommits: 'v1' | 'always'
  sandboxBatchMs: number
  surfaces: (typeof SURFACES)[number]
  platform: { pat: string }
} {
  const surfaces = option(args, 'surface') ?? 'both'
  if (!(SURFACES as readonly string[]).includes(surfaces)) {
    throw new Error(`--surface must be both, platform or v1; got '${surfaces}'`)
  }
  const dialect = option(args, 'dialect') ?? 'camel'
  if (dialect !== 'camel' && dialect !== 'snake') {
    throw new Error(`--dialect must be camel or snake; got '${dialect}'`)
  }
  const token = option(args, 'token') ?? LOCAL_EMULATOR.token
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new Error('--token must be printable ASCII without spaces')
  }
  const artifactCommits = option(args, 'artifact-commits') ?? 'v1'
  if (artifactCommits !== 'v1' && artifactCommits !== 'always') {
    throw new Error(`--artifact-commits must be v1 or always; got '${artifactCommits}'`)
  }
  const port = option(args, 'port')
  const tick = option(args, 'tick')
  const batch = option(args, 'sandbox-batch')
  return {
    port: port === undefined ? LOCAL_EMULATOR.port : wholeNumber('port', port, 0, 65535),
    token,
    dialect,
    eventTickMs: tick === undefined ? 1000 : wholeNumber('tick', tick, 1, 60_000),
    artifactCommits,
    sandboxBatchMs: batch === undefined ? 30_000 : wholeNumber('sandbox-batch', batch, 0, 600_000),
    surfaces: surfaces as (typeof SURFACES)[number],
    platform: { pat: LOCAL_EMULATOR.pat }
  }
}

/**
 * Seeds the agents of both surfaces: `demo-agent` on `/v1` with its session opened with an
 * artifact ({@link LOCAL_EMULATOR}.v1Session), `Demo Agent` and `Codex Agent` on the platform.
 */
export function seedLocalAgents(emulator: Awaited<ReturnType<typeof startEmulator>>): void {
  emulator.addAgent('demo-agent', { script: sampleScript() })
  const { id, artifactName } = LOCAL_EMULATOR.v1Session
  emulator.openSession('demo-agent', artifactName, id)
  const { demo, codex } = LOCAL_EMULATOR.agents
  emulator.platform.addAgent(demo.displayName, { id: demo.id, script: sampleScript() })
  emulator.platform.addAgent(codex.displayName, {
    id: codex.id,
    framework: 'codex',
    selectedModel: 'gpt-5-codex',
    script: codexSampleScript()
  })
}

async function main(): Promise<void> {
  const options = cliOptions(process.argv.slice(2))
  const emulator = await startEmulator(options)
  seedLocalAgents(emulator)
  const { demo } = LOCAL_EMULATOR.agents
  process.stdout.write(
    `VM0_API_URL=${emulator.url}\nVM0_TOKEN=${emulator.token}\nVM0_PAT=${emulator.platform.pat}\n` +
      `VM0_AGENT_ID=${demo.id}\nVM0_AGENT=${demo.displayName}\n` +
      `VM0_STORAGE_URL=${emulator.storageUrl}\nVM0_SURFACES=${emulator.surfaces}\n` +
      `VM0_SESSION_ID=${LOCAL_EMULATOR.v1Session.id}\n`
  )
  // The lines above are for scripts; this is for the person reading them.
  process.stderr.write(
    `The platform: key VM0_PAT, agents '${demo.displayName}' (VM0_AGENT_ID) and ` +
      `'${LOCAL_EMULATOR.agents.codex.displayName}' (npm run local-action uses .env.example).\n` +
      'The /v1 API: token VM0_TOKEN, agent demo-agent, and its session VM0_SESSION_ID opened ' +
      `with the artifact '${LOCAL_EMULATOR.v1Session.artifactName}': continuing it writes ` +
      'files, a run by agent name writes none (npm run local-action -- .env.v1.example).\n'
  )
  const shutdown = (): void => {
    void emulator.close().then(() => process.stderr.write('emulator closed\n'))
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

// Run only as the entry point: tests import the option parsing.
if (process.argv[1]?.endsWith('cli.js')) {
  main().catch((error: unknown) => {
    process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  })
}
