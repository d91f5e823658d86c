/**
 * What the action tells people about a run beyond its log: the job summary
 * and the comment on the pull request or issue. Once a run exists, both are written on every
 * path (completed, failed, timed out, cancelled, handed off, following
 * failed) and never fail the step. A start that fails leaves no run to
 * report: its error fails the step and sets `status: not-started`.
 */
import * as core from '@actions/core'
import type { AgentResult } from '../agent/model.js'
import type { CollectResult } from '../artifacts/types.js'
import { stoppedAt, type RunTimeline } from '../follow/timing.js'
import { errorMessage } from '../base/errors.js'
import { workflowRunUrl } from '../github/context.js'
import { errorTextOf, statusOf, type Outcome } from '../run/outcome.js'
import type { CancelResult } from '../run/remote-run.js'
import type { Settings } from '../settings/settings.js'
import type { Redact } from '../text/secrets.js'
import type { MetricsSummary, Run } from '../vm0/types.js'
import {
  PrCommenter,
  commentContextFromEnv,
  finishedBody,
  type CommentContext,
  type CommentOutcome
} from './pr-comment.js'
import type { Ending } from './figures.js'
import { buildSummary, writeSummary, type SummaryFiles, type SummaryInput } from './summary.js'

/** An outcome with a run to report. */
type Reportable = Exclude<
  Outcome<CollectResult>,
  { kind: 'not-started' } | { kind: 'cancelled-while-starting' }
>

/** What the summary and the comment both say, taken from the outcome in one place. */
interface ReportFacts {
  status: string
  /** How the action's wait ended, for the title. */
  ending: NonNullable<SummaryInput['ending']> | null
  agent: string
  run: Run
  result: AgentResult | null
  answer: string | null
  error: string | null
  metrics: MetricsSummary | null
  files: SummaryFiles | null
  logTail: readonly string[]
  timeline: RunTimeline | null
  note: string | null
  /** Why there are no metrics, when the outcome says. */
  metricsNote: string | null
}

/** The facts to report for an outcome; pure. */
function reportFacts(outcome: Reportable, settings: Settings, agent: string): ReportFacts {
  const seen = outcome.kind === 'handed-off' ? null : outcome.seen
  const ended = outcome.kind === 'ended' ? outcome : null
  return {
    status: statusOf(outcome),
    ending: endingOf(outcome, settings),
    agent,
    run: outcome.run,
    result: seen?.result ?? null,
    answer: ended ? ended.answer : (seen?.result?.text ?? outcome.run.output),
    error: errorTextOf(outcome, settings),
    metrics: ended?.metrics ?? null,
    files: summaryFiles(ended?.collected.files ?? null, settings.artifactName),
    logTail: seen?.logTail ?? [],
    timeline: timelineOf(outcome),
    metricsNote: ended
      ? (ended.metricsNote ?? null)
      : 'metrics are read once the run has ended, and the action did not wait for its end',
    note:
      outcome.kind === 'handed-off'
        ? `Not waited for (wait: false): attach later with run-id ${outcome.run.id}.`
        : (ended?.collected.files?.note ?? null)
  }
}

/**
 * The timeline as the report shows it: when the wait stopped before the run
 * ended, the calls still open were running at that moment (read then); when
 * VM0 ended the run other than `completed` (its own timeout, a cancel, a
 * failure), they were running when it ended (VM0's clock, as the events').
 */
function timelineOf(outcome: Reportable): RunTimeline | null {
  if (outcome.kind === 'handed-off') return null
  const timing = outcome.seen.timing
  if (timing === null) return null
  if (outcome.kind === 'ended') {
    const endedMs = Date.parse(outcome.run.completedAt ?? '')
    if (outcome.run.status === 'completed' || Number.isNaN(endedMs)) return timing
    return stoppedAt(timing, endedMs)
  }
  return timing.readAtMs === undefined ? timing : stoppedAt(timing, timing.readAtMs)
}

/** The stop reason, the limit that ran out and whether the action cancelled the run. */
function endingOf(outcome: Reportable, settings: Settings): ReportFacts['ending'] {
  if (outcome.kind === 'stopped') {
    const limitMs =
      outcome.reason === 'timeout'
        ? settings.timeoutMs
        : outcome.reason === 'idle'
          ? settings.idleTimeoutMs
          : null
    return { stop: outcome.reason, limitMs, ...cancelOf(outcome.cancel) }
  }
  if (outcome.kind === 'follow-failed')
    return { stop: 'follow-failed', ...cancelOf(outcome.cancel) }
  return null
}

