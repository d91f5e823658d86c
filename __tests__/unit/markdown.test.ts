import { describe, expect, it } from '@jest/globals'
import {
  escapeMarkdown,
  fencedBlock,
  fencedWithin,
  inlineCode,
  markdownLink,
  redactedStart,
  safeUrl,
  statusIcon
} from '../../src/report/markdown.js'
import { commentContextFromEnv, finishedBody } from '../../src/report/pr-comment.js'
import { createRedactor } from '../../src/text/secrets.js'

describe('markdown helpers', () => {
  it('fences with more backticks than any run inside', () => {
    expect(fencedBlock('a ```` b')).toBe('`````text\na ```` b\n`````')
    expect(fencedBlock('plain')).toBe('```text\nplain\n```')
  })

  it('makes code spans that survive backticks and table pipes', () => {
    expect(inlineCode('a`b')).toBe('``a`b``')
    expect(inlineCode('`x`')).toBe('`` `x` ``')
    expect(inlineCode('a|b', { table: true })).toBe('`a\\|b`')
    expect(inlineCode('')).toBe('`(empty)`')
    expect(inlineCode('x'.repeat(300))).toBe('`' + 'x'.repeat(199) + '…`')
  })

  it('cuts a fenced block on a character boundary until it fits its budget', () => {
    const text = 'é'.repeat(100)
    const { block, cut } = fencedWithin(text, 'text', 60)
    expect(cut).toBe(true)
    expect(block).not.toBeNull()
    expect(Buffer.byteLength(block ?? '')).toBeLessThanOrEqual(60)
    expect(block).toMatch(/^```text\né+\n```$/)
    expect(fencedWithin('short', 'text', 100)).toEqual({ block: '```text\nshort\n```', cut: false })
    expect(fencedWithin('anything', 'text', 5)).toEqual({ block: null, cut: true })
  })

  it('escapes our own text so it cannot format, link or mention', () => {
    expect(escapeMarkdown('a *b* <i>@me</i>\n[x]')).toBe(
      'a \\*b\\* &lt;i&gt;\\@me&lt;/i&gt; \\[x\\]'
    )
  })

  it('links only to http(s) URLs', () => {
    expect(markdownLink('logs', 'https://github.com/o/r/actions/runs/1')).toBe(
      '[logs](<https://github.com/o/r/actions/runs/1>)'
    )
    expect(markdownLink('logs', 'javascript:alert(1)')).toBe('logs')
    expect(markdownLink('a_b', null)).toBe('a\\_b')
    expect(safeUrl('https://x.test/a b>')).toBe('https://x.test/a%20b%3E')
    expect(safeUrl('not a url')).toBeNull()
  })

  it('has an icon for each run status, and one for the unknown', () => {
    expect(statusIcon('completed')).toBe('✅')
    expect(statusIcon('failed')).toBe('❌')
    expect(statusIcon('something-new')).toBe('❔')
  })
})

describe('redactedStart', () => {
  const redact = (s: string): string => s.split('s3cr3t-value').join('***')

  it('redacts what a section can show and a margin past it, and drops the rest unread', () => {
    const seen: number[] = []
    const counting = (s: string): string => {
      seen.push(s.length)
      return redact(s)
    }
    const text = `${'a'.repeat(1000)}s3cr3t-value${'b'.repeat(5_000_000)}`
    const start = redactedStart(text, 2000, counting)
    expect(start.startsWith(`${'a'.repeat(1000)}***b`)).toBe(true)
    expect(seen).toEqual([2000 + 64 * 1024])
    // A secret that straddles the section's end is still whole where it is redacted.
    const edge = `${'a'.repeat(1990)}s3cr3t-value`
    expect(redactedStart(edge, 2000, redact)).toBe(`${'a'.repeat(1990)}***`)
  })

  it('takes a longer start when redaction shrank it, so no part of a secret is left near what is shown', () => {
    const secret = 'sk-live-abcdefghijklmnopqrstuvwxyz0123456789'
    const redactor = createRedactor([secret])
    // Invisible padding redaction drops: the cut at 2000 + 64 KiB falls inside the secret.
    const text = `Hello ${'\u200b'.repeat(2000 + 64 * 1024 - 26)}${secret} tail ${'x'.repeat(200_000)}`
    const start = redactedStart(text, 2000, redactor)
    expect(start).not.toContain(secret.slice(0, 12))
    expect(start).toContain('Hello *** tail')
    // And through the real comment: none of the secret's start in the body.
    const body = finishedBody(
      { ...commentContextFromEnv({ token: null, agent: 'a', env: {} }) },
      { status: 'completed', runId: null, answer: text, redact: redactor }
    )
    expect(body).not.toContain(secret.slice(0, 12))
  })

  it('leaves a short text whole', () => {
    expect(redactedStart('x s3cr3t-value y', 10, redact)).toBe('x *** y')
  })
})
