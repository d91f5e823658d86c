/**
 * The agent's answer cut into blocks the Markdown parser can take one at a
 * time, each with a verdict on whether parsing it is affordable.
 *
 * Why: micromark (the CommonMark + GFM parser of safe-markdown.ts) is slow
 * on some inputs. Measured on a 2-core machine: emphasis delimiters
 * (`*_` repeated) are quadratic within one paragraph (32 KB: 8 s), so are
 * unmatched `]` and `~`; a whole document is slower per byte than the same
 * text parsed in pieces (512 KB: 16 s whole, 4 s in 4 KB pieces); and deep
 * nesting of `>` or list markers overflows the stack. Blocks end at a blank
 * line followed by an unindented line outside a top-level fence, where
 * CommonMark closes every open container and paragraph, so parsing them one
 * by one keeps their meaning (link reference definitions aside, which the
 * pass resolves within a block). A block is parsed only while its paragraphs
 * hold few delimiters, its lines nest shallowly and it is not long; any
 * other block is shown as a fenced text block, which is safe whatever it
 * holds. Everything here is one forward pass over the text.
 */

/** Characters whose runs micromark pairs up with a backwards search. */
const DELIMITERS = new Set(['*', '_', '~', '[', ']', '`'])
/** Delimiters in one paragraph-like run of lines before the block is not parsed. */
const MAX_PARAGRAPH_DELIMITERS = 200
/** Containers (`>`, list markers, two-space indents) before a line's text. */
const MAX_DEPTH = 8
/** Characters outside fenced code in one parsed block. */
const MAX_BLOCK_CHARS = 8 * 1024

export interface AnswerBlock {
  text: string
  /** False when parsing it could cost more than linear time: show it as text. */
  parse: boolean
}

interface Fence {
  char: string
  length: number
  column0: boolean
}

function leadingSpaces(line: string): number {
  let i = 0
  while (line[i] === ' ' || line[i] === '\t') i++
  return i
}

/** The fence a top-level line opens (at most three spaces before it), if any. */
function fenceOpening(line: string): Fence | null {
  let at = 0
  while (at < 4 && line[at] === ' ') at++
  if (at > 3) return null
  const char = line[at]
  if (char !== '`' && char !== '~') return null
  let end = at
  while (line[end] === char) end++
  if (end - at < 3) return null
  // A backtick fence's info string cannot hold a backtick.
  if (char === '`' && line.includes('`', end)) return null
  return { char, length: end - at, column0: at === 0 }
}

/** CommonMark: a closing fence is followed by spaces and tabs only (not U+00A0). */
function closesFence(line: string, fence: Fence): boolean {
  let at = 0
  while (at < 4 && line[at] === ' ') at++
  if (at > 3) return false
  let end = at
  while (line[end] === fence.char) end++
  if (end - at < fence.length) return false
  for (let i = end; i < line.length; i++) if (line[i] !== ' ' && line[i] !== '\t') return false
  return true
}

/**
 * How deeply a line nests (quote markers, list markers, indentation in
 * pairs of spaces), and where its content starts. Counts at most the
 * line's own prefix, so all lines together cost linear time.
 */
function prefixOf(line: string): { depth: number; start: number } {
  let depth = 0
  let i = 0
  let start = -1
  for (;;) {
    const spaces = leadingSpaces(line.slice(i, i + 64))
    depth += Math.floor(spaces / 2)
    i += spaces
    const c = line[i]
    if (c === '>') {
      depth++
      i++
      continue
    }
    // Where the content starts once quote markers are set aside (a list marker belongs to it).
    if (start === -1) start = i
    const next = line[i + 1]
    const spaced = next === ' ' || next === '\t' || next === undefined
    if ((c === '-' || c === '*' || c === '+') && spaced) {
      depth++
      i++
      continue
    }
    let digits = i
    while (digits < i + 10 && line.charCodeAt(digits) >= 48 && line.charCodeAt(digits) <= 57)
      digits++
    const mark = line[digits]
    if (digits > i && (mark === '.' || mark === ')')) {
      const after = line[digits + 1]
      if (after === ' ' || after === '\t' || after === undefined) {
        depth++
        i = digits + 1
        continue
      }
    }
    return { depth, start: start === -1 ? i : start }
  }
}

/**
 * True when a line (its container prefix aside) surely starts a new inline
 * run: a bullet item or `1.` item with content, or an ATX heading. Anything
 * else may continue the paragraph above, so its delimiters count together.
 */
function startsInline(line: string, start: number): boolean {
  const rest = line.slice(start, start + 16)
  return /^(?:[-+*]|1[.)])[ \t]+\S/.test(rest) || /^#{1,6}(?:[ \t]|$)/.test(rest)
}

/** Splits the answer into blocks (see the module comment). */
export class BlockSplitter {
  private readonly blocks: AnswerBlock[] = []
  private lines: string[] = []
  private fence: Fence | null = null
  private chars = 0
  private depth = 0
  private paragraph = 0
  private worst = 0
  private blank = false

  static split(text: string): AnswerBlock[] {
    const splitter = new BlockSplitter()
    let start = 0
    while (start <= text.length) {
      let end = text.indexOf('\n', start)
      if (end === -1) end = text.length
      splitter.line(text.slice(start, end))
      start = end + 1
    }
    splitter.flush()
    return splitter.blocks
  }

  private line(line: string): void {
    // Blank for CommonMark: spaces and tabs only (a line of U+00A0 continues a paragraph).
    const blank = /^[ \t]*$/.test(line)
    if (blank && this.fence === null) {
      this.blank = true
      this.paragraph = 0
      if (this.lines.length > 0) this.lines.push(line)
      return
    }
    // A blank line, then an unindented line outside a fence: every container is closed.
    if (this.blank && this.fence === null && leadingSpaces(line) === 0) this.flush()
    this.blank = false
    this.lines.push(line)
    if (this.fence !== null) {
      if (closesFence(line, this.fence)) this.fence = null
      // Only a fence opened at column 0 is surely top-level code (an indented one may sit
      // in a list item that the next unindented line closes): the others' lines count.
      if (this.fence === null || !this.fence.column0) this.measure(line)
      return
    }
    this.fence = fenceOpening(line)
    // A fence line always ends the paragraph before it.
    if (this.fence !== null) this.paragraph = 0
    if (this.fence === null || !this.fence.column0) this.measure(line)
  }

  private measure(line: string): void {
    const { depth, start } = prefixOf(line)
    this.depth = Math.max(this.depth, depth)
    if (startsInline(line, start)) this.paragraph = 0
    for (let i = start; i < line.length; i++) if (DELIMITERS.has(line[i]!)) this.paragraph++
    this.worst = Math.max(this.worst, this.paragraph)
    this.chars += line.length + 1
  }

  private flush(): void {
    while (this.lines.length > 0 && /^[ \t]*$/.test(this.lines[this.lines.length - 1]!)) {
      this.lines.pop()
    }
    if (this.lines.length > 0) {
      this.blocks.push({
        text: this.lines.join('\n'),
        parse:
          this.worst <= MAX_PARAGRAPH_DELIMITERS &&
          this.depth <= MAX_DEPTH &&
          this.chars <= MAX_BLOCK_CHARS
      })
    }
    this.lines = []
    this.fence = null
    this.chars = 0
    this.depth = 0
    this.paragraph = 0
    this.worst = 0
  }
}
