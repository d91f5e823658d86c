/**
 * Beginning a run on the platform (docs/platform-api.md): a run is the effect
 * of a chat message. `thread-id` sends the prompt into that thread through
 * the public route; `agent-id` or `agent` (a display name) starts a new
 * thread through the chat events route. A message queued behind the thread's
 * active run is waited for: its run id is learned from the thread's events,
 * after the message's own `input.prompt` event (when they cannot tell, it is
 * not guessed). Without that route the run id cannot be learned, and the run
 * is begun without one (`runId` null): its answer is awaited through the
 * core route.
 */
import * as core from '@actions/core'
import type { Clock } from '../base/clock.js'
import { ActionError, TransportError, WaitTimeoutError, errorMessage } from '../base/errors.js'
import { THREAD_EVENTS_PAGE } from '../platform/client.js'
import { RouteMissingError } from '../platform/errors.js'
import type { ThreadEvent } from '../platform/read.js'
import type { PlatformAgent, SentMessage, ThreadMessage } from '../platform/types.js'
import { Inputs } from '../settings/names.js'
import type { Settings } from '../settings/settings.js'
import { formatDuration } from '../text/durations.js'
import { remoteText } from '../text/remote.js'
import type { Run } from '../vm0/types.js'
import type { CancelledWhileStarting, NotStarted } from './outcome.js'
import { RemoteRun, type RunCanceller, type SaveState } from './remote-run.js'
import { graceAfter } from './start.js'

/** The platform calls beginning a run needs. */
export interface PlatformStarter extends RunCanceller {
  listAgents(opts?: { signal?: AbortSignal }): Promise<PlatformAgent[]>
  sendMessage(
    req: { threadId: string; prompt: string },
    opts?: { signal?: AbortSignal }
  ): Promise<SentMessage>
  startThread(
    req: { agentId: string; prompt: string; model: string | null },
    opts?: { signal?: AbortSignal }
  ): Promise<SentMessage>
  threadEvents(
    threadId: string,
    query: { sinceSeqId: number | null },
    opts?: { signal?: AbortSignal }
  ): Promise<ThreadEvent[]>
  threadMessages(
    threadId: string,
    query?: { sinceId?: string | null },
    opts?: { signal?: AbortSignal }
  ): Promise<ThreadMessage[]>
}

/** The thread a platform run belongs to, and the user's message that started it. */
export interface PlatformThread {
  id: string
  /** The user's message, when the platform said its id (the public route does). */
  messageId: string | null
  /** The prompt as sent (with the workflow's context when asked for). */
  prompt: string
  /**
   * User messages still unanswered ahead of ours when it was queued: their
   * answers come first after ours, and are skipped when ours is read from
   * the thread's messages.
   */
  ahead: number
  /** The thread's last event before the send: our run's events come after it (null: from the start). */
  eventsFrom: number | null
  /**
   * Attached to by `run-id`: no message of ours is known, so the thread's
   * messages cannot tell this run's answer from a later run's.
   */
  attached?: boolean
}

export interface PlatformBeginOptions {
  settings: Settings
  /** The prompt to send (the workflow's context already on top when asked for). */
  prompt: string
  signal: AbortSignal
  clock: Clock
  /** `timeout`'s end on `clock`, set when the step began: the queued wait ends there. */
  deadlineMs?: number
  /** Told the moment the thread is known. */
  onThread: (threadId: string) => void
  /** Told the moment the run exists. */
  onRun: (run: Run) => void
  saveState?: SaveState
}

/** A platform run that exists; `run.id` is '' when its id could not be learned (queued, no events route). */
export interface PlatformBegun {
  kind: 'begun'
  run: Run
  remote: RemoteRun
  thread: PlatformThread | null
}

/** How long a send in flight may still take after the workflow is cancelled. */
const SEND_GRACE_MS = 3000
/** Pages of thread events read before sending (50 each), to know the runs already there. */
const MAX_EVENT_PAGES = 20
const QUEUE_POLL_FIRST_MS = 2000
const QUEUE_POLL_CAP_MS = 6000

