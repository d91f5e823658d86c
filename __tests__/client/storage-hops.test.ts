/**
 * The storage hop vetted at connect time, through the download's own undici
 * agent: a name that passes the hop check by its spelling but resolves to a
 * refused address is never connected to, and the API URL's own resolved
 * address decides what is refused. A loopback server stands for the storage;
 * every name is resolved by a table, never by DNS.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { downloadArchive } from '../../src/artifacts/download.js'
import type { HostLookup } from '../../src/artifacts/storage-hosts.js'
import { StorageHopError } from '../../src/artifacts/storage-hosts.js'

let server: Server
let port = 0
const hits: string[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '')
    res.writeHead(200, { 'content-length': 2 })
    res.end('ok')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>(resolve => server.close(() => resolve())))
beforeEach(() => {
  hits.length = 0
})

/** `api.corp.test` at `apiAddress`; `storage.corp.test` at 127.0.0.1, where the server is. */
function lookupWith(apiAddress: string, asked: string[]): HostLookup {
  const table: Record<string, string> = {
    'api.corp.test': apiAddress,
    'storage.corp.test': '127.0.0.1'
  }
  return (hostname, _options, callback) => {
    asked.push(hostname)
    const address = table[hostname]
    if (address === undefined) {
      callback(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }), [])
    } else callback(null, [{ address, family: address.includes(':') ? 6 : 4 }])
  }
}

function download(apiAddress: string, asked: string[] = []) {
  return downloadArchive({
    api: { artifactDownloadUrl: async () => `http://storage.corp.test:${port}/archive` },
    artifactId: 'a',
    versionId: 'v',
    logger: { info: () => undefined, setSecret: () => undefined },
    apiUrl: 'http://api.corp.test',
    lookup: lookupWith(apiAddress, asked),
    sleep: async () => {},
    consume: async body => {
      let text = ''
      for await (const chunk of body) text += Buffer.from(chunk).toString('utf8')
      return text
    }
  })
}

describe('a storage name resolved at connect time', () => {
  it('is refused when it resolves to loopback and the API does not: no connection is made', async () => {
    const asked: string[] = []
    const error = await download('203.0.113.7', asked).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorageHopError)
    expect((error as Error).message).toBe(
      'Refused the storage host storage.corp.test: it resolves to a loopback address ' +
        '(allowed only when `api-url` is loopback); nothing was downloaded.'
    )
    // Resolved when connecting (the hop check saw only a name); never retried.
    expect(asked).toEqual(['api.corp.test', 'storage.corp.test'])
    expect(hits).toEqual([])
  })

  it('is refused for a private API too (loopback is the runner itself)', async () => {
    const error = await download('10.0.0.8').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorageHopError)
    expect(hits).toEqual([])
  })

  it('is reached when the API URL itself resolves to loopback', async () => {
    const outcome = await download('127.0.0.1')
    expect(outcome).toEqual({ kind: 'done', value: 'ok', attempts: 1 })
    expect(hits).toEqual(['/archive'])
  })
})
