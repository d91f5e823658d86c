import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startEmulator } from '../../emulator/vm0/index.js'
import type { Emulator, FaultRule, RunScript } from '../../emulator/vm0/index.js'
import {
  call,
  createRun,
  outputSequences,
  readSse,
  sleep,
  waitFor,
  waitForEnd
} from './vm0-helpers.js'

const STEPS: RunScript = {
  pendingMs: 0,
  steps: [0, 20, 40, 60, 80].map(at => ({ at, agent: { type: 'assistant', n: at } })),
  durationMs: 100
}

async function outcome(promise: Promise<unknown>): Promise<'answered' | 'failed'> {
  try {
    await promise
    return 'answered'
  } catch {
    return 'failed'
  }
}

describe('VM0 emulator faults', () => {
  let emu: Emulator

  beforeAll(async () => {
    emu = await startEmulator({ agents: [{ name: 'a' }], defaultScript: STEPS, eventTickMs: 10 })
  })
  afterAll(() => emu.close())
  beforeEach(() => emu.reset())

  it('answers a proxy error page instead of handling, for `times` requests', async () => {
    emu.addFault({
      path: '/v1/agents',
      action: { kind: 'status', status: 503, body: '<html>Service Unavailable</html>' },
      times: 2
    })
    emu.addFault({ path: '/v1/runs', method: 'GET', action: { kind: 'status', status: 502 } })
    for (let i = 0; i < 2; i++) {
      const res = await call(emu, '/v1/agents')
      expect(res.status).toBe(503)
      expect(res.headers.get('content-type')).toContain('text/html')
      expect(res.headers.get('x-request-id')).toBeNull()
      expect(res.text).toContain('Service Unavailable')
    }
    expect((await call(emu, '/v1/agents')).status).toBe(200)
    const empty = await call(emu, '/v1/runs')
    expect(empty.status).toBe(502)
    expect(empty.text).toBe('')
    expect((await call(emu, '/v1/runs', { body: { prompt: 'p', agent: 'a' } })).status).toBe(202)
  })

  it('resets the connection before handling: no run is created', async () => {
    emu.addFault({ method: 'POST', path: '/v1/runs', action: { kind: 'reset' } })
    expect(await outcome(call(emu, '/v1/runs', { body: { prompt: 'p', agent: 'a' } }))).toBe(
      'failed'
    )
    expect(emu.runs()).toEqual([])
    expect(emu.requests.filter(r => r.method === 'POST')).toHaveLength(1)
    expect(emu.requests[0]?.body).toBe('{"prompt":"p","agent":"a"}')
  })

  it('handles then resets: the run exists although the client saw no answer', async () => {
    emu.addFault({ method: 'POST', path: '/v1/runs', action: { kind: 'handle-then-reset' } })
    expect(await outcome(call(emu, '/v1/runs', { body: { prompt: 'p', agent: 'a' } }))).toBe(
      'failed'
    )
    expect(emu.runs()).toHaveLength(1)
    const retry = await call(emu, '/v1/runs', { body: { prompt: 'p', agent: 'a' } })
    expect(retry.status).toBe(429)
  })

  it('delays an answer', async () => {
    emu.addFault({ path: /^\/v1\/agents/, action: { kind: 'delay', ms: 120 } })
    const started = Date.now()
    expect((await call(emu, '/v1/agents')).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(110)
  })

  it('drops a stream after N output events, cleanly or by destroying the socket', async () => {
    emu.addFault({ path: /\/events$/, action: { kind: 'drop-stream', afterEvents: 2 } })
    const id = await createRun(emu, { prompt: 'p', agent: 'a' })
    const dropped = await readSse(emu, `/v1/runs/${id}/events?lastEventId=-1`)
    expect(outputSequences(dropped)).toEqual([0, 1])
    expect(dropped.ending).toBe('end')
    expect(dropped.messages.some(m => m.event === 'complete')).toBe(false)
    const resumed = await readSse(emu, `/v1/runs/${id}/events?lastEventId=1`)
    expect(outputSequences(resumed)).toEqual([2, 3, 4])
    expect(resumed.messages.at(-1)?.event).toBe('complete')

    emu.reset()
    emu.addFault({
      path: /\/events$/,
      action: { kind: 'drop-stream', afterEvents: 1, mode: 'destroy' }
    })
    const next = await createRun(emu, { prompt: 'p', agent: 'a' })
    const broken = await readSse(emu, `/v1/runs/${next}/events?lastEventId=-1`)
    expect(broken.ending).toBe('error')
    expect(outputSequences(broken)).toEqual([0])
  })

  it('buffers a whole stream like a proxy would', async () => {
    emu.addFault({ path: /\/events$/, action: { kind: 'buffer-stream' } })
    const id = await createRun(emu, { prompt: 'p', agent: 'a' })
    const stream = await readSse(emu, `/v1/runs/${id}/events?lastEventId=-1`)
    expect(outputSequences(stream)).toEqual([0, 1, 2, 3, 4])
    // Nothing arrived before the run ended (a lower bound: load only delays), then all at once.
    expect(Math.min(...stream.messages.map(m => m.at))).toBeGreaterThanOrEqual(90)
    expect(new Set(stream.messages.map(m => m.chunk)).size).toBe(1)
  })

  it('truncates a storage download mid-body', async () => {
    const big = Buffer.alloc(64 * 1024, 7)
    const { artifactId } = emu.addArtifactVersion('big', { files: { 'blob.bin': big } })
    emu.addFault({ origin: 'storage', action: { kind: 'truncate', bytes: 100 } })
    const location = (await call(emu, `/v1/artifacts/${artifactId}/download`)).headers.get(
      'location'
    ) as string
    const res = await fetch(location)
    expect(res.status).toBe(200)
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(100)
    expect(await outcome(res.arrayBuffer())).toBe('failed')
    expect((await fetch(location).then(r => r.arrayBuffer())).byteLength).toBe(
      Number(res.headers.get('content-length'))
    )
    expect(emu.requests.filter(r => r.origin === 'storage')).toHaveLength(2)
  })

  it('matches on origin, method and path, and clearFaults removes every rule', async () => {
    emu.addFault({ origin: 'storage', action: { kind: 'status', status: 500 }, times: Infinity })
    emu.addFault({
      method: 'POST',
      path: /^\/v1\/agents$/,
      action: { kind: 'status', status: 599 }
    })
    expect((await call(emu, '/v1/agents')).status).toBe(200)
    for (let i = 0; i < 3; i++) expect((await fetch(`${emu.storageUrl}/x`)).status).toBe(500)
    emu.clearFaults()
    expect((await fetch(`${emu.storageUrl}/x`)).status).toBe(404)
  })

  it('draws probabilities from a seeded PRNG, so a seed repeats its pattern', async () => {
    const rule: FaultRule = {
      path: '/v1/agents',
      probability: 0.5,
      times: Infinity,
      action: { kind: 'status', status: 503 }
    }
    const pattern = async (seed: number): Promise<number[]> => {
      const e = await startEmulator({ seed })
      try {
        e.addFault(rule)
        const statuses: number[] = []
        for (let i = 0; i < 16; i++) statuses.push((await call(e, '/v1/agents')).status)
        return statuses
      } finally {
        await e.close()
      }
    }
    const first = await pattern(42)
    expect(await pattern(42)).toEqual(first)
    expect(first).toContain(503)
    expect(first).toContain(200)
  })

  it('records every request on both origins, in order', async () => {
    await call(emu, '/v1/agents?limit=5&limit=6', { headers: { 'x-test': 'yes' } })
    await fetch(`${emu.storageUrl}/nothing?a=1`)
    expect(emu.requests).toEqual([
      {
        origin: 'api',
        method: 'GET',
        path: '/v1/agents',
        query: { limit: '5' },
        headers: expect.objectContaining({ 'x-test': 'yes', authorization: `Bearer ${emu.token}` }),
        body: '',
        time: expect.any(Number)
      },
      expect.objectContaining({ origin: 'storage', path: '/nothing', query: { a: '1' } })
    ])
  })
})

describe('VM0 emulator close', () => {
  const count = (kind: string): number =>
    process.getActiveResourcesInfo().filter(r => r === kind).length

  it('closes servers, sockets and timers even with streams, runs and delays in flight', async () => {
    const servers = count('TCPServerWrap')
    const emu = await startEmulator({
      agents: [{ name: 'a' }],
      defaultScript: { neverEnds: true },
      eventTickMs: 10
    })
    expect(count('TCPServerWrap')).toBe(servers + 2)
    const id = await createRun(emu, { prompt: 'p', agent: 'a' })
    const stream = readSse(emu, `/v1/runs/${id}/events`)
    emu.addFault({ path: '/v1/agents', action: { kind: 'delay', ms: 10_000 } })
    const slow = outcome(call(emu, '/v1/agents'))
    await waitFor(() => emu.requests.length >= 3)
    await emu.close()
    expect((await stream).ending).toBe('error')
    expect(await slow).toBe('failed')
    expect(count('TCPServerWrap')).toBe(servers)
    await sleep(20)
    expect(count('TCPSocketWrap')).toBe(0)
    await expect(fetch(`${emu.url}/v1/agents`)).rejects.toThrow()
    // The run is frozen where it was, not finished.
    expect(['pending', 'running']).toContain(emu.getRun(id)?.status)
  })

  it('forgets runs on reset', async () => {
    const emu = await startEmulator({
      agents: [{ name: 'a' }],
      defaultScript: STEPS,
      eventTickMs: 10
    })
    try {
      const id = await createRun(emu, { prompt: 'p', agent: 'a' })
      await waitForEnd(emu, id)
      emu.reset()
      expect(emu.runs()).toEqual([])
      expect(() => emu.finishRun(id)).toThrow()
    } finally {
      await emu.close()
    }
  })
})
