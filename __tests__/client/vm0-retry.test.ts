import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Agent } from 'undici'
import {
  AuthenticationError,
  ConcurrencyLimitError,
  TransportError,
  Vm0ApiError
} from '../../src/base/errors.js'
import { Vm0Client, type Vm0ClientOptions } from '../../src/vm0/client.js'
import {
  REQUEST_ID,
  apiError,
  closedPort,
  json,
  startServer,
  type TestServer
} from './vm0-server.js'

const TOKEN = 'vm0_live_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde'
const RUN_ID = '11111111-2222-4333-8444-555555555555'
const RUN = {
  id: RUN_ID,
  agentId: 'a',
  agentName: 'n',
  status: 'pending',
  prompt: 'p',
  createdAt: '2025-01-01T00:00:00Z'
}
const HTML_503 =
  '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503</h1></center><hr><center>nginx</center></body></html>'

let server: TestServer
const dispatcher = new Agent({ keepAliveTimeout: 1000 })

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server.close()
  await dispatcher.close()
})

function client(overrides: Partial<Vm0ClientOptions> = {}) {
  const sleeps: number[] = []
  const lines: string[] = []
  const c = new Vm0Client({
    baseUrl: server.url,
    token: TOKEN,
    dispatcher,
    sleep: async ms => {
      sleeps.push(ms)
    },
    random: () => 0,
    onRetry: line => lines.push(line),
    ...overrides
  })
  return { c, sleeps, lines }
}

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}

