/**
 * What the collect tests share: the VM0 emulator, the local artifact service
 * (its env set for @actions/artifact, GITHUB_SERVER_URL unset so uploads are
 * not refused as GHES), a client with zero sleep, a scratch folder, and
 * stdout silenced (@actions/artifact logs through @actions/core). Registers
 * its own beforeAll/afterAll; the fields are set once beforeAll has run.
 */
import { afterAll, beforeAll, jest } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent } from 'undici'
import { startArtifactService, type ArtifactService } from '../../emulator/artifact-service.js'
import { startEmulator, type Emulator } from '../../emulator/vm0/index.js'
import { Vm0Client } from '../../src/vm0/client.js'

const ENV_KEYS = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'GITHUB_SERVER_URL']

export interface CollectHarness {
  emu: Emulator
  svc: ArtifactService
  client: Vm0Client
  dispatcher: Agent
  /** A scratch folder, removed after the file's tests. */
  root: string
}

export function useCollectHarness(tmpPrefix: string): CollectHarness {
  const h = { dispatcher: new Agent({ keepAliveTimeout: 1000 }) } as CollectHarness
  const savedEnv: Record<string, string | undefined> = {}
  let stdoutSpy: { mockRestore(): void } | undefined
  beforeAll(async () => {
    h.emu = await startEmulator({ eventTickMs: 50 })
    h.svc = await startArtifactService()
    h.client = new Vm0Client({
      baseUrl: h.emu.url,
      token: h.emu.token,
      dispatcher: h.dispatcher,
      sleep: async () => {}
    })
    for (const k of ENV_KEYS) savedEnv[k] = process.env[k]
    delete process.env.GITHUB_SERVER_URL
    Object.assign(process.env, h.svc.env())
    stdoutSpy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    h.root = mkdtempSync(join(tmpdir(), tmpPrefix))
  })
  afterAll(async () => {
    stdoutSpy?.mockRestore()
    for (const k of ENV_KEYS) {
      if (savedEnv[k] === undefined) delete process.env[k]
      else process.env[k] = savedEnv[k]
    }
    await h.emu.close()
    await h.svc.close()
    await h.dispatcher.close()
    rmSync(h.root, { recursive: true, force: true })
  })
  return h
}
