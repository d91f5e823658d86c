import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Agent } from 'undici'
import { TransportError, Vm0ApiError } from '../../src/base/errors.js'
import { Vm0Client, type Vm0ClientOptions } from '../../src/vm0/client.js'
import { apiError, json, startServer, type TestServer } from './vm0-server.js'

const TOKEN = 'vm0_live_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde'
const RUN_ID = '11111111-2222-4333-8444-555555555555'
const ART_ID = '99999999-2222-4333-8444-555555555555'
const HASH = 'ab'.repeat(32)

let server: TestServer
let storage: TestServer
const dispatcher = new Agent({ keepAliveTimeout: 1000 })

beforeAll(async () => {
  server = await startServer()
  storage = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/gzip' })
    res.end('not really a tarball')
  })
})
afterAll(async () => {
  await server.close()
  await storage.close()
  await dispatcher.close()
})

function client(overrides: Partial<Vm0ClientOptions> = {}): { c: Vm0Client; sleeps: number[] } {
  const sleeps: number[] = []
  const c = new Vm0Client({
    baseUrl: server.url,
    token: TOKEN,
    dispatcher,
    sleep: async ms => {
      sleeps.push(ms)
    },
    ...overrides
  })
  return { c, sleeps }
}

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}

const camelRun = {
  id: RUN_ID,
  agentId: 'agent-1',
  agentName: 'reviewer',
  status: 'completed',
  prompt: 'review',
  createdAt: '2025-01-01T00:00:00.000Z',
  startedAt: '2025-01-01T00:00:01.000Z',
  completedAt: '2025-01-01T00:00:31.000Z',
  error: null,
  executionTimeMs: 30000,
  checkpointId: 'cp-1',
  sessionId: 'ss-1',
  artifactName: null,
  artifactVersion: null
}
const snakeRun = {
  id: RUN_ID,
  agent_id: 'agent-1',
  agent_name: 'reviewer',
  status: 'completed',
  prompt: 'review',
  created_at: '2025-01-01T00:00:00.000Z',
  started_at: '2025-01-01T00:00:01.000Z',
  completed_at: '2025-01-01T00:00:31.000Z',
  error: null,
  execution_time_ms: 30000,
  checkpoint_id: 'cp-1',
  session_id: 'ss-1',
  artifact_name: null,
  artifact_version: null
}

describe('URLs and headers', () => {
  it('honours a path prefix and trailing slash, and sends bearer auth, accept and user agent', async () => {
    server.handle((_req, res) => json(res, 200, camelRun))
    const { c } = client({ baseUrl: `${server.url}/proxy/vm0/`, userAgent: 'test-agent/1' })
    await c.getRun(RUN_ID)
    const [req] = server.requests
    expect(req?.url).toBe(`/proxy/vm0/v1/runs/${RUN_ID}`)
    expect(req?.headers['authorization']).toBe(`Bearer ${TOKEN}`)
    expect(req?.headers['accept']).toBe('application/json')
    expect(req?.headers['user-agent']).toBe('test-agent/1')
  })

  it('accepts a base URL that already ends with /v1', async () => {
    server.handle((_req, res) => json(res, 200, camelRun))
    await client({ baseUrl: `${server.url}/v1/` }).c.getRun(RUN_ID)
    expect(server.requests[0]?.url).toBe(`/v1/runs/${RUN_ID}`)
  })

  it('escapes ids in paths', async () => {
    server.handle((_req, res) => apiError(res, 500, 'api_error', 'internal_error', 'Invalid uuid'))
    await caught(client({ maxAttempts: 1 }).c.getRun('../agents?x=1'))
    expect(server.requests[0]?.url).toBe('/v1/runs/..%2Fagents%3Fx%3D1')
  })
})

