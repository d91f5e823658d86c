import { describe, expect, it } from '@jest/globals'
import { cpuMs } from '../support/cpu-time.js'
import { MAX_PARSED_CHARS, safeMarkdown } from '../../src/report/safe-markdown.js'

const ZWJ = '\u200d'

/** Every `@` outside code with a word after it: a mention GitHub would link. */
function liveMentions(markdown: string): string[] {
  return [...markdown.matchAll(/(^|[^A-Za-z0-9])@[A-Za-z0-9]/g)].map(m => m[0])
}

describe('safeMarkdown', () => {
  const answer = [
    '# Findings',
    '',
    '| file | issue |',
    '| --- | --- |',
    '| `src/a.ts` | unused import |',
    '',
    'Thanks @octocat, cc @org/team (mail: dev@example.com), see #12 and &#64;x.',
    '<img src=x onerror=alert(1)>',
    '</details><details open>',
    '<!-- vm0-run-action:wf:job:agent -->',
    '```ts',
    'const html = "<b>@octocat</b>" // <!-- vm0-run-action:x -->',
    '```'
  ].join('\n')

  it('keeps headings and tables as Markdown, escapes HTML and defuses mentions outside code', () => {
    const { markdown, cut } = safeMarkdown(answer, 100_000)
    expect(cut).toBe(false)
    // Headings move below the report's own titles.
    expect(markdown).toContain('#### Findings\n')
    expect(markdown).toContain('| `src/a.ts` | unused import |')
    // Raw HTML becomes text (a block of it, code): nothing outside code reads as a tag.
    // (A tag alone on a line after a paragraph line is inline HTML; one that starts a block
    // runs to the next blank line, as CommonMark reads it.)
    expect(markdown).toContain(
      '\\<img src=x onerror=alert(1)>\n\n````html\n</details><details open>'
    )
    expect(markdown.split('````html')[0]).not.toMatch(/(^|[^\\])<[a-z/!]/im)
    expect(markdown).toContain(`@${ZWJ}octocat`)
    expect(markdown).toContain(`@${ZWJ}org/team`)
    expect(markdown).toContain(`#${ZWJ}12`)
    // A character reference is read as the parser reads it, then defused like the rest.
    expect(markdown).toContain(`@${ZWJ}x`)
    expect(markdown).not.toContain('&#64;')
    // An e-mail address is left alone (GitHub does not link it as a mention).
    expect(markdown).toContain('[dev@example.com](mailto:dev@example.com)')
    expect(liveMentions(markdown.split('````html')[0] ?? '')).toEqual([])
    // Code keeps its text; the marker cannot be forged anywhere.
    expect(markdown).toContain('const html = "<b>@octocat</b>"')
    expect(markdown).not.toContain('<!-- vm0-run-action')
  })

  it('closes a fence the answer leaves open, so it cannot swallow the page', () => {
    const { markdown } = safeMarkdown('Look:\n````\n<details>\n```\nstill code', 10_000)
    expect(markdown).toBe('Look:\n\n````\n<details>\n```\nstill code\n````')
    expect(safeMarkdown('~~~~\ncode', 10_000).markdown).toBe('```\ncode\n```')
    // In a list item, the fence closes with the item (CommonMark), not at the answer's end.
    const listed = safeMarkdown('- item\n  ```\n  code\n\n<img src=x>', 10_000).markdown
    expect(listed).toBe('- item\n  ```\n  code\n  ```\n\n```html\n<img src=x>\n```')
  })

  it('pairs code spans as CommonMark does, across lines and table cells', () => {
    const span = safeMarkdown('a ` ok\nb ` <img src=x> `', 10_000).markdown
    expect(span).toBe('a `ok\nb` \\<img src=x> \\`')
    // GFM splits table cells before spans: a span cannot carry a tag out of a cell.
    const table = safeMarkdown('| a | b |\n| - | - |\n| `x | <img src=x> | y` |', 10_000).markdown
    expect(table).toContain('| \\`x | \\<img src=x> | y\\` |')
    // A closing fence followed by U+00A0 closes nothing (it is not a space to CommonMark).
    const nbsp = safeMarkdown('```\ncode\n```\u00a0\n<img src=x>', 10_000).markdown
    expect(nbsp).toBe('````\ncode\n```\u00a0\n<img src=x>\n````')
  })

  it('turns images into links and keeps only http(s) and mailto targets', () => {
    const { markdown } = safeMarkdown(
      '![px](https://a.example/p.gif) [![b](https://a.example/b.svg)](https://e.example) [x](javascript:alert(1))',
      10_000
    )
    expect(markdown).toBe('[px](https://a.example/p.gif) [b](https://e.example) x')
  })

  it('shows github.com issue, pull request and commit URLs as code, and defuses GH- references', () => {
    const { markdown } = safeMarkdown(
      'https://github.com/o/r/issues/7, [fix](https://github.com/o/r/pull/8), github.com/o/r/commit/abc, GH-9, https://github.com/o/r/blob/main/a.ts',
      10_000
    )
    expect(markdown).toBe(
      `\`https://github.com/o/r/issues/7\`, fix (\`https://github.com/o/r/pull/8\`), \`github.com/o/r/commit/abc\`, GH-${ZWJ}9, [https://github.com/o/r/blob/main/a.ts](https://github.com/o/r/blob/main/a.ts)`
    )
  })

  it('shows the languages GitHub draws (mermaid, geojson, …) as text: no picture of the answer beside the report', () => {
    const { markdown } = safeMarkdown(
      '```mermaid\npie title Checks\n  "passed" : 100\n```\n\n~~~GeoJSON x\n{}\n~~~\n\n```ts\nconst a = 1\n```',
      10_000
    )
    expect(markdown).toBe(
      '```text\npie title Checks\n  "passed" : 100\n```\n\n```text\n{}\n```\n\n```ts\nconst a = 1\n```'
    )
  })

  it('shows a block the parser could take super-linear time on as fenced text', () => {
    const hostile = `${'*_'.repeat(200)}\n<img src=x>`
    expect(safeMarkdown(hostile, 10_000).markdown).toBe(`\`\`\`text\n${hostile}\n\`\`\``)
    const deep = `${'> '.repeat(20)}<img src=x>`
    expect(safeMarkdown(deep, 10_000).markdown).toBe(`\`\`\`text\n${deep}\n\`\`\``)
    // Blocks after it are parsed again.
    expect(safeMarkdown(`${deep}\n\n# ok`, 10_000).markdown.endsWith('\n\n#### ok')).toBe(true)
  })

  it('counts delimiters per paragraph as CommonMark forms paragraphs', () => {
    const half = '*_'.repeat(100)
    const fenced = (text: string): boolean =>
      /^`{3,}text\n/.test(safeMarkdown(text, 100_000).markdown)
    // List items and headings start a new paragraph: each has its own count.
    expect(fenced(Array.from({ length: 10 }, () => `- ${half}`).join('\n'))).toBe(false)
    expect(fenced(`# ${half}\n# ${half}\n# ${half}`)).toBe(false)
    // A line of U+00A0 is not blank, and `2.` cannot interrupt a paragraph: one paragraph each.
    expect(fenced(`${half}\n\u00a0\n${half}`)).toBe(true)
    expect(fenced(`${half}\n2. ${half}`)).toBe(true)
    // An indented fence may sit in a list item that the next unindented line closes: its lines count.
    expect(fenced(`- x\n  \`\`\`\n${half}\n${half}\n  \`\`\``)).toBe(true)
    // A fence at column 0 is code: its lines do not count.
    expect(fenced(`\`\`\`\n${half}\n${half}\n${half}\n\`\`\``)).toBe(false)
  })

  it('cuts between blocks within the budget, balanced, and says so', () => {
    const long = Array.from({ length: 1000 }, (_, i) => `line ${i} <x>`).join('\n')
    const { markdown, cut } = safeMarkdown(`\`\`\`\n${long}`, 2000)
    expect(cut).toBe(true)
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(2000)
    expect(Buffer.byteLength(markdown)).toBeGreaterThan(1500) // the room is used
    expect(markdown).toMatch(/^```\nline 0 <x>\n[\s\S]*\n```$/)
    const paragraphs = Array.from({ length: 200 }, (_, i) => `para ${i} <x>`).join('\n\n')
    const text = safeMarkdown(paragraphs, 1000)
    expect(text.cut).toBe(true)
    expect(Buffer.byteLength(text.markdown)).toBeLessThanOrEqual(1000)
    expect(text.markdown.startsWith('para 0 \\<x>\n\npara 1 \\<x>')).toBe(true)
    // Past what is parsed, the answer is shown whole as one fenced text block, not cut.
    const big = safeMarkdown('word <x>\n\n'.repeat(MAX_PARSED_CHARS / 4), 1024 * 1024)
    expect(big.cut).toBe(false)
    expect(big.markdown.startsWith('word \\<x>\n\nword \\<x>')).toBe(true)
    expect(big.markdown).toMatch(/\n\n```text\nword <x>\n\nword <x>\n[\s\S]*\nword <x>\n```$/)
    expect(big.markdown.split('```').length).toBe(3)
    expect(big.markdown.split('word').length - 1).toBe(MAX_PARSED_CHARS / 4)
    expect(safeMarkdown('word\n\n'.repeat(100), 1024 * 1024).cut).toBe(false)
  })

  // CPU time, not the wall clock: a quadratic pass over 5 MB takes hours; a linear one about a second.
  // The parser reads at most MAX_PARSED_CHARS of each: what is bounded is the pass before it and
  // the parse of what it reads (micromark took 8 s on 32 KB of `*_` in one paragraph).
  it('takes linear time on hostile input (5 MB each)', () => {
    const inputs = [
      '`a`` `'.repeat(850_000),
      `${'\n'.repeat(5_000_000)}x`,
      '@a&<#1'.repeat(850_000),
      '```\n'.repeat(1_250_000),
      Array.from({ length: 3100 }, (_, i) => `${'`'.repeat(i + 1)}x`).join(''),
      `${'\\'.repeat(2_500_000)}${'`|'.repeat(1_250_000)}`,
      '<!--'.repeat(1_250_000),
      '*_'.repeat(2_500_000),
      `${'*_'.repeat(100)}\n\n`.repeat(25_000),
      'a]'.repeat(2_500_000),
      '> '.repeat(2_500_000),
      `${'> '.repeat(8)}x\n${'y\n'.repeat(2_500_000)}`,
      '1. '.repeat(1_700_000),
      `- x\n  \`\`\`\n${'*_'.repeat(2_500_000)}`,
      `${'*_'.repeat(100)}\n\u00a0\n`.repeat(25_000),
      `${'- [a](b) **c** `d`\n'.repeat(250_000)}`
    ]
    for (const input of inputs) {
      let markdown = ''
      const ms = cpuMs(() => ({ markdown } = safeMarkdown(input, 64 * 1024 * 1024)))
      expect({ input: input.slice(0, 20), empty: markdown === '' }).toEqual({
        input: input.slice(0, 20),
        empty: false
      })
      expect(ms).toBeLessThan(20_000)
    }
  })
})
