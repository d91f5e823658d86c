/**
 * Hostile archives, crafted with createTarGz, collected through the whole
 * path (emulator storage → extraction → @actions/artifact upload to the
 * local artifact service). In every case: nothing is written outside
 * `path` (a sentinel folder next to it stays as it was), no linked content
 * is uploaded, the log names each rejected entry, and the step result
 * follows the rule: a hostile entry (absolute or `..` name, NUL in a name,
 * device, FIFO) fails the collection with an UnsafeArchiveError, leaving
 * `path` as it was and uploading nothing; links and unsupported entry types
 * are skipped with one warning and the collection succeeds; a corrupt
 * archive or a limit fails it and leaves nothing at `path`.
 */
import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { readZip } from '../../emulator/artifact-service/zip.js'
import { createTarGz, type TarEntry } from '../../emulator/tar.js'
import { collectOutputs, type CollectSettings } from '../../src/artifacts/collect.js'
import { ArchiveError, ExtractLimitError, UnsafeArchiveError } from '../../src/artifacts/errors.js'
import type { ExtractLimits } from '../../src/artifacts/limits.js'
import type { Logger } from '../../src/artifacts/logger.js'
import type { CollectResult } from '../../src/artifacts/types.js'
import { useCollectHarness } from '../support/collect-harness.js'

const RUN_ID = '5e1f0c2a-7b3d-4e5f-8a9b-0c1d2e3f4a5b'
const h = useCollectHarness('vm0-evil-')
let caseNo = 0

/** Every path under `dir` with its kind and a hash of its content (links not followed). */
function snapshot(dir: string, skip?: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel))) {
      const path = rel ? `${rel}/${name}` : name
      if (path === skip) continue
      const st = lstatSync(join(dir, path))
      if (st.isDirectory()) {
        out.set(path, 'dir')
        walk(path)
      } else if (st.isFile()) {
        const hash = createHash('sha256')
          .update(readFileSync(join(dir, path)))
          .digest('hex')
        out.set(path, `file:${st.mode & 0o7777}:${hash}`)
      } else out.set(path, 'other')
    }
  }
  walk('')
  return out
}

interface Case {
  dir: string
  path: string
  sentinel: string
  versionId: string
  before: Map<string, string>
  log: { infos: string[]; warnings: string[] }
  collect: (limits?: Partial<ExtractLimits>) => Promise<CollectResult>
}

/** A case folder `<n>/` holding `out/` (the path, not yet there) and `sentinel/` next to it. */
function setUp(archive: Buffer | ((sentinel: string) => Buffer)): Case {
  caseNo++
  const dir = join(h.root, `case-${caseNo}`)
  const sentinel = join(dir, 'sentinel')
  mkdirSync(sentinel, { recursive: true })
  writeFileSync(join(sentinel, 'secret.txt'), 'sentinel secret\n')
  const bytes = typeof archive === 'function' ? archive(sentinel) : archive
  const name = `evil-${caseNo}`
  const { versionId } = h.emu.addArtifactVersion(
    name,
    { archive: bytes },
    { message: `Checkpoint from run ${RUN_ID}`, createdBy: 'agent' }
  )
  const log = { infos: [] as string[], warnings: [] as string[], notices: [] as string[] }
  const logger: Logger = {
    info: m => log.infos.push(m),
    warning: m => log.warnings.push(m),
    notice: m => log.notices.push(m),
    setSecret: () => undefined,
    group: (_t, fn) => fn()
  }
  const path = join(dir, 'out')
  const settings: CollectSettings = {
    apiUrl: h.emu.url,
    artifactName: name,
    artifactVersion: null,
    collect: { kind: 'run' },
    path,
    upload: true,
    uploadName: null,
    retentionDays: null,
    compressionLevel: 6,
    ifNoFilesFound: 'warn',
    includeHiddenFiles: false,
    overwrite: false
  }
  return {
    dir,
    path,
    sentinel,
    versionId,
    before: snapshot(dir),
    log,
    collect: limits =>
      collectOutputs({
        client: h.client,
        runId: RUN_ID,
        settings,
        runnerTemp: h.root,
        logger,
        dispatcher: h.dispatcher,
        sleep: async () => {},
        env: {},
        ...(limits ? { limits } : {})
      })
  }
}

