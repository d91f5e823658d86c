/**
 * The platform client against a small loopback server: the routes and
 * queries it sends, the error envelope mapped to what to do, enrichment
 * routes said once when missing, a core route that moved named, sends never
 * repeated once they may have arrived, a fresh clientEventId per attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Agent } from 'undici'
import { AuthenticationError, NotFoundError, Vm0ApiError } from '../../src/base/errors.js'
import { PlatformClient, type PlatformClientOptions } from '../../src/platform/client.js'
import { RouteMissingError } from '../../src/platform/errors.js'
import { json, startServer, type TestServer } from './vm0-server.js'

const TOKEN = 'vm0_pat_eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXZhbHVl'
const RUN_ID = '11111111-2222-4333-8444-555555555555'
const THREAD_ID = '22222222-3333-4444-8555-666666666666'
const AGENT_ID = '33333333-4444-4555-8666-777777777777'

let server: TestServer
const dispatcher = new Agent({ keepAliveTimeout: 1000 })

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server.close()
  await dispatcher.close()
})

function client(overrides: Partial<PlatformClientOptions> = {}): {
  c: PlatformClient
  said: string[]
} {
  const said: string[] = []
  let n = 0
  const c = new PlatformClient({
    baseUrl: server.url,
    token: TOKEN,
    dispatcher,
    sleep: async () => {},
    onRouteMissing: line => void said.push(line),
    newId: () => `00000000-0000-4000-8000-00000000000${++n}`,
    ...overrides
  })
  return { c, said }
}

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}

function lastRequest(): TestServer['requests'][number] {
  const r = server.requests[server.requests.length - 1]
  if (!r) throw new Error('no request')
  return r
}

describe('routes and answers', () => {
  it('sends a message into a thread through the public route with the bearer token', async () => {
    server.requests.length = 0
    server.handle((_req, res) =>
      json(res, 201, { threadId: THREAD_ID, messageId: 'm-1', runId: RUN_ID, createdAt: 'x' })
    )
    const sent = await client().c.sendMessage({ threadId: THREAD_ID, prompt: 'hi' })
    expect(sent).toEqual({ threadId: THREAD_ID, messageId: 'm-1', runId: RUN_ID })
    const req = lastRequest()
    expect(req.method).toBe('POST')
    expect(req.url).toBe('/api/v1/chat-threads/messages')
    expect(JSON.parse(req.body)).toEqual({ prompt: 'hi', threadId: THREAD_ID })
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`)
  })

  it('starts a thread through chat events with the user message, the model, and a fresh clientEventId', async () => {
    server.requests.length = 0
    server.handle((_req, res) => json(res, 201, { threadId: THREAD_ID, runId: null }))
    const sent = await client().c.startThread({ agentId: AGENT_ID, prompt: 'do it', model: 'm1' })
    expect(sent).toEqual({ threadId: THREAD_ID, messageId: null, runId: null })
    const body = JSON.parse(lastRequest().body) as Record<string, unknown>
    expect(lastRequest().url).toBe('/api/chat/events')
    expect(body).toEqual({
      agentId: AGENT_ID,
      prompt: 'do it',
      userMessage: { version: 1, parts: [{ type: 'text', text: 'do it' }] },
      clientEventId: '00000000-0000-4000-8000-000000000001',
      model: 'm1'
    })
  })

  it('reads agent events in ascending pages of 100 after the last sequence', async () => {
    server.handle((_req, res) =>
      json(res, 200, {
        events: [
          {
            sequenceNumber: 8,
            eventType: 'assistant',
            eventData: { a: 1 },
            createdAt: '2026-01-01T00:00:00Z'
          }
        ],
        hasMore: true,
        framework: 'claude-code'
      })
    )
    const page = await client().c.agentEvents(RUN_ID, { since: 7 })
    const url = new URL(lastRequest().url, server.url)
    expect(url.pathname).toBe(`/api/runs/${RUN_ID}/telemetry/agent`)
    expect(Object.fromEntries(url.searchParams)).toEqual({ order: 'asc', limit: '100', since: '7' })
    expect(page).toEqual({
      events: [
        {
          sequenceNumber: 8,
          eventType: 'assistant',
          eventData: { a: 1 },
          createdAt: '2026-01-01T00:00:00Z'
        }
      ],
      hasMore: true,
      framework: 'claude-code'
    })
  })

  it('reads a run into the shared Run shape, result fields included', async () => {
    server.handle((_req, res) =>
      json(res, 200, {
        runId: RUN_ID,
        status: 'completed',
        prompt: 'p',
        result: { output: 'the answer', executionTimeMs: 4200, agentSessionId: 's-1' },
        createdAt: 'c'
      })
    )
    const run = await client().c.getRun(RUN_ID)
    expect(run).toMatchObject({
      id: RUN_ID,
      status: 'completed',
      output: 'the answer',
      executionTimeMs: 4200,
      sessionId: null,
      error: null
    })
  })

  it('a run answer for another run id is unusable, not followed', async () => {
    server.handle((_req, res) => json(res, 200, { runId: THREAD_ID, status: 'running' }))
    const error = await caught(client({ maxAttempts: 1 }).c.getRun(RUN_ID))
    expect(error.message).toContain('a body that is not a run')
  })
})

describe('errors say what to do', () => {
  it('401 says the key is wrong, expired or revoked and where to create a personal key', async () => {
    server.handle((_req, res) =>
      json(res, 401, { error: { message: 'Not authenticated', code: 'UNAUTHORIZED' } })
    )
    const error = await caught(client().c.threadMessages(THREAD_ID))
    expect(error).toBeInstanceOf(AuthenticationError)
    expect(error.message).toContain('wrong, expired or revoked')
    expect(error.message).toContain('Settings → API keys')
    expect(error.message).toContain('vm0_pat_')
    expect(error.message).not.toContain(TOKEN)
  })

  it('402 INSUFFICIENT_CREDITS says to add credits, and the send is not repeated', async () => {
    server.requests.length = 0
    server.handle((_req, res) =>
      json(res, 402, { error: { message: 'No credits', code: 'INSUFFICIENT_CREDITS' } })
    )
    const error = await caught(client().c.sendMessage({ threadId: THREAD_ID, prompt: 'x' }))
    expect(error).toBeInstanceOf(Vm0ApiError)
    expect(error.message).toContain('add credits')
    expect(server.requests).toHaveLength(1)
  })

  it('404 with the envelope on a thread route names thread-id (a thread of another user)', async () => {
    server.handle((_req, res) =>
      json(res, 404, { error: { message: 'Thread not found', code: 'NOT_FOUND' } })
    )
    const error = await caught(client().c.sendMessage({ threadId: THREAD_ID, prompt: 'x' }))
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error.message).toContain('`thread-id`')
  })

  it('422 NO_MODEL_PROVIDER says to configure a model provider on the agent', async () => {
    server.handle((_req, res) =>
      json(res, 422, { error: { message: 'No provider', code: 'NO_MODEL_PROVIDER' } })
    )
    const error = await caught(
      client().c.startThread({ agentId: AGENT_ID, prompt: 'x', model: null })
    )
    expect(error.message).toContain('model provider')
  })

  it('a core route answering the bare Not found names the route and says the platform may have moved it', async () => {
    server.handle((_req, res) => json(res, 404, { error: 'Not found' }))
    const error = await caught(client().c.threadMessages(THREAD_ID))
    expect(error).not.toBeInstanceOf(RouteMissingError)
    expect(error.message).toContain('GET /api/v1/chat-threads/:id/messages')
    expect(error.message).toContain('may have moved it')
    expect(error.message).toContain('2026-09-19')
  })

  it('an enrichment route answering 404 bare or 405 throws RouteMissingError, said once per route', async () => {
    server.handle((req, res) => {
      if (req.url?.includes('/network')) {
        res.writeHead(405)
        res.end()
        return
      }
      json(res, 404, { error: 'Not found' })
    })
    const { c, said } = client()
    const first = await caught(c.agentEvents(RUN_ID, { since: -1 }))
    await caught(c.agentEvents(RUN_ID, { since: 3 }))
    const network = await caught(c.networkLines(RUN_ID, { cursor: null }))
    expect(first).toBeInstanceOf(RouteMissingError)
    expect(network).toBeInstanceOf(RouteMissingError)
    expect((first as RouteMissingError).route).toBe('GET /api/runs/:id/telemetry/agent')
    expect(said).toEqual([
      "Route GET /api/runs/:id/telemetry/agent is missing on this platform: the agent's events are not shown in the step log; going on without it.",
      "Route GET /api/runs/:id/network is missing on this platform: the sandbox's network lines are not shown; going on without it."
    ])
  })
})

describe('retries', () => {
  it('a read is retried on a 503; a send that may have arrived is not', async () => {
    let n = 0
    server.requests.length = 0
    server.handle((_req, res) => {
      n++
      if (n === 1) json(res, 503, { error: { message: 'busy', code: 'PROVIDER_UNAVAILABLE' } })
      else json(res, 200, { messages: [] })
    })
    expect(await client().c.threadMessages(THREAD_ID)).toEqual([])
    expect(server.requests).toHaveLength(2)

    server.requests.length = 0
    server.handle((_req, res) =>
      json(res, 503, { error: { message: 'busy', code: 'PROVIDER_UNAVAILABLE' } })
    )
    await caught(client().c.startThread({ agentId: AGENT_ID, prompt: 'x', model: null }))
    expect(server.requests).toHaveLength(1)
  })

  it('cancel: 400 RUN_NOT_CANCELLABLE on the first attempt is thrown as already final', async () => {
    server.handle((_req, res) =>
      json(res, 400, { error: { message: 'Run is final', code: 'RUN_NOT_CANCELLABLE' } })
    )
    const error = await caught(client().c.cancelRun(RUN_ID))
    const { isInvalidStateError } = await import('../../src/base/errors.js')
    expect(isInvalidStateError(error)).toBe(true)
  })

  it('cancel: a 200 answers the cancelled run; no body is sent', async () => {
    server.handle((_req, res) => json(res, 200, { id: RUN_ID, status: 'cancelled', message: 'ok' }))
    const run = await client().c.cancelRun(RUN_ID)
    expect(run).toMatchObject({ id: RUN_ID, status: 'cancelled' })
    expect(lastRequest().url).toBe(`/api/runs/${RUN_ID}/cancel`)
    expect(lastRequest().body).toBe('')
  })
})

describe('the token stays with the API', () => {
  it('authorizes only URLs on the API origin', () => {
    const { c } = client()
    expect(c.authorizationFor(new URL('/files/a.txt', server.url))).toBe(`Bearer ${TOKEN}`)
    expect(c.authorizationFor(new URL('http://127.0.0.2:1/files/a.txt'))).toBeNull()
    expect(c.authorizationFor(new URL('https://storage.example/a.txt'))).toBeNull()
  })
})
