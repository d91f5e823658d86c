/** The run's own folder under `RUNNER_TEMP`: the one place its paths are made. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

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
