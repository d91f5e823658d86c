import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { startGitHubApi, type GitHubApi, type GitHubApiOptions } from '../../emulator/github-api.js'
import {
  PrCommenter,
  commentContextFromEnv,
  commentMarker,
  type CommentContext,
  type CommentLog
} from '../../src/report/pr-comment.js'
import { createRedactor } from '../../src/text/secrets.js'

const TOKEN = 'ghs_writeTokenAbCdEf0123456789'
const READ_ONLY = 'ghs_forkTokenReadOnly0123456789'
const RUN_ID = '11111111-2222-4333-8444-555555555555'

const ENV = {
  GITHUB_REPOSITORY: 'octo/repo',
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_WORKFLOW: 'Agent review',
  GITHUB_JOB: 'review',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '99',
  GITHUB_RUN_ATTEMPT: '1'
}
const PR_EVENT = { pull_request: { number: 42, head: { ref: 'x', sha: 'a'.repeat(40) } } }

const apis: GitHubApi[] = []
const savedApiUrl = process.env['GITHUB_API_URL']

async function api(options: GitHubApiOptions = {}): Promise<GitHubApi> {
  const started = await startGitHubApi(options)
  apis.push(started)
  // The default octokit factory reads GITHUB_API_URL when it is called, as on a runner.
  process.env['GITHUB_API_URL'] = started.url
  return started
}

function context(overrides: Partial<CommentContext> = {}): CommentContext {
  return {
    ...commentContextFromEnv({ token: TOKEN, agent: 'demo-agent', env: ENV, payload: PR_EVENT }),
    ...overrides
  }
}

function logger(): CommentLog & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    notice: m => lines.push(`notice: ${m}`),
    warning: m => lines.push(`warning: ${m}`),
    info: m => lines.push(`info: ${m}`)
  }
}

afterEach(async () => {
  for (const a of apis.splice(0)) await a.close()
})
afterAll(() => {
  if (savedApiUrl === undefined) delete process.env['GITHUB_API_URL']
  else process.env['GITHUB_API_URL'] = savedApiUrl
})

describe('commentContextFromEnv', () => {
  it('reads the repository, PR number, identity and run URL', () => {
    expect(context()).toEqual({
      token: TOKEN,
      owner: 'octo',
      repo: 'repo',
      prNumber: 42,
      issueNumber: null,
      eventName: 'pull_request',
      workflow: 'Agent review',
      job: 'review',
      agent: 'demo-agent',
      runUrl: 'https://github.com/octo/repo/actions/runs/99'
    })
  })
  it('encodes the marker parts so a name cannot end the HTML comment', () => {
    expect(commentMarker({ workflow: 'Agent review', job: 'review', agent: 'demo-agent' })).toBe(
      '<!-- vm0-run-action:Agent%20review:review:demo%2Dagent -->'
    )
    expect(commentMarker({ workflow: 'x -->', job: 'a:b', agent: 'c' })).toBe(
      '<!-- vm0-run-action:x%20%2D%2D%3E:a%3Ab:c -->'
    )
  })
})

