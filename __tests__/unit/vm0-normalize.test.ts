import { describe, expect, it } from '@jest/globals'
import {
  normalizeAgent,
  normalizeArtifact,
  normalizeLogEntry,
  normalizeMetrics,
  normalizePage,
  normalizeRun,
  normalizeVersion
} from '../../src/vm0/normalize.js'
import { paginate } from '../../src/vm0/paginate.js'
import { toRunEvent } from '../../src/vm0/events.js'
import type { Page } from '../../src/vm0/types.js'

const RUN_ID = '7f1c2d3e-0000-4000-8000-000000000001'

const camelRun = {
  id: RUN_ID,
  agentId: 'a1',
  agentName: 'reviewer',
  status: 'completed',
  prompt: 'hi',
  createdAt: '2025-01-01T00:00:00Z',
  startedAt: '2025-01-01T00:00:01Z',
  completedAt: '2025-01-01T00:00:11Z',
  error: null,
  executionTimeMs: 10000,
  checkpointId: 'c1',
  sessionId: 's1',
  artifactName: 'out',
  artifactVersion: null
}
const snakeRun = {
  id: RUN_ID,
  agent_id: 'a1',
  agent_name: 'reviewer',
  status: 'completed',
  prompt: 'hi',
  created_at: '2025-01-01T00:00:00Z',
  started_at: '2025-01-01T00:00:01Z',
  completed_at: '2025-01-01T00:00:11Z',
  execution_time_ms: 10000,
  checkpoint_id: 'c1',
  session_id: 's1',
  artifact_name: 'out',
  output: 'final answer'
}

describe('normalizeRun', () => {
  it('reads both dialects into the same shape, missing → null', () => {
    const a = normalizeRun(camelRun)
    const b = normalizeRun(snakeRun)
    expect(a).toEqual({ ...b, output: null })
    expect(b).toMatchObject({
      agentId: 'a1',
      executionTimeMs: 10000,
      checkpointId: 'c1',
      sessionId: 's1',
      artifactVersion: null,
      error: null,
      output: 'final answer'
    })
  })

  it('rejects items without an id and keeps unknown statuses as text', () => {
    expect(normalizeRun({ status: 'running' })).toBeNull()
    expect(normalizeRun('nope')).toBeNull()
    expect(normalizeRun({ id: 'x', status: 'hibernating' })?.status).toBe('hibernating')
    expect(normalizeRun({ id: 'x' })?.status).toBe('unknown')
  })

  it('reads an error given as an object', () => {
    expect(normalizeRun({ id: 'x', status: 'failed', error: { message: 'OOM' } })?.error).toBe(
      'OOM'
    )
  })
})

describe('other resources', () => {
  it('reads agents, artifacts and versions in both dialects', () => {
    expect(
      normalizeAgent({
        id: 'a',
        name: 'n',
        current_version_id: 'v',
        created_at: '2026-01-01T00:00:00Z'
      })
    ).toEqual({
      id: 'a',
      name: 'n',
      currentVersionId: 'v',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: null
    })
    expect(
      normalizeArtifact({ id: 'x', name: 'out', fileCount: 3, size: 10, currentVersionId: 'h' })
    ).toMatchObject({
      fileCount: 3,
      size: 10,
      currentVersionId: 'h'
    })
    expect(
      normalizeArtifact({ id: 'x', name: 'out', file_count: 3, current_version_id: 'h' })
    ).toMatchObject({
      fileCount: 3,
      currentVersionId: 'h'
    })
    expect(
      normalizeVersion(
        { id: 'h', volume_id: 'vol', created_by: 'agent', message: 'Checkpoint from run r' },
        'p'
      )
    ).toMatchObject({ artifactId: 'vol', createdBy: 'agent', message: 'Checkpoint from run r' })
    expect(normalizeVersion({ id: 'h' }, 'parent')?.artifactId).toBe('parent')
  })
})

