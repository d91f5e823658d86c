import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startEmulator } from '../../emulator/vm0/index.js'
import type { Emulator, RunScript } from '../../emulator/vm0/index.js'
import { call, createRun, sleep, waitFor, waitForEnd } from './vm0-helpers.js'

const QUICK: RunScript = {
  pendingMs: 5,
  steps: [
    { at: 0, agent: { type: 'system', subtype: 'init' } },
    {
      at: 5,
      agent: { type: 'result', subtype: 'success', result: 'all done', total_cost_usd: 0.1 }
    }
  ],
  durationMs: 10
}

const MISSING_UUID = '00000000-0000-4000-8000-000000000000'

function expectError(
  res: { status: number; body: unknown; headers: Headers },
  status: number,
  type: string,
  code: string
): void {
  expect(res.status).toBe(status)
  expect(res.body).toEqual({ error: { type, code, message: expect.any(String) } })
  expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/)
}

describe('VM0 emulator API (camel dialect)', () => {
  let emu: Emulator
  let agentId: string

  beforeAll(async () => {
    emu = await startEmulator({
      agents: [{ name: 'coder' }, { name: 'empty', versions: 0 }],
      defaultScript: QUICK,
      eventTickMs: 20
    })
    agentId = emu.addAgent('other', { versions: 3 }).id
  })
  afterAll(() => emu.close())
  beforeEach(() => emu.reset())

  describe('auth and envelope', () => {
    it('generates a token shaped like the service', () => {
      expect(emu.token).toMatch(/^vm0_live_[A-Za-z0-9_-]{43}$/)
      expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(emu.storageUrl).not.toBe(emu.url)
    })

    it('answers 401 invalid_api_key without or with a wrong token', async () => {
      for (const headers of [
        { authorization: '' },
        { authorization: 'Bearer vm0_live_nope' },
        { authorization: emu.token }
      ]) {
        const res = await call(emu, '/v1/agents', { headers })
        expectError(res, 401, 'authentication_error', 'invalid_api_key')
      }
      expect((await call(emu, '/v1/agents')).status).toBe(200)
    })

    it('answers 404 resource_not_found for unknown runs and agents, 500 for non-UUID ids', async () => {
      const run = await call(emu, `/v1/runs/${MISSING_UUID}`)
      expectError(run, 404, 'not_found_error', 'resource_not_found')
      expect(run.body.error.message).toBe(`No such run: '${MISSING_UUID}'`)
      expectError(
        await call(emu, `/v1/agents/${MISSING_UUID}`),
        404,
        'not_found_error',
        'resource_not_found'
      )
      for (const path of [
        '/v1/runs/run_123',
        '/v1/agents/agt_1',
        '/v1/artifacts/x/versions',
        '/v1/runs/42/logs'
      ]) {
        expectError(await call(emu, path), 500, 'api_error', 'internal_error')
      }
    })
  })

  describe('agents', () => {
    it('lists agents newest first with a lower-cased exact name filter', async () => {
      const all = await call(emu, '/v1/agents')
      expect(all.body.data.map((a: { name: string }) => a.name)).toEqual([
        'other',
        'empty',
        'coder'
      ])
      expect(all.body.pagination).toEqual({ hasMore: false, nextCursor: null })
      const one = await call(emu, '/v1/agents?name=OTHER')
      expect(one.body.data).toHaveLength(1)
      expect(one.body.data[0]).toEqual({
        id: agentId,
        name: 'other',
        currentVersionId: expect.stringMatching(/^[0-9a-f]{64}$/),
        createdAt: expect.stringMatching(/Z$/),
        updatedAt: expect.stringMatching(/Z$/)
      })
      expect((await call(emu, '/v1/agents?name=oth')).body.data).toEqual([])
      const empty = (await call(emu, '/v1/agents?name=empty')).body.data[0]
      expect(empty.currentVersionId).toBeNull()
    })

    it('serves one agent and its versions, newest first', async () => {
      const agent = await call(emu, `/v1/agents/${agentId}`)
      expect(agent.body.name).toBe('other')
      const versions = await call(emu, `/v1/agents/${agentId}/versions`)
      expect(versions.body.data.map((v: { versionNumber: number }) => v.versionNumber)).toEqual([
        3, 2, 1
      ])
      expect(versions.body.data[0]).toEqual({
        id: agent.body.currentVersionId,
        agentId,
        versionNumber: 3,
        createdAt: expect.any(String)
      })
    })
  })

  describe('creating runs', () => {
    it('answers 202 with the run detail and never echoes secrets', async () => {
      const res = await call(emu, '/v1/runs', {
        body: {
          prompt: 'fix it',
          agent: 'coder',
          secrets: { API_KEY: 'sk-very-secret' },
          variables: { A: '1' },
          bogus: 1
        }
      })
      expect(res.status).toBe(202)
      expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/)
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        agentId: expect.any(String),
        agentName: 'coder',
        status: 'pending',
        prompt: 'fix it',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        startedAt: null,
        completedAt: null,
        error: null,
        executionTimeMs: null,
        checkpointId: null,
        sessionId: null,
        artifactName: null,
        artifactVersion: null
      })
      expect(res.text).not.toContain('sk-very-secret')
      const run = emu.runs()[0]
      expect(run).toMatchObject({
        agentName: 'coder',
        prompt: 'fix it',
        secrets: { API_KEY: 'sk-very-secret' },
        variables: { A: '1' }
      })
      expect(emu.getRun(res.body.id)?.createRequestBody).toMatchObject({ bogus: 1 })
    })

    it('answers 500 to validation failures', async () => {
      for (const body of [
        { agent: 'coder' },
        { prompt: '', agent: 'coder' },
        { prompt: 7, agent: 'coder' },
        '{not json',
        { prompt: 'x', agentId: 'agt_1' },
        { prompt: 'x', agent: 'coder', variables: { A: 1 } }
      ]) {
        expectError(await call(emu, '/v1/runs', { body }), 500, 'api_error', 'internal_error')
      }
      expect(emu.runs()).toEqual([])
    })

    it('answers 400 missing_parameter without an agent, 404 for an unknown one, 400 for one without versions', async () => {
      const none = await call(emu, '/v1/runs', { body: { prompt: 'x' } })
      expectError(none, 400, 'invalid_request_error', 'missing_parameter')
      const unknown = await call(emu, '/v1/runs', { body: { prompt: 'x', agent: 'ghost' } })
      expectError(unknown, 404, 'not_found_error', 'resource_not_found')
      expect(unknown.body.error.message).toBe("No such agent: 'ghost'")
      expectError(
        await call(emu, '/v1/runs', { body: { prompt: 'x', agentId: MISSING_UUID } }),
        404,
        'not_found_error',
        'resource_not_found'
      )
      const empty = await call(emu, '/v1/runs', { body: { prompt: 'x', agent: 'empty' } })
      expect(empty.status).toBe(400)
      expect(empty.body.error.type).toBe('invalid_request_error')
    })

    it('picks checkpointId over sessionId over agentId over agent', async () => {
      const first = await createRun(emu, { prompt: 'one', agent: 'coder' })
      await waitForEnd(emu, first)
      const done = await call(emu, `/v1/runs/${first}`)
      expect(done.body.status).toBe('completed')
      expect(done.body.sessionId).toMatch(/^[0-9a-f-]{36}$/)
      expect(done.body.checkpointId).toMatch(/^[0-9a-f-]{36}$/)
      expect(done.body.executionTimeMs).toBe(
        Date.parse(done.body.completedAt) - Date.parse(done.body.startedAt)
      )

      const viaCheckpoint = await createRun(emu, {
        prompt: 'two',
        checkpointId: done.body.checkpointId,
        sessionId: MISSING_UUID,
        agentId,
        agent: 'ghost'
      })
      expect(emu.getRun(viaCheckpoint)?.agentName).toBe('coder')
      await waitForEnd(emu, viaCheckpoint)
      expect(emu.getRun(viaCheckpoint)?.sessionId).toBe(done.body.sessionId)

      const viaSession = await createRun(emu, {
        prompt: 'three',
        sessionId: done.body.sessionId,
        agentId,
        agent: 'ghost'
      })
      expect(emu.getRun(viaSession)?.agentName).toBe('coder')
      await waitForEnd(emu, viaSession)

      const viaAgentId = await createRun(emu, { prompt: 'four', agentId, agent: 'coder' })
      expect(emu.getRun(viaAgentId)?.agentName).toBe('other')
      await waitForEnd(emu, viaAgentId)

      // The service's lookups throw on an unknown id, and every throw there is a 500.
      for (const unknown of [{ checkpointId: MISSING_UUID }, { sessionId: MISSING_UUID }]) {
        const res = await call(emu, '/v1/runs', {
          body: { prompt: 'x', ...unknown, agent: 'coder' }
        })
        expectError(res, 500, 'api_error', 'internal_error')
      }
    })

    it('stores agent names lower-case and matches them exactly, with no fallback', async () => {
      const mixed = emu.addAgent('Mixed-Case', { versions: 1 })
      expect(mixed.name).toBe('mixed-case')
      const listed = await call(emu, `/v1/agents/${mixed.id}`)
      expect(listed.body.name).toBe('mixed-case')
      const capitals = await call(emu, '/v1/runs', { body: { prompt: 'x', agent: 'Mixed-Case' } })
      expectError(capitals, 404, 'not_found_error', 'resource_not_found')
      expect(capitals.body.error.message).toBe("No such agent: 'Mixed-Case'")
      const lower = await createRun(emu, { prompt: 'x', agent: 'mixed-case' })
      expect(emu.getRun(lower)?.agentId).toBe(mixed.id)
      await waitForEnd(emu, lower)
    })

    it('answers 429 concurrent_run_limit_exceeded beyond the limit, with no Retry-After', async () => {
      emu.setScript('other', { neverEnds: true, pendingMs: 0 })
      const first = await createRun(emu, { prompt: 'long', agent: 'other' })
      const second = await call(emu, '/v1/runs', { body: { prompt: 'again', agent: 'coder' } })
      expectError(second, 429, 'rate_limit_error', 'concurrent_run_limit_exceeded')
      expect(second.headers.get('retry-after')).toBeNull()
      expect(emu.runs()).toHaveLength(1)
      await waitFor(() => emu.getRun(first)?.status === 'running')
      const marked = emu.finishRun(first, 'failed', 'boom')
      const detail = await call(emu, `/v1/runs/${first}`)
      expect(detail.body).toMatchObject({
        status: 'failed',
        error: 'boom',
        checkpointId: null,
        sessionId: null
      })
      expect(Date.parse(detail.body.completedAt)).toBe(marked)
      expect(
        (await call(emu, '/v1/runs', { body: { prompt: 'now', agent: 'coder' } })).status
      ).toBe(202)
      emu.setScript('other', QUICK)
    })
  })

  describe('listing runs', () => {
    it('sorts newest first, filters by status and keeps the id > cursor quirk', async () => {
      const many = await startEmulator({
        agents: [{ name: 'a' }],
        concurrencyLimit: 10,
        defaultScript: { neverEnds: true }
      })
      try {
        const ids: string[] = []
        for (let i = 0; i < 5; i++) ids.push(await createRun(many, { prompt: `p${i}`, agent: 'a' }))
        many.finishRun(ids[1] as string)
        const page1 = await call(many, '/v1/runs?limit=2')
        expect(page1.body.data.map((r: { prompt: string }) => r.prompt)).toEqual(['p4', 'p3'])
        expect(Object.keys(page1.body.data[0]).sort()).toEqual(
          [
            'agentId',
            'agentName',
            'completedAt',
            'createdAt',
            'id',
            'prompt',
            'startedAt',
            'status'
          ].sort()
        )
        expect(page1.body.pagination).toEqual({ hasMore: true, nextCursor: ids[3] })
        const cursor = ids[3] as string
        const page2 = await call(many, `/v1/runs?limit=100&cursor=${cursor}`)
        const expected = [...ids].reverse().filter(id => id > cursor)
        expect(page2.body.data.map((r: { id: string }) => r.id)).toEqual(expected)
        const completed = await call(many, '/v1/runs?status=completed')
        expect(completed.body.data.map((r: { id: string }) => r.id)).toEqual([ids[1]])
        for (const q of ['limit=0', 'limit=101', 'limit=abc', 'limit=', 'status=done']) {
          expectError(await call(many, `/v1/runs?${q}`), 500, 'api_error', 'internal_error')
        }
      } finally {
        await many.close()
      }
    })
  })

  describe('cancel', () => {
    it('cancels active runs only and refuses any body', async () => {
      emu.setScript('other', { neverEnds: true, pendingMs: 0 })
      const id = await createRun(emu, { prompt: 'long', agent: 'other' })
      expectError(
        await call(emu, `/v1/runs/${id}/cancel`, { method: 'POST', body: {} }),
        500,
        'api_error',
        'internal_error'
      )
      expectError(
        await call(emu, `/v1/runs/${id}/cancel`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' }
        }),
        500,
        'api_error',
        'internal_error'
      )
      const ok = await call(emu, `/v1/runs/${id}/cancel`, { method: 'POST' })
      expect(ok.status).toBe(200)
      expect(ok.body).toMatchObject({ id, status: 'cancelled' })
      const again = await call(emu, `/v1/runs/${id}/cancel`, { method: 'POST' })
      expectError(again, 400, 'invalid_request_error', 'invalid_state')
      expectError(
        await call(emu, `/v1/runs/${MISSING_UUID}/cancel`, { method: 'POST' }),
        404,
        'not_found_error',
        'resource_not_found'
      )
      emu.setScript('other', QUICK)
    })
  })

  describe('metrics', () => {
    it('is empty with no duration (null) before the run starts, and summarised after', async () => {
      emu.setScript('other', { pendingMs: 10_000 })
      const pending = await createRun(emu, { prompt: 'wait', agent: 'other' })
      const empty = await call(emu, `/v1/runs/${pending}/metrics`)
      expect(empty.body).toEqual({
        data: [],
        summary: { avgCpuPercent: 0, maxMemoryUsedMb: 0, totalDurationMs: null }
      })
      emu.finishRun(pending, 'cancelled')

      emu.setScript('other', {
        pendingMs: 0,
        durationMs: 40,
        metrics: [
          { cpuPercent: 10, memoryUsedMb: 100, memoryTotalMb: 1000 },
          { cpuPercent: 30, memoryUsedMb: 300, memoryTotalMb: 1000 }
        ]
      })
      const id = await createRun(emu, { prompt: 'go', agent: 'other' })
      await waitForEnd(emu, id)
      const res = await call(emu, `/v1/runs/${id}/metrics`)
      expect(res.body.data).toHaveLength(2)
      // In bytes, as the service sends them despite the field names.
      expect(res.body.data[0]).toEqual({
        timestamp: expect.stringMatching(/Z$/),
        cpuPercent: 10,
        memoryUsedMb: 100 * 1024 * 1024,
        memoryTotalMb: 1000 * 1024 * 1024,
        diskUsedMb: expect.any(Number),
        diskTotalMb: expect.any(Number)
      })
      expect(res.body.summary).toEqual({
        avgCpuPercent: 20,
        maxMemoryUsedMb: 300 * 1024 * 1024,
        totalDurationMs: 40
      })
      emu.setScript('other', QUICK)
    })
  })
})

