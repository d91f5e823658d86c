import type { StartFields } from '../settings/settings.js'
import { formatDuration } from '../text/durations.js'
import {
  ActionError,
  ConcurrencyLimitError,
  NotFoundError,
  NotVm0ApiError,
  TransportError,
  Vm0ApiError,
  WaitTimeoutError,
  errorMessage
} from '../base/errors.js'
import { systemClock, timeLimit, type Clock, type TimeLimit } from '../base/clock.js'
import { formatSeconds } from '../text/durations.js'
import { backoffDelay, describeFailure } from '../vm0/retry.js'
import type { Agent, CreateRunRequest, Run } from '../vm0/types.js'
import { remoteText } from '../text/remote.js'

/** The calls starting a run needs from the VM0 client. */
export interface RunStarter {
  createRun(request: CreateRunRequest, opts?: { signal?: AbortSignal }): Promise<Run>
  listAgents(opts?: { name?: string; maxItems?: number }): Promise<Agent[]>
  /** The caller's runs, newest first. */
  listRuns(opts?: { limit?: number; maxItems?: number }): Promise<Run[]>
}

/** What identifies the run to start: the start inputs, as validated. */
export type StartRequest = StartFields

/**
 * The agent name as the service knows it: names are stored lower-case and
 * matched exactly (docs/vm0-api.md), so `My-Agent` would be a 404. (Platform
 * agents are matched by display name instead: run/start-platform.ts.)
 */
function serviceAgentName(name: string): string {
  return name.toLowerCase()
}

/** The create body: only what the user gave, camelCase (the service drops unknown keys). */
function createBody(req: StartRequest): CreateRunRequest {
  const body: CreateRunRequest = { prompt: req.prompt }
  if (req.agent) body.agent = serviceAgentName(req.agent)
  if (req.agentId) body.agentId = req.agentId
  if (req.agentVersion) body.agentVersion = req.agentVersion
  if (req.sessionId) body.sessionId = req.sessionId
  if (req.checkpointId) body.checkpointId = req.checkpointId
  if (Object.keys(req.variables).length > 0) body.variables = req.variables
  if (Object.keys(req.secrets).length > 0) body.secrets = req.secrets
  if (Object.keys(req.volumes).length > 0) body.volumes = req.volumes
  if (req.artifactName) body.artifactName = req.artifactName
  if (req.artifactVersion && req.artifactVersion !== 'latest')
    body.artifactVersion = req.artifactVersion
  return body
}

/**
 * The warning for `agent-version`: the service accepts `agentVersion` and
 * runs the agent's current version anyway. It is still sent, in case the
 * service starts to honour it.
 */
export function agentVersionWarning(version: string): string {
  return (
    `\`agent-version\` is '${version}', but the VM0 service runs the agent's current version ` +
    'whatever version is asked for (it accepts `agentVersion` and ignores it). It is still sent, ' +
    'in case the service starts to honour it; to run another version, compose that version as ' +
    "the agent's current one."
  )
}

/** Lines describing the request for the log: names only, never values of secrets. */
export function describeStart(req: StartRequest): string[] {
  const target = req.checkpointId
    ? `checkpoint ${req.checkpointId}`
    : req.sessionId
      ? `session ${req.sessionId}`
      : req.agentId
        ? `agent id ${req.agentId}`
        : `agent '${serviceAgentName(req.agent ?? '')}'`
  const lines = [`Target: ${target}${req.agentVersion ? ` (version ${req.agentVersion})` : ''}`]
  const lower = req.agent !== null ? serviceAgentName(req.agent) : null
  if (lower !== null && lower !== req.agent) {
    lines.push(`agent ${req.agent}: the service's names are lower-case; asking for ${lower}`)
  }
  lines.push(`Prompt: ${req.prompt.length} characters`)
  const keys = (label: string, map: Record<string, string>): void => {
    const names = Object.keys(map)
    if (names.length > 0) lines.push(`${label}: ${names.join(', ')}`)
  }
  keys('Variables', req.variables)
  keys('Secrets (values masked)', req.secrets)
  keys('Volumes', req.volumes)
  if (req.artifactName) lines.push(`Output artifact: ${req.artifactName}`)
  return lines
}