/** Begins the platform run: attach to `run-id`, or send the prompt. */
export async function beginPlatformRun(
  client: PlatformStarter,
  options: PlatformBeginOptions
): Promise<PlatformBegun | NotStarted | CancelledWhileStarting> {
  const { settings, signal } = options
  let begun: { run: Run; thread: PlatformThread | null }
  // Set once a sent message's run id is known: a failure after that must not leave it running.
  const learned = { runId: '' }
  try {
    begun = settings.runId
      ? await attachPlatform(client, settings.runId, settings.threadId, options.onThread)
      : await startPlatform(client, options, learned)
  } catch (error) {
    if (learned.runId !== '') {
      const remote = new RemoteRun(learned.runId, client, options.saveState, 'platform')
      core.info(`${remote.fate(await remote.cancel())}.`)
    }
    return { kind: 'not-started', error, cancelled: signal.aborted }
  }
  const { run, thread } = begun
  if (run.id !== '') options.onRun(run)
  const remote = new RemoteRun(run.id, client, options.saveState, 'platform')
  if (settings.wait) remote.hold()
  if (!settings.runId && run.id !== '') core.info(`Run ${run.id} started (status ${run.status})`)
  if (settings.runId || !signal.aborted || run.id === '') {
    return { kind: 'begun', run, remote, thread }
  }
  // The workflow was cancelled while the message was in flight: the run it made goes too.
  const cancel = await remote.cancel()
  return { kind: 'cancelled-while-starting', run, cancel, fate: remote.fate(cancel) }
}

async function attachPlatform(
  client: PlatformStarter,
  runId: string,
  threadId: string | null,
  onThread: (id: string) => void
): Promise<{ run: Run; thread: PlatformThread | null }> {
  return core.group('Attaching to run', async () => {
    const run = await client.getRun(runId)
    core.info(`Attached to run ${run.id} (status ${run.status}); nothing new was started.`)
    if (threadId === null) {
      // A platform run does not name its thread, and its published files are listed there.
      core.notice(
        `Attached without \`${Inputs.ThreadId}\`: the run's published files cannot be found. ` +
          `Pass the starting step's \`${Inputs.ThreadId}\` output with \`${Inputs.RunId}\` to collect them.`
      )
      return { run, thread: null }
    }
    onThread(threadId)
    return {
      run,
      thread: {
        ...{ id: threadId, messageId: null, prompt: '', ahead: 0, eventsFrom: null },
        attached: true
      }
    }
  })
}

async function startPlatform(
  client: PlatformStarter,
  options: PlatformBeginOptions,
  learned: { runId: string }
): Promise<{ run: Run; thread: PlatformThread | null }> {
  const { settings, signal } = options
  const agentId = await core.group('Starting run', async () => {
    const id = settings.threadId ? null : await resolveAgent(client, settings, signal)
    for (const line of describePlatformStart(settings, options.prompt, id)) core.info(line)
    return id
  })
  // Runs already in the thread are not ours: read before sending.
  const known = settings.threadId ? await knownRuns(client, settings.threadId, signal) : null
  const sent = await send(client, options, agentId)
  options.onThread(sent.threadId)
  core.info(`Thread ${sent.threadId}: message sent.`)
  const ahead = sent.runId === null ? await unansweredAhead(client, sent, signal) : 0
  const thread: PlatformThread = {
    id: sent.threadId,
    messageId: sent.messageId,
    prompt: options.prompt,
    ahead,
    eventsFrom: known?.lastSeq ?? null
  }
  learned.runId = sent.runId ?? (await queuedRunId(client, sent, known, ahead, options)) ?? ''
  if (learned.runId === '') return { run: placeholderRun('', 'queued'), thread }
  return { run: await readRunOr(client, learned.runId, 'queued'), thread }
}

/** The log lines describing the start: the target, the prompt's size, the model. */
function describePlatformStart(
  settings: Settings,
  prompt: string,
  agentId: string | null
): string[] {
  const target = settings.threadId
    ? `thread ${settings.threadId} (continues its conversation)`
    : settings.agentId
      ? `agent id ${settings.agentId} (a new thread)`
      : `agent '${remoteText(settings.agent ?? '', 100)}' (id ${agentId ?? '?'}, a new thread)`
  const lines = [`Target: ${target}`, `Prompt: ${prompt.length} characters`]
  if (settings.githubContext) lines.push('Workflow context: on top of the prompt (github-context)')
  if (settings.model) lines.push(`Model: ${settings.model}`)
  return lines
}

