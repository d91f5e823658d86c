/**
 * The finish phase, once the run ended: what the backend read of it (metrics,
 * files, the answer) becomes the `ended` outcome, with the answer kept in a
 * file and one line saying how the run ended. Which backend read it, this
 * phase does not know.
 */
import * as core from '@actions/core'
import type { AgentResult } from '../agent/model.js'
import { timeLimit, type Clock } from '../base/clock.js'
import { errorMessage } from '../base/errors.js'
import type { Settings } from '../settings/settings.js'
import { formatSeconds } from '../text/durations.js'
import type { Redact } from '../text/secrets.js'
import type { MetricsSummary, Run } from '../vm0/types.js'
import { writeAnswerFile } from './folder.js'
import { explained, type Collected, type Ended } from './outcome.js'
import type { RunEnded } from './wait.js'

/** What the backend read of a run that ended. */
export interface FinishReads<Files> {
  metrics: MetricsSummary | null
  /** Why there are no metrics, when the backend knows (the platform has none to read). */
  metricsNote?: string
  collected: Collected<Files>
  /** The answer as the service gave it (redacted here). */
  answer: string
  /** The run's figures when following saw no result event (the platform's `usage.recorded`). */
  result?: AgentResult | null
}

/** Where the file counts come from, whatever the files are. */
interface CountedFiles {
  artifactsPath: string | null
  files: readonly unknown[]
}

/** The `ended` outcome of a run, from what was read of it. */
export function finishRun<Files extends CountedFiles>(
  { run, followed }: RunEnded,
  reads: FinishReads<Files>,
  settings: Settings,
  redact: Redact,
  runnerTemp: string
): Ended<Files> {
  const { collected } = reads
  // Secrets the agent echoed stay out of outputs, as they do out of the log.
  const answer = redact(reads.answer)
  const answerFile = keepAnswer(runnerTemp, run.id, answer)
  const took = run.executionTimeMs !== null ? ` in ${formatSeconds(run.executionTimeMs)}` : ''
  const files = collected.files?.artifactsPath
    ? `; ${collected.files.files.length} output file(s) in ${collected.files.artifactsPath}`
    : ''
  core.info(`Run ${run.id} ${run.status}${took}${files}.`)
  // A failed run's one error annotation is the step's failure (conclude); when the step
  // passes anyway, one warning says the run did not complete.
  if (run.status !== 'completed' && !settings.failOnError) {
    core.warning(
      `VM0 run ${run.id} ended with status '${run.status}'` +
        `: ${redact(explained(run.error, followed.troubleLine) ?? 'no error text')}` +
        ' (fail-on-error: false, so the step passes).'
    )
  }
  return {
    kind: 'ended',
    run,
    seen:
      followed.result === null && reads.result ? { ...followed, result: reads.result } : followed,
    metrics: reads.metrics,
    metricsNote: reads.metricsNote ?? null,
    collected,
    answer,
    answerFile
  }
}

/** Longest the metrics read may take, within what is left of `timeout`. */
const METRICS_READ_MS = 15_000

/** The run's metrics, read within `timeout` and ended by a cancellation; null when not to be had. */
export async function readMetrics(
  getMetrics: (runId: string, opts: { signal: AbortSignal }) => Promise<MetricsSummary>,
  run: Run,
  deps: { clock: Clock; signal: AbortSignal; deadlineMs: number }
): Promise<MetricsSummary | null> {
  const left = Math.min(METRICS_READ_MS, deps.deadlineMs - deps.clock.now())
  if (deps.signal.aborted || left <= 0) {
    core.info(
      `Run metrics were not read: ${deps.signal.aborted ? 'the workflow was cancelled' : 'the timeout was reached'}.`
    )
    return null
  }
  const limit = timeLimit(deps.clock, left, deps.signal)
  try {
    const metrics = await getMetrics(run.id, { signal: limit.signal })
    // The documented metrics shape has no duration; the run detail always does.
    return { ...metrics, totalDurationMs: metrics.totalDurationMs ?? run.executionTimeMs }
  } catch (error) {
    const why = limit.expired
      ? `not read within ${formatSeconds(left)}`
      : deps.signal.aborted
        ? 'the workflow was cancelled'
        : errorMessage(error)
    core.info(`Run metrics are not available: ${why}`)
    return null
  } finally {
    limit.done()
  }
}

/**
 * Writes the whole answer to `output-file`; a folder that cannot be written
 * costs that one output (with a warning), never the others or the report.
 */
function keepAnswer(runnerTemp: string, runId: string, answer: string): string | null {
  try {
    return writeAnswerFile(runnerTemp, runId, answer)
  } catch (error) {
    core.warning(`The answer could not be written to a file (output-file): ${errorMessage(error)}`)
    return null
  }
}
