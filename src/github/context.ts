/**
 * The workflow's context as the agent sees it (`github-context: true`), and
 * the facts about the triggering event that the PR comment needs. Pure apart
 * from {@link readEventPayload}: everything takes `env` and the event payload
 * so tests pass plain objects.
 */
import * as core from '@actions/core'
import { readFileSync } from 'node:fs'
import { isObject } from '../base/json.js'
import { cutChars, flattenLine } from '../text/sanitize.js'

type Env = Record<string, string | undefined>
type Json = Record<string, unknown>

/** The value at `path` in an event payload, or undefined where the path leaves the objects. */
export function field(value: unknown, ...path: string[]): unknown {
  let current = value
  for (const key of path) {
    if (!isObject(current)) return undefined
    current = current[key]
  }
  return current
}

/** A non-empty string, else null. */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

/**
 * The triggering event's payload, read from `GITHUB_EVENT_PATH`; `{}` when
 * the variable is unset or the file is missing or not a JSON object (a local
 * run), with a debug line saying why.
 */
export function readEventPayload(env: Env = process.env): Json {
  const path = env['GITHUB_EVENT_PATH']
  if (!path) return {}
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'))
    if (isObject(parsed)) return parsed
    core.debug(`The event payload in ${path} is not a JSON object; ignoring it`)
  } catch (error) {
    core.debug(
      `Could not read the event payload from ${path}: ${typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error)}`
    )
  }
  return {}
}

/**
 * The pull request number of the triggering event: `pull_request`,
 * `pull_request_target`, `pull_request_review(_comment)` (from
 * `pull_request.number`) and `issue_comment` on a pull request (from
 * `issue.number` when `issue.pull_request` is present). Null otherwise.
 */
export function pullRequestNumber(payload: unknown): number | null {
  const pr = field(payload, 'pull_request', 'number')
  if (typeof pr === 'number' && Number.isInteger(pr) && pr > 0) return pr
  const issue = field(payload, 'issue')
  if (isObject(issue) && isObject(issue['pull_request'])) {
    const n = issue['number']
    if (typeof n === 'number' && Number.isInteger(n) && n > 0) return n
  }
  return null
}

/**
 * The issue of an `issues` or `issue_comment` event that is not about a pull
 * request (`issue.number`); null otherwise (see {@link pullRequestNumber}).
 */
export function issueNumber(payload: unknown): number | null {
  const issue = field(payload, 'issue')
  if (!isObject(issue) || isObject(issue['pull_request'])) return null
  const n = issue['number']
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null
}

/**
 * The link to this workflow run: `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`,
 * plus `/attempts/N` for a re-run attempt (N > 1). Null when the repository or
 * run id is unknown.
 */
export function workflowRunUrl(env: Env): string | null {
  const repository = env['GITHUB_REPOSITORY']
  const runId = env['GITHUB_RUN_ID']
  if (!repository || !runId) return null
  const server = (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '')
  const attempt = Number(env['GITHUB_RUN_ATTEMPT'] ?? '1')
  const suffix = Number.isInteger(attempt) && attempt > 1 ? `/attempts/${attempt}` : ''
  return `${server}/${repository}/actions/runs/${runId}${suffix}`
}

/**
 * The workflow's context as `GITHUB_*` variables for the agent: repository,
 * ref, sha, event name, actor and run URL; on a pull request also its number,
 * `GITHUB_HEAD_REF`, `GITHUB_BASE_REF` and `GITHUB_HEAD_SHA` (on pull-request
 * events `GITHUB_SHA` is the test merge commit, not the branch's head).
 * Only values that are known and non-empty are included.
 */
