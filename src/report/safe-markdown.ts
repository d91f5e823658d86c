/**
 * The agent's answer rendered as Markdown in the job summary and the
 * comment, made safe by parsing it as GitHub does (CommonMark + GFM, with
 * micromark/mdast), transforming the tree (answer-tree.ts: raw HTML and
 * images made text or links, mentions and references defused, headings
 * moved below the report's titles) and serialising it back with
 * mdast-util-to-markdown. What the parser saw is balanced by construction:
 * the serialiser closes every fence, list and quote it writes, and `<` and
 * `&` in text are escaped. `<!--` is broken everywhere (code included) with
 * a zero-width joiner, so nothing in the answer reads as the comment's
 * hidden marker.
 *
 * Cost: the parser is not linear on every input, so the answer is parsed in
 * blocks (answer-blocks.ts), a block that could cost more than linear time
 * is shown as a fenced text block instead, and at most `MAX_PARSED_CHARS`
 * characters of the answer are parsed: the blocks after them are shown as
 * one fenced text block (safe without parsing), so a long answer is shown
 * whole up to the page's size, not cut where parsing stops.
 * docs/markdown.md has the facts and the measurements.
 */
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmFromMarkdown, gfmToMarkdown } from 'mdast-util-gfm'
import { toMarkdown } from 'mdast-util-to-markdown'
import { gfm } from 'micromark-extension-gfm'
import { capUtf8 } from '../text/sizes.js'
import { cutChars, plainText } from '../text/sanitize.js'
import { BlockSplitter, type AnswerBlock } from './answer-blocks.js'
import { safeTree } from './answer-tree.js'

const ZWJ = '\u200d'
/**
 * Characters of the answer that are parsed as Markdown. micromark, loaded fresh
 * as the action loads it, read 40 to 150 KB of Markdown a second of CPU in
 * the 5 MB tests (2-core machine, busy; ordinary mixed Markdown and many
 * short paragraphs are the slow end: 32 KB took 0.8 s), so 16 KB keeps the
 * summary and the comment each well under a second.
 */
export const MAX_PARSED_CHARS = 16 * 1024
/**
 * Parsed blocks are read in groups of about this many characters: each parse
 * has a fixed cost (a few blocks of one word each cost more than their text),
 * and a large document costs more per byte than the same text in pieces.
 */
const GROUP_CHARS = 8 * 1024
/** Rounds of cutting a block that does not fit before giving up on it. */
const FIT_ROUNDS = 4

/** The answer made safe, and whether it was cut to fit. */
export interface SafeMarkdown {
  markdown: string
  cut: boolean
}

/** `<!--` made harmless anywhere (code included). */
export function breakComments(text: string): string {
  return text.includes('<!--') ? text.split('<!--').join(`<!${ZWJ}--`) : text
}

/** The text without the newlines at its end (no `/\n+$/`: that backtracks on long runs). */
export function trimNewlines(text: string): string {
  let end = text.length
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--
  return text.slice(0, end)
}

/** The text from its first line that is not blank (spaces and tabs only). */
function withoutLeadingBlankLines(text: string): string {
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 10) start = i + 1
    else if (c !== 32 && c !== 9) break
  }
  return start === 0 ? text : text.slice(start)
}

function longestBacktickRun(text: string): number {
  let longest = 0
  let run = 0
  for (let i = 0; i < text.length; i++) {
    run = text.charCodeAt(i) === 96 ? run + 1 : 0
    if (run > longest) longest = run
  }
  return longest
}

/** A block shown as text: a fence longer than any backtick run in it, so nothing ends it early. */
function fencedText(text: string): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1))
  return `${fence}text\n${text}\n${fence}`
}

const TO_MARKDOWN = {
  extensions: [gfmToMarkdown()],
  bullet: '-' as const,
  listItemIndent: 'one' as const,
  fences: true,
  resourceLink: true,
  // Every `<` and `&` of text escaped, not only those the serialiser thinks could start markup.
  unsafe: [
    { character: '<', inConstruct: 'phrasing' as const },
    { character: '&', inConstruct: 'phrasing' as const }
  ]
}

const FROM_MARKDOWN = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }

/** One block parsed, made safe and serialised (a fenced text block when parsing it is not affordable). */
function renderBlock(block: AnswerBlock): string {
  if (!block.parse) return breakComments(fencedText(block.text))
  let tree
  try {
    tree = fromMarkdown(block.text, FROM_MARKDOWN)
  } catch {
    // A stack overflow on nesting the block checks missed: the text is still safe as code.
    return breakComments(fencedText(block.text))
  }
  return breakComments(trimNewlines(toMarkdown(safeTree(tree), TO_MARKDOWN)))
}

/**
 * The longest start of a block whose safe rendering fits in `room` bytes:
 * cut, rendered, and cut again in proportion to what rendering added.
 */
function renderWithin(block: AnswerBlock, room: number): string {
  let text = capUtf8(block.text, room)
  for (let round = 0; round < FIT_ROUNDS && text !== ''; round++) {
    const markdown = renderBlock({ ...block, text })
    const size = Buffer.byteLength(markdown)
    if (size <= room) return markdown
    const bytes = Buffer.byteLength(text)
    text = capUtf8(text, Math.min(bytes - 1, Math.floor((bytes * room) / size) - 8))
  }
  return ''
}

/**
 * Consecutive parsed blocks joined into groups of about `GROUP_CHARS`, and
 * consecutive text blocks into one fence. Blocks past `MAX_PARSED_CHARS` of
 * parsed text become text blocks: shown whole, never parsed.
 */
function grouped(blocks: readonly AnswerBlock[]): AnswerBlock[] {
  const out: AnswerBlock[] = []
  let parsed = 0
  for (const each of blocks) {
    let block = each
    if (block.parse) {
      parsed += block.text.length
      if (parsed > MAX_PARSED_CHARS) block = { ...block, parse: false }
    }
    const last = out[out.length - 1]
    const joins =
      last !== undefined &&
      last.parse === block.parse &&
      (!block.parse || last.text.length + block.text.length < GROUP_CHARS)
    if (joins) {
      // A blank line then an unindented line: the blocks read the same apart or together.
      last.text = `${last.text}\n\n${block.text}`
    } else {
      out.push({ ...block })
    }
  }
  return out
}

/**
 * The answer as safe Markdown of at most `maxBytes` of UTF-8 (see the module
 * comment). A cut falls between blocks where it can; a block that does not
 * fit is cut and rendered again, so what is shown is still balanced.
 */
export function safeMarkdown(text: string, maxBytes: number): SafeMarkdown {
  const plain = withoutLeadingBlankLines(plainText(text))
  // Every character becomes at least one byte of output: past `maxBytes + 1` the output is cut anyway.
  const limit = maxBytes + 1
  const source = trimNewlines(plain.length > limit ? cutChars(plain, limit) : plain)
  let cut = source.length < trimNewlines(plain).length
  const out: string[] = []
  let bytes = 0
  for (const block of grouped(BlockSplitter.split(source))) {
    const markdown = renderBlock(block)
    if (markdown === '') continue
    const gap = out.length === 0 ? 0 : 2
    const size = Buffer.byteLength(markdown) + gap
    if (bytes + size <= maxBytes) {
      out.push(markdown)
      bytes += size
      continue
    }
    cut = true
    const room = maxBytes - bytes - gap
    const part = room > 0 ? renderWithin(block, room) : ''
    if (part !== '') out.push(part)
    break
  }
  return { markdown: out.join('\n\n'), cut }
}
