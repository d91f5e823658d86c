/** What a run produced: `GET /v1/runs/:id/metrics`, `/logs` and `/events` (the SSE stream). */
import type { Call, Reply } from '../http.js'
import { pick } from '../dialect.js'
import { notFound, validationError } from '../errors.js'
import { iso } from '../ids.js'
import { metricSamples } from '../runs.js'
import type { LogRecord, RunRecord } from '../runs.js'
import { streamEvents } from '../sse.js'
import { json, parseLimit, parseTime, requireUuid, type ApiContext } from './common.js'

const LOG_TYPES = ['all', 'agent', 'system', 'network']
const MIB = 1024 * 1024
/** Defaults for samples that do not say how much disk they use. */
const DISK_USED_MB = 1200
const DISK_TOTAL_MB = 10240
/** The sandbox's vCPUs, to turn a CPU percentage into the documented `cores_used`. */
const SANDBOX_CORES = 2

/** Metrics in the shape the context asks for: the documented totals or the current samples. */
export function metrics(ctx: ApiContext, run: RunRecord): Reply {
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
    return json(ctx, 200, {
      cpu: { usage_percent: avgCpu, cores_used: Math.round(avgCpu * SANDBOX_CORES) / 100 },
      memory: { used_bytes: maxMemory * MIB, limit_bytes: (last?.memoryTotalMb ?? 0) * MIB },
      disk: { read_bytes: Math.round(diskUsed / 4), write_bytes: diskUsed }
    })
  }
  const end = run.completedAt ?? Date.now()
  // The service copies byte counts into its `…Mb` fields (docs/vm0-api.md): so does the emulator.
  return json(ctx, 200, {
    data: samples.map(m => ({
      timestamp: iso(m.ts),
      cpuPercent: m.cpuPercent,
      memoryUsedMb: m.memoryUsedMb * MIB,
      memoryTotalMb: m.memoryTotalMb * MIB,
      diskUsedMb: (m.diskUsedMb ?? DISK_USED_MB) * MIB,
      diskTotalMb: (m.diskTotalMb ?? DISK_TOTAL_MB) * MIB
    })),
    summary: {
      avgCpuPercent: avgCpu,
      maxMemoryUsedMb: maxMemory * MIB,
      // The service has no duration without samples: null, not 0.
      totalDurationMs: count === 0 || run.startedAt === null ? null : end - run.startedAt
    }
  })
}

/** The log entries the query selects, in time order (stable for equal times). */
function matchingLogs(call: Call, run: RunRecord, type: string, order: string): LogRecord[] {
  const q = call.query
  const since = parseTime(q.since)
  const until = parseTime(q.until)
  const cursor = parseTime(q.cursor)
  const sorted = run.logs
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.ts - b.entry.ts || a.index - b.index)
    .map(({ entry }) => entry)
  if (order === 'desc') sorted.reverse()
  return sorted.filter(
    (e: LogRecord) =>
      (type === 'all' || e.type === type) &&
      (since === undefined || e.ts >= since) &&
      (until === undefined || e.ts <= until) &&
      (cursor === undefined || (order === 'asc' ? e.ts > cursor : e.ts < cursor))
  )
}

/** A page of logs; the cursor is the last entry's time, exclusive. */
export function logs(ctx: ApiContext, call: Call, run: RunRecord): Reply {
  const q = call.query
  const type = q.type ?? 'all'
  const order = q.order ?? 'asc'
  if (!LOG_TYPES.includes(type) || (order !== 'asc' && order !== 'desc')) throw validationError()
  const limit = parseLimit(q.limit)
  const matching = matchingLogs(call, run, type, order)
  const page = matching.slice(0, limit)
  // With a single type the service never reports more: a quirk clients must survive.
  const hasMore = type === 'all' && matching.length > limit
  const lastEntry = page.at(-1)
  return json(ctx, 200, {
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

/** The event stream, resumed after `lastEventId`. */
export function events(ctx: ApiContext, call: Call, id: string): Reply {
  // An unknown run is a JSON 404 before any stream, as the service answers it.
  if (ctx.runs.get(requireUuid(id)) === undefined) throw notFound('run', id)
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