export function githubContextVariables(env: Env, eventPayload: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  const set = (key: string, value: unknown): void => {
    const v = text(value)
    if (v !== null) out[key] = v
  }
  set('GITHUB_REPOSITORY', env['GITHUB_REPOSITORY'])
  set('GITHUB_REF', env['GITHUB_REF'])
  set('GITHUB_SHA', env['GITHUB_SHA'])
  set('GITHUB_EVENT_NAME', env['GITHUB_EVENT_NAME'])
  set('GITHUB_ACTOR', env['GITHUB_ACTOR'])
  set('GITHUB_RUN_URL', workflowRunUrl(env))

  const pr = pullRequestNumber(eventPayload)
  if (pr !== null) {
    out['GITHUB_PR_NUMBER'] = String(pr)
    set(
      'GITHUB_HEAD_REF',
      text(env['GITHUB_HEAD_REF']) ?? field(eventPayload, 'pull_request', 'head', 'ref')
    )
    set(
      'GITHUB_BASE_REF',
      text(env['GITHUB_BASE_REF']) ?? field(eventPayload, 'pull_request', 'base', 'ref')
    )
    set('GITHUB_HEAD_SHA', field(eventPayload, 'pull_request', 'head', 'sha'))
  }
  return out
}

/** The lines that open and close {@link githubContextBlock}. */
export const CONTEXT_BLOCK_START = '--- GitHub context ---'
export const CONTEXT_BLOCK_END = '--- end of GitHub context ---'

/** A workflow value as one short line: it must not break the block's structure. */
function contextValue(value: unknown): string | null {
  const v = text(value)
  if (v === null) return null
  const flat = flattenLine(v)
  return flat === '' ? null : cutChars(flat, 200)
}

/**
 * The workflow's context as a short, delimited block for the top of a
 * platform prompt (the platform has no run variables): repository, event,
 * ref, SHA, the pull request (with its head) or the issue, and the run URL,
 * one `Label: value` line each, between {@link CONTEXT_BLOCK_START} and
 * {@link CONTEXT_BLOCK_END}. The values come from the workflow but are
 * treated as text: each is one line of at most 200 characters without
 * control characters, so none can end the block early or add lines to it.
 * Unknown values are left out; '' when nothing is known.
 */
export function githubContextBlock(env: Env, eventPayload: unknown): string {
  const lines: string[] = []
  const add = (label: string, value: unknown): void => {
    const v = contextValue(value)
    if (v !== null) lines.push(`${label}: ${v}`)
  }
  add('Repository', env['GITHUB_REPOSITORY'])
  add('Event', env['GITHUB_EVENT_NAME'])
  add('Ref', env['GITHUB_REF'])
  add('SHA', env['GITHUB_SHA'])
  const pr = pullRequestNumber(eventPayload)
  const issue = issueNumber(eventPayload)
  if (pr !== null) {
    add('Pull request', `#${pr}`)
    add('Head', text(env['GITHUB_HEAD_REF']) ?? field(eventPayload, 'pull_request', 'head', 'ref'))
    add('Head SHA', field(eventPayload, 'pull_request', 'head', 'sha'))
    add('Base', text(env['GITHUB_BASE_REF']) ?? field(eventPayload, 'pull_request', 'base', 'ref'))
  } else if (issue !== null) {
    add('Issue', `#${issue}`)
  }
  add('Workflow run', workflowRunUrl(env))
  if (lines.length === 0) return ''
  return [CONTEXT_BLOCK_START, ...lines, CONTEXT_BLOCK_END].join('\n')
}

/**
 * The agent's variables: the workflow context plus the user's `variables`,
 * where the user's value wins on a clash. Clashes are reported in one info
 * line (names only: values are not shown).
 */
export function mergeVariables(
  context: Record<string, string>,
  user: Record<string, string>,
  log: (line: string) => void = core.info
): Record<string, string> {
  const clashes = Object.keys(user).filter(key => Object.hasOwn(context, key))
  if (clashes.length > 0) {
    log(
      `\`variables\` sets ${clashes.join(', ')}, which \`github-context\` also sets; the value from \`variables\` is used`
    )
  }
  return { ...context, ...user }
}
