/**
 * Who may start a paid run. On events a person triggers (a comment, an issue,
 * a review, a discussion, a pull request from a fork) anyone who can write a
 * comment could otherwise spend the workflow owner's VM0 credits and steer
 * the agent. So before the action sends anything to VM0 it checks the
 * person behind the event (docs/actor-check.md):
 *
 * 1. `allowed-actors` names them (or is `*`): allowed.
 * 2. The repository permission API says admin, maintain or write: allowed;
 *    any other answer (read, triage, none): refused.
 * 3. The token cannot read that permission (no token, 401/403/404, the API
 *    unreachable): the event's own `author_association` of the person decides,
 *    OWNER, MEMBER or COLLABORATOR allowed, anything else refused.
 *
 * Events no outsider can trigger (push, schedule, workflow_dispatch, which
 * already needs write access) are not checked. A pull request is, from a fork
 * or from a branch of the repository (anyone who can read it may open one
 * between two of its branches; a triage user may label one).
 */
import { field, text } from './context.js'

/** `allowed-actors: '*'`: everyone may start a run. */
export const EVERYONE = '*'

/** A GitHub login (letters, digits, single hyphens, at most 39) with an optional `[bot]` suffix. */
const LOGIN = /^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}(?:\[bot\])?$/i

/** Whether `value` has the form of a GitHub login (a user, or an app's `name[bot]`). */
export function isLogin(value: string): boolean {
  return LOGIN.test(value)
}

/**
 * The events a person outside the repository's writers can trigger, and
 * where the payload holds the `author_association` of that person (null:
 * nowhere, so only the permission API can allow them). Starring (`watch`),
 * forking and wiki edits (`gollum`) are open to anyone on a public repository.
 */
const PERSON_EVENTS: Readonly<Record<string, string | null>> = {
  issue_comment: 'comment',
  issues: 'issue',
  pull_request_review: 'review',
  pull_request_review_comment: 'comment',
  discussion: 'discussion',
  discussion_comment: 'comment',
  pull_request: 'pull_request',
  pull_request_target: 'pull_request',
  watch: null,
  fork: null,
  gollum: null
}

/** Permissions (`permission` or `role_name` of the API) that may start a run by default. */
const WRITERS = new Set(['admin', 'maintain', 'write'])

/** `author_association` values trusted when the permission cannot be read. */
const TRUSTED_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR'] as const

/** The answer of `GET /repos/{owner}/{repo}/collaborators/{username}/permission`. */
export type PermissionAnswer =
  | { kind: 'read'; permission: string; roleName: string | null }
  /** The token could not tell: why, for the log (never the token itself). */
  | { kind: 'unreadable'; reason: string }

/** Reads one user's permission on `owner/repo`. */
export type ReadPermission = (
  owner: string,
  repo: string,
  username: string
) => Promise<PermissionAnswer>

/** The result of the check. */
export type ActorCheck =
  | { kind: 'not-checked'; why: string }
  | { kind: 'allowed'; actor: string; why: string }
  | { kind: 'refused'; actor: string | null; message: string }

export interface ActorCheckInput {
  env: Record<string, string | undefined>
  payload: Record<string, unknown>
  /** `allowed-actors`: logins (any case) or `*`. */
  allowedActors: readonly string[]
  /** Null when there is no token to ask with: the event's association decides. */
  readPermission: ReadPermission | null
}

/** Why the event needs no check, or null when it needs one. */
export function noCheckNeeded(eventName: string): string | null {
  if (!Object.hasOwn(PERSON_EVENTS, eventName)) {
    return eventName === ''
      ? 'no event (a local run)'
      : `a \`${eventName}\` event, which only the repository's writers can trigger`
  }
  // A pull request from a branch of the repository is checked too: anyone who can read a public
  // repository may open one between two of its branches, and a triage user may label one.
  return null
}

/**
 * The person behind the event: the payload's `sender` (who commented,
 * opened, reviewed), else `GITHUB_ACTOR`. Null when neither is a login.
 */
function eventActor(env: Record<string, string | undefined>, payload: unknown): string | null {
  const login = text(field(payload, 'sender', 'login')) ?? text(env['GITHUB_ACTOR'])
  return login !== null && isLogin(login) ? login : null
}

/**
 * The `author_association` of `actor` in the event: that of the comment,
 * issue, review, discussion or pull request the event is about, only when
 * `actor` wrote it (on `issues: labeled` the labeler is not the author).
 */
export function associationOf(eventName: string, payload: unknown, actor: string): string | null {
  const key = PERSON_EVENTS[eventName]
  if (key === undefined || key === null) return null
  const subject = field(payload, key)
  const author = text(field(subject, 'user', 'login'))
  if (author === null || author.toLowerCase() !== actor.toLowerCase()) return null
  return text(field(subject, 'author_association'))
}

