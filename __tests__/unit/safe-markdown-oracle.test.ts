/**
 * The safe-Markdown pass checked against two renderers it does not use:
 * commonmark.js (the CommonMark reference implementation) and micromark
 * with GFM's HTML extension (renders as cmark-gfm, GitHub's engine, does),
 * both with raw HTML let through, as a page would be before GitHub's
 * sanitiser. For every hostile answer, the answer alone, the job summary
 * and the PR comment built around it must render with no element or
 * attribute the action did not write itself, and with no live mention or
 * reference in the text GitHub scans.
 */
import { describe, expect, it } from '@jest/globals'
import { HtmlRenderer, Parser } from 'commonmark'
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'
import { PrCommenter, type GitHubClient } from '../../src/report/pr-comment.js'
import { safeMarkdown } from '../../src/report/safe-markdown.js'
import { buildSummary } from '../../src/report/summary.js'
import { BENIGN_ANSWER, HOSTILE_ANSWERS } from '../support/hostile-answers.js'

/** Elements Markdown itself writes, with the attributes it may give them. */
const ALLOWED: Record<string, RegExp> = {
  p: /^$/,
  em: /^$/,
  strong: /^$/,
  del: /^$/,
  code: /^(?: class="language-[^"<>]*")?$/,
  pre: /^$/,
  a: /^ href="(?:https?:\/\/|mailto:)[^"<>]*"(?: title="[^"<>]*")?$/,
  ul: /^(?: class="contains-task-list")?$/,
  ol: /^(?: start="\d+")?$/,
  li: /^(?: class="task-list-item")?$/,
  blockquote: /^$/,
  h4: /^$/,
  h5: /^$/,
  h6: /^$/,
  table: /^$/,
  thead: /^$/,
  tbody: /^$/,
  tr: /^$/,
  th: /^(?: align="(?:left|right|center)")?$/,
  td: /^(?: align="(?:left|right|center)")?$/,
  hr: /^ ?\/?$/,
  br: /^ ?\/?$/,
  input: /^(?: type="checkbox"| disabled(?:="")?| checked(?:="")?)+ ?\/?$/
}

const reader = new Parser()
const writer = new HtmlRenderer({ safe: false })

function renderers(markdown: string): Record<string, string> {
  return {
    commonmark: writer.render(reader.parse(markdown)),
    'micromark+gfm': micromark(markdown, {
      allowDangerousHtml: true,
      allowDangerousProtocol: true,
      extensions: [gfm()],
      htmlExtensions: [gfmHtml()]
    })
  }
}

/** Every tag in the HTML that Markdown would not write, as `name attributes`. */
function foreignTags(html: string): string[] {
  const found: string[] = []
  for (const [, close = '', name = '', attrs = ''] of html.matchAll(
    /<(\/?)([A-Za-z][\w-]*)([^>]*)>/g
  )) {
    const allowed = ALLOWED[name.toLowerCase()]
    const ok =
      allowed && (close === '/' ? attrs.trim() === '' : allowed.test(attrs.replace(/\s*\/$/, '')))
    if (!ok) found.push(`${close}${name}${attrs}`)
  }
  if (html.includes('<!--') || /<[!?]/.test(html)) found.push('<! or <?')
  return found
}

