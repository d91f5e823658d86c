import { describe, expect, it } from '@jest/globals'
import { LogCursor } from '../../src/follow/log-cursor.js'
import { SequenceSet } from '../../src/follow/sequence-set.js'
import type { LogEntry } from '../../src/vm0/types.js'

function entry(timestamp: string, message: string, seq: number | null = null): LogEntry {
  return {
    timestamp,
    type: seq === null ? 'system' : 'agent',
    level: 'info',
    message,
    sequenceNumber: seq,
    eventType: null,
    eventData: null,
    network: null
  }
}

describe('SequenceSet', () => {
  it('accepts each sequence once, in or out of order', () => {
    const set = new SequenceSet()
    expect([0, 1, 1, 3, 2, 3, 0].map(s => set.add(s))).toEqual([
      true,
      true,
      false,
      true,
      true,
      false,
      false
    ])
    expect(set.highest).toBe(3)
  })
  it('advanceTo marks everything up to a sequence as seen', () => {
    const set = new SequenceSet()
    set.add(7)
    set.advanceTo(5)
    expect(set.add(4)).toBe(false)
    expect(set.add(6)).toBe(true)
    expect(set.add(7)).toBe(false)
    expect(set.highest).toBe(7)
  })
})

describe('LogCursor', () => {
  it('moves since forward and skips the inclusive boundary it already returned', () => {
    const cursor = new LogCursor()
    const t1 = '2026-01-01T00:00:01.000Z'
    const t2 = '2026-01-01T00:00:02.000Z'
    expect(cursor.accept([entry(t1, 'a'), entry(t2, 'b')]).map(e => e.message)).toEqual(['a', 'b'])
    expect(cursor.nextSince).toBe(t2)
    // The next poll (since=t2, inclusive) repeats b and brings c at the same timestamp.
    expect(cursor.accept([entry(t2, 'b'), entry(t2, 'c')]).map(e => e.message)).toEqual(['c'])
    expect(cursor.accept([entry(t2, 'b'), entry(t2, 'c')])).toEqual([])
  })
  it('keeps two identical lines in the same millisecond', () => {
    const cursor = new LogCursor()
    const t = '2026-01-01T00:00:01.000Z'
    expect(cursor.accept([entry(t, 'same')])).toHaveLength(1)
    expect(cursor.accept([entry(t, 'same'), entry(t, 'same')])).toHaveLength(1)
  })
  it('drops entries older than since', () => {
    const cursor = new LogCursor()
    cursor.accept([entry('2026-01-01T00:00:05.000Z', 'x')])
    expect(cursor.accept([entry('2026-01-01T00:00:04.000Z', 'old')])).toEqual([])
  })
})
