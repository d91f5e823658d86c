/**
 * How the input layer words and gathers its problems: every input is read
 * even after one is wrong, so a workflow author sees all mistakes at once.
 */
import { InputError } from '../base/errors.js'
import { isObject } from '../base/json.js'
import { cutChars } from '../text/sanitize.js'
import { safeCutEnd } from '../text/secrets.js'

/** Records one problem with an input; reading goes on. */
export type Fail = (input: string, message: string) => void

/** Several inputs were invalid; `message` holds one line per problem. */
export class InputErrors extends InputError {
  override name = 'InputErrors'
  constructor(readonly errors: readonly InputError[]) {
    super(errors[0]?.input ?? '', errors.map(e => e.message).join('\n'))
  }
}

/** A received value for a message: quoted, control characters escaped, cut at 100 characters. */
export function show(value: string): string {
  // Never cut inside a masked secret: the redaction after could not find its prefix.
  const cut =
    value.length > 100 ? `${value.slice(0, safeCutEnd(value, cutChars(value, 97).length))}…` : value
  const escaped = cut.replace(/\p{Cc}/gu, c => {
    if (c === '\n') return '\\n'
    if (c === '\r') return '\\r'
    if (c === '\t') return '\\t'
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  })
  return `'${escaped}'`
}

/** `a, b or c`. */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`
}

/** Duck-typed: errors from `fs` may come from another realm (e.g. under jest's VM modules). */
export function errorText(error: unknown): string {
  return isObject(error) && typeof error['message'] === 'string' ? error['message'] : String(error)
}
