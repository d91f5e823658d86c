/**
 * Who may start a paid run (src/github/actor.ts): which events are checked,
 * what the permission API's answers mean, the fallback to the event's
 * `author_association` when the token cannot read the permission, bots, and
 * `allowed-actors` (names and `*`).
 */
import { describe, expect, it, jest } from '@jest/globals'
import {
  associationOf,
  checkActor,
  isLogin,
  noCheckNeeded,
  type ActorCheck,
  type PermissionAnswer,
  type ReadPermission
} from '../../src/github/actor.js'

const REPO = 'octo-org/octo-repo'

/** A permission API that answers `answer` and records whom it was asked about. */
function api(answer: PermissionAnswer): jest.Mock<ReadPermission> {
  return jest.fn<ReadPermission>(async () => answer)
}
const permission = (p: string, roleName: string | null = null): PermissionAnswer => ({
  kind: 'read',
  permission: p,
  roleName
})
const unreadable = (reason: string): PermissionAnswer => ({ kind: 'unreadable', reason })

/** The payload of an event `login` triggered, about something `author` wrote with `association`. */
function commentEvent(
  login: string,
  association = 'NONE',
  author = login
): Record<string, unknown> {
  return {
    sender: { login },
    issue: { number: 9, user: { login: 'someone-else' }, author_association: 'OWNER' },
    comment: { id: 1, body: '/vm0 go', user: { login: author }, author_association: association }
  }
}

async function check(
  eventName: string,
  payload: Record<string, unknown>,
  read: ReadPermission | null,
  allowedActors: string[] = []
): Promise<ActorCheck> {
  return checkActor({
    env: { GITHUB_EVENT_NAME: eventName, GITHUB_REPOSITORY: REPO, GITHUB_ACTOR: 'octocat' },
    payload,
    allowedActors,
    readPermission: read
  })
}

