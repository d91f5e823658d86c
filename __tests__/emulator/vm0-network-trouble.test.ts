/** The emulator's network trouble: outage windows, token revocation, and a server that is not VM0. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startEmulator, type Emulator } from '../../emulator/vm0/index.js'
import { call, createRun, readSse, sleep } from './vm0-helpers.js'

async function reached(emu: Emulator, path: string): Promise<number | 'reset'> {
  try {
    return (await call(emu, path)).status
  } catch {
    return 'reset'
  }
}

describe('VM0 emulator network trouble', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startEmulator({
      agents: [{ name: 'a' }],
      defaultScript: { pendingMs: 0, neverEnds: true, steps: [] },
      eventTickMs: 10,
      concurrencyLimit: 10
    })
  })
  afterAll(() => emu.close())
  beforeEach(() => {
    for (const run of emu.runs()) emu.finishRun(run.id, 'cancelled')
    emu.reset()
  })

  // The instants are real time from the create, a second or more apart, so that a loaded
  // machine's slow request still lands in the window it is meant for.
  it('resets every request, and cuts the open stream, between two instants of the run', async () => {
    emu.addOutage({ fromMs: 1000, toMs: 2500, mode: 'reset' })
    const id = await createRun(emu, { agent: 'a', prompt: 'p' })
    const stream = readSse(emu, `/v1/runs/${id}/events?lastEventId=-1`)
    expect(await reached(emu, `/v1/runs/${id}`)).toBe(200)
    await sleep(1200)
    expect((await stream).ending).toBe('error')
    expect(await reached(emu, `/v1/runs/${id}`)).toBe('reset')
    await sleep(1500)
    expect(await reached(emu, `/v1/runs/${id}`)).toBe(200)
  })

  it('answers an HTML 503 in the 503 mode', async () => {
    emu.addOutage({ fromMs: 0, toMs: 300, mode: '503' })
    const id = await createRun(emu, { agent: 'a', prompt: 'p' })
    const answer = await call(emu, `/v1/runs/${id}`)
    expect(answer.status).toBe(503)
    expect(answer.headers.get('content-type')).toContain('text/html')
  })

  it('refuses the token from an instant on, with the given message', async () => {
    emu.revokeToken({ atMs: 1000, message: 'Token revoked' })
    const id = await createRun(emu, { agent: 'a', prompt: 'p' })
    expect((await call(emu, `/v1/runs/${id}`)).status).toBe(200)
    await sleep(1000)
    const refused = await call(emu, `/v1/runs/${id}`)
    expect(refused.status).toBe(401)
    expect(refused.body).toEqual({
      error: { type: 'authentication_error', code: 'invalid_api_key', message: 'Token revoked' }
    })
  })

  it('forgets its trouble on reset', async () => {
    emu.revokeToken({ atMs: 0 })
    emu.reset()
    const id = await createRun(emu, { agent: 'a', prompt: 'p' })
    expect((await call(emu, `/v1/runs/${id}`)).status).toBe(200)
  })
})

describe('VM0 emulator that is not the VM0 API', () => {
  let site: Emulator
  beforeAll(async () => {
    site = await startEmulator({ notVm0Api: true })
  })
  afterAll(() => site.close())

  it('answers every path with an HTML 404', async () => {
    for (const path of ['/v1/runs', '/v1/agents', '/']) {
      const answer = await call(site, path)
      expect(answer.status).toBe(404)
      expect(answer.headers.get('content-type')).toContain('text/html')
      expect(answer.body).toBeUndefined()
    }
  })
})
