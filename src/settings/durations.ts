/**
 * The duration inputs (`timeout`, `idle-timeout`), in the forms of
 * `text/durations.ts`, with messages that tell a malformed value from one
 * that is too long.
 */
import {
  DURATION_FORMS,
  formatDuration,
  MAX_DURATION_MS,
  parseDuration
} from '../text/durations.js'
import type { InputName } from './names.js'
import { type Fail } from './problems.js'
import { quote } from '../text/quote.js'

/**
 * The duration in ms; null when empty, invalid, or 0 where `zeroMeansOff`
 * (the caller's default then applies). 0 is refused otherwise.
 */
export function readDuration(
  name: InputName,
  value: string,
  zeroMeansOff: boolean,
  fail: Fail
): number | null {
  if (value === '') return null
  if (/^\d+$/.test(value.trim()) && Number(value) !== 0) {
    // `timeout-minutes: 30` means minutes elsewhere in a workflow: a bare number is ambiguous.
    const n = value.trim()
    fail(
      name,
      `\`${name}\` needs a unit: got ${quote(value)}; write ${n}s for seconds or ${n}m for minutes`
    )
    return null
  }
  const ms = parseDuration(value)
  if (ms === null) {
    const wellFormed = /^\d+$|^(\d+h)?(\d+m)?(\d+s)?$/i.test(value)
    fail(
      name,
      wellFormed
        ? `\`${name}\` must be at most ${formatDuration(MAX_DURATION_MS)} (24 days); got ${quote(value)}`
        : `\`${name}\` must be ${DURATION_FORMS}${zeroMeansOff ? ' (0 turns it off)' : ''}; got ${quote(value)}`
    )
    return null
  }
  if (ms === 0) {
    if (zeroMeansOff) return null
    fail(name, `\`${name}\` must be more than 0 (${DURATION_FORMS}); got ${quote(value)}`)
    return null
  }
  return ms
}
