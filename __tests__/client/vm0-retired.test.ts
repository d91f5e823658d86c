/**
 * The hosted service removed `/v1` on 2026-03-02: its answers to a `/v1`
 * client (the bare 404 of the platform on any host, a redirect to a web page
 * from the hosted hosts) are said plainly, with the way out. Other hosts and
 * bodies keep the advice to check `api-url`. Every server is on loopback;
 * the hosted host names are resolved to 127.0.0.1 by the test's own lookup.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { LookupFunction } from 'node:net'
import { Agent } from 'undici'
import { NotFoundError, NotVm0ApiError } from '../../src/base/errors.js'
import { Vm0Client } from '../../src/vm0/client.js'
import { apiError, json, startServer, type TestServer } from './vm0-server.js'

const TOKEN = 'vm0_live_RetiredTokenRetiredTokenRetiredToken0123'
const RUN_ID = '11111111-2222-4333-8444-555555555555'

/** Every host name resolves to this machine: a hosted host name reaches the loopback server. */
const loopback = ((_host: string, options: { all?: boolean }, callback: unknown) => {
  const cb = callback as (e: Error | null, a: unknown, f?: number) => void
  if (options.all) cb(null, [{ address: '127.0.0.1', family: 4 }])
  else cb(null, '127.0.0.1', 4)
}) as unknown as LookupFunction

let server: TestServer
const dispatcher = new Agent({ keepAliveTimeout: 1000, connect: { lookup: loopback } })

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server.close()
  await dispatcher.close()
})

function client(host = '127.0.0.1'): Vm0Client {
  return new Vm0Client({
    baseUrl: `http://${host}:${server.port}`,
    token: TOKEN,
    dispatcher,
    sleep: async () => undefined
  })
}

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}

function expectRetired(error: Error): void {
  expect(error).toBeInstanceOf(NotVm0ApiError)
  expect(error.message).toContain('removed `/v1` on 2026-03-02')
  expect(error.message).toContain('`vm0_pat_…`')
  expect(error.message).toContain('Settings → API keys')
  expect(error.message).toContain('`api: auto`')
  expect(error.message).not.toContain('check that the `api-url` input points at')
  expect(error.message).not.toContain(TOKEN)
}

describe('the retired /v1 API', () => {
  it.each(['127.0.0.1', 'api.okou.ai', 'self-hosted.example'])(
    'a bare 404 {"error":"Not found"} from %s says /v1 was removed, after one create request',
    async host => {
      server.handle((_req, res) => json(res, 404, { error: 'Not found' }))
      const before = server.requests.length
      const error = await caught(client(host).createRun({ agent: 'a', prompt: 'p' }))
      expectRetired(error)
      expect(error.message).toContain('POST /v1/runs answered 404 {"error":"Not found"}')
      expect(error.message).toContain(`(http://${host}:${server.port})`)
      expect(server.requests.length - before).toBe(1)
    }
  )

  it('says so on a read too', async () => {
    server.handle((_req, res) => json(res, 404, { error: 'Not found' }))
    const error = await caught(client().getRun(RUN_ID))
    expectRetired(error)
    expect(error.message).toContain(`GET /v1/runs/${RUN_ID}`)
  })

  it.each(['api.vm0.ai', 'www.vm0.ai', 'vm0.ai', 'okou.ai', 'app.okou.ai'])(
    'a redirect to a web page from the hosted host %s says /v1 was removed',
    async host => {
      server.handle((_req, res) => {
        res.writeHead(307, { location: `https://${host}/sign-in`, 'content-length': '0' })
        res.end()
      })
      const error = await caught(client(host).createRun({ agent: 'a', prompt: 'p' }))
      expectRetired(error)
      expect(error.message).toContain('answered with a redirect (307) to a web page')
    }
  )

  it('a web page from a hosted host says /v1 was removed too', async () => {
    server.handle((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' })
      res.end('<html><head><title>404 | VM0</title></head></html>')
    })
    expectRetired(await caught(client('www.vm0.ai').getRun(RUN_ID)))
  })
})

describe('other hosts and bodies keep the advice to check api-url', () => {
  it('a redirect from another host', async () => {
    server.handle((_req, res) => {
      res.writeHead(302, { location: 'https://sso.example/login', 'content-length': '0' })
      res.end()
    })
    const error = await caught(client('vm0.example.com').createRun({ agent: 'a', prompt: 'p' }))
    expect(error).toBeInstanceOf(NotVm0ApiError)
    expect(error.message).toContain('answered with a redirect (302)')
    expect(error.message).toContain('Check that the `api-url` input points at the VM0 API')
    expect(error.message).not.toContain('2026-03-02')
  })

  it('an HTML 404 from another host', async () => {
    server.handle((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' })
      res.end('<html><head><title>Not here</title></head></html>')
    })
    const error = await caught(client().getRun(RUN_ID))
    expect(error).toBeInstanceOf(NotVm0ApiError)
    expect(error.message).toContain('("Not here")')
    expect(error.message).not.toContain('2026-03-02')
  })

  it.each([
    [{ error: 'Not found', path: '/v1/runs' }],
    [{ error: 'Forbidden' }],
    [{ message: 'Not found' }]
  ])('a 404 with another JSON body (%j)', async body => {
    server.handle((_req, res) => json(res, 404, body))
    const error = await caught(client().getRun(RUN_ID))
    expect(error).toBeInstanceOf(NotVm0ApiError)
    expect(error.message).not.toContain('2026-03-02')
  })

  it("a 404 in the VM0 envelope stays the service's own not-found", async () => {
    server.handle((_req, res) => apiError(res, 404, 'not_found_error', 'not_found', 'No such run'))
    const error = await caught(client('api.vm0.ai').getRun(RUN_ID))
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error.message).toContain('No such run')
  })
})
