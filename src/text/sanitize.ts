/**
 * Remote text made plain: the rules for removing control characters and
 * escapes, and for cutting text without splitting a character. (Log lines
 * that keep colour are made in `lines.ts`.)
 */

// ESC-started sequences (CSI, OSC, two-byte) and C0/C1 controls other than tab and newline.
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])?/g
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g
// Everything that is not printable on one line: controls, zero-width and line separators.
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029]+/g

/** Remote text as plain lines: `\r\n`/`\r` become `\n`, escapes and other controls are removed. */
export function plainText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(ESCAPES, '').replace(CONTROLS, '')
}

/** Collapses whitespace, drops control and non-printable characters, cuts to `max` with `…`. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(ESCAPES, '').replace(NOT_ONE_LINE, ' ')
  const squeezed = flat.replace(/\s+/g, ' ').trim()
  return squeezed.length > max ? `${cutChars(squeezed, max - 1)}…` : squeezed
}

/** The first `max` UTF-16 units, never splitting a surrogate pair. */
export function cutChars(text: string, max: number): string {
  if (text.length <= max) return text
  const code = text.charCodeAt(max - 1)
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max)
}
