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

describe('SequenceSet in bounded memory', () => {
  it('holds a million sequences delivered in order as one range', () => {
    const set = new SequenceSet()
    for (let s = 0; s < 1_000_000; s++) set.add(s)
    expect(set.rangeCount).toBe(1)
    expect(set.highest).toBe(999_999)
    expect(set.add(0)).toBe(false)
    expect(set.add(500_000)).toBe(false)
    expect(set.add(1_000_000)).toBe(true)
  })

  it('splits a range at a gap and joins it again when the gap fills', () => {
    const set = new SequenceSet()
    for (const s of [1, 2, 3, 7, 8, 5]) set.add(s)
    expect(set.rangeCount).toBe(3)
    expect(set.add(4)).toBe(true)
    expect(set.add(6)).toBe(true)
    expect(set.rangeCount).toBe(1)
    expect(set.add(0)).toBe(true)
    expect(set.rangeCount).toBe(1)
    expect([0, 4, 6, 8].map(s => set.add(s))).toEqual([false, false, false, false])
  })

  it('stays within its bound on a run with a gap after every event, forgetting the oldest gaps first', () => {
    const set = new SequenceSet(100)
    for (let s = 0; s < 100_000; s += 2) set.add(s)
    expect(set.rangeCount).toBeLessThanOrEqual(100)
    // A recent gap is still open; an ancient one is taken as seen.
    expect(set.add(99_997)).toBe(true)
    expect(set.add(1)).toBe(false)
    expect(set.highest).toBe(99_998)
  })
})