/** Tunables and seams of {@link startRun}; the defaults suit the real service. */
export interface StartOptions {
  /** The step's `timeout`: also bounds the wait for a free run slot. */
  timeoutMs: number
  /** Aborted when the workflow is cancelled: stop waiting for a slot, start nothing more. */
  signal?: AbortSignal
  /** Receives progress lines (slot waits, reconciliation). */
  log?: (line: string) => void
  /** Time and (abortable) sleep; tests pass a fake one. */
  clock?: Clock
  /** Jitter source in [0, 1). */
  random?: () => number
  /** Backoff between creates answered 429: capped exponential with equal jitter. */
  slotWait?: { baseMs: number; capMs: number }
  /** How to look for the run of a create whose outcome is unknown. */
  reconcile?: Partial<ReconcileRules>
  /** How long a create already in flight may still take after the workflow is cancelled. */
  createGraceMs?: number
}

/** How the run of a create with an unknown outcome is looked for. */
interface ReconcileRules {
  /** Reads of the runs list (a run may take a moment to appear in it). */
  tries: number
  /** Pause between reads. */
  intervalMs: number
  /** How many of the newest runs are read. */
  limit: number
  /** Tolerated difference between the service's clock and this machine's. */
  skewMs: number
}

const SLOT_BASE_MS = 1000
const SLOT_CAP_MS = 30_000
const CREATE_GRACE_MS = 3000
const RECONCILE: ReconcileRules = { tries: 3, intervalMs: 1000, limit: 20, skewMs: 60_000 }
const ACTIVE = new Set(['queued', 'pending', 'running'])
const TRUNCATED_PROMPT_MIN = 100

/**
 * Starts the run, never twice.
 *
 * - 429 `concurrent_run_limit_exceeded`: waits for a free slot with capped
 *   exponential backoff within `timeout`, saying so once, then once a minute.
 * - An unknown outcome (the request may have reached the service but no
 *   usable answer came back: a reset, a timeout, a 5xx) is never retried:
 *   the caller's newest runs are searched for the run this attempt created
 *   ({@link findCreatedRuns}) and that run is returned; with none, or more
 *   than one, it fails saying a run may exist and how to find it.
 * - An unknown agent is reported with the agents that do exist.
 *
 * A create already in flight when the workflow is cancelled gets a short
 * grace to answer; the caller cancels the run it returns.
 */
export async function startRun(
  client: RunStarter,
  req: StartRequest,
  options: StartOptions
): Promise<Run> {
  const clock = options.clock ?? systemClock
  const log = options.log ?? ((): void => {})
  const { signal } = options
  const rules = { ...RECONCILE, ...options.reconcile }
  const body = createBody(req)
  const deadline = clock.now() + options.timeoutMs
  const slotWait: SlotWait = { startedAt: null, saidAt: 0 }
  let limited = 0
  for (;;) {
    if (signal?.aborted) {
      throw new ActionError(
        limited > 0
          ? 'The workflow was cancelled while waiting for a free VM0 run slot; no run was started.'
          : 'The workflow was cancelled before the VM0 run was started; no run was started.'
      )
    }
    const sentAt = clock.now()
    const grace = signal
      ? graceAfter(signal, options.createGraceMs ?? CREATE_GRACE_MS, clock)
      : null
    try {
      return await client.createRun(body, grace ? { signal: grace.signal } : {})
    } catch (error) {
      if (grace?.signal.aborted) {
        // Cancelled, and the create did not answer in time: find the run it may have started.
        return await reconcile(
          client,
          body,
          sentAt,
          error,
          { ...rules, tries: 1 },
          clock,
          log,
          true
        )
      }
      if (error instanceof ConcurrencyLimitError) {
        limited++
        if (!signal?.aborted) await waitForSlot(client, limited, deadline, error, options, slotWait)
        continue
      }
      if (error instanceof NotFoundError && !req.sessionId && !req.checkpointId) {
        throw await unknownAgentError(client, req, error)
      }
      if (unknownOutcome(error)) {
        return await reconcile(client, body, sentAt, error, rules, clock, log, false)
      }
      throw error
    } finally {
      grace?.dispose()
    }
  }
}

/** What was said about a wait for a free slot, so it is said once, then at most once a minute. */
interface SlotWait {
  startedAt: number | null
  saidAt: number
}

