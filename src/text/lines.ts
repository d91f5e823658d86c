/**
 * Making remote text safe and readable as log lines: one logical line per
 * array item, no control characters that could redraw the log, colour only
 * (nothing that hides text), long lines cut with a note, never inside a
 * registered secret. Which characters are controls, escapes or invisible is
 * sanitize.ts's rule, the same the redactor and the summary use.
 */
import { holdsKnownSecret, safeCutEnd } from './secrets.js'
import { dropHidden, ESCAPES, mayHide, plainText } from './sanitize.js'

/** Longest line printed whole; longer ones are cut with a note saying how much. */
const MAX_LINE_CHARS = 4000

// A colour (SGR) sequence, the one escape kept.
const SGR = /^\u001b\[([0-9;:]*)m$/

/**
 * The colour parameters of an SGR sequence, or null when none is left: reset,
 * bold, italic, underline (and their ends), foreground colours (basic,
 * bright, 256 and RGB) and the default background. Dropped: faint, blink,
 * reverse video, conceal, strike-through, and background colours (a
 * background equal to the text colour hides the text).
 */
function colourOnly(params: string): string | null {
  const parts = params === '' ? ['0'] : params.split(/[;:]/)
  const kept: string[] = []
  for (let i = 0; i < parts.length; i++) {
    const p = Number(parts[i] === '' ? '0' : parts[i])
    if (p === 38 || p === 48) {
      const width = parts[i + 1] === '5' ? 3 : parts[i + 1] === '2' ? 5 : 1
      if (p === 38 && width > 1) kept.push(...parts.slice(i, i + width))
      i += width - 1
    } else if (KEPT_SGR.has(p) || (p >= 30 && p <= 37) || (p >= 90 && p <= 97)) {
      kept.push(String(p))
    }
  }
  return kept.length > 0 ? kept.join(';') : null
}
const KEPT_SGR = new Set([0, 1, 3, 4, 22, 23, 24, 39, 49])

/**
 * Keeps colour (SGR) sequences, which the log viewer renders, and removes every
 * other escape (cursor moves, screen clears, titles) and control character.
 * A line that sets a colour is reset at its end so colour never bleeds into
 * the action's own lines.
 */
export function cleanLine(line: string): string {
  if (!mayHide(line)) return line
  // A registered secret hidden between colour codes is shown plain, so it can be masked.
  if (line.includes('\u001b') && holdsKnownSecret(line)) return plainText(line)
  let out = ''
  let coloured = false
  let last = 0
  for (const m of line.matchAll(ESCAPES)) {
    out += visible(line.slice(last, m.index))
    const params = SGR.exec(m[0])?.[1]
    const colour = params === undefined ? null : colourOnly(params)
    if (colour !== null) {
      out += `\u001b[${colour}m`
      coloured = true
    }
    last = m.index + m[0].length
  }
  out += visible(line.slice(last))
  return coloured ? `${out}\u001b[0m` : out
}

/** Text between escapes: the controls and invisible characters of sanitize.ts go, and any newline (one line). */
function visible(text: string): string {
  return dropHidden(text).replaceAll('\n', '')
}

/**
 * Cuts a line to `max` characters (never inside a surrogate pair, an escape
 * sequence or a registered secret) and says how much was left out, counting
 * `alreadyCut` characters dropped before.
 */
export function cutLine(line: string, max: number = MAX_LINE_CHARS, alreadyCut = 0): string {
  if (line.length <= max && alreadyCut === 0) return line
  let end = Math.min(max, line.length)
  const code = line.charCodeAt(end - 1)
  if (end < line.length && code >= 0xd800 && code <= 0xdbff) end -= 1
  end = safeCutEnd(line, end)
  let head = line.slice(0, end).replace(/\u001b(\[[0-9;]*)?$/, '')
  if (head.includes('\u001b[')) head += '\u001b[0m'
  return `${head} … [${line.length - end + alreadyCut} more characters cut]`
}

/**
 * Raw characters of one line that are cleaned at most, for a line shown in
 * `max` characters: escapes take room, but a 5 MB line of them is not worth
 * cleaning whole.
 */
function rawLimit(max: number): number {
  return max * 8 + 64
}

/** One raw line, cleaned and cut for display. */
function displayLine(raw: string, max: number): string {
  if (raw.length <= max && !mayHide(raw)) return raw
  const limit = rawLimit(max)
  if (raw.length <= limit) return cutLine(cleanLine(raw), max)
  const head = raw.slice(0, safeCutEnd(raw, limit))
  return cutLine(cleanLine(head), max, raw.length - head.length)
}

/** Splits remote text into clean, cut display lines (`\r\n`, `\r` and `\n` all end a line). */
export function toLines(text: string, max: number = MAX_LINE_CHARS): string[] {
  const lines = (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text).split('\n')
  return lines.map(l => displayLine(l, max))
}

/** At most `maxLines` lines, with a note for the rest. */
export function limitLines(lines: string[], maxLines: number): string[] {
  if (lines.length <= maxLines) return lines
  return [...lines.slice(0, maxLines), `… [${lines.length - maxLines} more lines cut]`]
}

/** The first words of a text, on one line, for a group title. */
export function firstWords(text: string, maxChars = 60): string {
  const limit = rawLimit(maxChars)
  const raw = text.length > limit ? text.slice(0, safeCutEnd(text, limit)) : text
  const one = cleanLine(raw.replace(/\s+/g, ' ')).trim()
  if (one.length <= maxChars) return one
  const cut = one.slice(0, safeCutEnd(one, maxChars))
  if (one[maxChars] === ' ') return `${cut}…`
  const space = cut.lastIndexOf(' ')
  return `${space > maxChars / 2 ? cut.slice(0, space) : cut}…`
}