describe('normalizePage', () => {
  it('reads camelCase and snake_case pagination', () => {
    const camel = normalizePage(
      { data: [{ id: 'a', name: 'x' }], pagination: { hasMore: true, nextCursor: 'a' } },
      normalizeAgent
    )
    const snake = normalizePage(
      { data: [{ id: 'a', name: 'x' }], pagination: { has_more: true, next_cursor: 'a' } },
      normalizeAgent
    )
    expect(camel).toEqual(snake)
    expect(camel).toMatchObject({ hasMore: true, nextCursor: 'a' })
  })

  it('tolerates a missing pagination block, a bare array and bad items', () => {
    expect(normalizePage({ data: [{ id: 'a' }, { name: 'no id' }, 3] }, normalizeAgent)).toEqual({
      data: [expect.objectContaining({ id: 'a' })],
      hasMore: false,
      nextCursor: null
    })
    expect(normalizePage([{ id: 'a' }], normalizeAgent)?.data).toHaveLength(1)
    expect(normalizePage({ nope: 1 }, normalizeAgent)).toBeNull()
  })
})

describe('normalizeLogEntry', () => {
  it('reads agent entries from metadata in both dialects', () => {
    const camel = normalizeLogEntry({
      timestamp: '2026-01-01T00:00:00Z',
      type: 'agent',
      level: 'info',
      message: '[assistant] {"type":"assistant"}',
      metadata: { sequenceNumber: 4, eventType: 'assistant', eventData: { type: 'assistant' } }
    })
    const snake = normalizeLogEntry({
      timestamp: '2026-01-01T00:00:00Z',
      type: 'agent',
      level: 'info',
      message: '[assistant] {"type":"assistant"}',
      metadata: { sequence_number: 4, event_type: 'assistant', event_data: { type: 'assistant' } }
    })
    expect(camel).toEqual(snake)
    expect(camel).toMatchObject({
      sequenceNumber: 4,
      eventType: 'assistant',
      eventData: { type: 'assistant' },
      network: null
    })
  })

  it('recovers the agent event from the message when metadata is missing', () => {
    expect(
      normalizeLogEntry({
        timestamp: '2026-01-01T00:00:00Z',
        type: 'agent',
        message: '[result] {"result":"ok"}'
      })
    ).toMatchObject({
      eventType: 'result',
      eventData: { result: 'ok' },
      sequenceNumber: null,
      level: 'info'
    })
  })

  it('reads network entries from metadata or from the message', () => {
    const meta = normalizeLogEntry({
      timestamp: '2026-01-01T00:00:00Z',
      type: 'network',
      level: 'error',
      message: 'GET https://x.test/a - 404 (12ms)',
      metadata: { method: 'GET', url: 'https://x.test/a', status: 404, duration: 12 }
    })
    const text = normalizeLogEntry({
      timestamp: '2026-01-01T00:00:00Z',
      type: 'network',
      level: 'error',
      message: 'GET https://x.test/a - 404 (12ms)'
    })
    expect(meta?.network).toEqual({
      method: 'GET',
      url: 'https://x.test/a',
      status: 404,
      duration: 12
    })
    expect(text?.network).toEqual(meta?.network)
  })

  it('keeps system lines as they are', () => {
    expect(
      normalizeLogEntry({
        timestamp: '2026-01-01T00:00:00Z',
        type: 'system',
        level: 'info',
        message: 'booting'
      })
    ).toEqual({
      timestamp: '2026-01-01T00:00:00Z',
      type: 'system',
      level: 'info',
      message: 'booting',
      sequenceNumber: null,
      eventType: null,
      eventData: null,
      network: null
    })
  })
})

