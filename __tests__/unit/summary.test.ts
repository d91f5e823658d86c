import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  MAX_SUMMARY_BYTES,
  buildSummary,
  writeSummary,
  type SummaryInput
} from '../../src/report/summary.js'
import { createRedactor } from '../../src/text/secrets.js'

const RUN_ID = '11111111-2222-4333-8444-555555555555'

function completed(overrides: Partial<SummaryInput> = {}): SummaryInput {
  return {
    status: 'completed',
    agent: 'demo-agent',
    runId: RUN_ID,
    createdAt: '2026-01-02T03:04:00.000Z',
    startedAt: '2026-01-02T03:04:05.000Z',
    completedAt: '2026-01-02T03:05:35.000Z',
    durationMs: 90_000,
    costUsd: 0.0123,
    numTurns: 7,
    metrics: {
      avgCpuPercent: 42.25,
      maxMemoryUsedMb: 512.4,
      memoryTotalMb: 2048,
      totalDurationMs: 90_000,
      samples: 10,
      points: []
    },
    answer: 'All **tests** pass.\n\n- fixed `a.ts`',
    files: {
      count: 2,
      totalBytes: 3 * 1024,
      list: [
        { path: 'report.md', bytes: 1024 },
        { path: 'out/data.json', bytes: 2048 }
      ],
      artifactName: 'vm0-results-11111111',
      artifactUrl: 'https://github.com/octo/repo/actions/runs/1/artifacts/77',
      vm0Artifact: 'results',
      vm0Version: 'abcdef12'
    },
    workflowRunUrl: 'https://github.com/octo/repo/actions/runs/1',
    ...overrides
  }
}

/** The text outside fenced code blocks: where HTML or Markdown would take effect. */
function outsideFences(markdown: string): string {
  const out: string[] = []
  let fence: string | null = null
  for (const line of markdown.split('\n')) {
    const m = /^(`{3,})/.exec(line)
    if (fence === null && m) {
      fence = m[1] ?? null
      continue
    }
    if (fence !== null) {
      // CommonMark: a run of at least as many backticks closes the block
      if (/^`+$/.test(line.trim()) && line.trim().length >= fence.length) fence = null
      continue
    }
    out.push(line)
  }
  expect(fence).toBeNull() // every block is closed
  // and the code spans
  return out
    .join('\n')
    .replace(/\\`/g, '') // an escaped backtick opens no span
    .replace(/(?<!`)(`+)(?!`)[^]*?(?<!`)\1(?!`)/g, '')
}

