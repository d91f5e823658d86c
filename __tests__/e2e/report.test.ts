/**
 * End to end: the report as people read it. The bundled action, run as the
 * runner runs it against the VM0 emulator (metrics in bytes, as the service
 * sends them) and the GitHub API fake: the answer rendered as safe Markdown
 * in the summary and the comment, the Mermaid pictures, honest figures, the
 * wording of a timeout, and the comment on an issue.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startGitHubApi, type GitHubApi } from '../../emulator/github-api.js'
import { startEmulator, type Emulator, type RunScript } from '../../emulator/vm0/index.js'
import { createJob, runStep } from '../../emulator/runner/harness.js'

const MARKER = '<!-- vm0-run-action:'
const ANSWER = [
  '## Review',
  '',
  '| File | Verdict |',
  '| --- | --- |',
  '| `src/greeting.ts` | fine |',
  '',
  'Thanks @octocat; cc @octo-org/reviewers.',
  '<img src="https://tracker.test/pixel.png" onerror="alert(1)">',
  '</details>',
  '<!-- vm0-run-action:Report:report:reviewer -->'
].join('\n')

const assistant = (content: object[]): object => ({ type: 'assistant', message: { content } })

function script(answer: string, status: 'completed' | 'failed' = 'completed'): RunScript {
  return {
    pendingMs: 20,
    durationMs: 1500,
    status,
    error: status === 'failed' ? 'Agent exited with code 1' : null,
    steps: [
      { at: 0, system: 'sandbox ready' },
      { at: 100, agent: assistant([{ type: 'text', text: 'Reading the code.' }]) },
      {
        at: 300,
        agent: assistant([
          { type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'npm test' } }
        ])
      },
      {
        at: 900,
        agent: {
          type: 'user',
          message: {
            content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok', is_error: false }]
          }
        }
      },
      {
        at: 1000,
        agent: assistant([
          { type: 'tool_use', id: 't2', name: 'Read', input: { file_path: 'src/a.ts' } }
        ])
      },
      {
        at: 1200,
        agent: {
          type: 'user',
          message: {
            content: [
              { type: 'tool_result', tool_use_id: 't2', content: 'missing', is_error: true }
            ]
          }
        }
      },
      {
        at: 1300,
        agent: {
          type: 'result',
          subtype: status === 'completed' ? 'success' : 'error_during_execution',
          is_error: status !== 'completed',
          result: answer,
          total_cost_usd: 0.0421,
          num_turns: 3,
          usage: { input_tokens: 1234, output_tokens: 567, cache_read_input_tokens: 8900 }
        }
      }
    ],
    metrics: Array.from({ length: 60 }, (_, i) => ({
      cpuPercent: 20 + (i % 7) * 10,
      memoryUsedMb: 900 + i * 5,
      memoryTotalMb: 4096
    }))
  }
}

/** Markdown outside fenced code blocks and code spans: where HTML, mentions and headings take effect. */
function outsideCode(markdown: string): string {
  const out: string[] = []
  let fence: string | null = null
  for (const line of markdown.split('\n')) {
    const trimmed = line.trim()
    const m = /^(`{3,}|~{3,})/.exec(trimmed)
    if (fence === null && m) fence = m[1] ?? null
    else if (fence !== null && m && trimmed.length >= fence.length && /^(`+|~+)$/.test(trimmed))
      fence = null
    else if (fence === null) out.push(line.replace(/`[^`]*`/g, ''))
  }
  return out.join('\n')
}

function expectSafe(markdown: string): void {
  const outside = outsideCode(markdown)
  // The heading (below the report's own titles) and the table render (outside any code block).
  expect(outside).toMatch(/^##### Review$/m)
  expect(outside).toMatch(/^\| File +\| Verdict \|\n\| -+ \| -+ \|$/m)
  // No mention that notifies: a zero-width joiner follows each `@`.
  expect(outside).not.toMatch(/(^|[^A-Za-z0-9])@[A-Za-z0-9]/)
  expect(outside).toContain('@\u200doctocat')
  expect(outside).toContain('@\u200docto-org/reviewers')
  // No raw HTML beyond the report's own collapsed sections: no tag of the answer survives.
  const own = /^(<details>|<details open>|<\/details>|<summary>[^<]*<\/summary>)$/
  const tags = outside
    .split('\n')
    .map(line => line.replace(/\]\(<https?:[^>\s]*>\)/g, '](link)')) // the report's own links
    .filter((line, i) => !(i === 0 && line.startsWith(MARKER))) // the comment's own marker
    .filter(line => !own.test(line) && /(^|[^\\])<[A-Za-z/!]/.test(line))
  expect(tags).toEqual([])
  // The answer's HTML is text, escaped with a backslash.
  expect(outside).toContain('\\<img src="https\\://tracker.test/pixel.png"')
}

describe('the report', () => {
  let emulator: Emulator
  let github: GitHubApi
  beforeAll(async () => {
    emulator = await startEmulator({ eventTickMs: 40 })
    emulator.addAgent('reviewer', { script: script(ANSWER) })
    emulator.addAgent('breaker', { script: script('It broke.', 'failed') })
    emulator.addAgent('sleeper', {
      script: {
        neverEnds: true,
        steps: [
          { at: 0, system: 'waiting' },
          {
            at: 100,
            agent: assistant([
              { type: 'tool_use', id: 's1', name: 'Bash', input: { command: 'sleep 600' } }
            ])
          }
        ]
      }
    })
    github = await startGitHubApi()
  })
  afterAll(async () => {
    await github.close()
    await emulator.close()
  })
  beforeEach(() => emulator.reset())

  const inputs = (agent: string, extra: Record<string, string> = {}): Record<string, string> => ({
    'vm0-token': emulator.token,
    'api-url': emulator.url,
    agent,
    prompt: 'Review this',
    'comment-on-pr': 'true',
    ...extra
  })
  const env = (): Record<string, string> => ({
    GITHUB_API_URL: github.url,
    GITHUB_WORKFLOW: 'Report',
    GITHUB_JOB: 'report'
  })
  const prEvent = { number: 5, pull_request: { number: 5 } }

  it('renders the answer as safe Markdown in the summary and the comment, with exactly one marker', async () => {
    const step = await runStep({
      inputs: inputs('reviewer'),
      env: env(),
      event: prEvent,
      eventName: 'pull_request'
    })
    expect(step.code).toBe(0)
    expectSafe(step.summary)
    const comments = github.comments(5)
    expect(comments).toHaveLength(1)
    const body = comments[0]!.body
    expectSafe(body)
    expect(body.split(MARKER)).toHaveLength(2)
    expect(body.startsWith(MARKER)).toBe(true)
    // The whole answer, as the agent wrote it, stays in output-file.
    expect(step.outputs.output).toBe(ANSWER)
  })

  it('draws the run: a resource chart and a timeline in Mermaid, sane memory, tokens, the agent in the title', async () => {
    const step = await runStep({
      inputs: inputs('reviewer', { 'comment-on-pr': 'false' }),
      env: env()
    })
    expect(step.code).toBe(0)
    const summary = step.summary
    expect(Buffer.byteLength(summary)).toBeLessThan(1024 * 1024)
    expect(summary).toMatch(/^## ✅ reviewer completed in \S+$/m)
    expect(summary).toMatch(
      /^\*\*completed\*\* · \S+ · \$0\.0421 · 3 turns · tokens 1\.2k in, 567 out, 8\.9k cache reads$/m
    )
    // Each line in an explicit colour (mermaid's default first line is invisible on white).
    expect(summary).toMatch(
      /```mermaid\n%%\{init: .*"plotColorPalette":"#[0-9a-f]{6}".*\}%%\nxychart-beta\n {2}title "CPU \(%\)"/
    )
    expect(summary).toMatch(
      /```mermaid\n%%\{init: .*\}%%\nxychart-beta\n {2}title "Memory \(GiB, of 4 GiB\)"/
    )
    // A run of seconds: an elapsed axis from 0.
    expect(summary).toContain('```mermaid\ngantt\n  dateFormat x\n  axisFormat %ss\n')
    expect(summary).toMatch(/ {2}npm test \(\S+\) : \d+, \d+/)
    expect(summary).toMatch(/ {2}Read a\.ts \(\S+\) : crit, \d+, \d+/)
    expect(summary).toContain('| `Bash` | 1 | 0 |')
    expect(summary).toContain('| `Read` | 1 | 1 |')
    // The service sends bytes in its …Mb fields: the summary shows MiB / GiB, not billions of MB.
    expect(summary).toMatch(/\| Memory \(peak\) \| 1\.2 GiB of 4 GiB \|/)
    expect(summary).not.toMatch(/\d{7,} ?MB/)
    expect(JSON.parse(step.outputs.metrics!)).toEqual(
      expect.objectContaining({ memoryTotalMb: 4096, maxMemoryUsedMb: 1195 })
    )
    expect(step.outputs['input-tokens']).toBe('1234')
    expect(step.outputs['output-tokens']).toBe('567')
  })

  it('shows a failed run’s last steps as the log shows them, never raw JSON', async () => {
    const step = await runStep({
      inputs: inputs('breaker', { 'comment-on-pr': 'false' }),
      env: env()
    })
    expect(step.code).toBe(1)
    expect(step.summary).toMatch(/^## ❌ breaker failed after \S+$/m)
    expect(step.summary).toContain('▸ Bash: npm test')
    expect(step.summary).toContain('[system] sandbox ready')
    expect(step.summary).not.toContain('{"type":')
  })

  it('says a run stopped by the action’s own timeout timed out', async () => {
    const step = await runStep({
      inputs: inputs('sleeper', { 'comment-on-pr': 'false', timeout: '2s' }),
      env: env()
    })
    expect(step.code).toBe(1)
    expect(step.summary).toMatch(/^## ⏱ sleeper timed out after 2s \(cancelled by the action\)$/m)
    // One word for it: the status line and the output say `timeout` too, not `cancelled`.
    expect(step.summary).toMatch(/^\*\*timeout\*\* · /m)
    expect(step.outputs.status).toBe('timeout')
    // The call running when the timeout hit: named under the title, charted and counted.
    expect(step.summary).toMatch(
      /^Still running when the wait stopped: `Bash: sleep 600` \(\d+(\.\d)?s so far\)\.$/m
    )
    expect(step.summary).toMatch(
      /^ {2}sleep 600 \(running, \d+(\.\d)?s so far\) : active, \d+, \d+$/m
    )
    expect(step.summary).toMatch(/^\| `Bash` \| 1 \| 0 \| \d+(\.\d)?s \(1 running\) \|$/m)
  })

  it('comments on the issue of an issue_comment event, once, and updates it on a re-run', async () => {
    const job = createJob()
    const event = {
      issue: { number: 9, title: 'Please review' },
      comment: { id: 1, body: '/review' }
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      const step = await runStep({
        job,
        inputs: inputs('reviewer'),
        env: env(),
        event,
        eventName: 'issue_comment'
      })
      expect(step.code).toBe(0)
    }
    const comments = github.comments(9)
    expect(comments).toHaveLength(1)
    expect(comments[0]!.body.split(MARKER)).toHaveLength(2)
    expect(comments[0]!.body).toMatch(/^### ✅ reviewer completed/m)
    const writes = github.requests.filter(r => r.method !== 'GET' && r.path.includes('/issues/'))
    expect(
      writes.filter(w => w.method === 'POST' && w.path.endsWith('/issues/9/comments'))
    ).toHaveLength(1)
  })
})
