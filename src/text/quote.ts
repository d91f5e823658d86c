/**
 * How the action names a value in its own messages: an input's value, an
 * entry name from an archive. One rule for both, so a value reads the same
 * in an input error and in an artifacts warning.
 */
import { breakLegacyCommands, cutChars, escapeHidden } from './sanitize.js'
import { safeCutEnd } from './secrets.js'

/** The longest quoted value, quotes included: enough to tell values apart, short enough for one log line. */
const MAX_QUOTED_CHARS = 100

/**
 * `value` quoted: each control, line-separator and invisible character
 * escaped (`\n`, `\u200b`: see `escapeHidden`), the legacy `##[` command
 * form broken (a quoted value never starts a line, so `::` cannot act), and
 * cut with `…` to at most 100 characters, never inside a registered secret
 * (the redaction after could not find its prefix).
 */
export function quote(value: string): string {
  const escaped = escapeHidden(value)
  const room = MAX_QUOTED_CHARS - 2
  if (escaped.length <= room) return `'${breakLegacyCommands(escaped)}'`
  const head = cutChars(escaped, room - 1)
  return `'${breakLegacyCommands(head.slice(0, safeCutEnd(escaped, head.length)))}…'`
}

/**
 * Items as a phrase: `a`, `a or b`, `a, b and c`. At most `max` are named
 * and the rest counted (`a, b and 3 more`); `total` counts items the caller
 * did not pass (a list it cut already).
 */
export function listOf(
  items: readonly string[],
  word: 'and' | 'or',
  { max = items.length, total = items.length }: { max?: number; total?: number } = {}
): string {
  const shown = items.slice(0, max)
  const rest = Math.max(total, items.length) - shown.length
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`
  if (shown.length <= 1) return shown.join('')
  return `${shown.slice(0, -1).join(', ')} ${word} ${shown[shown.length - 1] ?? ''}`
}

/** `1 file`, `3 files`: a count and its noun, plural when it is not one. */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
