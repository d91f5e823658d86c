/**
 * End to end on the bundled dist/: which artifact version a run publishes,
 * against the emulator behaving like the last `/v1` (its default): a run
 * started by agent name writes no version, nor does a run that continues the
 * session it opened; a run that continues a session opened with an artifact
 * (the CLI's `--artifact-name`, `emu.openSession`) writes `Checkpoint from run
 * <id>`. Build first (`npm run build`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { startArtifactService, type ArtifactService } from '../../emulator/artifact-service.js'
import { readZip } from '../../emulator/artifact-service/zip.js'
import { startEmulator, type Emulator, type RunScript } from '../../emulator/vm0/index.js'
import { createJob, runStep, type StepResult } from '../../emulator/runner/harness.js'

const OLD = { 'REPORT.md': 'an older run wrote this\n' }
const MINE = { 'REPORT.md': 'this run wrote this\n', 'src/fix.ts': 'export const fixed = true\n' }

const SCRIPT: RunScript = {
  pendingMs: 20,
  steps: [
    {
      at: 10,
      agent: { type: 'result', subtype: 'success', result: 'Done.', num_turns: 1 }
    }
  ],
  durationMs: 40,
  files: MINE
}

let emu: Emulator
let svc: ArtifactService
let olderVersion: string

beforeAll(async () => {
  emu = await startEmulator({ eventTickMs: 50 })
  svc = await startArtifactService()
  emu.addAgent('coder', { script: SCRIPT })
  olderVersion = emu.addArtifactVersion(
    'work',
    { files: OLD },
    {
      message: 'Checkpoint from run 5f0c9a4e-1b2d-4c5e-8f70-112233445566',
      createdBy: 'agent'
    }
  ).versionId
})
afterAll(async () => {
  await emu.close()
  await svc.close()
})

function step(inputs: Record<string, string>, job = createJob()): Promise<StepResult> {
  return runStep({
    inputs: { 'vm0-token': emu.token, 'api-url': emu.url, ...inputs },
    env: svc.env(),
    job
  })
}

const commands = (s: StepResult, command: string): string[] =>
  s.parsed.commands.filter(c => c.command === command).map(c => c.data)

describe('only the version this run wrote is published', () => {
  it('a run started by agent name writes none: nothing extracted or uploaded, one notice says why, while older versions exist', async () => {
    const uploads = svc.artifacts().length
    const downloads = emu.requests.filter(r => r.origin === 'storage').length
    const s = await step({ agent: 'coder', prompt: 'fix it', 'artifact-name': 'work' })
    expect(commands(s, 'error')).toEqual([])
    expect(s.code).toBe(0)
    const runId = s.outputs['run-id'] ?? ''
    expect(s.outputs.status).toBe('completed')
    expect(emu.getRun(runId)?.producedVersionId).toBeNull()
    // The older version is still the head, and it was neither downloaded nor uploaded.
    expect(s.outputs['artifact-version']).toBeUndefined()
    expect(s.outputs['artifacts-path']).toBeUndefined()
    expect(s.outputs['artifact-id']).toBeUndefined()
    expect(s.outputs['artifact-url']).toBeUndefined()
    expect(s.outputs['artifact-digest']).toBeUndefined()
    expect(svc.artifacts()).toHaveLength(uploads)
    expect(emu.requests.filter(r => r.origin === 'storage')).toHaveLength(downloads)
    expect(existsSync(join(s.job.runnerTemp, `vm0-${runId}`, 'files'))).toBe(false)
    expect(s.stdout).not.toContain(olderVersion.slice(0, 12))
    expect(commands(s, 'warning')).toEqual([])
    expect(commands(s, 'notice')).toEqual([
      `Nothing was extracted or uploaded: run ${runId} wrote no version of artifact 'work' ` +
        "(none of its 1 versions says 'Checkpoint from run " +
        `${runId}'). On /v1 a run writes files only when it continues a session that was ` +
        "opened with an artifact (the CLI's `vm0 run --artifact-name`), with `session-id` or " +
        '`checkpoint-id`: a run started by `agent` or `agent-id` writes none, and neither do ' +
        'later runs of the session it opens. Set `collect: head` to collect the ' +
        "artifact's current version on purpose."
    ])
    expect(s.summary).toContain(`No files were uploaded: run ${runId} wrote no version`)
  })

  it('a session opened by a /v1 agent-name run and then continued uploads nothing and says why', async () => {
    const first = await step({ agent: 'coder', prompt: 'start', 'artifact-name': 'work' })
    const sessionId = first.outputs['session-id'] ?? ''
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/)
    const uploads = svc.artifacts().length
    const s = await step({ 'session-id': sessionId, prompt: 'go on', 'artifact-name': 'work' })
    expect(commands(s, 'error')).toEqual([])
    expect(s.code).toBe(0)
    const runId = s.outputs['run-id'] ?? ''
    expect(s.outputs.status).toBe('completed')
    expect(emu.getRun(runId)?.sessionId).toBe(sessionId)
    // The run ran and its script had files, but the session has no artifact to write them to.
    expect(emu.getRun(runId)?.producedVersionId).toBeNull()
    expect(s.outputs['artifact-version']).toBeUndefined()
    expect(s.outputs['artifact-id']).toBeUndefined()
    expect(svc.artifacts()).toHaveLength(uploads)
    const [notice, ...more] = commands(s, 'notice')
    expect(more).toEqual([])
    expect(notice).toContain(`Nothing was extracted or uploaded: run ${runId} wrote no version`)
    expect(notice).toContain(
      'On /v1 a run writes files only when it continues a session that was opened with an ' +
        "artifact (the CLI's `vm0 run --artifact-name`): a session that a /v1 run opened (by " +
        '`agent` or `agent-id`) has none, so its runs write nothing'
    )
    // The job summary says it too, in one line.
    const summary = s.summary
    expect(summary).toContain(`No files were uploaded: run ${runId} wrote no version`)
    expect(summary).toContain('Either the session has no artifact (a /v1 run opened it')
  })

  it('a run that continues a session opened with an artifact collects its own version', async () => {
    // As the CLI's `vm0 run --artifact-name work` opens it: the one path to files on /v1.
    const { sessionId } = emu.openSession('coder', 'work')
    const job = createJob()
    const s = await step(
      { 'session-id': sessionId, prompt: 'go on', 'artifact-name': 'work', path: 'out' },
      job
    )
    expect(commands(s, 'error')).toEqual([])
    expect(commands(s, 'warning')).toEqual([])
    expect(commands(s, 'notice')).toEqual([])
    expect(s.code).toBe(0)
    const runId = s.outputs['run-id'] ?? ''
    const version = emu.getRun(runId)?.producedVersionId ?? ''
    expect(version).not.toBe('')
    expect(version).not.toBe(olderVersion)
    expect(s.outputs['artifact-version']).toBe(version)
    expect(s.stdout).toContain(`'Checkpoint from run ${runId}'`)
    const out = join(job.workspace, 'out')
    expect(s.outputs['artifacts-path']).toBe(out)
    expect(readFileSync(join(out, 'REPORT.md'), 'utf8')).toBe(MINE['REPORT.md'])
    const stored = svc.artifacts().find(a => String(a.id) === s.outputs['artifact-id'])
    expect([...readZip(stored?.zip ?? Buffer.alloc(0)).keys()].sort()).toEqual([
      'REPORT.md',
      'src/fix.ts'
    ])
    expect(s.summary).not.toContain('No files were uploaded')
  })

  it('collect: head publishes the current version only when asked to, and says whose it is', async () => {
    const head = emu.addArtifactVersion(
      'shared-head',
      { files: OLD },
      {
        message: 'Uploaded with vm0 artifact push',
        createdBy: 'user'
      }
    )
    const s = await step({
      agent: 'coder',
      prompt: 'x',
      'artifact-name': 'shared-head',
      collect: 'head',
      upload: 'false'
    })
    expect(s.code).toBe(0)
    expect(s.outputs['artifact-version']).toBe(head.versionId)
    expect(readdirSync(s.outputs['artifacts-path'] ?? '')).toEqual(['REPORT.md'])
    expect(s.stdout).toContain(
      "Collecting the current version (`collect: head`), 'Uploaded with vm0 artifact push' by user, "
    )
    expect(commands(s, 'notice')).toEqual([])
  })
})

describe('inputs the service ignores are not silent', () => {
  it('agent-version: one warning, and it is still sent', async () => {
    const s = await step({ agent: 'coder', prompt: 'x', 'agent-version': 'v2' })
    expect(s.code).toBe(0)
    expect(commands(s, 'warning')).toEqual([
      "`agent-version` is 'v2', but the VM0 service runs the agent's current version whatever " +
        'version is asked for (it accepts `agentVersion` and ignores it). It is still sent, in ' +
        'case the service starts to honour it; to run another version, compose that version as ' +
        "the agent's current one."
    ])
    const body = emu.getRun(s.outputs['run-id'] ?? '')?.createRequestBody as Record<string, unknown>
    expect(body.agentVersion).toBe('v2')
  })
})
