/**
 * The VM0 API's resources as the action uses them, normalised from either
 * wire dialect (camelCase current, snake_case documented). Everything the
 * service may omit is `null`, never `undefined`, so callers test one thing.
 */

/** Statuses the service reports; `queued` may come from a later version. */
type RunStatus = 'queued' | 'pending' | 'running' | 'completed' | 'failed' | 'timeout' | 'cancelled'

const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'timeout', 'cancelled']

/**
 * A status as the service sent it, if it looks like one (a short lower-case
 * word), else `unknown`: statuses are printed in trusted lines, so remote
 * text must not ride in on them.
 */
export function cleanStatus(value: string | null | undefined): string {
  return typeof value === 'string' && /^[a-z][a-z_-]{0,31}$/.test(value) ? value : 'unknown'
}

export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status)
}

export interface Agent {
  id: string
  name: string
  currentVersionId: string | null
  createdAt: string | null
  updatedAt: string | null
}

export interface Run {
  id: string
  agentId: string | null
  agentName: string | null
  /** Kept as a string: an unknown future status must not crash the action. */
  status: string
  prompt: string | null
  createdAt: string | null
  startedAt: string | null
  completedAt: string | null
  error: string | null
  executionTimeMs: number | null
  checkpointId: string | null
  sessionId: string | null
  artifactName: string | null
  artifactVersion: string | null
  /** Only the documented dialect sends it; the current service never does. */
  output: string | null
}

/** What `POST /v1/runs` takes. Exactly the caller's choice of identifiers is sent. */
export interface CreateRunRequest {
  prompt: string
  agent?: string
  agentId?: string
  agentVersion?: string
  sessionId?: string
  checkpointId?: string
  variables?: Record<string, string>
  secrets?: Record<string, string>
  volumes?: Record<string, string>
  artifactName?: string
  artifactVersion?: string
}

type LogType = 'agent' | 'system' | 'network'

export interface LogEntry {
  timestamp: string
  /** `agent`, `system` or `network` ({@link LogType}); kept open for types a later service adds. */
  type: string
  level: string
  message: string
  /** Agent entries: the agent's stream event and its sequence number. */
  sequenceNumber: number | null
  eventType: string | null
  eventData: unknown
  /** Network entries. */
  network: { method: string; url: string; status: number; duration: number } | null
}

export interface LogQuery {
  type?: 'all' | LogType
  since?: string
  until?: string
  order?: 'asc' | 'desc'
  limit?: number
  cursor?: string
}

export interface Page<T> {
  data: T[]
  hasMore: boolean
  nextCursor: string | null
}

/**
 * A run's resource use. Memory is in MiB (1024 × 1024 bytes) whatever the
 * service sent: its `…Mb` fields carry bytes, converted when read.
 */
export interface MetricsSummary {
  avgCpuPercent: number | null
  maxMemoryUsedMb: number | null
  memoryTotalMb: number | null
  totalDurationMs: number | null
  samples: number
  /** The samples over time, oldest first (only those with a readable timestamp). */
  points: MetricPoint[]
}

/** One sample of a run's resource use. */
export interface MetricPoint {
  /** Epoch milliseconds. */
  timeMs: number
  cpuPercent: number | null
  /** MiB. */
  memoryUsedMb: number | null
}

export interface Artifact {
  id: string
  name: string
  currentVersionId: string | null
  size: number | null
  fileCount: number | null
  createdAt: string | null
  updatedAt: string | null
}

export interface ArtifactVersion {
  id: string
  artifactId: string
  size: number | null
  fileCount: number | null
  message: string | null
  createdBy: string | null
  createdAt: string | null
}

/**
 * One message from `GET /v1/runs/:id/events`, after SSE framing is undone.
 * The stream's `error` event is not one: the client throws StreamErrorEvent.
 */
export type RunEvent =
  | { kind: 'status'; status: string }
  | { kind: 'output'; sequence: number; type: string; data: unknown; timestamp: string | null }
  | { kind: 'heartbeat' }
  | { kind: 'complete'; status: string; error: string | null }
