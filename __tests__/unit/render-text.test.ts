import { describe, expect, it } from '@jest/globals'
import { cleanLine, cutLine, firstWords, limitLines, toLines } from '../../src/text/lines.js'

describe('cleanLine', () => {
  it('keeps colour and resets it at the end of the line', () => {
    expect(cleanLine('\u001b[31mred\u001b[0m text')).toBe('\u001b[31mred\u001b[0m text\u001b[0m')
  })
  it('drops cursor moves, screen clears, titles and stray controls', () => {
    expect(cleanLine('a\u001b[2Kb\u001b[1Ac\u001b]0;title\u0007d\u0008e\u0000f')).toBe('abcdef')
  })
  it('keeps tabs and leaves plain text untouched', () => {
    expect(cleanLine('a\tb')).toBe('a\tb')
    expect(cleanLine('plain ::error::x')).toBe('plain ::error::x')
  })
})

describe('cutLine', () => {
  it('cuts long lines with a note saying how much', () => {
    expect(cutLine('x'.repeat(10), 4)).toBe('xxxx … [6 more characters cut]')
    expect(cutLine('short', 10)).toBe('short')
  })
  it('never splits a surrogate pair', () => {
    const cut = cutLine('ab😀cd', 3)
    expect(cut.startsWith('ab …')).toBe(true)
  })
})

describe('toLines', () => {
  it('splits on CRLF, CR and LF', () => {
    expect(toLines('a\r\nb\rc\nd')).toEqual(['a', 'b', 'c', 'd'])
  })
  it('cleans and cuts every line', () => {
    expect(toLines('\u001b[2Jok\n' + 'y'.repeat(20), 5)).toEqual([
      'ok',
      'yyyyy … [15 more characters cut]'
    ])
  })
})

describe('limitLines and firstWords', () => {
  it('keeps the first lines and notes the rest', () => {
    expect(limitLines(['1', '2', '3'], 2)).toEqual(['1', '2', '… [1 more lines cut]'])
    expect(limitLines(['1'], 2)).toEqual(['1'])
  })
  it('gives one line of first words, cut at a word boundary', () => {
    expect(firstWords('Hello\n  world, this is a long sentence indeed', 20)).toBe(
      'Hello world, this is…'
    )
    expect(firstWords('short')).toBe('short')
  })
})

describe('colour from the agent', () => {
  it('keeps foreground colours, bold and resets', () => {
    expect(cleanLine('\u001b[1;31mred\u001b[0m \u001b[38;5;208mo\u001b[38;2;1;2;3mr\u001b[m')).toBe(
      '\u001b[1;31mred\u001b[0m \u001b[38;5;208mo\u001b[38;2;1;2;3mr\u001b[0m\u001b[0m'
    )
  })
  it('drops conceal, blink, reverse video, faint and background colours (text made invisible)', () => {
    expect(cleanLine('\u001b[8mhidden\u001b[0m')).toBe('hidden\u001b[0m\u001b[0m')
    expect(cleanLine('\u001b[5;7mx')).toBe('x')
    expect(cleanLine('\u001b[30;40mblack on black')).toBe('\u001b[30mblack on black\u001b[0m')
    expect(cleanLine('\u001b[2;48;5;16;37mdim')).toBe('\u001b[37mdim\u001b[0m')
    expect(cleanLine('\u001b[48;2;0;0;0mx')).toBe('x')
  })
  it('drops zero-width and bidi characters that could hide text', () => {
    expect(cleanLine('a\u200bb\u202ec')).toBe('abc')
  })
})
