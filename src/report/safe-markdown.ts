/**
 * The agent's answer rendered as Markdown in the job summary and the
 * comment, made safe, in one pass over the text (linear time whatever the
 * input: no backtracking patterns):
 *
 * - Outside code, `&` and `<` are escaped, so no raw HTML (no `<img>`
 *   beacons, no `</details>` closing the page's structure) and no character
 *   references that would turn into `@` or `<` after parsing.
 * - Outside code, an `@` before a letter or digit (and not inside a word, as
 *   in an e-mail address) gets a zero-width joiner after it, and so does `#`
 *   before a digit: `@octocat`, `@org/team` and `#12` notify no one and
 *   link nothing.
 * - Code fences are balanced: a fence the answer leaves open is closed at its
 *   end, so it cannot swallow what the page says after it.
 * - `<!--` everywhere (code included) gets a zero-width joiner, so nothing in
 *   the answer reads as the comment's hidden marker.
 *
 * Code spans and fenced blocks keep their text (renderers escape it there). A
 * code span is only taken as one when it holds no `|` (a table splits cells
 * first), so a span cannot smuggle HTML out through a table cell; indented
 * code is escaped like text (it then shows `&lt;`, a cosmetic cost).
 */
import { capUtf8 } from '../text/sizes.js'
import { cutChars, plainText } from '../text/sanitize.js'

const ZWJ = '\u200d'
/** `&` becomes `&amp;`: no line grows more than five times once made safe. */
const MAX_GROWTH = 5

/** The answer made safe, and whether it was cut to fit. */
export interface SafeMarkdown {
  markdown: string
  cut: boolean
}

interface Fence {
  char: '`' | '~'
  length: number
}

/** `<!--` made harmless anywhere (code included). */
export function breakComments(text: string): string {
  return text.includes('<!--') ? text.split('<!--').join(`<!${ZWJ}--`) : text
}

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
}

/** Leading spaces (at most `max + 1` counted). */
function indentOf(line: string, max: number): number {
  let i = 0
  while (i <= max && line.charCodeAt(i) === 32) i++
  return i
}

/** The fence a line opens, if it is a fence line. */
function fenceOpening(line: string): Fence | null {
  const indent = indentOf(line, 3)
  if (indent > 3) return null
  const char = line[indent]
  if (char !== '`' && char !== '~') return null
  let end = indent
  while (line[end] === char) end++
  const length = end - indent
  if (length < 3) return null
  // A backtick fence's info string cannot hold a backtick.
  if (char === '`' && line.indexOf('`', end) !== -1) return null
  return { char, length }
}

function closesFence(line: string, fence: Fence): boolean {
  const indent = indentOf(line, 3)
  if (indent > 3) return false
  let end = indent
  while (line[end] === fence.char) end++
  if (end - indent < fence.length) return false
  return line.slice(end).trim() === ''
}

/** One text character made safe, given the character before it. */
function safeChar(line: string, i: number): string {
  const c = line[i] ?? ''
  if (c === '&') return '&amp;'
  if (c === '<') return '&lt;'
  if (c === '@' || c === '#') {
    const next = line.charCodeAt(i + 1)
    const before = i === 0 ? 32 : line.charCodeAt(i - 1)
    const trigger = c === '@' ? isAlnum(next) : next >= 48 && next <= 57
    if (trigger && !isAlnum(before)) return `${c}${ZWJ}`
  }
  return c
}

interface Run {
  start: number
  length: number
  /** Preceded by an odd number of backslashes: its first backtick is literal outside code. */
  escaped: boolean
}

function backtickRuns(line: string): Run[] {
  const runs: Run[] = []
  let slashes = 0
  for (let i = 0; i < line.length;) {
    if (line[i] !== '`') {
      slashes = line[i] === '\\' ? slashes + 1 : 0
      i++
      continue
    }
    let end = i
    while (line[end] === '`') end++
    runs.push({ start: i, length: end - i, escaped: slashes % 2 === 1 })
    slashes = 0
    i = end
  }
  return runs
}

/** `next[i]`: index of the first `|` at or after i (line.length when none). */
function nextPipes(line: string): Int32Array {
  const next = new Int32Array(line.length + 1)
  next[line.length] = line.length
  for (let i = line.length - 1; i >= 0; i--) next[i] = line[i] === '|' ? i : (next[i + 1] ?? 0)
  return next
}

/**
 * The code spans of a line as [start, end) pairs, backtick runs included:
 * an opening run pairs with the next run of the same length (CommonMark),
 * unless a `|` lies between them. Each list of runs of one length is walked
 * forward only, so the whole line costs linear time.
 */
