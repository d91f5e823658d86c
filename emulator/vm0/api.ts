/**
 * The `/v1` routes of the API origin, with the service's quirks: validation
 * failures answer 500, list cursors filter `id > cursor` while sorting newest
 * first, the log cursor is an exclusive timestamp, and more (see vm0-api.md).
 */
import type { Call, Reply } from './http.js'
import { inDialect, pick } from './dialect.js'
import { ApiError, badRequest, notFound, validationError } from './errors.js'
import { isUuid, iso, newRequestId } from './ids.js'
import { isActive, metricSamples } from './runs.js'
import type { LogRecord, RunEngine, RunRecord, RunStatus } from './runs.js'
import { streamEvents } from './sse.js'
import { Agents, newestFirst } from './store.js'
import type { AgentRecord, Collections, Storage, StoredCollection } from './store.js'
import type { Dialect } from './types.js'

export interface ApiContext {
  dialect: Dialect
  token: string
  agents: Agents
  artifacts: Collections
  volumes: Collections
  storage: Storage
  storageUrl: string
  runs: RunEngine
  concurrencyLimit: number
  eventTickMs: number
  heartbeatMs: number
  metricsShape: 'current' | 'documented'
}

const STATUSES: readonly RunStatus[] = [
  'queued',
  'pending',
  'running',
  'completed',
  'failed',
  'timeout',
  'cancelled'
]
const LOG_TYPES = ['all', 'agent', 'system', 'network']
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/
const MIB = 1024 * 1024
/** Defaults for samples that do not say how much disk they use. */
const DISK_USED_MB = 1200
const DISK_TOTAL_MB = 10240
/** The sandbox's vCPUs, to turn a CPU percentage into the documented `cores_used`. */
const SANDBOX_CORES = 2

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return 20
  if (!/^\d+$/.test(value)) throw validationError()
  const limit = Number(value)
  if (limit < 1 || limit > 100) throw validationError()
  return limit
}

function parseTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  if (!ISO_UTC.test(value) || Number.isNaN(ms)) throw validationError()
  return ms
}

function requireUuid(id: string): string {
  if (!isUuid(id)) throw validationError()
  return id
}

/** The cursor quirk: `id > cursor` on a list sorted newest first. */
function paginate<T extends { id: string }>(
  items: T[],
  query: Record<string, string>,
  view: (item: T) => object
): object {
  const limit = parseLimit(query.limit)
  const cursor = query.cursor
  const remaining =
    cursor === undefined || cursor === '' ? items : items.filter(item => item.id > cursor)
  const page = remaining.slice(0, limit)
  const hasMore = remaining.length > limit
  return {
    data: page.map(view),
    pagination: { hasMore, nextCursor: hasMore ? (page.at(-1)?.id ?? null) : null }
  }
}

function optionalString(body: Json, dialect: Dialect, key: string): string | undefined {
  const value = pick(dialect, body, key)
  // null is taken as absent: lenient where the service's schema is unknown.
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw validationError()
  return value
}

function optionalMap(body: Json, key: string): Record<string, string> | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (!isObject(value)) throw validationError()
  for (const inner of Object.values(value)) if (typeof inner !== 'string') throw validationError()
  return value as Record<string, string>
}

