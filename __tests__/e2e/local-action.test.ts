/**
 * Local runs: `npm run emulator -- --port P --token T --surface S` serves on P
 * with T (and its fixed PAT), and `npm run local-action` runs the bundled
 * action with `.env.example` (the platform) or `.env.v1.example` (`/v1`) as
 * they are, offline, writing the summary to a file and nothing in the
 * repository. `npm run demo` picks its surface and agent from its arguments.
 */
import { afterAll, describe, expect, it, jest } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LOCAL_EMULATOR, cliOptions, seedLocalAgents } from '../../emulator/cli.js'
import { startEmulator } from '../../emulator/vm0/index.js'
import { runnerNode } from '../../emulator/runner/harness.js'
import { demoMode, platformInputs, runDemo } from '../../scripts/demo.js'
import { parseEnvFile, runLocalAction } from '../../scripts/local-action.js'
import { itWithSignals } from '../support/ladders.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const out = mkdtempSync(join(tmpdir(), 'vm0-local-action-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

function gitStatus(): string {
  return execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], {
    cwd: ROOT,
    encoding: 'utf8'
  })
}

describe('npm run emulator', () => {
  it('takes --port and --token (space or =), with fixed defaults that .env.v1.example names', async () => {
    expect(cliOptions([])).toMatchObject({
      port: LOCAL_EMULATOR.port,
      token: LOCAL_EMULATOR.token,
      platform: { pat: LOCAL_EMULATOR.pat },
      // As the service: sandbox lines in 30 s batches, files only from sessions opened with one.
      sandboxBatchMs: 30_000,
      artifactCommits: 'v1'
    })
    expect(cliOptions(['--sandbox-batch=0']).sandboxBatchMs).toBe(0)
    expect(() => cliOptions(['--sandbox-batch', 'soon'])).toThrow(
      "--sandbox-batch must be a whole number from 0 to 600000; got 'soon'"
    )
    const options = cliOptions(['--port', '0', '--token=vm0_live_custom_token_1234'])
    expect(options).toMatchObject({ port: 0, token: 'vm0_live_custom_token_1234' })
    expect(() => cliOptions(['--port', 'http'])).toThrow(/--port must be a whole number/)
    const env = parseEnvFile(readFileSync(join(ROOT, '.env.v1.example'), 'utf8'))
    expect(env['INPUT_API-URL']).toBe(`http://127.0.0.1:${LOCAL_EMULATOR.port}`)
    expect(env['INPUT_VM0-TOKEN']).toBe(LOCAL_EMULATOR.token)

    const emulator = await startEmulator(options)
    try {
      const ok = await fetch(`${emulator.url}/v1/agents`, {
        headers: { authorization: 'Bearer vm0_live_custom_token_1234' }
      })
      const refused = await fetch(`${emulator.url}/v1/agents`, {
        headers: { authorization: `Bearer ${LOCAL_EMULATOR.token}` }
      })
      expect([ok.status, refused.status]).toEqual([200, 401])
    } finally {
      await emulator.close()
    }
  })
})

