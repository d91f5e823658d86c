/**
 * The end-to-end platform fixture: the emulator (platform agents `Code
 * Reviewer`, which publishes two files, and `Slow One`, which never ends), the
 * local artifact service, and a step of dist/ with a personal key. Each test
 * file calls {@link usePlatformE2e} once; its hooks start and stop both.
 */
import { afterAll, beforeAll, beforeEach } from '@jest/globals'
import { startArtifactService, type ArtifactService } from '../../emulator/artifact-service.js'
import { startEmulator, type Emulator, type RunScript } from '../../emulator/vm0/index.js'
import { runStep, type StepOptions, type StepResult } from '../../emulator/runner/harness.js'

export const ANSWER = 'All checks pass; the report is attached.'

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

/** What a platform end-to-end test works with; valid inside its tests. */
export interface PlatformE2e {
  readonly emu: Emulator
  readonly svc: ArtifactService
  /** `Code Reviewer`: answers {@link ANSWER} and publishes `report.md` and `data/results.json`. */
  readonly agentId: string
  /** `Slow One`: a run that never ends by itself. */
  readonly slowId: string
  /** One step of dist/ with the personal key, the emulator's URL and a prompt. */
  step: (inputs: Record<string, string>, extra?: Partial<StepOptions>) => Promise<StepResult>
  /** The platform routes requested so far, as `METHOD route`. */
  routes: () => string[]
}

export function usePlatformE2e(): PlatformE2e {
  let emu: Emulator
  let svc: ArtifactService
  const ids = { agentId: '', slowId: '' }
  beforeAll(async () => {
    emu = await startEmulator({ eventTickMs: 50 })
    svc = await startArtifactService()
    ids.agentId = emu.platform.addAgent('Code Reviewer', { script }).id
    ids.slowId = emu.platform.addAgent('Slow One', { script: endless }).id
  })
  afterAll(async () => {
    await emu.close()
    await svc.close()
  })
  beforeEach(() => {
    for (const run of emu.platform.runs()) emu.platform.finishRun(run.id, 'cancelled')
    emu.reset()
  })
  return {
    get emu() {
      return emu
    },
    get svc() {
      return svc
    },
    get agentId() {
      return ids.agentId
    },
    get slowId() {
      return ids.slowId
    },
    step: (inputs, extra = {}) =>
      runStep({
        inputs: {
          'vm0-token': emu.platform.pat,
          'api-url': emu.url,
          prompt: 'Review it.',
          ...inputs
        },
        env: svc.env(),
        ...extra
      }),
    routes: () => emu.platform.requests().map(r => `${r.method} ${r.route ?? r.path}`)
  }
}
