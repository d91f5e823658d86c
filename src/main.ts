/**
 * The action as a pipeline: settings → begin (start or attach) → wait →
 * finish (metrics, output files, answer) → report → conclude. Each phase
 * returns a value; the outcome alone decides the outputs and the step's
 * result, and `conclude` is the one place that sets them.
 */
import * as core from '@actions/core'
import type { CollectResult } from './artifacts/types.js'
import type { Backend } from './backend/backend.js'
import { followPlatformRun } from './follow/platform.js'
import {
  platformBackend,
  type CollectPublished,
  type FollowPlatform,
  type PlatformActionClient
} from './backend/platform.js'
import { v1Backend, type ActionClient, type Collect } from './backend/v1.js'
import { systemClock, type Clock } from './base/clock.js'
import { errorMessage, errorStack } from './base/errors.js'
import { followRun } from './follow/follower.js'
import { checkActor, githubPermissionReader, type ReadPermission } from './github/actor.js'
import { readEventPayload } from './github/context.js'
import { PlatformClient } from './platform/client.js'
import type { Printer } from './render/printer.js'
import { StdoutPrinter } from './render/printer.js'
import { Outputs, outputsFor, runExistsOutputs, setOutputs } from './report/outputs.js'
import { finishRun } from './run/finish.js'
import { tempFolder } from './run/folder.js'
import { TranscriptFile } from './run/transcript.js'
import { extraErrorsFor, failureFor, type Outcome } from './run/outcome.js'
import { waitForRun, type Follow } from './run/wait.js'
import { getSettings } from './settings/inputs.js'
import type { Settings } from './settings/settings.js'
import { createRedactor, isRedactable, type Redact } from './text/secrets.js'
import { Vm0Client } from './vm0/client.js'
import { Patience } from './vm0/patience.js'

export type { ActionClient, PlatformActionClient }

/** The side effects of the pipeline; tests pass fakes. */
export interface Dependencies {
  printer: Printer
  clock: Clock
  /** Aborted when the workflow is cancelled (SIGINT/SIGTERM). */
  signal: AbortSignal
  env: NodeJS.ProcessEnv
  /** The /v1 client; `patience` is armed once the run exists (retry until the deadline then). */
  createClient(settings: Settings, patience: Patience): ActionClient
  /** The platform client, likewise. */
  createPlatformClient(settings: Settings, patience: Patience): PlatformActionClient
  follow: Follow
  followPlatform: FollowPlatform
  collect: Collect
  collectPublished: CollectPublished
  /** Reads a user's permission on the repository with `github-token` (the actor check). */
  permissionReader(token: string, env: NodeJS.ProcessEnv, signal: AbortSignal): ReadPermission
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
    createPlatformClient: (settings, patience) =>
      new PlatformClient({
        baseUrl: settings.apiUrl,
        token: settings.token,
        onRetry: core.info,
        onRouteMissing: core.info,
        patience
      }),
    follow: followRun,
    followPlatform: followPlatformRun,
    collect: async options => {
      // Loaded when a step collects files: node-tar and the upload stay out of the cold start.
      const { collectOutputsSettled } = await import('./artifacts/collect.js')
      const { result, error } = await collectOutputsSettled(options)
      return { files: result, error }
    },
    collectPublished: async options => {
      const { collectPublishedSettled } = await import('./artifacts/published.js')
      const { result, error } = await collectPublishedSettled(options)
      return { files: result, error }
    },
    permissionReader: githubPermissionReader
  }
}

