/**
 * Reading raw inputs into typed values: the defaults for the side effects,
 * masking, and the problem list every reader appends to.
 */
import * as core from '@actions/core'
import * as fs from 'node:fs'
import { InputError } from '../base/errors.js'
import { createRedactor, registerSecrets, secretForms } from '../text/secrets.js'
import { maskCandidates } from './masking.js'
import type { InputName } from './names.js'
import { InputErrors } from './problems.js'
import { listOf, quote } from '../text/quote.js'
import type { SettingsDeps } from './settings.js'

const BOOLEAN_FORMS = 'true, false, yes, no, 1 or 0'

/** `true/false/yes/no/1/0`, any case; null for anything else. */
export function parseBoolean(value: string): boolean | null {
  switch (value.trim().toLowerCase()) {
    case 'true':
    case 'yes':
    case '1':
      return true
    case 'false':
    case 'no':
    case '0':
      return false
    default:
      return null
  }
}

/**
 * One pass over the inputs: each typed read records a problem and returns
 * the fallback instead of throwing, and {@link InputReader.finish} throws
 * them all together. Everything masked is also cut out of every message.
 */
export class InputReader {
  readonly env: NodeJS.ProcessEnv
  readonly readFile: (path: string) => string
  readonly realpath: (path: string) => string
  readonly workspace: string
  readonly problems: InputError[] = []
  private readonly getInput: (name: string) => string
  private readonly setSecret: (value: string) => void
  private readonly masked = new Set<string>()

  constructor(deps: SettingsDeps) {
    this.getInput =
      deps.getInput ?? ((name: string) => core.getInput(name, { trimWhitespace: false }))
    this.env = deps.env ?? process.env
    this.readFile = deps.readFile ?? ((p: string) => fs.readFileSync(p, 'utf8'))
    this.realpath = deps.realpath ?? ((p: string) => fs.realpathSync(p))
    this.setSecret = deps.setSecret ?? core.setSecret
    this.workspace = deps.workspace ?? (this.env['GITHUB_WORKSPACE'] || process.cwd())
  }

  /** Records a problem; belt and braces, a secret pasted into the wrong input is redacted from it. */
  readonly fail = (input: string, message: string): void => {
    this.problems.push(new InputError(input, createRedactor(this.masked)(message)))
  }

  /**
   * Masks the value and its lines, once each, with the forms the runner
   * would miss (base64 at any offset, JSON-escaped, URL-encoded), and
   * registers it with the log printer's redactor.
   */
  readonly mask = (value: string): void => {
    registerSecrets([value])
    for (const candidate of maskCandidates(value)) {
      for (const form of [candidate, ...secretForms(candidate)]) {
        if (this.masked.has(form)) continue
        this.masked.add(form)
        this.setSecret(form)
      }
    }
  }

  /** The input as given, untrimmed; '' when absent. */
  readonly raw = (name: InputName): string => this.getInput(name)

  /** The input, surrounding whitespace trimmed. */
  text(name: InputName): string {
    return this.getInput(name).trim()
  }

  /** The trimmed input, or null when empty. */
  optional(name: InputName): string | null {
    return this.text(name) || null
  }

  bool(name: InputName, fallback: boolean): boolean {
    const value = this.text(name)
    if (value === '') return fallback
    const parsed = parseBoolean(value)
    if (parsed === null) {
      this.fail(name, `\`${name}\` must be ${BOOLEAN_FORMS} (any case); got ${quote(value)}`)
      return fallback
    }
    return parsed
  }

  /** One of `choices`, any case. */
  oneOf<T extends string>(name: InputName, choices: readonly T[], fallback: T): T {
    const value = this.text(name)
    if (value === '') return fallback
    const lower = value.toLowerCase()
    const found = choices.find(c => c === lower)
    if (found === undefined) {
      this.fail(name, `\`${name}\` must be ${listOf(choices, 'or')}; got ${quote(value)}`)
      return fallback
    }
    return found
  }

  /** A whole number from `min` to `max`; null when empty or invalid. `emptyMeaning` is named in the message. */
  integer(name: InputName, min: number, max: number, emptyMeaning: string | null): number | null {
    const value = this.text(name)
    if (value === '') return null
    const n = /^\d+$/.test(value) ? Number(value) : NaN
    if (!(n >= min && n <= max)) {
      this.fail(
        name,
        `\`${name}\` must be a whole number from ${min} to ${max}${emptyMeaning ? `, or ${emptyMeaning}` : ''}; got ${quote(value)}`
      )
      return null
    }
    return n
  }

  /** Throws what was recorded: the problem itself when there is one, {@link InputErrors} for several. */
  finish(): void {
    const [only] = this.problems
    if (only && this.problems.length === 1) throw only
    if (this.problems.length > 1) throw new InputErrors(this.problems)
  }
}
