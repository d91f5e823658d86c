/**
 * Reading VM0 answers in either dialect (camelCase current, snake_case
 * documented) into the shapes of types.ts. Missing or mistyped fields
 * become null; an item without an id cannot be used and yields null so
 * the caller decides (lists skip it, a detail answer is an error).
 */
import {
  cleanStatus,
  type Agent,
  type Artifact,
  type ArtifactVersion,
  type LogEntry,
  type MetricPoint,
  type MetricsSummary,
  type Page,
  type Run
} from './types.js'
import { isObject } from '../base/json.js'

type Obj = Record<string, unknown>

/** The first of `keys` present (not undefined/null) in `o`. */
function pick(o: Obj, keys: readonly string[]): unknown {
  for (const key of keys) {
    const value = o[key]
    if (value !== undefined && value !== null) return value
  }
  return undefined
}

export function str(o: Obj, ...keys: string[]): string | null {
  const value = pick(o, keys)
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return null
}

export function num(o: Obj, ...keys: string[]): number | null {
  const value = pick(o, keys)
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value)
    return Number.isFinite(n) ? n : null
  }
  return null
}

function bool(o: Obj, ...keys: string[]): boolean | null {
  const value = pick(o, keys)
  if (typeof value === 'boolean') return value
  if (value === 'true') return true
  if (value === 'false') return false
  return null
}

/**
 * Ids the service hands out (runs, agents, sessions, checkpoints, versions):
 * they go into URL paths and the action's own log lines, so anything else
 * (a newline, `::`, `##[`) is refused.
 */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/
/** A timestamp as the service writes it (ISO 8601); anything else is dropped. */
const TIMESTAMP_PATTERN = /^[0-9][0-9T:.+ Z-]{0,39}$/

/** A string id, or null when it is absent or not a plain id. */
export function idStr(o: Obj, ...keys: string[]): string | null {
  const value = str(o, ...keys)
  return value !== null && ID_PATTERN.test(value) ? value : null
}

/** A timestamp as an ISO string; epoch milliseconds are converted. */
export function time(o: Obj, ...keys: string[]): string | null {
  const value = pick(o, keys)
  if (typeof value === 'string') return TIMESTAMP_PATTERN.test(value) ? value : null
  if (typeof value === 'number' && Number.isFinite(value)) {
    const date = new Date(value)
    return Number.isNaN(date.getTime()) ? null : date.toISOString()
  }
  return null
}

/** Free text that may come as a string or as `{message}`/any JSON. */
function text(o: Obj, ...keys: string[]): string | null {
  const value = pick(o, keys)
  if (value === undefined) return null
  if (typeof value === 'string') return value
  if (isObject(value) && typeof value['message'] === 'string') return value['message']
  try {
    return JSON.stringify(value)
  } catch {
    return null
  }
}

/** The item's id; null (the item cannot be used) when absent or not a plain id. */
function id(o: Obj): string | null {
  return idStr(o, 'id')
}

export function normalizeAgent(value: unknown): Agent | null {
  if (!isObject(value)) return null
  const agentId = id(value)
  if (agentId === null) return null
  return {
    id: agentId,
    name: str(value, 'name') ?? '',
    currentVersionId: idStr(value, 'currentVersionId', 'current_version_id'),
    createdAt: time(value, 'createdAt', 'created_at'),
    updatedAt: time(value, 'updatedAt', 'updated_at')
  }
}

export function normalizeRun(value: unknown): Run | null {
  if (!isObject(value)) return null
  const runId = id(value)
  if (runId === null) return null
  return {
    id: runId,
    agentId: idStr(value, 'agentId', 'agent_id'),
    agentName: str(value, 'agentName', 'agent_name', 'agent'),
    status: cleanStatus(str(value, 'status')),
    prompt: str(value, 'prompt'),
    createdAt: time(value, 'createdAt', 'created_at'),
    startedAt: time(value, 'startedAt', 'started_at'),
    completedAt: time(value, 'completedAt', 'completed_at'),
    error: text(value, 'error'),
    executionTimeMs: num(value, 'executionTimeMs', 'execution_time_ms'),
    checkpointId: idStr(value, 'checkpointId', 'checkpoint_id'),
    sessionId: idStr(value, 'sessionId', 'session_id'),
    artifactName: str(value, 'artifactName', 'artifact_name'),
    artifactVersion: idStr(value, 'artifactVersion', 'artifact_version'),
    output: text(value, 'output')
  }
}

