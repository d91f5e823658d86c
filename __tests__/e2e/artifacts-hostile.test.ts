/**
 * End to end, on the bundled dist/ run as the runner runs it: a hostile or
 * slow storage and crafted archives stay bounded. One test per attack.
 * Build first (`npm run build`).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startArtifactService, type ArtifactService } from '../../emulator/artifact-service.js'
import { longNames, zeroBomb } from '../../emulator/hostile-archives.js'
import { filesToTarGz } from '../../emulator/tar.js'
import { startEmulator, type Emulator, type RunScript } from '../../emulator/vm0/index.js'
import { PATIENT_SIGINT } from '../support/ladders.js'
import { rssProbe } from '../support/rss-probe.js'
import {
  createJob,
  runStep,
  signalLadder,
  type StepOptions,
  type StepResult
} from '../../emulator/runner/harness.js'

const FILES = { 'REPORT.md': '# Fixed\n', 'src/main.ts': 'export {}\n' }

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

let emu: Emulator
let svc: ArtifactService
let agentNo = 0

beforeAll(async () => {
  // Runs by agent name commit their files here (the service-fills-it path): these tests are
  // about hostile storage and archives, not about which version is collected.
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

/** A fresh agent whose run leaves `archive` as its output. */
function agentWith(archive: Buffer): string {
  const name = `hostile-${++agentNo}`
  emu.addAgent(name, { script: script(archive) })
  return name
}

function step(
  agent: string,
  inputs: Record<string, string> = {},
  extra: Partial<StepOptions> = {}
): Promise<StepResult> {
  return runStep({
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
  })
}

function errors(s: StepResult): string[] {
  return s.parsed.commands.filter(c => c.command === 'error').map(c => c.data)
}
function storage() {
  return emu.requests.filter(r => r.origin === 'storage')
}

describe('a hostile storage', () => {
  it('storage 307 redirect: followed after draining it, the files collected', async () => {
    const agent = agentWith(filesToTarGz(FILES))
    emu.addFault({ origin: 'storage', action: { kind: 'redirect', status: 307 } })
    const s = await step(agent)
    expect(errors(s)).toEqual([])
    expect(s.code).toBe(0)
    expect(s.stderr).not.toMatch(/Error|at /)
    expect(readFileSync(join(s.outputs['artifacts-path'] ?? '', 'REPORT.md'), 'utf8')).toBe(
      '# Fixed\n'
    )
    expect(storage()).toHaveLength(2)
    for (const r of storage()) expect(r.headers.authorization).toBeUndefined()
  })

  it('storage redirect loop beyond 5 hops: refused, the step fails cleanly', async () => {
    const agent = agentWith(filesToTarGz(FILES))
    emu.addFault({ origin: 'storage', times: Infinity, action: { kind: 'redirect' } })
    const s = await step(agent)
    expect(s.code).toBe(1)
    expect(errors(s).at(-1)).toMatch(
      /^The storage \(127\.0\.0\.1:\d+\) redirected the download more than 5 times; refusing to follow it further\.$/
    )
    expect(storage()).toHaveLength(6)
    expect(s.outputs.status).toBe('completed')
  })

  it('metadata-address redirect (169.254.169.254): refused before connecting', async () => {
    const agent = agentWith(filesToTarGz(FILES))
    emu.addFault({
      origin: 'storage',
      action: { kind: 'redirect', location: 'http://169.254.169.254/latest/meta-data/iam/' }
    })
    const s = await step(agent)
    expect(s.code).toBe(1)
    expect(errors(s).at(-1)).toBe(
      'Refused the storage hop to 169.254.169.254: a link-local or cloud metadata address. The ' +
        'download URL and its redirects came from the VM0 API and the storage; nothing was downloaded.'
    )
  })

  describe('https→http downgrade', () => {
    let tls: Server
    let certFile: string
    beforeAll(async () => {
      const tlsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'support', 'tls')
      certFile = join(tlsDir, 'cert.pem')
      const keyFile = join(tlsDir, 'key.pem')
      // The https hop answers every request with a 307 down to the plain-http storage.
      tls = createServer(
        { key: readFileSync(keyFile), cert: readFileSync(certFile) },
        (req, res) => {
          res.writeHead(307, { location: `${emu.storageUrl}${req.url ?? '/'}` })
          res.end()
        }
      )
      await new Promise<void>(resolve => tls.listen(0, '127.0.0.1', () => resolve()))
    })
    afterAll(async () => {
      await new Promise<void>(resolve => tls.close(() => resolve()))
    })

    it('https→http downgrade: refused, nothing fetched over cleartext', async () => {
      const agent = agentWith(filesToTarGz(FILES))
      const port = (tls.address() as AddressInfo).port
      emu.addFault({
        origin: 'storage',
        action: { kind: 'redirect', location: `https://127.0.0.1:${port}{path}` }
      })
      const s = await step(agent, {}, { env: { ...svc.env(), NODE_EXTRA_CA_CERTS: certFile } })
      expect(s.code).toBe(1)
      expect(errors(s).at(-1)).toMatch(
        /^Refused the storage hop to 127\.0\.0\.1:\d+: it goes from https down to http \(cleartext\)\./
      )
      // Only the first request reached the plain storage: the downgraded hop was never made.
      expect(storage()).toHaveLength(1)
    })
  })

  it('dripping storage vs `timeout`: the step ends at the deadline', async () => {
    const agent = agentWith(filesToTarGz(FILES))
    emu.addFault({ origin: 'storage', action: { kind: 'drip', everyMs: 1000 } })
    // Ten seconds: the quick run ends well within them on a loaded machine, the drip never does.
    const s = await step(agent, { timeout: '10s' })
    expect(s.code).toBe(1)
    // The run ended within the timeout; the download was then cut at the deadline.
    expect(errors(s).at(-1)).toMatch(
      /^`timeout` \(10s\) ran out while the run's output files were being downloaded; nothing was extracted into `path` \(.*\) and nothing was uploaded\./
    )
    expect(s.outputs.status).toBe('completed')
  })

  it("cancellation during collection: says the workflow was cancelled, not 'This operation was aborted'", async () => {
    const agent = agentWith(filesToTarGz(FILES))
    emu.addFault({ origin: 'storage', action: { kind: 'drip', everyMs: 1000 } })
    const ladder = signalLadder(out => out.includes('Collecting version'), PATIENT_SIGINT)
    const s = await step(agent, {}, ladder)
    expect(ladder.log.sent.map(x => x.signal)).toEqual(['SIGINT'])
    expect(s.code).toBe(1)
    expect(s.stdout).not.toContain('This operation was aborted')
    expect(errors(s).at(-1)).toMatch(
      /^The workflow was cancelled while the run's output files were being downloaded; nothing was extracted into `path`/
    )
  })
})

