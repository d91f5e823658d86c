/**
 * The size inputs (`max-output-size`): a whole or decimal number of bytes
 * with an optional unit, binary (KiB, MiB, GiB, TiB) or decimal (KB, MB,
 * GB, TB), in any case: `2GiB`, `500 MB`, `1.5GiB`, `1048576`.
 */
import type { InputName } from './names.js'
import { type Fail } from './problems.js'
import { quote } from '../text/quote.js'

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4
}

/** The accepted form, as messages spell it. */
const SIZE_FORM =
  'a size such as 2GiB, 500MiB or 1073741824 (bytes; units B, KiB, MiB, GiB, TiB, KB, MB, GB, TB)'

/** The size in bytes, or null when `value` is not one of the forms above. */
function parseSize(value: string): number | null {
  const match = /^(\d{1,15}(?:\.\d{1,6})?)\s*([a-z]{0,3})$/i.exec(value.trim())
  if (match === null) return null
  const unit = UNITS[(match[2] ?? '').toLowerCase()]
  if (unit === undefined) return null
  return Math.floor(Number(match[1]) * unit)
}

/** A size input in bytes, from `min` to `max`; null when empty or invalid (the default then applies). */
export function readSize(
  name: InputName,
  value: string,
  range: { min: number; max: number; minText: string; maxText: string },
  fail: Fail
): number | null {
  if (value === '') return null
  const bytes = parseSize(value)
  if (bytes === null) {
    fail(name, `\`${name}\` must be ${SIZE_FORM}; got ${quote(value)}`)
    return null
  }
  if (bytes < range.min || bytes > range.max) {
    fail(
      name,
      `\`${name}\` must be from ${range.minText} to ${range.maxText} (${SIZE_FORM}); got ${quote(value)}`
    )
    return null
  }
  return bytes
}
