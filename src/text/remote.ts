/**
 * The one way to print remote text (from the service, a proxy, an archive or
 * the agent) inside a line the action writes itself, outside any fence.
 */
import { safeCutEnd } from './secrets.js'
import { breakCommands, cutChars, flattenLine } from './sanitize.js'

/**
 * Remote text made safe for one of the action's own log lines: one line
 * (line breaks become spaces; escapes, controls and invisible characters go),
 * workflow commands broken (`##[` anywhere, `::` at the start: the runner
 * would obey either), and at most `max` characters with `…`, never cutting
 * inside a registered secret.
 */
export function remoteText(value: string, max = 200): string {
  const flat = flattenLine(value)
  if (flat.length <= max) return breakCommands(flat)
  const head = cutChars(flat, max - 1)
  return `${breakCommands(head.slice(0, safeCutEnd(flat, head.length)))}…`
}
