/**
 * collectOutputs against the VM0 emulator and the local artifact service
 * with the real @actions/artifact client: which version, what lands on
 * disk, what is uploaded, and `if-no-files-found`.
 */
import { beforeEach, describe, expect, it } from '@jest/globals'
import { randomBytes, randomUUID } from 'node:crypto'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { listZip, readZip } from '../../emulator/artifact-service/zip.js'
import { createTarGz, filesToTarGz, readTarGz } from '../../emulator/tar.js'
import {
  collectOutputs,
  type CollectOptions,
  type CollectSettings
} from '../../src/artifacts/collect.js'
import { NoFilesError, UploadError } from '../../src/artifacts/errors.js'
import type { Logger } from '../../src/artifacts/logger.js'
import { defaultOutputPath } from '../../src/artifacts/paths.js'
import { artifactOutputValues } from '../../src/report/artifact-outputs.js'
import { FakeClock } from '../support/fake-clock.js'
import { useCollectHarness } from '../support/collect-harness.js'

const GITHUB_ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo-org/octo-repo',
  GITHUB_RUN_ID: '1658821493',
  GITHUB_RUN_ATTEMPT: '1'
}

const h = useCollectHarness('vm0-collect-')
beforeEach(() => h.emu.clearFaults())
beforeEach(() => h.emu.clearFaults())

function settings(overrides: Partial<CollectSettings> = {}): CollectSettings {
  return {
    apiUrl: h.emu.url,
    artifactName: 'out',
    artifactVersion: null,
    collect: { kind: 'run' },
    path: null,
    upload: true,
    uploadName: null,
    retentionDays: null,
    compressionLevel: 6,
    ifNoFilesFound: 'warn',
    includeHiddenFiles: false,
    overwrite: false,
    ...overrides
  }
}

function harness(overrides: Partial<CollectOptions> & { settings: CollectSettings }) {
  const log = {
    infos: [] as string[],
    warnings: [] as string[],
    notices: [] as string[],
    groups: [] as string[]
  }
  const logger: Logger = {
    info: m => log.infos.push(m),
    warning: m => log.warnings.push(m),
    notice: m => log.notices.push(m),
    setSecret: () => undefined,
    group: (title, fn) => {
      log.groups.push(title)
      return fn()
    }
  }
  const runnerTemp = mkdtempSync(join(h.root, 'temp-'))
  const run = () =>
    collectOutputs({
      client: h.client,
      runId: randomUUID(),
      runnerTemp,
      logger,
      dispatcher: h.dispatcher,
      sleep: async () => {},
      env: GITHUB_ENV,
      ...overrides
    })
  return { log, run, runnerTemp }
}

/** Commits `files` to artifact `name` as run `runId`'s checkpoint. */
function checkpoint(name: string, runId: string, files: Record<string, string | Buffer>) {
  return h.emu.addArtifactVersion(
    name,
    { files },
    { message: `Checkpoint from run ${runId}`, createdBy: 'agent' }
  )
}

describe('the deadline, on the injected clock', () => {
  it('counts the deadline in the clock it was given: an hour ahead on a clock far behind Date.now still collects', async () => {
    const runId = randomUUID()
    checkpoint('timed', runId, { 'a.txt': 'a\n' })
    // Ten years behind the machine's time: a deadline read as Date.now() would have passed long ago.
    const clock = new FakeClock(Date.now() - 10 * 365 * 86400_000)
    const { run } = harness({
      runId,
      settings: settings({ artifactName: 'timed', upload: false }),
      clock,
      deadlineMs: clock.now() + 3600_000
    })
    const result = await run()
    expect(result.files.map(f => f.path)).toEqual(['a.txt'])
    // The deadline's timer was stopped once collecting ended.
    expect(clock.pending()).toBe(0)
  })

  it('stops the download when that clock reaches the deadline, and says `timeout` ran out', async () => {
    const runId = randomUUID()
    checkpoint('late', runId, { 'a.txt': 'a\n' })
    // Years ahead of the machine's time: read as Date.now(), this deadline would never come.
    const clock = new FakeClock(Date.now() + 10 * 365 * 86400_000)
    const deadlineMs = clock.now() + 60_000
    const { run, runnerTemp } = harness({
      runId,
      settings: settings({ artifactName: 'late', upload: false, timeoutMs: 3600_000 }),
      clock,
      deadlineMs
    })
    const error = await clock.run(run()).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'CollectTimeoutError' })
    expect(String(error)).toContain('`timeout` (1h) ran out')
    expect(clock.now()).toBe(deadlineMs)
    expect(existsSync(defaultOutputPath(runnerTemp, runId))).toBe(false)
  })
})