/** Nothing changed in the case folder except inside `out/`, and no staging folder is left. */
function expectNothingOutside(c: Case): void {
  expect(snapshot(c.dir, 'out')).toEqual(new Map([...c.before].filter(([p]) => p !== 'out')))
  expect(readFileSync(join(c.sentinel, 'secret.txt'), 'utf8')).toBe('sentinel secret\n')
  expect(readdirSync(c.sentinel)).toEqual(['secret.txt'])
}

function uploadedZip(result: CollectResult): Map<string, Buffer> {
  const stored = h.svc.artifacts().find(a => a.id === result.upload?.id)
  if (!stored) throw new Error('nothing uploaded')
  return readZip(stored.zip)
}

/** Every skipped entry is named in the log, and summed up in exactly one warning. */
function expectNamed(c: Case, names: string[]): void {
  const infos = c.log.infos.join('\n')
  for (const name of names) expect(infos).toContain(`Skipped '${name}'`)
  expect(c.log.warnings).toHaveLength(1)
  expect(c.log.warnings[0]).toMatch(
    /^Skipped links, unsupported entries and names Windows cannot hold in the output archive \(\d+\): /
  )
}

/**
 * The collection failed on hostile entries, listed in order: each is named
 * in the log, nothing changed outside `path` nor at `path` (`pathBefore`:
 * what it held, null when it did not exist), no staging folder is left and
 * nothing was uploaded.
 */
async function expectUnsafe(
  c: Case,
  names: string[],
  pathBefore: Map<string, string> | null = null
): Promise<UnsafeArchiveError> {
  const uploads = h.svc.artifacts().length
  const error = (await c.collect().catch((e: unknown) => e)) as UnsafeArchiveError
  expect(error).toBeInstanceOf(UnsafeArchiveError)
  expect(error.entries.map(e => e.path)).toEqual(names)
  expectNothingOutside(c)
  if (pathBefore === null) {
    expect(existsSync(c.path)).toBe(false)
    expect(readdirSync(c.dir).sort()).toEqual(['sentinel'])
  } else {
    expect(snapshot(c.path)).toEqual(pathBefore)
    expect(readdirSync(c.dir).sort()).toEqual(['out', 'sentinel'])
  }
  expect(h.svc.artifacts()).toHaveLength(uploads)
  expect(h.svc.artifacts().some(a => a.name.includes(`evil-${caseNo}-`))).toBe(false)
  const infos = c.log.infos.join('\n')
  for (const name of names) expect(infos).toContain(`Unsafe entry '${name}': `)
  expect(c.log.infos.some(m => m.startsWith('Skipped '))).toBe(false)
  expect(c.log.warnings).toEqual([])
  expect(error.message).toContain(
    `Nothing was extracted into \`path\` (${c.path}) and nothing was uploaded.`
  )
  expect(error.message).toMatch(/the archive may have been tampered with: check run /)
  return error
}

const d = (name: string): TarEntry => ({ name, type: 'dir' })
const f = (name: string, content: string): TarEntry => ({ name, content })

/** The gzip'd tar `archive` with the entries at `indices` given the typeflag `flag` (one node-tar does not know, say). */
function withTypeflag(archive: Buffer, indices: number[], flag: string): Buffer {
  const raw = Buffer.from(gunzipSync(archive))
  let offset = 0
  for (let i = 0; offset + 512 <= raw.length && raw[offset] !== 0; i++) {
    const size = parseInt(raw.toString('latin1', offset + 124, offset + 135).trim() || '0', 8)
    if (indices.includes(i)) {
      raw.write(flag, offset + 156, 1, 'latin1')
      raw.fill(0x20, offset + 148, offset + 156)
      let sum = 0
      for (let b = offset; b < offset + 512; b++) sum += raw[b] ?? 0
      raw.write(`${sum.toString(8).padStart(6, '0')}\0 `, offset + 148, 8, 'latin1')
    }
    offset += 512 + Math.ceil(size / 512) * 512
  }
  return gzipSync(raw)
}

