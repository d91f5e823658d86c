/**
 * End to end, on the bundled dist/ run as the runner runs it: a hostile or
 * slow storage (redirects, downgrades, drips, a cancel mid-download) stays
 * bounded. Crafted archives are in artifacts-hostile.test.ts (two files, so
 * they run side by side). Build first (`npm run build`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { filesToTarGz } from '../../emulator/tar.js'
import { PATIENT_SIGINT, itWithSignals } from '../support/ladders.js'
import { signalLadder } from '../../emulator/runner/harness.js'
import { FILES, errors, useHostileE2e } from '../support/hostile-e2e.js'

const h = useHostileE2e()
const { agentWith, step, storage } = h

describe('a hostile storage', () => {
  it('storage 307 redirect: followed after draining it, the files collected', async () => {
    const agent = agentWith(filesToTarGz(FILES))
    h.emu.addFault({ origin: 'storage', action: { kind: 'redirect', status: 307 } })
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
    h.emu.addFault({ origin: 'storage', times: Infinity, action: { kind: 'redirect' } })
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
    h.emu.addFault({
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
          res.writeHead(307, { location: `${h.emu.storageUrl}${req.url ?? '/'}` })
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
      h.emu.addFault({
        origin: 'storage',
        action: { kind: 'redirect', location: `https://127.0.0.1:${port}{path}` }
      })
      const s = await step(agent, {}, { env: { ...h.svc.env(), NODE_EXTRA_CA_CERTS: certFile } })
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
    h.emu.addFault({ origin: 'storage', action: { kind: 'drip', everyMs: 1000 } })
    // Ten seconds: the quick run ends well within them on a loaded machine, the drip never does.
    const s = await step(agent, { timeout: '10s' })
    expect(s.code).toBe(1)
    // The run ended within the timeout; the download was then cut at the deadline.
    expect(errors(s).at(-1)).toMatch(
      /^`timeout` \(10s\) ran out while the run's output files were being downloaded; nothing was extracted into `path` \(.*\) and nothing was uploaded\./
    )
    expect(s.outputs.status).toBe('completed')
  })

  itWithSignals(
    "cancellation during collection: says the workflow was cancelled, not 'This operation was aborted'",
    async () => {
      const agent = agentWith(filesToTarGz(FILES))
      h.emu.addFault({ origin: 'storage', action: { kind: 'drip', everyMs: 1000 } })
      const ladder = signalLadder(out => out.includes('Collecting version'), PATIENT_SIGINT)
      const s = await step(agent, {}, ladder)
      expect(ladder.log.sent.map(x => x.signal)).toEqual(['SIGINT'])
      expect(s.code).toBe(1)
      expect(s.stdout).not.toContain('This operation was aborted')
      expect(errors(s).at(-1)).toMatch(
        /^The workflow was cancelled while the run's output files were being downloaded; nothing was extracted into `path`/
      )
    }
  )
})
