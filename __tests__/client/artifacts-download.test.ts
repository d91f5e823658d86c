/**
 * The archive download against the VM0 emulator: the 302 to the storage
 * origin is followed without the token, the presigned URL is masked, broken
 * bodies are retried from scratch, an expired URL is replaced.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent } from 'undici'
import { filesToTarGz } from '../../emulator/tar.js'
import { startEmulator, type Emulator } from '../../emulator/vm0/index.js'
import { collectOutputs, type CollectSettings } from '../../src/artifacts/collect.js'
import { downloadArchive, maskUrl } from '../../src/artifacts/download.js'
import { ArchiveError } from '../../src/artifacts/errors.js'
import { extractTarGz } from '../../src/artifacts/extract.js'
import type { Logger } from '../../src/artifacts/logger.js'
import { TransportError } from '../../src/base/errors.js'
import { Vm0Client } from '../../src/vm0/client.js'

const RUN_ID = '0b7e3f1c-5d2a-4c8e-9f10-2a3b4c5d6e7f'

function recordingLogger() {
  const log = {
    infos: [] as string[],
    warnings: [] as string[],
    notices: [] as string[],
    secrets: [] as string[]
  }
  const logger: Logger = {
    info: m => log.infos.push(m),
    warning: m => log.warnings.push(m),
    notice: m => log.notices.push(m),
    setSecret: v => log.secrets.push(v),
    group: (_title, fn) => fn()
  }
  return { log, logger }
}

const SETTINGS: CollectSettings = {
  artifactName: 'out',
  artifactVersion: null,
  collect: { kind: 'run' },
  path: null,
  upload: false,
  uploadName: null,
  retentionDays: null,
  compressionLevel: 6,
  ifNoFilesFound: 'warn',
  includeHiddenFiles: false,
  overwrite: false
}

const FILES = {
  'README.md': '# output\n',
  'src/main.ts': 'export const x = 1\n',
  // Incompressible, so the archive is far larger than a truncated body.
  'data/blob.bin': randomBytes(200_000)
}

let emu: Emulator
let client: Vm0Client
let artifactId: string
let versionId: string
let root: string
const dispatcher = new Agent({ keepAliveTimeout: 1000 })

beforeAll(async () => {
  emu = await startEmulator({ eventTickMs: 50 })
  client = new Vm0Client({ baseUrl: emu.url, token: emu.token, dispatcher, sleep: async () => {} })
  ;({ artifactId, versionId } = emu.addArtifactVersion(
    'out',
    { files: FILES },
    { message: `Checkpoint from run ${RUN_ID}`, createdBy: 'agent' }
  ))
  root = mkdtempSync(join(tmpdir(), 'vm0-dl-'))
})
afterAll(async () => {
  await emu.close()
  await dispatcher.close()
  rmSync(root, { recursive: true, force: true })
})
beforeEach(() => {
  emu.clearFaults()
  emu.requests.length = 0
})

function storageRequests() {
  return emu.requests.filter(r => r.origin === 'storage')
}
function downloadCalls() {
  return emu.requests.filter(r => r.origin === 'api' && r.path.endsWith('/download'))
}

async function collect(dir: string, extra: { sleeps?: number[] } = {}) {
  const { log, logger } = recordingLogger()
  const sleeps = extra.sleeps ?? []
  const result = await collectOutputs({
    client,
    runId: RUN_ID,
    settings: { ...SETTINGS, apiUrl: emu.url, path: join(root, dir) },
    runnerTemp: root,
    logger,
    dispatcher,
    sleep: async ms => {
      sleeps.push(ms)
    },
    random: () => 0
  })
  return { result, log, sleeps }
}

function expectFiles(dir: string): void {
  for (const [name, content] of Object.entries(FILES)) {
    expect(readFileSync(join(root, dir, name)).equals(Buffer.from(content))).toBe(true)
  }
}

describe('downloading the output archive', () => {
  it('follows the 302 to the storage origin without the token and masks the presigned URL first', async () => {
    const { result, log } = await collect('plain')
    expect(result.artifactVersion).toBe(versionId)
    expect(result.files.map(f => f.path)).toEqual(['README.md', 'data/blob.bin', 'src/main.ts'])
    expectFiles('plain')

    const api = downloadCalls()
    expect(api).toHaveLength(1)
    expect(api[0]?.headers.authorization).toBe(`Bearer ${emu.token}`)
    expect(api[0]?.query.versionId).toBe(versionId)
    const storage = storageRequests()
    expect(storage).toHaveLength(1)
    expect(storage[0]?.headers.authorization).toBeUndefined()
    expect(storage[0]?.headers.cookie).toBeUndefined()
    expect(storage[0]?.path).toContain(artifactId)

    // The exact URL the storage received was masked, as were its query and signature.
    const signature = storage[0]?.query['X-Amz-Signature'] as string
    expect(log.secrets.some(s => s.startsWith(emu.storageUrl) && s.includes(signature))).toBe(true)
    expect(log.secrets).toContain(signature)
    expect(log.secrets.some(s => s.startsWith('X-Amz-Expires=') && s.includes(signature))).toBe(
      true
    )
    expect([...log.infos, ...log.warnings].join('\n')).not.toContain(signature)
  })

  it('retries a body that breaks off mid-way, extracting afresh', async () => {
    emu.addFault({ origin: 'storage', action: { kind: 'truncate', bytes: 3000 } })
    const { result, log, sleeps } = await collect('truncated-body')
    expect(result.files).toHaveLength(3)
    expectFiles('truncated-body')
    expect(storageRequests()).toHaveLength(2)
    expect(storageRequests().every(r => r.headers.authorization === undefined)).toBe(true)
    expect(log.infos.join('\n')).toMatch(
      /Download attempt 1\/5 failed: .*broke off after \d+ bytes/
    )
    expect(sleeps).toEqual([500])
    // No staging folder is left behind.
    expect(readdirSync(root).filter(n => n.includes('.vm0-'))).toEqual([])
  })

  it('retries a connection reset and a 503 from the storage with backoff', async () => {
    emu.addFault({ origin: 'storage', action: { kind: 'reset' } })
    emu.addFault({ origin: 'storage', action: { kind: 'status', status: 503 } })
    const { result, log, sleeps } = await collect('reset')
    expect(result.files).toHaveLength(3)
    expect(storageRequests()).toHaveLength(3)
    expect(downloadCalls()).toHaveLength(1)
    expect(sleeps).toEqual([500, 1000])
    expect(log.infos.join('\n')).toMatch(
      /attempt 2\/5 failed: the storage \(127\.0\.0\.1:\d+\) answered 503/
    )
  })

  it('asks the API for a fresh URL when the storage says the URL expired', async () => {
    emu.addFault({
      origin: 'storage',
      action: {
        kind: 'status',
        status: 403,
        contentType: 'application/xml',
        body: '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>'
      }
    })
    const { result, log, sleeps } = await collect('expired')
    expect(result.files).toHaveLength(3)
    expectFiles('expired')
    expect(downloadCalls()).toHaveLength(2)
    const signatures = storageRequests().map(r => r.query['X-Amz-Signature'])
    expect(signatures).toHaveLength(2)
    expect(signatures[0]).not.toBe(signatures[1])
    // The fresh URL is asked for at once, and masked too.
    expect(sleeps).toEqual([])
    expect(log.secrets).toContain(signatures[1])
    expect(log.infos.join('\n')).toMatch(
      /answered 403 \(S3 error AccessDenied\); retrying now with a fresh download URL/
    )
  })

  it('gives up after the attempts, naming the last failure, and leaves nothing at path', async () => {
    emu.addFault({ origin: 'storage', times: 10, action: { kind: 'status', status: 500 } })
    const sleeps: number[] = []
    const error = await collect('gave-up', { sleeps }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransportError)
    expect((error as Error).message).toMatch(/answered 500.*Gave up after 5 attempts/)
    expect(sleeps).toHaveLength(4)
    expect(existsSync(join(root, 'gave-up'))).toBe(false)
  })

  it('does not retry a truncated archive that the storage serves in full', async () => {
    const archive = filesToTarGz({ 'a.txt': 'x'.repeat(50_000), 'b.txt': 'y' })
    const { artifactId: id, versionId: v } = emu.addArtifactVersion('cut', {
      archive: archive.subarray(0, archive.length - 40)
    })
    const { logger } = recordingLogger()
    const dir = mkdtempSync(join(root, 'cut-'))
    const error = await downloadArchive({
      api: client,
      artifactId: id,
      versionId: v,
      logger,
      apiUrl: emu.url,
      dispatcher,
      sleep: async () => {},
      consume: body => extractTarGz(body, dir)
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ArchiveError)
    expect((error as ArchiveError).kind).toBe('truncated')
    expect(storageRequests()).toHaveLength(1)
  })

  it('answers empty when the API has nothing to download (404)', async () => {
    emu.addFault({
      path: /\/download$/,
      action: {
        kind: 'status',
        status: 404,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { type: 'not_found_error', code: 'resource_not_found', message: 'No such version' }
        })
      }
    })
    const { logger } = recordingLogger()
    const outcome = await downloadArchive({
      api: client,
      artifactId,
      versionId,
      logger,
      dispatcher,
      consume: async () => 'never'
    })
    expect(outcome).toEqual({ kind: 'empty' })
    expect(storageRequests()).toHaveLength(0)
  })
})

describe('maskUrl', () => {
  it('masks the URL, its query and long query values, raw and decoded', () => {
    const secrets: string[] = []
    maskUrl(
      'https://s3.example.com/k/archive.tar.gz?X-Amz-Credential=AKIA%2F20250101%2Fus&X-Amz-Expires=3600&X-Amz-Signature=abcdef0123456789abcdef',
      v => secrets.push(v)
    )
    expect(secrets).toEqual(
      expect.arrayContaining([
        'https://s3.example.com/k/archive.tar.gz?X-Amz-Credential=AKIA%2F20250101%2Fus&X-Amz-Expires=3600&X-Amz-Signature=abcdef0123456789abcdef',
        'X-Amz-Credential=AKIA%2F20250101%2Fus&X-Amz-Expires=3600&X-Amz-Signature=abcdef0123456789abcdef',
        'AKIA%2F20250101%2Fus',
        'AKIA/20250101/us',
        'abcdef0123456789abcdef'
      ])
    )
    // Short values (an expiry in seconds) would mask every such number in the log.
    expect(secrets).not.toContain('3600')
  })
})
