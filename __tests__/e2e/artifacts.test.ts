/**
 * End to end: the bundled dist/index.js, run as the runner runs it, collects
 * a run's output from the VM0 emulator and uploads it to the local artifact
 * service. Build first (`npm run build`).
 *
 * These tests are about extracting and uploading, so the emulator commits
 * like the internal API (`artifactCommits: 'always'`): runs started by agent
 * name write their version. What the current `/v1` does (they write none) is
 * in own-version.test.ts.
 */
import { quote } from '../../src/text/quote.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startArtifactService, type ArtifactService } from '../../emulator/artifact-service.js'
import { listZip, readZip } from '../../emulator/artifact-service/zip.js'
import { createTarGz, filesToTarGz, readTarGz } from '../../emulator/tar.js'
import { startEmulator, type Emulator, type RunScript } from '../../emulator/vm0/index.js'
import { createJob, runStep, type StepResult } from '../../emulator/runner/harness.js'

const FILES: Record<string, string | Buffer> = {
  'REPORT.md': '# Fixed\nAll tests pass.\n',
  'src/greet.ts': 'export const greet = (n: string): string => `Hello, ${n}!`\n',
  'assets/noise.bin': randomBytes(2 * 1024 * 1024),
  '.vm0rc': 'hidden=yes\n'
}

function script(content: { files?: Record<string, string | Buffer>; archive?: Buffer }): RunScript {
  return {
    pendingMs: 20,
    steps: [
      { at: 0, system: 'sandbox ready' },
      {
        at: 10,
        agent: {
          type: 'result',
          subtype: 'success',
          result: 'Done.',
          num_turns: 1,
          total_cost_usd: 0.01
        }
      }
    ],
    durationMs: 40,
    ...content
  }
}

let emu: Emulator
let svc: ArtifactService

beforeAll(async () => {
  emu = await startEmulator({ eventTickMs: 50, artifactCommits: 'always' })
  svc = await startArtifactService()
  emu.addAgent('coder', { script: script({ files: FILES }) })
  emu.addAgent('other', { script: script({ files: { 'REPORT.md': 'another run\n' } }) })
  emu.addAgent('idle', { script: script({}) })
})
afterAll(async () => {
  await emu.close()
  await svc.close()
})
beforeEach(() => {
  emu.requests.length = 0
})

function step(inputs: Record<string, string>, job = createJob()): Promise<StepResult> {
  return runStep({
    inputs: { 'vm0-token': emu.token, 'api-url': emu.url, ...inputs },
    env: svc.env(),
    job
  })
}

function warnings(s: StepResult): string[] {
  return s.parsed.commands.filter(c => c.command === 'warning').map(c => c.data)
}
function notices(s: StepResult): string[] {
  return s.parsed.commands.filter(c => c.command === 'notice').map(c => c.data)
}
function errors(s: StepResult): string[] {
  return s.parsed.commands.filter(c => c.command === 'error').map(c => c.data)
}

