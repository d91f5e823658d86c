/**
 * The logging seam of the artifacts stage, and how names from an archive
 * are shown: an archive is remote, untrusted input, so its entry names are
 * quoted, cut and stripped of control characters before they reach a log
 * line (a newline in a name could otherwise start a workflow command).
 */
import * as core from '@actions/core'
import { breakCommands, cutChars } from '../text/sanitize.js'
import { safeCutEnd } from '../text/secrets.js'

/** Where the artifacts stage writes its log lines and warnings. */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  /** A notice annotation: worth knowing, nothing wrong. */
  notice(message: string): void
  /** A line shown only with step debug logging; optional (tests may leave it out). */
  debug?(message: string): void
  /** Registers a value to mask (`::add-mask::`) in everything printed later. */
  setSecret(value: string): void
  /** Runs `fn` inside a collapsed log group that always closes. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>
}

/** The runner's logger (@actions/core). */
export const coreLogger: Logger = {
  info: message => core.info(message),
  warning: message => core.warning(message),
  notice: message => core.notice(message),
  debug: message => core.debug(message),
  setSecret: value => core.setSecret(value),
  group: (title, fn) => core.group(title, fn)
}

/**
 * A name from an archive, quoted, for the action's own log lines: control,
 * line-separator and invisible characters escaped as `\n`, `\u200b`…,
 * workflow commands broken (`##[` anywhere), cut at 200 characters (never
 * inside a registered secret).
 */
export function showName(name: string): string {
  const escaped = name.replace(
    /[\p{Cc}\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/gu,
    c => {
      if (c === '\n') return '\\n'
      if (c === '\r') return '\\r'
      if (c === '\t') return '\\t'
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
    }
  )
  if (escaped.length <= 200) return `'${breakCommands(escaped)}'`
  const head = cutChars(escaped, 197)
  return `'${breakCommands(head.slice(0, safeCutEnd(escaped, head.length)))}…'`
}

/** `a`, `a and b`, `a, b and 3 more`: at most `max` items named. */
export function nameSome(items: readonly string[], max: number): string {
  const shown = items.slice(0, max)
  const rest = items.length - shown.length
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`
  if (shown.length <= 1) return shown.join('')
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1] ?? ''}`
}
