/**
 * End to end, on the bundled dist/ run as the runner runs it: crafted
 * archives stay bounded (hostile storage: artifacts-hostile-storage.test.ts).
 * One test per attack.
 * Build first (`npm run build`).
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { longNames, zeroBomb } from '../../emulator/hostile-archives.js'
import { filesToTarGz } from '../../emulator/tar.js'
import { expectPeakBelow, rssProbe } from '../support/rss-probe.js'
import { createJob } from '../../emulator/runner/harness.js'
import { FILES, errors, useHostileE2e } from '../support/hostile-e2e.js'

const h = useHostileE2e()
const { agentWith, step, storage } = h

describe('crafted archives', () => {
  it('10 GiB gzip bomb: refused within limits, nothing written', async () => {
    const agent = agentWith(zeroBomb(1, 10 * 1024 ** 3))
    const job = createJob()
    const probe = rssProbe()
    const s = await step(agent, { path: 'out' }, { job, onSpawn: probe.onSpawn })
    expect(s.code).toBe(1)
    expect(errors(s).at(-1)).toMatch(/^The output archive unpacks to more than 2\.0 GiB/)
    expect(readdirSync(job.workspace)).toEqual([])
    expectPeakBelow(probe, 300)
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
    expectPeakBelow(probe, 400)
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
