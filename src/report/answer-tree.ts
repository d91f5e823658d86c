/**
 * The transform of the answer's Markdown tree (mdast, as micromark parsed it
 * with GFM) that makes it safe to show in the job summary and the comment:
 *
 * - raw HTML, block or inline, becomes visible text (a block as a code
 *   block, inline as text the serialiser escapes): no `<img>` beacon, no
 *   `</details>` closing the page's structure;
 * - an image becomes a plain link (text inside another link), so nothing
 *   loads when the page is viewed;
 * - links keep only http(s) and mailto targets; link reference definitions
 *   are resolved into the links that use them and dropped, and footnotes
 *   become text, so nothing the answer defines reaches the rest of the page;
 * - mentions and references are defused with a zero-width joiner after `@`
 *   and `#` and in `GH-`, so GitHub neither notifies nor back-links; a
 *   github.com issue, pull request, commit or discussion URL (a link or in
 *   text) is shown as code, which GitHub never turns into a reference;
 * - headings move three levels down (`#` becomes `####`), below the
 *   report's own `##`/`###` titles.
 */
import type { Definition, Nodes, Parents, PhrasingContent, Root, RootContent } from 'mdast'

const ZWJ = '\u200d'
const HEADING_SHIFT = 3
/** Paths of github.com pages that GitHub turns into a reference (and a back-link). */
const REFERENCE_PATH =
  /^\/[^/?#]+\/[^/?#]+\/(?:issues|pull|pulls|commit|commits|discussions)(?:[/?#]|$)/i
const BLOCK_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition'])

interface Context {
  definitions: Map<string, Definition>
  /** Inside a link: an image there becomes text, not a nested link. */
  inLink: boolean
  /** Inside a mailto link: its `@` is an address, not a mention. */
  inMail: boolean
}

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
}

/**
 * Mentions and references in plain text defused: a zero-width joiner after
 * `@` before a letter or digit (`@octocat`, `@org/team`, `owner/repo@sha`),
 * after `#` before a digit (`#12`, `owner/repo#7`) and after the `-` of
 * `GH-99`. One pass, linear.
 */
function defuseMentions(text: string, keepAt = false): string {
  let out = ''
  let copied = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    const next = text.charCodeAt(i + 1)
    let defuse = false
    if (c === '@') defuse = !keepAt && isAlnum(next)
    else if (c === '#') defuse = isDigit(next)
    else if (c === '-' && isDigit(next) && i >= 2) {
      const g = text.slice(i - 2, i).toLowerCase()
      defuse = g === 'gh' && (i === 2 || !isAlnum(text.charCodeAt(i - 3)))
    }
    if (!defuse) continue
    out += text.slice(copied, i + 1) + ZWJ
    copied = i + 1
  }
  return copied === 0 ? text : out + text.slice(copied)
}

/** True for a github.com URL of an issue, pull request, commit or discussion. */
function isReferenceUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  const host = parsed.hostname.toLowerCase()
  return (
    (host === 'github.com' || host === 'www.github.com') && REFERENCE_PATH.test(parsed.pathname)
  )
}

const URL_END = /[\s<>"'`]/

/**
 * Text split so that github.com reference URLs written as text (not
 * autolinked: no scheme, or inside a link's text) become code spans. Each
 * occurrence is found with indexOf and grows right to the next space, so the
 * scan is linear.
 */
function textNodes(text: string, keepAt: boolean): PhrasingContent[] {
  const lower = text.toLowerCase()
  const out: PhrasingContent[] = []
  let copied = 0
  let from = 0
  for (;;) {
    const at = lower.indexOf('github.com/', from)
    if (at === -1) break
    let start = at
    if (lower.startsWith('www.', start - 4)) start -= 4
    for (const scheme of ['https://', 'http://']) {
      if (lower.startsWith(scheme, start - scheme.length)) start -= scheme.length
    }
    let end = at + 'github.com'.length
    while (end < text.length && !URL_END.test(text[end]!)) end++
    // Trailing punctuation ends a sentence, not the URL (as GFM's autolinks).
    while (end > at && /[.,:;!?)\]*_~]/.test(text[end - 1]!)) end--
    const before = start === 0 ? 32 : text.charCodeAt(start - 1)
    const url = text.slice(start, end)
    if (
      start >= copied &&
      !isAlnum(before) &&
      isReferenceUrl(url.includes('://') ? url : `https://${url}`)
    ) {
      if (start > copied)
        out.push({ type: 'text', value: defuseMentions(text.slice(copied, start), keepAt) })
      out.push({ type: 'inlineCode', value: url })
      copied = end
    }
    from = Math.max(end, at + 1)
  }
  if (copied < text.length)
    out.push({ type: 'text', value: defuseMentions(text.slice(copied), keepAt) })
  return out
}

function allowedUrl(url: string): boolean {
  return /^(?:https?:\/\/|mailto:)/i.test(url)
}

