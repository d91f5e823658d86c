/**
 * `npm run emulator`: the VM0 emulator on its own, with a `demo-agent` whose
 * runs play a short Claude Code session. It listens on a fixed port with a
 * fixed token by default, so `.env.example` works unchanged; prints
 * `VM0_API_URL=…` and `VM0_TOKEN=…` and runs until SIGINT or SIGTERM.
 *
 *   npm run emulator -- [--port 4010] [--token vm0_live_…] [--dialect camel|snake] [--tick 1000]
 *                       [--artifact-commits v1|always]
 *
 * `--artifact-commits always`: every run naming an artifact commits to it, not
 * only session runs as on the current `/v1`.
 */
import { sampleScript, startEmulator } from './vm0/index.js'

/** The values `.env.example` and the README name. */
export const LOCAL_EMULATOR = {
  port: 4010,
  token: 'vm0_live_local_emulator_token_do_not_use_elsewhere'
} as const

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
} {
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
  return {
    port: port === undefined ? LOCAL_EMULATOR.port : wholeNumber('port', port, 0, 65535),
    token,
    dialect,
    eventTickMs: tick === undefined ? 1000 : wholeNumber('tick', tick, 1, 60_000),
    artifactCommits
  }
}

async function main(): Promise<void> {
  const options = cliOptions(process.argv.slice(2))
  const emulator = await startEmulator(options)
  emulator.addAgent('demo-agent', { script: sampleScript() })
  process.stdout.write(
    `VM0_API_URL=${emulator.url}\nVM0_TOKEN=${emulator.token}\nVM0_STORAGE_URL=${emulator.storageUrl}\n`
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
