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
import { changelogSection, moveMajorTag, releasePlan } from '../../scripts/release.js'

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

  it('the release workflow runs on vX.Y.Z tags and calls the notes and move-major steps', () => {
    const workflow = parseYaml(
      readFileSync(new URL('../../.github/workflows/release.yml', import.meta.url), 'utf8')
    ) as { on: { push: { tags: string[] } }; jobs: { release: { steps: Array<{ run?: string }> } } }
    expect(workflow.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+'])
    const runs = workflow.jobs.release.steps.map(s => s.run ?? '').join('\n')
    expect(runs).toContain('bash .ci/check-dist')
    expect(runs).toContain('release.js notes "$GITHUB_REF_NAME"')
    expect(runs).toContain('release.js move-major "$GITHUB_REF_NAME"')
  })
})
