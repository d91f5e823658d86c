/**
 * End to end on the platform: the bundled dist/ run as the runner runs it,
 * with a personal key (`vm0_pat_…`), against the emulator's platform surface
 * and the local artifact service. Build first (`npm run build`). Runs that start and complete; platform-endings.test.ts has the others (two files, so they run side by side).
 */
import { describe, expect, it } from '@jest/globals'
import { readZip } from '../../emulator/artifact-service/zip.js'
import { ANSWER, usePlatformE2e } from '../support/platform-e2e.js'

const t = usePlatformE2e()
const { step, routes } = t

describe('a platform run through dist/', () => {
  it('by agent display name: completes with its answer, thread-id and run-id, files uploaded', async () => {
    const s = await step({ agent: 'code reviewer' })
    expect(s.stderr).toBe('')
    expect(s.code).toBe(0)
    const [run] = t.emu.platform.runs()
    expect(run?.agentId).toBe(t.agentId)
    expect(s.outputs['run-id']).toBe(run?.id)
    expect(s.outputs['thread-id']).toBe(run?.threadId)
    expect(s.outputs['status']).toBe('completed')
    expect(s.outputs['output']).toBe(ANSWER)
    expect(s.summary).toContain(ANSWER)
    expect(s.summary).toContain(
      'No resource chart: the platform offers no resource metrics to a personal key.'
    )
    // The platform has no /v1 route and no metrics.
    expect(t.emu.requests.some(r => r.origin === 'api' && r.path.startsWith('/v1/'))).toBe(false)
    expect(s.outputs['metrics']).toBeUndefined()
    // The published files, uploaded as a workflow artifact.
    const artifact = t.svc.artifacts().find(a => String(a.id) === s.outputs['artifact-id'])
    expect(artifact).toBeDefined()
    const zip = readZip(artifact!.zip)
    expect([...zip.keys()].sort()).toEqual(['data/results.json', 'report.md'])
    expect(zip.get('report.md')?.toString()).toBe('# Report\nAll good.\n')
    // The storage never saw the token.
    const storage = t.emu.requests.filter(r => r.origin === 'storage')
    expect(storage.length).toBeGreaterThan(0)
    for (const r of storage) expect(r.headers['authorization']).toBeUndefined()
    const shown = s.stdout.split('\n').filter(l => !l.startsWith('::add-mask::'))
    expect(shown.join('\n')).not.toContain(t.emu.platform.pat)
  })

  it('the agent events are rendered once each, in order', async () => {
    const s = await step({ 'agent-id': t.agentId })
    expect(s.code).toBe(0)
    const shown = s.stdout.split('\n')
    expect(shown.filter(l => l.includes('Checking.'))).toHaveLength(1)
    const first = shown.findIndex(l => l.includes('Checking.'))
    const last = shown.findIndex(l => l.includes(ANSWER))
    expect(first).toBeGreaterThan(-1)
    expect(last).toBeGreaterThan(first)
  })

  it('by agent-id: no agent list is read', async () => {
    const s = await step({ 'agent-id': t.agentId })
    expect(s.code).toBe(0)
    expect(s.outputs['status']).toBe('completed')
    expect(routes()).not.toContain('GET agents')
  })

  it('by thread-id: continues that thread', async () => {
    const { threadId } = t.emu.platform.addThread(t.agentId)
    const s = await step({ 'thread-id': threadId })
    expect(s.code).toBe(0)
    expect(s.outputs['thread-id']).toBe(threadId)
    expect(s.outputs['output']).toBe(ANSWER)
    expect(routes()).toContain('POST send-message')
  })
})
