import { execFileSync } from 'node:child_process'
import { describe, expect, it } from '@jest/globals'
import { createTarGz, filesToTarGz, readTarGz } from '../../emulator/tar.js'

/** GNU tar's verbose listing (-P: names as stored), an independent reader of what we wrote. */
function gnuList(archive: Buffer): string[] {
  return execFileSync('tar', ['-tvzPf', '-'], { input: archive, stdio: ['pipe', 'pipe', 'ignore'] })
    .toString()
    .trim()
    .split('\n')
}

describe('emulator tar writer', () => {
  it('writes names exactly as given, every entry type, and long names via pax', () => {
    const long = `deep/${'x'.repeat(150)}/file.txt`
    const archive = createTarGz([
      { name: '../evil', content: 'outside' },
      { name: '/abs/path', content: 'absolute' },
      { name: 'link', type: 'symlink', linkname: '/etc' },
      { name: 'link/passwd', content: 'through the link' },
      { name: 'hard', type: 'hardlink', linkname: '../evil' },
      { name: 'dev', type: 'chardev' },
      { name: 'blk', type: 'blockdev' },
      { name: 'pipe', type: 'fifo' },
      { name: 'dir/', type: 'dir', mode: 0o700 },
      { name: long, content: Buffer.from([0, 1, 2]) },
      { name: 'exec.sh', content: '#!/bin/sh\n', mode: 0o755 }
    ])
    const entries = readTarGz(archive)
    expect(entries.map(e => [e.name, e.type])).toEqual([
      ['../evil', 'file'],
      ['/abs/path', 'file'],
      ['link', 'symlink'],
      ['link/passwd', 'file'],
      ['hard', 'hardlink'],
      ['dev', 'chardev'],
      ['blk', 'blockdev'],
      ['pipe', 'fifo'],
      ['dir/', 'dir'],
      [long, 'file'],
      ['exec.sh', 'file']
    ])
    expect(entries[2]?.linkname).toBe('/etc')
    expect(entries[3]?.content.toString()).toBe('through the link')
    expect(entries[8]?.mode).toBe(0o700)
    expect(entries[9]?.content).toEqual(Buffer.from([0, 1, 2]))

    const listing = gnuList(archive)
    expect(listing).toHaveLength(11)
    expect(listing[0]).toMatch(/^-rw-r--r-- .* \.\.\/evil$/)
    expect(listing[2]).toMatch(/^lrwxrwxrwx .* link -> \/etc$/)
    expect(listing[4]).toMatch(/^hrw-r--r-- .* hard link to \.\.\/evil$/)
    expect(listing[9]).toContain(long)
    expect(listing[10]).toMatch(/^-rwxr-xr-x /)
  })

  it('builds sandbox-style archives: ./ root, ./ prefixes, parent directories, stable bytes', () => {
    const files = { 'src/app/main.ts': 'main', 'README.md': '# hi', './src/util.ts': 'util' }
    const archive = filesToTarGz(files)
    expect(readTarGz(archive).map(e => e.name)).toEqual([
      './',
      './README.md',
      './src/',
      './src/app/',
      './src/app/main.ts',
      './src/util.ts'
    ])
    expect(filesToTarGz(files)).toEqual(archive)
    expect(gnuList(archive).map(line => line.split(' ').at(-1))).toEqual([
      './',
      './README.md',
      './src/',
      './src/app/',
      './src/app/main.ts',
      './src/util.ts'
    ])
  })
})
