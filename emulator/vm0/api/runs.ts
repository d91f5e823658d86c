/** `/v1/runs`: create, list, detail, cancel, and the per-run logs, metrics and events. */
import type { Call, Reply } from '../http.js'
import { badRequest, notFound, validationError } from '../errors.js'
import { iso } from '../ids.js'
import { isActive } from '../runs.js'
import type { RunRecord, RunStatus } from '../runs.js'
import { newestFirst } from '../store.js'
import { json, paginate, requireUuid, type ApiContext, type Json, type Target } from './common.js'
import { createRun } from './run-create.js'
import { events, logs, metrics } from './run-data.js'

const STATUSES: readonly RunStatus[] = [
  'queued',
  'pending',
  'running',
  'completed',
  'failed',
  'timeout',
  'cancelled'
]

function runDetail(ctx: ApiContext, run: RunRecord): object {
  const detail: Json = {
    id: run.id,
    agentId: run.agent.id,
    agentName: run.agent.name,
    status: run.status,
    prompt: run.prompt,
    createdAt: iso(run.createdAt),
    startedAt: run.startedAt === null ? null : iso(run.startedAt),
    completedAt: run.completedAt === null ? null : iso(run.completedAt),
    error: run.error,
    executionTimeMs:
      run.startedAt !== null && run.completedAt !== null ? run.completedAt - run.startedAt : null,
    checkpointId: run.checkpointId,
    sessionId: run.sessionId,
    // The current service answers null here; the documented one echoes the request.
    artifactName: ctx.dialect === 'snake' ? run.artifactName : null,
    artifactVersion: ctx.dialect === 'snake' ? run.artifactVersion : null
  }
  if (run.volumes !== null) detail.volumes = run.volumes
  if (ctx.dialect === 'snake' && run.status === 'completed') detail.output = run.output
  return detail
}

function runItem(run: RunRecord): object {
  return {
    id: run.id,
    agentId: run.agent.id,
    agentName: run.agent.name,
    status: run.status,
    prompt: run.prompt,
    createdAt: iso(run.createdAt),
    startedAt: run.startedAt === null ? null : iso(run.startedAt),
    completedAt: run.completedAt === null ? null : iso(run.completedAt)
  }
}

function findRun(ctx: ApiContext, id: string): RunRecord {
  const run = ctx.runs.get(requireUuid(id))
  if (run === undefined) throw notFound('run', id)
  return run
}

function listRuns(ctx: ApiContext, call: Call): Reply {
  const status = call.query.status
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status))
    throw validationError()
  let runs = newestFirst(ctx.runs.all())
  if (status !== undefined) runs = runs.filter(run => run.status === status)
  return json(ctx, 200, paginate(runs, call.query, runItem))
}

function cancelRun(ctx: ApiContext, call: Call, id: string): Reply {
  requireUuid(id)
  // The route parses a body it does not expect: any body or JSON content type is a 500.
  const contentType = call.headers['content-type'] ?? ''
  if (call.body.length > 0 || contentType.includes('json')) throw validationError()
  const run = findRun(ctx, id)
  if (!isActive(run.status)) {
    throw badRequest('invalid_state', `Run '${id}' cannot be cancelled: it is ${run.status}`)
  }
  ctx.runs.finish(run, 'cancelled', null)
  return json(ctx, 200, runDetail(ctx, run))
}

/** The run routes; undefined when none matches. */
export function runRoutes(ctx: ApiContext, call: Call, { id, sub }: Target): Reply | undefined {
  const get = call.method === 'GET'
  if (id === undefined) {
    if (call.method === 'POST') return json(ctx, 202, runDetail(ctx, createRun(ctx, call)))
    return get ? listRuns(ctx, call) : undefined
  }
  if (sub === 'cancel') return call.method === 'POST' ? cancelRun(ctx, call, id) : undefined
  if (!get) return undefined
  if (sub === 'events') return events(ctx, call, id)
  const run = findRun(ctx, id)
  if (sub === undefined) return json(ctx, 200, runDetail(ctx, run))
  if (sub === 'metrics') return metrics(ctx, run)
  if (sub === 'logs') return logs(ctx, call, run)
  return undefined
}