/** How often a long wait for a free slot is mentioned again. */
const SLOT_SAY_EVERY_MS = 60_000

/**
 * A create answered 429 for the `limited`-th time: waits with capped
 * exponential backoff for a free slot, or fails once `timeout` is spent,
 * naming the runs that hold the slots. The wait is said when it starts (how
 * many runs are active, until when it waits), then at most once a minute.
 */
async function waitForSlot(
  client: RunStarter,
  limited: number,
  deadline: number,
  error: ConcurrencyLimitError,
  options: StartOptions,
  said: SlotWait
): Promise<void> {
  const clock = options.clock ?? systemClock
  const random = options.random ?? Math.random
  const slot = options.slotWait ?? { baseMs: SLOT_BASE_MS, capMs: SLOT_CAP_MS }
  const now = clock.now()
  const active = await activeRuns(client)
  if (now >= deadline) throw slotTimeout(options.timeoutMs, limited, active, error)
  const delay = Math.min(
    backoffDelay(limited, random(), { baseDelayMs: slot.baseMs, maxDelayMs: slot.capMs }),
    deadline - now
  )
  const until = `${new Date(deadline).toISOString().replace('T', ' ').slice(0, 19)} UTC`
  if (said.startedAt === null) {
    said.startedAt = now
    said.saidAt = now
    options.log?.(
      `Waiting for a free VM0 run slot (${describeActive(active)}); retrying until ${until} ` +
        `at the latest (the step's \`timeout\`).`
    )
  } else if (now - said.saidAt >= SLOT_SAY_EVERY_MS) {
    said.saidAt = now
    options.log?.(
      `Still waiting for a free VM0 run slot (${describeActive(active)}) after ` +
        `${formatDuration(now - said.startedAt)}; giving up at ${until}.`
    )
  }
  await clock.sleep(delay, options.signal)
}

/**
 * True when a failed create may nevertheless have started a run: the request
 * may have reached the service and no usable answer came back. Failures that
 * certainly happened before sending (refused connection, DNS) are retried by
 * the client and are not unknown.
 */
export function unknownOutcome(error: unknown): boolean {
  // Whatever answered is not VM0: no run can have started.
  if (error instanceof NotVm0ApiError) return false
  if (error instanceof TransportError) return error.sent
  if (error instanceof Vm0ApiError) return error.status >= 500 || error.status === 408
  return false
}

/**
 * The run a create with an unknown outcome started, from the caller's runs
 * (newest first): same prompt, same agent (when the run names one; a
 * session or checkpoint decides the agent itself), created no earlier than
 * the attempt began less the clock skew. Every match is returned: more
 * than one (e.g. matrix jobs sending the same prompt to the same agent) is
 * ambiguous, and the caller must not guess which one is its own.
 */
export function findCreatedRuns(
  runs: readonly Run[],
  body: CreateRunRequest,
  sentAtMs: number,
  skewMs: number
): Run[] {
  return runs.filter(run => {
    const created = run.createdAt === null ? NaN : Date.parse(run.createdAt)
    if (!Number.isFinite(created) || created < sentAtMs - skewMs) return false
    return samePrompt(run.prompt, body.prompt) && sameAgent(run, body)
  })
}

function samePrompt(listed: string | null, sent: string): boolean {
  if (listed === null) return false
  if (listed === sent) return true
  // A list view may shorten a long prompt: accept a long enough prefix.
  const shown = listed.replace(/(\.\.\.|\u2026)$/, '')
  return shown.length >= TRUNCATED_PROMPT_MIN && sent.startsWith(shown)
}

