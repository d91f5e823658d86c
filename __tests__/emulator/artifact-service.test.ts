import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DefaultArtifactClient } from '@actions/artifact'
import { startArtifactService, type ArtifactService } from '../../emulator/artifact-service.js'
import { makeRuntimeToken } from '../../emulator/artifact-service/token.js'
import { listZip, readZip } from '../../emulator/artifact-service/zip.js'

const ENV_KEYS = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'GITHUB_SERVER_URL',
  'GITHUB_RETENTION_DAYS',
  'NO_PROXY',
  'no_proxy'
]
const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/'

let svc: ArtifactService
let root: string
const savedEnv: Record<string, string | undefined> = {}
const sources = new Map<string, Buffer>() // zip entry name -> content
let files: string[] = []
let stdoutSpy: { mockRestore(): void } | undefined

async function twirp(
  method: string,
  body: Record<string, unknown>,
  token = svc.runtimeToken
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${svc.url}${TWIRP}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body)
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

function ids(): Record<string, string> {
  return {
    workflow_run_backend_id: svc.runBackendId,
    workflow_job_run_backend_id: svc.jobBackendId
  }
}

async function putBlob(url: string, data: Buffer): Promise<number> {
  const res = await fetch(url, {
    method: 'PUT',
    headers: { 'x-ms-blob-type': 'BlockBlob', 'x-ms-blob-content-type': 'application/zip' },
    body: data
  })
  await res.arrayBuffer()
  return res.status
}

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`

beforeAll(async () => {
  svc = await startArtifactService()
  for (const k of ENV_KEYS) savedEnv[k] = process.env[k]
  delete process.env.GITHUB_SERVER_URL
  delete process.env.GITHUB_RETENTION_DAYS
  Object.assign(process.env, svc.env())
  // @actions/core logs (and ::add-mask::) go to stdout; keep the jest output readable.
  stdoutSpy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)

  root = mkdtempSync(join(tmpdir(), 'artifact-svc-'))
  const add = (rel: string, data: Buffer): void => {
    const full = join(root, rel)
    mkdirSync(join(full, '..'), { recursive: true })
    writeFileSync(full, data)
    sources.set(rel, data)
    files.push(full)
  }
  add('hello.txt', Buffer.from('hello artifact\n'))
  add('nested/deeper/data.json', Buffer.from(JSON.stringify({ a: 1, b: [1, 2, 3] }, null, 2)))
  add('empty.txt', Buffer.alloc(0))
  // Random bytes do not compress: the zip is > 8 MiB, so the upload takes several blocks.
  add('big.bin', randomBytes(9 * 1024 * 1024 + 123))
  files = files.slice()
})

afterAll(async () => {
  stdoutSpy?.mockRestore()
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k]
    else process.env[k] = savedEnv[k]
  }
  await svc?.close()
  if (root) rmSync(root, { recursive: true, force: true })
})

describe('artifact service emulator with the real @actions/artifact client', () => {
  const client = new DefaultArtifactClient()

  it('uploads a multi-block zip whose entries equal the sources', async () => {
    const result = await client.uploadArtifact('bundle', files, root, { retentionDays: 3 })

    const stored = svc.artifacts()
    expect(stored).toHaveLength(1)
    const a = stored[0]!
    expect(a).toMatchObject({
      id: result.id,
      name: 'bundle',
      size: result.size,
      digest: `sha256:${result.digest}`,
      runBackendId: svc.runBackendId,
      jobBackendId: svc.jobBackendId,
      deleted: false
    })
    expect(a.zip.length).toBe(a.size)
    expect(sha256(a.zip)).toBe(a.digest)

    const entries = readZip(a.zip)
    expect([...entries.keys()].sort()).toEqual([...sources.keys()].sort())
    for (const [name, data] of sources) expect(entries.get(name)?.equals(data)).toBe(true)
    expect(listZip(a.zip).some(e => e.method === 8)).toBe(true)

    // retention: expires_at sent and stored, ~3 days ahead
    const expires = Date.parse(a.expiresAt ?? '')
    expect(expires - Date.now()).toBeGreaterThan(3 * 86400_000 - 60_000)
    expect(expires - Date.now()).toBeLessThanOrEqual(3 * 86400_000)

    const ops = svc.requests.map(r => r.op)
    expect(ops.filter(o => o === 'block').length).toBeGreaterThanOrEqual(2)
    expect(ops.filter(o => o === 'blocklist')).toHaveLength(1)
    expect(ops).toEqual(expect.arrayContaining(['CreateArtifact', 'FinalizeArtifact']))
    const create = svc.requests.find(r => r.op === 'CreateArtifact')!
    expect(create.body).toMatchObject({ name: 'bundle', version: 7, mime_type: 'application/zip' })
    expect(create.headers.authorization).toBe(`Bearer ${svc.runtimeToken}`)
  })

  it('refuses a second upload under the same name with 409', async () => {
    const before = svc.requests.length
    await expect(client.uploadArtifact('bundle', files.slice(0, 1), root)).rejects.toThrow(
      /409.*already exists/
    )
    const ops = svc.requests.slice(before).map(r => r.op)
    expect(ops).toEqual(['CreateArtifact'])
    expect(svc.artifacts()).toHaveLength(1)
  })

  it('lists, downloads, and overwrites (delete then re-create) through the client', async () => {
    const { artifact } = await client.getArtifact('bundle')
    expect(artifact.name).toBe('bundle')
    expect(artifact.digest).toBe(svc.artifacts()[0]!.digest)

    const dl = mkdtempSync(join(tmpdir(), 'artifact-dl-'))
    try {
      const res = await client.downloadArtifact(artifact.id, {
        path: dl,
        expectedHash: artifact.digest
      })
      expect(res.digestMismatch).toBe(false)
      for (const [name, data] of sources)
        expect(readFileSync(join(dl, name)).equals(data)).toBe(true)
    } finally {
      rmSync(dl, { recursive: true, force: true })
    }

    // what actions/upload-artifact does for `overwrite: true`
    const del = await client.deleteArtifact('bundle')
    expect(del.id).toBe(artifact.id)
    const again = await client.uploadArtifact('bundle', files.slice(0, 2), root)
    expect(again.id).toBeGreaterThan(artifact.id)
    const all = svc.artifacts()
    expect(all.map(a => [a.id, a.deleted])).toEqual([
      [artifact.id, true],
      [again.id, false]
    ])
    expect(all[1]!.expiresAt).toBeNull()
    expect([...readZip(all[1]!.zip).keys()].sort()).toEqual([
      'hello.txt',
      'nested/deeper/data.json'
    ])
    const listed = await client.listArtifacts()
    expect(listed.artifacts.map(a => a.id)).toEqual([again.id])
  })

  it('fails fast on an injected 4xx from CreateArtifact', async () => {
    svc.addFailure({ method: 'CreateArtifact', status: 403 })
    const before = svc.requests.length
    await expect(client.uploadArtifact('other', files.slice(0, 1), root)).rejects.toThrow(
      /Failed to CreateArtifact: Received non-retryable error: Failed request: \(403\)/
    )
    expect(svc.requests.slice(before).map(r => [r.op, r.status])).toEqual([['CreateArtifact', 403]])
    // the failure was used up: the next attempt works
    await client.uploadArtifact('other', files.slice(0, 1), root)
    expect(svc.artifacts().filter(a => a.name === 'other')).toHaveLength(1)
  })

  it('fails the upload on an injected 4xx for a block, and nothing is finalized', async () => {
    svc.addFailure({ method: 'block', status: 400 })
    const before = svc.requests.length
    await expect(client.uploadArtifact('broken', files.slice(0, 1), root)).rejects.toThrow(
      /injected failure \(400\)/
    )
    const ops = svc.requests.slice(before).map(r => r.op)
    expect(ops).not.toContain('FinalizeArtifact')
    expect(svc.artifacts().some(a => a.name === 'broken')).toBe(false)
    // a retry under the same name works (unfinalized uploads do not reserve the name)
    await client.uploadArtifact('broken', files.slice(0, 1), root)
    expect(svc.artifacts().some(a => a.name === 'broken')).toBe(true)
  })
})

describe('artifact service protocol checks (raw requests)', () => {
  it('verifies size and digest on FinalizeArtifact', async () => {
    const name = 'raw-digest'
    const created = await twirp('CreateArtifact', { ...ids(), name, version: 7 })
    expect(created.status).toBe(200)
    const url = created.json.signed_upload_url as string
    const data = Buffer.from('not really a zip')
    expect(await putBlob(url, data)).toBe(201)

    const wrongHash = await twirp('FinalizeArtifact', {
      ...ids(),
      name,
      size: String(data.length),
      hash: sha256(Buffer.from('other'))
    })
    expect(wrongHash.status).toBe(400)
    expect(wrongHash.json.code).toBe('invalid_argument')
    const wrongSize = await twirp('FinalizeArtifact', {
      ...ids(),
      name,
      size: '1',
      hash: sha256(data)
    })
    expect(wrongSize.status).toBe(400)

    const ok = await twirp('FinalizeArtifact', {
      ...ids(),
      name,
      size: String(data.length),
      hash: sha256(data)
    })
    expect(ok.status).toBe(200)
    expect(ok.json).toEqual({ ok: true, artifact_id: expect.stringMatching(/^\d+$/) })
    // the upload URL is dead once finalized
    expect(await putBlob(url, data)).toBe(403)
  })

  it('checks the token, the signature, and the Twirp route', async () => {
    const noAuth = await fetch(`${svc.url}${TWIRP}ListArtifacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ids())
    })
    expect(noAuth.status).toBe(401)
    expect(await noAuth.json()).toMatchObject({ code: 'unauthenticated' })

    const otherRun = makeRuntimeToken('other-run', 'other-job')
    expect((await twirp('ListArtifacts', ids(), otherRun)).status).toBe(403)
    const otherList = await twirp(
      'ListArtifacts',
      { workflow_run_backend_id: 'other-run', workflow_job_run_backend_id: 'other-job' },
      otherRun
    )
    expect(otherList).toEqual({ status: 200, json: { artifacts: [] } })

    expect((await twirp('NoSuchMethod', ids())).status).toBe(404)

    const created = await twirp('CreateArtifact', { ...ids(), name: 'raw-sig', version: 7 })
    const forged = (created.json.signed_upload_url as string).replace(/sig=[^&]+/, 'sig=forged')
    expect(await putBlob(forged, Buffer.from('x'))).toBe(403)

    const badName = await twirp('CreateArtifact', { ...ids(), name: 'a/b', version: 7 })
    expect(badName.status).toBe(400)
  })

  it('filters ListArtifacts by name and id, and hides expired artifacts', async () => {
    const name = 'raw-expiring'
    // The service has no clock to inject: five seconds for a loaded machine's requests below
    // to land before the expiry, then a wait until just past it.
    const expiresAt = new Date(Date.now() + 5000).toISOString()
    const created = await twirp('CreateArtifact', {
      ...ids(),
      name,
      version: 7,
      expires_at: expiresAt
    })
    const data = Buffer.from('short-lived')
    expect(await putBlob(created.json.signed_upload_url as string, data)).toBe(201)
    const fin = await twirp('FinalizeArtifact', {
      ...ids(),
      name,
      size: String(data.length),
      hash: sha256(data)
    })
    const id = fin.json.artifact_id as string

    const byName = await twirp('ListArtifacts', { ...ids(), name_filter: name })
    expect(byName.json.artifacts).toEqual([
      expect.objectContaining({
        database_id: id,
        name,
        size: String(data.length),
        digest: sha256(data)
      })
    ])
    const byId = await twirp('ListArtifacts', { ...ids(), id_filter: id })
    expect((byId.json.artifacts as unknown[]).length).toBe(1)
    const signed = await twirp('GetSignedArtifactURL', { ...ids(), name })
    const got = await fetch(signed.json.signed_url as string)
    expect(Buffer.from(await got.arrayBuffer()).equals(data)).toBe(true)

    await new Promise(r => setTimeout(r, Math.max(0, Date.parse(expiresAt) - Date.now() + 100)))
    expect((await twirp('ListArtifacts', { ...ids(), name_filter: name })).json.artifacts).toEqual(
      []
    )
    expect((await twirp('GetSignedArtifactURL', { ...ids(), name })).status).toBe(404)
    expect(svc.artifacts().find(a => a.name === name)?.expiresAt).toBe(expiresAt)
  })
})