describe('PrCommenter against the GitHub API fake', () => {
  let fake: GitHubApi
  beforeAll(() => {
    delete process.env['GITHUB_API_URL']
  })

  it('creates the comment at the start and updates it at the end', async () => {
    fake = await api({ comments: [{ issueNumber: 42, body: 'LGTM' }] })
    const log = logger()
    const commenter = new PrCommenter({ log })
    const ctx = context()

    expect(await commenter.startComment(ctx, RUN_ID)).toBe(true)
    let comments = fake.comments(42)
    expect(comments).toHaveLength(2)
    const ours = comments[1]
    expect(ours?.body.startsWith(commentMarker(ctx))).toBe(true)
    expect(ours?.body).toContain('### ⏳ demo-agent is running')
    expect(ours?.body).toContain(`Run \`${RUN_ID}\``)
    expect(ours?.body).toContain('(<https://github.com/octo/repo/actions/runs/99>)')

    const redact = createRedactor(['hunter2'])
    expect(
      await commenter.finishComment(ctx, {
        status: 'completed',
        runId: RUN_ID,
        answer: 'Looks good. The password is hunter2.\n```\n<img src=x>',
        costUsd: 0.5,
        numTurns: 3,
        durationMs: 61_000,
        fileCount: 2,
        totalBytes: 2048,
        artifactName: 'vm0-results-11111111',
        artifactUrl: 'https://github.com/octo/repo/actions/runs/99/artifacts/5',
        redact
      })
    ).toBe(true)
    comments = fake.comments(42)
    expect(comments).toHaveLength(2)
    const body = comments[1]?.body ?? ''
    expect(comments[1]?.id).toBe(ours?.id)
    expect(body.startsWith(commentMarker(ctx))).toBe(true)
    expect(body).toContain(
      '### ✅ demo-agent completed in 1m1s\n\n**completed** · 1m1s · $0.5000 · 3 turns'
    )
    expect(body).toContain(
      '2 output files (2.0 KiB): [vm0-results-11111111](<https://github.com/octo/repo/actions/runs/99/artifacts/5>)'
    )
    // Rendered as Markdown; the fence the answer left open is closed.
    // (The serialiser escapes the redaction's `***`: it reads `***` once rendered.)
    expect(body).toContain('Looks good. The password is \\*\\*\\*.\n\n```\n<img src=x>\n```\n')
    expect(body).not.toContain('hunter2')

    const methods = fake.requests.map(r => `${r.method} ${r.path}`)
    expect(methods).toEqual([
      'GET /repos/octo/repo/issues/42/comments',
      'POST /repos/octo/repo/issues/42/comments',
      `PATCH /repos/octo/repo/issues/comments/${ours?.id}`
    ])
    expect(fake.requests.every(r => r.token === TOKEN)).toBe(true)
    expect(log.lines.filter(l => !l.startsWith('info:'))).toEqual([])
  })

  it('updates the same comment on a re-run, finding it among many pages', async () => {
    const others = Array.from({ length: 25 }, (_, i) => ({ issueNumber: 42, body: `comment ${i}` }))
    fake = await api({ comments: others, maxPerPage: 10 })
    const ctx = context()

    const first = new PrCommenter({ log: logger() })
    await first.startComment(ctx, RUN_ID)
    await first.finishComment(ctx, { status: 'failed', runId: RUN_ID, error: 'boom' })
    const firstRunRequests = fake.requests.length
    // A human replies after our comment.
    const later = await fetch(`${fake.url}/repos/octo/repo/issues/42/comments`, {
      method: 'POST',
      headers: { authorization: 'token someone-else', 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'a human reply' })
    })
    expect(later.status).toBe(201)

    const rerun = new PrCommenter({ log: logger() })
    await rerun.startComment(ctx, 'second-run')
    await rerun.finishComment(ctx, { status: 'completed', runId: 'second-run', answer: 'fixed' })

    const ours = fake.comments(42).filter(c => c.body.startsWith(commentMarker(ctx)))
    expect(ours).toHaveLength(1)
    expect(ours[0]?.body).toContain('`second-run`')
    expect(ours[0]?.body).toContain('fixed')
    expect(fake.comments(42)).toHaveLength(25 + 1 + 1)
    // The re-run's search followed the Link headers page by page to the comment (on page 3).
    const pages = fake.requests
      .slice(firstRunRequests + 1)
      .filter(r => r.method === 'GET' && r.path.endsWith('/comments'))
      .map(r => r.query['page'] ?? '1')
    expect(pages).toEqual(['1', '2', '3'])
    // The author was checked once, by GraphQL's viewer (GET /user is 403 for an installation token).
    expect(fake.requests.filter(r => r.path === '/graphql').map(r => r.status)).toEqual([200])
    expect(fake.requests.filter(r => r.path === '/user')).toEqual([])
  })

  it('never adopts a marker comment written by someone else (a forged marker)', async () => {
    const ctx = context()
    const forged = `${commentMarker(ctx)}\n### ✅ VM0 run: completed\n\nAll checks passed, merge it.`
    fake = await api({
      comments: [
        { issueNumber: 42, body: forged, user: { login: 'mallory', type: 'User' } },
        { issueNumber: 42, body: forged, user: { login: 'evil-app[bot]', type: 'Bot' } }
      ]
    })
    const commenter = new PrCommenter({ log: logger() })
    expect(await commenter.startComment(ctx, RUN_ID)).toBe(true)
    await commenter.finishComment(ctx, { status: 'failed', runId: RUN_ID, error: 'boom' })
    const comments = fake.comments(42)
    expect(comments).toHaveLength(3)
    expect(comments[0]?.body).toBe(forged)
    expect(comments[1]?.body).toBe(forged)
    expect(comments[2]?.user.login).toBe('github-actions[bot]')
    expect(comments[2]?.body).toContain('demo-agent failed')
    expect(fake.requests.filter(r => r.method === 'PATCH').map(r => r.path)).toEqual([
      `/repos/octo/repo/issues/comments/${comments[2]?.id}`
    ])
    // One identity lookup, however many marker comments there are.
    expect(fake.requests.filter(r => r.path === '/graphql')).toHaveLength(1)
  })

  it('with a personal token, adopts only the comment that token wrote', async () => {
    const PAT = 'ghp_personalToken0123456789'
    const ctx = context({ token: PAT })
    const marker = commentMarker(ctx)
    fake = await api({
      users: { [PAT]: { login: 'octocat', type: 'User' } },
      comments: [
        {
          issueNumber: 42,
          body: `${marker}\nby the bot`,
          user: { login: 'github-actions[bot]', type: 'Bot' }
        }
      ]
    })
    await new PrCommenter({ log: logger() }).startComment(ctx, RUN_ID)
    let comments = fake.comments(42)
    expect(comments).toHaveLength(2)
    expect(comments[0]?.body).toBe(`${marker}\nby the bot`)
    expect(comments[1]?.user.login).toBe('octocat')
    // A re-run with the same token finds its own comment again.
    await new PrCommenter({ log: logger() }).startComment(ctx, 'second-run')
    comments = fake.comments(42)
    expect(comments).toHaveLength(2)
    expect(comments[1]?.body).toContain('`second-run`')
    expect(fake.requests.filter(r => r.path === '/graphql').map(r => r.status)).toEqual([200, 200])
  })

  it("with a GitHub App token, adopts its own bot comment and no other bot's", async () => {
    const APP = 'ghs_appInstallationToken0123'
    const ctx = context({ token: APP })
    const marker = commentMarker(ctx)
    fake = await api({
      apps: { [APP]: 'vm0-reviewer[bot]' },
      comments: [
        // Same marker, other bots: the default token's and another app's.
        {
          issueNumber: 42,
          body: `${marker}\nactions`,
          user: { login: 'github-actions[bot]', type: 'Bot' }
        },
        {
          issueNumber: 42,
          body: `${marker}\nother`,
          user: { login: 'other-app[bot]', type: 'Bot' }
        },
        {
          issueNumber: 42,
          body: `${marker}\nours`,
          user: { login: 'vm0-reviewer[bot]', type: 'Bot' }
        }
      ]
    })
    const commenter = new PrCommenter({ log: logger() })
    expect(await commenter.startComment(ctx, RUN_ID)).toBe(true)
    const comments = fake.comments(42)
    expect(comments.map(c => c.body.split('\n')[1])).toEqual([
      'actions',
      'other',
      expect.stringContaining('is running')
    ])
    expect(comments[2]?.user.login).toBe('vm0-reviewer[bot]')
    expect(fake.requests.map(r => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /repos/octo/repo/issues/42/comments 200',
      'POST /graphql 200',
      `PATCH /repos/octo/repo/issues/comments/${comments[2]?.id} 200`
    ])
  })

  it('with a GitHub App token whose first comment is new, writes it and finds it on a re-run', async () => {
    const APP = 'ghs_appInstallationToken0123'
    const ctx = context({ token: APP })
    fake = await api({
      apps: { [APP]: 'vm0-reviewer[bot]' },
      comments: [
        {
          issueNumber: 42,
          body: `${commentMarker(ctx)}\nby the default token`,
          user: { login: 'github-actions[bot]', type: 'Bot' }
        }
      ]
    })
    await new PrCommenter({ log: logger() }).startComment(ctx, RUN_ID)
    await new PrCommenter({ log: logger() }).startComment(ctx, 'second-run')
    const comments = fake.comments(42)
    expect(comments).toHaveLength(2)
    expect(comments[0]?.body).toContain('by the default token')
    expect(comments[1]?.user.login).toBe('vm0-reviewer[bot]')
    expect(comments[1]?.body).toContain('`second-run`')
  })

  it('when the login cannot be told, writes a new comment rather than adopt one', async () => {
    const APP = 'ghs_appInstallationToken0123'
    const ctx = context({ token: APP })
    // The old guess for an installation token (github-actions[bot]) would adopt this one.
    fake = await api({
      apps: { [APP]: 'vm0-reviewer[bot]' },
      noGraphql: true,
      comments: [
        {
          issueNumber: 42,
          body: `${commentMarker(ctx)}\nforged`,
          user: { login: 'github-actions[bot]', type: 'Bot' }
        }
      ]
    })
    const log = logger()
    const commenter = new PrCommenter({ log })
    expect(await commenter.startComment(ctx, RUN_ID)).toBe(true)
    await commenter.finishComment(ctx, { status: 'completed', runId: RUN_ID, answer: 'done' })
    const comments = fake.comments(42)
    expect(comments).toHaveLength(2)
    expect(comments[0]?.body).toContain('forged')
    expect(comments[1]?.body).toContain('done')
    expect(
      fake.requests
        .filter(r => r.path === '/graphql' || r.path === '/user')
        .map(r => `${r.path} ${r.status}`)
    ).toEqual(['/graphql 404', '/user 403'])
    expect(log.lines).toContain(
      'info: comment-on-pr: could not tell which login the token comments as (GraphQL `viewer` and `GET /user` both failed), so no earlier comment is updated: a new one is written.'
    )
  })

  it('gives up on a write that takes too long, with a warning', async () => {
    // The API answers after 5 s; the write gives up at 0.3 s (a later answer would be `true`).
    fake = await api({ delayMs: 5000 })
    const log = logger()
    const commenter = new PrCommenter({ log, writeTimeoutMs: 300 })
    expect(await commenter.startComment(context(), RUN_ID)).toBe(false)
    expect(log.lines).toEqual([
      'warning: comment-on-pr: the comment on pull request #42 was not written: no answer within 0.3 s'
    ])
  })

  it('ends a write when the workflow is cancelled', async () => {
    fake = await api({ delayMs: 5000 })
    const log = logger()
    const cancel = new AbortController()
    setTimeout(() => cancel.abort(), 100)
    expect(await new PrCommenter({ log }).startComment(context(), RUN_ID, cancel.signal)).toBe(
      false
    )
    expect(log.lines).toEqual([
      'warning: comment-on-pr: the comment on pull request #42 was not written: the workflow was cancelled'
    ])
  })

  it('writes a new comment when the old one was deleted during the run', async () => {
    fake = await api()
    const log = logger()
    const commenter = new PrCommenter({ log })
    const ctx = context()
    await commenter.startComment(ctx, RUN_ID)
    const first = fake.comments(42)[0]?.id ?? -1
    fake.deleteComment(first)
    expect(await commenter.finishComment(ctx, { status: 'completed', runId: RUN_ID })).toBe(true)
    const comments = fake.comments(42)
    expect(comments).toHaveLength(1)
    expect(comments[0]?.id).not.toBe(first)
    expect(comments[0]?.body).toContain('**completed**')
    expect(commenter.id).toBe(comments[0]?.id)
    expect(log.lines.filter(l => !l.startsWith('info:'))).toEqual([])
  })

  it('keeps separate comments for different agents in the same job', async () => {
    fake = await api()
    await new PrCommenter({ log: logger() }).startComment(context({ agent: 'a' }))
    await new PrCommenter({ log: logger() }).startComment(context({ agent: 'b' }))
    await new PrCommenter({ log: logger() }).startComment(context({ agent: 'a' }))
    expect(fake.comments(42)).toHaveLength(2)
  })

  it('skips with a notice, and never throws, when the token may not comment (403)', async () => {
    fake = await api({ readOnlyTokens: [READ_ONLY] })
    const log = logger()
    const commenter = new PrCommenter({ log })
    const ctx = context({ token: READ_ONLY })
    expect(await commenter.startComment(ctx, RUN_ID)).toBe(false)
    expect(await commenter.finishComment(ctx, { status: 'completed', runId: RUN_ID })).toBe(false)
    expect(fake.comments(42)).toHaveLength(0)
    expect(log.lines).toHaveLength(1)
    expect(log.lines[0]).toMatch(
      /^notice: comment-on-pr: the token may not comment on pull request #42 \(HTTP 403\); pull requests from forks get a read-only token/
    )
    // Once skipped, the end of the run sends nothing more.
    expect(fake.requests.map(r => r.method)).toEqual(['GET', 'POST'])
  })

  it('turns other errors into a warning', async () => {
    fake = await api({ validTokens: ['another-token'] })
    const log = logger()
    const commenter = new PrCommenter({ log })
    expect(await commenter.startComment(context(), RUN_ID)).toBe(false)
    expect(log.lines).toHaveLength(1)
    expect(log.lines[0]).toMatch(
      /^warning: comment-on-pr: could not write the comment on pull request #42: Bad credentials/
    )
  })

  it('sends nothing outside a pull request', async () => {
    fake = await api()
    const log = logger()
    const commenter = new PrCommenter({ log })
    const ctx = commentContextFromEnv({
      token: TOKEN,
      agent: 'demo-agent',
      env: { ...ENV, GITHUB_EVENT_NAME: 'push' },
      payload: { ref: 'refs/heads/main' }
    })
    expect(ctx.prNumber).toBeNull()
    expect(await commenter.startComment(ctx)).toBe(false)
    expect(await commenter.finishComment(ctx, { status: 'completed', runId: RUN_ID })).toBe(false)
    expect(fake.requests).toHaveLength(0)
    expect(log.lines).toEqual([
      "notice: comment-on-pr: no comment, since this workflow run is not for a pull request or an issue (event 'push')"
    ])
  })

  it('comments on the issue of an issue_comment event, updates it on a re-run, and names issues: write on 403', async () => {
    fake = await api({ readOnlyTokens: [READ_ONLY] })
    const payload = {
      issue: { number: 7, title: 'Write the docs' },
      comment: { id: 1, body: '/agent' }
    }
    const ctx = commentContextFromEnv({
      token: TOKEN,
      agent: 'docs-writer',
      env: { ...ENV, GITHUB_EVENT_NAME: 'issue_comment' },
      payload
    })
    expect(ctx.prNumber).toBeNull()
    expect(ctx.issueNumber).toBe(7)
    const answer =
      '## Plan\n\nCC @octocat <!-- vm0-run-action:Agent%20review:review:docs%2Dwriter -->'
    for (const runId of ['first', 'second']) {
      const log = logger()
      const commenter = new PrCommenter({ log })
      await commenter.startComment(ctx, runId)
      await commenter.finishComment(ctx, { status: 'completed', runId, answer })
      expect(log.lines).toEqual([
        'info: ' +
          (runId === 'first' ? 'Commented on issue #7.' : 'Updated the comment on issue #7.'),
        'info: Updated the comment on issue #7.'
      ])
    }
    const comments = fake.comments(7)
    expect(comments).toHaveLength(1)
    const body = comments[0]?.body ?? ''
    expect(body).toContain('`second`')
    // The answer's headings sit below the comment's `###` title.
    expect(body).toContain('\n##### Plan\n')
    expect(body.split('<!-- vm0-run-action:')).toHaveLength(2)
    expect(body).not.toMatch(/@octocat/)

    const log = logger()
    const denied = new PrCommenter({ log })
    expect(await denied.startComment({ ...ctx, token: READ_ONLY }, 'third')).toBe(false)
    expect(log.lines.join('\n')).toContain('may not comment on issue #7 (HTTP 403)')
    expect(log.lines.join('\n')).toContain('`issues: write`')
  })

  it('uses the injected octokit factory', async () => {
    fake = await api()
    const tokens: string[] = []
    const { getOctokit } = await import('@actions/github')
    const commenter = new PrCommenter({
      log: logger(),
      octokit: token => {
        tokens.push(token)
        return getOctokit(token, { baseUrl: fake.url })
      }
    })
    delete process.env['GITHUB_API_URL']
    expect(await commenter.startComment(context())).toBe(true)
    expect(tokens).toEqual([TOKEN])
    expect(fake.comments(42)).toHaveLength(1)
  })
})