describe('choosing the version', () => {
  it("collects the run's own checkpoint when the head is another run's", async () => {
    const mine = randomUUID()
    const other = randomUUID()
    const { versionId } = checkpoint('shared', mine, { 'result.txt': 'mine\n' })
    const head = checkpoint('shared', other, { 'result.txt': 'theirs\n' })
    expect(head.versionId).not.toBe(versionId)
    const { run, log } = harness({
      runId: mine,
      settings: settings({ artifactName: 'shared', upload: false })
    })
    const result = await run()
    expect(result.artifactVersion).toBe(versionId)
    expect(readFileSync(join(result.artifactsPath ?? '', 'result.txt'), 'utf8')).toBe('mine\n')
    expect(log.warnings).toEqual([])
    expect(log.groups).toEqual(['Downloading output'])
  })

  it('collects and uploads nothing when the run wrote no version, though older ones exist', async () => {
    const other = randomUUID()
    checkpoint('unchanged', other, { 'a.txt': 'a' })
    const runId = randomUUID()
    const before = h.svc.artifacts().length
    const downloads = h.emu.requests.filter(r => r.path.endsWith('/download')).length
    const { run, log, runnerTemp } = harness({
      runId,
      settings: settings({ artifactName: 'unchanged' })
    })
    const result = await run()
    const why =
      `run ${runId} wrote no version of artifact 'unchanged' ` +
      `(none of its 1 versions says 'Checkpoint from run ${runId}')`
    expect(result).toEqual({
      artifactVersion: null,
      artifactsPath: null,
      files: [],
      totalBytes: 0,
      skipped: [],
      upload: null,
      // The job summary's line: why, and the one way to files on /v1.
      note:
        `No files were uploaded: ${why}. On /v1 a run writes files only when it continues a ` +
        "session that was opened with an artifact (the CLI's vm0 run --artifact-name)."
    })
    expect(artifactOutputValues(result)).toEqual({
      'artifact-version': null,
      'artifacts-path': null,
      'artifact-id': null,
      'artifact-url': null,
      'artifact-digest': null
    })
    expect(log.warnings).toEqual([])
    expect(log.notices).toEqual([
      `Nothing was extracted or uploaded: ${why}. On /v1 a run writes files only when it ` +
        "continues a session that was opened with an artifact (the CLI's `vm0 run " +
        '--artifact-name`), with `session-id` or `checkpoint-id`: a run started by `agent` or ' +
        '`agent-id` writes none, and neither do later runs of the session it opens. Set ' +
        "`collect: head` to collect the artifact's current version on purpose."
    ])
    expect(h.svc.artifacts()).toHaveLength(before)
    expect(h.emu.requests.filter(r => r.path.endsWith('/download'))).toHaveLength(downloads)
    expect(readdirSync(runnerTemp)).toEqual([])
  })

  it('a continued session that wrote no version: the notice says the session had no artifact, or nothing changed', async () => {
    checkpoint('continued', randomUUID(), { 'a.txt': 'a' })
    const { run, log } = harness({
      settings: settings({ artifactName: 'continued', sessionId: randomUUID() })
    })
    const result = await run()
    expect(result.upload).toBeNull()
    expect(result.note).toMatch(/^No files were uploaded: run \S+ wrote no version/)
    // The summary's line names both causes: the user did continue a session.
    expect(result.note).toContain(
      'Either the session has no artifact (a /v1 run opened it, not the CLI with ' +
        '--artifact-name), or the run changed nothing (versions are content-addressed).'
    )
    expect(log.notices).toHaveLength(1)
    expect(log.notices[0]).toContain(
      'On /v1 a run writes files only when it continues a session that was opened with an ' +
        "artifact (the CLI's `vm0 run --artifact-name`): a session that a /v1 run opened (by " +
        '`agent` or `agent-id`) has none, so its runs write nothing; and versions are ' +
        'content-addressed, so a run that changed nothing writes none either.'
    )
  })

  it('a failed run without a version of its own: the notice names its status', async () => {
    checkpoint('failing', randomUUID(), { 'old.txt': 'old' })
    const { run, log } = harness({
      runStatus: 'failed',
      settings: settings({ artifactName: 'failing' })
    })
    const result = await run()
    expect(result.artifactVersion).toBeNull()
    expect(result.artifactsPath).toBeNull()
    expect(log.notices).toHaveLength(1)
    expect(log.notices[0]).toMatch(
      /^Nothing was extracted or uploaded: run \S+, which ended with status 'failed', wrote no version/
    )
  })

  it('collect: head collects the current version on purpose, and says whose it is', async () => {
    const other = randomUUID()
    const head = checkpoint('take-head', other, { 'a.txt': 'theirs' })
    const { run, log } = harness({
      settings: settings({ artifactName: 'take-head', collect: { kind: 'head' }, upload: false })
    })
    const result = await run()
    expect(result.artifactVersion).toBe(head.versionId)
    expect(readFileSync(join(result.artifactsPath ?? '', 'a.txt'), 'utf8')).toBe('theirs')
    expect(log.warnings).toEqual([])
    expect(log.infos[0]).toBe(
      `Collecting the current version (\`collect: head\`), 'Checkpoint from run ${other}' by agent, ` +
        `version ${head.versionId.slice(0, 12)} of artifact 'take-head' ('Checkpoint from run ${other}', 1 files, 6 B)`
    )
  })

  it('collect: <version> collects that version, and fails naming the input when there is none', async () => {
    const first = checkpoint('pick', randomUUID(), { 'v.txt': '1' })
    checkpoint('pick', randomUUID(), { 'v.txt': '2' })
    const ok = harness({
      settings: settings({
        artifactName: 'pick',
        collect: { kind: 'version', id: first.versionId.slice(0, 10) },
        upload: false
      })
    })
    const result = await ok.run()
    expect(result.artifactVersion).toBe(first.versionId)
    expect(readFileSync(join(result.artifactsPath ?? '', 'v.txt'), 'utf8')).toBe('1')

    const missing = harness({
      settings: settings({ artifactName: 'pick', collect: { kind: 'version', id: 'deadbeef' } })
    })
    await expect(missing.run()).rejects.toThrow(
      "`collect` is 'deadbeef', but artifact 'pick' has no version 'deadbeef' (it has 2). Set `collect` to a version id of the artifact, `head` or `run`."
    )
  })
})

