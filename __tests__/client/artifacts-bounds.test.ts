/**
 * The artifacts path stays bounded against a hostile or slow storage and
 * crafted archives: storage redirects (drained, at most 5, checked hops),
 * error previews as hex, `timeout` and cancellation during the download,
 * bytes after the archive's end, capped lists of skipped entries, free space.
 */
import { beforeEach, describe, expect, it } from '@jest/globals'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { longNames, zeroBomb } from '../../emulator/hostile-archives.js'
import { createTarGz, filesToTarGz } from '../../emulator/tar.js'
import {
  CollectCancelledError,
  CollectTimeoutError,
  collectOutputs,
  type CollectOptions,
  type CollectSettings
} from '../../src/artifacts/collect.js'
import { ExtractLimitError } from '../../src/artifacts/errors.js'
import { extractTarGz } from '../../src/artifacts/extract.js'
import type { Logger } from '../../src/artifacts/logger.js'
import { StorageHopError } from '../../src/artifacts/storage-hosts.js'
import { useCollectHarness } from '../support/collect-harness.js'

const h = useCollectHarness('vm0-bounds-')
beforeEach(() => h.emu.clearFaults())
const FILES = { 'REPORT.md': '# done\n', 'src/a.ts': 'export const a = 1\n' }

function setUp(archive: Buffer, settings: Partial<CollectSettings> = {}) {
  const runId = randomUUID()
  const name = `bounds-${runId.slice(0, 8)}`
  h.emu.addArtifactVersion(
    name,
    { archive },
    { message: `Checkpoint from run ${runId}`, createdBy: 'agent' }
  )
  const log = { infos: [] as string[], warnings: [] as string[], debugs: [] as string[] }
  const logger: Logger = {
    info: m => log.infos.push(m),
    notice: m => log.infos.push(m),
    warning: m => log.warnings.push(m),
    debug: m => log.debugs.push(m),
    setSecret: () => undefined,
    group: (_t, fn) => fn()
  }
  const path = join(mkdtempSync(join(h.root, 'case-')), 'out')
  const collect = (extra: Partial<CollectOptions> = {}) =>
    collectOutputs({
      client: h.client,
      runId,
      settings: {
        apiUrl: h.emu.url,
        artifactName: name,
        artifactVersion: null,
        collect: { kind: 'run' },
        path,
        upload: false,
        uploadName: null,
        retentionDays: null,
        compressionLevel: 6,
        ifNoFilesFound: 'error',
        includeHiddenFiles: false,
        overwrite: false,
        ...settings
      },
      runnerTemp: h.root,
      logger,
      sleep: async () => {},
      ...extra
    })
  return { log, path, collect }
}

function storageRequests() {
  return h.emu.requests.filter(r => r.origin === 'storage')
}

describe('storage redirects', () => {
  it('follows an ordinary S3 307 from the storage (the unread body drained, no crash)', async () => {
    const c = setUp(filesToTarGz(FILES))
    h.emu.requests.length = 0
    h.emu.addFault({ origin: 'storage', action: { kind: 'redirect', status: 307 } })
    const result = await c.collect()
    expect(result.files.map(f => f.path)).toEqual(['REPORT.md', 'src/a.ts'])
    expect(readFileSync(join(c.path, 'REPORT.md'), 'utf8')).toBe(FILES['REPORT.md'])
    expect(storageRequests()).toHaveLength(2)
    for (const r of storageRequests()) expect(r.headers.authorization).toBeUndefined()
  })

  it('follows up to 5 storage redirects, and refuses a loop beyond them', async () => {
    const five = setUp(filesToTarGz(FILES))
    h.emu.addFault({ origin: 'storage', times: 5, action: { kind: 'redirect' } })
    expect((await five.collect()).files).toHaveLength(2)

    const loop = setUp(filesToTarGz(FILES))
    h.emu.requests.length = 0
    h.emu.addFault({ origin: 'storage', times: Infinity, action: { kind: 'redirect' } })
    const error = await loop.collect().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorageHopError)
    expect((error as Error).message).toMatch(
      /^The storage \(127\.0\.0\.1:\d+\) redirected the download more than 5 times; refusing to follow it further\.$/
    )
    // The first answer and 5 redirects followed; never retried.
    expect(storageRequests()).toHaveLength(6)
    expect(existsSync(loop.path)).toBe(false)
  })

  it('refuses a redirect to the cloud metadata address before connecting', async () => {
    const c = setUp(filesToTarGz(FILES))
    h.emu.addFault({
      origin: 'storage',
      action: { kind: 'redirect', location: 'http://169.254.169.254/latest/meta-data/iam/' }
    })
    const error = await c.collect().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorageHopError)
    expect((error as Error).message).toBe(
      'Refused the storage hop to 169.254.169.254: a link-local or cloud metadata address. The ' +
        'download URL and its redirects came from the VM0 API and the storage; nothing was downloaded.'
    )
    expect(existsSync(c.path)).toBe(false)
  })

  it('refuses loopback storage when the API URL is not loopback', async () => {
    // A public address (TEST-NET-3) spelled out: no name to resolve.
    const c = setUp(filesToTarGz(FILES), { apiUrl: 'http://203.0.113.7' })
    const error = await c.collect().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorageHopError)
    expect((error as Error).message).toMatch(/a loopback address \(allowed only when `api-url`/)
  })
})