describe('hostile entries fail the collection; nothing is extracted or uploaded', () => {
  it("'../' escapes", async () => {
    const c = setUp(
      createTarGz([
        d('./'),
        f('./ok.txt', 'ok\n'),
        f('../sentinel/evil.txt', 'evil'),
        f('./a/../../sentinel/evil2.txt', 'evil'),
        f('../../escape.txt', 'evil'),
        f('..', 'evil')
      ])
    )
    const error = await expectUnsafe(c, [
      '../sentinel/evil.txt',
      './a/../../sentinel/evil2.txt',
      '../../escape.txt',
      '..'
    ])
    expect(existsSync(join(h.root, 'escape.txt'))).toBe(false)
    expect(error.entries.every(e => e.reason === "the path climbs out with '..'")).toBe(true)
    expect(error.message).toBe(
      "The output archive holds 4 unsafe entries: '../sentinel/evil.txt' (the path climbs out " +
        "with '..'), './a/../../sentinel/evil2.txt' (the path climbs out with '..'), " +
        "'../../escape.txt' (the path climbs out with '..') and 1 more. Each one is named in " +
        `the log. Nothing was extracted into \`path\` (${c.path}) and nothing was uploaded. ` +
        "A VM0 sandbox does not produce absolute or '..' paths, NUL characters in names, " +
        'devices or FIFOs, so the archive may have been tampered with: check run ' +
        `${RUN_ID} and version ${c.versionId.slice(0, 12)} of ` +
        `artifact 'evil-${caseNo}'.`
    )
  })

  it('absolute paths', async () => {
    const c = setUp(sentinel =>
      createTarGz([
        f('ok.txt', 'ok\n'),
        f(`${sentinel}/abs.txt`, 'evil'),
        f('/tmp/vm0-evil-absolute.txt', 'evil'),
        f('//double/slash.txt', 'evil')
      ])
    )
    const error = await expectUnsafe(c, [
      `${c.sentinel}/abs.txt`,
      '/tmp/vm0-evil-absolute.txt',
      '//double/slash.txt'
    ])
    expect(existsSync('/tmp/vm0-evil-absolute.txt')).toBe(false)
    expect(error.entries.every(e => e.reason === 'absolute path')).toBe(true)
  })

  it('a NUL in a name is cut there by the tar reader: what follows cannot escape', async () => {
    // node-tar ends a name at its first NUL (ustar field or pax record), so the entry never
    // reaches the NUL rule of checkEntryPath (unit-tested) and lands as the plain name before it.
    const before = 'n'.repeat(100)
    const c = setUp(createTarGz([f(`${before}\0/../../escape.txt`, 'cut\n')]))
    const result = await c.collect()
    expectNothingOutside(c)
    expect(existsSync(join(h.root, 'escape.txt'))).toBe(false)
    expect(result.files).toEqual([{ path: before, size: 4 }])
  })

  it('character and block devices and FIFOs', async () => {
    const c = setUp(
      createTarGz([
        f('ok.txt', 'ok\n'),
        { name: 'null', type: 'chardev' },
        { name: 'sda', type: 'blockdev' },
        { name: 'dev/pipe', type: 'fifo' }
      ])
    )
    const error = await expectUnsafe(c, ['null', 'sda', 'dev/pipe'])
    expect(error.entries).toEqual([
      { path: 'null', reason: 'character device', hostile: true },
      { path: 'sda', reason: 'block device', hostile: true },
      { path: 'dev/pipe', reason: 'FIFO (named pipe)', hostile: true }
    ])
    expect(error.message).toMatch(
      /^The output archive holds 3 unsafe entries: 'null' \(character device\), 'sda' \(block device\) and 'dev\/pipe' \(FIFO \(named pipe\)\)\. Each one is named in the log\. /
    )
  })

  it('an entry of an unknown type with a ../ name', async () => {
    const c = setUp(
      withTypeflag(createTarGz([f('ok.txt', 'ok\n'), f('../sentinel/odd', '')]), [1], 'Q')
    )
    const error = await expectUnsafe(c, ['../sentinel/odd'])
    expect(error.message).toMatch(
      /^The output archive holds 1 unsafe entry: '\.\.\/sentinel\/odd' \(the path climbs out with '\.\.'\)\. It is named in the log\. /
    )
  })

  it('a mixed archive (a symlink, a ../ entry and good files) fails as a whole', async () => {
    const c = setUp(sentinel =>
      createTarGz([
        d('./'),
        f('./ok.txt', 'ok\n'),
        { name: './link', type: 'symlink', linkname: sentinel },
        f('./link/pwned.txt', 'pwned'),
        f('../sentinel/escape.txt', 'evil'),
        f('./more/good.txt', 'good\n')
      ])
    )
    const error = await expectUnsafe(c, ['../sentinel/escape.txt'])
    // Only the hostile entry is what failed it; the link is not listed as hostile.
    expect(error.entries).toEqual([
      { path: '../sentinel/escape.txt', reason: "the path climbs out with '..'", hostile: true }
    ])
  })

  it('reads the whole archive first: a hostile entry at the end is listed too', async () => {
    const entries: TarEntry[] = [f('/first.txt', 'evil')]
    for (let i = 0; i < 200; i++) entries.push(f(`good/${i}.txt`, `good ${i}\n`))
    entries.push({ name: 'last', type: 'fifo' })
    const c = setUp(createTarGz(entries))
    const error = await expectUnsafe(c, ['/first.txt', 'last'])
    expect(error.message).toMatch(/^The output archive holds 2 unsafe entries: /)
  })

  it('names the first three in the message and every one in the log', async () => {
    const entries: TarEntry[] = [f('ok.txt', 'ok\n')]
    for (let i = 0; i < 12; i++) entries.push(f(`../x${i}`, 'evil'))
    const c = setUp(createTarGz(entries))
    const names = Array.from({ length: 12 }, (_, i) => `../x${i}`)
    const error = await expectUnsafe(c, names)
    expect(error.message).toContain(
      "holds 12 unsafe entries: '../x0' (the path climbs out with '..'), '../x1' (the path " +
        "climbs out with '..'), '../x2' (the path climbs out with '..') and 9 more. Each one is " +
        'named in the log.'
    )
    expect(error.message).not.toContain("'../x3'")
    expect(c.log.infos.filter(m => m.startsWith('Unsafe entry '))).toHaveLength(12)
  })

  it('leaves an existing path exactly as it was', async () => {
    const c = setUp(
      createTarGz([f('keep.txt', 'from the archive\n'), f('new.txt', 'new\n'), f('/abs', 'x')])
    )
    mkdirSync(join(c.path, 'sub'), { recursive: true })
    writeFileSync(join(c.path, 'keep.txt'), 'already here\n')
    writeFileSync(join(c.path, 'sub/other.txt'), 'other\n')
    const before = snapshot(c.path)
    await expectUnsafe(c, ['/abs'], before)
    expect(readFileSync(join(c.path, 'keep.txt'), 'utf8')).toBe('already here\n')
    expect(existsSync(join(c.path, 'new.txt'))).toBe(false)
  })
})

