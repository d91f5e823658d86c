/**
 * Every YAML block of the README and of docs/ parses, and every step that
 * uses this action names only inputs action.yml declares: an example a user
 * copies must work as written.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { parseAllDocuments, parse as parseYaml } from 'yaml'
import { BACKEND_RULES } from '../../src/settings/backends.js'
import { yamlBlocks } from '../support/markdown-blocks.js'

const read = (path: string): string =>
  readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')
/** README.md first (its examples come first), then every page of docs/. */
const PAGES = [
  'README.md',
  ...readdirSync(new URL('../../docs/', import.meta.url))
    .filter(name => name.endsWith('.md'))
    .map(name => `docs/${name}`)
]
const INPUTS = new Set(
  Object.keys((parseYaml(read('action.yml')) as { inputs: Record<string, unknown> }).inputs)
)

/** Every object with a `uses:` naming this action (any ref), anywhere in a document. */
function actionSteps(node: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(node)) return node.flatMap(actionSteps)
  if (typeof node !== 'object' || node === null) return []
  const record = node as Record<string, unknown>
  const own =
    typeof record.uses === 'string' && /^(\.\/?|[\w.-]+\/vm0-run-action@.+)$/.test(record.uses)
      ? [record]
      : []
  return [...own, ...Object.values(record).flatMap(actionSteps)]
}

const blocks = PAGES.flatMap(page =>
  yamlBlocks(read(page)).map(block => ({ line: `${page}:${block.line}`, text: block.text }))
)

describe('README examples', () => {
  it('has YAML blocks to check, some of them using this action', () => {
    expect(blocks.length).toBeGreaterThan(3)
    const steps = blocks.flatMap(b => parseAllDocuments(b.text).flatMap(d => actionSteps(d.toJS())))
    expect(steps.length).toBeGreaterThan(3)
  })

  it.each(blocks.map(b => [b.line, b.text] as const))(
    'block at %s parses as YAML',
    (_line, text) => {
      for (const doc of parseAllDocuments(text)) {
        expect(doc.errors.map(e => e.message)).toEqual([])
      }
    }
  )

  it.each(blocks.map(b => [b.line, b.text] as const))(
    "block at %s names only action.yml's inputs",
    (_line, text) => {
      for (const doc of parseAllDocuments(text)) {
        for (const step of actionSteps(doc.toJS())) {
          const given = Object.keys((step.with as Record<string, unknown> | undefined) ?? {})
          expect(given.filter(name => !INPUTS.has(name))).toEqual([])
        }
      }
    }
  )

  it.each(blocks.map(b => [b.line, b.text] as const))(
    'block at %s gives no input its backend refuses (`api: v1` marks a /v1 example)',
    (_line, text) => {
      for (const doc of parseAllDocuments(text)) {
        for (const step of actionSteps(doc.toJS())) {
          const given = (step.with as Record<string, unknown> | undefined) ?? {}
          const api = given['api'] === 'v1' ? 'v1' : 'platform'
          const refused = Object.keys(given).filter(name => {
            const rule = BACKEND_RULES[name as keyof typeof BACKEND_RULES]?.[api]
            return rule !== undefined && !rule.use
          })
          expect([api, refused]).toEqual([api, []])
        }
      }
    }
  )

  it('shows both backends: platform examples first, /v1 ones marked', () => {
    const apis = blocks.flatMap(b =>
      parseAllDocuments(b.text).flatMap(d =>
        actionSteps(d.toJS()).map(step => {
          const given = (step.with as Record<string, unknown> | undefined) ?? {}
          return given['api'] === 'v1' ? 'v1' : 'platform'
        })
      )
    )
    expect(apis[0]).toBe('platform')
    expect(apis.filter(api => api === 'v1').length).toBeGreaterThan(1)
    expect(apis.filter(api => api === 'platform').length).toBeGreaterThan(3)
  })

  it('the checks catch a bad block (a plain scalar with ": ", an unknown input)', () => {
    const bad =
      'steps:\n  - uses: vm0-ai/vm0-run-action@v1\n    with:\n      prompt: Fix this: now\n'
    expect(parseAllDocuments(bad).flatMap(d => d.errors)).not.toEqual([])
    const unknown = 'steps:\n  - uses: vm0-ai/vm0-run-action@v1\n    with:\n      agnet: x\n'
    const step = actionSteps(parseYaml(unknown))[0]
    expect(Object.keys(step?.with as object).filter(n => !INPUTS.has(n))).toEqual(['agnet'])
  })
})
