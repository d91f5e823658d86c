/**
 * The action: inputs → start (or attach) → follow → collect → outputs and
 * report. `run()` is the one place that fails the step; everything below
 * throws.
 */
import * as core from '@actions/core'
import { collectOutputsSettled, artifactOutputs, type CollectResult } from './artifacts/collect.js'
import { formatDuration } from './text/durations.js'
import {
  ActionError,
  RunFailedError,
  Vm0ApiError,
  WaitTimeoutError,
  errorMessage
} from './base/errors.js'
import { systemClock, type Clock } from './base/clock.js'
import { FollowError, followRun, type Followed, type WaitEnd } from './follow/follower.js'
import { githubContextVariables, mergeVariables, readEventPayload } from './github/context.js'
import { getSettings, type Settings } from './settings/inputs.js'
import { StdoutPrinter, type Printer } from './render/printer.js'
import { Outputs, setOutputs, writeAnswerFile } from './report/outputs.js'
import { RunReport, type RunOutcome } from './report/run-report.js'
import { createRedactor } from './text/secrets.js'
import { describeStart, startRun, type StartRequest } from './run/start.js'
import { STATE_RUN_ID } from './run/state.js'
import { Vm0Client } from './vm0/client.js'
import type { MetricsSummary, Run } from './vm0/types.js'

/**
 * Longest a cancel may take. The runner sends SIGTERM 7.5 s after SIGINT;
 * past this, the post step (which still has the run id) tries again.
 */
const CANCEL_TIMEOUT_MS = 5000

export interface Dependencies {
  printer: Printer
  clock: Clock
  /** Aborted when the workflow is cancelled (SIGINT/SIGTERM). */
  signal: AbortSignal
  createClient(settings: Settings): Vm0Client
  env: NodeJS.ProcessEnv
}

function defaultDependencies(signal: AbortSignal): Dependencies {
  return {
    printer: new StdoutPrinter(),
    clock: systemClock,
    signal,
    env: process.env,
    createClient: settings =>
      new Vm0Client({
        baseUrl: settings.apiUrl,
        token: settings.token,
        onRetry: line => core.info(line)
      })
  }
}