describe('runs in both dialects', () => {
  it('reads the run detail the same from camelCase and snake_case', async () => {
    server.handle((_req, res, { n }) => json(res, 200, n === 1 ? camelRun : snakeRun))
    const { c } = client()
    const a = await c.getRun(RUN_ID)
    const b = await c.getRun(RUN_ID)
    expect(a).toEqual(b)
    expect(a).toEqual({ ...camelRun, output: null })
  })

  it('answers a 200 that is not JSON with a TransportError, not retried', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html><title>Sign in</title></html>')
    })
    const { c, sleeps } = client()
    const error = await caught(c.getRun(RUN_ID))
    expect(error).toBeInstanceOf(TransportError)
    expect(error.message).toContain('`api-url`')
    expect(sleeps).toEqual([])
  })

  it('answers a JSON 200 without a run with a TransportError', async () => {
    server.handle((_req, res) => json(res, 200, { hello: 'world' }))
    expect(await caught(client().c.getRun(RUN_ID))).toBeInstanceOf(TransportError)
  })

  it('lists runs newest first, de-duplicated, surviving the cursor quirk', async () => {
    // The service sorts newest first but filters `id > cursor`: ids are not in time order here,
    // so following the cursor repeats and skips items.
    const runs = [
      { id: 'b', createdAt: '2025-01-05T00:00:00Z' },
      { id: 'e', createdAt: '2025-01-04T00:00:00Z' },
      { id: 'a', createdAt: '2025-01-03T00:00:00Z' },
      { id: 'd', createdAt: '2025-01-02T00:00:00Z' },
      { id: 'c', createdAt: '2025-01-01T00:00:00Z' }
    ].map(r => ({ ...r, status: 'completed', agentId: 'x' }))
    server.handle((_req, res, { url }) => {
      const limit = Number(url.searchParams.get('limit'))
      const cursor = url.searchParams.get('cursor')
      const rest = runs.filter(r => cursor === null || r.id > cursor)
      const page = rest.slice(0, limit)
      const hasMore = rest.length > limit
      json(res, 200, {
        data: page,
        pagination: { hasMore, nextCursor: hasMore ? (page[page.length - 1]?.id ?? null) : null }
      })
    })
    const { c } = client()
    const got = await c.listRuns({ limit: 2, maxItems: 50, status: 'completed' })
    const ids = got.map(r => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    // Sorted newest first whatever order the pages came in.
    const times = got.map(r => Date.parse(r.createdAt ?? ''))
    expect([...times].sort((x, y) => y - x)).toEqual(times)
    expect(server.requests.length).toBeLessThanOrEqual(5)
    expect(server.requests[0]?.url).toBe('/v1/runs?limit=2&status=completed')
    expect(server.requests[1]?.url).toBe('/v1/runs?limit=2&cursor=e&status=completed')
  })

  it('stops when a page repeats items and reads snake_case pagination', async () => {
    server.handle((_req, res, { n }) => {
      const pages = [
        {
          data: [snakeRun, { ...snakeRun, id: 'r2' }],
          pagination: { has_more: true, next_cursor: 'r2' }
        },
        {
          data: [
            { ...snakeRun, id: 'r2' },
            { ...snakeRun, id: 'r3' }
          ],
          pagination: { has_more: true, next_cursor: 'r3' }
        },
        { data: [{ ...snakeRun, id: 'r3' }], pagination: { has_more: true, next_cursor: 'r4' } }
      ]
      json(res, 200, pages[n - 1] ?? { data: [] })
    })
    const runs = await client().c.listRuns({ maxItems: 100 })
    expect(runs.map(r => r.id).sort()).toEqual([RUN_ID, 'r2', 'r3'].sort())
    expect(server.requests).toHaveLength(3)
  })

  it('uses limit as the total when maxItems is not given', async () => {
    server.handle((_req, res) =>
      json(res, 200, {
        data: [
          { id: '1', status: 'running' },
          { id: '2', status: 'running' }
        ],
        pagination: { hasMore: true, nextCursor: '2' }
      })
    )
    expect(await client().c.listRuns({ limit: 2 })).toHaveLength(2)
    expect(server.requests).toHaveLength(1)
  })
})

describe('cancelRun', () => {
  it('POSTs with no body and no content type', async () => {
    server.handle((_req, res) => json(res, 200, { ...camelRun, status: 'cancelled' }))
    const run = await client().c.cancelRun(RUN_ID)
    expect(run.status).toBe('cancelled')
    const [req] = server.requests
    expect(req?.method).toBe('POST')
    expect(req?.url).toBe(`/v1/runs/${RUN_ID}/cancel`)
    expect(req?.body).toBe('')
    expect(req?.headers['content-type']).toBeUndefined()
  })

  it('retries a cancel whose answer was lost; invalid_state on the retry reads the run back', async () => {
    let status = 'running'
    server.handle((req, res, { n }) => {
      if (req.method === 'GET') return json(res, 200, { ...camelRun, status })
      if (n === 1) {
        status = 'cancelled'
        req.socket.destroy()
        return
      }
      apiError(res, 400, 'invalid_request_error', 'invalid_state', 'Run is not active')
    })
    const { c, sleeps } = client()
    const run = await c.cancelRun(RUN_ID)
    expect(run.status).toBe('cancelled')
    expect(server.requests.map(r => r.method)).toEqual(['POST', 'POST', 'GET'])
    expect(sleeps).toHaveLength(1)
  })

  it('throws invalid_state on the first attempt', async () => {
    server.handle((_req, res) =>
      apiError(res, 400, 'invalid_request_error', 'invalid_state', 'Run is not active')
    )
    const error = await caught(client().c.cancelRun(RUN_ID))
    expect(error).toBeInstanceOf(Vm0ApiError)
    expect((error as Vm0ApiError).body.code).toBe('invalid_state')
    expect(server.requests).toHaveLength(1)
  })
})