describe('a download that answers 404', () => {
  const notFound = {
    path: /\/download$/,
    action: {
      kind: 'status' as const,
      status: 404,
      contentType: 'application/json',
      body: JSON.stringify({
        error: { type: 'not_found_error', code: 'resource_not_found', message: 'No such version' }
      })
    }
  }

  it('an empty version (0 files): its own message, per if-no-files-found', async () => {
    const runId = randomUUID()
    const { versionId } = h.emu.addArtifactVersion(
      'empty-warn',
      { archive: filesToTarGz({}) },
      { message: `Checkpoint from run ${runId}`, createdBy: 'agent' }
    )
    const { run, log } = harness({ runId, settings: settings({ artifactName: 'empty-warn' }) })
    const result = await run()
    expect(log.warnings).toEqual([
      `No output files were found: version ${versionId.slice(0, 12)} of artifact 'empty-warn' is empty (0 files).`
    ])
    // The job summary and the comment say it too (their `note`).
    expect(result.note).toBe(log.warnings[0])
    expect(artifactOutputValues(result)).toEqual({
      'artifact-version': versionId,
      'artifacts-path': result.artifactsPath,
      'artifact-id': null,
      'artifact-url': null,
      'artifact-digest': null
    })
  })

  it('a version still listed with files whose download answered 404', async () => {
    const runId = randomUUID()
    const { versionId } = checkpoint('gone-version', runId, { 'x.txt': 'x' })
    h.emu.addFault(notFound)
    const { run, log } = harness({ runId, settings: settings({ artifactName: 'gone-version' }) })
    await run()
    // The version is still listed with its file: the API just has nothing to serve.
    expect(log.warnings).toEqual([
      `No output files were found: the VM0 API has nothing to download for version ${versionId.slice(0, 12)} of artifact 'gone-version' though it lists 1 files.`
    ])
  })
})

