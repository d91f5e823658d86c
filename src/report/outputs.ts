/**
 * The step's outputs: derived from the outcome by one pure function and
 * written by one other, the only place outputs are set.
 */
import * as core from '@actions/core'
import type { CollectResult } from '../artifacts/types.js'
import { artifactOutputValues } from './artifact-outputs.js'
import { errorTextOf, statusOf, type Outcome } from '../run/outcome.js'
import type { Settings } from '../settings/settings.js'
import type { Redact } from '../text/secrets.js'
import { capUtf8 } from '../text/sizes.js'
import type { MetricsSummary, Run } from '../vm0/types.js'

/** Every output the action sets, by name (action.yml documents each). */
export const Outputs = {
  RunId: 'run-id',
  ThreadId: 'thread-id',
  Status: 'status',
  Error: 'error',
  Output: 'output',
  OutputFile: 'output-file',
  TranscriptFile: 'transcript-file',
  CommentBody: 'comment-body',
  ExecutionTimeMs: 'execution-time-ms',
  SessionId: 'session-id',
  CheckpointId: 'checkpoint-id',
  CostUsd: 'cost-usd',
  NumTurns: 'num-turns',
  InputTokens: 'input-tokens',
  OutputTokens: 'output-tokens',
  Metrics: 'metrics',
  ArtifactVersion: 'artifact-version',
  ArtifactsPath: 'artifacts-path',
  ArtifactId: 'artifact-id',
  ArtifactUrl: 'artifact-url',
  ArtifactDigest: 'artifact-digest'
} as const

type OutputName = (typeof Outputs)[keyof typeof Outputs]

/** Each output stays under this many bytes, so all of them stay far below the runner's 1 MB per job. */
export const MAX_OUTPUT_BYTES = 64 * 1024

/** What the action hands to later steps; absent or null values are not set. */
export type ActionResult = Partial<Record<OutputName, string | number | null>>

/** The outputs the moment a run exists, so a step killed later still names it. */
export function runExistsOutputs(run: Run): ActionResult {
  return { [Outputs.RunId]: run.id, [Outputs.Status]: run.status }
}

/**
 * Every output for an outcome. `status` is set whenever the inputs were valid
 * (`not-started` when no run could be started or attached to). Every text
 * value is redacted last, after it was built and before `setOutputs` cuts it.
 */
export function outputsFor(
  outcome: Outcome<CollectResult>,
  settings: Settings,
  redact: Redact
): ActionResult {
  const result = unredactedOutputs(outcome, settings)
  for (const [name, value] of Object.entries(result)) {
    if (typeof value === 'string') result[name as OutputName] = redact(value)
  }
  return result
}

function unredactedOutputs(outcome: Outcome<CollectResult>, settings: Settings): ActionResult {
  const error = errorTextOf(outcome, settings)
  const common: ActionResult = {
    [Outputs.Status]: statusOf(outcome),
    [Outputs.Error]: error
  }
  if (outcome.kind === 'not-started') return common
  const transcript =
    'seen' in outcome ? { [Outputs.TranscriptFile]: outcome.seen.transcriptFile ?? null } : {}
  // A platform run whose id could not be learned (queued, no events route) has none to set.
  const runId = outcome.run.id || null
  if (outcome.kind !== 'ended') return { [Outputs.RunId]: runId, ...common, ...transcript }
  const { run, seen, metrics } = outcome
  return {
    [Outputs.RunId]: runId,
    ...common,
    // The run's own error: a failed collection has its own annotation.
    [Outputs.Error]: run.error,
    [Outputs.Output]: outcome.answer,
    [Outputs.OutputFile]: outcome.answerFile,
    ...transcript,
    [Outputs.ExecutionTimeMs]: run.executionTimeMs,
    [Outputs.SessionId]: run.sessionId,
    [Outputs.CheckpointId]: run.checkpointId,
    [Outputs.CostUsd]: seen.result?.costUsd ?? null,
    [Outputs.NumTurns]: seen.result?.numTurns ?? null,
    [Outputs.InputTokens]: seen.result?.usage?.inputTokens ?? null,
    [Outputs.OutputTokens]: seen.result?.usage?.outputTokens ?? null,
    [Outputs.Metrics]: metrics ? metricsJson(metrics) : null,
    ...artifactOutputValues(outcome.collected.files)
  }
}

/** The `metrics` output: the summary figures (MiB, rounded), without the points over time. */
function metricsJson(metrics: MetricsSummary): string {
  const round = (mb: number | null): number | null =>
    mb === null ? null : Math.round(mb * 10) / 10
  const { points: _points, ...summary } = metrics
  return JSON.stringify({
    ...summary,
    maxMemoryUsedMb: round(summary.maxMemoryUsedMb),
    memoryTotalMb: round(summary.memoryTotalMb)
  })
}

/** Sets every present output, each capped to {@link MAX_OUTPUT_BYTES}. */
export function setOutputs(
  result: ActionResult,
  setOutput: (name: string, value: string) => void = core.setOutput
): void {
  for (const [name, value] of Object.entries(result)) {
    if (value === undefined || value === null) continue
    setOutput(name, capUtf8(String(value), MAX_OUTPUT_BYTES))
  }
}
