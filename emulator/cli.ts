/**
 * Runs the VM0 emulator standalone with a `demo-agent` whose runs play a short
 * Claude Code session. Prints `VM0_API_URL=…` and `VM0_TOKEN=…` lines and runs
 * until SIGINT or SIGTERM. Options: `--dialect=snake`, `--tick=<ms>`, `--artifact-commits=always`
 * (every run naming an artifact commits to it, not only session runs as on the current `/v1`).
 */
import { sampleScript, startEmulator } from './vm0/index.js'

function option(name: string): string | undefined {
  const prefix = `--${name}=`
  return process.argv.find(arg => arg.startsWith(prefix))?.slice(prefix.length)
}

async function main(): Promise<void> {
  const dialect = option('dialect') ?? 'camel'
  if (dialect !== 'camel' && dialect !== 'snake') {
    throw new Error(`--dialect must be camel or snake; got '${dialect}'`)
  }
  const tick = option('tick')
  const eventTickMs = tick === undefined ? 1000 : Number(tick)
  if (!Number.isInteger(eventTickMs) || eventTickMs < 1) {
    throw new Error(`--tick must be a whole number of milliseconds; got '${tick}'`)
  }
  const artifactCommits = option('artifact-commits') ?? 'v1'
  if (artifactCommits !== 'v1' && artifactCommits !== 'always') {
    throw new Error(`--artifact-commits must be v1 or always; got '${artifactCommits}'`)
  }
  const emulator = await startEmulator({ dialect, eventTickMs, artifactCommits })
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

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
})
