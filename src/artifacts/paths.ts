/** Where a run's files go under the runner's temporary folder. */
import { join } from 'node:path'
import { runFolder } from '../run/folder.js'

/** `<runnerTemp>/vm0-<runId>/files`, the default `path`; the run id is made safe as a folder name. */
export function defaultOutputPath(runnerTemp: string, runId: string): string {
  return join(runFolder(runnerTemp, runId), 'files')
}