describe('error answers are previewed as hex, never as text', () => {
  it('shows an HTML error page of the storage as its first bytes in hex', async () => {
    const c = setUp(filesToTarGz(FILES))
    h.emu.addFault({
      origin: 'storage',
      action: { kind: 'status', status: 418, body: '<html>::error::pwned ##[error]x</html>' }
    })
    const error = await c.collect().catch((e: unknown) => e)
    expect((error as Error).message).toMatch(
      /^Could not download the output archive: the storage \(127\.0\.0\.1:\d+\) answered 418 \(body starts with bytes 3c68746d6c3e3a3a\)\./
    )
    expect((error as Error).message).not.toContain('pwned')
  })
})

describe('timeout and cancellation during the download', () => {
  it('a storage dripping one byte a second is cut at the deadline', async () => {
    const again = setUp(filesToTarGz(FILES), { timeoutMs: 15_000 })
    h.emu.addFault({ origin: 'storage', action: { kind: 'drip', everyMs: 1000 } })
    const timedOut = await again.collect({ deadlineMs: Date.now() + 600 }).catch((e: unknown) => e)
    expect(timedOut).toBeInstanceOf(CollectTimeoutError)
    expect((timedOut as Error).message).toBe(
      `\`timeout\` (15s) ran out while the run's output files were being downloaded; nothing ` +
        `was extracted into \`path\` (${again.path}) and nothing was uploaded. The run itself ` +
        'ended; raise `timeout` to leave time to collect its files.'
    )
    expect(existsSync(again.path)).toBe(false)
    expect(readdirSync(join(again.path, '..'))).toEqual([])
  })

  it('the workflow cancelled mid-download says so', async () => {
    const c = setUp(filesToTarGz(FILES))
    h.emu.addFault({ origin: 'storage', action: { kind: 'drip', everyMs: 1000 } })
    const cancel = new AbortController()
    setTimeout(() => cancel.abort(), 300)
    const error = await c.collect({ signal: cancel.signal }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CollectCancelledError)
    expect((error as Error).message).toBe(
      "The workflow was cancelled while the run's output files were being downloaded; nothing " +
        `was extracted into \`path\` (${c.path}) and nothing was uploaded.`
    )
    expect(readdirSync(join(c.path, '..'))).toEqual([])
  })
})