describe('normalizeMetrics', () => {
  it('reads the service shape', () => {
    expect(
      normalizeMetrics({
        data: [
          {
            timestamp: '2025-01-01T00:00:00Z',
            cpuPercent: 10,
            memoryUsedMb: 100,
            memoryTotalMb: 2048
          },
          {
            timestamp: '2025-01-01T00:00:05Z',
            cpuPercent: 30,
            memoryUsedMb: 300,
            memoryTotalMb: 2048
          }
        ],
        summary: { avgCpuPercent: 20, maxMemoryUsedMb: 300, totalDurationMs: 5000 }
      })
    ).toEqual({
      avgCpuPercent: 20,
      maxMemoryUsedMb: 300,
      memoryTotalMb: 2048,
      totalDurationMs: 5000,
      samples: 2,
      points: [
        { timeMs: Date.parse('2025-01-01T00:00:00Z'), cpuPercent: 10, memoryUsedMb: 100 },
        { timeMs: Date.parse('2025-01-01T00:00:05Z'), cpuPercent: 30, memoryUsedMb: 300 }
      ]
    })
  })

  it('converts the byte counts the service puts in its …Mb fields to MiB', () => {
    const GiB = 1024 * 1024 * 1024
    const metrics = normalizeMetrics({
      data: [
        {
          timestamp: '2025-01-01T00:00:00Z',
          cpuPercent: 10,
          memoryUsedMb: 0.5 * GiB,
          memoryTotalMb: 4 * GiB
        },
        {
          timestamp: '2025-01-01T00:00:05Z',
          cpuPercent: 30,
          memoryUsedMb: 1.2 * GiB,
          memoryTotalMb: 4 * GiB
        }
      ],
      summary: { avgCpuPercent: 20, maxMemoryUsedMb: 1.2 * GiB, totalDurationMs: 5000 }
    })
    expect(metrics?.memoryTotalMb).toBe(4096)
    expect(metrics?.maxMemoryUsedMb).toBeCloseTo(1228.8, 5)
    expect(metrics?.points.map(p => p.memoryUsedMb)).toEqual([512, expect.closeTo(1228.8, 5)])
  })

  it('takes a used figure above the total (in MB) as bytes, even a small one', () => {
    const metrics = normalizeMetrics({
      data: [{ timestamp: '2025-01-01T00:00:00Z', memoryUsedMb: 900_000, memoryTotalMb: 4096 }]
    })
    expect(metrics?.maxMemoryUsedMb).toBeCloseTo(900_000 / 1024 / 1024, 5)
    expect(metrics?.memoryTotalMb).toBe(4096)
  })

  it('reads snake_case samples and computes a missing summary', () => {
    expect(
      normalizeMetrics({
        data: [
          {
            timestamp: '2025-01-01T00:00:00Z',
            cpu_percent: 10,
            memory_used_mb: 100,
            memory_total_mb: 1024
          },
          {
            timestamp: '2025-01-01T00:00:02Z',
            cpu_percent: 20,
            memory_used_mb: 50,
            memory_total_mb: 1024
          }
        ]
      })
    ).toEqual({
      avgCpuPercent: 15,
      maxMemoryUsedMb: 100,
      memoryTotalMb: 1024,
      totalDurationMs: 2000,
      samples: 2,
      points: [
        { timeMs: Date.parse('2025-01-01T00:00:00Z'), cpuPercent: 10, memoryUsedMb: 100 },
        { timeMs: Date.parse('2025-01-01T00:00:02Z'), cpuPercent: 20, memoryUsedMb: 50 }
      ]
    })
  })

  it('reports no metrics as nulls, not zeros', () => {
    expect(
      normalizeMetrics({
        data: [],
        summary: { avgCpuPercent: 0, maxMemoryUsedMb: 0, totalDurationMs: 0 }
      })
    ).toEqual({
      avgCpuPercent: null,
      maxMemoryUsedMb: null,
      memoryTotalMb: null,
      totalDurationMs: null,
      samples: 0,
      points: []
    })
  })

  it('reads the documented shape', () => {
    expect(
      normalizeMetrics({
        cpu: { usage_percent: 42.5, cores_used: 1.7 },
        memory: { used_bytes: 512 * 1024 * 1024, limit_bytes: 2048 * 1024 * 1024 },
        disk: { read_bytes: 1, write_bytes: 2 }
      })
    ).toEqual({
      avgCpuPercent: 42.5,
      maxMemoryUsedMb: 512,
      memoryTotalMb: 2048,
      totalDurationMs: null,
      samples: 1,
      points: []
    })
  })

  it('returns null for something else', () => {
    expect(normalizeMetrics({ hello: 1 })).toBeNull()
    expect(normalizeMetrics(null)).toBeNull()
  })
})

describe('toRunEvent', () => {
  it('maps the service events', () => {
    expect(toRunEvent({ event: 'status', data: '{"status":"running","run_id":"r"}' })).toEqual({
      kind: 'status',
      status: 'running'
    })
    expect(
      toRunEvent({
        id: '3',
        event: 'output',
        data: '{"sequence":3,"type":"assistant","data":{"type":"assistant"},"timestamp":"t"}'
      })
    ).toEqual({
      kind: 'output',
      sequence: 3,
      type: 'assistant',
      data: { type: 'assistant' },
      timestamp: 't'
    })
    expect(toRunEvent({ event: 'heartbeat', data: '{"timestamp":"t"}' })).toEqual({
      kind: 'heartbeat'
    })
    expect(
      toRunEvent({ event: 'complete', data: '{"status":"failed","output":null,"error":"boom"}' })
    ).toEqual({
      kind: 'complete',
      status: 'failed',
      error: 'boom'
    })
    expect(
      toRunEvent({ event: 'error', data: '{"message":"gone","code":"run_not_found"}' })
    ).toEqual({
      kind: 'error',
      message: 'gone',
      code: 'run_not_found'
    })
  })

  it('falls back to the SSE id for the sequence, ignores unknown events', () => {
    expect(
      toRunEvent({ id: '9', event: 'output', data: '{"type":"user","data":{}}' })
    ).toMatchObject({ sequence: 9 })
    expect(toRunEvent({ event: 'message', data: '{}' })).toBeNull()
    expect(toRunEvent({ event: 'status', data: 'not json' })).toBeNull()
    expect(toRunEvent({ event: 'output', data: '{"type":"x"}' })).toBeNull()
  })
})

