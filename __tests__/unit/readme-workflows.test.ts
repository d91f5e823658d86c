/**
 * No workflow the documentation shows gives the remote agent a token that
 * can write: a job whose step hands a GitHub token to this action's `secrets`
 * input (where the agent reads it) declares its permissions, all `read` or
 * `none`. Anything the agent reads (the reviewed code, an issue's text) can
 * steer it, so whatever its token may do, a prompt injection may do.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { parseAllDocuments } from 'yaml'
import { yamlBlocks } from '../support/markdown-blocks.js'

const ROOT = new URL('../../', import.meta.url)
const DOCS = ['README.md', ...readdirSync(new URL('docs/', ROOT)).map(name => `docs/${name}`)]
  .filter(name => name.endsWith('.md'))
  .map(name => ({ name, text: readFileSync(new URL(name, ROOT), 'utf8') }))

/** A GitHub token in an expression: the job's token, or a secret named like a token or PAT. */
const GITHUB_TOKEN =
  /\$\{\{[^}]*\b(github\.token|secrets\.GITHUB_TOKEN|secrets\.(?!VM0_)\w*(TOKEN|PAT)\w*)\b[^}]*\}\}/i

type Permissions = string | Record<string, unknown> | undefined
interface Step {
  uses?: unknown
  with?: Record<string, unknown>
}
interface Job {
  permissions?: Permissions
  steps?: Step[]
}

const isAction = (uses: unknown): boolean =>
  typeof uses === 'string' && /^(\.\/?|[\w.-]+\/vm0-run-action@.+)$/.test(uses)

/** Inputs that never reach the agent: the VM0 key, and the token the action comments with. */
const ACTION_ONLY = new Set(['vm0-token', 'github-token'])

/**
 * Whether a step hands a GitHub token to the agent: through `secrets`, or any
 * other input it reads (`variables`, `prompt`, …); a step output named like a
 * token (an App token step) counts too.
 */
function passesToken(step: Step): boolean {
  if (!isAction(step.uses)) return false
  return Object.entries(step.with ?? {}).some(
    ([name, value]) =>
      !ACTION_ONLY.has(name) &&
      typeof value === 'string' &&
      (GITHUB_TOKEN.test(value) || /\$\{\{[^}]*\boutputs\.[\w-]*token\b[^}]*\}\}/i.test(value))
  )
}

/** Why `permissions` may let the token write, or null when every scope is read or none. */
function writeRisk(permissions: Permissions): string | null {
  if (permissions === undefined) return 'no permissions: block (the default may be read-write)'
  if (permissions === 'read-all') return null
  if (typeof permissions === 'string') return `permissions: ${permissions}`
  const writes = Object.entries(permissions).filter(
    ([, level]) => level !== 'read' && level !== 'none'
  )
  return writes.length === 0
    ? null
    : `${writes.map(([scope, level]) => `${scope}: ${String(level)}`).join(', ')}`
}

/** What is wrong in one YAML text: a token handed to the agent in a job that may write. */
function tokenProblems(text: string): string[] {
  return parseAllDocuments(text).flatMap(doc => {
    const root = doc.toJS() as Record<string, unknown> | Step[] | null
    if (Array.isArray(root)) {
      // A bare list of steps: its job, and so its permissions, is not shown.
      return root.filter(passesToken).map(() => 'steps without their job pass a GitHub token')
    }
    const jobs = (root?.['jobs'] ?? {}) as Record<string, Job>
    return Object.entries(jobs).flatMap(([name, job]) => {
      if (!(job.steps ?? []).some(passesToken)) return []
      const risk = writeRisk(job.permissions ?? (root?.['permissions'] as Permissions))
      return risk === null ? [] : [`job ${name} passes a GitHub token to the agent with ${risk}`]
    })
  })
}

const BLOCKS = DOCS.flatMap(doc =>
  yamlBlocks(doc.text).map(block => [`${doc.name}:${block.line}`, block.text] as const)
)

describe('workflows in README.md and docs/', () => {
  it('include ones that hand the agent a GitHub token (so the check below checks something)', () => {
    const passing = BLOCKS.filter(([, text]) =>
      parseAllDocuments(text).some(doc => JSON.stringify(doc.toJS()).match(GITHUB_TOKEN))
    )
    expect(passing.length).toBeGreaterThan(0)
  })

  it.each(BLOCKS)('%s gives the agent no token that can write', (_where, text) => {
    expect(tokenProblems(text)).toEqual([])
  })
})

/** The /v1 review recipe as it was: the job that hands its token to the agent may comment. */
const OLD_REVIEW = `
permissions:
  contents: read
  pull-requests: write
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: vm0-ai/vm0-run-action@v1
        with:
          api: v1
          secrets: |
            GH_TOKEN=\${{ github.token }}
          comment-on-pr: true
`

describe('the check', () => {
  it("fails the old review recipe: the agent's token could write to the pull request", () => {
    expect(tokenProblems(OLD_REVIEW)).toEqual([
      'job review passes a GitHub token to the agent with pull-requests: write'
    ])
  })

  it('fails a job without permissions, write-all, a PAT secret, and bare steps', () => {
    const job = (permissions: string, secret: string): string =>
      `jobs:\n  a:\n${permissions}    steps:\n      - uses: ./\n        with:\n          secrets: T=\${{ ${secret} }}\n`
    expect(tokenProblems(job('', 'secrets.GITHUB_TOKEN'))).toEqual([
      'job a passes a GitHub token to the agent with no permissions: block (the default may be read-write)'
    ])
    expect(tokenProblems(job('    permissions: write-all\n', 'secrets.MY_PAT'))).toEqual([
      'job a passes a GitHub token to the agent with permissions: write-all'
    ])
    expect(
      tokenProblems(
        '- uses: vm0-ai/vm0-run-action@v1\n  with:\n    secrets: X=${{ github.token }}\n'
      )
    ).toEqual(['steps without their job pass a GitHub token'])
    // Any input the agent reads, and an App token from an earlier step, count too.
    const through = (input: string, value: string): string =>
      `jobs:\n  a:\n    permissions:\n      issues: write\n    steps:\n      - uses: ./\n        with:\n          ${input}: X=\${{ ${value} }}\n`
    expect(tokenProblems(through('variables', 'github.token'))).toHaveLength(1)
    expect(tokenProblems(through('prompt', 'secrets.GITHUB_TOKEN'))).toHaveLength(1)
    expect(tokenProblems(through('secrets', 'steps.app.outputs.token'))).toHaveLength(1)
    // The token the action comments with never reaches the agent.
    expect(tokenProblems(through('github-token', 'github.token'))).toEqual([])
  })

  it('passes a read-only job, and a writing job that hands the agent no GitHub token', () => {
    const readOnly = OLD_REVIEW.replace('pull-requests: write', 'pull-requests: read')
    expect(tokenProblems(readOnly)).toEqual([])
    const noToken = OLD_REVIEW.replace(
      'GH_TOKEN=${{ github.token }}',
      'API_KEY=${{ secrets.VM0_TOKEN }}'
    )
    expect(tokenProblems(noToken)).toEqual([])
  })
})
