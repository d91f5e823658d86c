/**
 * The platform backend (docs/platform-api.md): a run is the effect of a chat
 * message; it is followed by polling (follow/, `followPlatformRun`); its
 * answer is its own `output.message` thread event, else the run's
 * `result.output`, else the thread's assistant message after the user's
 * (past the answers of messages queued ahead of it: a run still active when
 * ours was sent answers after our message); its files are those the agent
 * published. The platform has no metrics. The public thread routes are the
 * core: without the enrichment routes the run still ends with its answer.
 */
import * as core from '@actions/core'
import type { AgentResult } from '../agent/model.js'
import type { PublishedOptions } from '../artifacts/published.js'
import type { CollectResult } from '../artifacts/types.js'
import { errorMessage } from '../base/errors.js'
import type { followPlatformRun } from '../follow/platform.js'
import { githubContextBlock } from '../github/context.js'
import { THREAD_EVENTS_PAGE } from '../platform/client.js'
import { RouteMissingError } from '../platform/errors.js'
import type { RunFiles, ThreadEvent } from '../platform/read.js'
import type { PlatformFollowApi, PublishedFile, ThreadMessage } from '../platform/types.js'
import type { Collected } from '../run/outcome.js'
import {
  answerIn,
  beginPlatformRun,
  type PlatformStarter,
  type PlatformThread
} from '../run/start-platform.js'
import type { Run } from '../vm0/types.js'
import type { Backend, FinishContext } from './backend.js'
import { waitForAnswer, type CoreEnd } from './core-answer.js'

/** Why a platform run's report has no resource chart: no route gives them to a personal key. */
const NO_METRICS = 'the platform offers no resource metrics to a personal key'

/** Every platform call the action makes (a `PlatformClient` has them all). */
export interface PlatformActionClient extends PlatformStarter, PlatformFollowApi {
  threadArtifacts(threadId: string, opts?: { signal?: AbortSignal }): Promise<RunFiles[]>
  /** The Authorization header for a URL on the API's own origin; null for any other. */
  authorizationFor(url: URL): string | null
}

/** Follows a platform run to its end by polling (`followPlatformRun`); tests pass a scripted one. */
export type FollowPlatform = typeof followPlatformRun

/** Collects the published files; never throws (a failure is in `error`). */
export type CollectPublished = (options: PublishedOptions) => Promise<Collected<CollectResult>>

const EVENT_PAGES = 20
/** Pages of our run's events read at one look (from the thread's last event before the send). */
const WATCH_PAGES = 100

export function platformBackend(
  client: PlatformActionClient,
  phases: { followPlatform: FollowPlatform; collectPublished: CollectPublished }
): Backend {
  let thread: PlatformThread | null = null
  const coreEnd = (run: Run): CoreEnd => {
    const watch = watchOf(thread)
    return signal => endedByAnswer(client, thread, run, watch, signal)
  }
  return {
    api: 'platform',
    async begin(context) {
      const { settings } = context
      const block = settings.githubContext ? githubContextBlock(context.env, context.payload) : ''
      const prompt = block === '' ? settings.prompt : `${block}\n\n${settings.prompt}`
      const begun = await beginPlatformRun(client, { ...context, prompt })
      if (begun.kind === 'begun') thread = begun.thread
      return begun
    },
    follow: (run, options) =>
      // Without a run id (a queued message, no events route) only the answer can be awaited.
      run.id === ''
        ? waitForAnswer(coreEnd(run), options)
        : phases.followPlatform(client, run, {
            ...options,
            coreEnd: coreEnd(run),
            routesSaid: true
          }),
    async reads({ run, followed }, context) {
      const answer = await answerText(client, thread, run, context.signal)
      const files = await publishedFiles(client, thread, run, context.signal)
      const collected =
        files === null
          ? { files: null, error: null }
          : await phases.collectPublished(publishOptions(client, thread, run, files, context))
      const text = answer ?? followed.result?.text ?? ''
      // Without the agent's result event, the thread's usage record gives the figures.
      const result =
        followed.result === null
          ? await usageResult(client, thread, run, text, context.signal)
          : null
      return { metrics: null, metricsNote: NO_METRICS, collected, answer: text, result }
    }
  }
}

