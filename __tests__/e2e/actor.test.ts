/**
 * End to end: who may start a run (docs/actor-check.md). The bundled action
 * on an `issue_comment` by a user without write access starts nothing (the
 * VM0 emulator sees no request at all), says why in the log, and sets
 * `status: skipped`; a writer's comment starts the run.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startGitHubApi, type GitHubApi } from '../../emulator/github-api.js'
import { startEmulator, type Emulator } from '../../emulator/vm0/index.js'
import { runStep } from '../../emulator/runner/harness.js'

/** An `issue_comment` event: `login` commented on issue 9 of octo-org/octo-repo. */
const commentBy = (login: string): Record<string, unknown> => ({
  action: 'created',
  issue: { number: 9, title: 'Please fix', user: { login: 'octocat' } },
  comment: { id: 1, body: '/vm0 fix it', user: { login }, author_association: 'NONE' },
  repository: { full_name: 'octo-org/octo-repo' },
  sender: { login, type: 'User' }
})

describe('an issue comment', () => {
  let emulator: Emulator
  let github: GitHubApi
  beforeAll(async () => {
    emulator = await startEmulator({ eventTickMs: 40 })
    emulator.addAgent('fixer', {
      script: {
        steps: [{ at: 0, agent: { type: 'result', subtype: 'success', result: 'Fixed.' } }],
        durationMs: 20
      }
    })
    github = await startGitHubApi({ permissions: { alice: 'write', mallory: 'triage' } })
  })
  afterAll(async () => {
    await github.close()
    await emulator.close()
  })
  beforeEach(() => emulator.reset())

  const step = (login: string, inputs: Record<string, string> = {}) =>
    runStep({
      inputs: {
        'vm0-token': emulator.token,
        'api-url': emulator.url,
        agent: 'fixer',
        prompt: 'Fix what the comment asks.',
        ...inputs
      },
      env: { GITHUB_API_URL: github.url },
      event: commentBy(login),
      eventName: 'issue_comment'
    })

  it('from a user without write access starts no run, and the log says why and what to change', async () => {
    const result = await step('mallory')
    expect(emulator.requests).toEqual([])
    expect(emulator.runs()).toEqual([])
    expect(result.code).toBe(1)
    expect(result.outputs).toEqual({
      status: 'skipped',
      error: expect.stringContaining('`mallory` triggered this `issue_comment` event')
    })
    const errors = result.parsed.commands.filter(c => c.command === 'error').map(c => c.data)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('No run was started')
    expect(errors[0]).toContain('they have `triage` access to octo-org/octo-repo')
    expect(errors[0]).toContain('add `mallory` to `allowed-actors`')
    const asked = github.requests.filter(r => r.path.endsWith('/permission'))
    expect(asked.map(r => [r.path, r.token])).toEqual([
      ['/repos/octo-org/octo-repo/collaborators/mallory/permission', 'ghs_harness_token']
    ])
  })

  it('from such a user with fail-on-error: false, passes with a notice and still starts nothing', async () => {
    const result = await step('mallory', { 'fail-on-error': 'false' })
    expect(emulator.requests).toEqual([])
    expect(result.code).toBe(0)
    expect(result.outputs.status).toBe('skipped')
    const notices = result.parsed.commands.filter(c => c.command === 'notice').map(c => c.data)
    expect(notices.some(n => n.startsWith('No run was started'))).toBe(true)
  })

  it('from a writer, or from anyone named in allowed-actors, starts the run', async () => {
    const writer = await step('alice')
    expect(writer.code).toBe(0)
    expect(writer.outputs.status).toBe('completed')
    expect(writer.stdout).toContain('alice may start a run: they have `write` access.')
    const named = await step('mallory', { 'allowed-actors': 'alice, mallory' })
    expect(named.code).toBe(0)
    expect(emulator.runs()).toHaveLength(2)
  })
})
