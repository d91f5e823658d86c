/**
 * Releases people can pin (as actions/checkout and actions/upload-artifact
 * do): a `v1.2.3` tag gets a GitHub release whose notes are that version's
 * CHANGELOG section, and the major tag `v1` moves to the same commit.
 * `.github/workflows/release.yml` calls `notes` and `plan` in its read-only
 * job; its writing job moves the major tag through the REST API (no checkout,
 * no credentials on disk). `move-major` is the same move for a person with
 * git, with `--dry-run` to see what would happen.
 *
 *   node .build/scripts/release.js notes v1.2.3      # the release notes, or why not
 *   node .build/scripts/release.js plan v1.2.3       # version=… and major=… lines ($GITHUB_OUTPUT)
 *   node .build/scripts/release.js move-major v1.2.3 [--dry-run]
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const TAG = /^v(\d+)\.(\d+)\.(\d+)$/

/** What a release tag stands for, checked against package.json and the changelog. */
export interface ReleasePlan {
  version: string
  /** The major tag that follows every release of this major version (`v1`). */
  major: string
  /** The CHANGELOG section of this version, without its heading. */
  notes: string
}

/** The body of `## [version]` in a Keep-a-Changelog file, or null when there is none. */
export function changelogSection(changelog: string, version: string): string | null {
  const lines = changelog.split(/\r?\n/)
  const heading = new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\](?:\\s|$)`)
  const start = lines.findIndex(line => heading.test(line))
  if (start < 0) return null
  const rest = lines.slice(start + 1)
  const end = rest.findIndex(line => /^## /.test(line) || /^\[[^\]]+\]:\s/.test(line))
  const body = (end < 0 ? rest : rest.slice(0, end)).join('\n').trim()
  return body === '' ? null : body
}

/** Checks a release tag and returns its plan; throws a message saying what to fix. */
export function releasePlan(tag: string, changelog: string, packageVersion: string): ReleasePlan {
  const match = TAG.exec(tag)
  if (!match) throw new Error(`A release tag looks like v1.2.3; got '${tag}'.`)
  const version = tag.slice(1)
  if (packageVersion !== version) {
    throw new Error(
      `package.json says version ${packageVersion} but the tag is ${tag}: set "version": "${version}" and tag again.`
    )
  }
  const notes = changelogSection(changelog, version)
  if (notes === null) {
    throw new Error(
      `CHANGELOG.md has no "## [${version}]" section with notes: add it and tag again.`
    )
  }
  return { version, major: `v${match[1]}`, notes }
}

/** The plan as `name=value` lines for `$GITHUB_OUTPUT`. */
export function planOutputs(plan: ReleasePlan): string {
  return `version=${plan.version}\nmajor=${plan.major}\n`
}

/** The git commands that move the major tag to the release's commit. */
export function moveMajorCommands(plan: ReleasePlan, tag: string): string[][] {
  return [
    ['tag', '--force', '--annotate', plan.major, '-m', `Release ${tag}`, `${tag}^{commit}`],
    ['push', '--force', 'origin', `refs/tags/${plan.major}`]
  ]
}

/** Moves the major tag; with `push: false` the tag moves locally only (tests, dry runs). */
export function moveMajorTag(
  plan: ReleasePlan,
  tag: string,
  options: { cwd: string; push: boolean; dryRun?: boolean; log?: (line: string) => void }
): void {
  const log = options.log ?? ((line: string): void => console.log(line))
  for (const args of moveMajorCommands(plan, tag)) {
    if (args[0] === 'push' && !options.push) continue
    log(`git ${args.join(' ')}`)
    if (!options.dryRun) execFileSync('git', args, { cwd: options.cwd, stdio: 'inherit' })
  }
}

function main(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
  const [command, tag = '', ...flags] = process.argv.slice(2)
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8')
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  const plan = releasePlan(tag, changelog, pkg.version)
  if (command === 'notes') process.stdout.write(`${plan.notes}\n`)
  else if (command === 'plan') process.stdout.write(planOutputs(plan))
  else if (command === 'move-major') {
    const dryRun = flags.includes('--dry-run')
    moveMajorTag(plan, tag, { cwd: root, push: !dryRun, dryRun })
  } else
    throw new Error(`usage: release.js notes|plan|move-major <tag> [--dry-run]; got '${command}'`)
}

if (process.argv[1]?.endsWith('release.js')) {
  try {
    main()
  } catch (error) {
    console.error(`release: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  }
}
