/**
 * The first phase: attach to `run-id`, or start the run (waiting for a free
 * slot, never twice). Ends with a run this step is responsible for, or with
 * an outcome when there is none to follow.
 */
import * as core from '@actions/core'
import type { Clock } from '../base/clock.js'
import { ActionError } from '../base/errors.js'
import type { Settings } from '../settings/settings.js'
import type { Run } from '../vm0/types.js'
import type { CancelledWhileStarting, NotStarted } from './outcome.js'
import { RemoteRun, type RunCanceller, type SaveState } from './remote-run.js'
import {
  agentVersionWarning,
  describeStart,
  startRun,
  type RunStarter,
  type StartRequest
} from './start.js'

/** The calls beginning needs from the VM0 client. */
export interface RunBeginner extends RunStarter, RunCanceller {}

export interface BeginOptions {
  settings: Settings
  /** The create request (the start inputs, with the workflow's context merged in). */
  request: StartRequest
  signal: AbortSignal
  clock: Clock
  /** Told the moment the run exists (before anything else can go wrong). */
  onRun: (run: Run) => void
  saveState?: SaveState
}

/** A run that exists, held for the post step when it is to be followed. */
export interface Begun {
  kind: 'begun'
  run: Run
  remote: RemoteRun
}

export async function beginRun(
  client: RunBeginner,
  options: BeginOptions
): Promise<Begun | NotStarted | CancelledWhileStarting> {
  const { settings, signal } = options
  let run: Run
  try {
    run = settings.runId
      ? await attach(client, settings.runId)
      : await start(client, options.request, options)
  } catch (error) {
    return { kind: 'not-started', error, cancelled: signal.aborted }
  }
  options.onRun(run)
  const remote = new RemoteRun(run.id, client, options.saveState)
  // A run handed off on purpose (wait: false) is never the post step's to cancel.
  if (settings.wait) remote.hold()
  // Said once the run id is saved for the post step: a kill after this line leaves nothing behind.
  if (!settings.runId) core.info(`Run ${run.id} started (status ${run.status})`)
  if (settings.runId || !signal.aborted) return { kind: 'begun', run, remote }
  // The workflow was cancelled while the create was in flight: the run it made goes too.
  const cancel = await remote.cancel()
  return { kind: 'cancelled-while-starting', run, cancel, fate: remote.fate(cancel) }
}

async function attach(client: RunBeginner, runId: string): Promise<Run> {
  return core.group('Attaching to run', async () => {
    const existing = await client.getRun(runId)
    // Following (and later cancelling) a run nobody asked for would act on someone else's
    // work; the id it gave is not printed, since the answer is not to be trusted.
    if (existing.id !== runId) {
      throw new ActionError(
        `Asked for run ${runId} (\`run-id\`), the service answered with a different run; ` +
          'nothing is followed. Check that `api-url` points at the VM0 API.'
      )
    }
    core.info(
      `Attached to run ${existing.id} (status ${existing.status}); nothing new was started.`
    )
    return existing
  })
}

async function start(
  client: RunBeginner,
  request: StartRequest,
  options: BeginOptions
): Promise<Run> {
  await core.group('Starting run', async () => {
    for (const line of describeStart(request)) core.info(line)
    if (request.agentVersion) core.warning(agentVersionWarning(request.agentVersion))
  })
  // Outside the group: a wait for a free run slot must be seen without opening it.
  const run = await startRun(client, request, {
    timeoutMs: options.settings.timeoutMs,
    signal: options.signal,
    clock: options.clock,
    log: line => core.info(line)
  })
  return run
}