/** The text GitHub scans for mentions and references: outside code, tags removed, entities read. */
function scannedText(html: string): string {
  return html
    .replace(/<pre>[\s\S]*?<\/pre>/g, ' ')
    .replace(/<code[^>]*>[\s\S]*?<\/code>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([\da-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/** Mentions and references GitHub would link (and notify or back-link). */
function liveReferences(html: string): string[] {
  const text = scannedText(html)
  const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map(m => m[1] ?? '')
  return [
    ...[...text.matchAll(/(?:^|[^A-Za-z0-9_`])@[A-Za-z0-9][\w-]*(?:\/[\w-]+)?/g)].map(m => m[0]),
    ...[...text.matchAll(/[\w./-]*#\d+/g)].map(m => m[0]),
    ...[...text.matchAll(/\bGH-\d+/gi)].map(m => m[0]),
    ...[...text.matchAll(/[\w.-]+\/[\w.-]+@[0-9a-f]{7,40}/g)].map(m => m[0]),
    ...[
      ...text.matchAll(/github\.com\/[^\s/]+\/[^\s/]+\/(?:issues|pull|commit|discussions)\/\w+/g)
    ].map(m => m[0]),
    ...hrefs.filter(h => /github\.com\/[^/]+\/[^/]+\/(?:issues|pull|commit|discussions)/.test(h))
  ]
}

/** A GitHub client that records the comment bodies it is given. */
function recordingClient(bodies: string[]): GitHubClient {
  const record = async ({ body }: { body: string }): Promise<{ data: { id: number } }> => {
    bodies.push(body)
    return { data: { id: 1 } }
  }
  const client = {
    paginate: { iterator: async function* () {} },
    rest: {
      issues: {
        listComments: async () => ({ data: [], headers: {} }),
        createComment: record,
        updateComment: record
      }
    }
  }
  return client as unknown as GitHubClient
}

async function commentBody(answer: string): Promise<string> {
  const bodies: string[] = []
  const commenter = new PrCommenter({
    octokit: () => recordingClient(bodies),
    log: { info: () => {}, notice: () => {}, warning: () => {} }
  })
  const ctx = {
    ...{ token: 't', owner: 'o', repo: 'r', prNumber: 1, eventName: 'pull_request' },
    ...{ workflow: 'w', job: 'j', agent: 'agent', runUrl: 'https://github.com/o/r/actions/runs/1' }
  }
  await commenter.finishComment(ctx, { status: 'completed', runId: 'r', answer })
  expect(bodies).toHaveLength(1)
  return bodies[0] ?? ''
}

function summaryPage(answer: string): string {
  return buildSummary({ status: 'completed', agent: 'agent', runId: 'r', answer })
}

/** The action's own elements in a page: what a one-word answer gives. */
async function ownTags(): Promise<Record<string, string[]>> {
  const pages = { summary: summaryPage('ok'), comment: await commentBody('ok') }
  const out: Record<string, string[]> = {}
  for (const [page, markdown] of Object.entries(pages)) {
    for (const [engine, html] of Object.entries(renderers(markdown))) {
      out[`${page} ${engine}`] = foreignTags(html).sort()
    }
  }
  return out
}

describe('the safe answer, rendered by commonmark.js and micromark+GFM', () => {
  for (const [name, answer] of Object.entries(HOSTILE_ANSWERS)) {
    it(`writes no element of the agent's and no live reference: ${name}`, async () => {
      const safe = safeMarkdown(answer, 48 * 1024).markdown
      expect(safe).not.toContain('<!--')
      for (const [engine, html] of Object.entries(renderers(safe))) {
        expect({ engine, foreign: foreignTags(html) }).toEqual({ engine, foreign: [] })
        expect({ engine, live: liveReferences(html) }).toEqual({ engine, live: [] })
      }
      const own = await ownTags()
      const pages = { summary: summaryPage(answer), comment: await commentBody(answer) }
      for (const [page, markdown] of Object.entries(pages)) {
        // The comment's hidden marker is the body's only `<!--`.
        expect(markdown.split('<!--').length - 1).toBe(page === 'comment' ? 1 : 0)
        for (const [engine, html] of Object.entries(renderers(markdown))) {
          const key = `${page} ${engine}`
          expect({ key, tags: foreignTags(html).sort() }).toEqual({ key, tags: own[key] })
        }
      }
    })
  }

  it('the oracle sees what it looks for (raw HTML, mentions, references)', () => {
    const raw = renderers(
      `${HOSTILE_ANSWERS['code span across two lines of a paragraph']}\n\n@octocat #12`
    )
    for (const html of Object.values(raw)) {
      expect(foreignTags(html).join(' ')).toMatch(/img.*details.*summary/)
      expect(liveReferences(html)).toEqual(expect.arrayContaining([' @octocat', '#12']))
    }
  })

  it('keeps the meaning of a benign answer: headings, lists, tasks, code, tables, links', () => {
    const { markdown, cut } = safeMarkdown(BENIGN_ANSWER, 48 * 1024)
    expect(cut).toBe(false)
    for (const [engine, html] of Object.entries(renderers(markdown))) {
      expect({ engine, foreign: foreignTags(html) }).toEqual({ engine, foreign: [] })
      expect(html).toContain('<h4>Findings</h4>')
      expect(html).toContain('<h5>Changes</h5>')
      expect(html).toContain('<strong>passes</strong>')
      expect(html).toContain('<code>npm test</code>')
      expect(html).toContain('<a href="https://example.com/docs">the docs</a>')
      expect(html).toMatch(/<ol>\s*<li>First<\/li>\s*<li>Second\s*<ul>\s*<li>nested<\/li>/)
      expect(html).toContain(
        'const html = &quot;&lt;b&gt;@octocat&lt;/b&gt;&quot; // a &lt; b &amp;&amp; c'
      )
      expect(html).toMatch(/<blockquote>\s*<p>quoted/)
    }
    const gfmHtml = renderers(markdown)['micromark+gfm'] ?? ''
    expect(gfmHtml).toMatch(
      /<td><code>src\/a.ts<\/code><\/td>\s*<td align="right">unused import<\/td>/
    )
    expect(gfmHtml).toContain('<del>old</del>')
    expect(gfmHtml).toMatch(/<input type="checkbox" disabled="" checked="" \/> done/)
  })
})
