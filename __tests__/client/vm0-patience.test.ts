/**
 * The client once a run exists: with its Patience armed, transient failures
 * are retried until the deadline (not 5 times), VM0's absence is said once
 * and its return once, and what retrying cannot fix still fails at once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Agent } from 'undici'
import { AuthenticationError, TransportError } from '../../src/base/errors.js'
import { Vm0Client } from '../../src/vm0/client.js'
import { Patience } from '../../src/vm0/patience.js'
import { apiError, json, startServer, type TestServer } from './vm0-server.js'

const TOKEN = 'vm0_live_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde'
const RUN_ID = '11111111-2222-4333-8444-555555555555'
const RUN = { id: RUN_ID, agentId: 'a', agentName: 'n', status: 'running', prompt: 'p' }

let server: TestServer
const dispatcher = new Agent({ keepAliveTimeout: 1000 })

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server.close()
  await dispatcher.close()
})

/** A client on a virtual clock that only moves when it sleeps. */
function patientClient(deadlineAfterMs: number | null) {
  let now = Date.UTC(2026, 0, 1, 12, 3, 4)
  const sleeps: number[] = []
  const said: string[] = []
  const retryLines: string[] = []
  const patience = new Patience({ now: () => now, log: line => said.push(line) })
  if (deadlineAfterMs !== null) patience.arm(now + deadlineAfterMs)
  const client = new Vm0Client({
    baseUrl: server.url,
    token: TOKEN,
    dispatcher,
    sleep: async ms => {
      sleeps.push(ms)
      now += ms
    },
    now: () => now,
    random: () => 1,
    onRetry: line => retryLines.push(line),
    patience
  })
  return { client, sleeps, said, retryLines, patience }
}

describe('a patient client (the run exists)', () => {
  it('retries resets far past 5 attempts, says once it is unreachable and once it is back', async () => {
    server.handle((req, res, { n }) => {
      if (n <= 12) req.socket.destroy()
      else json(res, 200, RUN)
    })
    const { client, sleeps, said, retryLines } = patientClient(10 * 60_000)
    expect((await client.getRun(RUN_ID)).status).toBe('running')
    expect(server.requests).toHaveLength(13)
    expect(Math.max(...sleeps)).toBe(30_000)
    expect(retryLines).toEqual([])
    const gone = sleeps.reduce((a, b) => a + b, 0)
    // Once when it went, at most once a minute while it lasted, once when it came back.
    expect(said[0]).toMatch(
      /^VM0 unreachable since 12:03:04 UTC \((ECONNRESET|UND_ERR_SOCKET)\), retrying; the run keeps going on VM0\.$/
    )
    const still = said.slice(1, -1)
    expect(still.length).toBeGreaterThan(0)
    expect(still.length).toBeLessThanOrEqual(Math.floor(gone / 60_000))
    for (const line of still) expect(line).toMatch(/^VM0 still unreachable \(since 12:03:04 UTC, /)
    expect(said.at(-1)).toBe(`VM0 reachable again after ${Math.round(gone / 1000)} s.`)
  })

  it('retries non-JSON error pages of any status, even a 404 from a proxy', async () => {
    server.handle((_req, res, { n }) => {
      if (n <= 2) {
        res.writeHead(404, { 'content-type': 'text/html' })
        res.end('<html><title>Not Found</title></html>')
      } else json(res, 200, RUN)
    })
    const { client } = patientClient(60_000)
    expect((await client.getRun(RUN_ID)).id).toBe(RUN_ID)
    expect(server.requests).toHaveLength(3)
  })

  it('gives up only at the deadline, with the last error', async () => {
    server.handle(req => {
      req.socket.destroy()
    })
    const { client, sleeps } = patientClient(45_000)
    const error = await client.getRun(RUN_ID).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransportError)
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(45_000 - 1)
    expect((error as Error).message).toMatch(/Gave up after \d+ attempts over 45 s\./)
  })

  it('fails a 401 at once, in one request, quoting the service', async () => {
    server.handle((_req, res) =>
      apiError(
        res,
        401,
        'authentication_error',
        'invalid_api_key',
        'Please set up your scope first'
      )
    )
    const { client, sleeps, said } = patientClient(10 * 60_000)
    const error = await client.getLogs(RUN_ID, { type: 'system' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthenticationError)
    expect((error as Error).message).toContain('Please set up your scope first')
    expect(server.requests).toHaveLength(1)
    expect(sleeps).toEqual([])
    expect(said).toEqual([])
  })

  it('never makes a create patient', async () => {
    server.handle(req => {
      req.socket.destroy()
    })
    const { client } = patientClient(10 * 60_000)
    const error = await client.createRun({ prompt: 'p', agent: 'a' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransportError)
    expect(server.requests).toHaveLength(1)
  })

  it('before the run exists (not armed) keeps the 5 attempts and the per-attempt lines', async () => {
    server.handle(req => {
      req.socket.destroy()
    })
    const { client, retryLines, said } = patientClient(null)
    await client.getRun(RUN_ID).catch(() => null)
    expect(server.requests).toHaveLength(5)
    expect(retryLines).toHaveLength(4)
    expect(said).toEqual([])
  })

  it('a cancel, patient too, is still bounded by its signal', async () => {
    server.handle(req => {
      req.socket.destroy()
    })
    const { client } = patientClient(10 * 60_000)
    const controller = new AbortController()
    const real = new Vm0Client({
      baseUrl: server.url,
      token: TOKEN,
      dispatcher,
      patience: (() => {
        const p = new Patience({ now: Date.now, log: () => {} })
        p.arm(Date.now() + 600_000)
        return p
      })()
    })
    void client
    // Patient for 10 minutes: only the signal can end this cancel before the test's timeout.
    setTimeout(() => controller.abort(new Error('cancel budget spent')), 300)
    const error = await real
      .cancelRun(RUN_ID, { signal: controller.signal })
      .catch((e: unknown) => e)
    expect((error as Error).message).toBe('cancel budget spent')
  })
})
