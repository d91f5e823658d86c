/**
 * Remote text made plain: the rules for removing control characters,
 * escapes and invisible characters, and for cutting text without splitting
 * a character. Remote text inside the action's own lines goes through
 * `remoteText` (remote.ts); log lines that keep colour are made in `lines.ts`.
 * What a reader sees of a text, for finding secrets in it: `seenText`.
 */
import { decodeNamedCharacterReference } from 'decode-named-character-reference'

// ESC-started sequences (CSI, also unfinished, which keeps failed matches cheap; OSC; two-byte).
export const ESCAPES =
  /\u001b(?:\[[0-?]*[ -/]*[@-~]?|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])?/g
// C0/C1 controls other than tab and newline, and the Unicode line separators (U+0085 is in C1).
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g
/**
 * Characters that print as nothing and can hide inside a word (a secret, a
 * command): zero-width spaces and joiners, bidi and other format controls,
 * soft hyphen, filler characters. The zero-width joiner is kept between two
 * non-ASCII characters, where it joins emoji. The one list of them: the
 * redactor, the step log (lines.ts), the summary, the input checks and the
 * quoting of values (quote.ts) all read it here.
 */
const INVISIBLE_CHARS = String.raw`\u00ad\u061c\u115f\u1160\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0`
const INVISIBLE = new RegExp(
  `[${INVISIBLE_CHARS}]|(?<![^\\u0000-\\u007f])\\u200d|\\u200d(?![^\\u0000-\\u007f])`,
  'g'
)
// What ends a line or spaces words: line breaks, tabs, separators.
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g
// Every control (tab and newline too), line separator and invisible character, for escaping.
const SHOWN_ESCAPED = new RegExp(`[\\p{Cc}\\u2028\\u2029]|${INVISIBLE.source}`, 'gu')
// Any character one of the rules above could remove: a cheap test before the work.
const MAY_HIDE = new RegExp(
  `[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029${INVISIBLE_CHARS}]|\\u200d`
)

/** True when `text` holds a control, escape, line separator or invisible character. */
export function mayHide(text: string): boolean {
  return MAY_HIDE.test(text)
}

/**
 * Controls (other than tab and newline) and invisible characters removed;
 * escapes are the caller's (lines.ts keeps colour).
 */
export function dropHidden(text: string): string {
  return text.replace(CONTROLS, '').replace(INVISIBLE, '')
}

/**
 * Each control, line separator and invisible character written as an escape
 * (`\n`, `\r`, `\t`, `\u200b`), so a quoted value shows what it holds.
 */
export function escapeHidden(text: string): string {
  if (!mayHide(text)) return text
  return text.replace(SHOWN_ESCAPED, c => {
    if (c === '\n') return '\\n'
    if (c === '\r') return '\\r'
    if (c === '\t') return '\\t'
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  })
}

/**
 * Remote text as plain lines: `\r\n`/`\r` become `\n`; escapes, other
 * controls and invisible characters are removed. This is what redaction
 * looks at, so a secret with a NUL, an escape or a zero-width space between
 * its characters is still found.
 */
export function plainText(text: string): string {
  return dropHidden(text.replace(/\r\n?/g, '\n').replace(ESCAPES, ''))
}

/**
 * Breaks every `##[` with a zero-width space. The runner reads `##[cmd]`
 * anywhere in a line as a command, and the log viewer draws groups from
 * `##[group]` lines even when the runner only printed them (inside a
 * fence), so a fence is not enough for this form. The line reads the same.
 */
export function breakLegacyCommands(text: string): string {
  return text.includes('##[') ? text.replaceAll('##[', '##\u200b[') : text
}

/**
 * Breaks what the runner would read as a workflow command inside a line the
 * action prints: the legacy `##[` form anywhere in the line (see
 * {@link breakLegacyCommands}) and `::` at the start. A zero-width space goes
 * between the characters, so the text reads the same.
 */
export function breakCommands(text: string): string {
  return breakLegacyCommands(text).replace(/^(\s*):(?=:)/, '$1:\u200b')
}

/**
 * One line: line breaks and tabs become a space; escapes, other controls and
 * invisible characters go (so a secret with a NUL inside stays whole and
 * redactable); spaces are squeezed. No cut and no command breaking: see
 * `remoteText`.
 */
export function flattenLine(value: string): string {
  const flat = dropHidden(value.replace(ESCAPES, '').replace(LINE_BREAKS, ' '))
  return flat.replace(/\s+/g, ' ').trim()
}

/**
 * The first `max` UTF-16 units, never splitting a surrogate pair. Cut
 * redacted text only: a secret can span the cut (`remoteText` and the log
 * line helpers move their cut before a known secret).
 */
