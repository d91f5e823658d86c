/**
 * What to mask, and when: a value is masked with each of its lines, and the
 * `secrets` input is masked whole before it is parsed, so that not even a
 * malformed secret can reach the log.
 */
import { isSpecificLine } from '../text/secrets.js'
import { KEY_PATTERN } from './pairs.js'

/**
 * Masks every value the `secrets` input could hold, before it is validated,
 * so that even a malformed input leaves nothing readable. The form is told
 * apart as `parsePairs` does it: a JSON object when it starts with `{`.
 */
export function maskSecretsInput(raw: string, mask: (value: string) => void): void {
  const trimmed = raw.trim()
  if (trimmed === '') return
  if (trimmed.startsWith('{')) maskJsonSecrets(trimmed, mask)
  else maskSecretLines(raw, mask)
}

/** Every leaf value and every key that is not a valid name; every line when it is not valid JSON. */
function maskJsonSecrets(json: string, mask: (value: string) => void): void {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    for (const line of json.split(/\r\n|\r|\n/)) mask(line)
    return
  }
  const visit = (value: unknown): void => {
    if (typeof value === 'string') mask(value)
    else if (typeof value === 'number' || typeof value === 'boolean') mask(String(value))
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (!KEY_PATTERN.test(key)) mask(key)
        visit(inner)
      }
    }
  }
  visit(parsed)
}

/** Each value of a `KEY=value` line, or the whole line when it is not one. */
function maskSecretLines(raw: string, mask: (value: string) => void): void {
  for (const rawLine of raw.split(/\r\n|\r|\n/)) {
    const line = rawLine.trim()
    const comment = line.startsWith('#')
    const body = comment ? line.replace(/^#\s*/, '') : line
    const eq = body.indexOf('=')
    // A commented-out `KEY=value` line may still hold a secret; other comments are prose.
    if (eq > 0 && KEY_PATTERN.test(body.slice(0, eq).trim())) mask(body.slice(eq + 1))
    else if (!comment) mask(body)
  }
}

/**
 * The value, and each of its lines (trimmed too) when it has several and the
 * line is long and specific enough to be a secret on its own (a `{` or
 * `"ok": true,` line masked would garble every log line that has one);
 * blanks skipped.
 */
export function maskCandidates(value: string): string[] {
  const out: string[] = []
  const add = (v: string): void => {
    if (v.trim() !== '' && !out.includes(v)) out.push(v)
  }
  add(value)
  add(value.trim())
  const lines = value.split(/\r\n|\r|\n/)
  if (lines.length > 1) {
    for (const line of lines) {
      if (!isSpecificLine(line.trim())) continue
      add(line)
      add(line.trim())
    }
  }
  return out
}