function sameAgent(run: Run, body: CreateRunRequest): boolean {
  if (body.checkpointId || body.sessionId) return true
  if (body.agentId) return run.agentId === null || run.agentId === body.agentId
  if (!body.agent || run.agentName === null) return true
  // Shared agents are `scope/name`; either side may carry the scope.
  const a = body.agent.toLowerCase()
  const b = run.agentName.toLowerCase()
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`)
}

/** Looks for the run of a create whose outcome is unknown; never sends the create again. */
async function reconcile(
  client: RunStarter,
  body: CreateRunRequest,
  sentAt: number,
  cause: unknown,
  rules: ReconcileRules,
  clock: Clock,
  log: (line: string) => void,
  interrupted: boolean
): Promise<Run> {
  const what = interrupted
    ? `the workflow was cancelled while the create request had no answer yet`
    : `the create request got no usable answer (${describeFailure(cause)})`
  log(
    `A VM0 run may have started: ${what}. Looking for it among your newest runs instead of ` +
      'sending the request again.'
  )
  let listError: unknown = null
  for (let i = 0; i < rules.tries; i++) {
    if (i > 0) await clock.sleep(rules.intervalMs)
    let runs: Run[]
    try {
      runs = await client.listRuns({ limit: rules.limit })
      listError = null
    } catch (error) {
      listError = error
      continue
    }
    const matches = findCreatedRuns(runs, body, sentAt, rules.skewMs)
    if (matches.length > 1) {
      throw new ActionError(
        `A VM0 run may have started (${what}), but ${matches.length} recent runs have this ` +
          `prompt and ${targetOf(body)}: ${matches.map(r => r.id).join(', ')}. The action will ` +
          'not guess which one is its own (another job may have started the others). Attach to ' +
          'the right one with the `run-id` input, and cancel any that should not run. ' +
          'The request was not sent again: a repeated create starts a second, paid run.',
        { cause }
      )
    }
    const found = matches[0]
    if (found) {
      log(
        `Found run ${found.id} (created ${found.createdAt ?? 'just now'}, status ${found.status}), ` +
          'started by this request: following it; no second run was started.'
      )
      return found
    }
  }
  throw new ActionError(notFoundMessage(body, sentAt, cause, rules, listError, what), {
    cause
  })
}

function notFoundMessage(
  body: CreateRunRequest,
  sentAt: number,
  cause: unknown,
  rules: ReconcileRules,
  listError: unknown,
  what: string
): string {
  const searched =
    listError !== null
      ? `the runs list could not be read (${errorMessage(listError)})`
      : `none with this prompt and ${targetOf(body)} is among your ${rules.limit} newest runs` +
        (rules.tries > 1
          ? ` (${rules.tries} looks over ${formatSeconds((rules.tries - 1) * rules.intervalMs)})`
          : '')
  const find =
    `Look for a run of ${targetOf(body)} created at about ${new Date(sentAt).toISOString()} ` +
    'with the VM0 CLI or dashboard (or GET /v1/runs), and attach to it with the `run-id` input ' +
    'instead of starting another (or cancel it).'
  const repeated = 'The request was not sent again: a repeated create starts a second, paid run.'
  if (cause instanceof Vm0ApiError && cause.status === 500 && listError === null) {
    const rid = cause.requestId ? ` (request id ${cause.requestId})` : ''
    return (
      `VM0 answered 500 ${cause.body.code ?? 'internal_error'} to the create request${rid}: ` +
      `${cause.body.message ?? 'internal error'}. The service gives that answer to a request it ` +
      `could not validate, and ${searched}, so as far as the runs list shows the service ` +
      `rejected the request and no run was started. ${checkWhat(body)} ${repeated} ` +
      `If a run does show up later: ${find}`
    )
  }
  const rid =
    cause instanceof Vm0ApiError && cause.requestId ? ` Request id ${cause.requestId}.` : ''
  return `A VM0 run may exist: ${what}, and ${searched}.${rid} ${repeated} ${find}`
}

/** The caller's active runs, or null when the list cannot be read (it only adds detail). */
async function activeRuns(client: RunStarter): Promise<Run[] | null> {
  try {
    return (await client.listRuns({ limit: RECONCILE.limit })).filter(r => ACTIVE.has(r.status))
  } catch {
    return null
  }
}

function describeActive(active: Run[] | null): string {
  if (active === null || active.length === 0) return "the account's concurrent run limit is reached"
  const ids = active.slice(0, 3).map(r => r.id)
  const more = active.length > ids.length ? ` and ${active.length - ids.length} more` : ''
  const count =
    active.length === 1 ? '1 run already active' : `${active.length} runs already active`
  return `${count}: ${ids.join(', ')}${more}`
}

function slotTimeout(
  timeoutMs: number,
  answers: number,
  active: Run[] | null,
  cause: ConcurrencyLimitError
): WaitTimeoutError {
  return new WaitTimeoutError(
    `No VM0 run slot came free within the \`timeout\` of ${formatDuration(timeoutMs)}: VM0 ` +
      `answered 429 concurrent_run_limit_exceeded ${answers} time${answers === 1 ? '' : 's'} ` +
      `(${describeActive(active)}). No run was started. Let the active runs finish or cancel ` +
      'one, raise the account limit, or give this step a longer `timeout`.',
    { cause }
  )
}

