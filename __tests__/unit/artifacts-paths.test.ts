import { afterAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { createTarGz } from '../../emulator/tar.js'
import type * as tar from 'tar'
import { EntryFilter, checkEntryPath, safeFileMode } from '../../src/artifacts/entry-filter.js'
import { DEFAULT_LIMITS } from '../../src/artifacts/limits.js'
import { extractTarGz } from '../../src/artifacts/extract.js'
import { defaultOutputPath, windowsNameProblem } from '../../src/artifacts/paths.js'
import { listOf, quote } from '../../src/text/quote.js'
import { formatBytes } from '../../src/text/sizes.js'
import { cpuMs } from '../support/cpu-time.js'
import { WINDOWS_KEPT, WINDOWS_REFUSED } from '../support/windows-names.js'

const root = mkdtempSync(join(tmpdir(), 'vm0-paths-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('checkEntryPath', () => {
  it.each([
    ['a.txt', 'a.txt', 1],
    ['./a.txt', 'a.txt', 1],
    ['./dir/', 'dir', 1],
    ['.//dir//sub/./f', 'dir/sub/f', 3],
    ['a/b/c/d', 'a/b/c/d', 4],
    ['..a/b..', '..a/b..', 2],
    ['.hidden', '.hidden', 1],
    ['weird name ü.txt', 'weird name ü.txt', 1]
  ])('%j is fine as %j (depth %d)', (name, path, depth) => {
    expect(checkEntryPath(name)).toEqual({ kind: 'ok', path, depth })
  })

  it.each(['./', '.', '', './././', './/./'])('%j is the root entry', name => {
    expect(checkEntryPath(name)).toEqual({ kind: 'root' })
  })

  it.each([
    ['/etc/passwd', 'absolute path'],
    ['//host/share', 'absolute path'],
    ['\\windows\\x', 'absolute path'],
    ['C:/Windows/x', 'absolute path'],
    ['c:\\x', 'absolute path'],
    ['../x', "the path climbs out with '..'"],
    ['a/../../x', "the path climbs out with '..'"],
    ['a/..', "the path climbs out with '..'"],
    ['..', "the path climbs out with '..'"],
    ['a\\..\\..\\x', "the path climbs out with '..'"],
    ['a\0b', 'the name holds a NUL character']
  ])('%j is unsafe: %s', (name, reason) => {
    expect(checkEntryPath(name)).toEqual({ kind: 'unsafe', reason })
  })
})

describe('windowsNameProblem', () => {
  it.each(WINDOWS_REFUSED)('%j is refused: %s', (name, reason) => {
    expect(windowsNameProblem(name)).toBe(reason)
  })

  it.each(WINDOWS_KEPT)('%j is kept', name => {
    expect(windowsNameProblem(name)).toBeNull()
  })
})

describe('extracting names Windows cannot hold', () => {
  it('skips each one (reported once, not hostile) and extracts the rest, on this OS as on Windows', async () => {
    const dir = mkdtempSync(join(root, 'w-'))
    const archive = createTarGz([
      ...WINDOWS_REFUSED.map(([name]) => ({ name, content: 'x' })),
      ...WINDOWS_KEPT.map(name => ({ name, content: 'kept' }))
    ])
    const result = await extractTarGz(Readable.from([archive]), dir)
    expect(result.skipped.map(e => [e.path, e.reason])).toEqual(WINDOWS_REFUSED)
    expect(result.skipped.every(e => !e.hostile)).toBe(true)
    expect(result.skippedCount).toBe(WINDOWS_REFUSED.length)
    expect(result.files.map(f => f.path).sort()).toEqual(
      WINDOWS_KEPT.map(name => checkEntryPath(name))
        .map(check => (check.kind === 'ok' ? check.path : ''))
        .sort()
    )
    // Nothing of a refused name reached the disk (`c:d` is not `c`, `a.` is not `a`).
    for (const name of ['CON', 'nul.txt', 'a.', 'a', 'b ', 'b', 'c:d', 'c', 'sub', 'dir', 'dir.']) {
      expect(existsSync(join(dir, name))).toBe(false)
    }
  })
})

describe('names that differ only in case or Unicode form', () => {
  it('keeps the first spelling of each name and folder, skips the later ones, on every OS alike', async () => {
    const dir = mkdtempSync(join(root, 'case-'))
    const composed = 'caf\u00e9.txt'
    const decomposed = 'cafe\u0301.txt'
    const archive = createTarGz([
      { name: 'README.md', content: 'first' },
      { name: 'readme.md', content: 'second' },
      { name: 'Docs/', type: 'dir' },
      { name: 'Docs/a.txt', content: 'a' },
      { name: 'docs/b.txt', content: 'b' },
      { name: 'DOCS/', type: 'dir' },
      { name: composed, content: 'nfc' },
      { name: decomposed, content: 'nfd' },
      { name: 'same.txt', content: 'one' },
      { name: 'same.txt', content: 'two' }
    ])
    const result = await extractTarGz(Readable.from([archive]), dir)
    const clash = (earlier: string): string =>
      `the name differs only in case or Unicode form from '${earlier}', which Windows and macOS read as the same name`
    expect(result.skipped.map(e => [e.path, e.reason, e.hostile])).toEqual([
      ['readme.md', clash('README.md'), false],
      ['docs/b.txt', clash('Docs'), false],
      ['DOCS/', clash('Docs'), false],
      [decomposed, clash(composed), false]
    ])
    // The exact same name twice is a tar update: the later one wins, as before.
    expect(result.files.map(f => f.path).sort()).toEqual(
      ['Docs/a.txt', 'README.md', composed, 'same.txt'].sort()
    )
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('first')
    expect(readFileSync(join(dir, 'same.txt'), 'utf8')).toBe('two')
    expect(readdirSync(dir).sort()).toEqual(['Docs', 'README.md', composed, 'same.txt'].sort())
  })
})

describe('the entry filter on deep names', () => {
  it('costs CPU time linear in the entries (no name compared with every earlier one)', () => {
    // 4,000 files 64 folders deep, 60-character parts, sharing their folders: about 15 MB
    // of names, about 0.35 s here. Comparing each name with every earlier one (the case
    // check done naively) would compare 8 million pairs of 4 KB strings, far beyond 10 s.
    const filter = new EntryFilter(DEFAULT_LIMITS)
    const folder = (i: number): string => `${String(i % 7).padStart(2, '0')}${'d'.repeat(58)}`
    const deep = Array.from({ length: 63 }, (_, i) => folder(i)).join('/')
    const entries = Array.from({ length: 4000 }, (_, n) => ({
      path: `${deep}/${String(n).padStart(60, 'f')}`,
      type: 'File',
      size: 1,
      mode: 0o644
    }))
    const ms = cpuMs(() => {
      for (const e of entries) filter.admit(e as unknown as tar.ReadEntry)
    })
    expect(filter.skippedCount).toBe(0)
    expect(filter.limitFault).toBeNull()
    expect(ms).toBeLessThan(10_000)
  })
})

describe('safeFileMode', () => {
  it.each([
    [undefined, 0o644],
    [0, 0o644],
    [0o600, 0o644],
    [0o777, 0o755],
    [0o4755, 0o755],
    [0o100, 0o755],
    [0o666, 0o644]
  ])('%o → %o', (mode, expected) => {
    expect(safeFileMode(mode)).toBe(expected)
  })
})

describe('defaultOutputPath', () => {
  it('is a folder under RUNNER_TEMP named for the run', () => {
    expect(defaultOutputPath('/tmp/rt', 'abc-123_X')).toBe('/tmp/rt/vm0-abc-123_X/files')
    expect(defaultOutputPath('/tmp/rt', '../x/y')).toBe('/tmp/rt/vm0-___x_y/files')
  })
})

describe('extractTarGz from a stream', () => {
  it('takes ./ entries and the ./ root as normal; a later duplicate wins', async () => {
    const dir = mkdtempSync(join(root, 'x-'))
    const archive = createTarGz([
      { name: './', type: 'dir' },
      { name: './a/', type: 'dir' },
      { name: './a/f.txt', content: 'one' },
      { name: 'a/f.txt', content: 'two' },
      { name: './b.txt', content: '' }
    ])
    // One byte per chunk: header and gzip boundaries fall anywhere.
    const source = Readable.from(
      (function* () {
        for (const byte of archive) yield Buffer.from([byte])
      })()
    )
    const result = await extractTarGz(source, dir)
    expect(result.files).toEqual([
      { path: 'a/f.txt', size: 3 },
      { path: 'b.txt', size: 0 }
    ])
    expect(result.entries).toBe(5)
    expect(readFileSync(join(dir, 'a/f.txt'), 'utf8')).toBe('two')
  })

  it('marks hostile entries (unsafe names, devices, FIFOs) apart from links, and reads on', async () => {
    const dir = mkdtempSync(join(root, 'h-'))
    const archive = createTarGz([
      { name: '../up.txt', content: 'x' },
      { name: '/abs.txt', content: 'x' },
      { name: 'link', type: 'symlink', linkname: '/etc' },
      { name: 'hard', type: 'hardlink', linkname: 'ok.txt' },
      { name: 'null', type: 'chardev' },
      { name: 'sda', type: 'blockdev' },
      { name: 'pipe', type: 'fifo' },
      { name: '../link', type: 'symlink', linkname: 'x' },
      { name: 'ok.txt', content: 'ok' }
    ])
    const result = await extractTarGz(Readable.from([archive]), dir)
    expect(result.skipped.map(e => [e.path, e.hostile])).toEqual([
      ['../up.txt', true],
      ['/abs.txt', true],
      ['link', false],
      ['hard', false],
      ['null', true],
      ['sda', true],
      ['pipe', true],
      ['../link', true]
    ])
    expect(result.files).toEqual([{ path: 'ok.txt', size: 2 }])
    expect(result.entries).toBe(9)
  })

  it('reads an empty archive (only the end blocks) as no files', async () => {
    const dir = mkdtempSync(join(root, 'e-'))
    const result = await extractTarGz(Readable.from([createTarGz([])]), dir)
    expect(result).toEqual({
      files: [],
      totalBytes: 0,
      skipped: [],
      skippedCount: 0,
      hostileCount: 0,
      entries: 0
    })
    expect(readdirSync(dir)).toEqual([])
  })
})

describe('log helpers', () => {
  it('quote names and escape control characters, so a name cannot start a workflow command', () => {
    expect(quote('a\n::error::pwned')).toBe("'a\\n::error::pwned'")
    expect(quote('x'.repeat(300))).toHaveLength(100)
  })
  it('format sizes and lists', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(10 * 1024 ** 3)).toBe('10.0 GiB')
    expect(listOf(['a'], 'and', { max: 5 })).toBe('a')
    expect(listOf(['a', 'b', 'c'], 'and', { max: 5 })).toBe('a, b and c')
    expect(listOf(['a', 'b', 'c'], 'and', { max: 2 })).toBe('a, b and 1 more')
  })
})