describe('reads are retried', () => {
  it('retries a 503 HTML proxy page, then succeeds, logging one safe line', async () => {
    server.handle((_req, res, { n }) => {
      if (n === 1) {
        res.writeHead(503, { 'content-type': 'text/html' })
        res.end(HTML_503)
      } else json(res, 200, RUN)
    })
    const { c, sleeps, lines } = client()
    const run = await c.getRun(RUN_ID)
    expect(run.id).toBe(RUN_ID)
    expect(server.requests).toHaveLength(2)
    expect(sleeps).toEqual([250])
    expect(lines).toEqual([
      `GET /v1/runs/${RUN_ID} attempt 1/5 failed: 503 Service Unavailable; retrying in 0.25 s`
    ])
  })

  it('retries three connection resets with growing backoff', async () => {
    server.handle((req, res, { n }) => {
      if (n <= 3) req.socket.destroy()
      else json(res, 200, { data: [], pagination: { hasMore: false, nextCursor: null } })
    })
    const { c, sleeps, lines } = client()
    expect(await c.listRuns({ status: 'running' })).toEqual([])
    expect(server.requests).toHaveLength(4)
    expect(sleeps).toEqual([250, 500, 1000])
    expect(lines).toHaveLength(3)
    expect(lines[2]).toMatch(
      /^GET \/v1\/runs attempt 3\/5 failed: (ECONNRESET|UND_ERR_SOCKET); retrying in 1 s$/
    )
    // The query string never reaches a log line.
    for (const line of lines) expect(line).not.toContain('?')
  })

  it('gives up after maxAttempts without sleeping after the last, naming the attempts', async () => {
    server.handle((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' })
      res.end('<html><body>Bad gateway</body></html>')
    })
    let clock = 0
    const { c, sleeps, lines } = client({ now: () => (clock += 1000) })
    const error = await caught(c.getRun(RUN_ID))
    expect(error).toBeInstanceOf(TransportError)
    expect(error).toMatchObject({ status: 502, sent: true })
    expect(error.message).toContain('Gave up after 5 attempts over 1 s.')
    expect(error.message).not.toContain('<')
    expect(server.requests).toHaveLength(5)
    expect(sleeps).toEqual([250, 500, 1000, 2000])
    expect(lines).toHaveLength(4)
  })

  it('keeps the network cause on the final error', async () => {
    server.handle(req => {
      req.socket.destroy()
    })
    const { c } = client({ maxAttempts: 2 })
    const error = await caught(c.getRun(RUN_ID))
    expect(error).toBeInstanceOf(TransportError)
    expect((error as TransportError).cause).toBeInstanceOf(Error)
    expect(error.message).toContain('Gave up after 2 attempts')
  })

  it('does not retry a 401, and keeps the token out of the message', async () => {
    server.handle((_req, res) =>
      apiError(res, 401, 'authentication_error', 'invalid_api_key', `Bad key ${TOKEN}`)
    )
    const { c, sleeps } = client()
    const error = await caught(c.getRun(RUN_ID))
    expect(error).toBeInstanceOf(AuthenticationError)
    expect(error.message).toContain('`vm0-token`')
    expect(error.message).toContain(REQUEST_ID)
    expect(JSON.stringify({ m: error.message, e: error })).not.toContain(TOKEN)
    expect(server.requests).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it('bounds each attempt with requestTimeoutMs and retries the read', async () => {
    server.handle((_req, res, { n }) => {
      if (n === 2) json(res, 200, RUN)
      // The first request never gets an answer.
    })
    const { c, sleeps } = client({ requestTimeoutMs: 200 })
    expect((await c.getRun(RUN_ID)).id).toBe(RUN_ID)
    expect(sleeps).toHaveLength(1)
  })
})

describe('createRun is never blindly retried', () => {
  it('sends the request body in camelCase with bearer auth', async () => {
    server.handle((_req, res) => json(res, 202, RUN))
    const { c } = client()
    await c.createRun({
      prompt: 'p',
      agent: 'reviewer',
      variables: { A: '1' },
      secrets: { S: 'x' }
    })
    const [req] = server.requests
    expect(req?.method).toBe('POST')
    expect(req?.headers['authorization']).toBe(`Bearer ${TOKEN}`)
    expect(req?.headers['content-type']).toBe('application/json')
    expect(JSON.parse(req?.body ?? '')).toEqual({
      prompt: 'p',
      agent: 'reviewer',
      variables: { A: '1' },
      secrets: { S: 'x' }
    })
  })

  it('does not retry a 500, and the server sees exactly one request', async () => {
    server.handle((_req, res) =>
      apiError(res, 500, 'api_error', 'internal_error', 'Internal server error')
    )
    const { c, sleeps } = client()
    const error = await caught(c.createRun({ prompt: 'p', agent: 'a' }))
    expect(error).toBeInstanceOf(Vm0ApiError)
    expect(error.message).toContain('VM0 could not process POST /v1/runs (500 internal_error')
    expect(server.requests).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it('does not retry when the connection drops after sending, and says a run may exist', async () => {
    server.handle(req => {
      req.socket.destroy()
    })
    const { c, sleeps } = client()
    const error = await caught(c.createRun({ prompt: 'p', agent: 'a' }))
    expect(error).toBeInstanceOf(TransportError)
    expect(error).toMatchObject({ sent: true, status: null })
    expect(error.message).toContain('a run may have started')
    expect(server.requests).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it('does not retry a 502 proxy page', async () => {
    server.handle((_req, res) => {
      res.writeHead(502)
      res.end()
    })
    const { c } = client()
    const error = await caught(c.createRun({ prompt: 'p', agent: 'a' }))
    expect(error).toMatchObject({ name: 'TransportError', status: 502, sent: true })
    expect(error.message).toContain('a run may have started')
    expect(server.requests).toHaveLength(1)
  })

  it('throws ConcurrencyLimitError on 429 without retrying', async () => {
    server.handle((_req, res) =>
      apiError(
        res,
        429,
        'rate_limit_error',
        'concurrent_run_limit_exceeded',
        'Concurrent run limit exceeded'
      )
    )
    const { c, sleeps } = client()
    expect(await caught(c.createRun({ prompt: 'p', agent: 'a' }))).toBeInstanceOf(
      ConcurrencyLimitError
    )
    expect(server.requests).toHaveLength(1)
    expect(sleeps).toEqual([])
  })

  it('retries after ECONNREFUSED (never sent) and succeeds once the server listens', async () => {
    const port = await closedPort()
    let late: TestServer | undefined
    const sleeps: number[] = []
    const lines: string[] = []
    const c = new Vm0Client({
      baseUrl: `http://127.0.0.1:${port}`,
      token: TOKEN,
      dispatcher,
      random: () => 0,
      onRetry: line => lines.push(line),
      // The first back-off is when the service "comes up".
      sleep: async ms => {
        sleeps.push(ms)
        late ??= await startServer((_req, res) => json(res, 202, RUN), port)
      }
    })
    try {
      const run = await c.createRun({ prompt: 'p', agent: 'a' })
      expect(run.id).toBe(RUN_ID)
      expect(sleeps).toEqual([250])
      expect(lines[0]).toBe('POST /v1/runs attempt 1/5 failed: ECONNREFUSED; retrying in 0.25 s')
      expect(late?.requests).toHaveLength(1)
    } finally {
      await late?.close()
    }
  })

  it('gives up on a refused connection after maxAttempts, saying it was never sent', async () => {
    const port = await closedPort()
    const { c, sleeps } = client({ baseUrl: `http://127.0.0.1:${port}`, maxAttempts: 3 })
    const error = await caught(c.createRun({ prompt: 'p', agent: 'a' }))
    expect(error).toMatchObject({ name: 'TransportError', sent: false })
    expect(error.message).toContain('refused the connection')
    expect(error.message).not.toContain('a run may have started')
    expect(sleeps).toHaveLength(2)
  })

  it('throws the abort reason without sending when the signal is already aborted', async () => {
    server.handle((_req, res) => json(res, 202, RUN))
    const { c } = client()
    const controller = new AbortController()
    controller.abort(new Error('cancelled by the workflow'))
    const error = await caught(
      c.createRun({ prompt: 'p', agent: 'a' }, { signal: controller.signal })
    )
    expect(error.message).toBe('cancelled by the workflow')
    expect(server.requests).toHaveLength(0)
  })
})