describe('links and unsupported entries are skipped; the collection succeeds', () => {
  it('a symlink to an outside folder, then a file written through it', async () => {
    const c = setUp(sentinel =>
      createTarGz([
        d('./'),
        { name: './link', type: 'symlink', linkname: sentinel },
        f('./link/pwned.txt', 'pwned'),
        { name: './rel', type: 'symlink', linkname: '../sentinel' },
        f('./rel/pwned2.txt', 'pwned'),
        { name: './inner', type: 'symlink', linkname: 'ok.txt' },
        f('./ok.txt', 'ok\n'),
        { name: './secret-link', type: 'symlink', linkname: `${sentinel}/secret.txt` }
      ])
    )
    const result = await c.collect()
    expectNothingOutside(c)
    // The links were never made: what was "written through" them is a plain folder inside path.
    expect(lstatSync(join(c.path, 'link')).isDirectory()).toBe(true)
    expect(readFileSync(join(c.path, 'link/pwned.txt'), 'utf8')).toBe('pwned')
    expect(existsSync(join(c.path, 'inner'))).toBe(false)
    expect(existsSync(join(c.path, 'secret-link'))).toBe(false)
    expectNamed(c, ['./link', './rel', './inner', './secret-link'])
    expect(result.skipped.find(s => s.path === './link')?.reason).toBe(
      `symbolic link to '${c.sentinel}'`
    )
    const zip = uploadedZip(result)
    expect([...zip.keys()].sort()).toEqual(['link/pwned.txt', 'ok.txt', 'rel/pwned2.txt'])
    for (const content of zip.values()) expect(content.toString()).not.toContain('sentinel secret')
  })

  it('hard links to /etc/passwd and to a file outside', async () => {
    const c = setUp(
      createTarGz([
        f('ok.txt', 'ok\n'),
        { name: 'passwd', type: 'hardlink', linkname: '/etc/passwd' },
        { name: 'secret', type: 'hardlink', linkname: '../sentinel/secret.txt' },
        { name: 'again', type: 'hardlink', linkname: 'ok.txt' }
      ])
    )
    const result = await c.collect()
    expectNothingOutside(c)
    expect(readdirSync(c.path)).toEqual(['ok.txt'])
    expect(statSync(join(c.path, 'ok.txt')).nlink).toBe(1)
    expectNamed(c, ['passwd', 'secret', 'again'])
    expect(result.skipped).toEqual([
      { path: 'passwd', reason: "hard link to '/etc/passwd'", hostile: false },
      { path: 'secret', reason: "hard link to '../sentinel/secret.txt'", hostile: false },
      { path: 'again', reason: "hard link to 'ok.txt'", hostile: false }
    ])
    const zip = uploadedZip(result)
    expect([...zip.keys()]).toEqual(['ok.txt'])
    expect(zip.get('ok.txt')?.toString()).toBe('ok\n')
  })

  it('an entry of an unknown type', async () => {
    const c = setUp(withTypeflag(createTarGz([f('ok.txt', 'ok\n'), f('odd', '')]), [1], 'Q'))
    const result = await c.collect()
    expectNothingOutside(c)
    expect(readdirSync(c.path)).toEqual(['ok.txt'])
    expect(result.skipped).toEqual([
      { path: 'odd', reason: 'unsupported entry type Unsupported', hostile: false }
    ])
    expectNamed(c, ['odd'])
    expect([...uploadedZip(result).keys()]).toEqual(['ok.txt'])
  })

  it('names the first five in the one warning and every one in the log', async () => {
    const entries: TarEntry[] = [f('ok.txt', 'ok\n')]
    for (let i = 0; i < 12; i++) entries.push({ name: `l${i}`, type: 'symlink', linkname: '/' })
    const c = setUp(createTarGz(entries))
    const result = await c.collect()
    expect(result.skipped).toHaveLength(12)
    expectNamed(
      c,
      Array.from({ length: 12 }, (_, i) => `l${i}`)
    )
    expect(c.log.warnings[0]).toContain(
      "'l4' (symbolic link to '/') and 7 more. Every one is listed"
    )
    expect(c.log.warnings[0]).not.toContain("'l5'")
  })

  it('only links: no files, so if-no-files-found decides (warn)', async () => {
    const c = setUp(createTarGz([{ name: 'l', type: 'symlink', linkname: '/etc' }]))
    const result = await c.collect()
    expectNothingOutside(c)
    expect(result.files).toEqual([])
    expect(result.upload).toBeNull()
    expect(readdirSync(c.path)).toEqual([])
    expect(c.log.warnings).toHaveLength(2)
    expect(c.log.warnings[1]).toMatch(/^No output files were found: the archive of version /)
  })

  it('normalises modes: no unreadable, setuid or world-writable files', async () => {
    const c = setUp(
      createTarGz([
        { name: 'locked', content: 'x', mode: 0o000 },
        { name: 'suid', content: 'x', mode: 0o4777 },
        { name: 'dir/', type: 'dir', mode: 0o000 },
        { name: 'dir/inside', content: 'y', mode: 0o200 }
      ])
    )
    const result = await c.collect()
    const mode = (p: string): number => statSync(join(c.path, p)).mode & 0o7777
    expect(mode('locked')).toBe(0o644)
    expect(mode('suid')).toBe(0o755)
    expect(mode('dir')).toBe(0o755)
    expect(mode('dir/inside')).toBe(0o644)
    expect([...uploadedZip(result).keys()].sort()).toEqual(['dir/inside', 'locked', 'suid'])
  })
})

