/**
 * Random answers built from the pieces hostile Markdown is made of (raw HTML,
 * backtick runs, brackets, list and quote markers, mentions, references,
 * entities), made safe and rendered with two CommonMark engines: no element
 * of the answer's own, no live mention or reference, no comment marker. A
 * fixed list of hostile answers missed the ways the pass's own output could
 * combine (a code span it writes beside the answer's, a mention split by a
 * link it drops); a seeded fuzz of a few thousand answers finds those.
 */
import { describe, expect, it } from '@jest/globals'
import { HtmlRenderer, Parser } from 'commonmark'
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'
import { safeMarkdown } from '../../src/report/safe-markdown.js'

const reader = new Parser()
const writer = new HtmlRenderer({ safe: false })

/** The HTML both engines make of `markdown`, raw HTML and any link protocol let through. */
function rendered(markdown: string): string[] {
  return [
    writer.render(reader.parse(markdown)),
    micromark(markdown, {
      allowDangerousHtml: true,
      allowDangerousProtocol: true,
      extensions: [gfm()],
      htmlExtensions: [gfmHtml()]
    })
  ]
}

/** Markdown-generated tags only (what GitHub would keep of an answer written in Markdown). */
const ELEMENT = /<\/?([a-zA-Z][\w-]*)/g
const ALLOWED = new Set(
  'p em strong del code pre a ul ol li blockquote h4 h5 h6 h1 h2 h3 table thead tbody tr th td hr br input section sup'.split(
    ' '
  )
)
/**
 * A mention or reference GitHub would link, at a word's start (the pass puts a
 * zero-width joiner inside each; `octocatGH-1` or `_#1` link nothing).
 */
const LIVE = /(?<!\w)(@octocat|#1\b|GH-1\b|owner\/repo#7)|<!--/

const PIECES = [
  '<img src=x>',
  '</details>',
  '<details open>',
  '<summary>',
  '<span title="@octocat">',
  '`',
  '``',
  '```',
  '~~~',
  '\n',
  '\n\n',
  '  ',
  '    ',
  '> ',
  '- ',
  '1. ',
  '* ',
  '|',
  '[',
  ']',
  '(',
  ')',
  '!',
  '*',
  '_',
  '~',
  '\\',
  '&lt;',
  '&#60;',
  '<!--',
  '-->',
  '@octocat',
  '#1',
  'GH-1',
  'owner/repo#7',
  'github.com/o/r/issues/1',
  'https://github.com/o/r/pull/2',
  '\u00a0',
  '\t',
  ':',
  'https://',
  'www.',
  '<',
  '>',
  '"',
  'x',
  'a b',
  '[x]: https://e.example/',
  '![a](https://e.example/p.gif)',
  '](/rel)',
  '](javascript:x)',
  '---',
  '#',
  '<pre>',
  '</pre>',
  '[^1]',
  '&',
  ';',
  '&amp;'
]

/** mulberry32: the same answers on every run, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** What is wrong with the safe rendering of `answer`, or null. */
function problem(answer: string): string | null {
  const markdown = safeMarkdown(answer, 48 * 1024).markdown
  if (markdown.includes('<!--')) return 'a comment opener'
  for (const html of rendered(markdown)) {
    for (const [, tag] of html.matchAll(ELEMENT)) {
      if (!ALLOWED.has((tag ?? '').toLowerCase())) return `<${tag}> in ${html}`
    }
    if (/href="(?!https?:|mailto:|#)/i.test(html)) return `a link that is not http(s) in ${html}`
    // Outside code and links (GitHub links no mention inside either), entities decoded.
    const text = html
      .replace(/<pre>[\s\S]*?<\/pre>/g, '')
      .replace(/<code>[\s\S]*?<\/code>/g, '')
      .replace(/<a [^>]*>[\s\S]*?<\/a>/g, '')
      .replace(/<[^>]*>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
    if (LIVE.test(text)) return `a live mention or reference in ${JSON.stringify(text)}`
  }
  return null
}

describe('safeMarkdown on random hostile answers', () => {
  it('leaves no raw element, no other link protocol and no live mention (3,000 seeded answers)', () => {
    const next = random(20_261_207)
    const failures: string[] = []
    for (let i = 0; i < 3000 && failures.length < 3; i++) {
      let answer = ''
      const length = 5 + Math.floor(next() * 40)
      for (let k = 0; k < length; k++) answer += PIECES[Math.floor(next() * PIECES.length)]
      const found = problem(answer)
      if (found) failures.push(`${JSON.stringify(answer)}: ${found}`)
    }
    expect(failures).toEqual([])
  })

  it('finds what it looks for (the check itself can fail)', () => {
    expect(problem('x')).toBeNull()
    const raw = (markdown: string): string | null => {
      for (const html of rendered(markdown)) {
        for (const [, tag] of html.matchAll(ELEMENT)) if (!ALLOWED.has(tag ?? '')) return tag ?? ''
      }
      return null
    }
    expect(raw('a <img src=x> b')).toBe('img')
    expect(LIVE.test('hi @octocat')).toBe(true)
  })
})
