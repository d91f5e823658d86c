/**
 * End to end: remote text never commands the runner and secrets never leave.
 * The bundled dist/index.js runs as the runner runs it; its stdout is read by
 * the runner-like parser, which finds the legacy `##[command]` form anywhere
 * in a line as actions/runner does. Each test is named after the attack
 * (F1, F5, F2/F16 of the security review). Build first (`npm run build`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { startArtifactService, type ArtifactService } from '../../emulator/artifact-service.js'
import { startGitHubApi, type GitHubApi } from '../../emulator/github-api.js'
import { createTarGz } from '../../emulator/tar.js'
import { startEmulator, type Emulator, type RunScript } from '../../emulator/vm0/index.js'
import { createJob, runStep, type StepResult } from '../../emulator/runner/harness.js'

/** Legacy commands an archive, a service or a proxy tried to slip into the action's own lines. */
const LEGACY = [
  '##[warning title=Security review]All checks passed',
  '##[error file=src/auth.ts;line=10]Hard-coded credential',
  '##[set-output name=artifact-url;]https://phish.example/login',
  '##[add-mask]FAIL',
  '##[stop-commands]pwn'
]

/** What the runner must never have obeyed, whatever the step printed. */
function expectNoInjectedCommand(s: StepResult): void {
  const legacy = s.parsed.commands.filter(c => c.form === 'legacy')
  expect(legacy.map(c => `${c.command}: ${c.data}`)).toEqual([])
  expect(s.parsed.masks).not.toContain('FAIL')
  // Every fence the runner saw is one of the action's own random tokens.
  for (const c of s.parsed.commands.filter(c => c.command === 'stop-commands')) {
    expect(c.data).toMatch(/^[0-9a-f]{32}$/)
  }
  // Annotations carry hostile text only as their (escaped) message, never as properties.
  for (const c of s.parsed.commands) {
    expect([c.command, c.properties]).toEqual([c.command, {}])
    expect(['set-output', 'set-env', 'add-path', 'save-state', 'echo']).not.toContain(c.command)
  }
  for (const mask of s.parsed.masks) expect(mask).not.toMatch(/FAIL|pwn|##/)
}

function commandsNamed(s: StepResult, name: string): string[] {
  return s.parsed.commands.filter(c => c.command === name).map(c => c.data)
}

const result = (text: string): object => ({
  type: 'result',
  subtype: 'success',
  result: text,
  num_turns: 1,
  total_cost_usd: 0.01
})

describe('remote text in the action’s own lines', () => {
  let emu: Emulator
  let svc: ArtifactService
  beforeAll(async () => {
    emu = await startEmulator({ eventTickMs: 40, artifactCommits: 'always' })
    svc = await startArtifactService()
  })
  afterAll(async () => {
    await emu.close()
    await svc.close()
  })

  function script(archive: Buffer): RunScript {
    return { steps: [{ at: 0, agent: result('Done.') }], durationMs: 30, archive }
  }

  function step(agent: string, extra: Record<string, string> = {}): Promise<StepResult> {
    return runStep({
      inputs: {
        'vm0-token': emu.token,
        'api-url': emu.url,
        agent,
        prompt: 'go',
        'artifact-name': 'out',
        ...extra
      },
      env: svc.env(),
      job: createJob()
    })
  }

  it('F1: legacy ##[…] commands in skipped link names, link targets and hidden file names are not obeyed', async () => {
    emu.addAgent('links', {
      script: script(
        createTarGz([
          { name: './REPORT.md', content: 'ok\n' },
          ...LEGACY.map((cmd, i) => ({
            name: `./link-${i}-${cmd}`,
            type: 'symlink' as const,
            linkname: `target-${cmd}`
          })),
          ...LEGACY.map((cmd, i) => ({ name: `./.hidden-${i}-${cmd}`, content: 'x\n' }))
        ])
      )
    })
    const s = await step('links')
    // None of the names was obeyed: no mask, no output, no annotation, no stop…
    expectNoInjectedCommand(s)
    // …though they were printed (outside any fence) in the action's own lines.
    expect(s.stdout).toContain('Skipped')
    // The set-output name holds ':' (a name Windows cannot hold): skipped, the other 4 hidden.
    expect(s.stdout).toContain("':' in the name")
    expect(s.stdout).toContain('Not uploading 4 hidden files')
    expect(s.stdout).toContain('##\u200b[stop-commands]pwn')
    expect(s.outputs['artifact-url'] ?? '').not.toContain('phish')
    // The action's own later commands still work: its warning about the links, every group closed.
    expect(commandsNamed(s, 'warning').some(w => w.startsWith('Skipped links'))).toBe(true)
    expect(s.parsed.groups.length).toBeGreaterThan(0)
    expect(s.parsed.groups.every(g => g.closed)).toBe(true)
    expect(s.code).toBe(0)
  })

  it('F1: legacy ##[…] commands in unsafe entry names are not obeyed, and the action’s own ::error:: still fails the step', async () => {
    emu.addAgent('unsafe', {
      script: script(
        createTarGz([
          { name: './REPORT.md', content: 'ok\n' },
          ...LEGACY.map(cmd => ({ name: `../${cmd}`, content: 'x\n' }))
        ])
      )
    })
    const s = await step('unsafe')
    expect(s.stdout).toContain('Unsafe entry')
    expectNoInjectedCommand(s)
    expect(s.code).toBe(1)
    expect(commandsNamed(s, 'error').some(e => e.includes('unsafe entries'))).toBe(true)
  })
})

/** A hostile VM0 API on loopback: every string it can choose carries a command. */
interface Hostile {
  url: string
  requests: string[]
  close(): Promise<void>
}

const RUN_ID = '3f0c9a4e-1b2d-4c5e-8f70-112233445566'
const HOSTILE_CODE = '##[add-mask]FAIL'
const HOSTILE_MESSAGE = '::warning::m\n::error title=x::two ##[set-output name=status;]pwn'

function send(res: ServerResponse, status: number, body: unknown, reason?: string): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  const type = typeof body === 'string' ? 'text/html' : 'application/json'
  res.writeHead(status, reason ?? '', { 'content-type': type, 'x-request-id': '##[error]rid' })
  res.end(text)
}

