/**
 * The action as a pipeline: settings → begin (start or attach) → wait →
 * finish (metrics, output files, answer) → report → conclude. Each phase
 * returns a value; the outcome alone decides the outputs and the step's
 * result, and `conclude` is the one place that sets them.
 */
import * as core from '@actions/core'
import type { CollectApi, CollectOptions } from './artifacts/collect.js'
import type { CollectResult } from './artifacts/types.js'
import { systemClock, type Clock } from './base/clock.js'
import { errorMessage, errorStack } from './base/errors.js'
import { followRun, type RunStreamer } from './follow/follower.js'
import { githubContextVariables, mergeVariables, readEventPayload } from './github/context.js'
import type { Printer } from './render/printer.js'
import { StdoutPrinter } from './render/printer.js'
import { outputsFor, runExistsOutputs, setOutputs } from './report/outputs.js'
import { RunReport } from './report/run-report.js'
import { beginRun, type RunBeginner } from './run/begin.js'
import { writeAnswerFile } from './run/folder.js'
import {
  extraErrorsFor,
  failureFor,
  type Collected,
  type Ended,
  type Outcome
} from './run/outcome.js'
import type { StartRequest } from './run/start.js'
import { waitForRun, type Follow, type RunEnded } from './run/wait.js'
import { getSettings } from './settings/inputs.js'
import type { Settings } from './settings/settings.js'
import { createRedactor, type Redact } from './text/secrets.js'
import { formatSeconds } from './text/durations.js'
import { Vm0Client } from './vm0/client.js'
import type { MetricsSummary, Run } from './vm0/types.js'

/** Every VM0 call the action makes (a `Vm0Client` has them all). */
export interface ActionClient extends RunBeginner, RunStreamer, CollectApi {
  getMetrics(runId: string): Promise<MetricsSummary>
}

/** Collects a run's output files; never throws (a failure is in `error`). */
type Collect = (options: CollectOptions) => Promise<Collected<CollectResult>>

/** The side effects of the pipeline; tests pass fakes. */
export interface Dependencies {
  printer: Printer
  clock: Clock
  /** Aborted when the workflow is cancelled (SIGINT/SIGTERM). */
  signal: AbortSignal
  env: NodeJS.ProcessEnv
  createClient(settings: Settings): ActionClient
  follow: Follow
  collect: Collect
}

function defaultDependencies(signal: AbortSignal): Dependencies {
  return {
    printer: new StdoutPrinter(),
    clock: systemClock,
    signal,
    env: process.env,
    createClient: settings =>
      new Vm0Client({ baseUrl: settings.apiUrl, token: settings.token, onRetry: core.info }),
    follow: followRun,
    collect: async options => {
      // Loaded when a step collects files: node-tar and the upload stay out of the cold start.
      const { collectOutputsSettled } = await import('./artifacts/collect.js')
      const { result, error } = await collectOutputsSettled(options)
      return { files: result, error }
    }
  }
}