describe('crafted archives', () => {
  it('10 GiB gzip bomb: refused within limits, nothing written', async () => {
    const agent = agentWith(zeroBomb(1, 10 * 1024 ** 3))
    const job = createJob()
    const probe = rssProbe()
    const s = await step(agent, { path: 'out' }, { job, onSpawn: probe.onSpawn })
    expect(s.code).toBe(1)
    expect(errors(s).at(-1)).toMatch(/^The output archive unpacks to more than 2\.0 GiB/)
    expect(readdirSync(job.workspace)).toEqual([])
    expect(probe.peakMb()).toBeLessThan(300)
  })

  it('gzip bomb of many files under max-output-size: refused at the limit', async () => {
    const agent = agentWith(zeroBomb(10, 64 * 1024 * 1024))
    const job = createJob()
    const s = await step(agent, { path: 'out', 'max-output-size': '100MiB' }, { job })
    expect(s.code).toBe(1)
    expect(errors(s).at(-1)).toMatch(/^The output archive unpacks to more than 100\.0 MiB/)
    expect(readdirSync(job.workspace)).toEqual([])
  })

  it('long-names archive: memory bounded, the skipped list capped and counted', async () => {
    const agent = agentWith(longNames(3000, 200_000))
    const probe = rssProbe()
    const s = await step(agent, {}, { onSpawn: probe.onSpawn })
    expect(s.code).toBe(0)
    const warning = s.parsed.commands.find(
      c => c.command === 'warning' && c.data.startsWith('Skipped links')
    )
    expect(warning?.data).toMatch(
      /\(3000\): .* and 2995 more\. The first 200 are listed in the log\.$/
    )
    expect(s.stdout).toContain('… and 2800 more, not listed.')
    expect(probe.peakMb()).toBeLessThan(400)
  })

  it('trailing newline after the archive: collected from one download', async () => {
    const agent = agentWith(Buffer.concat([filesToTarGz(FILES), Buffer.from('\n')]))
    const s = await step(agent)
    expect(errors(s)).toEqual([])
    expect(s.code).toBe(0)
    expect(storage()).toHaveLength(1)
    expect(readFileSync(join(s.outputs['artifacts-path'] ?? '', 'src/main.ts'), 'utf8')).toBe(
      'export {}\n'
    )
  })

  it('existing directory not replaced by a file: fails naming the entry, the checkout intact', async () => {
    const agent = agentWith(filesToTarGz({ src: 'a file named src\n', 'NEW.md': 'new\n' }))
    const job = createJob()
    mkdirSync(join(job.workspace, 'src'))
    writeFileSync(join(job.workspace, 'src', 'auth.ts'), 'keep me\n')
    const s = await step(agent, { path: '.' }, { job })
    expect(s.code).toBe(1)
    expect(errors(s).at(-1)).toBe(
      `The output archive has a file 'src', but \`path\` (${job.workspace}) already holds a ` +
        'folder there. The action never replaces or deletes a folder, a link or anything but a ' +
        'same-named file in `path`, so nothing was extracted into it. Give an empty or new ' +
        '`path`, or move that entry away first.'
    )
    expect(readFileSync(join(job.workspace, 'src', 'auth.ts'), 'utf8')).toBe('keep me\n')
    expect(existsSync(join(job.workspace, 'NEW.md'))).toBe(false)
    expect(readdirSync(job.workspace)).toEqual(['src'])
  })
})