/** Starts a run through the API and waits for it to end. */
async function finishedRun(agent: string, artifactName: string): Promise<string> {
  const res = await fetch(`${emu.url}/v1/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emu.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ agent, prompt: 'go', artifactName })
  })
  const { id } = (await res.json()) as { id: string }
  // No cap: a run that never ends fails the test at its (generous) timeout, never silently.
  while (emu.getRun(id)?.completedAt == null) await new Promise(resolve => setTimeout(resolve, 10))
  return id
}

function expectNoTokenAtStorage(): void {
  const storage = emu.requests.filter(r => r.origin === 'storage')
  expect(storage.length).toBeGreaterThan(0)
  for (const r of storage) expect(r.headers.authorization).toBeUndefined()
}

describe('collecting the output end to end', () => {
  it('extracts and uploads the run’s files byte for byte, and sets the outputs', async () => {
    const s = await step({ agent: 'coder', prompt: 'fix the tests', 'artifact-name': 'work' })
    expect(errors(s)).toEqual([])
    expect(s.code).toBe(0)
    const runId = s.outputs['run-id'] ?? ''
    const version = emu.getRun(runId)?.producedVersionId
    expect(s.outputs['artifact-version']).toBe(version)
    expect(s.outputs['artifacts-path']).toBe(join(s.job.runnerTemp, `vm0-${runId}`, 'files'))
    for (const [name, content] of Object.entries(FILES)) {
      expect(
        readFileSync(join(s.outputs['artifacts-path'] ?? '', name)).equals(Buffer.from(content))
      ).toBe(true)
    }

    const stored = svc.artifacts().find(a => String(a.id) === s.outputs['artifact-id'])
    expect(stored?.name).toBe(`vm0-work-${runId.slice(0, 8)}`)
    expect(s.outputs['artifact-url']).toBe(
      `https://github.com/octo-org/octo-repo/actions/runs/1658821493/artifacts/${stored?.id}`
    )
    expect(`sha256:${s.outputs['artifact-digest']}`).toBe(stored?.digest)
    const zip = readZip(stored?.zip ?? Buffer.alloc(0))
    const archive = readTarGz(filesToTarGz(FILES)).filter(
      e => e.type === 'file' && !e.name.startsWith('./.')
    )
    expect([...zip.keys()].sort()).toEqual(archive.map(e => e.name.slice(2)).sort())
    for (const e of archive) expect(zip.get(e.name.slice(2))?.equals(e.content)).toBe(true)
    // Mostly random bytes: compression-level auto stores them (level 0) and says why, once.
    const level = s.stdout.split('\n').filter(l => l.startsWith('Compression level'))
    expect(level).toEqual([
      expect.stringMatching(
        /^Compression level 0 \(`compression-level: auto`\): the gzip'd output archive was 100% of the files' size \(above 90%\)/
      )
    ])
    const entries = listZip(stored?.zip ?? Buffer.alloc(0)).filter(e => !e.isDirectory)
    expect(entries.every(e => e.method === 0)).toBe(true)

    expectNoTokenAtStorage()
    // The presigned URL was masked before anything could print it.
    const signature = emu.requests.find(r => r.origin === 'storage')?.query['X-Amz-Signature'] ?? ''
    expect(s.parsed.masks).toContain(signature)
    expect(
      s.stdout
        .split('\n')
        .filter(l => !l.startsWith('::add-mask::'))
        .join('\n')
    ).not.toContain(signature)
    const titles = s.parsed.groups.map(g => g.title)
    expect(titles).toEqual(expect.arrayContaining(['Downloading output', 'Uploading output']))
    expect(s.parsed.groups.every(g => g.closed)).toBe(true)
  })

  it("collects the run's own version when the head is another run's", async () => {
    const mine = await finishedRun('coder', 'shared')
    const theirs = await finishedRun('other', 'shared')
    const myVersion = emu.getRun(mine)?.producedVersionId
    expect(emu.getRun(theirs)?.producedVersionId).not.toBe(myVersion)
    const s = await step({ 'run-id': mine, 'artifact-name': 'shared', upload: 'false' })
    expect(s.code).toBe(0)
    expect(s.outputs['artifact-version']).toBe(myVersion)
    expect(readFileSync(join(s.outputs['artifacts-path'] ?? '', 'REPORT.md'), 'utf8')).toBe(
      FILES['REPORT.md']
    )
    expect(warnings(s)).toEqual([])
    expect(s.outputs['artifact-id']).toBeUndefined()
  })

  it('fails the step on a mixed archive with a ../ escape: nothing extracted or uploaded', async () => {
    const job = createJob()
    const sentinel = join(job.workspace, 'sentinel')
    mkdirSync(sentinel)
    writeFileSync(join(sentinel, 'keep.txt'), 'untouched\n')
    emu.setScript(
      'coder',
      script({
        archive: createTarGz([
          { name: './', type: 'dir' },
          { name: './ok.txt', content: 'fine\n' },
          { name: './link', type: 'symlink', linkname: sentinel },
          { name: './link/pwned.txt', content: 'pwned\n' },
          { name: '../sentinel/escape.txt', content: 'escaped\n' },
          { name: './passwd', type: 'hardlink', linkname: '/etc/passwd' },
          { name: './null', type: 'chardev' }
        ])
      })
    )
    const uploads = svc.artifacts().length
    try {
      const s = await step(
        { agent: 'coder', prompt: 'x', 'artifact-name': 'hostile', path: 'out' },
        job
      )
      expect(s.code).toBe(1)
      const runId = s.outputs['run-id'] ?? ''
      const version = emu.getRun(runId)?.producedVersionId ?? ''
      const errs = errors(s)
      expect(errs[errs.length - 1]).toBe(
        "The output archive holds 2 unsafe entries: '../sentinel/escape.txt' (the path climbs " +
          "out with '..') and './null' (character device). Each one is named in the log. " +
          `Nothing was extracted into \`path\` (${join(job.workspace, 'out')}) and nothing was ` +
          "uploaded. A VM0 sandbox does not produce absolute or '..' paths, NUL characters in " +
          'names, devices or FIFOs, so the archive may have been tampered with: check run ' +
          `${runId} and version ${version.slice(0, 12)} of artifact 'hostile'.`
      )
      for (const name of ['../sentinel/escape.txt', './null']) {
        expect(s.stdout).toContain(`Unsafe entry '${name}': `)
      }
      // Nothing outside path, nothing at path, no staging folder left, nothing uploaded.
      expect(readdirSync(sentinel)).toEqual(['keep.txt'])
      expect(readFileSync(join(sentinel, 'keep.txt'), 'utf8')).toBe('untouched\n')
      expect(readdirSync(job.workspace)).toEqual(['sentinel'])
      expect(svc.artifacts()).toHaveLength(uploads)
      expect(warnings(s)).toEqual([])
      // The run's own outputs are still set; the artifact ones are not.
      expect(s.outputs.status).toBe('completed')
      expect(s.outputs['artifacts-path']).toBeUndefined()
      expect(s.outputs['artifact-id']).toBeUndefined()
      expectNoTokenAtStorage()
    } finally {
      emu.setScript('coder', script({ files: FILES }))
    }
  })

  it('skips symbolic and hard links, names them in one warning, and still succeeds', async () => {
    const job = createJob()
    const sentinel = join(job.workspace, 'sentinel')
    mkdirSync(sentinel)
    writeFileSync(join(sentinel, 'keep.txt'), 'untouched\n')
    emu.setScript(
      'coder',
      script({
        archive: createTarGz([
          { name: './', type: 'dir' },
          { name: './ok.txt', content: 'fine\n' },
          { name: './link', type: 'symlink', linkname: sentinel },
          { name: './link/pwned.txt', content: 'pwned\n' },
          { name: './up', type: 'symlink', linkname: '../sentinel' },
          { name: './passwd', type: 'hardlink', linkname: '/etc/passwd' }
        ])
      })
    )
    try {
      const s = await step(
        { agent: 'coder', prompt: 'x', 'artifact-name': 'links', path: 'out' },
        job
      )
      expect(errors(s)).toEqual([])
      expect(s.code).toBe(0)
      const out = join(job.workspace, 'out')
      expect(s.outputs['artifacts-path']).toBe(out)
      expect(readdirSync(sentinel)).toEqual(['keep.txt'])
      expect(readdirSync(job.workspace).sort()).toEqual(['out', 'sentinel'])
      expect(lstatSync(join(out, 'link')).isDirectory()).toBe(true)
      expect(existsSync(join(out, 'up'))).toBe(false)
      expect(existsSync(join(out, 'passwd'))).toBe(false)
      const w = warnings(s)
      expect(w).toHaveLength(1)
      expect(w[0]).toMatch(
        /^Skipped links, unsupported entries and names Windows cannot hold in the output archive \(3\): '\.\/link' \(symbolic link to /
      )
      for (const name of ['./link', './up', './passwd']) {
        expect(s.stdout).toContain(`Skipped '${name}'`)
      }
      const stored = svc.artifacts().find(a => String(a.id) === s.outputs['artifact-id'])
      const zip = readZip(stored?.zip ?? Buffer.alloc(0))
      expect([...zip.keys()].sort()).toEqual(['link/pwned.txt', 'ok.txt'])
      expectNoTokenAtStorage()
    } finally {
      emu.setScript('coder', script({ files: FILES }))
    }
  })

  it('refuses .git entries in every spelling at any depth: nothing written under them, nothing uploaded', async () => {
    const job = createJob()
    // A checkout: its own .git (with a hook that must stay as it is) and a file the agent edits.
    const hooks = join(job.workspace, '.git', 'hooks')
    mkdirSync(hooks, { recursive: true })
    writeFileSync(join(job.workspace, '.git', 'config'), '[core]\n')
    writeFileSync(join(job.workspace, 'README.md'), 'before\n')
    const hook = '#!/bin/sh\necho pwned\n'
    const refused = [
      './.git/hooks/post-checkout',
      './.GIT/config',
      './sub/.git/hooks/pre-commit',
      './deep/er/.Git/hooks/pre-push',
      './.git./hooks/post-merge',
      './.git  /config',
      './git~1/config',
      './GIT~1/hooks/post-rewrite',
      './.git::$INDEX_ALLOCATION/config',
      './.g\u200cit/hooks/pre-commit',
      './a\\.git\\hooks\\pre-commit',
      './sub/.git'
    ]
    emu.setScript(
      'coder',
      script({
        archive: createTarGz([
          { name: './', type: 'dir' },
          { name: './.git/', type: 'dir' },
          { name: './.git/hooks/', type: 'dir' },
          ...refused.map(name => ({ name, content: hook, mode: 0o755 })),
          { name: './README.md', content: 'edited by the agent\n' },
          { name: './.gitignore', content: 'node_modules\n' }
        ])
      })
    )
    const uploads = svc.artifacts().length
    try {
      const s = await step(
        {
          agent: 'coder',
          prompt: 'x',
          'artifact-name': 'git-hooks',
          path: '.',
          'include-hidden-files': 'true'
        },
        job
      )
      expect(errors(s)).toEqual([])
      expect(s.code).toBe(0)
      // The checkout's .git is as it was; no other .git-like folder exists anywhere.
      expect(readdirSync(hooks)).toEqual([])
      expect(readFileSync(join(job.workspace, '.git', 'config'), 'utf8')).toBe('[core]\n')
      expect(readdirSync(job.workspace).sort()).toEqual(['.git', '.gitignore', 'README.md'])
      // Replacing an ordinary file of the checkout stays allowed.
      expect(readFileSync(join(job.workspace, 'README.md'), 'utf8')).toBe('edited by the agent\n')
      const w = warnings(s)
      expect(w).toHaveLength(1)
      expect(w[0]).toMatch(
        /^Refused 14 entries of the output archive under \.git paths, which git would read as its own hooks and config in a later step: '\.\/\.git' \(3\), /
      )
      // Each refused entry is named once in the log.
      for (const name of ['./.git/', './.git/hooks/', ...refused]) {
        // As the log shows names: invisible characters escaped (see quote).
        const line = `Refused ${quote(name)}: `
        expect(s.stdout.split(line).length - 1).toBe(1)
      }
      expect(svc.artifacts()).toHaveLength(uploads + 1)
      const stored = svc.artifacts().find(a => String(a.id) === s.outputs['artifact-id'])
      const zip = readZip(stored?.zip ?? Buffer.alloc(0))
      expect([...zip.keys()].sort()).toEqual(['.gitignore', 'README.md'])
      const extracted = s.stdout.match(/Extracted (\d+) files/)?.[1]
      expect(extracted).toBe('2')
    } finally {
      emu.setScript('coder', script({ files: FILES }))
    }
  })

  it('fails the step on a corrupt archive and leaves nothing at path', async () => {
    const whole = filesToTarGz({ 'a.txt': randomBytes(50_000) })
    emu.setScript('coder', script({ archive: whole.subarray(0, 20_000) }))
    try {
      const job = createJob()
      const s = await step(
        { agent: 'coder', prompt: 'x', 'artifact-name': 'broken', path: 'out' },
        job
      )
      expect(s.code).toBe(1)
      expect(errors(s)).toEqual([
        'The output archive is truncated: its gzip stream ends early, after 20000 bytes. The stored archive is incomplete or damaged; nothing was extracted.'
      ])
      expect(readdirSync(job.workspace)).toEqual([])
      // The run's own outputs are still set.
      expect(s.outputs.status).toBe('completed')
      expect(s.outputs['artifacts-path']).toBeUndefined()
    } finally {
      emu.setScript('coder', script({ files: FILES }))
    }
  })

  it('if-no-files-found: error fails the step; warn gives one notice; ignore only logs', async () => {
    const failed = await step({
      agent: 'idle',
      prompt: 'x',
      'artifact-name': 'nothing-here',
      'if-no-files-found': 'error'
    })
    expect(failed.code).toBe(1)
    expect(errors(failed)).toHaveLength(1)
    expect(errors(failed)[0]).toMatch(
      /^Nothing was extracted or uploaded: run \S+ wrote no version of artifact 'nothing-here': VM0 has no artifact of that name\. .* Failing the step because `if-no-files-found` is 'error'\.$/
    )
    expect(failed.outputs.status).toBe('completed')

    const warned = await step({ agent: 'idle', prompt: 'x', 'artifact-name': 'nothing-here' })
    expect(warned.code).toBe(0)
    expect(warnings(warned)).toEqual([])
    expect(notices(warned)).toEqual([
      expect.stringMatching(
        /^Nothing was extracted or uploaded: run \S+ wrote no version of artifact 'nothing-here'/
      )
    ])

    const ignored = await step({
      agent: 'idle',
      prompt: 'x',
      'artifact-name': 'nothing-here',
      'if-no-files-found': 'ignore'
    })
    expect(ignored.code).toBe(0)
    expect(warnings(ignored)).toEqual([])
    expect(notices(ignored)).toEqual([])
    expect(errors(ignored)).toEqual([])
    expect(ignored.stdout).toContain('Nothing was extracted or uploaded')
  })

  it('re-runs under the default name do not clash in the same workflow run', async () => {
    const uploads = (): string[] => svc.artifacts().map(a => a.name)
    const first = await step({ agent: 'coder', prompt: 'first', 'artifact-name': 'rerun' })
    expect(first.code).toBe(0)
    const runId = first.outputs['run-id'] ?? ''
    // A re-run of the job (attempt 2) that starts a new VM0 run: a new run id, a new name.
    // (Another agent, so the run writes a version of its own: the same content would not.)
    const again = await runStep({
      inputs: {
        'vm0-token': emu.token,
        'api-url': emu.url,
        agent: 'other',
        prompt: 'again',
        'artifact-name': 'rerun'
      },
      env: { ...svc.env(), GITHUB_RUN_ATTEMPT: '2' }
    })
    expect(errors(again)).toEqual([])
    expect(again.code).toBe(0)
    // A re-run that attaches to the first run with run-id: same run id, the attempt tells them apart.
    const attached = await runStep({
      inputs: {
        'vm0-token': emu.token,
        'api-url': emu.url,
        'run-id': runId,
        'artifact-name': 'rerun'
      },
      env: { ...svc.env(), GITHUB_RUN_ATTEMPT: '3' }
    })
    expect(errors(attached)).toEqual([])
    expect(attached.code).toBe(0)
    const names = uploads().filter(n => n.startsWith('vm0-rerun-'))
    expect(names).toEqual(
      expect.arrayContaining([
        `vm0-rerun-${runId.slice(0, 8)}`,
        `vm0-rerun-${(again.outputs['run-id'] ?? '').slice(0, 8)}-attempt-2`,
        `vm0-rerun-${runId.slice(0, 8)}-attempt-3`
      ])
    )
    expect(new Set(names).size).toBe(names.length)
  })
})