describe('buildSummary', () => {
  it('shows every section of a completed run', () => {
    const md = buildSummary(completed())
    expect(md).toContain(
      '## ✅ demo-agent completed in 1m30s\n\n**completed** · 1m30s · $0.0123 · 7 turns\n'
    )
    expect(md).toContain('<details>\n<summary>Run details</summary>')
    expect(md).toContain('| Agent | `demo-agent` |')
    expect(md).toContain(`| Run | \`${RUN_ID}\` |`)
    expect(md).toContain('| Started | 2026-01-02T03:04:05Z |')
    expect(md).toContain('| Finished | 2026-01-02T03:05:35Z |')
    expect(md).toContain('| Duration | 1m30s |')
    expect(md).toContain('| Cost | $0.0123 |')
    expect(md).toContain('| Turns | 7 |')
    expect(md).toContain('| CPU (average) | 42.3 % |')
    expect(md).toContain('| Memory (peak) | 512 MiB of 2 GiB |')
    expect(md).toContain('[logs](<https://github.com/octo/repo/actions/runs/1>)')
    expect(md).toContain('### Output files')
    expect(md).toContain('2 files, 3.0 KiB in all from VM0 artifact `results` version `abcdef12`.')
    expect(md).toContain(
      'Uploaded as workflow artifact [vm0-results-11111111](<https://github.com/octo/repo/actions/runs/1/artifacts/77>).'
    )
    expect(md).toContain('| `out/data.json` | 2.0 KiB |')
    // The answer is rendered as Markdown, not shown as source.
    expect(md).toContain('### Answer\n\nAll **tests** pass.\n\n- fixed `a.ts`\n')
    expect(md).not.toContain('```markdown')
    expect(md).not.toContain('### Error')
    expect(md).not.toContain('log line')
  })

  it('shows the error and the last log lines of a failed run', () => {
    const logTail = Array.from({ length: 80 }, (_, i) => `line ${i + 1}`)
    const md = buildSummary(
      completed({
        status: 'failed',
        error: 'Agent exited with code 1',
        logTail,
        answer: null,
        files: null,
        costUsd: null
      })
    )
    expect(md).toContain('## ❌ demo-agent failed after 1m30s')
    expect(md).toContain('### Error\n\n```text\nAgent exited with code 1\n```')
    expect(md).toContain('<summary>The last 50 lines of the log</summary>')
    expect(md).toContain('line 31\n')
    expect(md).toContain('line 80\n```')
    expect(md).not.toContain('line 30\n')
    expect(md).not.toContain('| Cost |')
    expect(md).not.toContain('### Answer')
    expect(md).not.toContain('Output files')
  })

  it('works with the least information (a run not waited for)', () => {
    const md = buildSummary({
      status: 'running',
      agent: null,
      runId: RUN_ID,
      note: 'Not waited for (wait: false); the run keeps going.'
    })
    expect(md).toContain('## ⏳ VM0 agent is running (not waited for)')
    expect(md).toContain('Not waited for (wait: false); the run keeps going.')
    expect(md).toContain('| Agent | — |')
  })

  it('stays under the limit with a huge answer, many files, a long error and log', () => {
    const answer = '€'.repeat(2 * 1024 * 1024) // 6 MiB of UTF-8
    const list = Array.from({ length: 5000 }, (_, i) => ({
      path: `dir/${'x'.repeat(250)}/file-${i}.txt`,
      bytes: i
    }))
    const md = buildSummary(
      completed({
        status: 'failed',
        answer,
        error: 'E'.repeat(100_000),
        logTail: Array.from({ length: 1000 }, () => 'L'.repeat(5000)),
        files: { count: 5000, totalBytes: 12_497_500, list }
      })
    )
    const bytes = Buffer.byteLength(md)
    expect(bytes).toBeLessThanOrEqual(MAX_SUMMARY_BYTES)
    expect(bytes).toBeLessThan(1024 * 1024)
    // Past its first 16 KiB the answer is shown as text (safe-markdown.ts: the parser is not fast).
    expect(md).toContain('```text\n€€€')
    expect(md).toContain(
      '*(answer cut here to fit the summary: it is 6.0 MiB; the whole answer is in the file named by the `output-file` output)*'
    )
    expect(md).toContain('*(cut: the error is 97.7 KiB)*')
    expect(md).toContain('| `dir/')
    expect(md).toContain('…and 4950 more files.')
    expect(md).not.toContain('\uFFFD') // no character was split
    outsideFences(md)
  })

  it('honours a smaller maxBytes', () => {
    const md = buildSummary(completed({ answer: 'a'.repeat(100_000) }), { maxBytes: 20_000 })
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(20_000)
    expect(md).toContain('*(answer cut here to fit the summary')
  })

  it('keeps remote text from injecting HTML or closing its fence', () => {
    const evil =
      '```\n</details><img src=x onerror=alert(1)>\n````\n# Heading\n<script>x</script> @octocat'
    const md = buildSummary(
      completed({
        agent: 'agent`|</td><b>x</b>',
        answer: evil,
        files: {
          count: 1,
          totalBytes: 1,
          list: [{ path: 'a|b<i>.md\n| injected | row |', bytes: 1 }],
          artifactName: 'x](javascript:alert(1))',
          artifactUrl: 'javascript:alert(1)'
        }
      })
    )
    const outside = outsideFences(md)
    expect(outside).not.toMatch(/<img|<script|<\/details><img|<b>|<i>/)
    expect(outside).not.toContain('javascript:')
    // The answer's own fence stays a fence (a longer fence closes it, as in CommonMark); what
    // follows is Markdown, made safe: the heading below the report's, the HTML block as code.
    expect(md).toContain(
      '```\n</details><img src=x onerror=alert(1)>\n```\n\n#### Heading\n\n```html\n<script>x</script> @octocat\n```'
    )
    expect(md).toContain('| Agent | ``agent`\\|</td><b>x</b>`` |')
    expect(md).toContain('| `a\\|b<i>.md \\| injected \\| row \\|` | 1 B |')
    // every table row has exactly its two cells
    for (const line of md.split('\n').filter(l => l.startsWith('| '))) {
      expect(line.replace(/\\\|/g, '').split('|').length).toBe(4)
    }
  })

  it('redacts secrets and presigned URLs in every remote string', () => {
    const redact = createRedactor(['s3cr3t-value', 'multi\nline-secret'])
    const md = buildSummary(
      completed({
        status: 'failed',
        agent: 'agent-s3cr3t-value',
        error: 'token s3cr3t-value rejected',
        logTail: [
          'echo line-secret',
          'GET https://bucket.s3.amazonaws.com/a.tar.gz?X-Amz-Signature=abc&X-Amz-Credential=def'
        ],
        answer: 'the secret is s3cr3t-value',
        files: { count: 1, totalBytes: 1, list: [{ path: 's3cr3t-value.txt', bytes: 1 }] },
        redact
      })
    )
    expect(md).not.toContain('s3cr3t-value')
    expect(md).not.toContain('line-secret')
    expect(md).not.toContain('X-Amz-Signature=abc')
    expect(md).toContain(
      'https://bucket.s3.amazonaws.com/a.tar.gz?X-Amz-Signature=***&X-Amz-Credential=***'
    )
    expect(md).toContain('token *** rejected')
  })

  it('draws the timeline, the per-tool table and the resource charts', () => {
    const t0 = Date.parse('2026-01-02T03:04:05Z')
    const points = Array.from({ length: 100 }, (_, i) => ({
      timeMs: t0 + i * 1000,
      cpuPercent: i % 100,
      memoryUsedMb: 1000 + i
    }))
    const md = buildSummary(
      completed({
        metrics: { ...completed().metrics!, memoryTotalMb: 4096, points },
        timeline: {
          startMs: t0,
          endMs: t0 + 60_000,
          droppedSpans: 0,
          spans: [
            {
              kind: 'turn',
              name: 'Claude',
              label: 'Looking around',
              startMs: t0,
              endMs: t0 + 2000,
              failed: false
            },
            {
              kind: 'tool',
              name: 'Bash',
              label: 'Bash: npm test',
              startMs: t0 + 2000,
              endMs: t0 + 50_000,
              failed: true
            },
            {
              kind: 'tool',
              name: 'section',
              label: 'click: x#y',
              startMs: t0 + 50_000,
              endMs: null,
              failed: false
            }
          ],
          tools: [
            { name: 'Bash', calls: 1, failures: 1, totalMs: 48_000 },
            { name: 'section', calls: 1, failures: 0, totalMs: 0 }
          ]
        }
      })
    )
    // A minute-long run: elapsed seconds from its start.
    expect(md).toContain(
      '```mermaid\ngantt\n  dateFormat x\n  axisFormat %ss\n  tickInterval 10second\n  todayMarker off\n  section Agent\n'
    )
    expect(md).toContain(`  npm test (48s) : crit, 2000, 50000`)
    // Names from the run cannot end a task or read as a keyword.
    expect(md).toContain('  section › section\n')
    expect(md).toContain(`  › section click∶ x＃y (no result) : active, 50000, 60000`)
    expect(md).toContain('| `Bash` | 1 | 1 | 48s |')
    const charts = md.split('```mermaid\n').filter(c => /^%%\{init: .*\}%%\nxychart-beta\n/.test(c))
    expect(charts).toHaveLength(2)
    expect(charts[0]).toContain('title "CPU (%)"')
    expect(charts[1]).toContain('title "Memory (GiB, of 4 GiB)"')
    const line = /line \[([^\]]*)\]/.exec(charts[0]!)?.[1]?.split(', ') ?? []
    expect(line).toHaveLength(24)
    expect(md).toContain('100 samples, shown as 24 points')
  })

  it('says why there is no resource chart', () => {
    const md = buildSummary(completed({ metrics: null, timeline: null }))
    expect(md).toContain('No resource chart: the service reported no metrics for this run.')
    expect(md).not.toContain('xychart-beta')
  })

  it('says a run stopped by the timeout of the action timed out', () => {
    const md = buildSummary(
      completed({
        status: 'cancelled',
        ending: { stop: 'timeout', limitMs: 30 * 60_000, cancelled: true }
      })
    )
    expect(md).toContain('## ⏱ demo-agent timed out after 30m (cancelled by the action)')
    expect(md).not.toMatch(/^## .*cancelled\b(?! by the action)/m)
  })

  it('strips escape sequences and control characters from remote text', () => {
    const md = buildSummary(completed({ answer: 'red \u001b[31mtext\u001b[0m\r\nbell\u0007' }))
    expect(md).toContain('red text\nbell\n')
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/)
  })
})

describe('writeSummary', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('appends to GITHUB_STEP_SUMMARY', () => {
    const dir = mkdtempSync(join(tmpdir(), 'summary-'))
    dirs.push(dir)
    const file = join(dir, 'summary.md')
    writeFileSync(file, '# before\n')
    expect(writeSummary('## page', { GITHUB_STEP_SUMMARY: file })).toBe(true)
    expect(readFileSync(file, 'utf8')).toBe('# before\n## page\n')
  })

  it('does nothing without GITHUB_STEP_SUMMARY', () => {
    expect(writeSummary('## page', {})).toBe(false)
  })

  it('refuses to push the file over the runner limit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'summary-'))
    dirs.push(dir)
    const file = join(dir, 'summary.md')
    writeFileSync(file, 'x'.repeat(900 * 1024))
    expect(writeSummary('y'.repeat(200 * 1024), { GITHUB_STEP_SUMMARY: file })).toBe(false)
    expect(readFileSync(file, 'utf8').length).toBe(900 * 1024)
  })
})
