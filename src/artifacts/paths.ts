/** Where a run's files go under the runner's temporary folder. */
import { join } from 'node:path'

/**
 * The run's own folder under `RUNNER_TEMP`. The run id comes from the
 * service, so it is made safe as a folder name (it cannot climb out).
 */
export function runFolder(runnerTemp: string, runId: string): string {
  return join(runnerTemp, `vm0-${runId.replace(/[^A-Za-z0-9_-]/g, '_')}`)
}

/** `<runnerTemp>/vm0-<runId>/files`, the default `path`; the run id is made safe as a folder name. */
export function defaultOutputPath(runnerTemp: string, runId: string): string {
  return join(runFolder(runnerTemp, runId), 'files')
}
