/**
 * The fixture of the hostile end-to-end files: the emulator (runs by agent
 * name commit their files, the service-fills-it path: these tests are about
 * hostile storage and archives, not about which version is collected), the
 * local artifact service, an agent per archive and a step of dist/.
 */
import { afterAll, beforeAll, beforeEach } from '@jest/globals'
import { startArtifactService, type ArtifactService } from '../../emulator/artifact-service.js'
import { startEmulator, type Emulator, type RunScript } from '../../emulator/vm0/index.js'
import { runStep, type StepOptions, type StepResult } from '../../emulator/runner/harness.js'

export const FILES = { 'REPORT.md': '# Fixed\n', 'src/main.ts': 'export {}\n' }

function script(archive: Buffer): RunScript {
  return {
    pendingMs: 20,
    steps: [
      { at: 0, system: 'sandbox ready' },
      { at: 10, agent: { type: 'result', subtype: 'success', result: 'Done.', num_turns: 1 } }
    ],
    durationMs: 40,
    archive
  }
}

export function errors(s: StepResult): string[] {
  return s.parsed.commands.filter(c => c.command === 'error').map(c => c.data)
}

export interface HostileE2e {
  readonly emu: Emulator
  readonly svc: ArtifactService
  /** A fresh agent whose run leaves `archive` as its output. */
  agentWith: (archive: Buffer) => string
  /** One step of dist/ running `agent` and collecting its artifact (no upload). */
  step: (
    agent: string,
    inputs?: Record<string, string>,
    extra?: Partial<StepOptions>
  ) => Promise<StepResult>
  /** The requests that reached the emulator's storage. */
  storage: () => Emulator['requests']
}

/** Registers the hooks (call once per file) and returns the fixture. */
export function useHostileE2e(): HostileE2e {
  let emu: Emulator
  let svc: ArtifactService
  let agentNo = 0
  beforeAll(async () => {
    emu = await startEmulator({ eventTickMs: 50, artifactCommits: 'always' })
    svc = await startArtifactService()
  })
  afterAll(async () => {
    await emu.close()
    await svc.close()
  })
  beforeEach(() => {
    emu.clearFaults()
    emu.requests.length = 0
  })
  return {
    get emu() {
      return emu
    },
    get svc() {
      return svc
    },
    agentWith: archive => {
      const name = `hostile-${++agentNo}`
      emu.addAgent(name, { script: script(archive) })
      return name
    },
    step: (agent, inputs = {}, extra = {}) =>
      runStep({
        inputs: {
          'vm0-token': emu.token,
          'api-url': emu.url,
          agent,
          prompt: 'x',
          'artifact-name': agent,
          upload: 'false',
          ...inputs
        },
        env: svc.env(),
        ...extra
      }),
    storage: () => emu.requests.filter(r => r.origin === 'storage')
  }
}