describe('bytes after a complete archive are ignored', () => {
  it.each([
    ['a newline', Buffer.from('\n')],
    ['zeros', Buffer.alloc(4096)],
    ['garbage', Buffer.from('garbage after the archive ##[error]x')],
    ['a damaged gzip member', Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(40, 7)])]
  ])('%s after the gzip data: one download, the files extracted', async (_what, tail) => {
    const c = setUp(Buffer.concat([filesToTarGz(FILES), tail]))
    h.emu.requests.length = 0
    const result = await c.collect()
    expect(result.files.map(f => f.path)).toEqual(['REPORT.md', 'src/a.ts'])
    expect(storageRequests()).toHaveLength(1)
    expect(c.log.debugs.join('\n')).toMatch(
      /Ignored .* after the end of the output archive's gzip data|Stopped reading the output archive at the end of its tar data/
    )
  })

  it('garbage inside the gzip data after the tar end is never parsed', async () => {
    const tar = gunzipSync(createTarGz([{ name: './REPORT.md', content: '# done\n' }]))
    const c = setUp(
      gzipSync(Buffer.concat([tar, Buffer.from('not a tar header at all'.repeat(100))]))
    )
    const result = await c.collect()
    expect(result.files.map(f => f.path)).toEqual(['REPORT.md'])
    expect(c.log.debugs.join('\n')).toContain(
      'Stopped reading the output archive at the end of its tar data'
    )
  })
})

describe('hostile archives stay within limits', () => {
  it('long skipped names: the list is capped, every entry counted, the names cut', async () => {
    const c = setUp(Buffer.concat([longNames(1100, 20_000)]), { ifNoFilesFound: 'warn' })
    const result = await c.collect()
    expect(result.files).toEqual([])
    expect(result.skipped).toHaveLength(1000)
    expect(result.skipped.every(e => e.path.length <= 1024)).toBe(true)
    const warning = c.log.warnings.find(w => w.startsWith('Skipped links'))
    expect(warning).toMatch(
      /^Skipped links, unsupported entries and names Windows cannot hold in the output archive \(1100\): .* and 1095 more\. The first 200 are listed in the log\.$/
    )
    expect(c.log.infos.filter(l => l.startsWith('Skipped '))).toHaveLength(200)
    expect(c.log.infos).toContain('… and 900 more, not listed.')
  })

  it('a 10 GiB bomb of one file is refused at its header: nothing written', async () => {
    const c = setUp(zeroBomb(1, 10 * 1024 ** 3))
    const error = await c.collect().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ExtractLimitError)
    expect((error as ExtractLimitError).limit).toBe('bytes')
    expect((error as Error).message).toMatch(/unpacks to more than 2\.0 GiB.*`max-output-size`/)
    expect(existsSync(c.path)).toBe(false)
  })

  it('max-output-size bounds a bomb of many files', async () => {
    const c = setUp(zeroBomb(8, 16 * 1024 * 1024), { maxOutputBytes: 40 * 1024 * 1024 })
    const error = await c.collect().catch((e: unknown) => e)
    expect((error as ExtractLimitError).limit).toBe('bytes')
    expect((error as Error).message).toContain('more than 40.0 MiB')
    expect(readdirSync(join(c.path, '..'))).toEqual([])
  })

  it('max-output-files bounds the entries', async () => {
    const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.txt`, 'x']))
    const c = setUp(filesToTarGz(files), { maxOutputFiles: 10 })
    const error = await c.collect().catch((e: unknown) => e)
    expect((error as ExtractLimitError).limit).toBe('entries')
    expect((error as Error).message).toMatch(/more than 10 entries .*`max-output-files`/)
  })

  it('the free-space check refuses files that would fill the disk', async () => {
    const { SafeUnpack } = await import('../../src/artifacts/safe-unpack.js')
    const dir = mkdtempSync(join(h.root, 'disk-'))
    const unpack = new SafeUnpack(
      dir,
      { maxBytes: 1024 ** 4, maxEntries: 100, maxDepth: 8 },
      100 * 1024 * 1024
    )
    const tar = gunzipSync(zeroBomb(1, 64 * 1024 * 1024))
    const error = await unpack
      .consume(
        (async function* () {
          yield tar
        })()
      )
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ExtractLimitError)
    expect((error as ExtractLimitError).limit).toBe('disk')
    expect((error as Error).message).toMatch(/the volume of `path` has 100\.0 MiB free/)
    expect(readdirSync(dir)).toEqual([])
  })

  it('extractTarGz reports the counts of what it skipped', async () => {
    const dir = mkdtempSync(join(h.root, 'counts-'))
    const result = await extractTarGz(
      (async function* () {
        yield longNames(3, 200)
      })(),
      dir
    )
    expect(result.skippedCount).toBe(3)
    expect(result.hostileCount).toBe(0)
  })
})
