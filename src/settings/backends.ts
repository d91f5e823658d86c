/**
 * The two backends as the inputs see them: which one a step speaks (`api`
 * and the token's prefix), and which inputs each one takes. {@link BACKEND_RULES}
 * is the one table the refusals are read from and the README's inputs ×
 * backend table is generated from (`scripts/docs.ts`), so they cannot drift.
 */
import { Inputs, type InputName } from './names.js'
import { type Fail } from './problems.js'
import { listOf, quote } from '../text/quote.js'
import { API_CHOICES, type Api } from './settings.js'

/** How one backend treats one input: used (with a note when it differs), or refused with the alternative. */
export type Support = { use: true; note?: string } | { use: false; instead: string }

const YES: Support = { use: true }
const FILES_INSTEAD =
  'the platform returns the files the agent publishes; they are collected by default'

/** Which inputs each backend takes; an input not listed here works the same on both. */
export const BACKEND_RULES: Partial<Record<InputName, Record<Api, Support>>> = {
  [Inputs.Vm0Token]: {
    platform: { use: true, note: 'a personal key `vm0_pat_…`' },
    v1: { use: true, note: 'a `vm0_live_…` token' }
  },
  [Inputs.ApiUrl]: {
    platform: { use: true, note: 'default `https://api.okou.ai`' },
    v1: { use: true, note: 'default `https://api.vm0.ai`' }
  },
  [Inputs.Agent]: {
    platform: { use: true, note: "the agent's display name, any case; a new thread per run" },
    v1: { use: true, note: "the agent's name" }
  },
  [Inputs.AgentVersion]: {
    platform: {
      use: false,
      instead: 'a platform run uses the agent as configured now; change the agent in the web app'
    },
    v1: YES
  },
  [Inputs.SessionId]: {
    platform: { use: false, instead: 'use `thread-id` to continue a conversation' },
    v1: YES
  },
  [Inputs.CheckpointId]: {
    platform: { use: false, instead: 'use `thread-id` to continue a conversation' },
    v1: YES
  },
  [Inputs.ThreadId]: {
    platform: YES,
    v1: { use: false, instead: '`/v1` has no threads; use `session-id` to continue a session' }
  },
  [Inputs.Model]: {
    platform: YES,
    v1: { use: false, instead: "`/v1` runs the model set in the agent's configuration" }
  },
  [Inputs.Variables]: {
    platform: {
      use: false,
      instead:
        'the platform has no run variables: put what the agent needs in the prompt, or use `github-context: true`'
    },
    v1: YES
  },
  [Inputs.Secrets]: {
    platform: {
      use: false,
      instead: 'configure secrets and connectors on the agent in the web app'
    },
    v1: YES
  },
  [Inputs.Volumes]: {
    platform: {
      use: false,
      instead:
        'a platform run mounts no volumes: give the agent what it needs in the web app, or in the prompt'
    },
    v1: YES
  },
  [Inputs.ArtifactName]: { platform: { use: false, instead: FILES_INSTEAD }, v1: YES },
  [Inputs.ArtifactVersion]: { platform: { use: false, instead: FILES_INSTEAD }, v1: YES },
  [Inputs.Collect]: { platform: { use: false, instead: FILES_INSTEAD }, v1: YES },
  [Inputs.GithubContext]: {
    platform: { use: true, note: 'a short block at the top of the prompt' },
    v1: { use: true, note: '`GITHUB_*` variables' }
  },
  [Inputs.IfNoFilesFound]: {
    platform: { use: true, note: 'empty means `ignore`' },
    v1: { use: true, note: 'empty means `warn`' }
  }
}

/** The backend a step speaks, and the words that say how it was chosen. */
export interface Backend {
  api: Api
  /** "`api: platform`", "the `vm0_pat_…` token", …: for messages. */
  chosenBy: string
}

/** How each backend is named in messages. */
export const BACKEND_NAMES: Record<Api, string> = {
  platform: 'the VM0 platform',
  v1: 'the `/v1` API'
}

/** The token prefixes `api: auto` recognises. */
const PREFIXES: Record<Api, string> = { platform: 'vm0_pat_', v1: 'vm0_live_' }

/**
 * The backend from `api` (already trimmed; `auto`, `platform` or `v1`, any
 * case; empty means `auto`) and the token: `auto` picks the platform for a
 * `vm0_pat_` token and `/v1` for a `vm0_live_` one. Any other token with
 * `auto` is a problem naming `api` and `vm0-token`, never the token. An
 * empty token was reported already and adds nothing here.
 */
export function readApi(value: string, token: string, fail: Fail): Backend {
  const lower = value.toLowerCase() || 'auto'
  const choice = API_CHOICES.find(c => c === lower) ?? null
  if (choice === null) {
    fail(Inputs.Api, `\`${Inputs.Api}\` must be ${listOf(API_CHOICES, 'or')}; got ${quote(value)}`)
  }
  if (choice === 'platform' || choice === 'v1') {
    // The platform answers every `vm0_live_` token with a 401 that sends the user to rotate a
    // key that is fine: say what is wrong before any request. (A `vm0_pat_` key with `api: v1`
    // stays the user's call: a deployment of their own may accept it.)
    if (choice === 'platform' && token.startsWith(PREFIXES.v1)) {
      fail(
        Inputs.Api,
        `\`${Inputs.Api}: platform\` needs a personal key \`vm0_pat_…\` (made in the web app under Settings → API keys), but \`${Inputs.Vm0Token}\` holds a \`vm0_live_…\` token, which only the \`/v1\` API of deployments built before March 2026 accepts (its value is not shown); use a personal key, or set \`${Inputs.Api}: v1\` (or \`auto\`) to speak \`/v1\``
      )
    }
    return { api: choice, chosenBy: `\`api: ${choice}\`` }
  }
  for (const api of ['platform', 'v1'] as const) {
    if (token.startsWith(PREFIXES[api])) {
      return { api, chosenBy: `the \`${PREFIXES[api]}…\` token` }
    }
  }
  if (choice === 'auto' && token !== '') {
    fail(
      Inputs.Api,
      `\`${Inputs.Api}: auto\` cannot tell the backend from the token in \`${Inputs.Vm0Token}\`: it starts with neither \`vm0_pat_\` (a personal key for the VM0 platform) nor \`vm0_live_\` (the \`/v1\` API of deployments built before March 2026); check that \`${Inputs.Vm0Token}\` holds the right key (its value is not shown), or set \`${Inputs.Api}: platform\` or \`${Inputs.Api}: v1\``
    )
  }
  return { api: 'v1', chosenBy: `\`${Inputs.Api}\`` }
}

/**
 * Refuses every given input the backend cannot carry, each in one problem
 * naming the input, the backend (and how it was chosen) and the
 * alternative. Returns the names refused, so that no other rule reports
 * them a second time.
 */
export function refuseForBackend(
  backend: Backend,
  given: Partial<Record<InputName, boolean>>,
  fail: Fail
): Set<InputName> {
  const refused = new Set<InputName>()
  for (const [name, isGiven] of Object.entries(given) as [InputName, boolean][]) {
    const rule = BACKEND_RULES[name]?.[backend.api]
    if (!isGiven || rule === undefined || rule.use) continue
    refused.add(name)
    fail(
      name,
      `\`${name}\` cannot be used with ${BACKEND_NAMES[backend.api]} (chosen by ${backend.chosenBy}): ${rule.instead}; remove \`${name}\``
    )
  }
  return refused
}
