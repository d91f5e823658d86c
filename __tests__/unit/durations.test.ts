import { describe, expect, it } from '@jest/globals'
import { formatDuration, MAX_DURATION_MS, parseDuration } from '../../src/text/durations.js'

const S = 1000
const M = 60 * S
const H = 60 * M

describe('parseDuration', () => {
  it.each([
    ['90s', 90 * S],
    ['30m', 30 * M],
    ['2h', 2 * H],
    ['1h30m', H + 30 * M],
    ['1h30m15s', H + 30 * M + 15 * S],
    ['1h15s', H + 15 * S],
    ['30m15s', 30 * M + 15 * S],
    ['0', 0],
    ['0s', 0],
    ['2H', 2 * H],
    ['  45m  ', 45 * M],
    ['90m', 90 * M],
    ['576h', MAX_DURATION_MS]
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each([
    [''],
    ['soon'],
    ['h'],
    ['1.5h'],
    ['-5'],
    ['+5'],
    ['1h 30m'],
    ['30m1h'],
    ['1d'],
    ['5ms'],
    ['10 s'],
    ['1e3'],
    ['0x10'],
    ['577h'],
    [String(MAX_DURATION_MS / 1000 + 1)],
    ['9'.repeat(30)],
    // A bare number is ambiguous (seconds? minutes, as `timeout-minutes`?): refused.
    ['600'],
    ['1']
  ])('rejects %j', text => {
    expect(parseDuration(text)).toBeNull()
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [250, '250ms'],
    [1500, '1.5s'],
    [45 * S, '45s'],
    [90 * S, '1m30s'],
    [2 * H, '2h'],
    [H + 30 * M, '1h30m'],
    [H + 30 * M + 15 * S, '1h30m15s'],
    [H + 999, '1h'],
    [MAX_DURATION_MS, '576h']
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })

  it('round-trips through parseDuration', () => {
    for (const text of ['90s', '2h', '1h30m', '1h30m15s', '59m59s']) {
      const ms = parseDuration(text)
      expect(ms).not.toBeNull()
      expect(parseDuration(formatDuration(ms ?? 0))).toBe(ms)
    }
  })
})
