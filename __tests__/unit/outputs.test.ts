import { describe, expect, it } from '@jest/globals'
import { MAX_OUTPUT_BYTES, setOutputs } from '../../src/report/outputs.js'
import { capUtf8 } from '../../src/text/sizes.js'

describe('capUtf8', () => {
  it('leaves short text alone', () => {
    expect(capUtf8('héllo', 10)).toBe('héllo')
  })
  it('cuts on a character boundary, never splitting a multi-byte character', () => {
    const text = '€'.repeat(30000) // 3 bytes each: 90,000 bytes
    const capped = capUtf8(text, MAX_OUTPUT_BYTES)
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(MAX_OUTPUT_BYTES)
    expect(Buffer.byteLength(capped)).toBeGreaterThan(MAX_OUTPUT_BYTES - 3)
    expect(capped).toBe('€'.repeat(capped.length))
  })
  it('handles 4-byte characters', () => {
    expect(capUtf8('😀😀', 5)).toBe('😀')
  })
})

describe('setOutputs', () => {
  it('sets present values, skips null ones, and caps each', () => {
    const set: Record<string, string> = {}
    setOutputs(
      { status: 'completed', error: null, output: 'x'.repeat(70000), 'num-turns': 3 },
      (n, v) => {
        set[n] = v
      }
    )
    expect(Object.keys(set).sort()).toEqual(['num-turns', 'output', 'status'])
    expect(set['num-turns']).toBe('3')
    expect(set.output).toHaveLength(MAX_OUTPUT_BYTES)
  })
})
