/**
 * The entry filter under Windows path semantics: `node:path` is `path.win32`
 * and `process.platform` is `win32` while the rules load and run, and every
 * name is decided exactly as the extraction on this OS decides it
 * (artifacts-paths.test.ts checks the same table end to end).
 */
import { afterAll, describe, expect, it, jest } from '@jest/globals'
import path from 'node:path'
import type * as tar from 'tar'
import { WINDOWS_KEPT, WINDOWS_REFUSED } from '../support/windows-names.js'

jest.unstable_mockModule('node:path', () => ({ ...path.win32, default: path.win32 }))
// Set before the rules load, so nothing they compute at load time sees Linux.
const platform = Object.getOwnPropertyDescriptor(process, 'platform')
Object.defineProperty(process, 'platform', { value: 'win32' })
afterAll(() => {
  if (platform) Object.defineProperty(process, 'platform', platform)
})

const { EntryFilter } = await import('../../src/artifacts/entry-filter.js')
const { DEFAULT_LIMITS } = await import('../../src/artifacts/limits.js')

function entry(name: string): tar.ReadEntry {
  return { path: name, type: 'File', size: 1, mode: 0o644 } as unknown as tar.ReadEntry
}

describe('names Windows cannot hold, under Windows path semantics', () => {
  it('runs with win32 paths', async () => {
    const loaded = await import('node:path')
    expect(loaded.sep).toBe('\\')
    expect(process.platform).toBe('win32')
  })

  it('refuses each name of the table with its reason, not as hostile', () => {
    const filter = new EntryFilter(DEFAULT_LIMITS)
    const admitted = WINDOWS_REFUSED.map(([name]) => filter.admit(entry(name)))
    expect(admitted.every(a => !a)).toBe(true)
    expect(filter.skipped.map(e => [e.path, e.reason, e.hostile])).toEqual(
      WINDOWS_REFUSED.map(([name, reason]) => [name, reason, false])
    )
  })

  it('admits the names Windows holds, as ./-relative paths', () => {
    const filter = new EntryFilter(DEFAULT_LIMITS)
    for (const name of WINDOWS_KEPT) {
      const e = entry(name)
      expect(filter.admit(e)).toBe(true)
      expect(e.path.startsWith('./')).toBe(true)
    }
    expect(filter.skipped).toEqual([])
  })
})