/** `agent-id` as given, or the one agent whose display name is `agent` (case-insensitively). */
async function resolveAgent(
  client: PlatformStarter,
  settings: Settings,
  signal: AbortSignal
): Promise<string> {
  if (settings.agentId) return settings.agentId
  const name = settings.agent ?? ''
  let agents: PlatformAgent[]
  try {
    agents = await client.listAgents({ signal })
  } catch (error) {
    if (error instanceof RouteMissingError) {
      throw new ActionError(
        `Cannot find agent '${remoteText(name, 100)}' (\`agent\`): the platform lacks ${error.route}, ` +
          "so agents cannot be found by display name. Give the agent's UUID in `agent-id` instead " +
          '(it is in the agent’s URL in the web app).',
        { cause: error }
      )
    }
    throw error
  }
  const matches = agents.filter(a => a.displayName.toLowerCase() === name.toLowerCase())
  const only = matches[0]
  if (matches.length === 1 && only) return only.id
  const listed = (list: PlatformAgent[]): string =>
    list
      .slice(0, 50)
      .map(a => `'${remoteText(a.displayName, 100)}' (${a.id})`)
      .join(', ') + (list.length > 50 ? `, and ${list.length - 50} more` : '')
  if (matches.length > 1) {
    throw new ActionError(
      `${matches.length} agents this key can see are named '${remoteText(name, 100)}' (\`agent\`): ` +
        `${listed(matches)}. Give the one you mean in \`agent-id\`.`
    )
  }
  throw new ActionError(
    `No agent this key can see is named '${remoteText(name, 100)}' (\`agent\`, matched against ` +
      'display names, case-insensitively). ' +
      (agents.length === 0
        ? 'The key sees no agents at all: create one in the web app first.'
        : `Agents this key can see: ${listed(agents)}.`)
  )
}

/** Runs a thread had before the send (maybe not all: the pages are capped), and the last event read. */
interface KnownRuns {
  runs: Set<string>
  lastSeq: number | null
}

/** The ids of the runs a thread already has, and its last event; null without the events route. */
async function knownRuns(
  client: PlatformStarter,
  threadId: string,
  signal: AbortSignal
): Promise<KnownRuns | null> {
  const runs = new Set<string>()
  let lastSeq: number | null = null
  try {
    for (let page = 0; page < MAX_EVENT_PAGES; page++) {
      const events = await client.threadEvents(threadId, { sinceSeqId: lastSeq }, { signal })
      for (const event of events) {
        if (event.runId) runs.add(event.runId)
        lastSeq = Math.max(lastSeq ?? -Infinity, event.seqId)
      }
      if (events.length < THREAD_EVENTS_PAGE) break
    }
  } catch (error) {
    if (error instanceof RouteMissingError) return null
    throw error
  }
  return { runs, lastSeq }
}

/** Sends the prompt; a send in flight when the workflow is cancelled gets a short grace. */
async function send(
  client: PlatformStarter,
  options: PlatformBeginOptions,
  agentId: string | null
): Promise<SentMessage> {
  const { settings, signal, prompt } = options
  if (signal.aborted) {
    throw new ActionError(
      'The workflow was cancelled before the message was sent; no run was started.'
    )
  }
  // A send in flight when the workflow is cancelled may still answer, but not for long.
  const grace = graceAfter(
    signal,
    SEND_GRACE_MS,
    options.clock,
    'The workflow was cancelled during the send.'
  )
  try {
    return settings.threadId
      ? await client.sendMessage({ threadId: settings.threadId, prompt }, { signal: grace.signal })
      : await client.startThread(
          { agentId: agentId ?? '', prompt, model: settings.model },
          { signal: grace.signal }
        )
  } catch (error) {
    if (grace.signal.aborted) {
      throw new ActionError(
        'The workflow was cancelled while the message had no answer yet: it may have been sent ' +
          `and a run started${settings.threadId ? ` in thread ${settings.threadId}` : ' in a new thread'}. ` +
          'Check the agent’s threads in the web app and stop any run that should not go on.',
        { cause: error }
      )
    }
    throw error
  } finally {
    grace.dispose()
  }
}

/**
 * User messages before ours in the thread that no assistant message answers
 * yet (the active run's, and any queued ahead): read once, right after the send.
 */
