import { describe, expect, it } from '@jest/globals'
import { cpuMs } from '../support/cpu-time.js'
import { safeMarkdown, safeTextLine } from '../../src/report/safe-markdown.js'

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
    expect(markdown).toContain('# Findings\n')
    expect(markdown).toContain('| --- | --- |\n| `src/a.ts` | unused import |')
    expect(markdown).toContain('&lt;img src=x onerror=alert(1)>')
    expect(markdown).toContain('&lt;/details>&lt;details open>')
    expect(markdown).not.toMatch(/<img|<\/details|<details/)
    expect(markdown).toContain(`@${ZWJ}octocat`)
    expect(markdown).toContain(`@${ZWJ}org/team`)
    expect(markdown).toContain(`#${ZWJ}12`)
    // Character references cannot make an `@` after parsing.
    expect(markdown).toContain('&amp;#')
    expect(markdown).not.toContain('&#64;')
    // An e-mail address is left alone (GitHub does not link it as a mention).
    expect(markdown).toContain('dev@example.com')
    expect(liveMentions(markdown.replace(/```ts[\s\S]*?```/, ''))).toEqual([])
    // Code keeps its text; the marker cannot be forged anywhere.
    expect(markdown).toContain('const html = "<b>@octocat</b>"')
    expect(markdown).not.toContain('<!-- vm0-run-action')
  })

  it('closes a fence the answer leaves open, so it cannot swallow the page', () => {
    const { markdown } = safeMarkdown('Look:\n````\n<details>\n```\nstill code', 10_000)
    expect(markdown.endsWith('still code\n````')).toBe(true)
    const tilde = safeMarkdown('~~~~\ncode', 10_000).markdown
    expect(tilde).toBe('~~~~\ncode\n~~~~')
  })

  it('does not take a span across a table cell, or an escaped backtick, as code', () => {
    expect(safeTextLine('| `a | <img src=x> | b` |')).toBe('| `a | &lt;img src=x> | b` |')
    expect(safeTextLine('\\`<img src=x>`')).toBe('\\`&lt;img src=x>`')
    expect(safeTextLine('`<b>` and ``<i>``')).toBe('`<b>` and ``<i>``')
    expect(safeTextLine('``` `<b>` ```')).toBe('``` `<b>` ```')
  })

  it('cuts at a line end within the budget and says so', () => {
    const long = Array.from({ length: 1000 }, (_, i) => `line ${i} <x>`).join('\n')
    const { markdown, cut } = safeMarkdown(`\`\`\`\n${long}`, 2000)
    expect(cut).toBe(true)
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(2000)
    expect(markdown.endsWith('\n```')).toBe(true)
    const text = safeMarkdown('<&'.repeat(10_000), 1000)
    expect(text.cut).toBe(true)
    expect(Buffer.byteLength(text.markdown)).toBeLessThanOrEqual(1000)
    expect(Buffer.byteLength(text.markdown)).toBeGreaterThan(900) // the room is used
    expect(text.markdown.startsWith('&lt;&amp;')).toBe(true)
  })

  // CPU time, not the wall clock: a quadratic pass over 5 MB takes hours; a linear one about a second.
  it('takes linear time on hostile input (5 MB each)', () => {
    const inputs = [
      '`a`` `'.repeat(850_000),
      `${'\n'.repeat(5_000_000)}x`,
      '@a&<#1'.repeat(850_000),
      '```\n'.repeat(1_250_000),
      Array.from({ length: 3100 }, (_, i) => `${'`'.repeat(i + 1)}x`).join(''),
      `${'\\'.repeat(2_500_000)}${'`|'.repeat(1_250_000)}`,
      '<!--'.repeat(1_250_000)
    ]
    for (const input of inputs) {
      let markdown = ''
      const ms = cpuMs(() => ({ markdown } = safeMarkdown(input, 64 * 1024 * 1024)))
      expect(markdown.length).toBeGreaterThan(0)
      expect(ms).toBeLessThan(20_000)
    }
  })
})
