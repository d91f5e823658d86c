/**
 * The two grammars of the map inputs (`variables`, `secrets`, `volumes`):
 * `KEY=value` lines, or a JSON object of strings where the input allows it.
 * Secret values, and anything that could hold one, never reach a message.
 */
import { HEX_VERSION } from './checks.js'
import { Inputs, type InputName } from './names.js'
import { errorText, type Fail } from './problems.js'
import { quote } from '../text/quote.js'

/** A variable or secret name: what an environment variable may be called. */
export const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/
const KEY_FORM = 'letters, digits and _, not starting with a digit'

/** How one map input is read and what its messages say. */
interface PairsSpec {
  input: InputName
  /** Values (and lines that could hold one) never appear in messages. */
  secret: boolean
  json: boolean
  keyPattern: RegExp
  /** The whole input's accepted form. */
  form: string
  /** One line's form, `KEY=value` or `name=version`. */
  lineForm: string
  keyForm: string
  /** Returns the accepted form when the value is invalid. */
  checkValue?: (value: string, key: string) => string | null
  /** Normalises an accepted value. */
  normalise?: (value: string) => string
}

/** `variables`: lines or JSON; values are shown in messages. */
export const VARIABLES_SPEC: PairsSpec = {
  input: Inputs.Variables,
  secret: false,
  json: true,
  keyPattern: KEY_PATTERN,
  form: 'KEY=value lines or a JSON object of strings',
  lineForm: 'KEY=value',
  keyForm: `KEY: ${KEY_FORM}`
}

/** `secrets`: lines or JSON; values are never shown and never empty. */
export const SECRETS_SPEC: PairsSpec = {
  input: Inputs.Secrets,
  secret: true,
  json: true,
  keyPattern: KEY_PATTERN,
  form: 'KEY=value lines or a JSON object of strings',
  lineForm: 'KEY=value',
  keyForm: `KEY: ${KEY_FORM}`,
  checkValue: (value, key) =>
    value === ''
      ? `a non-empty value for '${key}' (a secret that is not set expands to an empty string; pull requests from forks receive no secrets)`
      : null
}

/** `volumes`: `name=version` lines only; `latest` in any case becomes `latest`. */
export const VOLUMES_SPEC: PairsSpec = {
  input: Inputs.Volumes,
  secret: false,
  json: false,
  keyPattern: /^[^\s=]+$/,
  form: 'name=version lines',
  lineForm: 'name=version',
  keyForm: 'name: no spaces; version: `latest` or 8 to 64 hex characters',
  checkValue: value =>
    /^latest$/i.test(value) || HEX_VERSION.test(value)
      ? null
      : '`latest` or a version id of 8 to 64 hex characters',
  normalise: value => (/^latest$/i.test(value) ? 'latest' : value)
}

/**
 * Parses one map input: a JSON object of strings when `spec.json` allows it
 * and the input starts with `{`, else `KEY=value` lines. Every problem is
 * passed to `fail`; the valid entries are kept.
 */
export function parsePairs(raw: string, spec: PairsSpec, fail: Fail): Record<string, string> {
  const trimmed = raw.trim()
  if (trimmed === '') return {}
  const entries = new Map<string, string>()
  if (spec.json && trimmed.startsWith('{')) parseJsonPairs(trimmed, spec, entries, fail)
  else parseLinePairs(raw, spec, entries, fail)
  return Object.fromEntries(entries)
}

/** A JSON object whose values are all strings; keys as the spec allows. */
function parseJsonPairs(
  json: string,
  spec: PairsSpec,
  entries: Map<string, string>,
  fail: Fail
): void {
  const { input, secret } = spec
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch (error) {
    const detail = secret ? jsonPosition(error) : `: ${errorText(error)}`
    fail(input, `\`${input}\` is not valid JSON${detail}; it must be ${spec.form}`)
    return
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    fail(input, `\`${input}\` must be ${spec.form}; got JSON that is not an object`)
    return
  }
  let index = 0
  for (const [key, value] of Object.entries(parsed)) {
    index += 1
    if (!spec.keyPattern.test(key)) {
      fail(
        input,
        secret
          ? `\`${input}\` entry ${index}: the key is not a valid name (${spec.keyForm}); it is not shown since it may be part of a secret`
          : `\`${input}\` key ${quote(key)} is not a valid name (${spec.keyForm})`
      )
    } else if (typeof value !== 'string') {
      fail(
        input,
        `\`${input}\` key '${key}' must have a string value; got ${jsonKind(value)} (in JSON, quote it: "${key}": "…")`
      )
    } else {
      acceptValue(spec, entries, key, value, `key '${key}'`, fail)
    }
  }
}

/**
 * `KEY=value` lines: blank lines and `#` comments skipped; the value is
 * everything after the first `=`, both sides trimmed; each key once.
 */
function parseLinePairs(
  raw: string,
  spec: PairsSpec,
  entries: Map<string, string>,
  fail: Fail
): void {
  const { input, secret } = spec
  const firstLine = new Map<string, number>()
  raw.split(/\r\n|\r|\n/).forEach((rawLine, i) => {
    const lineNo = i + 1
    const line = rawLine.trim()
    if (line === '' || line.startsWith('#')) return
    const eq = line.indexOf('=')
    const key = eq < 0 ? '' : line.slice(0, eq).trim()
    if (eq < 0 || !spec.keyPattern.test(key)) {
      const accepted =
        `${spec.lineForm} (${spec.keyForm})` +
        (spec.json ? ', or the whole input must be a JSON object of strings' : '')
      fail(
        input,
        secret
          ? `\`${input}\` line ${lineNo} must be ${accepted}; the line is not shown since it may hold a secret. A value that spans lines needs the JSON form, e.g. '{"KEY": \${{ toJSON(secrets.KEY) }}}'`
          : `\`${input}\` line ${lineNo} must be ${accepted}; got ${quote(line)}`
      )
      return
    }
    const previous = firstLine.get(key)
    if (previous !== undefined) {
      fail(
        input,
        `\`${input}\` line ${lineNo}: '${key}' is already set on line ${previous}; give each key once`
      )
      return
    }
    firstLine.set(key, lineNo)
    acceptValue(spec, entries, key, line.slice(eq + 1).trim(), `line ${lineNo} ('${key}')`, fail)
  })
}

/** Keeps the value (normalised) unless the spec refuses it; `where` names its place in the input. */
function acceptValue(
  spec: PairsSpec,
  entries: Map<string, string>,
  key: string,
  value: string,
  where: string,
  fail: Fail
): void {
  const problem = spec.checkValue?.(value, key)
  if (problem) {
    const shown = spec.secret ? '' : `${quote(value)} `
    fail(spec.input, `\`${spec.input}\` ${where}: the value ${shown}must be ${problem}`)
    return
  }
  entries.set(key, spec.normalise ? spec.normalise(value) : value)
}

/** `null`, `an array`, `an object`, `a number`… for a JSON value that is not a string. */
function jsonKind(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/** Where a JSON parse failed, without the excerpt of the text that Node's message may quote. */
function jsonPosition(error: unknown): string {
  const text = errorText(error)
  const lineCol = /line (\d+) column (\d+)/.exec(text)
  if (lineCol) return ` (line ${lineCol[1]}, column ${lineCol[2]})`
  const position = /position (\d+)/.exec(text)
  if (position) return ` (at character ${position[1]})`
  return ''
}