async function unansweredAhead(
  client: PlatformStarter,
  sent: SentMessage,
  signal: AbortSignal
): Promise<number> {
  if (sent.messageId === null) return 0
  let messages: ThreadMessage[]
  try {
    // Without a cursor the route gives the thread's latest messages: ours is among them.
    messages = await client.threadMessages(sent.threadId, {}, { signal })
  } catch (error) {
    core.info(
      `The thread's messages could not be read to see what is queued: ${errorMessage(error)}`
    )
    return 0
  }
  let count = 0
  for (let i = messages.findIndex(m => m.id === sent.messageId) - 1; i >= 0; i--) {
    const role = messages[i]?.role
    if (role === 'assistant') break
    if (role === 'user') count++
  }
  return count
}

/** Where the search for our run stands in the thread's events. */
interface RunSearch {
  /** The user's message (ours). */
  messageId: string
  /** Runs with an event before our message's `input.prompt`: not ours. */
  seen: Set<string>
  /** Whether our message's `input.prompt` event was read. */
  prompted: boolean
  /** New runs after ours was prompted still to pass over: those of messages queued ahead of ours. */
  skip: number
  /** The last event read. */
  since: number | null
}

/** The thread's events cannot tell which run our message started. */
const UNKNOWN = Symbol('unknown run')

/** What the events read so far say: our run's id, UNKNOWN when they cannot tell, null for not yet. */
function searchRun(
  search: RunSearch,
  events: readonly ThreadEvent[]
): string | typeof UNKNOWN | null {
  for (const event of events) {
    search.since = Math.max(search.since ?? -Infinity, event.seqId)
    const runId = event.runId
    if (event.eventType === 'input.prompt') {
      const said = event.data['messageId']
      // The message id is an extra the contract does not promise: without it, no guessing.
      if (typeof said !== 'string') return UNKNOWN
      if (said === search.messageId) search.prompted = true
    } else if (runId === null || search.seen.has(runId)) {
      continue
    } else if (!search.prompted) {
      search.seen.add(runId)
    } else if (event.eventType.startsWith('run.')) {
      if (search.skip === 0) return runId
      search.skip--
      search.seen.add(runId)
    }
  }
  return null
}

/**
 * The run id of a queued message: the first `run.*` event, after the
 * `input.prompt` event of our message, of a run the thread had not shown
 * before it (passing over one per message queued ahead of ours). Waits
 * within `timeout`; null when the events route is missing or the events
 * cannot tell (the answer is then awaited through the core route).
 */
async function queuedRunId(
  client: PlatformStarter,
  sent: SentMessage,
  known: KnownRuns | null,
  ahead: number,
  options: PlatformBeginOptions
): Promise<string | null> {
  core.info(
    `The message is queued behind the thread's active run; waiting for its run to start ` +
      `(within the \`timeout\` of ${formatDuration(options.settings.timeoutMs)}).`
  )
  if (known === null || sent.messageId === null) return unknownRun('its message id was not said')
  const search: RunSearch = {
    messageId: sent.messageId,
    seen: new Set(known.runs),
    prompted: false,
    // The active run's message is unanswered too, and its run is already seen.
    skip: Math.max(0, ahead - 1),
    since: known.lastSeq
  }
  try {
    const found = await pollForRun(client, sent.threadId, search, options)
    return found === UNKNOWN
      ? unknownRun('its thread events do not say which run it started')
      : found
  } catch (error) {
    if (error instanceof RouteMissingError) return null
    if (error instanceof WaitTimeoutError || error instanceof CancelledWhileQueuedError) throw error
    // The message is sent: a failure to read its run id must not leave it unfollowed.
    return unknownRun(`its thread events could not be read: ${errorMessage(error)}`)
  }
}

function unknownRun(why: string): null {
  core.info(
    `The queued message's run cannot be told (${why}); its answer is awaited in the thread.`
  )
  return null
}

