/**
 * The repository's own workflows cannot be hijacked through what they run:
 * every action outside this repository is pinned by a full commit SHA (a tag
 * can be moved to other code), and no job that holds a write permission
 * restores a cache or installs dependencies (a poisoned cache entry or a
 * compromised package would then run with that token).
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'

const DIR = new URL('../../.github/workflows/', import.meta.url)
const FILES = readdirSync(DIR).filter(name => /\.ya?ml$/.test(name))

interface Step {
  uses?: string
  run?: string
  with?: Record<string, unknown>
}
interface Job {
  permissions?: string | Record<string, string>
  steps?: Step[]
}
interface Workflow {
  permissions?: string | Record<string, string>
  jobs: Record<string, Job>
}

/** `uses:` values outside this repository that are not pinned as `owner/repo@<40 hex>`. */
function unpinned(text: string): string[] {
  const lines = text.split('\n').filter(line => /^\s*(-\s+)?uses:/.test(line))
  return lines
    .map(line => line.replace(/^\s*(-\s+)?uses:\s*/, '').trim())
    .filter(value => !value.startsWith('./') && !value.startsWith('docker://'))
    .filter(value => !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/.test(value))
}

/** Whether a permissions value lets the job write anything. */
function writes(permissions: Job['permissions']): boolean {
  if (permissions === undefined) return true // The repository default may be read-write.
  if (typeof permissions === 'string') return permissions !== 'read-all' && permissions !== '{}'
  return Object.values(permissions).some(level => level === 'write')
}

/** What a job holding a write token must not do: restore a cache, install dependencies. */
function writeJobProblems(workflow: Workflow): string[] {
  return Object.entries(workflow.jobs).flatMap(([name, job]) => {
    if (!writes(job.permissions ?? workflow.permissions)) return []
    return (job.steps ?? []).flatMap(step => {
      const problems: string[] = []
      const uses = step.uses ?? ''
      if (/^actions\/(cache|setup-[\w-]+)@/.test(uses) && step.with?.['cache'] !== undefined)
        problems.push(`${name}: ${uses} with cache`)
      if (/^actions\/cache(\/restore)?@/.test(uses)) problems.push(`${name}: ${uses}`)
      if (/\bnpm (ci|install|i)\b/.test(step.run ?? '')) problems.push(`${name}: npm install`)
      return problems
    })
  })
}

const workflows = FILES.map(name => {
  const text = readFileSync(new URL(name, DIR), 'utf8')
  return { name, text, workflow: parseYaml(text) as Workflow }
})

describe("the repository's workflows", () => {
  it('exist (release, CI and the rest)', () => {
    expect(FILES).toEqual(expect.arrayContaining(['ci.yml', 'release.yml', 'check-dist.yml']))
  })

  it.each(FILES)('%s pins every action outside ./ by commit SHA, version in a comment', name => {
    expect(unpinned(workflows.find(w => w.name === name)?.text ?? '')).toEqual([])
  })

  it.each(FILES)('%s gives no job with a write permission a cache or npm install', name => {
    const { workflow } = workflows.find(w => w.name === name) ?? { workflow: { jobs: {} } }
    expect(writeJobProblems(workflow)).toEqual([])
  })

  it('CI runs the end-to-end tests of dist/ on Linux, Windows and macOS', () => {
    const ci = workflows.find(w => w.name === 'ci.yml')?.workflow as Workflow & {
      jobs: Record<string, { strategy?: { matrix?: { os?: string[] } }; steps: Step[] }>
    }
    const job = Object.values(ci.jobs).find(j => j.strategy?.matrix?.os !== undefined)
    expect(job?.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest'])
    const runs = (job?.steps ?? []).map(s => s.run ?? '')
    expect(runs).toContain('npm run build')
    expect(runs).toContain('npm test -- __tests__/e2e')
  })
})

describe('the checks', () => {
  it('catch a tag, a branch, a short SHA and a SHA without its version', () => {
    const text = [
      '      - uses: actions/checkout@v5',
      '      - uses: actions/setup-node@main',
      '        uses: actions/cache@0c45773',
      '      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8',
      '      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0',
      '      - uses: ./'
    ].join('\n')
    expect(unpinned(text)).toEqual([
      'actions/checkout@v5',
      'actions/setup-node@main',
      'actions/cache@0c45773',
      'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8'
    ])
  })

  it("catch yesterday's release job: a write token beside the npm cache and npm ci", () => {
    const old: Workflow = {
      permissions: { contents: 'write' },
      jobs: {
        release: {
          steps: [{ uses: 'actions/setup-node@v4', with: { cache: 'npm' } }, { run: 'npm ci' }]
        },
        readOnly: { permissions: { contents: 'read' }, steps: [{ run: 'npm ci' }] }
      }
    }
    expect(writeJobProblems(old)).toEqual([
      'release: actions/setup-node@v4 with cache',
      'release: npm install'
    ])
    expect(writeJobProblems({ jobs: { unset: { steps: [{ run: 'npm ci' }] } } })).toEqual([
      'unset: npm install'
    ])
  })
})
