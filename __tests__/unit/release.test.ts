/**
 * The release process, dry: a tag's notes come from its CHANGELOG section and
 * are refused when they or package.json disagree; the major tag moves in a
 * real (local, throwaway) git repository, release after release.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { changelogSection, moveMajorTag, planOutputs, releasePlan } from '../../scripts/release.js'

const CHANGELOG = `# Changelog

## [Unreleased]

## [1.3.0] - 2027-01-10

### Added

- Comments on issues.

## [1.2.3] - 2026-12-20

### Fixed

- A blip no longer cancels a run.

[1.3.0]: https://example.invalid/compare/v1.2.3...v1.3.0
`

const dir = mkdtempSync(join(tmpdir(), 'vm0-release-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim()
}

describe('release notes', () => {
  it("are the version's CHANGELOG section, up to the next heading or link list", () => {
    expect(changelogSection(CHANGELOG, '1.2.3')).toBe(
      '### Fixed\n\n- A blip no longer cancels a run.'
    )
    expect(changelogSection(CHANGELOG, '1.3.0')).toBe('### Added\n\n- Comments on issues.')
    expect(changelogSection(CHANGELOG, '1.2')).toBeNull()
  })

  it('refuse a tag that is not vX.Y.Z, a package.json that disagrees, a version without notes', () => {
    expect(releasePlan('v1.2.3', CHANGELOG, '1.2.3')).toMatchObject({
      major: 'v1',
      version: '1.2.3'
    })
    expect(() => releasePlan('v1.2', CHANGELOG, '1.2')).toThrow(/looks like v1\.2\.3; got 'v1\.2'/)
    expect(() => releasePlan('v1.2.3', CHANGELOG, '1.2.2')).toThrow(
      /package\.json says version 1\.2\.2/
    )
    expect(() => releasePlan('v1.4.0', CHANGELOG, '1.4.0')).toThrow(/no "## \[1\.4\.0\]" section/)
  })
})

describe('the major tag', () => {
  it('moves to each release of its major version (dry run in a local repository)', () => {
    git('init', '-q', '-b', 'main')
    git('config', 'user.email', 'test@example.invalid')
    git('config', 'user.name', 'test')
    writeFileSync(join(dir, 'a.txt'), 'one')
    git('add', '.')
    git('commit', '-qm', 'one')
    git('tag', 'v1.2.3')
    const lines: string[] = []
    const first = releasePlan('v1.2.3', CHANGELOG, '1.2.3')
    moveMajorTag(first, 'v1.2.3', { cwd: dir, push: false, log: l => void lines.push(l) })
    expect(git('rev-parse', 'v1^{commit}')).toBe(git('rev-parse', 'v1.2.3^{commit}'))

    writeFileSync(join(dir, 'a.txt'), 'two')
    git('commit', '-qam', 'two')
    git('tag', 'v1.3.0')
    moveMajorTag(releasePlan('v1.3.0', CHANGELOG, '1.3.0'), 'v1.3.0', {
      cwd: dir,
      push: false,
      log: () => {}
    })
    expect(git('rev-parse', 'v1^{commit}')).toBe(git('rev-parse', 'v1.3.0^{commit}'))
    expect(git('rev-parse', 'v1^{commit}')).not.toBe(git('rev-parse', 'v1.2.3^{commit}'))
    expect(lines[0]).toMatch(/^git tag --force --annotate v1 /)
  })

  it('the release workflow checks in a read-only job and only publishes in the writing one', () => {
    const workflow = parseYaml(
      readFileSync(new URL('../../.github/workflows/release.yml', import.meta.url), 'utf8')
    ) as {
      on: { push: { tags: string[] } }
      permissions: Record<string, string>
      jobs: Record<string, { permissions: Record<string, string>; steps: Step[]; needs?: string }>
    }
    type Step = { run?: string; uses?: string; with?: Record<string, unknown> }
    const runs = (steps: Step[]): string => steps.map(s => s.run ?? '').join('\n')
    expect(workflow.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+'])
    expect(workflow.permissions).toEqual({})
    const { check, publish } = workflow.jobs
    expect(check?.permissions).toEqual({ contents: 'read' })
    expect(check?.steps[0]?.with?.['persist-credentials']).toBe(false)
    expect(runs(check?.steps ?? [])).toContain('bash .ci/check-dist')
    expect(runs(check?.steps ?? [])).toContain('release.js notes "$GITHUB_REF_NAME"')
    expect(runs(check?.steps ?? [])).toContain('release.js plan "$GITHUB_REF_NAME"')
    // The writing job runs nothing from the repository: no checkout, no npm, no node.
    expect(publish?.needs).toBe('check')
    expect(publish?.permissions).toEqual({ contents: 'write' })
    const uses = (publish?.steps ?? []).map(s => s.uses ?? '').filter(u => u !== '')
    expect(uses.map(u => u.replace(/@.*/, ''))).toEqual(['actions/download-artifact'])
    expect(runs(publish?.steps ?? [])).not.toMatch(/\b(npm|npx|node)\b/)
    expect(runs(publish?.steps ?? [])).toContain('gh release create "$GITHUB_REF_NAME"')
    expect(runs(publish?.steps ?? [])).toContain('refs/tags/$MAJOR')
  })

  it('plan gives the major tag the workflow moves', () => {
    expect(planOutputs(releasePlan('v2.0.1', '## [2.0.1]\n\n- x\n', '2.0.1'))).toBe(
      'version=2.0.1\nmajor=v2\n'
    )
  })
})