describe('if-no-files-found', () => {
  it('error: fails with a clear message when the run wrote no version', async () => {
    const { run } = harness({
      settings: settings({ artifactName: 'no-such-artifact', ifNoFilesFound: 'error' })
    })
    const error = await run().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NoFilesError)
    expect((error as Error).message).toMatch(
      /^Nothing was extracted or uploaded: run \S+ wrote no version of artifact 'no-such-artifact': VM0 has no artifact of that name\. .* Failing the step because `if-no-files-found` is 'error'\.$/
    )
  })

  it('ignore: the reason in the log only', async () => {
    const { run, log } = harness({
      settings: settings({ artifactName: 'no-such-artifact', ifNoFilesFound: 'ignore' })
    })
    const result = await run()
    expect(log.warnings).toEqual([])
    expect(log.notices).toEqual([])
    expect(log.infos.join('\n')).toContain('Nothing was extracted or uploaded')
    expect(result.upload).toBeNull()
    // `ignore`: no files are fine, so the summary and the comment say nothing of them.
    expect(result.note ?? null).toBeNull()
  })

  it('collect: head of an artifact that does not exist: no files, per if-no-files-found', async () => {
    const { run } = harness({
      settings: settings({
        artifactName: 'no-such-artifact',
        collect: { kind: 'head' },
        ifNoFilesFound: 'error'
      })
    })
    await expect(run()).rejects.toThrow(
      "No output files were found: VM0 has no artifact named 'no-such-artifact'. Failing the step because `if-no-files-found` is 'error'."
    )
  })

  it('an archive with only a link counts as no files', async () => {
    const runId = randomUUID()
    h.emu.addArtifactVersion(
      'link-only',
      { archive: createTarGz([{ name: './l', type: 'symlink', linkname: '/etc' }]) },
      { message: `Checkpoint from run ${runId}`, createdBy: 'agent' }
    )
    const { run } = harness({
      runId,
      settings: settings({ artifactName: 'link-only', ifNoFilesFound: 'error' })
    })
    await expect(run()).rejects.toThrow(/holds no regular file that could be extracted safely/)
  })
})