/** Builds the handler of the API origin. */
export function apiHandler(ctx: ApiContext): (call: Call) => Reply {
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': newRequestId(), ...headers },
    body: JSON.stringify(inDialect(ctx.dialect, body))
  })

  const runDetail = (run: RunRecord): object => {
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

  const runItem = (run: RunRecord): object => ({
    id: run.id,
    agentId: run.agent.id,
    agentName: run.agent.name,
    status: run.status,
    prompt: run.prompt,
    createdAt: iso(run.createdAt),
    startedAt: run.startedAt === null ? null : iso(run.startedAt),
    completedAt: run.completedAt === null ? null : iso(run.completedAt)
  })

  const findRun = (id: string): RunRecord => {
    const run = ctx.runs.get(requireUuid(id))
    if (run === undefined) throw notFound('run', id)
    return run
  }

  const findAgent = (id: string): AgentRecord => {
    const agent = ctx.agents.get(requireUuid(id))
    if (agent === undefined) throw notFound('agent', id)
    return agent
  }

  const createRun = (call: Call): Reply => {
    let body: unknown
    try {
      body = JSON.parse(call.body.toString('utf8'))
    } catch {
      throw validationError()
    }
    if (!isObject(body)) throw validationError()
    const d = ctx.dialect
    const prompt = body.prompt
    if (typeof prompt !== 'string' || prompt === '') throw validationError()
    const agentName = optionalString(body, d, 'agent')
    const agentId = optionalString(body, d, 'agentId')
    const sessionId = optionalString(body, d, 'sessionId')
    const checkpointId = optionalString(body, d, 'checkpointId')
    optionalString(body, d, 'agentVersion')
    const artifactName = optionalString(body, d, 'artifactName')
    const artifactVersion = optionalString(body, d, 'artifactVersion')
    const variables = optionalMap(body, 'variables') ?? {}
    const secrets = optionalMap(body, 'secrets') ?? {}
    const volumeRefs = optionalMap(body, 'volumes')
    for (const id of [agentId, sessionId, checkpointId]) if (id !== undefined) requireUuid(id)

    let agent: AgentRecord | undefined
    let continuedSessionId: string | null = null
    if (checkpointId !== undefined) {
      const checkpoint = ctx.runs.checkpoint(checkpointId)
      if (checkpoint === undefined) throw notFound('checkpoint', checkpointId)
      agent = ctx.agents.get(checkpoint.agentId)
      continuedSessionId = checkpoint.sessionId
    } else if (sessionId !== undefined) {
      const session = ctx.runs.session(sessionId)
      if (session === undefined) throw notFound('session', sessionId)
      agent = ctx.agents.get(session.agentId)
      continuedSessionId = sessionId
    } else if (agentId !== undefined) {
      agent = ctx.agents.get(agentId)
      if (agent === undefined) throw notFound('agent', agentId)
    } else if (agentName !== undefined) {
      agent = ctx.agents.findByName(agentName) ?? ctx.agents.findByName(agentName.toLowerCase())
      if (agent === undefined) throw notFound('agent', agentName)
    } else {
      throw badRequest(
        'missing_parameter',
        'One of agent, agentId, sessionId or checkpointId is required'
      )
    }
    if (agent === undefined) throw notFound('agent', checkpointId ?? sessionId ?? '')
    if (agent.versions.length === 0) {
      throw badRequest(
        'invalid_parameter',
        `Agent '${agent.name}' has no versions: compose it first`
      )
    }

    let volumes: Record<string, string> | null = null
    if (volumeRefs !== undefined) {
      volumes = {}
      for (const [name, ref] of Object.entries(volumeRefs)) {
        const volume = ctx.volumes.findByName(name)
        if (volume === undefined) throw notFound('volume', name)
        const version =
          ref === 'latest' ? ctx.volumes.head(volume) : ctx.volumes.resolve(volume, ref)
        if (version === undefined) throw notFound('volume version', `${name}@${ref}`)
        volumes[name] = version.id
      }
    }

    if (ctx.runs.activeCount() >= ctx.concurrencyLimit) {
      throw new ApiError(
        429,
        'rate_limit_error',
        'concurrent_run_limit_exceeded',
        `Concurrent run limit exceeded: ${ctx.concurrencyLimit} active run(s) allowed`
      )
    }
    const run = ctx.runs.start({
      agent,
      prompt,
      variables,
      secrets,
      createRequestBody: body,
      continuedSessionId,
      artifactName: artifactName ?? null,
      artifactVersion: artifactVersion ?? null,
      volumes
    })
    return json(202, runDetail(run))
  }

  const listRuns = (call: Call): Reply => {
    const status = call.query.status
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status))
      throw validationError()
    let runs = newestFirst(ctx.runs.all())
    if (status !== undefined) runs = runs.filter(run => run.status === status)
    return json(200, paginate(runs, call.query, runItem))
  }

  const cancelRun = (call: Call, id: string): Reply => {
    requireUuid(id)
    // The route parses a body it does not expect: any body or JSON content type is a 500.
    const contentType = call.headers['content-type'] ?? ''
    if (call.body.length > 0 || contentType.includes('json')) throw validationError()
    const run = findRun(id)
    if (!isActive(run.status)) {
      throw badRequest('invalid_state', `Run '${id}' cannot be cancelled: it is ${run.status}`)
    }
    ctx.runs.finish(run, 'cancelled', null)
    return json(200, runDetail(run))
  }

  const metrics = (run: RunRecord): Reply => {
    const samples = metricSamples(run)
    const count = samples.length
    const avgCpu =
      count === 0
        ? 0
        : Math.round((samples.reduce((s, m) => s + m.cpuPercent, 0) / count) * 100) / 100
    const maxMemory = Math.max(0, ...samples.map(m => m.memoryUsedMb))
    const last = samples.at(-1)
    if (ctx.metricsShape === 'documented') {
      const diskUsed = last === undefined ? 0 : (last.diskUsedMb ?? DISK_USED_MB) * MIB
      return json(200, {
        cpu: { usage_percent: avgCpu, cores_used: Math.round(avgCpu * SANDBOX_CORES) / 100 },
        memory: { used_bytes: maxMemory * MIB, limit_bytes: (last?.memoryTotalMb ?? 0) * MIB },
        disk: { read_bytes: Math.round(diskUsed / 4), write_bytes: diskUsed }
      })
    }
    const end = run.completedAt ?? Date.now()
    return json(200, {
      data: samples.map(m => ({
        timestamp: iso(m.ts),
        cpuPercent: m.cpuPercent,
        memoryUsedMb: m.memoryUsedMb,
        memoryTotalMb: m.memoryTotalMb,
        diskUsedMb: m.diskUsedMb ?? DISK_USED_MB,
        diskTotalMb: m.diskTotalMb ?? DISK_TOTAL_MB
      })),
      summary: {
        avgCpuPercent: avgCpu,
        maxMemoryUsedMb: maxMemory,
        totalDurationMs: count === 0 || run.startedAt === null ? 0 : end - run.startedAt
      }
    })
  }

  const logs = (call: Call, run: RunRecord): Reply => {
    const q = call.query
    const type = q.type ?? 'all'
    const order = q.order ?? 'asc'
    if (!LOG_TYPES.includes(type) || (order !== 'asc' && order !== 'desc')) throw validationError()
    const limit = parseLimit(q.limit)
    const since = parseTime(q.since)
    const until = parseTime(q.until)
    const cursor = parseTime(q.cursor)
    const sorted = run.logs
      .map((entry, index) => ({ entry, index }))
      .sort((a, b) => a.entry.ts - b.entry.ts || a.index - b.index)
      .map(({ entry }) => entry)
    if (order === 'desc') sorted.reverse()
    const matching = sorted.filter(
      (e: LogRecord) =>
        (type === 'all' || e.type === type) &&
        (since === undefined || e.ts >= since) &&
        (until === undefined || e.ts <= until) &&
        (cursor === undefined || (order === 'asc' ? e.ts > cursor : e.ts < cursor))
    )
    const page = matching.slice(0, limit)
    // With a single type the service never reports more: a quirk clients must survive.
    const hasMore = type === 'all' && matching.length > limit
    const lastEntry = page.at(-1)
    return json(200, {
      data: page.map(e => ({
        timestamp: iso(e.ts),
        type: e.type,
        level: e.level,
        message: e.message,
        ...(e.metadata === undefined ? {} : { metadata: e.metadata })
      })),
      pagination: {
        hasMore,
        nextCursor: hasMore && lastEntry !== undefined ? iso(lastEntry.ts) : null
      }
    })
  }

  const events = (call: Call, id: string): Reply => {
    requireUuid(id)
    const raw = pick(ctx.dialect, call.query, 'lastEventId')
    if (raw !== undefined && !/^-?\d+$/.test(raw)) throw validationError()
    const lastEventId = raw === undefined ? 0 : Number(raw)
    return {
      stream: (res, fault) =>
        streamEvents(
          res,
          {
            runId: id,
            lastEventId,
            lookup: runId => ctx.runs.get(runId),
            tickMs: ctx.eventTickMs,
            heartbeatMs: ctx.heartbeatMs
          },
          fault
        )
    }
  }

  const collectionRoutes = (
    call: Call,
    collections: Collections,
    what: string,
    id: string | undefined,
    sub: string | undefined
  ): Reply | undefined => {
    if (id === undefined)
      return json(
        200,
        paginate(newestFirst(collections.all()), call.query, c => collections.view(c))
      )
    const found = collections.get(requireUuid(id))
    if (found === undefined) throw notFound(what, id)
    const collection: StoredCollection = found
    if (sub === undefined) return json(200, collections.detail(collection))
    if (sub === 'versions') {
      return json(
        200,
        paginate(newestFirst(collection.versions), call.query, v =>
          collections.versionView(collection, v)
        )
      )
    }
    if (sub === 'download') {
      const ref = pick(ctx.dialect, call.query, 'versionId')
      const version =
        ref === undefined ? collections.head(collection) : collections.resolve(collection, ref)
      if (version === undefined) throw notFound('version', ref ?? '')
      const location = ctx.storage.presign(ctx.storageUrl, collections.kind, collection.id, version)
      return { status: 302, headers: { location, 'x-request-id': newRequestId() } }
    }
    return undefined
  }

  const route = (call: Call): Reply | undefined => {
    const [, resource, id, sub, extra] = call.path.split('/').filter(s => s !== '')
    if (extra !== undefined) return undefined
    const get = call.method === 'GET'
    switch (resource) {
      case 'agents': {
        if (!get) return undefined
        if (id === undefined) {
          const name = call.query.name
          let agents = newestFirst(ctx.agents.all())
          if (name !== undefined) agents = agents.filter(a => a.name === name.toLowerCase())
          return json(
            200,
            paginate(agents, call.query, a => Agents.view(a))
          )
        }
        const agent = findAgent(id)
        if (sub === undefined) return json(200, Agents.view(agent))
        if (sub !== 'versions') return undefined
        const versions = [...agent.versions].reverse()
        return json(
          200,
          paginate(versions, call.query, v => ({
            id: v.id,
            agentId: agent.id,
            versionNumber: v.versionNumber,
            createdAt: iso(v.createdAt)
          }))
        )
      }
      case 'runs': {
        if (id === undefined) {
          if (call.method === 'POST') return createRun(call)
          return get ? listRuns(call) : undefined
        }
        if (sub === 'cancel') return call.method === 'POST' ? cancelRun(call, id) : undefined
        if (!get) return undefined
        if (sub === 'events') return events(call, id)
        const run = findRun(id)
        if (sub === undefined) return json(200, runDetail(run))
        if (sub === 'metrics') return metrics(run)
        if (sub === 'logs') return logs(call, run)
        return undefined
      }
      case 'artifacts':
        return get ? collectionRoutes(call, ctx.artifacts, 'artifact', id, sub) : undefined
      case 'volumes':
        return get ? collectionRoutes(call, ctx.volumes, 'volume', id, sub) : undefined
      default:
        return undefined
    }
  }

  return (call: Call): Reply => {
    try {
      if (!call.path.startsWith('/v1/') && call.path !== '/v1') {
        throw notFound('route', `${call.method} ${call.path}`)
      }
      const auth = call.headers.authorization ?? ''
      const match = /^Bearer\s+(.+)$/i.exec(auth)
      if (match?.[1] !== ctx.token) {
        throw new ApiError(
          401,
          'authentication_error',
          'invalid_api_key',
          'Invalid or missing API key'
        )
      }
      const reply = route(call)
      if (reply === undefined) throw notFound('route', `${call.method} ${call.path}`)
      return reply
    } catch (error) {
      if (error instanceof ApiError) return json(error.status, error.body())
      throw error
    }
  }
}