function codeSpans(line: string): Array<[number, number]> {
  const runs = backtickRuns(line)
  if (runs.length < 2) return []
  const byLength = new Map<number, number[]>()
  runs.forEach((run, index) => {
    const list = byLength.get(run.length) ?? []
    list.push(index)
    byLength.set(run.length, list)
  })
  const cursor = new Map<number, number>()
  const pipes = nextPipes(line)
  const spans: Array<[number, number]> = []
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!
    const open = run.escaped ? { start: run.start + 1, length: run.length - 1 } : run
    if (open.length === 0) continue
    const list = byLength.get(open.length) ?? []
    let k = cursor.get(open.length) ?? 0
    while (k < list.length && (list[k] ?? 0) <= i) k++
    cursor.set(open.length, k)
    const closer = list[k]
    if (closer === undefined) continue
    const close = runs[closer]!
    if ((pipes[open.start] ?? 0) < close.start) continue
    spans.push([open.start, close.start + close.length])
    i = closer
  }
  return spans
}

/** Text outside code, characters [from, to) of the line, made safe. */
function safeText(line: string, from: number, to: number): string {
  let out = ''
  let copied = from
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i)
    // & < @ #
    if (c !== 38 && c !== 60 && c !== 64 && c !== 35) continue
    const safe = safeChar(line, i)
    if (safe.length === 1) continue
    out += line.slice(copied, i) + safe
    copied = i + 1
  }
  return out + line.slice(copied, to)
}

/** One line outside fenced code made safe. */
export function safeTextLine(line: string): string {
  const spans = line.includes('`') ? codeSpans(line) : []
  let out = ''
  let at = 0
  for (const [start, end] of spans) {
    out += safeText(line, at, start) + breakComments(line.slice(start, end))
    at = end
  }
  return out + safeText(line, at, line.length)
}

/** The text without the newlines at its end (no `/\n+$/`: that backtracks on long runs). */
export function trimNewlines(text: string): string {
  let end = text.length
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--
  return text.slice(0, end)
}

/**
 * The longest safe start of a text line that fits in `room` bytes: cut, made
 * safe, and cut again in proportion to what making it safe added (a few
 * rounds; then a cut by the largest growth, which always fits).
 */
function safeLineWithin(raw: string, room: number): string {
  let piece = capUtf8(raw, room)
  for (let round = 0; round < 4; round++) {
    const safe = safeTextLine(piece)
    const size = Buffer.byteLength(safe)
    if (size <= room) return safe
    // Shrink in proportion to what making it safe added.
    piece = capUtf8(piece, Math.floor((Buffer.byteLength(piece) * room) / size))
  }
  return safeTextLine(capUtf8(raw, Math.floor(room / MAX_GROWTH)))
}

/** Lines of a text, found with indexOf (no regex over the whole text). */
function* linesOf(text: string): Generator<string> {
  let start = 0
  while (start <= text.length) {
    const end = text.indexOf('\n', start)
    if (end === -1) {
      yield text.slice(start)
      return
    }
    yield text.slice(start, end)
    start = end + 1
  }
}

/**
 * The answer as safe Markdown of at most `maxBytes` of UTF-8 (see the module
 * comment). A cut falls at the end of a line where it can (a single line
 * longer than the room left is cut on a character boundary), and an open
 * fence is closed after it.
 */
export function safeMarkdown(text: string, maxBytes: number): SafeMarkdown {
  const out: string[] = []
  let bytes = 0
  let fence: Fence | null = null
  let cut = false
  let blank = false
  // Every character left after plainText becomes at least one byte of output:
  // past `maxBytes + 1` of them the output is cut anyway, so the rest is never read.
  const plain = plainText(text)
  const body = plain.length > maxBytes + 1 ? cutChars(plain, maxBytes + 1) : plain
  for (const raw of linesOf(trimNewlines(body))) {
    // Outside code, more blank lines in a row render as one.
    if (fence === null && raw === '') {
      if (blank) continue
      blank = true
    } else {
      blank = false
    }
    const opening: Fence | null = fence === null ? fenceOpening(raw) : null
    const closing: boolean = fence !== null && closesFence(raw, fence)
    const line = fence !== null || opening !== null ? breakComments(raw) : safeTextLine(raw)
    const after: Fence | null = closing ? null : (opening ?? fence)
    const closer = after === null ? 0 : after.length + 1
    const size = Buffer.byteLength(line) + 1
    if (bytes + size + closer > maxBytes) {
      cut = true
      const room = maxBytes - bytes - 1 - (fence === null ? 0 : fence.length + 1)
      // Only text lines are cut mid-line: part of a fence line could open a new fence.
      if (room > 0 && fence === null && opening === null) {
        out.push(safeLineWithin(raw, room))
      } else if (room > 0 && fence !== null && !closing) {
        out.push(breakComments(capUtf8(raw, Math.floor(room / 2))))
      }
      break
    }
    out.push(line)
    bytes += size
    fence = after
  }
  if (fence !== null) out.push(fence.char.repeat(fence.length))
  return { markdown: out.join('\n'), cut }
}
