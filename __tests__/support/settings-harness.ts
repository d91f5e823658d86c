/**
 * What the settings tests share: fake inputs, env, files and masking for
 * `getSettings`, and helpers that return the settings or the problems found.
 */
import { expect } from '@jest/globals'
import { InputError } from '../../src/base/errors.js'
import { getSettings } from '../../src/settings/inputs.js'
import { Inputs } from '../../src/settings/names.js'
import { InputErrors } from '../../src/settings/problems.js'
import type { Settings, SettingsDeps } from '../../src/settings/settings.js'

/** Every declared input name. */
export const KNOWN = new Set<string>(Object.values(Inputs))
const WS = '/ws'
/** The token every harness run starts with. */
export const TOKEN = 'vm0_live_SENTINEL_4242'
/** The smallest inputs that start a run. */
export const BASE: Record<string, string> = {
  'vm0-token': TOKEN,
  agent: 'my-agent',
  prompt: 'Do it'
}

export interface Harness {
  deps: SettingsDeps
  /** `get:<name>` and `mask:<value>` in the order they happened. */
  calls: string[]
  masked: string[]
  read: string[]
}

/** Fake side effects for `getSettings`/`getConnection`, recording what they saw. */
export function harness(
  inputs: Record<string, string>,
  opts: { env?: NodeJS.ProcessEnv; files?: Record<string, string>; workspace?: string } = {}
): Harness {
  const calls: string[] = []
  const masked: string[] = []
  const read: string[] = []
  const deps: SettingsDeps = {
    getInput: name => {
      if (!KNOWN.has(name)) throw new Error(`read an undeclared input: ${name}`)
      calls.push(`get:${name}`)
      return inputs[name] ?? ''
    },
    setSecret: value => {
      calls.push(`mask:${value}`)
      masked.push(value)
    },
    env: opts.env ?? {},
    readFile: p => {
      read.push(p)
      const content = opts.files?.[p]
      if (content === undefined) {
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), {
          code: 'ENOENT'
        })
      }
      return content
    },
    // Fake files have no symbolic links: each path is its own real path.
    realpath: p => p,
    ...(opts.workspace === undefined ? { workspace: WS } : {})
  }
  if (opts.workspace !== undefined && opts.workspace !== '') deps.workspace = opts.workspace
  return { deps, calls, masked, read }
}

/** The settings read from `base` plus `inputs`. */
export function settings(
  inputs: Record<string, string>,
  opts?: Parameters<typeof harness>[1],
  base = BASE
): Settings {
  return getSettings(harness({ ...base, ...inputs }, opts).deps)
}

/** Settings of a run to start (not attach). */
export function start(
  inputs: Record<string, string>,
  opts?: Parameters<typeof harness>[1]
): Settings {
  const s = settings(inputs, opts)
  expect(s.runId).toBeNull()
  return s
}

/** The InputErrors thrown, one per problem; fails the test when nothing is thrown. */
export function problems(
  inputs: Record<string, string>,
  opts?: Parameters<typeof harness>[1],
  base = BASE
): InputError[] {
  try {
    getSettings(harness({ ...base, ...inputs }, opts).deps)
  } catch (error) {
    if (error instanceof InputErrors) {
      expect(error.errors.length).toBeGreaterThan(1)
      return [...error.errors]
    }
    if (error instanceof InputError) return [error]
    throw error
  }
  throw new Error(`expected an InputError for ${JSON.stringify(inputs)}`)
}

/** Exactly one problem, naming `input`; returns its message. */
export function problem(
  inputs: Record<string, string>,
  input: string,
  opts?: Parameters<typeof harness>[1],
  base = BASE
): string {
  const found = problems(inputs, opts, base)
  expect(found.map(e => e.input)).toEqual([input])
  const message = found[0]?.message ?? ''
  expect(message).toContain(`\`${input}`)
  return message
}