describe('which events are checked', () => {
  it.each(['push', 'schedule', 'workflow_dispatch', 'workflow_run', 'release', ''])(
    '%s: not checked, the permission API is not asked',
    async eventName => {
      const read = api(permission('none'))
      expect((await check(eventName, commentEvent('mallory'), read)).kind).toBe('not-checked')
      expect(read).not.toHaveBeenCalled()
    }
  )

  const personEvents: Array<[string, Record<string, unknown>]> = [
    ['issue_comment', commentEvent('mallory')],
    ['issues', { sender: { login: 'mallory' }, issue: { user: { login: 'mallory' } } }],
    ['pull_request_review', { sender: { login: 'mallory' }, review: {} }],
    ['pull_request_review_comment', { sender: { login: 'mallory' }, comment: {} }],
    ['discussion', { sender: { login: 'mallory' }, discussion: {} }],
    ['discussion_comment', { sender: { login: 'mallory' }, comment: {} }],
    ['watch', { sender: { login: 'mallory' } }],
    ['fork', { sender: { login: 'mallory' } }],
    ['gollum', { sender: { login: 'mallory' } }]
  ]
  it.each(personEvents)('%s: checked, and a reader is refused', async (eventName, payload) => {
    const read = api(permission('read'))
    const result = await check(eventName, payload, read)
    expect(result).toMatchObject({ kind: 'refused', actor: 'mallory' })
    expect(read).toHaveBeenCalledWith('octo-org', 'octo-repo', 'mallory')
  })

  const pr = (head: unknown): Record<string, unknown> => ({
    sender: { login: 'mallory' },
    repository: { full_name: REPO },
    pull_request: { number: 3, head, base: { repo: { full_name: REPO } } }
  })
  it.each(['pull_request', 'pull_request_target'])(
    '%s: checked from a fork (another repository, a fork flag, a deleted fork) and from a branch',
    async eventName => {
      const read = api(permission('read'))
      for (const head of [
        { repo: { full_name: 'mallory/octo-repo', fork: true } },
        { repo: { full_name: 'mallory/octo-repo' } },
        { repo: null },
        // Anyone who can read a public repository may open a pull request between its branches.
        { repo: { full_name: REPO, fork: false } }
      ]) {
        expect((await check(eventName, pr(head), read)).kind).toBe('refused')
      }
      expect(read).toHaveBeenCalledTimes(4)
      // A writer's pull request from a branch starts its run.
      const writer = await check(
        eventName,
        pr({ repo: { full_name: REPO } }),
        api(permission('write'))
      )
      expect(writer.kind).toBe('allowed')
    }
  )

  it('noCheckNeeded says why', () => {
    expect(noCheckNeeded('push')).toMatch(/only the repository's writers/)
    expect(noCheckNeeded('issue_comment')).toBeNull()
    expect(noCheckNeeded('pull_request')).toBeNull()
  })
})

describe('the permission API', () => {
  it.each([
    ['admin', null],
    ['write', 'maintain'],
    ['write', 'write'],
    ['read', 'maintain']
  ])('permission %s (role %s): allowed', async (p, role) => {
    const result = await check('issue_comment', commentEvent('alice'), api(permission(p, role)))
    expect(result).toMatchObject({ kind: 'allowed', actor: 'alice' })
  })

  it.each([
    ['read', 'triage'],
    ['read', 'read'],
    ['none', null]
  ])(
    'permission %s (role %s): refused, the message naming the actor, the access and the fix',
    async (p, role) => {
      const result = await check('issue_comment', commentEvent('mallory'), api(permission(p, role)))
      expect(result.kind).toBe('refused')
      const message = result.kind === 'refused' ? result.message : ''
      expect(message).toContain('No run was started')
      expect(message).toContain('`mallory` triggered this `issue_comment` event')
      expect(message).toContain(`\`${role ?? p}\` access to ${REPO}`)
      expect(message).toContain('add `mallory` to `allowed-actors`')
    }
  )

  it('an outsider whose own comment says OWNER is still refused when the API answers read', async () => {
    // The API answered: the payload's association is only the fallback.
    const result = await check(
      'issue_comment',
      commentEvent('mallory', 'OWNER'),
      api(permission('read'))
    )
    expect(result.kind).toBe('refused')
  })
})

describe('when the token cannot read the permission', () => {
  const reasons = [
    '`github-token` may not read it (403)',
    '`github-token` cannot see the repository or the user (404)',
    'the GitHub API could not be reached'
  ]
  it.each(reasons)('%s: OWNER, MEMBER and COLLABORATOR pass on their association', async reason => {
    for (const association of ['OWNER', 'MEMBER', 'COLLABORATOR']) {
      const result = await check(
        'issue_comment',
        commentEvent('alice', association),
        api(unreadable(reason))
      )
      expect(result).toMatchObject({ kind: 'allowed', actor: 'alice' })
      expect(result.kind === 'allowed' && result.why).toContain(reason)
    }
  })

  it.each(reasons)(
    '%s: CONTRIBUTOR, FIRST_TIMER and NONE are refused, saying why',
    async reason => {
      for (const association of ['CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'NONE']) {
        const result = await check(
          'issue_comment',
          commentEvent('mallory', association),
          api(unreadable(reason))
        )
        expect(result.kind).toBe('refused')
        const message = result.kind === 'refused' ? result.message : ''
        expect(message).toContain(reason)
        expect(message).toContain(`they are \`${association}\``)
      }
    }
  )

  it('without a token the association decides, and the API is not asked', async () => {
    expect(await check('issue_comment', commentEvent('alice', 'MEMBER'), null)).toMatchObject({
      kind: 'allowed'
    })
    const refused = await check('issue_comment', commentEvent('mallory'), null)
    expect(refused.kind === 'refused' && refused.message).toContain('`github-token` is empty')
  })

  it('a star (watch), a fork or a wiki edit has no association to fall back on', async () => {
    const result = await check('watch', { sender: { login: 'alice' } }, api(unreadable('403')))
    expect(result.kind).toBe('refused')
  })

  it('the association of something another person wrote does not count (issues: labeled)', async () => {
    // mallory labels an issue the owner wrote: the issue's OWNER is not mallory's.
    const payload = {
      sender: { login: 'mallory' },
      issue: { user: { login: 'octocat' }, author_association: 'OWNER' }
    }
    expect(associationOf('issues', payload, 'mallory')).toBeNull()
    const result = await check('issues', payload, api(unreadable('403')))
    expect(result.kind === 'refused' && result.message).toContain('no `author_association`')
  })
})

describe('allowed-actors', () => {
  it('names users and bots, any case, without asking the API', async () => {
    const read = api(permission('none'))
    const bot = { sender: { login: 'renovate[bot]' }, comment: {} }
    expect(await check('issue_comment', bot, read, ['alice', 'Renovate[bot]'])).toMatchObject({
      kind: 'allowed',
      actor: 'renovate[bot]'
    })
    expect(await check('issue_comment', commentEvent('ALICE'), read, ['alice'])).toMatchObject({
      kind: 'allowed'
    })
    expect(read).not.toHaveBeenCalled()
  })

  it('a bot not named is refused with the bot named in the fix', async () => {
    const bot = { sender: { login: 'renovate[bot]' }, comment: {} }
    const result = await check('issue_comment', bot, api(unreadable('404')), ['alice'])
    expect(result.kind === 'refused' && result.message).toMatch(
      /To let this bot start runs, add `renovate\[bot\]` to `allowed-actors`/
    )
  })

  it("'*' lets everyone start a run", async () => {
    const read = api(permission('none'))
    expect(await check('issue_comment', commentEvent('mallory'), read, ['*'])).toMatchObject({
      kind: 'allowed',
      actor: 'mallory'
    })
    expect(read).not.toHaveBeenCalled()
  })
})

describe('the actor', () => {
  it('is the sender, else GITHUB_ACTOR; a value that is not a login is refused', async () => {
    const read = api(permission('write'))
    expect(await check('issue_comment', { comment: {} }, read)).toMatchObject({
      kind: 'allowed',
      actor: 'octocat'
    })
    const odd = await checkActor({
      env: { GITHUB_EVENT_NAME: 'issue_comment', GITHUB_REPOSITORY: REPO },
      payload: { sender: { login: 'a b' } },
      allowedActors: [],
      readPermission: read
    })
    expect(odd).toMatchObject({ kind: 'refused', actor: null })
  })

  it('isLogin takes logins and app bots, and nothing else', () => {
    for (const ok of ['a', 'octo-cat', 'dependabot[bot]', 'A1', 'x'.repeat(39)]) {
      expect(isLogin(ok)).toBe(true)
    }
    for (const bad of ['', '-a', 'a-', 'a--b', 'a b', 'x'.repeat(40), '[bot]', 'a[bot]x', '*']) {
      expect(isLogin(bad)).toBe(false)
    }
  })
})
