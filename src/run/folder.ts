/** The run's own folder under `RUNNER_TEMP`: the one place its paths are made. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Where run folders go: `RUNNER_TEMP`, which the runner sets and empties
 * after each job. Without it (a local run, an odd self-hosted runner) the
 * OS temp folder, said in the debug log: never the working directory, which
 * is the checkout a later step may commit or upload.
 */
export function tempFolder(env: NodeJS.ProcessEnv, debug: (line: string) => void): string {
  if (env.RUNNER_TEMP) return env.RUNNER_TEMP
  const fallback = tmpdir()
  debug(`RUNNER_TEMP is not set: the run's files go under the OS temp folder ${fallback}.`)
  return fallback
}

/**
 * `<runnerTemp>/vm0-<runId>`. The run id comes from the service, so it is made
 * safe as a folder name (it cannot climb out).
 */
export function runFolder(runnerTemp: string, runId: string): string {
  return join(runnerTemp, `vm0-${runId.replace(/[^A-Za-z0-9_-]/g, '_')}`)
}

/** Writes the whole final answer to `<run folder>/output.md` and returns its path. */
export function writeAnswerFile(runnerTemp: string, runId: string, answer: string): string {
  const dir = runFolder(runnerTemp, runId)
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'output.md')
  writeFileSync(file, answer)
  return file
}