describe('uploading', () => {
  const files = {
    'report.md': '# Report\n',
    'src/deep/nested/code.ts': 'export {}\n',
    'empty.txt': '',
    'noise.bin': randomBytes(300_000),
    '.hidden/config': 'secret-ish\n',
    '.env': 'A=1\n'
  }

  it("uploads the files byte-equal to the archive, under the default name, with the run's outputs", async () => {
    const runId = randomUUID()
    checkpoint('site', runId, files)
    const { run, log } = harness({
      runId,
      settings: settings({ artifactName: 'site', retentionDays: 3 })
    })
    const result = await run()
    expect(log.groups).toEqual(['Downloading output', 'Uploading output'])
    const stored = h.svc.artifacts().find(a => a.id === result.upload?.id)
    expect(stored?.name).toBe(`vm0-site-${runId.slice(0, 8)}`)
    expect(result.upload).toEqual({
      id: stored?.id,
      name: `vm0-site-${runId.slice(0, 8)}`,
      url: `https://github.com/octo-org/octo-repo/actions/runs/1658821493/artifacts/${stored?.id}`,
      digest: stored?.digest.replace(/^sha256:/, '')
    })
    const zip = readZip(stored?.zip ?? Buffer.alloc(0))
    const archive = readTarGz(filesToTarGz(files)).filter(e => e.type === 'file')
    const visible = archive.filter(e => !e.name.startsWith('./.'))
    expect([...zip.keys()].sort()).toEqual(visible.map(e => e.name.slice(2)).sort())
    for (const entry of visible)
      expect(zip.get(entry.name.slice(2))?.equals(entry.content)).toBe(true)
    // Hidden files are extracted, just not uploaded.
    expect(readFileSync(join(result.artifactsPath ?? '', '.env'), 'utf8')).toBe('A=1\n')
    expect(result.files.map(f => f.path)).toEqual([
      '.env',
      '.hidden/config',
      'empty.txt',
      'noise.bin',
      'report.md',
      'src/deep/nested/code.ts'
    ])
    expect(result.totalBytes).toBe(300_000 + 9 + 10 + 11 + 4)
    expect(log.infos.join('\n')).toContain(
      "Not uploading 2 hidden files (include-hidden-files: false): '.env' and '.hidden/config'."
    )
    expect(Date.parse(stored?.expiresAt ?? '') - Date.now()).toBeGreaterThan(2.9 * 86400_000)
  })

  it('include-hidden-files and compression-level 0', async () => {
    const runId = randomUUID()
    checkpoint('hidden', runId, files)
    const { run } = harness({
      runId,
      settings: settings({ artifactName: 'hidden', includeHiddenFiles: true, compressionLevel: 0 })
    })
    const result = await run()
    const stored = h.svc.artifacts().find(a => a.id === result.upload?.id)
    const entries = listZip(stored?.zip ?? Buffer.alloc(0)).filter(e => !e.isDirectory)
    expect(entries.map(e => e.name).sort()).toEqual(Object.keys(files).sort())
    expect(entries.every(e => e.method === 0)).toBe(true)
  })

  it('only hidden files: no files to upload, per if-no-files-found', async () => {
    const runId = randomUUID()
    checkpoint('only-hidden', runId, { '.a': 'a' })
    const { run } = harness({
      runId,
      settings: settings({ artifactName: 'only-hidden', ifNoFilesFound: 'error' })
    })
    await expect(run()).rejects.toThrow(/hidden files need `include-hidden-files: true`/)
  })

  it('skips names Windows (and so an artifact) cannot hold, on every OS, and uploads the rest', async () => {
    const runId = randomUUID()
    checkpoint('odd-names', runId, { 'ok.txt': 'ok', 'what?.txt': 'q', 'a:b.txt': 'c' })
    const { run, log } = harness({ runId, settings: settings({ artifactName: 'odd-names' }) })
    const result = await run()
    const stored = h.svc.artifacts().find(a => a.id === result.upload?.id)
    expect([...readZip(stored?.zip ?? Buffer.alloc(0)).keys()]).toEqual(['ok.txt'])
    expect(existsSync(join(result.artifactsPath ?? '', 'what?.txt'))).toBe(false)
    expect(result.skipped.map(e => e.reason)).toEqual([
      "':' in the name (on Windows, an alternate data stream)",
      "'?' in the name, which Windows names cannot hold"
    ])
    expect(log.warnings).toHaveLength(1)
    expect(log.warnings[0]).toMatch(
      /^Skipped links, unsupported entries and names Windows cannot hold in the output archive \(2\): '(\.\/)?a:b\.txt' \(':' in the name/
    )
  })

  it('upload: false keeps the files on disk and uploads nothing', async () => {
    const runId = randomUUID()
    checkpoint('local', runId, { 'a.txt': 'a' })
    const before = h.svc.artifacts().length
    const { run, runnerTemp } = harness({
      runId,
      settings: settings({ artifactName: 'local', upload: false })
    })
    const result = await run()
    expect(result.upload).toBeNull()
    expect(result.artifactsPath).toBe(defaultOutputPath(runnerTemp, runId))
    expect(readFileSync(join(result.artifactsPath ?? '', 'a.txt'), 'utf8')).toBe('a')
    expect(h.svc.artifacts()).toHaveLength(before)
  })

  it('a re-run (a new VM0 run) does not clash with the first upload; the same run again needs overwrite', async () => {
    const first = randomUUID()
    const second = randomUUID()
    checkpoint('rerun', first, { 'v.txt': '1' })
    checkpoint('rerun', second, { 'v.txt': '2' })
    const a = await harness({ runId: first, settings: settings({ artifactName: 'rerun' }) }).run()
    const b = await harness({ runId: second, settings: settings({ artifactName: 'rerun' }) }).run()
    expect(a.upload?.name).not.toBe(b.upload?.name)

    const again = harness({ runId: first, settings: settings({ artifactName: 'rerun' }) })
    const error = await again.run().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UploadError)
    expect((error as Error).message).toContain(`'vm0-rerun-${first.slice(0, 8)}'`)
    expect((error as Error).message).toContain('set `overwrite: true`')

    const replaced = await harness({
      runId: first,
      settings: settings({ artifactName: 'rerun', overwrite: true })
    }).run()
    const byName = h.svc.artifacts().filter(x => x.name === `vm0-rerun-${first.slice(0, 8)}`)
    expect(byName.map(x => [x.id, x.deleted])).toEqual([
      [a.upload?.id, true],
      [replaced.upload?.id, false]
    ])
  })

  it('a second attempt of the workflow run that collects the same run gets its own name', async () => {
    const runId = randomUUID()
    checkpoint('attempts', runId, { 'v.txt': '1' })
    const one = await harness({ runId, settings: settings({ artifactName: 'attempts' }) }).run()
    const two = await harness({
      runId,
      settings: settings({ artifactName: 'attempts' }),
      env: { ...GITHUB_ENV, GITHUB_RUN_ATTEMPT: '2' }
    }).run()
    expect(one.upload?.name).toBe(`vm0-attempts-${runId.slice(0, 8)}`)
    expect(two.upload?.name).toBe(`vm0-attempts-${runId.slice(0, 8)}-attempt-2`)
  })

  it('upload-name is used as given', async () => {
    const runId = randomUUID()
    checkpoint('named', runId, { 'a.txt': 'a' })
    const { run } = harness({
      runId,
      settings: settings({ artifactName: 'named', uploadName: 'my-output' })
    })
    expect((await run()).upload?.name).toBe('my-output')
  })
})