/** What the action's cancel did, for the title: a cancel that failed or came too late says so. */
function cancelOf(cancel: CancelResult | null): Pick<Ending, 'cancelled' | 'cancel'> {
  if (cancel === null) return { cancelled: false, cancel: null }
  if (cancel.alreadyEnded) return { cancelled: false, cancel: 'ended' }
  return cancel.stopped
    ? { cancelled: true, cancel: 'cancelled' }
    : { cancelled: false, cancel: 'failed' }
}

function summaryInput(facts: ReportFacts, env: NodeJS.ProcessEnv, redact: Redact): SummaryInput {
  const { run, result } = facts
  return {
    status: facts.status,
    runStatus: run.status,
    ending: facts.ending,
    agent: facts.agent,
    runId: run.id,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    completedAt: run.completedAt,
    durationMs: run.executionTimeMs,
    costUsd: result?.costUsd ?? null,
    numTurns: result?.numTurns ?? null,
    usage: result?.usage ?? null,
    metrics: facts.metrics,
    metricsNote: facts.metricsNote,
    timeline: redactTimeline(facts.timeline, redact),
    answer: facts.answer,
    files: facts.files,
    error: facts.error,
    logTail: facts.logTail,
    workflowRunUrl: workflowRunUrl(env),
    note: facts.note,
    redact
  }
}

function commentOutcome(facts: ReportFacts, redact: Redact): CommentOutcome {
  return {
    status: facts.status,
    ending: facts.ending,
    usage: facts.result?.usage ?? null,
    tools: redactTimeline(facts.timeline, redact)?.tools ?? null,
    runId: facts.run.id,
    answer: facts.answer,
    error: facts.error,
    costUsd: facts.result?.costUsd ?? null,
    numTurns: facts.result?.numTurns ?? null,
    durationMs: facts.run.executionTimeMs,
    fileCount: facts.files?.count ?? null,
    totalBytes: facts.files?.totalBytes ?? null,
    artifactName: facts.files?.artifactName ?? null,
    artifactUrl: facts.files?.artifactUrl ?? null,
    note: facts.note,
    redact
  }
}

export class RunReport {
  private readonly commenter: PrCommenter | null
  private readonly comment: CommentContext

  constructor(
    private readonly settings: Settings,
    private readonly redact: Redact,
    payload: unknown,
    private readonly agent: string,
    private readonly env: NodeJS.ProcessEnv = process.env
  ) {
    this.commenter = settings.commentOnPr ? new PrCommenter() : null
    // Built either way: the `comment-body` output is set whether or not the action posts it.
    this.comment = commentContextFromEnv({ token: settings.githubToken, agent, env, payload })
  }

  /** The run exists: say so on the pull request (within 10 s, ended by `signal`, the cancellation). */
  async started(run: Run, signal?: AbortSignal): Promise<void> {
    if (this.commenter) {
      await this.commenter.startComment(this.comment, run.id, signal, this.redact)
    }
  }

  /**
   * The action is done with the run: write the summary and update the
   * comment. The comment reports a timeout or a cancellation, so it is
   * written after them, within 10 s.
   */
  async finished(outcome: Reportable): Promise<{ commentBody: string }> {
    const facts = reportFacts(outcome, this.settings, this.agent)
    if (this.settings.summary) {
      try {
        // Pieces are redacted before they are cut; the page is redacted again as a whole.
        const page = buildSummary(summaryInput(facts, this.env, this.redact))
        writeSummary((this.redact.markup ?? this.redact)(page), this.env)
      } catch (error) {
        core.warning(`The job summary could not be written: ${errorMessage(error)}`)
      }
    }
    const commentBody = finishedBody(this.comment, commentOutcome(facts, this.redact))
    if (this.commenter) await this.commenter.finishWithBody(this.comment, commentBody)
    return { commentBody }
  }
}

function summaryFiles(
  files: CollectResult | null,
  vm0Artifact: string | null
): SummaryFiles | null {
  if (!files || files.artifactsPath === null) return null
  return {
    count: files.files.length,
    totalBytes: files.totalBytes,
    list: files.files.map(f => ({ path: f.path, bytes: f.size })),
    artifactName: files.upload?.name ?? null,
    artifactUrl: files.upload?.url ?? null,
    vm0Artifact,
    vm0Version: files.artifactVersion
  }
}

/**
 * Tool names and step labels come from the agent (a Bash title is the command
 * itself): they are redacted whole here, before the charts cut and reshape
 * them, since a cut secret is no longer found by the final pass.
 */
function redactTimeline(timeline: RunTimeline | null, redact: Redact): RunTimeline | null {
  if (timeline === null) return null
  return {
    ...timeline,
    spans: timeline.spans.map(span => ({
      ...span,
      name: redact(span.name),
      label: redact(span.label),
      ...(span.subject === undefined ? {} : { subject: redact(span.subject) })
    })),
    tools: timeline.tools.map(tool => ({ ...tool, name: redact(tool.name) }))
  }
}