/** Checks the person behind the event; never throws. */
export async function checkActor(input: ActorCheckInput): Promise<ActorCheck> {
  const { env, payload } = input
  const eventName = env['GITHUB_EVENT_NAME'] ?? ''
  const skip = noCheckNeeded(eventName)
  if (skip !== null) return { kind: 'not-checked', why: skip }
  const actor = eventActor(env, payload)
  if (actor === null) {
    return {
      kind: 'refused',
      actor: null,
      message:
        `No run was started: the \`${eventName}\` event names no user (no \`sender.login\` in ` +
        'the event, no `GITHUB_ACTOR`), so the action cannot tell whether they may start a paid ' +
        "run. Set `allowed-actors: '*'` only if anyone may start one."
    }
  }
  const allowed = input.allowedActors.map(a => a.toLowerCase())
  if (allowed.includes(EVERYONE)) return { kind: 'allowed', actor, why: "`allowed-actors: '*'`" }
  if (allowed.includes(actor.toLowerCase())) {
    return { kind: 'allowed', actor, why: '`allowed-actors` names them' }
  }
  return checkPermission(input, eventName, actor)
}

/** Steps 2 and 3 of the check: the permission API, else the event's association. */
async function checkPermission(
  input: ActorCheckInput,
  eventName: string,
  actor: string
): Promise<ActorCheck> {
  const repository = input.env['GITHUB_REPOSITORY'] ?? ''
  const answer = await readPermissionOf(input.readPermission, repository, actor)
  if (answer.kind === 'read') {
    const level = [answer.permission, answer.roleName ?? ''].find(p => WRITERS.has(p))
    if (level !== undefined) return { kind: 'allowed', actor, why: `they have \`${level}\` access` }
    const shown = answer.roleName ?? answer.permission
    return refused(actor, eventName, `they have \`${shown}\` access to ${repository}`)
  }
  const association = associationOf(eventName, input.payload, actor)
  const unread = `their permission could not be read (${answer.reason})`
  if (association !== null && (TRUSTED_ASSOCIATIONS as readonly string[]).includes(association)) {
    return {
      kind: 'allowed',
      actor,
      why: `${unread}, and the event says they are \`${association}\``
    }
  }
  const said =
    association === null
      ? 'the event gives no `author_association` of theirs'
      : `the event says they are \`${association}\``
  return refused(
    actor,
    eventName,
    `${unread} and ${said}, while only ${TRUSTED_ASSOCIATIONS.join(', ')} pass without it ` +
      '(give `github-token` read access to the repository to check the permission itself)'
  )
}

async function readPermissionOf(
  read: ReadPermission | null,
  repository: string,
  actor: string
): Promise<PermissionAnswer> {
  if (read === null) return { kind: 'unreadable', reason: '`github-token` is empty' }
  const [owner = '', repo = ''] = repository.split('/')
  if (owner === '' || repo === '') {
    return { kind: 'unreadable', reason: 'GITHUB_REPOSITORY is not set' }
  }
  return read(owner, repo, actor)
}

function refused(actor: string, eventName: string, reason: string): ActorCheck {
  const bot = /\[bot\]$/i.test(actor)
  return {
    kind: 'refused',
    actor,
    message:
      `No run was started: \`${actor}\` triggered this \`${eventName}\` event, and by default ` +
      `only users with write access to the repository may start a paid VM0 run; ${reason}. ` +
      `To let ${bot ? 'this bot' : 'them'} start runs, add \`${actor}\` to \`allowed-actors\` ` +
      "(`allowed-actors: '*'` lets anyone who can trigger the workflow spend your VM0 credits " +
      'and steer the agent).'
  }
}

/** Longest the permission read may take: a hanging API must not hold the step. */
const PERMISSION_READ_MS = 10_000

/** Why a failed read failed, from the error's HTTP status (never its text: it may quote a URL). */
function unreadableReason(error: unknown): string {
  // Octokit reports a connection that failed as a 500 without a response.
  const answered =
    typeof error === 'object' && error !== null && 'response' in error && error.response != null
  const status = answered && 'status' in error ? Number(error.status) : NaN
  switch (status) {
    case 401:
      return 'GitHub refused `github-token` (401)'
    case 403:
      return '`github-token` may not read it (403)'
    case 404:
      return '`github-token` cannot see the repository or the user (404)'
    default:
      return Number.isFinite(status)
        ? `the GitHub API answered ${status}`
        : 'the GitHub API could not be reached'
  }
}

/**
 * The permission read through `@actions/github` (the runner's proxy settings
 * apply) at `GITHUB_API_URL`, bounded by {@link PERMISSION_READ_MS} and the
 * workflow's cancellation. Loaded only when an event needs the check.
 */
export function githubPermissionReader(
  token: string,
  env: Record<string, string | undefined>,
  signal: AbortSignal
): ReadPermission {
  return async (owner, repo, username) => {
    try {
      const { getOctokit } = await import('@actions/github')
      const octokit = getOctokit(token, {
        baseUrl: (env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/+$/, '')
      })
      const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
        owner,
        repo,
        username,
        request: { signal: AbortSignal.any([signal, AbortSignal.timeout(PERMISSION_READ_MS)]) }
      })
      return {
        kind: 'read',
        permission: String(data.permission),
        roleName: typeof data.role_name === 'string' ? data.role_name : null
      }
    } catch (error) {
      return { kind: 'unreadable', reason: unreadableReason(error) }
    }
  }
}
