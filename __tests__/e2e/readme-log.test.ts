/**
 * The README's sample log is what `npm run demo` prints: the same platform
 * step (scripts/demo.ts seeds the agent and gives the inputs), run from the
 * bundled dist/ as the runner runs it and shown as the Actions log viewer
 * shows it. Ids, digests, temporary folders and the measured duration are
 * normalised; the status lines before the end are dropped, since how many a
 * poll happens to see depends on the machine's load.
 *
 * After a change to what the log says, refresh the block with
 * `UPDATE_DEMO_LOG=1 npm test -- __tests__/e2e/readme-log.test.ts` (or paste
 * the step log of `npm run demo` between the demo-log markers).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import { startArtifactService, type ArtifactService } from '../../emulator/artifact-service.js'
import { runStep } from '../../emulator/runner/harness.js'
import { startEmulator, type Emulator } from '../../emulator/vm0/index.js'
import { type GitHubApi } from '../../emulator/github-api.js'
import { onDemoPullRequest, preparePlatform, startDemoGitHub } from '../../scripts/demo.js'
import { createRunnerView } from '../support/runner-view.js'

const README = new URL('../../README.md', import.meta.url)
const START = '<!-- demo-log:start -->'
const END = '<!-- demo-log:end -->'

/** The README's sample log: the code block between the demo-log markers. */
function readmeBlock(readme: string): { before: string; log: string; after: string } {
  const from = readme.indexOf(START)
  const to = readme.indexOf(END)
  if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} markers`)
  const inner = readme.slice(from + START.length, to)
  const match = /\n```\n([\s\S]*?)\n```\n/.exec(inner)
  if (!match) throw new Error('README.md: no ``` block between the demo-log markers')
  return {
    before: readme.slice(0, from + START.length),
    log: match[1] ?? '',
    after: readme.slice(to)
  }
}

/** What may differ between two runs of the same demo. */
function normalise(log: string, jobDir?: string): string {
  let text = log.replace(/\u001b\[[0-9;]*m/g, '')
  if (jobDir !== undefined) {
    // This runner's folder, with the OS's separators, reads as a Linux runner's would.
    text = text
      .split('\n')
      .map(line =>
        line.includes(jobDir) ? line.split(jobDir).join('<job>').replace(/\\/g, '/') : line
      )
      .join('\n')
  }
  return text
    .replace(/\/tmp\/vm0-runner-\w+/g, '<job>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uuid>')
    .replace(/\b[0-9a-f]{64}\b/g, '<sha256>')
    .replace(/\b[0-9a-f]{8}\b/g, '<id8>')
    .replace(/ completed in \d+ s;/g, ' completed in <n> s;')
    .replace(/, up to \d\d:\d\d:\d\d UTC /g, ', up to <time> UTC ')
    .split('\n')
    .filter(line => !/^Run status: (queued|pending|running)$/.test(line))
    .join('\n')
    .trim()
}

let emulator: Emulator
let artifacts: ArtifactService
let github: GitHubApi
beforeAll(async () => {
  emulator = await startEmulator({ eventTickMs: 250, surfaces: 'platform' })
  artifacts = await startArtifactService()
  github = await startDemoGitHub()
})
afterAll(async () => {
  await github.close()
  await artifacts.close()
  await emulator.close()
})

describe("the README's sample log", () => {
  it('is the step log of `npm run demo`', async () => {
    let shown = ''
    // The demo's own line about the emulator is not part of the step log.
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined)
    const inputs = preparePlatform(emulator, false)
    quiet.mockRestore()
    const step = await runStep({
      ...onDemoPullRequest(inputs, artifacts.env(), github.url),
      onStdout: createRunnerView(text => (shown += text))
    })
    expect(step.code).toBe(0)
    const readme = readFileSync(README, 'utf8')
    const block = readmeBlock(readme)
    if (process.env['UPDATE_DEMO_LOG'] === '1') {
      const log = shown.replace(/\u001b\[[0-9;]*m/g, '').trimEnd()
      writeFileSync(README, `${block.before}\n\n\`\`\`\n${log}\n\`\`\`\n\n${block.after}`)
      return
    }
    expect(normalise(block.log)).toBe(normalise(shown, step.job.dir))
  })

  it('normalises only what differs between runs', () => {
    const a =
      'Run 7a8260ab-4687-4f54-ac03-f7845093feca completed in 3 s; 2 files in /tmp/vm0-runner-AQtTM2/x.'
    const b =
      'Run 11111111-2222-3333-4444-555555555555 completed in 4 s; 2 files in C:\\T\\vm0-runner-zz\\x.'
    expect(normalise(a)).toBe(normalise(b, 'C:\\T\\vm0-runner-zz'))
    expect(normalise('Run status: pending\nRun status: completed')).toBe('Run status: completed')
    expect(normalise('Uploaded 2 files')).not.toBe(normalise('Uploaded 3 files'))
  })
})