describe('VM0 emulator logs', () => {
  let emu: Emulator
  let id: string
  let runStart: number

  beforeAll(async () => {
    // Each sandbox line its own entry at its own time (`sandboxBatchMs: 0`), so the filters
    // and the cursor's quirk show on entries of known times; batches are tested below.
    emu = await startEmulator({ agents: [{ name: 'other' }], sandboxBatchMs: 0 })
    emu.setScript('other', {
      pendingMs: 0,
      steps: [
        { at: 0, system: 'boot' },
        { at: 0, agent: { type: 'system', subtype: 'init' } },
        {
          at: 10,
          agent: { type: 'assistant', message: { content: [{ type: 'text', text: 'hi' }] } }
        },
        { at: 10, network: { method: 'GET', url: 'https://x.test/a', status: 200, duration: 12 } },
        { at: 10, network: { method: 'POST', url: 'https://x.test/b', status: 404, duration: 3 } },
        { at: 20, system: 'done' }
      ],
      durationMs: 25,
      lateEvents: [{ type: 'result', subtype: 'success', result: 'late' }]
    })
    id = await createRun(emu, { prompt: 'logs', agent: 'other' })
    await waitForEnd(emu, id)
    runStart = Date.parse((await call(emu, `/v1/runs/${id}`)).body.startedAt)
  })
  afterAll(() => emu.close())

  const at = (offset: number): string => new Date(runStart + offset).toISOString()

  it('renders agent, system and network entries as the service does', async () => {
    const res = await call(emu, `/v1/runs/${id}/logs?limit=100`)
    expect(res.body.data.map((e: { type: string }) => e.type)).toEqual([
      'system',
      'agent',
      'agent',
      'network',
      'network',
      'system',
      'agent'
    ])
    const [boot, init, , ok, notFound] = res.body.data
    expect(boot).toEqual({ timestamp: at(0), type: 'system', level: 'info', message: 'boot' })
    expect(init).toEqual({
      timestamp: at(0),
      type: 'agent',
      level: 'info',
      message: '[system] {"type":"system","subtype":"init"}',
      metadata: {
        sequenceNumber: 0,
        eventType: 'system',
        eventData: { type: 'system', subtype: 'init' }
      }
    })
    expect(ok).toMatchObject({ level: 'info', message: 'GET https://x.test/a - 200 (12ms)' })
    expect(notFound).toEqual({
      timestamp: at(10),
      type: 'network',
      level: 'error',
      message: 'POST https://x.test/b - 404 (3ms)',
      metadata: { method: 'POST', url: 'https://x.test/b', status: 404, duration: 3 }
    })
    const late = res.body.data[6]
    expect(late.metadata.sequenceNumber).toBe(2)
    expect(Date.parse(late.timestamp)).toBeGreaterThan(runStart + 25)
  })

  it('filters by type, since and until (both inclusive) and orders desc', async () => {
    const agent = await call(emu, `/v1/runs/${id}/logs?type=agent`)
    expect(
      agent.body.data.map(
        (e: { metadata: { sequenceNumber: number } }) => e.metadata.sequenceNumber
      )
    ).toEqual([0, 1, 2])
    const window = await call(emu, `/v1/runs/${id}/logs?since=${at(10)}&until=${at(20)}`)
    expect(window.body.data.map((e: { timestamp: string }) => e.timestamp)).toEqual([
      at(10),
      at(10),
      at(10),
      at(20)
    ])
    const desc = await call(emu, `/v1/runs/${id}/logs?type=system&order=desc`)
    expect(desc.body.data.map((e: { message: string }) => e.message)).toEqual(['done', 'boot'])
    for (const q of [
      'type=debug',
      'order=up',
      'limit=0',
      'limit=101',
      'since=yesterday',
      'since=2024-01-01'
    ]) {
      expectError(await call(emu, `/v1/runs/${id}/logs?${q}`), 500, 'api_error', 'internal_error')
    }
  })

  it('pages with an exclusive timestamp cursor that loses entries sharing it', async () => {
    const first = await call(emu, `/v1/runs/${id}/logs?limit=3`)
    expect(first.body.pagination).toEqual({ hasMore: true, nextCursor: at(10) })
    const second = await call(
      emu,
      `/v1/runs/${id}/logs?limit=3&cursor=${first.body.pagination.nextCursor}`
    )
    // The two network entries at +10 ms share the cursor's timestamp and are skipped.
    expect(second.body.data.map((e: { message: string }) => e.message)).toEqual([
      'done',
      expect.stringMatching(/^\[result\]/)
    ])
    expect(second.body.pagination).toEqual({ hasMore: false, nextCursor: null })
  })

  it('never reports hasMore with a single type', async () => {
    const res = await call(emu, `/v1/runs/${id}/logs?type=agent&limit=1`)
    expect(res.body.data).toHaveLength(1)
    expect(res.body.pagination).toEqual({ hasMore: false, nextCursor: null })
  })
})