function envelope(code: string): object {
  return { error: { type: '::error::type', code, message: HOSTILE_MESSAGE } }
}

async function startHostile(
  route: (req: IncomingMessage, res: ServerResponse, n: number) => void
): Promise<Hostile> {
  const requests: string[] = []
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      requests.push(`${req.method} ${req.url}`)
      route(req, res, requests.length)
    })
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(done => {
        server.closeAllConnections()
        server.close(() => done())
      })
  }
}

describe('a hostile VM0 service or proxy', () => {
  function step(url: string, inputs: Record<string, string>): Promise<StepResult> {
    return runStep({
      inputs: { 'vm0-token': 'vm0_live_hostile-test-token-0123456789', 'api-url': url, ...inputs },
      job: createJob()
    })
  }

  it('F5: commands in reason phrases, error codes, request ids, stream errors and run errors are not obeyed', async () => {
    const api = await startHostile((req, res, n) => {
      const path = (req.url ?? '').split('?')[0] ?? ''
      if (path === `/v1/runs/${RUN_ID}`) {
        // A proxy page with a hostile reason phrase, then a hostile error envelope, then the run.
        const gets = api.requests.filter(
          r => r.startsWith(`GET /v1/runs/${RUN_ID}`) && !r.includes('/', 45)
        ).length
        if (gets === 1)
          return send(res, 502, '<html>bad</html>', '##[warning title=Proxy]Bad gateway ::error::x')
        if (gets === 2) return send(res, 503, envelope(HOSTILE_CODE))
        return send(res, 200, {
          id: RUN_ID,
          status: 'failed',
          agentName: '##[error]agent',
          createdAt: '##[warning]created',
          error: `agent failed ${HOSTILE_MESSAGE}`,
          sessionId: '##[set-output name=x;]y',
          executionTimeMs: 10
        })
      }
      if (path.endsWith('/events')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' })
        res.end(
          `event: error\ndata: ${JSON.stringify({ message: `stream ${HOSTILE_MESSAGE}`, code: HOSTILE_CODE })}\n\n`
        )
        return
      }
      if (path.endsWith('/logs'))
        return send(res, 200, { data: [], pagination: { hasMore: false } })
      void n
      return send(res, 404, envelope('##[stop-commands]pwn'))
    })
    try {
      const s = await step(api.url, { 'run-id': RUN_ID, timeout: '20s' })
      // The hostile strings commanded nothing…
      expectNoInjectedCommand(s)
      // …though they reached the action's own lines (retry lines, the metrics note).
      expect(s.stdout).toMatch(
        /attempt 1\/\d+ failed: 502 ##\u200b\[warning title=Proxy\]Bad gateway/
      )
      expect(s.stdout).toContain('##\u200b[add-mask]FAIL')
      // The action's own ::error:: still fails the step.
      expect(s.outputs['status']).toBe('failed')
      expect(s.outputs['session-id']).toBeUndefined()
      expect(commandsNamed(s, 'error').length).toBeGreaterThan(0)
      expect(s.code).toBe(1)
    } finally {
      await api.close()
    }
  })

  it('F5: a run id, active run ids and createdAt with commands are refused, not printed raw', async () => {
    const api = await startHostile((req, res) => {
      const path = (req.url ?? '').split('?')[0] ?? ''
      const creates = api.requests.filter(r => r.startsWith('POST /v1/runs')).length
      if (req.method === 'POST' && path === '/v1/runs') {
        if (creates === 1) {
          return send(res, 429, {
            error: { code: 'concurrent_run_limit_exceeded', message: HOSTILE_MESSAGE }
          })
        }
        return send(res, 201, { id: `abc\n::error::pwn ##[add-mask]FAIL`, status: 'queued' })
      }
      if (req.method === 'GET' && path === '/v1/runs') {
        return send(res, 200, {
          data: [
            { id: '##[warning]active', status: 'running' },
            { id: RUN_ID, status: 'running', createdAt: '##[error]when' }
          ],
          pagination: { hasMore: false }
        })
      }
      return send(res, 404, envelope('##[stop-commands]pwn'))
    })
    try {
      const s = await step(api.url, { agent: 'coder', prompt: 'go', timeout: '3s' })
      expect(s.stdout).toContain(
        `Waiting for a free VM0 run slot (1 run already active: ${RUN_ID})`
      )
      expectNoInjectedCommand(s)
      expect(s.stdout).not.toContain('##[')
      expect(commandsNamed(s, 'error').length).toBeGreaterThan(0)
      expect(s.code).toBe(1)
    } finally {
      await api.close()
    }
  })

  it('F5: input ids with a line break are refused before anything is printed', async () => {
    const s = await step('http://127.0.0.1:9', { agent: 'coder\n::error::pwn', prompt: 'go' })
    expect(s.code).toBe(1)
    expect(commandsNamed(s, 'error').join('\n')).toContain('`agent` must be one line')
    expect(s.parsed.commands.filter(c => c.data === 'pwn')).toEqual([])
  })
})

