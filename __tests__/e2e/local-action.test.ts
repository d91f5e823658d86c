/**
 * Local runs: `npm run emulator -- --port P --token T` serves on P with T, and
 * `npm run local-action` runs the bundled action with `.env.example` as it is,
 * offline, writing the summary to a file and nothing in the repository.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LOCAL_EMULATOR, cliOptions } from '../../emulator/cli.js'
import { sampleScript, startEmulator } from '../../emulator/vm0/index.js'
import { parseEnvFile, runLocalAction } from '../../scripts/local-action.js'

const ROOT = new URL('../..', import.meta.url).pathname
const out = mkdtempSync(join(tmpdir(), 'vm0-local-action-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

function gitStatus(): string {
  return execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], {
    cwd: ROOT,
    encoding: 'utf8'
  })
}

describe('npm run emulator', () => {
  it('takes --port and --token (space or =), with fixed defaults that .env.example names', async () => {
    expect(cliOptions([])).toMatchObject(LOCAL_EMULATOR)
    const options = cliOptions(['--port', '0', '--token=vm0_live_custom_token_1234'])
    expect(options).toMatchObject({ port: 0, token: 'vm0_live_custom_token_1234' })
    expect(() => cliOptions(['--port', 'http'])).toThrow(/--port must be a whole number/)
    const env = parseEnvFile(readFileSync(join(ROOT, '.env.example'), 'utf8'))
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

describe('npm run local-action', () => {
  it('runs the demo agent with .env.example unchanged, writes the summary, leaves the tree clean', async () => {
    const before = gitStatus()
    const emulator = await startEmulator({ ...cliOptions([]), eventTickMs: 50 })
    emulator.addAgent('demo-agent', { script: sampleScript() })
    try {
      const { step, summaryFile } = await runLocalAction(join(ROOT, '.env.example'), out, () => {})
      expect(step.code).toBe(0)
      expect(step.outputs.status).toBe('completed')
      expect(readFileSync(summaryFile, 'utf8')).toContain('completed')
    } finally {
      await emulator.close()
    }
    expect(gitStatus()).toBe(before)
  })
})