describe('the path', () => {
  it('merges into an existing folder: same-named files replaced, the rest kept', async () => {
    const runId = randomUUID()
    checkpoint('merge', runId, { 'keep/new.txt': 'new', 'same.txt': 'from run' })
    const dest = join(h.root, 'merge-dest')
    mkdirSync(join(dest, 'keep'), { recursive: true })
    writeFileSync(join(dest, 'keep/old.txt'), 'old')
    writeFileSync(join(dest, 'same.txt'), 'before')
    writeFileSync(join(dest, 'unrelated.txt'), 'stays')
    const { run, log } = harness({
      runId,
      settings: settings({ artifactName: 'merge', path: dest, upload: true })
    })
    const result = await run()
    expect(result.artifactsPath).toBe(dest)
    expect(readFileSync(join(dest, 'keep/old.txt'), 'utf8')).toBe('old')
    expect(readFileSync(join(dest, 'keep/new.txt'), 'utf8')).toBe('new')
    expect(readFileSync(join(dest, 'same.txt'), 'utf8')).toBe('from run')
    expect(readFileSync(join(dest, 'unrelated.txt'), 'utf8')).toBe('stays')
    expect(log.infos.join('\n')).toContain('merged into what the folder held')
    // Only the run's files are listed and uploaded, not what the folder held before.
    expect(result.files.map(f => f.path)).toEqual(['keep/new.txt', 'same.txt'])
    const stored = h.svc.artifacts().find(a => a.id === result.upload?.id)
    expect([...readZip(stored?.zip ?? Buffer.alloc(0)).keys()].sort()).toEqual([
      'keep/new.txt',
      'same.txt'
    ])
    expect(readdirSync(h.root).filter(n => n.includes('.vm0-'))).toEqual([])
  })

  it.each([
    ['a link where the archive has a folder', 'was-link/x.txt', 'a folder', 'a symbolic link'],
    ['a folder where the archive has a file', 'src', 'a file', 'a folder'],
    ['a file where the archive has a folder', 'notes.txt/inner.txt', 'a folder', 'a file']
  ])('never replaces %s: fails naming the entry, path untouched', async (_what, entry, a, held) => {
    const runId = randomUUID()
    const name = `conflict-${randomUUID().slice(0, 8)}`
    checkpoint(name, runId, { 'fine.txt': 'new', [entry]: 'from run' })
    const dest = join(h.root, name)
    const outside = join(h.root, `${name}-outside`)
    mkdirSync(join(dest, 'src'), { recursive: true })
    mkdirSync(outside)
    writeFileSync(join(dest, 'src/main.ts'), 'code')
    writeFileSync(join(dest, 'notes.txt'), 'notes')
    symlinkSync(outside, join(dest, 'was-link'))
    const before = readdirSync(dest).sort()
    const { run } = harness({ runId, settings: settings({ artifactName: name, path: dest }) })
    const top = entry.split('/')[0] ?? ''
    await expect(run()).rejects.toThrow(
      `The output archive has ${a} '${top}', but \`path\` (${dest}) already holds ${held} there.`
    )
    expect(readdirSync(dest).sort()).toEqual(before)
    expect(readFileSync(join(dest, 'src/main.ts'), 'utf8')).toBe('code')
    expect(readFileSync(join(dest, 'notes.txt'), 'utf8')).toBe('notes')
    expect(lstatSync(join(dest, 'was-link')).isSymbolicLink()).toBe(true)
    expect(readdirSync(outside)).toEqual([])
    expect(existsSync(join(dest, 'fine.txt'))).toBe(false)
    expect(readdirSync(h.root).filter(n => n.includes('.vm0-'))).toEqual([])
  })

  it('refuses a path that is a file', async () => {
    const runId = randomUUID()
    checkpoint('file-path', runId, { 'a.txt': 'a' })
    const dest = join(h.root, 'a-file')
    writeFileSync(dest, 'not a folder')
    const { run } = harness({
      runId,
      settings: settings({ artifactName: 'file-path', path: dest })
    })
    await expect(run()).rejects.toThrow(/`path` .*a-file exists and is not a folder/)
    expect(readFileSync(dest, 'utf8')).toBe('not a folder')
  })

  it('does nothing without an artifact name', async () => {
    const { run, log } = harness({ settings: settings({ artifactName: null }) })
    expect(await run()).toEqual({
      artifactVersion: null,
      artifactsPath: null,
      files: [],
      totalBytes: 0,
      skipped: [],
      upload: null
    })
    expect(log.groups).toEqual([])
  })
})