/**
 * A signal that aborts `graceMs` (on `clock`) after `signal` does, with
 * `why`: a create (or a platform send) in flight when the workflow is
 * cancelled may still answer, but not for long.
 */
export function graceAfter(
  signal: AbortSignal,
  graceMs: number,
  clock: Clock,
  why = 'The workflow was cancelled during the create.'
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController()
  let grace: TimeLimit | null = null
  const start = (): void => {
    grace = timeLimit(clock, graceMs)
    grace.signal.addEventListener('abort', () => controller.abort(new ActionError(why)), {
      once: true
    })
  }
  if (signal.aborted) start()
  else signal.addEventListener('abort', start, { once: true })
  return {
    signal: controller.signal,
    dispose: () => {
      grace?.done()
      signal.removeEventListener('abort', start)
    }
  }
}

/** "agent 'x'", "agent id …", "session …": what the create names as its target. */
function targetOf(body: CreateRunRequest): string {
  if (body.checkpointId) return `checkpoint ${body.checkpointId}`
  if (body.sessionId) return `session ${body.sessionId}`
  if (body.agentId) return `agent id ${body.agentId}`
  return `agent '${body.agent ?? ''}'`
}

async function unknownAgentError(
  client: RunStarter,
  req: StartRequest,
  cause: NotFoundError
): Promise<ActionError> {
  const given = req.agent ?? ''
  const asked = serviceAgentName(given)
  const what = req.agentId
    ? `agent id '${req.agentId}' (input \`agent-id\`)`
    : `agent '${asked}' (input \`agent\`${asked !== given ? ` '${given}', lower-cased` : ''})`
  const known = await knownAgents(client, req.agentId !== null)
  const rid = cause.requestId ? ` Request id ${cause.requestId}.` : ''
  // A display name (spaces, capitals) is what the platform knows agents by: a `vm0_live_` token
  // may simply be the wrong kind of key.
  const platformName = !req.agentId && /[\sA-Z]/.test(req.agent ?? '')
  const hint = platformName
    ? ' If this is the display name of an agent on the VM0 platform, use a personal key `vm0_pat_…` (Settings → API keys): the token given speaks the `/v1` API.'
    : ''
  return new ActionError(`VM0 has no ${what}.${known}${hint}${rid}`, { cause })
}

/** A sentence listing the agents this token can run, for the unknown-agent message. */
async function knownAgents(client: RunStarter, withIds: boolean): Promise<string> {
  let agents: Agent[]
  try {
    agents = await client.listAgents({ maxItems: 200 })
  } catch {
    return ' (The list of agents could not be read.)'
  }
  if (agents.length === 0)
    return ' This token can see no agents at all: create one with the VM0 CLI first.'
  // Agent names are the service's text: printed as remote text.
  const names = agents
    .map(a => (withIds ? `${remoteText(a.name, 100)} (${a.id})` : remoteText(a.name, 100)))
    .sort()
  const more = names.length > 50 ? `, and ${names.length - 50} more` : ''
  return ` Agents this token can run: ${names.slice(0, 50).join(', ')}${more}.`
}

/**
 * What to check after a 500 to a create: an unknown `sessionId` or
 * `checkpointId` is answered so (docs/vm0-api.md), so those come first.
 */
function checkWhat(body: CreateRunRequest): string {
  const ids = [
    body.sessionId !== undefined ? '`session-id`' : null,
    body.checkpointId !== undefined ? '`checkpoint-id`' : null
  ].filter(Boolean)
  if (ids.length === 0) return 'Check the inputs (prompt, agent, variables, volumes).'
  return (
    `Check ${ids.join(' and ')} first: the service answers 500 to one it does not know; then ` +
    'the other inputs (prompt, variables, volumes).'
  )
}
