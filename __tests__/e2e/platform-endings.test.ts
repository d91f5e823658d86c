/**
 * End to end on the platform: the bundled dist/ run as the runner runs it,
 * with a personal key (`vm0_pat_…`), against the emulator's platform surface
 * and the local artifact service. Build first (`npm run build`). A queued message, missing routes, and runs that are stopped.
 */
import { describe, expect, it } from '@jest/globals'
import { BUSY_ANSWER } from '../../emulator/platform/index.js'
import { signalLadder } from '../../emulator/runner/harness.js'
import { itWithSignals } from '../support/ladders.js'
import { ANSWER, usePlatformE2e } from '../support/platform-e2e.js'

const t = usePlatformE2e()
const { step, routes } = t

/** Resolves once the step has sent its message (polled; the step itself bounds how long). */
async function whenSent(): Promise<void> {
  while (!t.emu.platform.requests().some(r => r.route === 'send-message')) {
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

describe('a platform run through dist/', () => {
  it('a queued message is waited for, then its run followed', async () => {
    const { threadId, activeRunId } = t.emu.platform.addThread(t.agentId, { busy: true })
    // The active run ends only once the step's message is queued behind it, however slow the machine.
    const queued = whenSent().then(() => t.emu.platform.finishRun(activeRunId ?? ''))
    const s = await step({ 'thread-id': threadId })
    await queued
    expect(s.code).toBe(0)
    expect(s.stdout.match(/queued behind/g)).toHaveLength(1)
    expect(s.outputs['run-id']).not.toBe(activeRunId)
    // The run it was queued behind answers after its message, and differently: that answer is not its.
    expect(t.emu.platform.threads()[0]?.messages.map(m => m.content)).toContain(BUSY_ANSWER)
    expect(s.outputs['output']).toBe(ANSWER)
  })

  it('with the enrichment routes missing: ends with its answer, one line per missing route', async () => {
    for (const route of ['run', 'telemetry', 'network', 'artifacts', 'thread-events'] as const) {
      t.emu.platform.removeRoute(route)
    }
    const s = await step({ 'agent-id': t.agentId })
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
    const s = await step({ 'agent-id': t.slowId, timeout: '6s' })
    expect(s.code).toBe(1)
    const [run] = t.emu.platform.runs()
    expect(run?.status).toBe('cancelled')
    expect(routes()).toContain('POST cancel')
    expect(s.outputs['status']).toBe('timeout')
  })

  itWithSignals(
    'by a signal: the platform run is cancelled before the runner escalates',
    async () => {
      const ladder = signalLadder(out => out.includes('started (status'))
      const s = await step({ 'agent-id': t.slowId }, { onSpawn: ladder.onSpawn })
      expect(ladder.log.sent.map(x => x.signal)).toEqual(['SIGINT'])
      const [run] = t.emu.platform.runs()
      expect(run?.status).toBe('cancelled')
      expect(s.outputs['status']).toBe('cancelled')
      expect(s.state['vm0-run-id']).toBe('')
    }
  )

  it('the post step cancels a platform run the main step left held, through the platform route', async () => {
    const { activeRunId } = t.emu.platform.addThread(t.slowId, { busy: true })
    const s = await step(
      {},
      { entry: 'post', state: { 'vm0-run-id': activeRunId ?? '', 'vm0-api': 'platform' } }
    )
    expect(s.code).toBe(0)
    expect(t.emu.platform.getRun(activeRunId ?? '')?.status).toBe('cancelled')
    expect(routes()).toContain('POST cancel')
    expect(t.emu.requests.some(r => r.origin === 'api' && r.path.startsWith('/v1/'))).toBe(false)
  })
})