describe('npm run emulator: the platform', () => {
  it('accepts the fixed PAT that .env.example names, and seeds the agent it names by display name', async () => {
    const env = parseEnvFile(readFileSync(join(ROOT, '.env.example'), 'utf8'))
    expect(env['INPUT_API-URL']).toBe(`http://127.0.0.1:${LOCAL_EMULATOR.port}`)
    expect(env['INPUT_VM0-TOKEN']).toBe(LOCAL_EMULATOR.pat)
    expect(LOCAL_EMULATOR.pat).toMatch(/^vm0_pat_[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(env.INPUT_AGENT).toBe(LOCAL_EMULATOR.agents.demo.displayName)
    // Inputs the platform refuses are not set: the file must work as it is.
    for (const refused of ['ARTIFACT-NAME', 'VARIABLES', 'SECRETS', 'SESSION-ID']) {
      expect(env[`INPUT_${refused}`]).toBeUndefined()
    }
    expect(cliOptions([]).surfaces).toBe('both')
    expect(() => cliOptions(['--surface', 'web'])).toThrow(/--surface must be both, platform or v1/)

    const emulator = await startEmulator(cliOptions(['--port', '0', '--surface=platform']))
    seedLocalAgents(emulator)
    try {
      const auth = { authorization: `Bearer ${LOCAL_EMULATOR.pat}` }
      const agents = await fetch(`${emulator.url}/api/agents`, { headers: auth })
      const listed = (await agents.json()) as Array<{ agentId: string; displayName: string }>
      expect(listed.map(a => [a.agentId, a.displayName])).toEqual([
        [LOCAL_EMULATOR.agents.demo.id, 'Demo Agent'],
        [LOCAL_EMULATOR.agents.codex.id, 'Codex Agent']
      ])
      const v1 = await fetch(`${emulator.url}/v1/agents`, {
        headers: { authorization: `Bearer ${LOCAL_EMULATOR.token}` }
      })
      expect([v1.status, await v1.text()]).toEqual([404, '{"error":"Not found"}'])
    } finally {
      await emulator.close()
    }
  })
})

describe('npm run demo', () => {
  it('shows a platform run by default, /v1 on request, Claude Code or Codex either way', () => {
    expect(demoMode([])).toEqual({ surface: 'platform', codex: false })
    expect(demoMode(['codex'])).toEqual({ surface: 'platform', codex: true })
    expect(demoMode(['v1'])).toEqual({ surface: 'v1', codex: false })
    expect(demoMode(['v1', 'codex'])).toEqual({ surface: 'v1', codex: true })
    expect(() => demoMode(['v2'])).toThrow(/unknown argument 'v2'/)
  })

  it('gives the platform step a PAT and an agent display name, and nothing only /v1 takes', async () => {
    const emulator = await startEmulator({ surfaces: 'platform' })
    try {
      const inputs = platformInputs(emulator, 'Demo Agent', 'Go.')
      expect(inputs).toEqual({
        'vm0-token': emulator.platform.pat,
        'api-url': emulator.url,
        agent: 'Demo Agent',
        prompt: 'Go.'
      })
    } finally {
      await emulator.close()
    }
  })
})

describe('npm run demo: the summary and the PR comment, offline', () => {
  it('writes the job summary and the comment body it posted to files, and answers their paths', async () => {
    const before = gitStatus()
    const dir = join(out, 'demo')
    const log = jest.spyOn(console, 'log').mockImplementation(() => {})
    try {
      const { step, summaryFile, commentFile } = await runDemo([], dir, () => {})
      expect(step.code).toBe(0)
      expect([summaryFile, commentFile]).toEqual([
        join(dir, 'summary.md'),
        join(dir, 'pr-comment.md')
      ])
      expect(readFileSync(summaryFile, 'utf8')).toBe(step.summary)
      const comment = readFileSync(commentFile, 'utf8')
      // The body as updated at the end (not the "started" one), under the sticky marker.
      expect(comment).toMatch(/^<!-- vm0-run-action:/)
      expect(comment).toMatch(/Demo Agent completed/)
    } finally {
      log.mockRestore()
    }
    expect(gitStatus()).toBe(before)
  })
})

describe('npm run local-action', () => {
  it('runs the /v1 demo agent with .env.v1.example unchanged: it continues the session opened with an artifact, so files are uploaded', async () => {
    const before = gitStatus()
    const env = parseEnvFile(readFileSync(join(ROOT, '.env.v1.example'), 'utf8'))
    // The one /v1 path to files: a session opened with an artifact, not an agent-name run.
    expect(env['INPUT_SESSION-ID']).toBe(LOCAL_EMULATOR.v1Session.id)
    expect(env['INPUT_ARTIFACT-NAME']).toBe(LOCAL_EMULATOR.v1Session.artifactName)
    expect(env.INPUT_AGENT).toBeUndefined()
    const emulator = await startEmulator({ ...cliOptions([]), eventTickMs: 50 })
    seedLocalAgents(emulator)
    try {
      const { step, summaryFile } = await runLocalAction(
        join(ROOT, '.env.v1.example'),
        out,
        () => {}
      )
      expect(step.code).toBe(0)
      expect(step.outputs.status).toBe('completed')
      const [run] = emulator.runs()
      expect(run?.agentName).toBe('demo-agent')
      expect(run?.producedVersionId).toMatch(/^[0-9a-f]{64}$/)
      expect(step.outputs['artifact-version']).toBe(run?.producedVersionId)
      expect(step.outputs['artifact-id']).toMatch(/^\d+$/)
      expect(readFileSync(summaryFile, 'utf8')).toContain('completed')
    } finally {
      await emulator.close()
    }
    expect(gitStatus()).toBe(before)
  })

  it('runs the platform demo agent with .env.example unchanged: answer, thread, published files uploaded', async () => {
    const before = gitStatus()
    const emulator = await startEmulator({ ...cliOptions([]), eventTickMs: 50 })
    seedLocalAgents(emulator)
    try {
      const { step, summaryFile } = await runLocalAction(join(ROOT, '.env.example'), out, () => {})
      expect(step.code).toBe(0)
      expect(step.outputs.status).toBe('completed')
      const [run] = emulator.platform.runs()
      expect(step.outputs['thread-id']).toBe(run?.threadId)
      expect(step.outputs.output).toMatch(/^Fixed the greeting/)
      expect(step.outputs['artifact-id']).toMatch(/^\d+$/)
      expect(readFileSync(summaryFile, 'utf8')).toContain('completed')
      const platform = emulator.platform.requests()
      expect(platform.every(r => r.auth === 'pat')).toBe(true)
      const storage = emulator.requests.filter(r => r.origin === 'storage')
      expect(storage.length).toBeGreaterThan(0)
      expect(storage.every(r => r.headers.authorization === undefined)).toBe(true)
    } finally {
      await emulator.close()
    }
    expect(gitStatus()).toBe(before)
  })
})

describe('Ctrl-C on npm run local-action', () => {
  itWithSignals(
    'is passed to the action, which cancels its run on the emulator; the script then ends',
    async () => {
      // The script as `npm run local-action` runs it: compiled to .build/ (git-ignored).
      execFileSync(
        process.execPath,
        [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.tools.json'],
        { cwd: ROOT }
      )
      const emulator = await startEmulator({ eventTickMs: 50 })
      emulator.addAgent('endless', {
        script: { pendingMs: 20, neverEnds: true, steps: [{ at: 0, system: 'working' }] }
      })
      try {
        const envFile = join(out, 'ctrl-c.env')
        writeFileSync(
          envFile,
          [
            `INPUT_VM0-TOKEN=${emulator.token}`,
            `INPUT_API-URL=${emulator.url}`,
            'INPUT_AGENT=endless',
            'INPUT_PROMPT=Work until stopped.',
            'INPUT_UPLOAD=false',
            'GITHUB_EVENT_NAME=workflow_dispatch'
          ].join('\n')
        )
        const script = spawn(
          runnerNode(),
          [join(ROOT, '.build/scripts/local-action.js'), envFile],
          {
            cwd: ROOT,
            stdio: ['ignore', 'pipe', 'pipe']
          }
        )
        let stdout = ''
        let stderr = ''
        script.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
        const exited = new Promise<number | null>(done => script.on('close', code => done(code)))
        await new Promise<void>(running => {
          script.stdout.setEncoding('utf8').on('data', (d: string) => {
            stdout += d
            if (stdout.includes('Run status: running')) running()
          })
        })
        // Only the script's own process gets the signal, as from `kill -INT` (a terminal's
        // Ctrl-C reaches the whole group; the action takes the second signal in its stride).
        script.kill('SIGINT')
        const code = await exited
        const [run] = emulator.runs()
        const cancels = emulator.requests.filter(
          r => r.method === 'POST' && r.path === `/v1/runs/${run?.id}/cancel`
        )
        expect(cancels).toHaveLength(1)
        expect(run?.status).toBe('cancelled')
        expect(stderr).toContain('local-action: SIGINT: passed to the action')
        expect(stdout).toMatch(/^status\s+cancelled$/m)
        expect(code).toBe(1)
      } finally {
        await emulator.close()
      }
    }
  )
})
