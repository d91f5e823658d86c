import { afterEach, describe, expect, it } from '@jest/globals'
import { startGitHubApi, type GitHubApi } from '../../emulator/github-api.js'
import { PrCommenter, commentContextFromEnv } from '../../src/report/pr-comment.js'

const ENV = {
  GITHUB_REPOSITORY: 'octo/repo',
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_WORKFLOW: 'Agent review',
  GITHUB_JOB: 'review',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '99',
  GITHUB_RUN_ATTEMPT: '2'
}
const PR_EVENT = { pull_request: { number: 42, head: { ref: 'x', sha: 'a'.repeat(40) } } }
const savedApiUrl = process.env['GITHUB_API_URL']
let fake: GitHubApi | null = null

afterEach(async () => {
  await fake?.close()
  fake = null
  if (savedApiUrl === undefined) delete process.env['GITHUB_API_URL']
  else process.env['GITHUB_API_URL'] = savedApiUrl
})

/** The comment's body once a run with `answer` finished, posted to the GitHub API fake. */
async function finishedBody(
  env: Record<string, string>,
  answer: string,
  note: string | null = null
): Promise<string> {
  fake = await startGitHubApi({})
  process.env['GITHUB_API_URL'] = fake.url
  const ctx = commentContextFromEnv({ token: 'ghs_x', agent: 'a', env, payload: PR_EVENT })
  const commenter = new PrCommenter({
    log: { notice: () => {}, warning: () => {}, info: () => {} }
  })
  expect(
    await commenter.finishComment(ctx, { status: 'completed', runId: 'r1', answer, note })
  ).toBe(true)
  return fake.comments(42)[0]?.body ?? ''
}

describe("the comment's note under an answer cut to fit", () => {
  const long = 'A line of the answer that goes on.\n\n'.repeat(4000)

  it('links to the job summary of the workflow run (this attempt), not to a file on the runner', async () => {
    const body = await finishedBody(ENV, long)
    expect(body).toContain(
      '*(answer cut here at 48.0 KiB to fit a comment: read on in the [job summary](<https://github.com/octo/repo/actions/runs/99/attempts/2>))*'
    )
    expect(body).not.toContain('output-file')
  })

  it('says only that it was cut when there is no workflow run to link to', async () => {
    const { GITHUB_RUN_ID: _run, ...local } = ENV
    const body = await finishedBody(local, long)
    expect(body).toContain('*(answer cut here at 48.0 KiB to fit a comment)*')
    expect(body).not.toContain('output-file')
  })
})

describe("the comment's note on the run's files", () => {
  it('says why no files were collected, under the header, Markdown escaped', async () => {
    const note = 'No output files were found: the agent published no files for this run <here>.'
    const body = await finishedBody(ENV, 'Done.', note)
    const lines = body.split('\n')
    const at = lines.findIndex(l => l.startsWith('No output files were found'))
    expect(at).toBeGreaterThan(0)
    expect(lines[at]).toContain('&lt;here&gt;')
    expect(at).toBeLessThan(lines.indexOf('Done.'))
  })
})
