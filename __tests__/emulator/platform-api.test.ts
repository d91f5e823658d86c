/**
 * The platform surface's auth, surfaces and core routes (docs/platform-api.md):
 * the PAT and nothing else, the bare 404 of unknown paths (and of `/v1` in
 * platform mode), agents by UUID and display name, and the public thread routes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { randomUUID } from 'node:crypto'
import { startEmulator } from '../../emulator/vm0/index.js'
import type { Emulator, RunScript } from '../../emulator/vm0/index.js'
import { errorOf, pcall, startThread, waitForPlatformEnd } from './platform-helpers.js'
import { call } from './vm0-helpers.js'

const ANSWER: RunScript = {
  pendingMs: 0,
  steps: [{ at: 0, agent: { type: 'result', subtype: 'success', result: 'All done.' } }],
  durationMs: 5
}
const NOT_AUTHENTICATED = [401, 'UNAUTHORIZED', 'Not authenticated']

describe('platform surface: auth and surfaces', () => {
  let emu: Emulator
  let agentId: string

  beforeAll(async () => {
    emu = await startEmulator({ platform: { agents: [{ displayName: 'Demo Agent' }] } })
    agentId = (await pcall(emu, '/api/agents')).body[0].agentId as string
  })
  afterAll(() => emu.close())

  it('mints a PAT: vm0_pat_ and a JWT-shaped string; the /v1 token stays vm0_live_', () => {
    expect(emu.platform.pat).toMatch(/^vm0_pat_[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(emu.token).toMatch(/^vm0_live_/)
    expect(emu.surfaces).toBe('both')
  })

  it('refuses every token but its PAT with the one 401, and a missing header on /api/v1 as API key required', async () => {
    const other = 'vm0_pat_eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'
    for (const token of [emu.token, other, 'opaque', '']) {
      expect(errorOf(await pcall(emu, '/api/agents', { token }))).toEqual(NOT_AUTHENTICATED)
    }
    expect(errorOf(await pcall(emu, '/api/agents', { token: null }))).toEqual(NOT_AUTHENTICATED)
    const bare = await pcall(emu, `/api/v1/chat-threads/${randomUUID()}`, { token: null })
    expect(errorOf(bare)).toEqual([401, 'UNAUTHORIZED', 'API key required'])
    const live = await pcall(emu, '/api/v1/chat-threads/messages', {
      token: emu.token,
      body: { prompt: 'p', threadId: randomUUID() }
    })
    expect(errorOf(live)).toEqual(NOT_AUTHENTICATED)
    expect((await pcall(emu, '/api/agents')).status).toBe(200)
  })

  it('rejects a non-UUID id before auth on the web app routes, after it on the public ones', async () => {
    for (const path of [
      '/api/runs/nope',
      '/api/runs/nope/telemetry/agent',
      '/api/chat-threads/x/events'
    ]) {
      expect(errorOf(await pcall(emu, path, { token: null }))[0]).toBe(400)
    }
    expect(errorOf(await pcall(emu, '/api/v1/chat-threads/nope', { token: null }))[0]).toBe(401)
    expect(errorOf(await pcall(emu, '/api/v1/chat-threads/nope'))).toEqual([
      400,
      'BAD_REQUEST',
      'Invalid threadId: must be a UUID'
    ])
  })

  it('answers any unknown path or method with the bare {"error":"Not found"}', async () => {
    for (const [method, path] of [
      ['GET', '/api/zero/runs'],
      ['POST', '/api/agent/runs'],
      ['GET', '/'],
      ['DELETE', `/api/runs/${randomUUID()}`],
      ['GET', '/api/chat/events']
    ] as const) {
      const res = await pcall(emu, path, { method })
      expect([res.status, res.text]).toEqual([404, '{"error":"Not found"}'])
    }
  })

  it('serves /v1 beside the platform in both mode: each token on its own surface', async () => {
    expect((await call(emu, '/v1/agents')).status).toBe(200)
    const patOnV1 = await call(emu, '/v1/agents', {
      headers: { authorization: `Bearer ${emu.platform.pat}` }
    })
    expect(patOnV1.status).toBe(401)
    expect(agentId).not.toBe('')
  })
})

describe('platform surface: one surface only', () => {
  it('platform mode answers every /v1 path with the bare 404, whatever the token', async () => {
    const emu = await startEmulator({ surfaces: 'platform', agents: [{ name: 'a' }] })
    try {
      for (const path of ['/v1/runs', '/v1/agents', '/v1']) {
        for (const token of [emu.token, emu.platform.pat]) {
          const res = await pcall(emu, path, {
            token,
            method: path === '/v1/runs' ? 'POST' : 'GET'
          })
          expect([res.status, res.text]).toEqual([404, '{"error":"Not found"}'])
        }
      }
      expect((await pcall(emu, '/api/agents')).status).toBe(200)
      expect(emu.runs()).toEqual([])
    } finally {
      await emu.close()
    }
  })

  it('v1 mode answers platform paths with the /v1 404 envelope', async () => {
    const emu = await startEmulator({ surfaces: 'v1' })
    try {
      const res = await pcall(emu, '/api/agents', { token: emu.token })
      expect(res.status).toBe(404)
      expect(res.body.error.type).toBe('not_found_error')
      expect((await call(emu, '/v1/agents')).status).toBe(200)
    } finally {
      await emu.close()
    }
  })
})

describe('platform surface: agents and the public thread routes', () => {
  let emu: Emulator
  let demo: { id: string; displayName: string }

  beforeAll(async () => {
    emu = await startEmulator({ defaultScript: ANSWER })
    demo = emu.platform.addAgent('Demo Agent', { description: 'Fixes things' })
    emu.platform.addAgent('Codex Agent', { framework: 'codex', selectedModel: null })
  })
  afterAll(() => emu.close())
  beforeEach(() => emu.reset())

  it('lists agents by UUID and display name, with no name field', async () => {
    const list = await pcall(emu, '/api/agents')
    expect(list.status).toBe(200)
    expect(Array.isArray(list.body)).toBe(true)
    expect(list.body.map((a: { displayName: string }) => a.displayName)).toEqual([
      'Demo Agent',
      'Codex Agent'
    ])
    expect(list.body[0]).toMatchObject({
      agentId: demo.id,
      description: 'Fixes things',
      selectedModel: 'claude-sonnet-4-5',
      visibility: 'private'
    })
    expect(list.body[0]).not.toHaveProperty('name')
    expect((await pcall(emu, `/api/agents/${demo.id}`)).body.displayName).toBe('Demo Agent')
    expect(errorOf(await pcall(emu, `/api/agents/${randomUUID()}`))).toEqual([
      404,
      'NOT_FOUND',
      'Agent not found'
    ])
  })

  it('sends into a thread (prompt and threadId required) and shows the answer as a message once the run completes', async () => {
    const { threadId, runId } = await startThread(emu, demo.id, 'First')
    await waitForPlatformEnd(emu, runId ?? '')
    const missing = await pcall(emu, '/api/v1/chat-threads/messages', { body: { prompt: 'p' } })
    expect(errorOf(missing).slice(0, 2)).toEqual([400, 'BAD_REQUEST'])
    const empty = await pcall(emu, '/api/v1/chat-threads/messages', {
      body: { prompt: '', threadId }
    })
    expect(errorOf(empty).slice(0, 2)).toEqual([400, 'BAD_REQUEST'])
    const unknown = await pcall(emu, '/api/v1/chat-threads/messages', {
      body: { prompt: 'p', threadId: randomUUID() }
    })
    expect(errorOf(unknown)).toEqual([404, 'NOT_FOUND', 'Thread not found'])

    const sent = await pcall(emu, '/api/v1/chat-threads/messages', {
      body: { prompt: 'Second', threadId }
    })
    expect(sent.status).toBe(201)
    expect(Object.keys(sent.body).sort()).toEqual(['createdAt', 'messageId', 'runId', 'threadId'])
    expect(sent.body.threadId).toBe(threadId)
    await waitForPlatformEnd(emu, sent.body.runId as string)
    const messages = await pcall(emu, `/api/v1/chat-threads/${threadId}/messages`)
    expect(
      messages.body.messages.map((m: { role: string; content: string }) => [m.role, m.content])
    ).toEqual([
      ['user', 'First'],
      ['assistant', 'All done.'],
      ['user', 'Second'],
      ['assistant', 'All done.']
    ])
    expect(messages.body.messages[2].id).toBe(sent.body.messageId)
    const thread = await pcall(emu, `/api/v1/chat-threads/${threadId}`)
    expect(Object.keys(thread.body).sort()).toEqual(['createdAt', 'id', 'title', 'updatedAt'])
    expect(thread.body).toMatchObject({ id: threadId, title: 'First' })
  })

  it('pages messages oldest first: default the last 50, sinceId after, beforeId before, limit 1 to 100', async () => {
    const { threadId } = emu.platform.addThread(demo.id)
    for (let i = 0; i < 60; i++) {
      const runId = (
        await pcall(emu, '/api/v1/chat-threads/messages', { body: { prompt: `m${i}`, threadId } })
      ).body.runId as string
      emu.platform.finishRun(runId)
    }
    const contents = (res: { body: { messages: Array<{ content: string | null }> } }): unknown[] =>
      res.body.messages.map(m => m.content)
    const all = emu.platform.threads()[0]?.messages ?? []
    expect(all).toHaveLength(122)
    const page = await pcall(emu, `/api/v1/chat-threads/${threadId}/messages`)
    expect(page.body.messages).toHaveLength(50)
    expect(page.body.messages.at(-1).id).toBe(all.at(-1)?.id)
    const since = await pcall(
      emu,
      `/api/v1/chat-threads/${threadId}/messages?sinceId=${all[1]?.id}&limit=3`
    )
    expect(contents(since)).toEqual(['m0', null, 'm1'])
    const before = await pcall(
      emu,
      `/api/v1/chat-threads/${threadId}/messages?beforeId=${all[4]?.id}&limit=2`
    )
    expect(contents(before)).toEqual(['m0', null])
    for (const limit of ['0', '101', 'x']) {
      const bad = await pcall(emu, `/api/v1/chat-threads/${threadId}/messages?limit=${limit}`)
      expect(errorOf(bad).slice(0, 2)).toEqual([400, 'BAD_REQUEST'])
    }
  })

  it("answers 404 for another user's thread and its runs, on every route", async () => {
    const { threadId } = emu.platform.addThread(demo.id, { owner: 'other' })
    const runId = emu.platform.threads()[0]?.runIds[0] ?? ''
    for (const path of [
      `/api/v1/chat-threads/${threadId}`,
      `/api/v1/chat-threads/${threadId}/messages`,
      `/api/chat-threads/${threadId}/events`,
      `/api/chat-threads/${threadId}/artifacts`,
      `/api/runs/${runId}`,
      `/api/runs/${runId}/telemetry/agent`
    ]) {
      expect(errorOf(await pcall(emu, path))[0]).toBe(404)
    }
    const send = await pcall(emu, '/api/v1/chat-threads/messages', {
      body: { prompt: 'p', threadId }
    })
    expect(errorOf(send)).toEqual([404, 'NOT_FOUND', 'Thread not found'])
  })
})
