/**
 * How the action's work on a run ended, as a value. Each phase of `main.ts`
 * returns one; the outputs, the report and the step's result are each derived
 * from it by a pure function, so no field is patched along the way.
 */
import type { Seen } from '../follow/follower.js'
import { ActionError, RunFailedError, WaitTimeoutError, errorMessage } from '../base/errors.js'
import type { Settings } from '../settings/settings.js'
import { formatDuration } from '../text/durations.js'
import type { MetricsSummary, Run } from '../vm0/types.js'
import type { CancelResult } from './remote-run.js'

/** Why the action stopped waiting before the run ended. */
export type StopReason = 'timeout' | 'idle' | 'aborted'

/** The output files of a run (`artifacts/`), or why collecting them failed. */
export interface Collected<Files> {
  files: Files | null
  error: unknown
}

/** No run was started or attached to. */
export interface NotStarted {
  kind: 'not-started'
  error: unknown
  /** True when the workflow was cancelled before a run existed. */
  cancelled: boolean
}

/** The workflow was cancelled while the create was in flight: the run it made was cancelled. */
export interface CancelledWhileStarting {
  kind: 'cancelled-while-starting'
  run: Run
  cancel: CancelResult
  fate: string
}

/** Started and left running on purpose (`wait: false`). */
interface HandedOff {
  kind: 'handed-off'
  run: Run
}

/** Following failed (e.g. the token was revoked mid-run); the run was cancelled. */
export interface FollowFailed {
  kind: 'follow-failed'
  run: Run
  error: unknown
  cancel: CancelResult
  seen: Seen
}

/** A limit or the workflow's cancellation ended the wait before the run ended. */
export interface Stopped {
  kind: 'stopped'
  run: Run
  reason: StopReason
  /** The last status seen of the run, before any cancel. */
  lastStatus: string
  /** The cancel, or null when the run was left running (`cancel-on-timeout: false`). */
  cancel: CancelResult | null
  fate: string
  seen: Seen
}

/** The run ended on VM0; its output was collected when asked for. */
export interface Ended<Files = unknown> {
  kind: 'ended'
  run: Run
  seen: Seen
  metrics: MetricsSummary | null
  /** Why there are no metrics, when the backend knows. */
  metricsNote?: string | null
  collected: Collected<Files>
  /** The final answer, redacted, and the file holding it whole. */
  answer: string
  answerFile: string | null
}

export type Outcome<Files = unknown> =
  NotStarted | CancelledWhileStarting | HandedOff | FollowFailed | Stopped | Ended<Files>

/**
 * The run's status to report: `timeout` when the action's own `timeout` or
 * `idle-timeout` ended the wait, whatever the cancel did (the `error` output
 * says which limit and what became of the run), so the output, the summary's
 * title and its status line say the same word; otherwise, after a cancel, as
 * the service last answered.
 */
export function statusOf(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'not-started':
      return outcome.cancelled ? 'cancelled' : 'not-started'
    case 'cancelled-while-starting':
    case 'follow-failed':
      return outcome.cancel.run?.status ?? outcome.run.status
    case 'stopped':
      if (outcome.reason !== 'aborted') return 'timeout'
      return outcome.cancel?.run?.status ?? outcome.lastStatus
    case 'handed-off':
    case 'ended':
      return outcome.run.status
  }
}

/** The sentence saying why a wait stopped, naming the input that set the limit. */
function stopReasonText(reason: StopReason, settings: Settings): string {
  switch (reason) {
    case 'timeout':
      return `The run did not end within the \`timeout\` of ${formatDuration(settings.timeoutMs)}`
    case 'idle':
      return `Nothing arrived from the run for the \`idle-timeout\` of ${formatDuration(settings.idleTimeoutMs)}`
    case 'aborted':
      return 'The workflow was cancelled'
  }
}

/** The error to report (`error` output, summary, comment), or null when there is none. */
export function errorTextOf(outcome: Outcome, settings: Settings): string | null {
  switch (outcome.kind) {
    case 'not-started':
    case 'follow-failed':
      return errorMessage(outcome.error)
    case 'cancelled-while-starting':
      return failureFor(outcome, settings)?.message ?? null
    case 'stopped':
      // With `status: timeout` whatever the cancel did, the error says what became of the run.
      return `${stopReasonText(outcome.reason, settings)}; ${outcome.fate}.`
    case 'handed-off':
      return null
    case 'ended': {
      const errors = [outcome.run.error, collectionError(outcome)]
      return errors.filter(Boolean).join('\n') || null
    }
  }
}

function collectionError(outcome: Ended): string | null {
  return outcome.collected.error === null ? null : errorMessage(outcome.collected.error)
}

/** The step's failure for an outcome, or null when the step passes. */
export function failureFor(outcome: Outcome, settings: Settings): Error | null {
  switch (outcome.kind) {
    case 'not-started':
    case 'follow-failed':
      return asError(outcome.error)
    case 'cancelled-while-starting':
      return new ActionError(
        `The workflow was cancelled while the run was starting; ${outcome.fate}.`
      )
    case 'handed-off':
      return null
    case 'stopped':
      return stoppedFailure(outcome, settings)
    case 'ended':
      return endedFailure(outcome, settings)
  }
}

function stoppedFailure(outcome: Stopped, settings: Settings): Error | null {
  const message = `${stopReasonText(outcome.reason, settings)}; ${outcome.fate}.`
  if (outcome.reason === 'aborted') return settings.failOnError ? new ActionError(message) : null
  // A limit of the user's own is a failure even with fail-on-error: false.
  return new WaitTimeoutError(message)
}

function endedFailure(outcome: Ended, settings: Settings): Error | null {
  const { run, collected } = outcome
  if (run.status !== 'completed' && settings.failOnError) {
    return new RunFailedError(run.id, run.status, explained(run.error, outcome.seen.troubleLine))
  }
  return collected.error === null ? null : asError(collected.error)
}

/**
 * The run's error with the last sandbox line that reads like trouble, when the
 * error does not already say it: the one annotation of a failed run explains it.
 */
export function explained(
  runError: string | null,
  troubleLine: string | null | undefined
): string | null {
  if (!troubleLine) return runError
  const bare = troubleLine.replace(/^\[system\] /, '')
  if (runError?.includes(bare)) return runError
  return `${runError ?? 'no error text'} (last sandbox line: ${bare})`
}

/**
 * Annotations beside the failure: when both the run and the collection of its
 * files failed, the run's failure fails the step and the collection's is an
 * extra error line.
 */
export function extraErrorsFor(outcome: Outcome, settings: Settings): string[] {
  if (outcome.kind !== 'ended' || outcome.collected.error === null) return []
  if (outcome.run.status === 'completed' || !settings.failOnError) return []
  return [`Collecting the output files failed too: ${errorMessage(outcome.collected.error)}`]
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new ActionError(errorMessage(error))
}