/**
 * A link, made safe: another target than http(s) or mailto is dropped (its
 * text kept); a reference URL is shown as code, after the link's text unless
 * that text was the URL itself (an autolink).
 */
function safeLink(
  url: string,
  title: string | null | undefined,
  children: PhrasingContent[],
  label: string | null = null
): PhrasingContent[] {
  if (!allowedUrl(url)) return children
  if (isReferenceUrl(url)) {
    const code: PhrasingContent = { type: 'inlineCode', value: url }
    if (
      label !== null &&
      (label === url || `https://${label}` === url || `http://${label}` === url)
    ) {
      return [code]
    }
    return [...children, { type: 'text', value: ' (' }, code, { type: 'text', value: ')' }]
  }
  return [{ type: 'link', url, title: title ?? null, children }]
}

function imageAsText(alt: string, url: string | null, ctx: Context): PhrasingContent[] {
  const label = alt.trim() === '' ? 'image' : alt
  const text: PhrasingContent[] = [{ type: 'text', value: defuseMentions(label) }]
  if (ctx.inLink || url === null) return text
  return safeLink(url, null, text)
}

/** Fenced-code languages GitHub renders as pictures rather than text. */
const DRAWN = new Set(['mermaid', 'geojson', 'topojson', 'stl', 'math'])

/** The safe replacement of one node (zero, one or more nodes). */
function transform(node: Nodes, parent: Parents, ctx: Context): RootContent[] {
  switch (node.type) {
    case 'html':
      if (BLOCK_PARENTS.has(parent.type)) return [{ type: 'code', lang: 'html', value: node.value }]
      return textNodes(node.value, ctx.inMail)
    case 'text':
      return textNodes(node.value, ctx.inMail)
    case 'image':
      return imageAsText(node.alt ?? '', node.url, ctx)
    case 'imageReference':
      return imageAsText(node.alt ?? '', ctx.definitions.get(node.identifier)?.url ?? null, ctx)
    case 'definition':
      return []
    case 'footnoteReference':
      return [{ type: 'text', value: `[^${node.label ?? node.identifier}]` }]
    case 'footnoteDefinition': {
      const mark: RootContent = {
        type: 'paragraph',
        children: [{ type: 'text', value: `[^${node.label ?? node.identifier}]:` }]
      }
      return [mark, ...transformAll(node.children, node, ctx)]
    }
    case 'link':
    case 'linkReference':
      return linkOf(node, ctx)
    case 'heading':
      node.depth = Math.min(6, node.depth + HEADING_SHIFT) as typeof node.depth
      break
    case 'code':
      // GitHub draws these languages (a chart, a map, a model): an answer could draw a fake
      // "all checks passed" picture beside the report's own charts. Shown as their text.
      if (DRAWN.has((node.lang ?? '').toLowerCase())) {
        node.lang = 'text'
        node.meta = null
      }
      break
  }
  if ('children' in node) {
    ;(node as Parents).children = transformAll(node.children, node, ctx)
  }
  return [node as RootContent]
}

function linkOf(
  node: Extract<Nodes, { type: 'link' | 'linkReference' }>,
  ctx: Context
): RootContent[] {
  const target =
    node.type === 'link'
      ? { url: node.url, title: node.title }
      : ctx.definitions.get(node.identifier)
  const url = target?.url ?? ''
  const inner = { ...ctx, inLink: true, inMail: /^mailto:/i.test(url) }
  const first = node.children[0]
  const label = node.children.length === 1 && first?.type === 'text' ? first.value : null
  const children = transformAll(node.children, node, inner) as PhrasingContent[]
  if (target === undefined) return children
  return safeLink(url, target.title, children, label)
}

function transformAll(children: readonly Nodes[], parent: Parents, ctx: Context): RootContent[] {
  const out: RootContent[] = []
  for (const child of children) {
    for (const node of transform(child, parent, ctx)) {
      const last = out[out.length - 1]
      if (last !== undefined && last.type === 'inlineCode' && node.type === 'inlineCode')
        last.value += node.value
      else if (last !== undefined && last.type === 'text' && node.type === 'text')
        last.value = defuseMentions(last.value + node.value, ctx.inMail)
      else out.push(node)
    }
  }
  return out
}

/** Link reference definitions by identifier (the first one wins, as in CommonMark). */
function definitionsOf(node: Nodes, into = new Map<string, Definition>()): Map<string, Definition> {
  if (node.type === 'definition' && !into.has(node.identifier)) into.set(node.identifier, node)
  if ('children' in node) for (const child of node.children) definitionsOf(child, into)
  return into
}

/** The tree made safe, in place (see the module comment). */
export function safeTree(root: Root): Root {
  const ctx: Context = { definitions: definitionsOf(root), inLink: false, inMail: false }
  root.children = transformAll(root.children, root, ctx)
  return root
}