describe('VM0 emulator sandbox lines, uploaded in batches as the service receives them', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startEmulator({ agents: [{ name: 'batches' }] })
  })
  afterAll(() => emu.close())

  interface Entry {
    timestamp: string
    type: string
    message: string
  }
  const entries = async (id: string): Promise<Entry[]> =>
    (await call(emu, `/v1/runs/${id}/logs?limit=100`)).body.data as Entry[]
  const sandbox = (all: Entry[]): Entry[] => all.filter(e => e.type !== 'agent')

  it('holds the lines until the upload (30 s by default, and the end): one system entry stamped then, network entries at their own time', async () => {
    emu.setScript('batches', {
      pendingMs: 0,
      neverEnds: true,
      steps: [
        { at: 0, system: 'Sandbox ready' },
        { at: 5, network: { method: 'GET', url: 'https://x.test/a', status: 200, duration: 4 } },
        { at: 10, system: 'warning: lookup failed' },
        {
          at: 10,
          agent: { type: 'assistant', message: { content: [{ type: 'text', text: 'hi' }] } }
        }
      ]
    })
    const id = await createRun(emu, { prompt: 'p', agent: 'batches' })
    // The agent event at +10 landed with the lines at +10: every line has happened by now.
    await waitFor(() => (emu.getRun(id)?.events.length ?? 0) === 1)
    expect(sandbox(await entries(id))).toEqual([])
    const startedAt = emu.getRun(id)?.startedAt ?? 0
    const uploadedAt = emu.finishRun(id)
    const all = await entries(id)
    expect(sandbox(all)).toEqual([
      {
        timestamp: new Date(startedAt + 5).toISOString(),
        type: 'network',
        level: 'info',
        message: 'GET https://x.test/a - 200 (4ms)',
        metadata: { method: 'GET', url: 'https://x.test/a', status: 200, duration: 4 }
      },
      {
        timestamp: new Date(uploadedAt).toISOString(),
        type: 'system',
        level: 'info',
        message: 'Sandbox ready\nwarning: lookup failed'
      }
    ])
  })

  it('uploads every `sandboxBatchMs` while the run runs: each line once, in the batch after it', async () => {
    const quick = await startEmulator({ agents: [{ name: 'often' }], sandboxBatchMs: 50 })
    try {
      quick.setScript('often', {
        pendingMs: 0,
        neverEnds: true,
        steps: [
          { at: 0, system: 'one' },
          { at: 0, system: 'also one' },
          { at: 400, system: 'two' }
        ]
      })
      const id = await createRun(quick, { prompt: 'p', agent: 'often' })
      const read = async (): Promise<Entry[]> =>
        (await call(quick, `/v1/runs/${id}/logs?type=system`)).body.data as Entry[]
      let seen: Entry[] = []
      const deadline = Date.now() + 30_000
      while (seen.length < 2 && Date.now() < deadline) {
        seen = await read()
        await sleep(20)
      }
      const startedAt = quick.getRun(id)?.startedAt ?? 0
      expect(seen.map(e => e.message)).toEqual(['one\nalso one', 'two'])
      // Stamped when received: after the lines, never at their own time.
      expect(Date.parse(seen[0]?.timestamp ?? '')).toBeGreaterThan(startedAt)
      expect(Date.parse(seen[1]?.timestamp ?? '')).toBeGreaterThanOrEqual(startedAt + 400)
      quick.finishRun(id)
      // Nothing new since the last upload: the end adds no empty batch.
      expect((await read()).map(e => e.message)).toEqual(['one\nalso one', 'two'])
    } finally {
      await quick.close()
    }
  })
})