/** Entry point: runs the action and fails the step on any error. */
export async function run(deps?: Partial<Dependencies>): Promise<void> {
  // The runner sends SIGINT on cancellation, then SIGTERM: both end the wait
  // so the remote run is cancelled and the process exits by itself.
  const interrupt = new AbortController()
  // Kept for every signal (not `once`): a second one (SIGTERM after SIGINT)
  // must not kill the process in the middle of the cancel.
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!interrupt.signal.aborted) core.info(`Received ${signal}: the workflow was cancelled.`)
    interrupt.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const settings = getSettings()
    await execute(settings, { ...defaultDependencies(interrupt.signal), ...deps })
  } catch (error) {
    core.setFailed(errorMessage(error))
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** Starts (or attaches to) the run, follows it, collects its files, and reports. */
export async function execute(settings: Settings, deps: Dependencies): Promise<void> {
  const client = deps.createClient(settings)
  const payload = readEventPayload(deps.env)
  const redact = createRedactor([
    settings.token,
    settings.githubToken ?? '',
    ...Object.values(settings.secrets)
  ])

  // `timeout` bounds the whole wait: a wait for a free run slot counts too.
  const deadlineMs = deps.clock.now() + settings.timeoutMs
  const run = await startOrAttach(
    client,
    startRequest(settings, deps.env, payload),
    settings,
    deps.signal,
    deps.clock
  )

  const agent = settings.agent ?? settings.agentId ?? run.agentName ?? run.agentId ?? 'agent'
  const report = new RunReport(settings, redact, payload, agent, deps.env)
  await report.started(run)

  const outcome: RunOutcome = {
    run,
    status: run.status,
    error: null,
    result: null,
    metrics: null,
    files: null,
    logTail: [],
    note: null
  }
  try {
    if (!settings.wait) {
      outcome.note = `Not waited for (wait: false): attach later with run-id ${run.id}.`
      core.info(`Not waiting for run ${run.id} (wait: false); it keeps running.`)
      return
    }
    await followToEnd(client, run, settings, deps, outcome, deadlineMs, redact)
  } finally {
    await report.finished(outcome, agent)
  }
}

/** The create request, with the workflow's context merged in when asked for. */
function startRequest(settings: Settings, env: NodeJS.ProcessEnv, payload: unknown): StartRequest {
  if (!settings.githubContext) return settings
  const context = githubContextVariables(env, payload)
  return { ...settings, variables: mergeVariables(context, settings.variables) }
}

/**
 * Attaches to `run-id`, or starts the run (waiting for a free slot, never
 * twice). Sets `run-id` and `status` the moment the run exists, and saves
 * the id for the post step when the run is to be followed; a run that comes
 * into being after the workflow was cancelled is cancelled at once.
 */
async function startOrAttach(
  client: Vm0Client,
  request: StartRequest,
  settings: Settings,
  signal: AbortSignal,
  clock: Clock
): Promise<Run> {
  if (settings.runId) {
    const runId = settings.runId
    return core.group('Attaching to run', async () => {
      const existing = await client.getRun(runId)
      core.info(
        `Attached to run ${existing.id} (status ${existing.status}); nothing new was started.`
      )
      setOutputs({ [Outputs.RunId]: existing.id, [Outputs.Status]: existing.status })
      if (settings.wait) core.saveState(STATE_RUN_ID, existing.id)
      return existing
    })
  }
  const started = await core.group('Starting run', async () => {
    for (const line of describeStart(request)) core.info(line)
    let run: Run
    try {
      run = await startRun(client, request, {
        timeoutMs: settings.timeoutMs,
        signal,
        clock,
        log: line => core.info(line)
      })
    } catch (error) {
      setOutputs({
        [Outputs.Status]: signal?.aborted ? 'cancelled' : 'not-started',
        [Outputs.Error]: errorMessage(error)
      })
      throw error
    }
    setOutputs({ [Outputs.RunId]: run.id, [Outputs.Status]: run.status })
    // A run handed off on purpose (wait: false) is never the post step's to cancel.
    if (settings.wait) core.saveState(STATE_RUN_ID, run.id)
    core.info(`Run ${run.id} started (status ${run.status})`)
    return run
  })
  if (!signal?.aborted) return started
  const result = await cancelRemoteRun(client, started.id)
  if (result.run) setOutputs({ [Outputs.Status]: result.run.status })
  const fate = result.stopped
    ? `VM0 run ${started.id} was cancelled`
    : `cancelling VM0 run ${started.id} failed; the post step tries again`
  throw new ActionError(`The workflow was cancelled while the run was starting; ${fate}.`)
}

/** Follows the run until it ends (or a limit ends the wait), then sets every output. */
async function followToEnd(
  client: Vm0Client,
  run: Run,
  settings: Settings,
  deps: Dependencies,
  outcome: RunOutcome,
  deadlineMs: number,
  redact: (text: string) => string
): Promise<void> {
  let followed: Followed
  try {
    followed = await followRun(client, run, {
      deadlineMs,
      idleTimeoutMs: settings.idleTimeoutMs,
      signal: deps.signal,
      clock: deps.clock,
      printer: deps.printer,
      logLevel: settings.logLevel,
      log: { info: line => core.info(line), debug: line => core.debug(line) }
    })
  } catch (error) {
    // Following failed (e.g. the token was revoked mid-run): never leave the run
    // running until the post step, and let the summary and comment say why.
    if (error instanceof FollowError) {
      outcome.logTail = error.seen.logTail
      outcome.result = error.seen.result
    }
    outcome.error = errorMessage(error)
    const result = await cancelRemoteRun(client, run.id)
    if (result.run) outcome.status = result.run.status
    throw error
  }
  outcome.logTail = followed.logTail
  outcome.result = followed.result
  const { end, renderer } = followed

  if (end.kind !== 'ended') {
    if (end.run) outcome.run = end.run
    // The last status seen (from the stream or a poll), not the one at the start.
    outcome.status = end.run?.status ?? followed.lastStatus ?? outcome.status
    await stopWaiting(client, run.id, end, settings, outcome)
    return
  }
  core.saveState(STATE_RUN_ID, '')

  const finalRun = end.run
  outcome.run = finalRun
  outcome.status = finalRun.status
  outcome.error = finalRun.error
  outcome.metrics = await readMetrics(client, finalRun)
  const collected = settings.artifactName
    ? await collectOutputsSettled({
        client,
        runId: finalRun.id,
        runStatus: finalRun.status,
        runArtifactVersion: finalRun.artifactVersion,
        settings,
        runnerTemp: runnerTemp(deps.env),
        signal: deps.signal
      })
    : { result: null, error: null }
  outcome.files = collected.result

  const answer = followed.result?.text ?? finalRun.output ?? ''
  setOutputs({
    [Outputs.Status]: finalRun.status,
    // Secrets the agent echoed stay out of outputs, as they do out of the log.
    [Outputs.Error]: finalRun.error === null ? null : redact(finalRun.error),
    [Outputs.Output]: redact(answer),
    [Outputs.OutputFile]: writeAnswerFile(runnerTemp(deps.env), finalRun.id, redact(answer)),
    [Outputs.ExecutionTimeMs]: finalRun.executionTimeMs,
    [Outputs.SessionId]: finalRun.sessionId,
    [Outputs.CheckpointId]: finalRun.checkpointId,
    [Outputs.CostUsd]: followed.result?.costUsd ?? null,
    [Outputs.NumTurns]: followed.result?.numTurns ?? null,
    [Outputs.Metrics]: outcome.metrics ? JSON.stringify(outcome.metrics) : null,
    ...artifactOutputs(collected.result)
  })
  reportEnd(finalRun, renderer, collected.result)
  const runFailed = finalRun.status !== 'completed' && settings.failOnError
  if (collected.error !== null) {
    outcome.error = [outcome.error, errorMessage(collected.error)].filter(Boolean).join('\n')
    // When the run failed too, that is the step's failure; the collection's is an annotation.
    if (!runFailed) {
      throw collected.error instanceof Error
        ? collected.error
        : new ActionError(errorMessage(collected.error))
    }
    core.error(`Collecting the output files failed too: ${errorMessage(collected.error)}`)
  }
  if (runFailed) throw new RunFailedError(finalRun.id, finalRun.status, finalRun.error)
}

function reportEnd(run: Run, renderer: Followed['renderer'], files: CollectResult | null): void {
  const took =
    run.executionTimeMs !== null ? ` in ${(run.executionTimeMs / 1000).toFixed(1)} s` : ''
  const collected = files?.artifactsPath
    ? `; ${files.files.length} output file(s) in ${files.artifactsPath}`
    : ''
  core.info(`Run ${run.id} ${run.status}${took}${collected}.`)
  if (run.status !== 'completed' && run.error) renderer.runError(run.error)
}

/** A wait that ended early: cancel the remote run unless the user keeps it, then fail. */
async function stopWaiting(
  client: Vm0Client,
  runId: string,
  end: Exclude<WaitEnd, { kind: 'ended' }>,
  settings: Settings,
  outcome: RunOutcome
): Promise<void> {
  const why =
    end.kind === 'timeout'
      ? `The run did not end within the \`timeout\` of ${formatDuration(settings.timeoutMs)}`
      : end.kind === 'idle'
        ? `Nothing arrived from the run for the \`idle-timeout\` of ${formatDuration(settings.idleTimeoutMs)}`
        : 'The workflow was cancelled'
  const cancel = end.kind === 'aborted' || settings.cancelOnTimeout
  let fate: string
  if (cancel) {
    const result = await cancelRemoteRun(client, runId)
    if (result.run) {
      outcome.run = result.run
      outcome.status = result.run.status
    }
    fate = result.stopped
      ? `VM0 run ${runId} was cancelled`
      : `cancelling VM0 run ${runId} failed; the post step tries again`
  } else {
    core.saveState(STATE_RUN_ID, '')
    fate = `VM0 run ${runId} keeps going (cancel-on-timeout: false); attach later with run-id: ${runId}`
  }
  outcome.error = why
  setOutputs({ [Outputs.Status]: outcome.status, [Outputs.Error]: why })
  if (end.kind === 'aborted') {
    if (settings.failOnError) throw new ActionError(`${why}; ${fate}.`)
    return
  }
  throw new WaitTimeoutError(`${why}; ${fate}.`)
}

/** What came of cancelling a run. */
interface CancelResult {
  /** The run as the service answered, when it did. */
  run: Run | null
  /** True when the run is no longer active: cancelled now, or it had already ended. */
  stopped: boolean
}

/**
 * Cancels the run, bounded in time. A run that had already ended (the service
 * answers `invalid_state`) counts as stopped. Once stopped, the post step has
 * nothing left to do; otherwise the run id stays saved so it tries again.
 */
async function cancelRemoteRun(client: Vm0Client, runId: string): Promise<CancelResult> {
  try {
    const run = await client.cancelRun(runId, { signal: AbortSignal.timeout(CANCEL_TIMEOUT_MS) })
    core.saveState(STATE_RUN_ID, '')
    core.info(`Cancelled VM0 run ${runId}.`)
    return { run, stopped: true }
  } catch (error) {
    if (error instanceof Vm0ApiError && error.body.code === 'invalid_state') {
      core.saveState(STATE_RUN_ID, '')
      const run = await client.getRun(runId).catch(() => null)
      core.info(`VM0 run ${runId} had already ended (${run?.status ?? 'unknown'}).`)
      return { run, stopped: true }
    }
    core.warning(
      `Could not cancel VM0 run ${runId}: ${errorMessage(error)}. The post step will try again.`
    )
    return { run: null, stopped: false }
  }
}

async function readMetrics(client: Vm0Client, run: Run): Promise<MetricsSummary | null> {
  try {
    const metrics = await client.getMetrics(run.id)
    // The documented metrics shape has no duration; the run detail always does.
    return { ...metrics, totalDurationMs: metrics.totalDurationMs ?? run.executionTimeMs }
  } catch (error) {
    core.info(`Run metrics are not available: ${errorMessage(error)}`)
    return null
  }
}

function runnerTemp(env: NodeJS.ProcessEnv): string {
  return env.RUNNER_TEMP || process.cwd()
}