describe('paginate', () => {
  const item = (id: string, v = 0): { id: string; v: number } => ({ id, v })
  type It = ReturnType<typeof item>
  const pager = (pages: Record<string, Page<It>>) => {
    const cursors: (string | null)[] = []
    return {
      cursors,
      fetch: async (cursor: string | null): Promise<Page<It>> => {
        cursors.push(cursor)
        const page = pages[cursor ?? '']
        if (!page) throw new Error(`unexpected cursor ${cursor}`)
        return page
      }
    }
  }

  it('follows cursors and de-duplicates repeated items, keeping first position and latest value', async () => {
    const p = pager({
      '': { data: [item('c'), item('b')], hasMore: true, nextCursor: 'b' },
      b: { data: [item('b', 1), item('a')], hasMore: true, nextCursor: 'a' },
      a: { data: [item('z')], hasMore: false, nextCursor: null }
    })
    expect(await paginate(p.fetch)).toEqual([item('c'), item('b', 1), item('a'), item('z')])
    expect(p.cursors).toEqual([null, 'b', 'a'])
  })

  it('stops when a page brings nothing new', async () => {
    const p = pager({
      '': { data: [item('c'), item('b')], hasMore: true, nextCursor: 'b' },
      b: { data: [item('c'), item('b')], hasMore: true, nextCursor: 'x' }
    })
    expect((await paginate(p.fetch)).map(i => i.id)).toEqual(['c', 'b'])
    expect(p.cursors).toEqual([null, 'b'])
  })

  it('stops when a cursor comes back', async () => {
    const p = pager({
      '': { data: [item('1')], hasMore: true, nextCursor: 'k' },
      k: { data: [item('2')], hasMore: true, nextCursor: 'j' },
      j: { data: [item('3')], hasMore: true, nextCursor: 'k' }
    })
    expect((await paginate(p.fetch)).map(i => i.id)).toEqual(['1', '2', '3'])
    expect(p.cursors).toEqual([null, 'k', 'j'])
  })

  it('stops at maxItems and at maxPages', async () => {
    const p = pager({
      '': { data: [item('1'), item('2')], hasMore: true, nextCursor: 'k' },
      k: { data: [item('3'), item('4')], hasMore: true, nextCursor: 'j' }
    })
    expect((await paginate(p.fetch, { maxItems: 3 })).map(i => i.id)).toEqual(['1', '2', '3'])
    expect(p.cursors).toEqual([null, 'k'])
    const q = pager({ '': { data: [item('1')], hasMore: true, nextCursor: 'k' } })
    expect(await paginate(q.fetch, { maxPages: 1 })).toHaveLength(1)
    expect(await paginate(q.fetch, { maxItems: 0 })).toEqual([])
  })

  it('uses the last id when the service says there is more but gives no cursor', async () => {
    const p = pager({
      '': { data: [item('1'), item('2')], hasMore: true, nextCursor: null },
      '2': { data: [item('3')], hasMore: false, nextCursor: null }
    })
    expect(await paginate(p.fetch)).toHaveLength(3)
  })
})

describe('statuses from the service', () => {
  it('are short words, or unknown: remote text cannot ride into a trusted log line', async () => {
    const { cleanStatus } = await import('../../src/vm0/types.js')
    expect(cleanStatus('running')).toBe('running')
    expect(cleanStatus('completed')).toBe('completed')
    expect(cleanStatus('running\n::add-mask::x')).toBe('unknown')
    expect(cleanStatus('::error::x')).toBe('unknown')
    expect(cleanStatus(null)).toBe('unknown')
  })
})
