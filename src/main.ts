/**
 * The action: inputs → start → follow → outputs. `run()` is the one place
 * that fails the step; everything below throws.
 */
import * as core from '@actions/core'
import { formatDuration } from './durations.js'
import { ActionError, RunFailedError, WaitTimeoutError, errorMessage } from './errors.js'
import { systemClock, type Clock } from './follow/clock.js'
import { followByPolling, type WaitEnd } from './follow/poll.js'
import { RunTracker } from './follow/tracker.js'
import { getSettings, type Settings } from './inputs.js'
import { StdoutPrinter, type Printer } from './render/printer.js'
import { Renderer } from './render/renderer.js'
import { Outputs, setOutputs, writeAnswerFile, type ActionResult } from './report/outputs.js'
import { describeStart, startRun } from './start-run.js'
import { STATE_RUN_ID } from './state.js'
import { Vm0Client } from './vm0/client.js'
import type { MetricsSummary, Run } from './vm0/types.js'

export interface Dependencies {
  printer: Printer
  clock: Clock
  /** Aborted when the workflow is cancelled (SIGINT/SIGTERM). */
  signal: AbortSignal
  createClient(settings: Settings): Vm0Client
}

function defaultDependencies(signal: AbortSignal): Dependencies {
  return {
    printer: new StdoutPrinter(),
    clock: systemClock,
    signal,
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
  const interrupt = new AbortController()
  const onSignal = (): void => interrupt.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
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

/** Starts (or attaches to) the run, follows it, and sets the outputs. */
export async function execute(settings: Settings, deps: Dependencies): Promise<void> {
  const client = deps.createClient(settings)
  const run = await core.group(settings.runId ? 'Attaching to run' : 'Starting run', async () => {
    if (settings.runId) {
      const existing = await client.getRun(settings.runId)
      core.info(
        `Attached to run ${existing.id} (status ${existing.status}); nothing new was started.`
      )
      return existing
    }
    for (const line of describeStart(settings)) core.info(line)
    const started = await startRun(client, settings)
    core.info(`Run ${started.id} started (status ${started.status})`)
    return started
  })
  setOutputs({ [Outputs.RunId]: run.id, [Outputs.Status]: run.status })
  core.saveState(STATE_RUN_ID, run.id)

  if (!settings.wait) {
    core.info(`Not waiting for run ${run.id} (wait: false); it keeps running.`)
    core.saveState(STATE_RUN_ID, '')
    return
  }

  const renderer = new Renderer(deps.printer, { level: settings.logLevel })
  const tracker = new RunTracker(renderer, () => deps.clock.now())
  tracker.setStatus(run.status)
  const started = deps.clock.now()
  let end: WaitEnd
  try {
    end = await followByPolling(
      client,
      run.id,
      tracker,
      {
        deadlineMs: started + settings.timeoutMs,
        idleTimeoutMs: settings.idleTimeoutMs,
        signal: deps.signal
      },
      deps.clock
    )
  } finally {
    renderer.finish()
  }

  if (end.kind !== 'ended') {
    await stopWaiting(client, run.id, end, settings)
    return
  }
  core.saveState(STATE_RUN_ID, '')

  const finalRun = end.run
  const metrics = await readMetrics(client, finalRun)
  const answer = tracker.result?.text ?? finalRun.output ?? ''
  const result: ActionResult = {
    [Outputs.Status]: finalRun.status,
    [Outputs.Error]: finalRun.error,
    [Outputs.Output]: answer,
    [Outputs.OutputFile]: writeAnswerFile(runnerTemp(), finalRun.id, answer),
    [Outputs.ExecutionTimeMs]: finalRun.executionTimeMs,
    [Outputs.SessionId]: finalRun.sessionId,
    [Outputs.CheckpointId]: finalRun.checkpointId,
    [Outputs.CostUsd]: tracker.result?.costUsd ?? null,
    [Outputs.NumTurns]: tracker.result?.numTurns ?? null,
    [Outputs.Metrics]: metrics ? JSON.stringify(metrics) : null
  }
  setOutputs(result)
  reportEnd(finalRun, renderer)
  if (finalRun.status !== 'completed' && settings.failOnError) {
    throw new RunFailedError(finalRun.id, finalRun.status, finalRun.error)
  }
}

function reportEnd(run: Run, renderer: Renderer): void {
  const took =
    run.executionTimeMs !== null ? ` in ${(run.executionTimeMs / 1000).toFixed(1)} s` : ''
  core.info(`Run ${run.id} ${run.status}${took}.`)
  if (run.status !== 'completed' && run.error) renderer.runError(run.error)
}

/** A wait that ended early: cancel the remote run unless the user keeps it, then fail. */
async function stopWaiting(
  client: Vm0Client,
  runId: string,
  end: Exclude<WaitEnd, { kind: 'ended' }>,
  settings: Settings
): Promise<void> {
  const why =
    end.kind === 'timeout'
      ? `The run did not end within the \`timeout\` of ${formatDuration(settings.timeoutMs)}`
      : end.kind === 'idle'
        ? `Nothing arrived from the run for the \`idle-timeout\` of ${formatDuration(settings.idleTimeoutMs)}`
        : 'The workflow was cancelled'
  const cancel = end.kind === 'aborted' || settings.cancelOnTimeout
  let status = end.run?.status ?? 'running'
  if (cancel) {
    try {
      const cancelled = await client.cancelRun(runId)
      status = cancelled.status
      core.saveState(STATE_RUN_ID, '')
      core.info(`Cancelled VM0 run ${runId}.`)
    } catch (error) {
      core.warning(`Could not cancel VM0 run ${runId}: ${errorMessage(error)}`)
    }
  } else {
    core.saveState(STATE_RUN_ID, '')
  }
  setOutputs({ [Outputs.Status]: status, [Outputs.Error]: why })
  if (end.kind === 'aborted') {
    if (settings.failOnError) throw new ActionError(`${why}; VM0 run ${runId} was cancelled.`)
    return
  }
  const fate = cancel
    ? 'the remote run was cancelled'
    : `the remote run keeps going (cancel-on-timeout: false); attach later with run-id: ${runId}`
  throw new WaitTimeoutError(`${why}; ${fate}.`)
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

function runnerTemp(): string {
  return process.env.RUNNER_TEMP || process.cwd()
}