describe('agents', () => {
  it('lists agents in both dialects, following the cursor and de-duplicating', async () => {
    const agents = [
      {
        id: 'a1',
        name: 'reviewer',
        currentVersionId: HASH,
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z'
      },
      {
        id: 'a2',
        name: 'team/writer',
        current_version_id: HASH,
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z'
      }
    ]
    server.handle((_req, res, { url }) =>
      url.searchParams.get('cursor') === null
        ? json(res, 200, { data: agents, pagination: { has_more: true, next_cursor: 'a2' } })
        : json(res, 200, { data: [agents[1]], pagination: { hasMore: false } })
    )
    expect(await client().c.listAgents()).toEqual([
      {
        id: 'a1',
        name: 'reviewer',
        currentVersionId: HASH,
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z'
      },
      {
        id: 'a2',
        name: 'team/writer',
        currentVersionId: HASH,
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z'
      }
    ])
    expect(server.requests.map(r => r.url)).toEqual([
      '/v1/agents?limit=100',
      '/v1/agents?limit=100&cursor=a2'
    ])
  })
})

describe('logs and metrics', () => {
  it('forwards the log query and reads both dialects', async () => {
    server.handle((_req, res) =>
      json(res, 200, {
        data: [
          {
            timestamp: '2025-01-01T00:00:01Z',
            type: 'agent',
            level: 'info',
            message: '[assistant] {}',
            metadata: { sequenceNumber: 0, eventType: 'assistant', eventData: {} }
          },
          {
            timestamp: '2025-01-01T00:00:02Z',
            type: 'agent',
            level: 'info',
            message: '[result] {}',
            metadata: { sequence_number: 1, event_type: 'result', event_data: { result: 'ok' } }
          },
          {
            timestamp: '2025-01-01T00:00:03Z',
            type: 'network',
            level: 'error',
            message: 'GET https://x.test/ - 500 (3ms)',
            metadata: { method: 'GET', url: 'https://x.test/', status: 500, duration: 3 }
          }
        ],
        pagination: { has_more: true, next_cursor: '2025-01-01T00:00:03Z' }
      })
    )
    const page = await client().c.getLogs(RUN_ID, {
      type: 'all',
      since: '2025-01-01T00:00:00Z',
      until: '2025-01-02T00:00:00Z',
      order: 'asc',
      limit: 500,
      cursor: 'c1'
    })
    const url = new URL(server.requests[0]?.url ?? '', 'http://x')
    expect(url.pathname).toBe(`/v1/runs/${RUN_ID}/logs`)
    expect(Object.fromEntries(url.searchParams)).toEqual({
      type: 'all',
      since: '2025-01-01T00:00:00Z',
      until: '2025-01-02T00:00:00Z',
      order: 'asc',
      limit: '100',
      cursor: 'c1'
    })
    expect(page.hasMore).toBe(true)
    expect(page.nextCursor).toBe('2025-01-01T00:00:03Z')
    expect(page.data.map(e => e.sequenceNumber)).toEqual([0, 1, null])
    expect(page.data[1]?.eventData).toEqual({ result: 'ok' })
    expect(page.data[2]?.network).toEqual({
      method: 'GET',
      url: 'https://x.test/',
      status: 500,
      duration: 3
    })
  })

  it('reads metrics in the service shape and the documented shape', async () => {
    server.handle((_req, res, { n }) =>
      json(
        res,
        200,
        n === 1
          ? {
              data: [
                {
                  timestamp: '2026-01-01T00:00:00Z',
                  cpuPercent: 50,
                  memoryUsedMb: 256,
                  memoryTotalMb: 1024
                }
              ],
              summary: { avgCpuPercent: 50, maxMemoryUsedMb: 256, totalDurationMs: 1000 }
            }
          : {
              cpu: { usage_percent: 12, cores_used: 0.5 },
              memory: { used_bytes: 268435456, limit_bytes: 1073741824 },
              disk: { read_bytes: 0, write_bytes: 0 }
            }
      )
    )
    const { c } = client()
    expect(await c.getMetrics(RUN_ID)).toEqual({
      avgCpuPercent: 50,
      maxMemoryUsedMb: 256,
      memoryTotalMb: 1024,
      totalDurationMs: 1000,
      samples: 1,
      points: [{ timeMs: Date.parse('2026-01-01T00:00:00Z'), cpuPercent: 50, memoryUsedMb: 256 }]
    })
    expect(await c.getMetrics(RUN_ID)).toEqual({
      avgCpuPercent: 12,
      maxMemoryUsedMb: 256,
      memoryTotalMb: 1024,
      totalDurationMs: null,
      samples: 1,
      points: []
    })
    expect(server.requests[0]?.url).toBe(`/v1/runs/${RUN_ID}/metrics`)
  })
})

