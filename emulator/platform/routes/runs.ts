/**
 * The web app's run routes: detail, agent events (`telemetry/agent`, with
 * the service's defaults `limit=5&order=desc`), network lines and cancel.
 */
import type { Call, Reply } from '../../vm0/http.js'
import { iso } from '../../vm0/ids.js'
import { isActive } from '../../vm0/runs.js'
import type { RunRecord } from '../../vm0/runs.js'
import { answerOf } from '../threads.js'
import { PlatformError, badRequest, intParam, json } from '../wire.js'
import { ownRun, type PlatformContext } from './context.js'

/** `GET /api/runs/:id`: optional fields are left out while they have no value. */
export function runDetail(ctx: PlatformContext, _call: Call, id: string | undefined): Reply {
  const { run } = ownRun(ctx, id)
  const detail: Record<string, unknown> = {
    runId: run.id,
    status: run.status,
    prompt: run.prompt,
    createdAt: iso(run.createdAt)
  }
  if (run.startedAt !== null) detail.startedAt = iso(run.startedAt)
  if (run.completedAt !== null) detail.completedAt = iso(run.completedAt)
  if (run.status === 'completed') {
    detail.result = {
      output: answerOf(run),
      executionTimeMs: (run.completedAt ?? 0) - (run.startedAt ?? run.createdAt),
      agentSessionId: run.sessionId,
      checkpointId: run.checkpointId
    }
  }
  if (run.error !== null) detail.error = run.error
  return json(200, detail)
}

function eventType(event: object): string {
  const type = (event as { type?: unknown }).type
  return typeof type === 'string' ? type : 'unknown'
}

/** An opaque page cursor: the last sequence number served. */
function readCursor(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const decoded = Buffer.from(raw, 'base64url').toString('utf8')
  const match = /^seq:(\d+)$/.exec(decoded)
  if (match === null) throw badRequest('Invalid cursor')
  return Number(match[1])
}

/** `GET /api/runs/:id/telemetry/agent`: sequences after `since`, in `order`, `limit` a page. */
export function telemetry(ctx: PlatformContext, call: Call, id: string | undefined): Reply {
  const { run } = ownRun(ctx, id)
  const q = call.query
  const since = intParam(q, 'since', { min: -1, max: Number.MAX_SAFE_INTEGER, fallback: -1 })
  const limit = intParam(q, 'limit', { min: 1, max: 100, fallback: 5 })
  const order = q.order ?? 'desc'
  if (order !== 'asc' && order !== 'desc') throw badRequest('Invalid order: must be asc or desc')
  const cursor = readCursor(q.cursor)
  const selected = run.events.filter(
    e =>
      e.sequence > since &&
      (cursor === undefined || (order === 'asc' ? e.sequence > cursor : e.sequence < cursor))
  )
  if (order === 'desc') selected.reverse()
  const page = selected.slice(0, limit)
  const hasMore = selected.length > limit
  const last = page.at(-1)
  return json(200, {
    events: page.map(e => ({
      sequenceNumber: e.sequence,
      eventType: eventType(e.event),
      eventData: e.event,
      createdAt: iso(e.ts)
    })),
    hasMore,
    ...(hasMore && last !== undefined
      ? { nextCursor: Buffer.from(`seq:${last.sequence}`).toString('base64url') }
      : {}),
    framework: ctx.agents.get(run.agent.id)?.framework ?? 'claude-code'
  })
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return ''
  }
}

/** Network lines after the time `cursor` (ISO, exclusive), oldest first. */
function networkLines(run: RunRecord, cursor: number | undefined): object[] {
  return run.logs
    .filter(log => log.type === 'network' && (cursor === undefined || log.ts > cursor))
    .sort((a, b) => a.ts - b.ts)
    .map(log => {
      const m = log.metadata as { method: string; url: string; status: number; duration: number }
      return {
        timestamp: iso(log.ts),
        action: 'allow',
        host: hostOf(m.url),
        method: m.method,
        url: m.url,
        status: m.status,
        latency_ms: m.duration
      }
    })
}

/** `GET /api/runs/:id/network`: a page of at most `limit` (≤ 500, default 100) lines. */
export function network(ctx: PlatformContext, call: Call, id: string | undefined): Reply {
  const { run } = ownRun(ctx, id)
  const limit = intParam(call.query, 'limit', { min: 1, max: 500, fallback: 100 })
  const raw = call.query.cursor
  const cursor = raw === undefined ? undefined : Date.parse(raw)
  if (cursor !== undefined && Number.isNaN(cursor)) throw badRequest('Invalid cursor')
  const lines = networkLines(run, cursor) as Array<{ timestamp: string }>
  const page = lines.slice(0, limit)
  const hasMore = lines.length > limit
  return json(200, {
    networkLogs: page,
    hasMore,
    ...(hasMore ? { nextCursor: page.at(-1)?.timestamp } : {})
  })
}

/** `POST /api/runs/:id/cancel`: idempotent on a cancelled run, 400 on one that ended otherwise. */
export function cancel(ctx: PlatformContext, _call: Call, id: string | undefined): Reply {
  const { run } = ownRun(ctx, id)
  if (isActive(run.status)) ctx.runs.finish(run, 'cancelled', null)
  if (run.status !== 'cancelled') {
    throw new PlatformError(
      400,
      'RUN_NOT_CANCELLABLE',
      `Run cannot be cancelled: it is ${run.status}`
    )
  }
  return json(200, { id: run.id, status: 'cancelled', message: 'Run cancelled' })
}