/** Entry point: runs the action and fails the step on any error. */
export async function run(deps?: Partial<Dependencies>): Promise<void> {
  // The runner sends SIGINT on cancellation, then SIGTERM: both end the wait
  // so the remote run is cancelled and the process exits by itself. Kept for
  // every signal (not `once`): a second one must not kill the cancel.
  const interrupt = new AbortController()
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!interrupt.signal.aborted) core.info(`Received ${signal}: the workflow was cancelled.`)
    interrupt.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const settings = getSettings()
    conclude(
      await execute(settings, { ...defaultDependencies(interrupt.signal), ...deps }),
      settings
    )
  } catch (error) {
    const stack = errorStack(error)
    if (stack) core.debug(stack)
    core.setFailed(errorMessage(error))
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** The one place that sets the outputs and fails the step. */
function conclude(outcome: Outcome<CollectResult>, settings: Settings): void {
  setOutputs(outputsFor(outcome, settings, redactorFor(settings)))
  for (const line of extraErrorsFor(outcome, settings)) core.error(line)
  const failure = failureFor(outcome, settings)
  if (failure) core.setFailed(errorMessage(failure))
}

/** Begins the run, follows it, collects its files and reports; returns how it all ended. */
async function execute(settings: Settings, deps: Dependencies): Promise<Outcome<CollectResult>> {
  const client = deps.createClient(settings)
  const payload = readEventPayload(deps.env)
  // `timeout` bounds the whole wait: a wait for a free run slot counts too.
  const deadlineMs = deps.clock.now() + settings.timeoutMs
  const begun = await beginRun(client, {
    settings,
    request: startRequest(settings, deps.env, payload),
    signal: deps.signal,
    clock: deps.clock,
    onRun: run => setOutputs(runExistsOutputs(run))
  })
  if (begun.kind !== 'begun') return begun

  const { run, remote } = begun
  const agent = settings.agent ?? settings.agentId ?? run.agentName ?? run.agentId ?? 'agent'
  const report = new RunReport(settings, redactorFor(settings), payload, agent, deps.env)
  await report.started(run)
  let outcome: Exclude<Outcome<CollectResult>, { kind: 'not-started' }>
  if (!settings.wait) {
    core.info(`Not waiting for run ${run.id} (wait: false); it keeps running.`)
    outcome = { kind: 'handed-off', run }
  } else {
    const waited = await waitForRun(client, remote, run, {
      ...deps,
      deadlineMs,
      idleTimeoutMs: settings.idleTimeoutMs,
      logLevel: settings.logLevel,
      settings
    })
    outcome =
      waited.kind === 'run-ended'
        ? await finish(client, waited, settings, deps, deadlineMs)
        : waited
  }
  await report.finished(outcome)
  return outcome
}

/** The run ended: read its metrics, collect its files, keep its answer. */
async function finish(
  client: ActionClient,
  { run, followed }: RunEnded,
  settings: Settings,
  deps: Dependencies,
  deadlineMs: number
): Promise<Ended<CollectResult>> {
  const runnerTemp = deps.env.RUNNER_TEMP || process.cwd()
  const metrics = await readMetrics(client, run)
  const collected: Collected<CollectResult> = settings.artifactName
    ? await deps.collect({
        client,
        runId: run.id,
        runStatus: run.status,
        runArtifactVersion: run.artifactVersion,
        settings,
        runnerTemp,
        signal: deps.signal,
        // `timeout` bounds the download too; collect counts in wall-clock time.
        deadlineMs: Date.now() + (deadlineMs - deps.clock.now())
      })
    : { files: null, error: null }
  // Secrets the agent echoed stay out of outputs, as they do out of the log.
  const answer = redactorFor(settings)(followed.result?.text ?? run.output ?? '')
  const answerFile = writeAnswerFile(runnerTemp, run.id, answer)
  const took = run.executionTimeMs !== null ? ` in ${formatSeconds(run.executionTimeMs)}` : ''
  const files = collected.files?.artifactsPath
    ? `; ${collected.files.files.length} output file(s) in ${collected.files.artifactsPath}`
    : ''
  core.info(`Run ${run.id} ${run.status}${took}${files}.`)
  if (run.status !== 'completed' && run.error) followed.renderer.runError(run.error)
  return { kind: 'ended', run, seen: followed, metrics, collected, answer, answerFile }
}

/** The create request, with the workflow's context merged in when asked for. */
function startRequest(settings: Settings, env: NodeJS.ProcessEnv, payload: unknown): StartRequest {
  if (!settings.githubContext) return settings
  const context = githubContextVariables(env, payload)
  return { ...settings, variables: mergeVariables(context, settings.variables) }
}

/** One redactor for every channel, from the secrets the inputs hold. */
function redactorFor(settings: Settings): Redact {
  return createRedactor([
    settings.token,
    settings.githubToken ?? '',
    ...Object.values(settings.secrets)
  ])
}

async function readMetrics(client: ActionClient, run: Run): Promise<MetricsSummary | null> {
  try {
    const metrics = await client.getMetrics(run.id)
    // The documented metrics shape has no duration; the run detail always does.
    return { ...metrics, totalDurationMs: metrics.totalDurationMs ?? run.executionTimeMs }
  } catch (error) {
    core.info(`Run metrics are not available: ${errorMessage(error)}`)
    return null
  }
}
