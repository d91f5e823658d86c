/**
 * The action as a pipeline: settings → begin (start or attach) → wait →
 * finish (metrics, output files, answer) → report → conclude. Each phase
 * returns a value; the outcome alone decides the outputs and the step's
 * result, and `conclude` is the one place that sets them.
 */
import * as core from '@actions/core'
import type { CollectApi, CollectOptions } from './artifacts/collect.js'
import type { CollectResult } from './artifacts/types.js'
import { systemClock, timeLimit, type Clock } from './base/clock.js'
import { errorMessage, errorStack } from './base/errors.js'
import { followRun, type RunStreamer } from './follow/follower.js'
import { githubContextVariables, mergeVariables, readEventPayload } from './github/context.js'
import type { Printer } from './render/printer.js'
import { StdoutPrinter } from './render/printer.js'
import { outputsFor, runExistsOutputs, setOutputs } from './report/outputs.js'
import { beginRun, type RunBeginner } from './run/begin.js'
import { tempFolder, writeAnswerFile } from './run/folder.js'
import { TranscriptFile } from './run/transcript.js'
import {
  explained,
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
import { createRedactor, isRedactable, type Redact } from './text/secrets.js'
import { formatSeconds } from './text/durations.js'
import { Vm0Client } from './vm0/client.js'
import { Patience } from './vm0/patience.js'
import type { MetricsSummary, Run } from './vm0/types.js'

/** Every VM0 call the action makes (a `Vm0Client` has them all). */
export interface ActionClient extends RunBeginner, RunStreamer, CollectApi {
  getMetrics(runId: string, opts?: { signal?: AbortSignal }): Promise<MetricsSummary>
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
  /** The client; `patience` is armed once the run exists (retry until the deadline then). */
  createClient(settings: Settings, patience: Patience): ActionClient
  follow: Follow
  collect: Collect
}

function defaultDependencies(signal: AbortSignal): Dependencies {
  return {
    printer: new StdoutPrinter(),
    clock: systemClock,
    signal,
    env: process.env,
    createClient: (settings, patience) =>
      new Vm0Client({
        baseUrl: settings.apiUrl,
        token: settings.token,
        onRetry: core.info,
        patience
      }),
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
    warnUnprotectedSecrets(settings)
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
  const redact = redactorFor(settings)
  setOutputs(outputsFor(outcome, settings, redact))
  for (const line of extraErrorsFor(outcome, settings)) core.error(redact(line))
  const failure = failureFor(outcome, settings)
  if (failure) core.setFailed(redact(errorMessage(failure)))
}

/** One warning naming the `secrets` too short to redact (their names only, never values). */
function warnUnprotectedSecrets(settings: Settings): void {
  const names = Object.entries(settings.secrets)
    .filter(([, value]) => value.trim() !== '' && !isRedactable(value))
    .map(([name]) => name)
  if (names.length === 0) return
  core.warning(
    `The \`secrets\` value${names.length === 1 ? '' : 's'} of ${names.join(', ')} ` +
      `${names.length === 1 ? 'is' : 'are'} shorter than 4 characters and cannot be protected: ` +
      'they are not redacted from the summary, the PR comment, the outputs or the output file ' +
      '(hiding every such string would garble all text). Use longer secret values.'
  )
}

/** Begins the run, follows it, collects its files and reports; returns how it all ended. */
async function execute(settings: Settings, deps: Dependencies): Promise<Outcome<CollectResult>> {
  const patience = new Patience({ now: () => deps.clock.now(), log: line => core.info(line) })
  const client = deps.createClient(settings, patience)
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
  // The run exists: from now on a VM0 that cannot be reached is waited out, never a failure.
  patience.arm(deadlineMs)
  const agent = settings.agent ?? settings.agentId ?? run.agentName ?? run.agentId ?? 'agent'
  // Loaded once the run exists: the summary, comment and charts stay out of the cold start.
  const { RunReport } = await import('./report/run-report.js')
  const report = new RunReport(settings, redactorFor(settings), payload, agent, deps.env)
  await report.started(run, deps.signal)
  let outcome: Exclude<Outcome<CollectResult>, { kind: 'not-started' }>
  if (!settings.wait) {
    core.info(`Not waiting for run ${run.id} (wait: false); it keeps running.`)
    outcome = { kind: 'handed-off', run }
  } else {
    const transcript = TranscriptFile.create(
      tempFolder(deps.env, core.debug),
      run.id,
      redactorFor(settings),
      core.warning
    )
    const waited = await waitForRun(client, remote, run, {
      ...deps,
      transcript,
      deadlineMs,
      idleTimeoutMs: settings.idleTimeoutMs,
      logLevel: settings.logLevel,
      settings,
      patience
    })
    transcript?.close()
    outcome =
      waited.kind === 'run-ended'
        ? await finish(client, waited, settings, { ...deps, deadlineMs })
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
  deps: Dependencies & { deadlineMs: number }
): Promise<Ended<CollectResult>> {
  const runnerTemp = tempFolder(deps.env, core.debug)
  const metrics = await readMetrics(client, run, deps)
  const collected: Collected<CollectResult> = settings.artifactName
    ? await deps.collect({
        client,
        runId: run.id,
        runStatus: run.status,
        runArtifactVersion: run.artifactVersion,
        settings,
        runnerTemp,
        signal: deps.signal,
        // `timeout` bounds the download too.
        deadlineMs: deps.deadlineMs,
        clock: deps.clock
      })
    : { files: null, error: null }
  // Secrets the agent echoed stay out of outputs, as they do out of the log.
  const answer = redactorFor(settings)(followed.result?.text ?? run.output ?? '')
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
        `: ${redactorFor(settings)(explained(run.error, followed.troubleLine) ?? 'no error text')}` +
        ' (fail-on-error: false, so the step passes).'
    )
  }
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

/** Longest the metrics read may take, within what is left of `timeout`. */
const METRICS_READ_MS = 15_000

/** The run's metrics, read within `timeout` and ended by a cancellation; null when not to be had. */
async function readMetrics(
  client: ActionClient,
  run: Run,
  deps: Pick<Dependencies, 'clock' | 'signal'> & { deadlineMs: number }
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
    const metrics = await client.getMetrics(run.id, { signal: limit.signal })
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