export function normalizeArtifact(value: unknown): Artifact | null {
  if (!isObject(value)) return null
  const artifactId = id(value)
  if (artifactId === null) return null
  return {
    id: artifactId,
    name: str(value, 'name') ?? '',
    currentVersionId: idStr(value, 'currentVersionId', 'current_version_id'),
    size: num(value, 'size'),
    fileCount: num(value, 'fileCount', 'file_count'),
    createdAt: time(value, 'createdAt', 'created_at'),
    updatedAt: time(value, 'updatedAt', 'updated_at')
  }
}

/** A version of an artifact or of a volume (`volumeId` is read into `artifactId`). */
export function normalizeVersion(value: unknown, parentId: string): ArtifactVersion | null {
  if (!isObject(value)) return null
  const versionId = id(value)
  if (versionId === null) return null
  return {
    id: versionId,
    artifactId: idStr(value, 'artifactId', 'artifact_id', 'volumeId', 'volume_id') ?? parentId,
    size: num(value, 'size'),
    fileCount: num(value, 'fileCount', 'file_count'),
    message: str(value, 'message'),
    createdBy: str(value, 'createdBy', 'created_by'),
    createdAt: time(value, 'createdAt', 'created_at')
  }
}

const AGENT_MESSAGE = /^\[([^\]\s]+)\]\s?([\s\S]*)$/
const NETWORK_MESSAGE = /^([A-Z]+) (\S+) - (\d{3}) \((\d+(?:\.\d+)?)ms\)$/

export function normalizeLogEntry(value: unknown): LogEntry | null {
  if (!isObject(value)) return null
  const type = str(value, 'type') ?? 'unknown'
  const message = str(value, 'message') ?? ''
  const meta = isObject(value['metadata']) ? value['metadata'] : {}
  let eventType = str(meta, 'eventType', 'event_type')
  let eventData: unknown = pick(meta, ['eventData', 'event_data']) ?? null
  if (type === 'agent' && eventType === null) {
    // Entries without metadata still carry "[<eventType>] <JSON>" in the message.
    const m = AGENT_MESSAGE.exec(message)
    if (m) {
      eventType = m[1] ?? null
      if (eventData === null) {
        try {
          eventData = JSON.parse(m[2] ?? '')
        } catch {
          eventData = null
        }
      }
    }
  }
  let network: LogEntry['network'] = null
  if (type === 'network') {
    const method = str(meta, 'method')
    const url = str(meta, 'url')
    const status = num(meta, 'status', 'statusCode', 'status_code')
    const duration = num(meta, 'duration', 'durationMs', 'duration_ms')
    if (method !== null && url !== null && status !== null) {
      network = { method, url, status, duration: duration ?? 0 }
    } else {
      const m = NETWORK_MESSAGE.exec(message)
      if (m) {
        network = {
          method: m[1] ?? '',
          url: m[2] ?? '',
          status: Number(m[3]),
          duration: Number(m[4])
        }
      }
    }
  }
  return {
    timestamp: time(value, 'timestamp', 'createdAt', 'created_at') ?? '',
    type,
    level: str(value, 'level') ?? 'info',
    message,
    sequenceNumber: num(meta, 'sequenceNumber', 'sequence_number', 'sequence'),
    eventType,
    eventData,
    network
  }
}

/**
 * Reads a list answer `{data, pagination:{hasMore|has_more, nextCursor|next_cursor}}`
 * (also tolerating the pagination fields at the top level, or a bare
 * array). Items that cannot be normalised are skipped. Returns null when
 * the body has no list at all.
 */
export function normalizePage<T>(body: unknown, item: (v: unknown) => T | null): Page<T> | null {
  let rows: unknown[]
  let meta: Obj = {}
  if (Array.isArray(body)) {
    rows = body
  } else if (isObject(body) && Array.isArray(body['data'])) {
    rows = body['data']
    meta = isObject(body['pagination']) ? { ...body, ...body['pagination'] } : body
  } else {
    return null
  }
  const data: T[] = []
  for (const row of rows) {
    const value = item(row)
    if (value !== null) data.push(value)
  }
  return {
    data,
    hasMore: bool(meta, 'hasMore', 'has_more') ?? false,
    nextCursor: str(meta, 'nextCursor', 'next_cursor')
  }
}

/** A `…Mb` value above this is taken to be bytes (1,048,576 MB would be a terabyte). */
const BYTES_ABOVE_MB = 1024 * 1024
const MIB = 1024 * 1024

