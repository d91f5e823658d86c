import { describe, expect, it } from '@jest/globals'
import { ALREADY_COMPRESSED_RATIO, chooseCompressionLevel } from '../../src/artifacts/upload.js'

const MiB = 1024 * 1024

describe('chooseCompressionLevel', () => {
  it('auto: level 0 for output whose gzip ratio shows it is already compressed', () => {
    expect(
      chooseCompressionLevel('auto', { compressedBytes: 64 * MiB + 9000, extractedBytes: 64 * MiB })
    ).toEqual({
      level: 0,
      line:
        "Compression level 0 (`compression-level: auto`): the gzip'd output archive was 100% of " +
        "the files' size (above 90%), so the files are already compressed and zipping them again " +
        'would only cost time.'
    })
  })

  it('auto: level 6 for output that compresses, the threshold included', () => {
    expect(
      chooseCompressionLevel('auto', { compressedBytes: 25 * MiB, extractedBytes: 100 * MiB })
    ).toEqual({
      level: 6,
      line:
        "Compression level 6 (`compression-level: auto`): the gzip'd output archive was 25% of " +
        "the files' size (at most 90%), so the files compress."
    })
    const at = chooseCompressionLevel('auto', {
      compressedBytes: ALREADY_COMPRESSED_RATIO * 10 * MiB,
      extractedBytes: 10 * MiB
    })
    expect(at.level).toBe(6)
    const above = { compressedBytes: 91 * MiB, extractedBytes: 100 * MiB }
    expect(chooseCompressionLevel('auto', above).level).toBe(0)
  })

  it('auto on small output (under 1 MiB, where tar headers outweigh the files): level 6', () => {
    expect(chooseCompressionLevel('auto', { compressedBytes: 300, extractedBytes: 132 })).toEqual({
      level: 6,
      line:
        'Compression level 6 (`compression-level: auto`): the output is under 1 MiB, so ' +
        'compressing it costs next to nothing.'
    })
    expect(chooseCompressionLevel('auto', { compressedBytes: 0, extractedBytes: 0 }).level).toBe(6)
  })

  it.each([0, 1, 6, 9])('an explicit level %d is used as given, whatever the ratio', level => {
    expect(chooseCompressionLevel(level, { compressedBytes: 100, extractedBytes: 100 })).toEqual({
      level,
      line: `Compression level ${level} (\`compression-level: ${level}\`).`
    })
  })
})
