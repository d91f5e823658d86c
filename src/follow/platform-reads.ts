/**
 * The platform's two readers of a run's story: its agent events (pages of
 * 100 from the last sequence seen) and its network lines (a cursor). Each
 * feeds the tracker, which prints every event once, in order, and merges the
 * network lines in by time. A reader whose route the platform lacks says so
 * once and reads nothing more: following goes on by the run's status.
 */
import { oneLine } from '../agent/one-line.js'
import type { AgentEvent, NetworkLine, PlatformFollowApi } from '../platform/types.js'
import { RouteMissingError } from '../platform/errors.js'
import { remoteText } from '../text/remote.js'
import type { LogEntry } from '../vm0/types.js'
import type { FollowLog, Limits } from './context.js'
import { LogCursor } from './log-cursor.js'

/** What the platform's readers share: the API, the run, the limits and where to say things. */
export interface PlatformContext extends Limits {
  readonly api: PlatformFollowApi
  readonly runId: string
  readonly log: FollowLog
  /** The api says itself, once, which route is missing (the platform client does): not said twice. */
  readonly routesSaid: boolean
}

/**
 * Says once that a route is missing and what following does without it; when
 * the api has named the route already, only what following does instead.
 */
export function sayMissing(
  ctx: PlatformContext,
  error: RouteMissingError,
  lost: string,
  instead: string | null
): void {
  if (ctx.routesSaid) {
    if (instead !== null) ctx.log.info(instead)
    return
  }
  ctx.log.info(
    `${lost}: the platform has no route ${error.route}.${instead === null ? '' : ` ${instead}`}`
  )
}

/** What one read brought: new items, and whether the agent's result event was among them. */
export interface Fresh {
  count: number
  result: boolean
}

/** The frameworks whose events the renderers know (agent/claude.ts, agent/codex.ts). */
const KNOWN_FRAMEWORKS = new Set(['claude-code', 'codex'])
/** The most agent events or network lines one follow reads: a run that never stops writing is cut here. */
const MAX_ITEMS = 100_000

/** The wait is over (timeout or cancellation): no further page is asked for. */
function pastDeadline(ctx: Limits): boolean {
  return ctx.signal.aborted || ctx.clock.now() >= ctx.deadlineMs
}

/**
 * An event as the tracker is given it. A framework the renderers do not know
 * is shown plainly, one line per event, never read as Claude Code's or
 * Codex's (a `result` of another runtime is not the answer): its type starts
 * with "event (", which no known protocol uses. The event itself is kept
 * whole for the transcript.
 */
export function trackedEvent(event: AgentEvent, framework: string | null): unknown {
  if (framework === null || KNOWN_FRAMEWORKS.has(framework)) return event.eventData
  return {
    type: `event (${framework})`,
    text: oneLine(event.eventData),
    eventType: event.eventType,
    eventData: event.eventData
  }
}

/** Reads agent events from the last sequence seen; see the module comment. */
export class AgentEventReader {
  private since = -1
  private framework: string | null = null
  private missing = false
  private taken = 0

  constructor(private readonly ctx: PlatformContext) {}

  /** False once the route proved missing or the read limit was reached. */
  get reading(): boolean {
    return !this.missing && this.taken < MAX_ITEMS
  }

  /** Reads every page there is now (bounded by the deadline after the first). */
  async read(): Promise<Fresh> {
    const fresh: Fresh = { count: 0, result: false }
    for (let page = 0; this.reading; page++) {
      if (page > 0 && pastDeadline(this.ctx)) break
      const before = this.since
      const more = await this.readPage(fresh)
      if (more === null || !more || this.since === before) break
    }
    return fresh
  }

