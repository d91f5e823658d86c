/**
 * The actor check's permission read (`githubPermissionReader`) through the
 * real `@actions/github` client against the loopback fake GitHub API: the
 * role as the API answers it, and a 401, 403 or 404, or an API that cannot be
 * reached, as "unreadable" with the reason (never the token).
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { startGitHubApi, type GitHubApi } from '../../emulator/github-api.js'
import { githubPermissionReader } from '../../src/github/actor.js'

const TOKEN = 'ghs_permission_reader_token_0123456789'
const servers: GitHubApi[] = []
afterAll(async () => {
  await Promise.all(servers.map(s => s.close()))
})

async function api(options: Parameters<typeof startGitHubApi>[0]): Promise<GitHubApi> {
  const server = await startGitHubApi(options)
  servers.push(server)
  return server
}

const reader = (url: string, token = TOKEN) =>
  githubPermissionReader(token, { GITHUB_API_URL: url }, new AbortController().signal)

describe('githubPermissionReader', () => {
  it('reads the role and the legacy permission, asking about the user named, with the token', async () => {
    const github = await api({ permissions: { alice: 'maintain', 'renovate[bot]': 'triage' } })
    const read = reader(github.url)
    expect(await read('octo-org', 'octo-repo', 'alice')).toEqual({
      kind: 'read',
      permission: 'write',
      roleName: 'maintain'
    })
    expect(await read('octo-org', 'octo-repo', 'renovate[bot]')).toEqual({
      kind: 'read',
      permission: 'read',
      roleName: 'triage'
    })
    expect(await read('octo-org', 'octo-repo', 'stranger')).toMatchObject({ permission: 'read' })
    expect(github.requests.map(r => [r.path, r.token])).toEqual([
      ['/repos/octo-org/octo-repo/collaborators/alice/permission', TOKEN],
      ['/repos/octo-org/octo-repo/collaborators/renovate%5Bbot%5D/permission', TOKEN],
      ['/repos/octo-org/octo-repo/collaborators/stranger/permission', TOKEN]
    ])
  })

  it.each([
    [403, '`github-token` may not read it (403)'],
    [404, '`github-token` cannot see the repository or the user (404)'],
    [500, 'the GitHub API answered 500']
  ])('a %i is unreadable, saying why', async (status, reason) => {
    const github = await api({ permissionStatus: status })
    const answer = await reader(github.url)('octo-org', 'octo-repo', 'alice')
    expect(answer).toEqual({ kind: 'unreadable', reason })
  })

  it('a token GitHub refuses (401), and an API that is not there, are unreadable', async () => {
    const github = await api({ validTokens: ['ghs_other'] })
    expect(await reader(github.url)('o', 'r', 'alice')).toEqual({
      kind: 'unreadable',
      reason: 'GitHub refused `github-token` (401)'
    })
    const gone = await startGitHubApi()
    await gone.close()
    const answer = await reader(gone.url)('o', 'r', 'alice')
    expect(answer).toEqual({ kind: 'unreadable', reason: 'the GitHub API could not be reached' })
    expect(JSON.stringify(answer)).not.toContain(TOKEN)
  })
})