describe('VM0 emulator API (snake dialect)', () => {
  let emu: Emulator

  beforeAll(async () => {
    emu = await startEmulator({
      dialect: 'snake',
      agents: [{ name: 'coder' }],
      defaultScript: QUICK,
      eventTickMs: 20
    })
  })
  afterAll(() => emu.close())

  it('answers snake_case keys, echoes the artifact and adds output on completed runs', async () => {
    const id = await createRun(emu, { prompt: 'p', agent: 'coder', artifactName: 'out' })
    await waitForEnd(emu, id)
    const detail = await call(emu, `/v1/runs/${id}`)
    expect(detail.body).toMatchObject({
      agent_id: expect.any(String),
      agent_name: 'coder',
      status: 'completed',
      execution_time_ms: expect.any(Number),
      checkpoint_id: expect.any(String),
      session_id: expect.any(String),
      artifact_name: 'out',
      artifact_version: null,
      output: 'all done'
    })
    expect(detail.body).not.toHaveProperty('executionTimeMs')
    const list = await call(emu, '/v1/runs')
    expect(list.body.pagination).toEqual({ has_more: false, next_cursor: null })
    expect(list.body.data[0]).toHaveProperty('created_at')
  })

  it('accepts snake request fields as well as camel ones', async () => {
    const first = emu.runs()[0]
    const viaSnake = await createRun(emu, { prompt: 'p', agent_id: first?.agentId })
    expect(emu.getRun(viaSnake)?.agentName).toBe('coder')
    await waitForEnd(emu, viaSnake)
  })

  it('keeps the agent event inside log metadata untouched', async () => {
    emu.setScript('coder', {
      pendingMs: 0,
      steps: [{ at: 0, agent: { type: 'result', total_cost_usd: 1, numTurns: 2 } }]
    })
    const id = await createRun(emu, { prompt: 'p', agent: 'coder' })
    await waitForEnd(emu, id)
    const logs = await call(emu, `/v1/runs/${id}/logs`)
    expect(logs.body.data[0].metadata).toEqual({
      sequence_number: 0,
      event_type: 'result',
      event_data: { type: 'result', total_cost_usd: 1, numTurns: 2 }
    })
    emu.setScript('coder', QUICK)
  })

  it('serves metrics in the documented shape', async () => {
    const id = emu.runs()[0]?.id as string
    const res = await call(emu, `/v1/runs/${id}/metrics`)
    expect(res.body).toEqual({
      cpu: { usage_percent: expect.any(Number), cores_used: expect.any(Number) },
      memory: { used_bytes: expect.any(Number), limit_bytes: 4096 * 1024 * 1024 },
      disk: { read_bytes: expect.any(Number), write_bytes: expect.any(Number) }
    })
  })
})
