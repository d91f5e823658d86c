/**
 * What the action tells people about a run beyond its log: the job summary
 * and the pull-request comment. Once a run exists, both are written on every
 * path (completed, failed, timed out, cancelled, handed off, following
 * failed) and never fail the step. A start that fails leaves no run to
 * report: its error fails the step and sets `status: not-started`.
 */
import * as core from '@actions/core'
import { errorMessage } from '../base/errors.js'
import type { CollectResult } from '../artifacts/collect.js'
import { workflowRunUrl } from '../github/context.js'
import type { Settings } from '../settings/inputs.js'
import type { AgentResult as FinalResult } from '../agent/model.js'
import type { MetricsSummary, Run } from '../vm0/types.js'
import { PrCommenter, commentContextFromEnv, type CommentContext } from './pr-comment.js'
import { buildSummary, writeSummary, type SummaryFiles } from './summary.js'

/** Everything known about a run when the action is done with it. */
export interface RunOutcome {
  run: Run
  /** The status to report (may differ from `run.status` after a cancel). */
  status: string
  /** The service's error text, or why the wait ended. */
  error: string | null
  result: FinalResult | null
  metrics: MetricsSummary | null
  files: CollectResult | null
  logTail: readonly string[]
  /** A sentence about the run (e.g. it was not waited for). */
  note: string | null
}

export class RunReport {
  private readonly commenter: PrCommenter | null
  private readonly comment: CommentContext | null

  constructor(
    private readonly settings: Settings,
    private readonly redact: (text: string) => string,
    payload: unknown,
    agent: string,
    private readonly env: NodeJS.ProcessEnv = process.env
  ) {
    this.commenter = settings.commentOnPr ? new PrCommenter() : null
    this.comment = settings.commentOnPr
      ? commentContextFromEnv({ token: settings.githubToken, agent, env, payload })
      : null
  }

  /** The run exists: say so on the pull request. */
  async started(run: Run): Promise<void> {
    if (this.commenter && this.comment) await this.commenter.startComment(this.comment, run.id)
  }

  /** The action is done with the run: write the summary and update the comment. */
  async finished(outcome: RunOutcome, agent: string): Promise<void> {
    const files = summaryFiles(outcome.files)
    if (this.settings.summary) {
      try {
        writeSummary(
          buildSummary({
            status: outcome.status,
            agent,
            runId: outcome.run.id,
            createdAt: outcome.run.createdAt,
            startedAt: outcome.run.startedAt,
            completedAt: outcome.run.completedAt,
            durationMs: outcome.run.executionTimeMs,
            costUsd: outcome.result?.costUsd ?? null,
            numTurns: outcome.result?.numTurns ?? null,
            metrics: outcome.metrics,
            answer: outcome.result?.text ?? outcome.run.output,
            files,
            error: outcome.error,
            logTail: outcome.logTail,
            workflowRunUrl: workflowRunUrl(this.env),
            note: outcome.note,
            redact: this.redact
          }),
          this.env
        )
      } catch (error) {
        core.warning(`The job summary could not be written: ${errorMessage(error)}`)
      }
    }
    if (this.commenter && this.comment) {
      await this.commenter.finishComment(this.comment, {
        status: outcome.status,
        runId: outcome.run.id,
        answer: outcome.result?.text ?? outcome.run.output,
        error: outcome.error,
        costUsd: outcome.result?.costUsd ?? null,
        numTurns: outcome.result?.numTurns ?? null,
        durationMs: outcome.run.executionTimeMs,
        fileCount: files?.count ?? null,
        totalBytes: files?.totalBytes ?? null,
        artifactName: files?.artifactName ?? null,
        artifactUrl: files?.artifactUrl ?? null,
        redact: this.redact
      })
    }
  }
}

function summaryFiles(files: CollectResult | null): SummaryFiles | null {
  if (!files || files.artifactsPath === null) return null
  return {
    count: files.files.length,
    totalBytes: files.totalBytes,
    list: files.files.map(f => ({ path: f.path, bytes: f.size })),
    artifactName: files.upload?.name ?? null,
    artifactUrl: files.upload?.url ?? null,
    vm0Version: files.artifactVersion
  }
}