/** Polls the thread's events until our run shows; throws on the deadline or a cancel. */
async function pollForRun(
  client: PlatformStarter,
  threadId: string,
  search: RunSearch,
  options: PlatformBeginOptions
): Promise<string | typeof UNKNOWN> {
  const { clock, signal } = options
  const deadline = options.deadlineMs ?? clock.now() + options.settings.timeoutMs
  let pause = QUEUE_POLL_FIRST_MS
  for (;;) {
    let events: ThreadEvent[] | null = null
    try {
      events = await client.threadEvents(threadId, { sinceSeqId: search.since }, { signal })
    } catch (error) {
      if (!signal.aborted && !(error instanceof TransportError)) throw error
    }
    const found = searchRun(search, events ?? [])
    if (found !== null) return found
    if (signal.aborted) return lastLook(client, threadId, search, options)
    // Read to the thread's end after the send without our message's event: the platform writes none.
    if (events !== null && events.length < THREAD_EVENTS_PAGE && !search.prompted) return UNKNOWN
    if (clock.now() >= deadline) throw queuedTooLong(threadId, options.settings.timeoutMs)
    if (events === null || events.length === 0) {
      await clock.sleep(Math.min(pause, Math.max(0, deadline - clock.now())), signal)
      pause = Math.min(QUEUE_POLL_CAP_MS, Math.round(pause * 1.5))
    }
  }
}

/**
 * The workflow was cancelled while the message was queued: one short read
 * (not bound to the workflow's signal), since its run may have just started
 * and must then be cancelled too.
 */
async function lastLook(
  client: PlatformStarter,
  threadId: string,
  search: RunSearch,
  options: PlatformBeginOptions
): Promise<string> {
  const grace = graceAfter(options.signal, SEND_GRACE_MS, options.clock)
  let found: string | typeof UNKNOWN | null = null
  try {
    const events = await client.threadEvents(
      threadId,
      { sinceSeqId: search.since },
      { signal: grace.signal }
    )
    found = searchRun(search, events)
  } catch {
    // Nothing more can be learned in the time left.
  } finally {
    grace.dispose()
  }
  if (found === null || found === UNKNOWN) throw cancelledWhileQueued(threadId)
  return found
}

function queuedTooLong(threadId: string, timeoutMs: number): WaitTimeoutError {
  return new WaitTimeoutError(
    `The message stayed queued in thread ${threadId} for the whole \`timeout\` of ` +
      `${formatDuration(timeoutMs)}: the thread's active run did not end. ` +
      'The message is still queued: stop it in the web app, or give this step a longer `timeout`.'
  )
}

/** The workflow was cancelled before the queued message's run was seen. */
class CancelledWhileQueuedError extends ActionError {}

function cancelledWhileQueued(threadId: string): ActionError {
  return new CancelledWhileQueuedError(
    `The workflow was cancelled while the message was queued in thread ${threadId}; its run had ` +
      'not started. The message may still start a run later: stop it in the web app.'
  )
}

/**
 * The run as the platform reads it; once the message is sent, whatever the
 * read's failure, the run is followed (and held, and cancellable) all the same.
 */
async function readRunOr(client: PlatformStarter, runId: string, status: string): Promise<Run> {
  try {
    return await client.getRun(runId)
  } catch (error) {
    // A missing route was said once by the client already.
    if (!(error instanceof RouteMissingError)) {
      core.info(`Run ${runId} could not be read yet (${errorMessage(error)}); following it.`)
    }
    return placeholderRun(runId, status)
  }
}

/** A run known only by its id (or not even that: ''), for the core-only path. */
function placeholderRun(id: string, status: string): Run {
  return {
    id,
    agentId: null,
    agentName: null,
    status,
    prompt: null,
    createdAt: null,
    startedAt: null,
    completedAt: null,
    error: null,
    executionTimeMs: null,
    checkpointId: null,
    sessionId: null,
    artifactName: null,
    artifactVersion: null,
    output: null
  }
}

/**
 * The answer: the first assistant message after the user's message (past
 * the answers of the messages that were ahead of it), or null while there
 * is none. `messages` were read after the user's message when
 * its id is known (`sinceId`), else from the thread's start (a new thread).
 */
export function answerIn(
  messages: readonly ThreadMessage[],
  thread: PlatformThread
): ThreadMessage | null {
  let from = 0
  if (thread.messageId === null) {
    // No id said (a new thread): after the last user message with the prompt sent, else the last.
    const users = messages.map((m, i) => ({ m, i })).filter(x => x.m.role === 'user')
    const ours = users.filter(x => x.m.content === thread.prompt).pop() ?? users.pop()
    if (ours === undefined) return null
    from = ours.i + 1
  }
  // The first answers after ours are those of the messages that were ahead of it.
  const answers = messages
    .slice(from)
    .filter(m => m.role === 'assistant')
    .slice(thread.ahead)
  return answers.find(m => m.content !== null || m.error !== null) ?? null
}
