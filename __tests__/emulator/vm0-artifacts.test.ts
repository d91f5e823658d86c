import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readTarGz } from '../../emulator/tar.js'
import { startEmulator } from '../../emulator/vm0/index.js'
import type { Emulator } from '../../emulator/vm0/index.js'
import { Collections } from '../../emulator/vm0/store.js'
import { call, createRun, sleep, waitForEnd } from './vm0-helpers.js'

async function download(
  url: string,
  headers: Record<string, string> = {}
): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(url, { headers })
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    bytes: Buffer.from(await res.arrayBuffer())
  }
}

describe('VM0 emulator artifacts, volumes and storage', () => {
  let emu: Emulator
  let artifactId: string
  let v1: string
  let v2: string

  beforeAll(async () => {
    // Commits as the internal API does (every run naming an artifact): the storage tests need
    // versions written by runs; what the current /v1 commits is tested on its own below.
    emu = await startEmulator({
      agents: [{ name: 'a' }],
      eventTickMs: 20,
      artifactCommits: 'always'
    })
    ;({ artifactId, versionId: v1 } = emu.addArtifactVersion('site', {
      files: { 'index.html': '<h1>one</h1>' }
    }))
    ;({ versionId: v2 } = emu.addArtifactVersion(
      'site',
      { files: { 'index.html': '<h1>two</h1>', 'css/site.css': 'h1{}' } },
      { message: 'second', createdBy: 'ci' }
    ))
  })
  afterAll(() => emu.close())

  it('lists, gets and versions artifacts, newest first', async () => {
    expect(v1).toMatch(/^[0-9a-f]{64}$/)
    const list = await call(emu, '/v1/artifacts')
    expect(list.body.data).toEqual([
      {
        id: artifactId,
        name: 'site',
        currentVersionId: v2,
        size: 16,
        fileCount: 2,
        createdAt: expect.any(String),
        updatedAt: expect.any(String)
      }
    ])
    const one = await call(emu, `/v1/artifacts/${artifactId}`)
    expect(one.body.currentVersion).toEqual({
      id: v2,
      artifactId,
      size: 16,
      fileCount: 2,
      message: 'second',
      createdBy: 'ci',
      createdAt: expect.any(String)
    })
    const versions = await call(emu, `/v1/artifacts/${artifactId}/versions`)
    expect(versions.body.data.map((v: { id: string }) => v.id)).toEqual([v2, v1])
    expect((await call(emu, '/v1/artifacts/00000000-0000-4000-8000-000000000000')).status).toBe(404)
  })

  it('redirects a download to the storage origin, which serves the bytes without a token', async () => {
    const res = await call(emu, `/v1/artifacts/${artifactId}/download`)
    expect(res.status).toBe(302)
    const location = res.headers.get('location') as string
    expect(location.startsWith(`${emu.storageUrl}/`)).toBe(true)
    expect(location).toMatch(/\/archive\.tar\.gz\?X-Amz-Expires=3600&X-Amz-Signature=[0-9a-f]{64}$/)
    expect(location).toContain(v2)
    const plain = await download(location)
    expect(plain.status).toBe(200)
    expect(plain.type).toBe('application/gzip')
    const names = readTarGz(plain.bytes).map(e => e.name)
    expect(names).toEqual(['./', './css/', './css/site.css', './index.html'])

    const withToken = await download(location, { authorization: `Bearer ${emu.token}` })
    expect(withToken.status).toBe(400)
    expect(withToken.bytes.toString()).toContain('<Code>InvalidArgument</Code>')

    const unknownKey = await download(location.replace('archive.tar.gz', 'other.tar.gz'))
    expect(unknownKey.status).toBe(404)
    const badSignature = await download(location.replace(/Signature=[0-9a-f]+/, 'Signature=00'))
    expect(badSignature.status).toBe(403)
  })

  it('resolves versions by unique prefix of 8+ hex and answers 404 otherwise', async () => {
    const byPrefix = await call(
      emu,
      `/v1/artifacts/${artifactId}/download?versionId=${v1.slice(0, 8)}`
    )
    expect(byPrefix.status).toBe(302)
    expect(byPrefix.headers.get('location')).toContain(v1)
    for (const ref of [v1.slice(0, 7), '', 'f'.repeat(64), 'not-hex!']) {
      const res = await call(emu, `/v1/artifacts/${artifactId}/download?versionId=${ref}`)
      expect(res.status).toBe(404)
      expect(res.body.error.code).toBe('resource_not_found')
    }
    // The current service ignores the documented parameter name and serves the head.
    const snakeName = await call(emu, `/v1/artifacts/${artifactId}/download?version_id=${v1}`)
    expect(snakeName.headers.get('location')).toContain(v2)
  })

  it('treats an ambiguous prefix as unknown', () => {
    const collections = new Collections('artifact')
    const stored = collections.commit('x', Buffer.from('a'), {
      message: 'm',
      createdBy: 'user'
    }).collection
    const version = stored.versions[0]
    if (version === undefined) throw new Error('no version')
    stored.versions.push({ ...version, id: `${version.id.slice(0, 10)}${'0'.repeat(54)}` })
    expect(collections.resolve(stored, version.id.slice(0, 10))).toBeUndefined()
    expect(collections.resolve(stored, version.id.slice(0, 11))?.id).toBe(version.id)
  })

  it('lets presigned URLs expire', async () => {
    // A second and a half: long enough for a loaded machine's first download to land inside it.
    const short = await startEmulator({ storageUrlTtlMs: 1500 })
    try {
      const { artifactId: id } = short.addArtifactVersion('x', { files: { a: 'b' } })
      const location = (await call(short, `/v1/artifacts/${id}/download`)).headers.get(
        'location'
      ) as string
      expect(location).toContain('X-Amz-Expires=2&')
      expect((await download(location)).status).toBe(200)
      await sleep(1500)
      const expired = await download(location)
      expect(expired.status).toBe(403)
      expect(expired.bytes.toString()).toContain('expired')
    } finally {
      await short.close()
    }
  })

  it('commits run output as a content-addressed version, moving the head to an identical older one', async () => {
    emu.setScript('a', { pendingMs: 0, durationMs: 5, files: { 'index.html': '<h1>three</h1>' } })
    const run = await createRun(emu, { prompt: 'p', agent: 'a', artifactName: 'site' })
    await waitForEnd(emu, run)
    const versions = (await call(emu, `/v1/artifacts/${artifactId}/versions`)).body.data
    expect(versions).toHaveLength(3)
    expect(versions[0]).toMatchObject({
      message: `Checkpoint from run ${run}`,
      createdBy: 'agent',
      fileCount: 1
    })
    expect(emu.getRun(run)?.producedVersionId).toBe(versions[0].id)
    expect((await call(emu, `/v1/runs/${run}`)).body.artifactVersion).toBeNull()

    emu.setScript('a', { pendingMs: 0, durationMs: 5, files: { 'index.html': '<h1>one</h1>' } })
    const unchanged = await createRun(emu, { prompt: 'p', agent: 'a', artifactName: 'site' })
    await waitForEnd(emu, unchanged)
    const after = await call(emu, `/v1/artifacts/${artifactId}`)
    expect(after.body.currentVersionId).toBe(v1)
    const list = (await call(emu, `/v1/artifacts/${artifactId}/versions`)).body.data
    expect(list).toHaveLength(3)
    expect(list.some((v: { message: string }) => v.message.includes(unchanged))).toBe(false)

    emu.setScript('a', { pendingMs: 0, durationMs: 5, files: { 'out.txt': 'new' } })
    const fresh = await createRun(emu, { prompt: 'p', agent: 'a', artifactName: 'brand-new' })
    await waitForEnd(emu, fresh)
    const created = (await call(emu, '/v1/artifacts')).body.data
    expect(created.map((a: { name: string }) => a.name)).toEqual(['brand-new', 'site'])
  })

  it('commits a raw archive as it is', async () => {
    const archive = Buffer.from('definitely not gzip')
    emu.setScript('a', { pendingMs: 0, durationMs: 5, archive })
    const run = await createRun(emu, { prompt: 'p', agent: 'a', artifactName: 'raw' })
    await waitForEnd(emu, run)
    const raw = (await call(emu, '/v1/artifacts')).body.data.find(
      (a: { name: string }) => a.name === 'raw'
    )
    const location = (await call(emu, `/v1/artifacts/${raw.id}/download`)).headers.get(
      'location'
    ) as string
    expect((await download(location)).bytes).toEqual(archive)
  })

  it('serves volumes with the same API and resolves them on create', async () => {
    const { volumeId, versionId } = emu.addVolume('data', { 'input.csv': 'a,b\n1,2\n' })
    const one = await call(emu, `/v1/volumes/${volumeId}`)
    expect(one.body).toMatchObject({
      id: volumeId,
      name: 'data',
      currentVersionId: versionId,
      fileCount: 1
    })
    expect(one.body.currentVersion).toMatchObject({ id: versionId, volumeId })
    const versions = await call(emu, `/v1/volumes/${volumeId}/versions`)
    expect(versions.body.data[0].volumeId).toBe(volumeId)
    const res = await call(
      emu,
      `/v1/volumes/${volumeId}/download?versionId=${versionId.slice(0, 12)}`
    )
    expect(res.status).toBe(302)
    const files = readTarGz((await download(res.headers.get('location') as string)).bytes)
    expect(files.find(f => f.name === './input.csv')?.content.toString()).toBe('a,b\n1,2\n')

    emu.setScript('a', { pendingMs: 0, durationMs: 5 })
    const run = await call(emu, '/v1/runs', {
      body: { prompt: 'p', agent: 'a', volumes: { data: 'latest' } }
    })
    expect(run.body.volumes).toEqual({ data: versionId })
    await waitForEnd(emu, run.body.id)
    // As the service: `volumes` only overrides volumes that exist; unknown names are ignored.
    const unknown = await call(emu, '/v1/runs', {
      body: { prompt: 'p', agent: 'a', volumes: { nope: 'latest', data: 'latest' } }
    })
    expect(unknown.status).toBe(202)
    expect(unknown.body.volumes).toEqual({ data: versionId })
    await waitForEnd(emu, unknown.body.id)
  })

  it('ignores agentVersion, as the service does', async () => {
    emu.setScript('a', { pendingMs: 0, durationMs: 5 })
    const run = await call(emu, '/v1/runs', {
      body: { prompt: 'p', agent: 'a', agentVersion: 'no-such-version' }
    })
    expect(run.status).toBe(202)
    await waitForEnd(emu, run.body.id)
    expect(emu.getRun(run.body.id)?.status).toBe('completed')
  })

  it('answers 404 for the download of an empty version', async () => {
    const empty = emu.addArtifactVersion('empty', { files: {} })
    const res = await call(emu, `/v1/artifacts/${empty.artifactId}/download`)
    expect(res.status).toBe(404)
    const versions = await call(emu, `/v1/artifacts/${empty.artifactId}/versions`)
    expect(versions.body.data[0].fileCount).toBe(0)
  })

  it('by default commits as the last /v1: an agent-name run writes nothing, and neither does continuing the session it opened', async () => {
    const v1emu = await startEmulator({ agents: [{ name: 'a' }], eventTickMs: 20 })
    try {
      v1emu.setScript('a', { pendingMs: 0, durationMs: 5, files: { 'a.txt': 'first' } })
      const byName = await createRun(v1emu, { prompt: 'p', agent: 'a', artifactName: 'work' })
      await waitForEnd(v1emu, byName)
      expect(v1emu.getRun(byName)?.producedVersionId).toBeNull()

      // The session exists and can be continued, but it has no artifact to write to.
      const sessionId = v1emu.getRun(byName)?.sessionId
      expect(sessionId).toMatch(/^[0-9a-f-]{36}$/)
      const continued = await createRun(v1emu, { prompt: 'p', sessionId, artifactName: 'work' })
      await waitForEnd(v1emu, continued)
      expect(v1emu.getRun(continued)?.status).toBe('completed')
      expect(v1emu.getRun(continued)?.sessionId).toBe(sessionId)
      expect(v1emu.getRun(continued)?.producedVersionId).toBeNull()
      const checkpointId = v1emu.getRun(continued)?.checkpointId
      const resumed = await createRun(v1emu, { prompt: 'p', checkpointId, artifactName: 'work' })
      await waitForEnd(v1emu, resumed)
      expect(v1emu.getRun(resumed)?.producedVersionId).toBeNull()
      expect((await call(v1emu, '/v1/artifacts')).body.data).toEqual([])
    } finally {
      await v1emu.close()
    }
  })

  it("a session opened with an artifact (the CLI's --artifact-name) is the one path to files: its session and checkpoint runs commit to it", async () => {
    const v1emu = await startEmulator({ agents: [{ name: 'a' }], eventTickMs: 20 })
    try {
      const { sessionId } = v1emu.openSession('a', 'work')
      // The script's own session id is for new sessions: a continued one keeps its id.
      const fresh = '11111111-1111-4111-8111-111111111111'
      v1emu.setScript('a', {
        pendingMs: 0,
        durationMs: 5,
        files: { 'a.txt': 'first' },
        sessionId: fresh
      })
      // The run's own `artifactName` changes nothing: the session's artifact is written.
      const continued = await createRun(v1emu, { prompt: 'p', sessionId, artifactName: 'other' })
      await waitForEnd(v1emu, continued)
      const [work] = (await call(v1emu, '/v1/artifacts')).body.data
      expect(work.name).toBe('work')
      const versions = (await call(v1emu, `/v1/artifacts/${work.id}/versions`)).body.data
      expect(versions[0]).toMatchObject({
        message: `Checkpoint from run ${continued}`,
        createdBy: 'agent'
      })
      expect(v1emu.getRun(continued)?.producedVersionId).toBe(versions[0].id)
      expect(v1emu.getRun(continued)?.sessionId).toBe(sessionId)

      v1emu.setScript('a', { pendingMs: 0, durationMs: 5, files: { 'a.txt': 'second' } })
      const checkpointId = v1emu.getRun(continued)?.checkpointId
      const resumed = await createRun(v1emu, { prompt: 'p', checkpointId })
      await waitForEnd(v1emu, resumed)
      const after = (await call(v1emu, `/v1/artifacts/${work.id}/versions`)).body.data
      expect(after[0]).toMatchObject({ message: `Checkpoint from run ${resumed}` })
      expect((await call(v1emu, '/v1/artifacts')).body.data).toHaveLength(1)
      expect(() => v1emu.openSession('nobody', 'work')).toThrow("no agent named 'nobody'")
    } finally {
      await v1emu.close()
    }
  })

  it('an agent-name run whose script names an existing session opens a new one: the session opened with an artifact keeps it', async () => {
    const v1emu = await startEmulator({ agents: [{ name: 'a' }], eventTickMs: 20 })
    try {
      const { sessionId } = v1emu.openSession('a', 'work')
      // The script names that very session for new ones (as the sample script does).
      v1emu.setScript('a', { pendingMs: 0, durationMs: 5, files: { 'a.txt': 'x' }, sessionId })
      const byName = await createRun(v1emu, { prompt: 'p', agent: 'a' })
      await waitForEnd(v1emu, byName)
      expect(v1emu.getRun(byName)?.sessionId).toMatch(/^[0-9a-f-]{36}$/)
      expect(v1emu.getRun(byName)?.sessionId).not.toBe(sessionId)
      // The session opened with the artifact still writes to it.
      const continued = await createRun(v1emu, { prompt: 'p', sessionId })
      await waitForEnd(v1emu, continued)
      expect(v1emu.getRun(continued)?.producedVersionId).toEqual(expect.any(String))
    } finally {
      await v1emu.close()
    }
  })

  it('honours version_id in the snake dialect', async () => {
    const snake = await startEmulator({ dialect: 'snake' })
    try {
      const old = snake.addArtifactVersion('x', { files: { a: '1' } })
      snake.addArtifactVersion('x', { files: { a: '2' } })
      const res = await call(
        snake,
        `/v1/artifacts/${old.artifactId}/download?version_id=${old.versionId}`
      )
      expect(res.headers.get('location')).toContain(old.versionId)
      const listed = await call(snake, `/v1/artifacts/${old.artifactId}/versions`)
      expect(listed.body.data[1]).toMatchObject({
        id: old.versionId,
        artifact_id: old.artifactId,
        file_count: 1
      })
    } finally {
      await snake.close()
    }
  })
})
