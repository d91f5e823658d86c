import { describe, expect, it } from '@jest/globals'
import { cleanLine, toLines } from '../../src/text/lines.js'
import { listOf, quote } from '../../src/text/quote.js'
import { remoteText } from '../../src/text/remote.js'
import { breakCommands, breakLegacyCommands, plainText } from '../../src/text/sanitize.js'
import { createRedactor } from '../../src/text/secrets.js'

const SECRET = 'k3y-M4terial-0f-the-account'

// Characters that print as nothing; the last six were kept by the step log while the redactor stripped them.
const INVISIBLE = [
  '\u00ad',
  '\u200b',
  '\u200e',
  '\u202e',
  '\u2060',
  '\ufeff',
  '\u061c',
  '\u115f',
  '\u1160',
  '\u180e',
  '\u3164',
  '\uffa0'
]
const hex = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

describe('one rule for invisible characters', () => {
  it.each(INVISIBLE.map(c => [hex(c), c]))(
    '%s: removed from the step log, the redactor, plain text and remote text alike; escaped when quoted',
    (_name, c) => {
      const hidden = `${SECRET.slice(0, 9)}${c}${SECRET.slice(9)}`
      expect(createRedactor([SECRET])(`key ${hidden} here`)).toBe('key *** here')
      expect(toLines(`a${c}b`)).toEqual(['ab'])
      expect(cleanLine(`a${c}b \u001b[31mred\u001b[0m`)).toBe('ab \u001b[31mred\u001b[0m\u001b[0m')
      expect(plainText(`a${c}b`)).toBe('ab')
      expect(remoteText(`a${c}b`)).toBe('ab')
      expect(quote(`a${c}b`)).toBe(`'a${hex(c)}b'`)
    }
  )

  it('keeps a zero-width joiner inside an emoji and drops it between ASCII letters, everywhere', () => {
    const family = '\u{1F468}\u200d\u{1F469}'
    for (const clean of [plainText, remoteText, (t: string) => toLines(t).join('\n')]) {
      expect(clean(`${family} a\u200db`)).toBe(`${family} ab`)
    }
    expect(quote('a\u200db')).toBe("'a\\u200db'")
  })
})

describe('one ##[ breaker', () => {
  it('breaks the legacy form anywhere, and `::` only at the start, keeping the text', () => {
    expect(breakLegacyCommands('x ##[group]y ##[endgroup]')).toBe(
      'x ##\u200b[group]y ##\u200b[endgroup]'
    )
    expect(breakCommands('::error::x ##[y]')).toBe(':\u200b:error::x ##\u200b[y]')
    expect(quote('##[group]x')).toBe("'##\u200b[group]x'")
  })
})

describe('quote', () => {
  it('escapes line breaks and controls, and cuts to 100 characters with …', () => {
    expect(quote('a\nb\tc\u0007')).toBe("'a\\nb\\tc\\u0007'")
    const long = quote(`a\n${'x'.repeat(300)}`)
    expect(long).toHaveLength(100)
    expect(long.startsWith("'a\\nxxx")).toBe(true)
    expect(long.endsWith("x…'")).toBe(true)
  })
})

describe('listOf', () => {
  it('joins with the word, names at most max, and counts the rest of a total', () => {
    expect(listOf([], 'or')).toBe('')
    expect(listOf(['a', 'b', 'c'], 'or')).toBe('a, b or c')
    expect(listOf(['a', 'b'], 'and')).toBe('a and b')
    expect(listOf(['a', 'b', 'c'], 'and', { max: 2 })).toBe('a, b and 1 more')
    expect(listOf(['a', 'b'], 'and', { total: 7 })).toBe('a, b and 5 more')
  })
})
