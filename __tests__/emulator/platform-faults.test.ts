/**
 * The platform's fault modes and side doors: enrichment routes removed (404
 * or 405), refused sends (402, 429), the token revoked and outages on the
 * run's clock, the request log, and published files downloaded from the
 * storage origin without the token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { randomUUID } from 'node:crypto'
import { sampleScript, startEmulator } from '../../emulator/vm0/index.js'
import type { EnrichmentRoute, Emulator, PlatformRequest } from '../../emulator/vm0/index.js'
import { errorOf, pcall, startThread, waitForPlatformEnd } from './platform-helpers.js'

const QUICK = {
  pendingMs: 0,
  steps: [{ at: 0, agent: { type: 'result', subtype: 'success', result: 'Quick.' } }],
  durationMs: 5,
  publish: [
    { filename: 'report.md', contentType: 'text/markdown', content: '# Report\n' },
    { filename: 'data set.bin', content: Buffer.from([0, 1, 2, 255]) }
  ]
}

/** Each enrichment route, and a request that reaches it. */
function enrichment(
  agentId: string,
  runId: string,
  threadId: string
): Array<[EnrichmentRoute, string, string]> {
  return [
    ['chat-events', 'POST', '/api/chat/events'],
    ['agents', 'GET', '/api/agents'],
    ['agents', 'GET', `/api/agents/${agentId}`],
    ['run', 'GET', `/api/runs/${runId}`],
    ['telemetry', 'GET', `/api/runs/${runId}/telemetry/agent`],
    ['network', 'GET', `/api/runs/${runId}/network`],
    ['cancel', 'POST', `/api/runs/${runId}/cancel`],
    ['thread-events', 'GET', `/api/chat-threads/${threadId}/events`],
    ['artifacts', 'GET', `/api/chat-threads/${threadId}/artifacts`]
  ]
}