describe('corrupt archives and limits fail, leaving nothing at path', () => {
  async function expectFailure(c: Case, limits?: Partial<ExtractLimits>): Promise<Error> {
    const uploads = h.svc.artifacts().length
    const error = (await c.collect(limits).catch((e: unknown) => e)) as Error
    expect(error).toBeInstanceOf(Error)
    expect(existsSync(c.path)).toBe(false)
    expectNothingOutside(c)
    expect(readdirSync(c.dir).sort()).toEqual(['sentinel'])
    expect(h.svc.artifacts()).toHaveLength(uploads)
    return error
  }

  it('a decompression bomb beyond the byte limit', async () => {
    // 32 MiB of zeros gzip to about 32 KiB; the limit is set low to keep the test fast.
    const c = setUp(createTarGz([{ name: 'zeros', content: Buffer.alloc(32 * 1024 * 1024) }]))
    const error = await expectFailure(c, { maxBytes: 8 * 1024 * 1024 })
    expect(error).toBeInstanceOf(ExtractLimitError)
    expect(error.message).toMatch(/unpacks to more than 8\.0 MiB, the limit/)
  })

  it('a bomb of headers: the unpacked tar stream is counted, not only file sizes', async () => {
    const entries: TarEntry[] = Array.from({ length: 1500 }, (_, i) => d(`d${i}/`))
    // One file after the folders: a version of folders only is empty, and its download a 404.
    entries.push(f('last.txt', 'x'))
    const c = setUp(createTarGz(entries))
    const error = await expectFailure(c, { maxBytes: 512 * 1024 })
    expect(error).toBeInstanceOf(ExtractLimitError)
    expect((error as ExtractLimitError).limit).toBe('bytes')
  })

  it('too many entries', async () => {
    const entries: TarEntry[] = Array.from({ length: 60 }, (_, i) => f(`f${i}`, 'x'))
    const c = setUp(createTarGz(entries))
    const error = await expectFailure(c, { maxEntries: 50 })
    expect(error.message).toMatch(/more than 50 entries/)
  })

  it('a limit passed after a hostile entry fails on the limit', async () => {
    const entries: TarEntry[] = [f('../evil', 'x')]
    for (let i = 0; i < 60; i++) entries.push(f(`f${i}`, 'x'))
    const c = setUp(createTarGz(entries))
    const error = await expectFailure(c, { maxEntries: 50 })
    expect(error).toBeInstanceOf(ExtractLimitError)
  })

  it('entries of unknown types count toward the entry limit', async () => {
    const entries: TarEntry[] = Array.from({ length: 60 }, (_, i) => f(`u${i}`, ''))
    const all = Array.from({ length: 60 }, (_, i) => i)
    const c = setUp(withTypeflag(createTarGz(entries), all, 'Q'))
    const error = await expectFailure(c, { maxEntries: 50 })
    expect(error).toBeInstanceOf(ExtractLimitError)
    expect(error.message).toMatch(/more than 50 entries/)
  })

  it('too deep', async () => {
    const c = setUp(createTarGz([f(`${'a/'.repeat(10)}deep.txt`, 'x')]))
    const error = await expectFailure(c, { maxDepth: 8 })
    expect(error.message).toMatch(/11 folders deep, more than the limit of 8/)
  })

  it('a truncated gzip', async () => {
    const whole = createTarGz([f('a.txt', 'x'.repeat(100_000)), f('b.txt', 'y')])
    const c = setUp(whole.subarray(0, Math.floor(whole.length / 2)))
    const error = await expectFailure(c)
    expect(error).toBeInstanceOf(ArchiveError)
    expect(error.message).toMatch(/^The output archive is truncated: its gzip stream ends early/)
  })

  it('a body that is not gzip at all', async () => {
    const c = setUp(Buffer.from('<html><body>Service Unavailable</body></html>'))
    const error = await expectFailure(c)
    expect(error).toBeInstanceOf(ArchiveError)
    expect(error.message).toBe(
      'The output archive is not gzip data: it starts with the bytes 3c68746d6c3e3c62 (text, perhaps an HTML or XML error page). Nothing was extracted.'
    )
  })

  it('gzip data that is not a tar archive', async () => {
    const c = setUp(gzipSync(Buffer.from('just some text\n'.repeat(100))))
    const error = await expectFailure(c)
    expect(error).toBeInstanceOf(ArchiveError)
    expect(error.message).toMatch(/gzip data but not a tar archive/)
  })

  it('a tar stream damaged after good entries', async () => {
    const good = createTarGz([f('a.txt', 'a'), f('b.txt', 'b')])
    const { gunzipSync } = await import('node:zlib')
    const raw = Buffer.from(gunzipSync(good))
    raw.fill(0x41, 1024, 1024 + 100) // the second header's name and checksum
    const c = setUp(gzipSync(raw))
    const error = await expectFailure(c)
    expect(error).toBeInstanceOf(ArchiveError)
    expect(error.message).toMatch(/^The output archive is damaged/)
  })
})