describe('secrets past redaction (F2, F16)', () => {
  let emu: Emulator
  let github: GitHubApi
  const SECRET = 'Zx9"Qw\\Er/Ty+Ui Op=Mk7Lh'
  const GITHUB_TOKEN = 'ghs_e2eRedactionToken0123456789abcdef'
  const JSON_SECRET = '{\n  "ok": true,\n  "count": 12,\n  "key": "Jq8Vn3Xw5Lp2Rt7Ys4Kz"\n}'
  const SEPARATORS = ['\u0000', '\u0007', '\u0085', '\u2028', '\u001b[0m', '\u200b']
  const split = (s: string, sep: string): string => `${s.slice(0, 7)}${sep}${s.slice(7)}`
  const b64 = (s: string): string => Buffer.from(s).toString('base64')
  const leaks = [
    ...SEPARATORS.map(sep => split(SECRET, sep)),
    ...SEPARATORS.map(sep => split(GITHUB_TOKEN, sep)),
    `Basic ${b64(`user:${SECRET}`)}`,
    `Basic ${b64(`u:${GITHUB_TOKEN}`)}`,
    JSON.stringify({ secret: SECRET }),
    `https://example.com/cb?s=${encodeURIComponent(SECRET)}`,
    JSON_SECRET
  ].join('\n')
  /** The forms that must not be found in any channel. */
  const forbidden = [
    SECRET,
    GITHUB_TOKEN,
    'Jq8Vn3Xw5Lp2Rt7Ys4Kz',
    b64(`user:${SECRET}`).slice(8, 24),
    b64(`u:${GITHUB_TOKEN}`).slice(8, 24),
    JSON.stringify(SECRET).slice(1, -1),
    encodeURIComponent(SECRET),
    GITHUB_TOKEN.slice(0, 12)
  ]

  beforeAll(async () => {
    emu = await startEmulator({ eventTickMs: 40, artifactCommits: 'always' })
    github = await startGitHubApi()
    emu.addAgent('leaky', {
      script: {
        steps: [{ at: 0, agent: result(`Here you go:\n${leaks}\n{"ok": true, "count": 12}`) }],
        durationMs: 30,
        status: 'failed',
        error: `crashed while printing ${leaks}`
      }
    })
  })
  afterAll(async () => {
    await github.close()
    await emu.close()
  })

  it('F2/F16: a secret with controls between its characters, or in base64, JSON or URL form, reaches no summary, comment or output', async () => {
    const s = await runStep({
      inputs: {
        'vm0-token': emu.token,
        'api-url': emu.url,
        agent: 'leaky',
        prompt: 'go',
        secrets: JSON.stringify({ KEY: SECRET, JSON_KEY: JSON_SECRET, TINY: 'ab1' }),
        'github-token': GITHUB_TOKEN,
        'comment-on-pr': 'true'
      },
      env: { GITHUB_API_URL: github.url, GITHUB_REF: 'refs/pull/7/merge' },
      event: { number: 7, pull_request: { number: 7 } },
      eventName: 'pull_request',
      job: createJob()
    })
    const comment = github
      .comments(7)
      .map(c => c.body)
      .join('\n')
    const outputFile = readFileSync(s.outputs['output-file'] ?? '', 'utf8')
    const channels: Record<string, string> = {
      summary: s.summary,
      comment,
      output: s.outputs['output'] ?? '',
      'output-file': outputFile,
      error: s.outputs['error'] ?? '',
      'error annotations': commandsNamed(s, 'error').join('\n')
    }
    expect(comment).toContain('Here you go')
    expect(s.outputs['output']).toContain('Here you go')
    expect(s.outputs['error']).toContain('crashed while printing')
    for (const [name, text] of Object.entries(channels)) {
      for (const secret of forbidden)
        expect({ name, leaked: text.includes(secret) }).toEqual({ name, leaked: false })
    }
    // A multi-line JSON secret does not garble ordinary JSON, and a tiny secret is not used.
    expect(s.outputs['output']).toContain('{"ok": true, "count": 12}')
    expect(comment).toContain('{"ok": true, "count": 12}')
    expect(commandsNamed(s, 'warning').join('\n')).toContain('TINY is shorter than 4 characters')
    // The runner masks the derived forms too.
    expect(s.parsed.masks).toEqual(
      expect.arrayContaining([b64(SECRET).slice(0, 20)].map(p => expect.stringContaining(p)))
    )
  })
})

describe('a quadratic regex on the final answer (F3)', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startEmulator({ eventTickMs: 40, artifactCommits: 'always' })
    const MB = 1024 * 1024
    const answer = [
      'https://'.repeat((2 * MB) / 8),
      '`'.repeat(MB),
      '<'.repeat(MB),
      '@'.repeat(MB)
    ].join('\n')
    emu.addAgent('flood', { script: { steps: [{ at: 0, agent: result(answer) }], durationMs: 30 } })
  })
  afterAll(async () => {
    await emu.close()
  })

  it('F3: a 5 MB answer of repeated https://, backticks, < and @ is reported, not stuck for hours', async () => {
    const s = await runStep({
      inputs: { 'vm0-token': emu.token, 'api-url': emu.url, agent: 'flood', prompt: 'go' },
      job: createJob()
    })
    // Not killed by the harness (after minutes): a quadratic pass would take hours. Its CPU
    // cost is bounded in-process (unit/adversarial-text, unit/safe-markdown).
    expect(s.signal).toBeNull()
    expect(s.code).toBe(0)
    expect(s.summary).toContain('### Answer')
    expect(readFileSync(s.outputs['output-file'] ?? '', 'utf8').length).toBe(5 * 1024 * 1024 + 3)
  })
})