describe('artifact service blob endpoint (raw requests)', () => {
  const blockId = (n: number, width = 8): string =>
    Buffer.from(String(n).padStart(width, '0')).toString('base64')

  async function put(
    url: string,
    body: Buffer | string,
    headers: Record<string, string> = {}
  ): Promise<{ status: number; code: string | null }> {
    const res = await fetch(url, { method: 'PUT', headers, body })
    await res.arrayBuffer()
    return { status: res.status, code: res.headers.get('x-ms-error-code') }
  }

  async function created(name: string): Promise<string> {
    const res = await twirp('CreateArtifact', { ...ids(), name, version: 7 })
    expect(res.status).toBe(200)
    return res.json.signed_upload_url as string
  }

  it('assembles a block list, and serves the finalized zip with its headers', async () => {
    const name = 'raw-blocks'
    const url = await created(name)
    const parts = [Buffer.from('first part, '), Buffer.from('second part')]
    for (const [i, part] of parts.entries()) {
      expect((await put(`${url}&comp=block&blockid=${blockId(i)}`, part)).status).toBe(201)
    }
    expect((await put(`${url}&comp=block&blockid=${blockId(1, 4)}`, 'x')).code).toBe(
      'InvalidBlobOrBlock'
    )
    expect((await put(`${url}&comp=block&blockid=not*base64`, 'x')).code).toBe(
      'InvalidQueryParameterValue'
    )
    const list = (ids: string[]): string =>
      `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids.map(id => `<Latest>${id}</Latest>`).join('')}</BlockList>`
    expect((await put(`${url}&comp=blocklist`, list([blockId(9)]))).code).toBe('InvalidBlockList')
    expect((await put(`${url}&comp=blocklist`, 'not xml')).code).toBe('InvalidXmlDocument')
    const committed = await put(`${url}&comp=blocklist`, list([blockId(0), blockId(1)]), {
      'x-ms-blob-content-type': 'application/zip'
    })
    expect(committed).toEqual({ status: 201, code: null })
    const post = await fetch(url, { method: 'POST', body: 'x' })
    expect(post.status).toBe(405)
    expect(post.headers.get('x-ms-error-code')).toBe('UnsupportedHttpVerb')

    const data = Buffer.concat(parts)
    const fin = await twirp('FinalizeArtifact', { ...ids(), name, size: String(data.length) })
    expect(fin.status).toBe(200)
    const signed = (await twirp('GetSignedArtifactURL', { ...ids(), name })).json
      .signed_url as string
    const head = await fetch(signed, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(data.length))
    expect(head.headers.get('content-type')).toBe('application/zip')
    expect(head.headers.get('content-disposition')).toContain('filename="raw-blocks.zip"')
    const got = await fetch(signed)
    expect(Buffer.from(await got.arrayBuffer()).equals(data)).toBe(true)
    // the read URL does not write, the write URL does not read
    expect((await put(signed, 'x', { 'x-ms-blob-type': 'BlockBlob' })).code).toBe(
      'AuthenticationFailed'
    )
    expect((await fetch(url)).status).toBe(403)
  })

  it('checks MD5, the blob type and comp, and revokes an upload replaced by a new create', async () => {
    const name = 'raw-checks'
    const url = await created(name)
    const blob = { 'x-ms-blob-type': 'BlockBlob' }
    const md5 = createHash('md5').update('other').digest('base64')
    expect((await put(url, 'data', { ...blob, 'content-md5': md5 })).code).toBe('Md5Mismatch')
    expect((await put(url, 'data')).code).toBe('MissingRequiredHeader')
    expect((await put(`${url}&comp=page`, 'data', blob)).code).toBe('InvalidQueryParameterValue')

    svc.addFailure({ method: 'blob', status: 503, message: 'busy now' })
    const failed = await fetch(url, { method: 'PUT', headers: blob, body: 'data' })
    expect(failed.status).toBe(503)
    expect(failed.headers.get('x-ms-error-code')).toBe('ServerBusy')
    expect(await failed.text()).toContain('<Message>busy now')

    const replacement = await created(name)
    expect((await put(url, 'data', blob)).code).toBe('BlobNotFound')
    expect((await put(replacement, 'data', blob)).status).toBe(201)
  })

  it('answers Twirp routing and body errors in Twirp form', async () => {
    const get = await fetch(`${svc.url}${TWIRP}ListArtifacts`)
    expect(get.status).toBe(404)
    expect(await get.json()).toMatchObject({ code: 'bad_route' })
    const text = await fetch(`${svc.url}${TWIRP}ListArtifacts`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${svc.runtimeToken}` },
      body: '{}'
    })
    expect(await text.json()).toMatchObject({ code: 'bad_route' })
    const notObject = await fetch(`${svc.url}${TWIRP}ListArtifacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${svc.runtimeToken}` },
      body: '[1]'
    })
    expect(notObject.status).toBe(400)
    expect(await notObject.json()).toEqual({
      code: 'malformed',
      msg: 'request body is not a JSON object'
    })
    const elsewhere = await fetch(`${svc.url}/nowhere`)
    expect(elsewhere.status).toBe(404)
    expect(await elsewhere.json()).toEqual({
      code: 'bad_route',
      msg: 'no handler for path /nowhere'
    })
  })
})
