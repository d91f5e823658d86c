import { describe, expect, it } from '@jest/globals'
import { formatCost } from '../../src/text/cost.js'
import { formatSeconds, isoSeconds, msBetween } from '../../src/text/durations.js'

describe('time and money for people', () => {
  it('formatSeconds: at most two decimals below ten seconds, whole seconds above', () => {
    expect(formatSeconds(1400)).toBe('1.4 s')
    expect(formatSeconds(350)).toBe('0.35 s')
    expect(formatSeconds(0)).toBe('0 s')
    expect(formatSeconds(15_400)).toBe('15 s')
  })

  it('msBetween: null when a stamp is missing, invalid or the order is reversed', () => {
    expect(msBetween('2026-01-02T03:04:05Z', '2026-01-02T03:05:35.500Z')).toBe(90_500)
    expect(msBetween(null, '2026-01-02T03:05:35Z')).toBeNull()
    expect(msBetween('soon', '2026-01-02T03:05:35Z')).toBeNull()
    expect(msBetween('2026-01-02T03:05:35Z', '2026-01-02T03:04:05Z')).toBeNull()
  })

  it('isoSeconds: UTC to the second', () => {
    expect(isoSeconds('2026-01-02T04:04:05.678+01:00')).toBe('2026-01-02T03:04:05Z')
    expect(isoSeconds('')).toBeNull()
    expect(isoSeconds('not a time')).toBeNull()
  })

  it('formatCost: four decimals below a dollar, two above', () => {
    expect(formatCost(0.0123)).toBe('$0.0123')
    expect(formatCost(12.345)).toBe('$12.35')
  })
})