function publishOptions(
  client: PlatformActionClient,
  thread: PlatformThread | null,
  run: Run,
  files: PublishedFile[],
  context: FinishContext
): PublishedOptions {
  return {
    files,
    runId: run.id,
    threadId: thread?.id ?? '',
    settings: context.settings,
    runnerTemp: context.runnerTemp,
    authorization: url => client.authorizationFor(url),
    signal: context.signal,
    // `timeout` bounds the downloads too.
    deadlineMs: context.deadlineMs,
    clock: context.clock
  }
}

/** Our run's events read so far in the thread, from where they can start. */
interface RunWatch {
  since: number | null
  /** Its `output.message` or `output.error`. */
  said: ThreadEvent | null
  /** Its `run.completed`, `run.failed` or `run.cancelled`. */
  ended: ThreadEvent | null
  /** The events route is missing: the thread's messages are all there is. */
  off: boolean
}

const ENDED: Record<string, string> = {
  'output.message': 'completed',
  'output.error': 'failed',
  'run.completed': 'completed',
  'run.failed': 'failed',
  'run.cancelled': 'cancelled'
}

function watchOf(thread: PlatformThread | null): RunWatch {
  return { since: thread?.eventsFrom ?? null, said: null, ended: null, off: false }
}

/** Reads the thread's events on from where the watch stands, keeping our run's answer and end. */
async function watchRun(
  client: PlatformActionClient,
  threadId: string,
  runId: string,
  watch: RunWatch,
  signal: AbortSignal
): Promise<void> {
  for (let page = 0; page < WATCH_PAGES; page++) {
    const events = await client.threadEvents(threadId, { sinceSeqId: watch.since }, { signal })
    for (const event of events) {
      watch.since = Math.max(watch.since ?? -Infinity, event.seqId)
      if (event.runId !== runId || ENDED[event.eventType] === undefined) continue
      if (event.eventType.startsWith('output.')) watch.said ??= event
      else watch.ended ??= event
    }
    if (events.length < THREAD_EVENTS_PAGE) return
  }
}

/**
 * Our run's answer from its own events, when its id is known and the
 * thread's events can be read: other runs' answers (a run still active when
 * ours was queued answers after our message) are never taken for it. Null
 * when the events cannot tell; `said` null when the run said nothing (yet).
 */
async function eventAnswer(
  client: PlatformActionClient,
  thread: PlatformThread,
  run: Run,
  watch: RunWatch,
  signal: AbortSignal
): Promise<RunWatch | null> {
  if (run.id === '' || watch.off) return null
  try {
    await watchRun(client, thread.id, run.id, watch, signal)
  } catch (error) {
    if (!(error instanceof RouteMissingError)) throw error
    watch.off = true
    return null
  }
  return watch
}

/** The run as the thread tells its end (its events, else its answer message); null before. */
async function endedByAnswer(
  client: PlatformActionClient,
  thread: PlatformThread | null,
  run: Run,
  watch: RunWatch,
  signal: AbortSignal
): Promise<Run | null> {
  if (thread === null) return null
  const events = await eventAnswer(client, thread, run, watch, signal)
  if (events !== null && events.said === null && events.ended === null) return null
  const said = events?.said ?? null
  // Ended without a word in the events (or they cannot be read): the thread's messages say it.
  const message = said === null ? await messageAnswer(client, thread, signal) : null
  if (events === null && message === null) return null
  const error = said?.error ?? message?.error ?? events?.ended?.error ?? null
  const last = events?.ended ?? said
  return {
    ...run,
    status: last ? (ENDED[last.eventType] ?? 'completed') : error !== null ? 'failed' : 'completed',
    error,
    output: said?.content ?? message?.content ?? null
  }
}

async function messageAnswer(
  client: PlatformActionClient,
  thread: PlatformThread,
  signal: AbortSignal
): Promise<ThreadMessage | null> {
  // A run attached to by `run-id`: no message of ours is known, and the thread may have gone on
  // (its last answer may be a later run's). The run's own events and result are all there is.
  if (thread.attached === true) return null
  const messages = await client.threadMessages(thread.id, { sinceId: thread.messageId }, { signal })
  return answerIn(messages, thread)
}

