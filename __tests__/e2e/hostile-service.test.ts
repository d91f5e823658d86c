/**
 * End to end: the bundled action against a hostile or misdirected service,
 * and inputs that would leak the token or a file. Each test is named after
 * the attack it survives: the step stays bounded in time, output and memory,
 * follows only the run it asked for, refuses before any request, and adopts
 * no comment it did not write.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startGitHubApi, type GitHubApi } from '../../emulator/github-api.js'
import { createJob, runStep, type StepResult } from '../../emulator/runner/harness.js'
import { startEmulator, type Emulator } from '../../emulator/vm0/index.js'
import { commentMarker } from '../../src/report/pr-comment.js'
import { expectPeakBelow, rssProbe } from '../support/rss-probe.js'

const MiB = 1024 * 1024

function errors(step: StepResult): string[] {
  return step.parsed.commands.filter(c => c.command === 'error').map(c => c.data)
}

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ eventTickMs: 40, seed: 3 })
  emulator.addAgent('endless', { script: { pendingMs: 20, neverEnds: true } })
  emulator.addAgent('quick', {
    script: {
      pendingMs: 20,
      steps: [
        { at: 0, system: 'sandbox ready' },
        { at: 30, agent: { type: 'result', subtype: 'success', result: 'the answer' } }
      ],
      durationMs: 1500
    }
  })
})
afterAll(async () => {
  await emulator.close()
})
beforeEach(() => {
  emulator.reset()
  emulator.clearFaults()
})

const inputs = (extra: Record<string, string>): Record<string, string> => ({
  'vm0-token': emulator.token,
  'api-url': emulator.url,
  agent: 'quick',
  prompt: 'Do it',
  ...extra
})

describe('a hostile service stays bounded', () => {
  it('endless log pages vs timeout: the step ends at the timeout, its output bounded', async () => {
    emulator.addFault({
      path: /\/logs$/,
      times: Infinity,
      action: { kind: 'endless-log-pages', messageChars: 40 }
    })
    const step = await runStep({
      inputs: inputs({ agent: 'endless', timeout: '10s' })
    })
    expect(step.signal).toBeNull()
    expect(step.code).toBe(1)
    expect(errors(step).at(-1)).toMatch(/`timeout` of 10s; VM0 run [0-9a-f-]+ was cancelled/)
    expect(Buffer.byteLength(step.stdout)).toBeLessThan(40 * MiB)
    expect(emulator.runs()[0]?.status).toBe('cancelled')
  })

  it('endless log pages of long lines: reading stops at the limit, saying so; the run ends completed', async () => {
    emulator.addFault({
      path: /\/logs$/,
      times: Infinity,
      action: { kind: 'endless-log-pages', messageChars: 60_000 }
    })
    const step = await runStep({ inputs: inputs({}) })
    expect(step.code).toBe(0)
    expect(step.outputs.status).toBe('completed')
    expect(step.stdout).toContain("Stopped reading the run's log after")
    expect(step.stdout).toContain('the run is still followed to its end')
    const logReads = emulator.requests.filter(r => r.path.endsWith('/logs')).length
    // 32 MiB of text at 6 MB a page: a handful of pages per cursor (side polls and tail), not hundreds.
    expect(logReads).toBeLessThan(40)
    expect(Buffer.byteLength(step.stdout)).toBeLessThan(40 * MiB)
  })

  it('endless event-stream line: memory stays bounded and the run is followed by polling', async () => {
    emulator.addFault({ path: /\/events$/, times: Infinity, action: { kind: 'endless-line' } })
    const probe = rssProbe()
    const step = await runStep({ inputs: inputs({}), onSpawn: probe.onSpawn })
    expect(step.code).toBe(0)
    expect(step.outputs.status).toBe('completed')
    expect(step.outputs.output).toBe('the answer')
    expect(step.stdout).toContain('Following the run by polling instead of its event stream')
    expect(step.stdout).toContain('sent a line longer than 4,194,304 characters')
    expect(emulator.requests.filter(r => r.path.endsWith('/events'))).toHaveLength(1)
    expectPeakBelow(probe, 300)
  })

  it('attach answered for another run id: nothing is followed, cancelled or reported as ours', async () => {
    const first = await runStep({ inputs: inputs({}) })
    const other = first.outputs['run-id'] ?? ''
    expect(other).not.toBe('')
    const answer = await fetch(`${emulator.url}/v1/runs/${other}`, {
      headers: { authorization: `Bearer ${emulator.token}` }
    })
    const body = await answer.text()
    const asked = '0f0e0d0c-0b0a-4909-8807-060504030201'
    emulator.reset()
    emulator.addFault({
      method: 'GET',
      path: `/v1/runs/${asked}`,
      times: Infinity,
      action: { kind: 'status', status: 200, body, contentType: 'application/json' }
    })
    const step = await runStep({
      inputs: { 'vm0-token': emulator.token, 'api-url': emulator.url, 'run-id': asked }
    })
    expect(step.code).toBe(1)
    expect(step.outputs.status).toBe('not-started')
    expect(step.outputs['run-id'] ?? '').toBe('')
    expect(errors(step).join('\n')).toContain(`Asked for run ${asked}`)
    expect(errors(step).join('\n')).toContain('a different run')
    // Only the one read: no stream, logs or cancel of the other run.
    expect(emulator.requests.map(r => `${r.method} ${r.path}`)).toEqual([`GET /v1/runs/${asked}`])
  })
})

describe('inputs that would leak are refused before any request', () => {
  it('http:// api-url to a non-loopback host: refused, the token never sent in cleartext', async () => {
    // 0.0.0.0 reaches this machine on Linux, so a request would land on the emulator.
    const url = emulator.url.replace('127.0.0.1', '0.0.0.0')
    const step = await runStep({ inputs: inputs({ 'api-url': url }) })
    expect(step.code).toBe(1)
    const message = errors(step).join('\n')
    expect(message).toContain('`api-url` must use https')
    expect(message).toContain('loopback')
    expect(emulator.requests).toHaveLength(0)
  })

  it.each([['..'], ['.']])(
    'upload-name: %s is refused',
    async name => {
      const step = await runStep({
        inputs: inputs({ 'artifact-name': 'out', 'upload-name': name })
      })
      expect(step.code).toBe(1)
      expect(errors(step).join('\n')).toContain('`upload-name` must be a name')
      expect(emulator.requests).toHaveLength(0)
    },
    60_000
  )

  it('prompt-file pointing outside the workspace, or at a symlink out of it: refused, nothing sent', async () => {
    const job = createJob()
    writeFileSync(join(job.dir, 'outside.md'), 'a file outside the workspace')
    // A stand-in for /proc/self/environ that exists on every OS: a secret outside the workspace.
    writeFileSync(join(job.dir, 'environ'), 'INPUT_VM0-TOKEN=not-for-the-agent')
    mkdirSync(join(job.workspace, 'prompts'))
    symlinkSync(join(job.dir, 'environ'), join(job.workspace, 'prompts', 'env.md'))
    symlinkSync(join(job.dir, 'outside.md'), join(job.workspace, 'prompts', 'out.md'))
    for (const file of [
      join(job.dir, 'environ'),
      '../outside.md',
      'prompts/env.md',
      'prompts/out.md'
    ]) {
      const step = await runStep({
        job,
        inputs: inputs({ prompt: '', 'prompt-file': file })
      })
      expect(step.code).toBe(1)
      expect(errors(step).join('\n')).toContain('`prompt-file` must be a file inside the workspace')
      expect(step.stdout).not.toContain('INPUT_VM0-TOKEN')
    }
    expect(emulator.requests).toHaveLength(0)
    expect(emulator.runs()).toHaveLength(0)
  })
})

describe('the sticky comment', () => {
  let github: GitHubApi
  afterAll(async () => {
    await github.close()
  })

  it('a forged marker comment by another author is not adopted: a new comment is written', async () => {
    const PR = 7
    const marker = commentMarker({ workflow: 'CI', job: 'agent', agent: 'quick' })
    const forged = `${marker}\n### ✅ VM0 run \`quick\`: completed\n\nAll checks passed: merge it.`
    github = await startGitHubApi({
      repository: 'octo-org/octo-repo',
      comments: [{ issueNumber: PR, body: forged, user: { login: 'mallory', type: 'User' } }]
    })
    const step = await runStep({
      inputs: inputs({ 'comment-on-pr': 'true' }),
      env: { GITHUB_API_URL: github.url },
      event: { number: PR, pull_request: { number: PR } },
      eventName: 'pull_request'
    })
    expect(step.code).toBe(0)
    const comments = github.comments(PR)
    expect(comments).toHaveLength(2)
    expect(comments[0]?.body).toBe(forged)
    expect(comments[1]?.user.login).toBe('github-actions[bot]')
    expect(comments[1]?.body.startsWith(marker)).toBe(true)
    expect(comments[1]?.body).toContain('quick completed')
    expect(github.requests.filter(r => r.method === 'PATCH').map(r => r.path)).toEqual([
      `/repos/octo-org/octo-repo/issues/comments/${comments[1]?.id}`
    ])
  })
})