describe('artifacts', () => {
  it('returns the 302 Location without following it, so the token never reaches storage', async () => {
    const presigned = `${storage.url}/bucket/archive.tar.gz?X-Amz-Signature=abc`
    server.handle((_req, res) => {
      res.writeHead(302, { location: presigned, 'x-request-id': 'req_1' })
      res.end()
    })
    const url = await client().c.artifactDownloadUrl(ART_ID, HASH.slice(0, 8))
    expect(url).toBe(presigned)
    expect(storage.requests).toHaveLength(0)
    const sent = new URL(server.requests[0]?.url ?? '', 'http://x')
    expect(sent.pathname).toBe(`/v1/artifacts/${ART_ID}/download`)
    expect(sent.searchParams.get('versionId')).toBe('abababab')
    expect(sent.searchParams.get('version_id')).toBe('abababab')
  })

  it('resolves a relative Location and leaves out an absent version', async () => {
    server.handle((_req, res) => {
      res.writeHead(302, { location: '/storage/a.tar.gz' })
      res.end()
    })
    expect(await client().c.artifactDownloadUrl(ART_ID)).toBe(`${server.url}/storage/a.tar.gz`)
    expect(server.requests[0]?.url).toBe(`/v1/artifacts/${ART_ID}/download`)
  })

  it('returns null on 404 (empty or unknown version)', async () => {
    server.handle((_req, res) =>
      apiError(res, 404, 'not_found_error', 'resource_not_found', 'No such version')
    )
    expect(await client().c.artifactDownloadUrl(ART_ID, 'deadbeef')).toBeNull()
  })

  it('lists artifacts and their versions in both dialects', async () => {
    server.handle((_req, res, { url }) => {
      if (url.pathname.endsWith('/versions')) {
        return json(res, 200, {
          data: [
            {
              id: HASH,
              artifact_id: ART_ID,
              size: 10,
              file_count: 2,
              message: `Checkpoint from run ${RUN_ID}`,
              created_by: 'agent',
              created_at: '2026-01-01T00:00:00Z'
            }
          ],
          pagination: { has_more: false, next_cursor: null }
        })
      }
      json(res, 200, {
        data: [
          {
            id: ART_ID,
            name: 'out',
            current_version_id: HASH,
            size: 10,
            file_count: 2,
            created_at: '2026-01-01T00:00:00Z',
            updated_at: '2026-01-01T00:00:00Z'
          }
        ],
        pagination: { hasMore: false, nextCursor: null }
      })
    })
    const { c } = client()
    expect(await c.listArtifacts()).toEqual([
      {
        id: ART_ID,
        name: 'out',
        currentVersionId: HASH,
        size: 10,
        fileCount: 2,
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z'
      }
    ])
    const versions = await c.listArtifactVersions(ART_ID)
    expect(versions).toEqual([
      {
        id: HASH,
        artifactId: ART_ID,
        size: 10,
        fileCount: 2,
        message: `Checkpoint from run ${RUN_ID}`,
        createdBy: 'agent',
        createdAt: '2026-01-01T00:00:00Z'
      }
    ])
    expect(server.requests.map(r => new URL(r.url, 'http://x').pathname)).toEqual([
      '/v1/artifacts',
      `/v1/artifacts/${ART_ID}/versions`
    ])
  })
})