/** The answer text: the run's own answer event, else the run's result, else the thread's message. */
async function answerText(
  client: PlatformActionClient,
  thread: PlatformThread | null,
  run: Run,
  signal: AbortSignal
): Promise<string | null> {
  if (thread === null) return run.output
  try {
    const events = await eventAnswer(client, thread, run, watchOf(thread), signal)
    if (events?.said) return events.said.content ?? run.output
  } catch (error) {
    core.info(`The thread's events could not be read: ${errorMessage(error)}`)
  }
  if (run.output !== null) return run.output
  try {
    return (await messageAnswer(client, thread, signal))?.content ?? null
  } catch (error) {
    core.info(`The thread's answer could not be read: ${errorMessage(error)}`)
    return null
  }
}

/**
 * The files the agent published for this run: the thread's artifacts, else
 * `attachFiles` of the run's `run.completed` event; null when neither route
 * is there (or the thread is unknown) and nothing is to be collected.
 */
async function publishedFiles(
  client: PlatformActionClient,
  thread: PlatformThread | null,
  run: Run,
  signal: AbortSignal
): Promise<PublishedFile[] | null> {
  if (thread === null || run.id === '') return null
  try {
    const runs = await client.threadArtifacts(thread.id, { signal })
    return runs.filter(r => r.runId === run.id).flatMap(r => r.files)
  } catch (error) {
    if (!(error instanceof RouteMissingError)) {
      core.info(`The published files could not be listed: ${errorMessage(error)}`)
      return null
    }
  }
  return attachedFiles(client, thread.id, run.id, signal)
}

/** A number under `key` of the event or of its `usage`, if the platform gives it. */
function figure(data: Record<string, unknown>, key: string): number | null {
  const usage = data['usage']
  const value =
    data[key] ??
    (usage !== null && typeof usage === 'object'
      ? (usage as Record<string, unknown>)[key]
      : undefined)
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null
}

/**
 * The run's figures from its `usage.recorded` thread event (tokens, cost),
 * as a result; null when the platform gives none (the outputs stay empty).
 */
async function usageResult(
  client: PlatformActionClient,
  thread: PlatformThread | null,
  run: Run,
  text: string,
  signal: AbortSignal
): Promise<AgentResult | null> {
  if (thread === null || run.id === '') return null
  const event = await findThreadEvent(
    client,
    thread.id,
    signal,
    e => e.eventType === 'usage.recorded' && e.runId === run.id
  )
  if (event === null) return null
  const input = figure(event.data, 'inputTokens')
  const output = figure(event.data, 'outputTokens')
  return {
    text,
    costUsd: figure(event.data, 'costUsd'),
    numTurns: null,
    durationMs: run.executionTimeMs,
    isError: run.status !== 'completed',
    subtype: null,
    usage:
      input === null || output === null
        ? null
        : {
            inputTokens: input,
            outputTokens: output,
            cacheReadTokens: figure(event.data, 'cacheReadTokens') ?? 0
          }
  }
}

/** The first thread event that `match`es, reading at most 20 pages; null when none or no route. */
async function findThreadEvent(
  client: PlatformActionClient,
  threadId: string,
  signal: AbortSignal,
  match: (event: ThreadEvent) => boolean
): Promise<ThreadEvent | null> {
  let since: number | null = null
  try {
    for (let page = 0; page < EVENT_PAGES; page++) {
      const events: ThreadEvent[] = await client.threadEvents(
        threadId,
        { sinceSeqId: since },
        { signal }
      )
      const found = events.find(match)
      if (found) return found
      if (events.length < THREAD_EVENTS_PAGE) return null
      since = Math.max(...events.map(e => e.seqId))
    }
  } catch (error) {
    if (!(error instanceof RouteMissingError)) {
      core.info(`The thread's events could not be read: ${errorMessage(error)}`)
    }
  }
  return null
}

async function attachedFiles(
  client: PlatformActionClient,
  threadId: string,
  runId: string,
  signal: AbortSignal
): Promise<PublishedFile[] | null> {
  const done = await findThreadEvent(
    client,
    threadId,
    signal,
    e => e.eventType === 'run.completed' && e.runId === runId
  )
  return done === null ? null : done.attachFiles
}