/** The backend `settings.api` names, over its client. */
function backendFor(settings: Settings, deps: Dependencies, patience: Patience): Backend {
  return settings.api === 'platform'
    ? platformBackend(deps.createPlatformClient(settings, patience), deps)
    : v1Backend(deps.createClient(settings, patience), deps)
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
    const redact = redactorFor(settings)
    const all = { ...defaultDependencies(interrupt.signal), ...deps }
    const payload = readEventPayload(all.env)
    // Before anything reaches VM0: an outsider's comment must not start a paid run.
    const refusal = await actorRefusal(settings, payload, all)
    if (refusal !== null) concludeRefused(refusal, settings, redact)
    else conclude(await execute(settings, redact, payload, all), settings, redact)
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
function conclude(outcome: Outcome<CollectResult>, settings: Settings, redact: Redact): void {
  setOutputs(outputsFor(outcome, settings, redact))
  for (const line of extraErrorsFor(outcome, settings)) core.error(redact(line))
  const failure = failureFor(outcome, settings)
  if (failure) core.setFailed(redact(errorMessage(failure)))
}

/**
 * The refusal when the person behind the event may not start a run
 * (github/actor.ts), else null after one line saying why they may.
 */
async function actorRefusal(
  settings: Settings,
  payload: Record<string, unknown>,
  deps: Dependencies
): Promise<string | null> {
  const token = settings.githubToken
  const check = await checkActor({
    env: deps.env,
    payload,
    allowedActors: settings.allowedActors,
    readPermission: token === null ? null : deps.permissionReader(token, deps.env, deps.signal)
  })
  switch (check.kind) {
    case 'not-checked':
      core.debug(`Not checking who started the run: ${check.why}.`)
      return null
    case 'allowed':
      core.info(`${check.actor} may start a run: ${check.why}.`)
      return null
    case 'refused':
      return check.message
  }
}

/**
 * A refused actor: no run, `status: skipped`, and the step fails unless
 * `fail-on-error: false`, which turns the failure into a notice. Set here,
 * beside {@link conclude}: no outcome exists, since nothing was sent to VM0.
 */
function concludeRefused(message: string, settings: Settings, redact: Redact): void {
  setOutputs({ [Outputs.Status]: SKIPPED, [Outputs.Error]: redact(message) })
  if (settings.failOnError) core.setFailed(redact(message))
  else core.notice(`${redact(message)} (fail-on-error: false, so the step passes.)`)
}

/** The `status` output when the actor was refused and no run started. */
const SKIPPED = 'skipped'

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
async function execute(
  settings: Settings,
  redact: Redact,
  payload: Record<string, unknown>,
  deps: Dependencies
): Promise<Outcome<CollectResult>> {
  const patience = new Patience({ now: () => deps.clock.now(), log: line => core.info(line) })
  const backend = backendFor(settings, deps, patience)
  // `timeout` bounds the whole wait: a wait for a free run slot counts too.
  const deadlineMs = deps.clock.now() + settings.timeoutMs
  const begun = await backend.begin({
    settings,
    env: deps.env,
    payload,
    signal: deps.signal,
    clock: deps.clock,
    deadlineMs,
    onRun: run => setOutputs(runExistsOutputs(run)),
    onThread: id => setOutputs({ [Outputs.ThreadId]: id })
  })
  if (begun.kind !== 'begun') return begun

  const { run, remote } = begun
  // The run exists: from now on a VM0 that cannot be reached is waited out, never a failure.
  patience.arm(deadlineMs)
  const agent = settings.agent ?? settings.agentId ?? run.agentName ?? run.agentId ?? 'agent'
  const runnerTemp = tempFolder(deps.env, core.debug)
  // Loaded once the run exists: the summary, comment and charts stay out of the cold start.
  const { RunReport } = await import('./report/run-report.js')
  const report = new RunReport(settings, redact, payload, agent, deps.env)
  await report.started(run, deps.signal)
  let outcome: Exclude<Outcome<CollectResult>, { kind: 'not-started' }>
  if (!settings.wait) {
    core.info(`Not waiting for run ${run.id} (wait: false); it keeps running.`)
    outcome = { kind: 'handed-off', run }
  } else {
    const transcript = TranscriptFile.create(runnerTemp, run.id, redact, core.warning)
    const waited = await waitForRun(remote, run, {
      ...deps,
      follow: backend.follow,
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
        ? finishRun(
            waited,
            await backend.reads(waited, { ...deps, settings, runnerTemp, deadlineMs }),
            settings,
            redact,
            runnerTemp
          )
        : waited
  }
  await report.finished(outcome)
  return outcome
}

/** One redactor for every channel, from the secrets the inputs hold. */
function redactorFor(settings: Settings): Redact {
  return createRedactor([
    settings.token,
    settings.githubToken ?? '',
    ...Object.values(settings.secrets)
  ])
}
