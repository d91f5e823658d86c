/**
 * End to end on the platform: the bundled dist/ run as the runner runs it,
 * with a personal key (`vm0_pat_…`), against the emulator's platform surface
 * and the local artifact service. Build first (`npm run build`).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startArtifactService, type ArtifactService } from '../../emulator/artifact-service.js'
import { readZip } from '../../emulator/artifact-service/zip.js'
import { startEmulator, type Emulator, type RunScript } from '../../emulator/vm0/index.js'
import {
  runStep,
  signalLadder,
  type StepOptions,
  type StepResult
} from '../../emulator/runner/harness.js'

const ANSWER = 'All checks pass; the report is attached.'

const script: RunScript = {
  pendingMs: 20,
  steps: [
    { at: 0, system: 'sandbox ready' },
    {
      at: 20,
      agent: { type: 'assistant', message: { content: [{ type: 'text', text: 'Checking.' }] } }
    },
    {
      at: 40,
      agent: {
        type: 'result',
        subtype: 'success',
        result: ANSWER,
        num_turns: 1,
        total_cost_usd: 0.01
      }
    }
  ],
  durationMs: 60,
  publish: [
    { filename: 'report.md', content: '# Report\nAll good.\n', contentType: 'text/markdown' },
    { filename: 'data/results.json', content: '{"passed":3}\n' }
  ]
}

const endless: RunScript = { pendingMs: 20, neverEnds: true, steps: [{ at: 0, system: 'working' }] }

let emu: Emulator
let svc: ArtifactService
let agentId: string
let slowId: string

beforeAll(async () => {
  emu = await startEmulator({ eventTickMs: 50 })
  svc = await startArtifactService()
  agentId = emu.platform.addAgent('Code Reviewer', { script }).id
  slowId = emu.platform.addAgent('Slow One', { script: endless }).id
})
afterAll(async () => {
  await emu.close()
  await svc.close()
})
beforeEach(() => {
  for (const run of emu.platform.runs()) emu.platform.finishRun(run.id, 'cancelled')
  emu.reset()
})

function step(
  inputs: Record<string, string>,
  extra: Partial<StepOptions> = {}
): Promise<StepResult> {
  return runStep({
    inputs: { 'vm0-token': emu.platform.pat, 'api-url': emu.url, prompt: 'Review it.', ...inputs },
    env: svc.env(),
    killAfterMs: 60_000,
    ...extra
  })
}

function routes(): string[] {
  return emu.platform.requests().map(r => `${r.method} ${r.route ?? r.path}`)
}

describe('a platform run through dist/', () => {
  it('by agent display name: completes with its answer, thread-id and run-id, files uploaded', async () => {
    const s = await step({ agent: 'code reviewer' })
    expect(s.stderr).toBe('')
    expect(s.code).toBe(0)
    const [run] = emu.platform.runs()
    expect(run?.agentId).toBe(agentId)
    expect(s.outputs['run-id']).toBe(run?.id)
    expect(s.outputs['thread-id']).toBe(run?.threadId)
    expect(s.outputs['status']).toBe('completed')
    expect(s.outputs['output']).toBe(ANSWER)
    expect(s.summary).toContain(ANSWER)
    // The platform has no /v1 route and no metrics.
    expect(emu.requests.some(r => r.origin === 'api' && r.path.startsWith('/v1/'))).toBe(false)
    expect(s.outputs['metrics']).toBeUndefined()
    // The published files, uploaded as a workflow artifact.
    const artifact = svc.artifacts().find(a => String(a.id) === s.outputs['artifact-id'])
    expect(artifact).toBeDefined()
    const zip = readZip(artifact!.zip)
    expect([...zip.keys()].sort()).toEqual(['data/results.json', 'report.md'])
    expect(zip.get('report.md')?.toString()).toBe('# Report\nAll good.\n')
    // The storage never saw the token.
    const storage = emu.requests.filter(r => r.origin === 'storage')
    expect(storage.length).toBeGreaterThan(0)
    for (const r of storage) expect(r.headers['authorization']).toBeUndefined()
    const shown = s.stdout.split('\n').filter(l => !l.startsWith('::add-mask::'))
    expect(shown.join('\n')).not.toContain(emu.platform.pat)
  })

  it('the agent events are rendered once each, in order', async () => {
    const s = await step({ 'agent-id': agentId })
    expect(s.code).toBe(0)
    const shown = s.stdout.split('\n')
    expect(shown.filter(l => l.includes('Checking.'))).toHaveLength(1)
    const first = shown.findIndex(l => l.includes('Checking.'))
    const last = shown.findIndex(l => l.includes(ANSWER))
    expect(first).toBeGreaterThan(-1)
    expect(last).toBeGreaterThan(first)
  })

  it('by agent-id: no agent list is read', async () => {
    const s = await step({ 'agent-id': agentId })
    expect(s.code).toBe(0)
    expect(s.outputs['status']).toBe('completed')
    expect(routes()).not.toContain('GET agents')
  })

  it('by thread-id: continues that thread', async () => {
    const { threadId } = emu.platform.addThread(agentId)
    const s = await step({ 'thread-id': threadId })
    expect(s.code).toBe(0)
    expect(s.outputs['thread-id']).toBe(threadId)
    expect(s.outputs['output']).toBe(ANSWER)
    expect(routes()).toContain('POST send-message')
  })

  it('a queued message is waited for, then its run followed', async () => {
    const { threadId, activeRunId } = emu.platform.addThread(agentId, { busy: true })
    setTimeout(() => emu.platform.finishRun(activeRunId ?? ''), 3000)
    const s = await step({ 'thread-id': threadId })
    expect(s.code).toBe(0)
    expect(s.stdout.match(/queued behind/g)).toHaveLength(1)
    expect(s.outputs['run-id']).not.toBe(activeRunId)
    expect(s.outputs['output']).toBe(ANSWER)
  })

  it('with the enrichment routes missing: ends with its answer, one line per missing route', async () => {
    for (const route of ['run', 'telemetry', 'network', 'artifacts', 'thread-events'] as const) {
      emu.platform.removeRoute(route)
    }
    const s = await step({ 'agent-id': agentId })
    expect(s.code).toBe(0)
    expect(s.outputs['status']).toBe('completed')
    expect(s.outputs['output']).toBe(ANSWER)
    const missing = s.stdout.split('\n').filter(l => l.includes('is missing on this platform'))
    expect(missing.filter(l => l.includes('GET /api/runs/:id is missing'))).toHaveLength(1)
    expect(missing.filter(l => l.includes('/artifacts'))).toHaveLength(1)
    expect(new Set(missing).size).toBe(missing.length)
  })
})

describe('a platform run that is stopped', () => {
  it('by timeout: the platform run is cancelled and the step fails', async () => {
    const s = await step({ 'agent-id': slowId, timeout: '6s' })
    expect(s.code).toBe(1)
    const [run] = emu.platform.runs()
    expect(run?.status).toBe('cancelled')
    expect(routes()).toContain('POST cancel')
    expect(s.outputs['status']).toBe('cancelled')
  })

  it('by a signal: the platform run is cancelled before the runner escalates', async () => {
    const ladder = signalLadder(out => out.includes('started (status'))
    const s = await step({ 'agent-id': slowId }, { onSpawn: ladder.onSpawn })
    expect(ladder.log.sent.map(x => x.signal)).toEqual(['SIGINT'])
    const [run] = emu.platform.runs()
    expect(run?.status).toBe('cancelled')
    expect(s.outputs['status']).toBe('cancelled')
    expect(s.state['vm0-run-id']).toBe('')
  })

  it('the post step cancels a platform run the main step left held, through the platform route', async () => {
    const { activeRunId } = emu.platform.addThread(slowId, { busy: true })
    const s = await step(
      {},
      { entry: 'post', state: { 'vm0-run-id': activeRunId ?? '', 'vm0-api': 'platform' } }
    )
    expect(s.code).toBe(0)
    expect(emu.platform.getRun(activeRunId ?? '')?.status).toBe('cancelled')
    expect(routes()).toContain('POST cancel')
    expect(emu.requests.some(r => r.origin === 'api' && r.path.startsWith('/v1/'))).toBe(false)
  })
})
