/**
 * A scripted VM0 client for in-process tests of the pipeline: each call is
 * recorded, and answers come from plain values or errors set by the test.
 */
import { Vm0ApiError } from '../../src/base/errors.js'
import type { ActionClient } from '../../src/main.js'
import type {
  Agent,
  Artifact,
  ArtifactVersion,
  CreateRunRequest,
  LogEntry,
  MetricsSummary,
  Page,
  Run,
  RunEvent
} from '../../src/vm0/types.js'

export const RUN_ID = '11111111-2222-4333-8444-555555555555'

export function aRun(overrides: Partial<Run> = {}): Run {
  return {
    id: RUN_ID,
    agentId: 'agent-id-1',
    agentName: 'reviewer',
    status: 'running',
    prompt: 'hello',
    createdAt: '2026-12-01T10:00:00Z',
    startedAt: '2026-12-01T10:00:01Z',
    completedAt: null,
    error: null,
    executionTimeMs: null,
    checkpointId: null,
    sessionId: null,
    artifactName: null,
    artifactVersion: null,
    output: null,
    ...overrides
  }
}

/** A VM0 error answer as the client raises it. */
export function apiError(status: number, code: string, message: string): Vm0ApiError {
  return new Vm0ApiError(message, status, { type: 'error', code, message }, null, 'GET', '/v1')
}

type Answer<T> = T | Error | (() => T | Error)

function answer<T>(value: Answer<T>): T {
  const v = typeof value === 'function' ? (value as () => T | Error)() : value
  if (v instanceof Error) throw v
  return v
}

export class FakeVm0 implements ActionClient {
  readonly calls: string[] = []
  created: Answer<Run> = aRun()
  /** What `getRun` answers (attach, and the read after `invalid_state`). */
  current: Answer<Run> = aRun()
  cancelled: Answer<Run> = aRun({ status: 'cancelled' })
  metrics: Answer<MetricsSummary> = {
    avgCpuPercent: 12.5,
    maxMemoryUsedMb: 300,
    memoryTotalMb: 4096,
    totalDurationMs: null,
    samples: 3,
    points: []
  }
  /** Runs `createRun` after this, e.g. to abort the workflow while the create is in flight. */
  onCreate: () => void = () => {}

  async createRun(_request: CreateRunRequest): Promise<Run> {
    this.calls.push('createRun')
    this.onCreate()
    return answer(this.created)
  }
  async listAgents(): Promise<Agent[]> {
    this.calls.push('listAgents')
    return []
  }
  async listRuns(): Promise<Run[]> {
    this.calls.push('listRuns')
    return []
  }
  async getRun(id: string): Promise<Run> {
    this.calls.push(`getRun ${id}`)
    return answer(this.current)
  }
  async cancelRun(id: string): Promise<Run> {
    this.calls.push(`cancelRun ${id}`)
    return answer(this.cancelled)
  }
  async getMetrics(_runId?: string, _opts?: { signal?: AbortSignal }): Promise<MetricsSummary> {
    this.calls.push('getMetrics')
    return answer(this.metrics)
  }
  async getLogs(): Promise<Page<LogEntry>> {
    this.calls.push('getLogs')
    return { data: [], hasMore: false, nextCursor: null }
  }
  // eslint-disable-next-line require-yield -- no events: the tests script following itself
  async *events(): AsyncGenerator<RunEvent> {
    this.calls.push('events')
  }
  async listArtifacts(): Promise<Artifact[]> {
    throw new Error('not scripted: the tests script collecting itself')
  }
  async listArtifactVersions(): Promise<ArtifactVersion[]> {
    throw new Error('not scripted')
  }
  async artifactDownloadUrl(): Promise<string | null> {
    throw new Error('not scripted')
  }
}
