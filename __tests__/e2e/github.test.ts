/**
 * End to end: the bundled action on a pull-request event, with the job
 * summary, the PR comment (against a loopback fake of the GitHub REST API,
 * reached through GITHUB_API_URL) and the workflow context passed to the agent.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startGitHubApi, type GitHubApi } from '../../emulator/github-api.js'
import { startEmulator, type Emulator } from '../../emulator/vm0/index.js'
import { createJob, runStep } from '../../emulator/runner/harness.js'

const PR = 42
const event = {
  action: 'synchronize',
  number: PR,
  pull_request: {
    number: PR,
    title: 'Make the greeting friendlier',
    head: { ref: 'feature/greeting', sha: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
    base: { ref: 'main', sha: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }
  },
  repository: { full_name: 'octo-org/octo-repo' }
}
const SECRET = 'sk-github-e2e-secret-value'
const WRITE_TOKEN = 'ghs_harness_token'

describe('on a pull request', () => {
  let emulator: Emulator
  let github: GitHubApi
  beforeAll(async () => {
    emulator = await startEmulator({ eventTickMs: 40 })
    emulator.addAgent('reviewer', {
      script: {
        steps: [
          { at: 0, system: 'ready' },
          {
            at: 10,
            agent: {
              type: 'result',
              subtype: 'success',
              // The answer echoes the secret: the summary and comment must not.
              result: `Looks good. ${'Detail. '.repeat(200_000)}token=${SECRET}`,
              total_cost_usd: 0.5,
              num_turns: 7
            }
          }
        ],
        durationMs: 30
      }
    })
    github = await startGitHubApi({ readOnlyTokens: ['ghs_read_only'] })
  })
  afterAll(async () => {
    await github.close()
    await emulator.close()
  })
  beforeEach(() => emulator.reset())

  const inputs = (extra: Record<string, string> = {}): Record<string, string> => ({
    'vm0-token': emulator.token,
    'api-url': emulator.url,
    agent: 'reviewer',
    prompt: 'Review this pull request',
    secrets: `KEY=${SECRET}`,
    variables: 'GITHUB_ACTOR=overridden-by-user',
    'github-context': 'true',
    'comment-on-pr': 'true',
    ...extra
  })
  const env = (): Record<string, string> => ({
    GITHUB_API_URL: github.url,
    GITHUB_HEAD_REF: 'feature/greeting',
    GITHUB_BASE_REF: 'main',
    GITHUB_REF: `refs/pull/${PR}/merge`
  })

  it('passes the context, writes a bounded summary, and comments once per re-run', async () => {
    const job = createJob()
    const first = await runStep({
      job,
      inputs: inputs(),
      env: env(),
      event,
      eventName: 'pull_request'
    })
    expect(first.code).toBe(0)

    // The agent got the workflow's context; the user's variable won the clash.
    const run = emulator.runs()[0]!
    expect(run.variables).toEqual(
      expect.objectContaining({
        GITHUB_REPOSITORY: 'octo-org/octo-repo',
        GITHUB_PR_NUMBER: String(PR),
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_HEAD_REF: 'feature/greeting',
        GITHUB_BASE_REF: 'main',
        GITHUB_RUN_URL: 'https://github.com/octo-org/octo-repo/actions/runs/1658821493',
        GITHUB_ACTOR: 'overridden-by-user'
      })
    )

    // The summary: what happened, bounded, nothing secret.
    const summary = first.summary
    expect(Buffer.byteLength(summary)).toBeLessThan(1024 * 1024)
    expect(summary).toContain(run.id)
    expect(summary).toContain('completed')
    expect(summary).toContain('reviewer')
    expect(summary).toContain('Looks good.')
    expect(summary).toMatch(/\$0\.50?/)
    expect(summary).toMatch(/cut|truncated|shortened/i)
    expect(summary).not.toContain(SECRET)
    expect(summary).not.toContain(emulator.token)

    // Outputs stay under 64 KiB each; the whole answer is in output-file.
    expect(Buffer.byteLength(first.outputs.output!)).toBeLessThanOrEqual(64 * 1024)
    expect(first.outputs.output!.startsWith('Looks good.')).toBe(true)
    const answerFile = readFileSync(first.outputs['output-file']!, 'utf8')
    expect(answerFile).toMatch(/^Looks good\..*token=\*\*\*$/s)
    expect(answerFile).not.toContain(SECRET)
    const allOutputs = Object.values(first.outputs).reduce((n, v) => n + Buffer.byteLength(v), 0)
    expect(allOutputs).toBeLessThan(200 * 1024)

    // One comment, written at the start and updated at the end, with the outcome.
    const comments = github.comments(PR)
    expect(comments).toHaveLength(1)
    expect(comments[0]!.body).toContain('completed')
    expect(comments[0]!.body).not.toContain(SECRET)
    const writes = github.requests.filter(r => r.method !== 'GET')
    expect(writes.map(w => w.method)).toEqual(['POST', 'PATCH'])
    expect(writes.every(w => w.token === WRITE_TOKEN)).toBe(true)

    // A re-run of the job finds the same comment and updates it.
    const again = await runStep({
      job,
      inputs: inputs(),
      env: env(),
      event,
      eventName: 'pull_request'
    })
    expect(again.code).toBe(0)
    expect(github.comments(PR)).toHaveLength(1)
    // One comment created; the re-run's POST /graphql only asked whose comments are its own.
    expect(
      github.requests.filter(r => r.method === 'POST' && r.path.endsWith('/comments'))
    ).toHaveLength(1)
    expect(github.requests.filter(r => r.path === '/graphql')).toHaveLength(1)
  })

  it('skips the comment with a notice when the token may not write, and still passes', async () => {
    const before = github.comments(PR).length
    const step = await runStep({
      inputs: inputs({ 'github-token': 'ghs_read_only' }),
      env: env(),
      event,
      eventName: 'pull_request'
    })
    expect(step.code).toBe(0)
    expect(
      step.parsed.commands
        .filter(c => c.command === 'notice')
        .map(c => c.data)
        .join('\n')
    ).toMatch(/comment/i)
    expect(github.comments(PR)).toHaveLength(before)
  })

  it('outside a pull request, says so in a notice and makes no GitHub request', async () => {
    const requests = github.requests.length
    const step = await runStep({ inputs: inputs(), env: env(), event: {}, eventName: 'push' })
    expect(step.code).toBe(0)
    expect(
      step.parsed.commands.some(c => c.command === 'notice' && /pull request/.test(c.data))
    ).toBe(true)
    expect(github.requests.length).toBe(requests)
  })
})