/**
 * A memory figure of a `…Mb` field in MiB. The service copies byte counts into
 * these fields, so a value above {@link BYTES_ABOVE_MB}, or above the total
 * (in MiB) when one is known, is bytes and is converted.
 */
function toMiB(value: number | null, totalMiB: number | null = null): number | null {
  if (value === null) return null
  const bytes = value > BYTES_ABOVE_MB || (totalMiB !== null && totalMiB > 0 && value > totalMiB)
  return bytes ? value / MIB : value
}

/**
 * Reads `GET /v1/runs/:id/metrics` in either shape: the service's
 * `{data:[samples], summary:{avgCpuPercent, maxMemoryUsedMb, totalDurationMs}}`
 * or the documented `{cpu:{usage_percent}, memory:{used_bytes, limit_bytes}, disk}`.
 * Memory comes back in MiB (see {@link toMiB}); the samples with a timestamp
 * are kept as points. With no samples the service sends a zero summary: that
 * is reported as null.
 */
export function normalizeMetrics(body: unknown): MetricsSummary | null {
  if (!isObject(body)) return null
  const samples = Array.isArray(body['data']) ? body['data'].filter(isObject) : null
  const summary = isObject(body['summary']) ? body['summary'] : null
  if (samples !== null || summary !== null) return currentMetrics(samples ?? [], summary)
  const cpu = isObject(body['cpu']) ? body['cpu'] : null
  const memory = isObject(body['memory']) ? body['memory'] : null
  if (cpu === null && memory === null) return null
  const mib = (bytes: number | null): number | null => (bytes === null ? null : bytes / MIB)
  return {
    avgCpuPercent: cpu === null ? null : num(cpu, 'usage_percent', 'usagePercent'),
    maxMemoryUsedMb: memory === null ? null : mib(num(memory, 'used_bytes', 'usedBytes')),
    memoryTotalMb: memory === null ? null : mib(num(memory, 'limit_bytes', 'limitBytes')),
    totalDurationMs: num(body, 'duration_ms', 'durationMs'),
    samples: 1,
    points: []
  }
}

/** The service's `{data, summary}` shape. */
function currentMetrics(rows: Obj[], summary: Obj | null): MetricsSummary {
  const count = rows.length
  const fromSummary = (...keys: string[]): number | null => {
    if (summary === null) return null
    const v = num(summary, ...keys)
    return count === 0 && v === 0 ? null : v
  }
  const totals = rows.map(r => toMiB(num(r, 'memoryTotalMb', 'memory_total_mb')))
  const total = fromSummary('memoryTotalMb', 'memory_total_mb')
  const totalMiB = total !== null ? toMiB(total) : max(nonNull(totals))
  const points: MetricPoint[] = []
  const used: number[] = []
  const cpu: number[] = []
  for (const row of rows) {
    const cpuPercent = num(row, 'cpuPercent', 'cpu_percent')
    const memoryUsedMb = toMiB(num(row, 'memoryUsedMb', 'memory_used_mb'), totalMiB)
    if (cpuPercent !== null) cpu.push(cpuPercent)
    if (memoryUsedMb !== null) used.push(memoryUsedMb)
    const at = time(row, 'timestamp')
    const timeMs = at === null ? NaN : Date.parse(at)
    if (!Number.isNaN(timeMs)) points.push({ timeMs, cpuPercent, memoryUsedMb })
  }
  points.sort((a, b) => a.timeMs - b.timeMs)
  const peak = fromSummary('maxMemoryUsedMb', 'max_memory_used_mb')
  return {
    avgCpuPercent: fromSummary('avgCpuPercent', 'avg_cpu_percent') ?? average(cpu),
    maxMemoryUsedMb: peak !== null ? toMiB(peak, totalMiB) : max(used),
    memoryTotalMb: totalMiB,
    totalDurationMs: fromSummary('totalDurationMs', 'total_duration_ms') ?? durationOf(points),
    samples: count,
    points
  }
}

function nonNull(xs: Array<number | null>): number[] {
  return xs.filter((v): v is number => v !== null)
}

function average(xs: number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length
}

function max(xs: number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => Math.max(a, b))
}

function durationOf(points: MetricPoint[]): number | null {
  const first = points[0]
  const last = points.at(-1)
  if (first === undefined || last === undefined || points.length < 2) return null
  return last.timeMs - first.timeMs
}
