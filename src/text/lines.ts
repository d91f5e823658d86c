/**
 * Making remote text safe and readable as log lines: one logical line per
 * array item, no control characters that could redraw the log, long lines cut
 * with a note.
 */

/** Longest line printed whole; longer ones are cut with a note saying how much. */
const MAX_LINE_CHARS = 4000

// One escape sequence: CSI (ESC [ … final byte), OSC (ESC ] … BEL or ST), or a 2-byte escape.
const ESCAPE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])?/g
const SGR = /^\u001b\[[0-9;]*m$/
// Controls other than tab.
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f]/g

/**
 * Keeps colour (SGR) sequences, which the log viewer renders, and removes every
 * other escape (cursor moves, screen clears, titles) and control character.
 * A line that sets a colour is reset at its end so colour never bleeds into
 * the action's own lines.
 */
export function cleanLine(line: string): string {
  if (!/[\u0000-\u001f\u007f]/.test(line)) return line
  let out = ''
  let coloured = false
  let last = 0
  for (const m of line.matchAll(ESCAPE)) {
    out += line.slice(last, m.index).replace(CONTROLS, '')
    if (SGR.test(m[0])) {
      out += m[0]
      coloured = true
    }
    last = m.index + m[0].length
  }
  out += line.slice(last).replace(CONTROLS, '')
  return coloured ? `${out}\u001b[0m` : out
}

/**
 * Cuts a line to `max` characters (never inside a surrogate pair or an escape
 * sequence) and says how much was left out.
 */
export function cutLine(line: string, max: number = MAX_LINE_CHARS): string {
  if (line.length <= max) return line
  let end = max
  const code = line.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end -= 1
  let head = line.slice(0, end).replace(/\u001b(\[[0-9;]*)?$/, '')
  if (head.includes('\u001b[')) head += '\u001b[0m'
  return `${head} … [${line.length - end} more characters cut]`
}

/** Splits remote text into clean, cut display lines (`\r\n`, `\r` and `\n` all end a line). */
export function toLines(text: string, max: number = MAX_LINE_CHARS): string[] {
  return text.split(/\r\n|\r|\n/).map(l => cutLine(cleanLine(l), max))
}

/** At most `maxLines` lines, with a note for the rest. */
export function limitLines(lines: string[], maxLines: number): string[] {
  if (lines.length <= maxLines) return lines
  return [...lines.slice(0, maxLines), `… [${lines.length - maxLines} more lines cut]`]
}

/** The first words of a text, on one line, for a group title. */
export function firstWords(text: string, maxChars = 60): string {
  const one = cleanLine(text.replace(/\s+/g, ' ')).trim()
  if (one.length <= maxChars) return one
  const cut = one.slice(0, maxChars)
  if (one[maxChars] === ' ') return `${cut}…`
  const space = cut.lastIndexOf(' ')
  return `${space > maxChars / 2 ? cut.slice(0, space) : cut}…`
}