export function cutChars(text: string, max: number): string {
  if (text.length <= max) return text
  const code = text.charCodeAt(max - 1)
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max)
}

// What renders as nothing anywhere (the step log, a rendered page): controls other than tab and
// line breaks, format characters (joiners, bidi, BOM, soft hyphen, tags) and the other default
// ignorable code points (variation selectors U+FE00–FE0F and U+E0100–E01EF, fillers).
const UNSEEN_CLASS = String.raw`\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\p{Cf}\p{Default_Ignorable_Code_Point}`
const UNSEEN = new RegExp(`^[${UNSEEN_CLASS}]+$`, 'u')
// Where the seen text can differ from the text: an escape or reference, or an unseen character.
const SPECIAL = new RegExp(`[\\\\&${UNSEEN_CLASS}]`, 'gu')
const ESCAPE_AT = new RegExp(ESCAPES.source, 'y')
// A character reference as CommonMark reads it (the `;` required; names are at most 31 letters).
const REFERENCE_AT = /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{0,31}));/y
const ASCII_PUNCTUATION = /^[!-/:-@[-`{-~]$/

/**
 * A text as a reader sees it, for finding what it shows: `text`, and for each
 * of its UTF-16 units the index in the original where the character it came
 * from starts (`starts`, one more entry for the end; null when the text is
 * unchanged or no map was asked for).
 */
export interface SeenText {
  text: string
  starts: Int32Array | null
}

/**
 * The text as rendered on GitHub (a page) and as shown in the step log, in
 * one: Markdown backslash escapes of ASCII punctuation and HTML character
 * references (`&#95;`, `&#x5f;`, `&lowbar;`) become the character they show;
 * escape sequences, controls (not tab and line breaks), format characters and
 * other invisible code points (variation selectors, joiners, BOM, soft
 * hyphen, NUL) are left out. One pass, left to right: linear in the text.
 * Redaction looks for secrets here and hides the original span, escapes and
 * invisibles included. With `map: false` only the text is made (`starts`
 * null): cheaper, for a first look that usually finds nothing.
 */
export function seenText(text: string, map = true): SeenText {
  SPECIAL.lastIndex = 0
  if (!SPECIAL.test(text)) return { text, starts: null }
  const starts = map ? new Int32Array(text.length + 1) : null
  const parts: string[] = []
  let size = 0
  const emit = (chars: string, from: number, each: boolean): void => {
    parts.push(chars)
    if (starts === null) return
    for (let k = 0; k < chars.length; k++) starts[size++] = each ? from + k : from
  }
  let at = 0
  SPECIAL.lastIndex = 0
  for (let m = SPECIAL.exec(text); m !== null; m = SPECIAL.exec(text)) {
    if (m.index > at) emit(text.slice(at, m.index), at, true)
    const [chars, length] = seenAt(text, m.index)
    emit(chars, m.index, false)
    at = m.index + length
    SPECIAL.lastIndex = at
  }
  if (at < text.length) emit(text.slice(at), at, true)
  if (starts === null) return { text: parts.join(''), starts: null }
  starts[size] = text.length
  return { text: parts.join(''), starts: starts.subarray(0, size + 1) }
}

/** What the special character at `at` shows (an escape, a reference, nothing) and its length. */
function seenAt(text: string, at: number): [string, number] {
  const c = text[at]
  if (c === '\\') {
    const next = text[at + 1] ?? ''
    return ASCII_PUNCTUATION.test(next) ? [next, 2] : ['\\', 1]
  }
  if (c === '&') {
    REFERENCE_AT.lastIndex = at
    const ref = REFERENCE_AT.exec(text)
    if (ref === null) return ['&', 1]
    const shown = referenceChars(ref)
    if (shown === null) return ['&', 1]
    return [UNSEEN.test(shown) ? '' : shown, ref[0].length]
  }
  if (c === '\u001b') {
    ESCAPE_AT.lastIndex = at
    return ['', ESCAPE_AT.exec(text)?.[0].length ?? 1]
  }
  return ['', (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1]
}

/** The characters a character reference renders as (U+FFFD for an invalid code point), or null for an unknown name. */
function referenceChars(ref: RegExpExecArray): string | null {
  if (ref[3] !== undefined) {
    const named = decodeNamedCharacterReference(ref[3])
    return named === false ? null : named
  }
  const code = ref[1] !== undefined ? Number(ref[1]) : parseInt(ref[2] ?? '0', 16)
  const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
  return String.fromCodePoint(valid ? code : 0xfffd)
}