  /** One page; whether there is more (null when the route is missing). */
  private async readPage(fresh: Fresh): Promise<boolean | null> {
    const { ctx } = this
    let page
    try {
      page = await ctx.api.agentEvents(ctx.runId, { since: this.since }, { signal: ctx.signal })
    } catch (error) {
      if (!(error instanceof RouteMissingError)) throw error
      this.missing = true
      const idle = ctx.idleTimeoutMs > 0
      sayMissing(
        ctx,
        error,
        "The step log cannot show the agent's events",
        idle
          ? 'The run is still followed by its status; `idle-timeout` cannot be judged without its events and is not applied.'
          : ctx.routesSaid
            ? null
            : 'The run is still followed by its status.'
      )
      return null
    }
    this.noteFramework(page.framework)
    const hadResult = ctx.tracker.result !== null
    const before = ctx.tracker.eventCount
    const events = [...page.events].sort((a, b) => a.sequenceNumber - b.sequenceNumber)
    for (const event of events) {
      if (!Number.isInteger(event.sequenceNumber)) continue
      ctx.tracker.agentEvent(
        event.sequenceNumber,
        trackedEvent(event, this.framework),
        event.createdAt
      )
      this.since = Math.max(this.since, event.sequenceNumber)
    }
    const count = ctx.tracker.eventCount - before
    fresh.count += count
    fresh.result ||= !hadResult && ctx.tracker.result !== null
    this.taken += count
    if (!this.reading) this.sayLimit()
    return page.hasMore
  }

  /** The framework as last said; an unknown one is said once. */
  private noteFramework(framework: string | null): void {
    if (framework === null || framework === this.framework) return
    this.framework = framework
    if (KNOWN_FRAMEWORKS.has(framework)) return
    this.ctx.log.info(
      `The agent runs on "${remoteText(framework, 60)}", whose events this action cannot read: ` +
        'each is shown as one plain line.'
    )
  }

  private sayLimit(): void {
    this.ctx.log.info(
      `Stopped reading the agent's events after ${this.taken}, the most one step reads; ` +
        'the run is still followed to its end' +
        (this.ctx.idleTimeoutMs > 0 ? ', without `idle-timeout`.' : '.')
    )
  }
}

/**
 * A network line as the tracker and the renderer take it: `GET url - 200
 * (12ms)`, as on /v1, with the sandbox's action when it is not the ordinary
 * `allow` (a denied request is the line a reader looks for).
 */
export function networkEntry(line: NetworkLine): LogEntry {
  const parts = [line.method, line.url]
  if (line.status !== null) parts.push('-', String(line.status))
  if (line.latencyMs !== null) parts.push(`(${line.latencyMs}ms)`)
  if (line.action !== null && !/^allow(ed)?$/i.test(line.action)) parts.push(`[${line.action}]`)
  return {
    timestamp: line.timestamp,
    type: 'network',
    level: 'info',
    message: parts.join(' '),
    sequenceNumber: null,
    eventType: null,
    eventData: null,
    network: null
  }
}

/** Reads the run's network lines through the platform's cursor; see the module comment. */
export class NetworkReader {
  private cursor: string | null = null
  /** Drops a line read twice (a cursor that does not move re-reads the last page). */
  private readonly seen = new LogCursor()
  private missing = false

  constructor(private readonly ctx: PlatformContext) {}

  get reading(): boolean {
    return !this.missing && this.seen.taken.entries < MAX_ITEMS
  }

  /** Reads every page there is now (bounded by the deadline after the first). */
  async read(): Promise<Fresh> {
    const fresh: Fresh = { count: 0, result: false }
    for (let page = 0; this.reading; page++) {
      if (page > 0 && pastDeadline(this.ctx)) break
      const more = await this.readPage(fresh)
      if (!more) break
    }
    return fresh
  }

  /** One page; whether another can be read now. */
  private async readPage(fresh: Fresh): Promise<boolean> {
    const { ctx } = this
    let page
    try {
      page = await ctx.api.networkLines(ctx.runId, { cursor: this.cursor }, { signal: ctx.signal })
    } catch (error) {
      if (!(error instanceof RouteMissingError)) throw error
      this.missing = true
      sayMissing(ctx, error, 'The step log shows no network lines', null)
      return false
    }
    const entries = this.seen.accept(page.lines.map(networkEntry))
    ctx.tracker.logEntries(entries)
    fresh.count += entries.length
    const moved = page.nextCursor !== null && page.nextCursor !== this.cursor
    if (page.nextCursor !== null) this.cursor = page.nextCursor
    return page.hasMore && moved
  }
}