describe('platform faults', () => {
  let emu: Emulator
  let agent: string

  beforeAll(async () => {
    emu = await startEmulator({
      platform: { agents: [{ displayName: 'Demo Agent', script: QUICK }] }
    })
    agent = (await pcall(emu, '/api/agents')).body[0].agentId as string
  })
  afterAll(() => emu.close())
  beforeEach(() => emu.reset())

  it('answers each removed enrichment route 404 {"error":"Not found"} or 405, until reset; the core stays', async () => {
    const { runId, threadId } = await startThread(emu, agent)
    await waitForPlatformEnd(emu, runId ?? '')
    const routes = enrichment(agent, runId ?? '', threadId)
    for (const [route] of routes) emu.platform.removeRoute(route, route === 'cancel' ? 405 : 404)
    for (const [route, method, path] of routes) {
      const res = await pcall(emu, path, { method, body: method === 'POST' ? {} : undefined })
      if (route === 'cancel') expect([res.status, res.text]).toEqual([405, ''])
      else expect([res.status, res.text]).toEqual([404, '{"error":"Not found"}'])
    }
    const sent = await pcall(emu, '/api/v1/chat-threads/messages', {
      body: { prompt: 'More', threadId }
    })
    expect(sent.status).toBe(201)
    expect((await pcall(emu, `/api/v1/chat-threads/${threadId}/messages`)).status).toBe(200)
    expect((await pcall(emu, `/api/v1/chat-threads/${threadId}`)).status).toBe(200)
    emu.reset()
    expect((await pcall(emu, '/api/agents')).status).toBe(200)
  })

  it('takes routes away from the start with missingRoutes', async () => {
    const bare = await startEmulator({ platform: { missingRoutes: ['telemetry', 'artifacts'] } })
    try {
      const res = await pcall(bare, `/api/runs/${randomUUID()}/telemetry/agent`)
      expect([res.status, res.text]).toEqual([404, '{"error":"Not found"}'])
      bare.reset()
      expect((await pcall(bare, `/api/chat-threads/${randomUUID()}/artifacts`)).text).toBe(
        '{"error":"Not found"}'
      )
      expect(errorOf(await pcall(bare, `/api/runs/${randomUUID()}`))[1]).toBe('NOT_FOUND')
    } finally {
      await bare.close()
    }
  })

  it('refuses sends with 402 INSUFFICIENT_CREDITS or 429 for as many times as asked, starting nothing', async () => {
    const { threadId, runId } = await startThread(emu, agent)
    await waitForPlatformEnd(emu, runId ?? '')
    emu.platform.refuseSends('INSUFFICIENT_CREDITS', 1)
    const refused = await pcall(emu, '/api/v1/chat-threads/messages', {
      body: { prompt: 'p', threadId }
    })
    expect(errorOf(refused)).toEqual([402, 'INSUFFICIENT_CREDITS', 'Insufficient credits'])
    expect(
      (await pcall(emu, '/api/v1/chat-threads/messages', { body: { prompt: 'p', threadId } }))
        .status
    ).toBe(201)
    emu.platform.refuseSends('TOO_MANY_REQUESTS')
    for (let i = 0; i < 2; i++) {
      const busy = await pcall(emu, '/api/chat/events', {
        body: {
          agentId: agent,
          prompt: 'p',
          userMessage: { version: 1, parts: [{ type: 'text', text: 'p' }] }
        }
      })
      expect(errorOf(busy).slice(0, 2)).toEqual([429, 'TOO_MANY_REQUESTS'])
    }
    expect(emu.platform.runs()).toHaveLength(2)
  })

  it('refuses the PAT from the revocation instant on, with the platform 401, counted from the send', async () => {
    emu.revokeToken({ atMs: 0 })
    expect((await pcall(emu, '/api/agents')).status).toBe(200)
    const { runId } = await startThread(emu, agent)
    expect(errorOf(await pcall(emu, `/api/runs/${runId}`))).toEqual([
      401,
      'UNAUTHORIZED',
      'Not authenticated'
    ])
  })

  it('answers an outage with HTML 503 from its start, counted from the send', async () => {
    emu.addOutage({ fromMs: 0, toMs: 600_000, mode: '503' })
    const { runId } = await startThread(emu, agent)
    const res = await pcall(emu, `/api/runs/${runId}`)
    expect(res.status).toBe(503)
    expect(res.headers.get('content-type')).toContain('text/html')
  })

  it('logs every request with its route and the kind of token', async () => {
    const { runId } = await startThread(emu, agent)
    await pcall(emu, `/api/runs/${runId}/telemetry/agent`, { token: emu.token })
    await pcall(emu, '/api/agents', { token: null })
    await pcall(emu, '/api/nowhere', { token: 'x' })
    const log: PlatformRequest[] = emu.platform.requests()
    expect(log.map(r => [r.method, r.route, r.auth])).toEqual([
      ['POST', 'chat-events', 'pat'],
      ['GET', 'telemetry', 'live'],
      ['GET', 'agents', 'none'],
      ['GET', null, 'other']
    ])
  })

  it('publishes files on completion: listed with presigned storage URLs that need no token and refuse one', async () => {
    const { runId, threadId } = await startThread(emu, agent)
    await waitForPlatformEnd(emu, runId ?? '')
    const listed = await pcall(emu, `/api/chat-threads/${threadId}/artifacts`)
    expect(listed.status).toBe(200)
    const [run] = listed.body.runs as Array<{
      runId: string
      files: Array<Record<string, unknown>>
    }>
    expect(run?.runId).toBe(runId)
    expect(run?.files.map(f => [f.filename, f.contentType, f.size])).toEqual([
      ['report.md', 'text/markdown', 9],
      ['data set.bin', 'application/octet-stream', 4]
    ])
    const url = String(run?.files[1]?.url)
    expect(url.startsWith(`${emu.storageUrl}/`)).toBe(true)
    expect(url).toMatch(/X-Amz-Signature=/)
    const download = await fetch(url)
    expect(download.status).toBe(200)
    expect(Buffer.from(await download.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]))
    const withToken = await fetch(url, { headers: { authorization: `Bearer ${emu.platform.pat}` } })
    expect(withToken.status).toBe(400)
    const storage = emu.requests.filter(r => r.origin === 'storage')
    expect(storage.map(r => r.headers.authorization)).toEqual([
      undefined,
      `Bearer ${emu.platform.pat}`
    ])

    const events = (await pcall(emu, `/api/chat-threads/${threadId}/events`)).body.events
    const completed = events.find((e: { eventType: string }) => e.eventType === 'run.completed')
    expect(completed.attachFiles.map((f: { filename: string }) => f.filename)).toEqual([
      'report.md',
      'data set.bin'
    ])
  })

  it('publishes the sample session files: a report and its data', async () => {
    emu.platform.setScript(agent, sampleScript())
    const { runId, threadId } = await startThread(emu, agent)
    await waitForPlatformEnd(emu, runId ?? '')
    expect(emu.platform.getRun(runId ?? '')?.publishedFiles).toEqual(['report.md', 'results.json'])
    const listed = await pcall(emu, `/api/chat-threads/${threadId}/artifacts`)
    const report = await fetch(listed.body.runs[0].files[0].url as string)
    expect(await report.text()).toMatch(/^# Report/)
    expect(report.headers.get('content-type')).toBe('text/markdown')
    const events = (await pcall(emu, `/api/chat-threads/${threadId}/events`)).body.events
    expect(
      events.find((e: { eventType: string }) => e.eventType === 'usage.recorded')
    ).toMatchObject({
      runId,
      inputTokens: 5230,
      outputTokens: 412,
      costUsd: 0.0421
    })
    emu.platform.setScript(agent, QUICK)
  })
})
