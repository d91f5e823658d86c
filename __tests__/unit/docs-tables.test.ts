import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BACKEND_RULES } from '../../src/settings/backends.js'
import {
  DOCUMENTS,
  backendsTable,
  checkDocument,
  extractSection,
  findRepoRoot,
  inputsTable,
  normalizeTable,
  outputsTable,
  parseAction,
  replaceSection,
  sectionsIn,
  shortDescription,
  table,
  updateDocument
} from '../../scripts/docs.js'

const ROOT = findRepoRoot(process.cwd())
const ACTION = parseAction(readFileSync(join(ROOT, 'action.yml'), 'utf8'))

const SAMPLE = `
inputs:
  plain:
    description: A plain input.
  folded:
    description: >-
      Several lines, folded; \`a|b\` keeps its pipe
      escaped.
    required: true
    default: \${{ github.token }}
outputs:
  result:
    description: The result.
`

describe('the generated tables', () => {
  it.each(Object.entries(DOCUMENTS))(
    '%s matches action.yml (run `npm run docs` to regenerate it)',
    (file, sections) => {
      const path = join(ROOT, file)
      const text = existsSync(path) ? readFileSync(path, 'utf8') : ''
      expect(checkDocument(text, ACTION, file, sections)).toEqual([])
    }
  )

  it('keep the README short: its tables hold about a line per row, the whole text in docs/', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const rows = readme.split('\n').filter(line => /^\| `[a-z0-9-]+` /.test(line))
    expect(rows.length).toBe(Object.keys(ACTION.inputs).length + Object.keys(ACTION.outputs).length)
    const descriptions = rows.map(row => row.split(' | ')[1]?.trim() ?? '')
    expect(descriptions.filter(text => text.length > 240)).toEqual([])
    expect(readme).toContain('](docs/reference.md#inputs)')
    expect(readme.split('\n').length).toBeLessThan(360)
  })
})

describe('short descriptions', () => {
  it('are the first sentence, or two when the first says little, with `:` or `;` made a stop', () => {
    expect(
      shortDescription('Longest time to wait for the whole run, start included: like `90s`.')
    ).toBe('Longest time to wait for the whole run, start included.')
    expect(
      shortDescription('`v1` only. Version of the agent to run, as VM0 names it. More text here.')
    ).toBe('`v1` only. Version of the agent to run, as VM0 names it.')
  })

  it('do not split inside code spans, parentheses or after "e.g."', () => {
    expect(shortDescription('Uses `a. b` (see x: y) in every case that matters. Then more.')).toBe(
      'Uses `a. b` (see x: y) in every case that matters.'
    )
    expect(shortDescription('Most it may unpack to, e.g. `2GiB` or a number. Then more.')).toBe(
      'Most it may unpack to, e.g. `2GiB` or a number.'
    )
  })

  it('stay within about a line when a second sentence would run long', () => {
    const long = `Name of it. ${'word '.repeat(40).trim()}.`
    expect(shortDescription(long)).toBe('Name of it.')
  })

  it('are what the short tables show, with a link to the whole text', () => {
    const spec = parseAction(SAMPLE)
    expect(table(spec, 'inputs-short')).toContain(
      '| `folded` | Several lines, folded; `a\\|b` keeps its pipe escaped. |'
    )
    expect(table(spec, 'outputs-short')).toContain('[docs/reference.md](docs/reference.md#outputs)')
    expect(sectionsIn('<!-- outputs-short:start --><!-- backends:start -->')).toEqual([
      'backends',
      'outputs-short'
    ])
  })
})

describe('the generator', () => {
  it('lists every input and output of action.yml', () => {
    const inputs = inputsTable(ACTION)
    for (const name of Object.keys(ACTION.inputs)) expect(inputs).toContain(`| \`${name}\` |`)
    expect(inputs).toContain('| `timeout` |')
    expect(inputs).toContain('| `2h` |')
    const outputs = outputsTable(ACTION)
    for (const name of Object.keys(ACTION.outputs)) expect(outputs).toContain(`| \`${name}\` |`)
    expect(Object.keys(ACTION.inputs)).toContain('vm0-token')
    expect(Object.keys(ACTION.outputs)).toContain('run-id')
  })

  it('makes one row per entry with pipes escaped and defaults in code', () => {
    const spec = parseAction(SAMPLE)
    expect(inputsTable(spec)).toBe(
      [
        '| Input | Description | Default | Required |',
        '| --- | --- | --- | --- |',
        '| `plain` | A plain input. |  | no |',
        '| `folded` | Several lines, folded; `a\\|b` keeps its pipe escaped. | `${{ github.token }}` | yes |'
      ].join('\n')
    )
    expect(outputsTable(spec)).toBe(
      ['| Output | Description |', '| --- | --- |', '| `result` | The result. |'].join('\n')
    )
  })

  it('writes between the markers and leaves the rest alone', async () => {
    const spec = parseAction(SAMPLE)
    const doc =
      '# Title\n\n<!-- inputs:start -->\nstale text\n<!-- inputs:end -->\n\nMiddle.\n\n<!-- outputs:start --><!-- outputs:end -->\n\nEnd.\n<!-- backends:start --><!-- backends:end -->\n'
    const updated = await updateDocument(doc, spec, ROOT)
    expect(updated.startsWith('# Title\n\n<!-- inputs:start -->\n\n| Input')).toBe(true)
    expect(updated).toContain('<!-- inputs:end -->\n\nMiddle.\n\n<!-- outputs:start -->\n\n')
    expect(updated).toContain('<!-- outputs:end -->\n\nEnd.\n<!-- backends:start -->')
    expect(updated).not.toContain('stale text')
    expect(checkDocument(updated, spec)).toEqual([])
    expect(await updateDocument(updated, spec, ROOT)).toBe(updated)
  })

  it('reports drift and missing markers with a clear message', () => {
    const spec = parseAction(SAMPLE)
    const fresh = replaceSection(
      replaceSection(
        replaceSection(
          '<!-- inputs:start --><!-- inputs:end -->\n<!-- outputs:start --><!-- outputs:end -->\n<!-- backends:start --><!-- backends:end -->',
          'inputs',
          inputsTable(spec)
        ),
        'outputs',
        outputsTable(spec)
      ),
      'backends',
      backendsTable(spec)
    )
    expect(checkDocument(fresh, spec)).toEqual([])
    const drifted = fresh.replace('The result.', 'An old description.')
    expect(checkDocument(drifted, spec)).toEqual([
      'README.md: the outputs table differs from action.yml; run `npm run docs` to regenerate it'
    ])
    expect(checkDocument('no markers here', spec)).toEqual([
      'README.md has no <!-- inputs:start --> … <!-- inputs:end --> markers for the inputs table',
      'README.md has no <!-- outputs:start --> … <!-- outputs:end --> markers for the outputs table',
      'README.md has no <!-- backends:start --> … <!-- backends:end --> markers for the backends table'
    ])
    expect(() => replaceSection('nothing', 'inputs', 'x')).toThrow(/markers/)
    expect(extractSection('<!-- inputs:end --><!-- inputs:start -->', 'inputs')).toBeNull()
  })

  it('does not count column padding as drift', () => {
    expect(normalizeTable('| a   | b |\n| :-- | --- |\n| x   | y |')).toBe(
      normalizeTable('| a | b |\n| --- | --- |\n| x | y |')
    )
  })
})

describe('the inputs × backend table', () => {
  const text = backendsTable(ACTION)
  const rows = new Map(
    text
      .split('\n')
      .filter(line => line.startsWith('| `'))
      .map(line => [/^\| `([a-z0-9-]+)`/.exec(line)?.[1] ?? '', line])
  )

  it('has a row for every input the backends treat differently, each declared in action.yml', () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(BACKEND_RULES).sort())
    for (const name of Object.keys(BACKEND_RULES))
      expect(Object.keys(ACTION.inputs)).toContain(name)
  })

  it('says for each backend what the refusal says, or that the input is taken', () => {
    for (const [name, rules] of Object.entries(BACKEND_RULES)) {
      const cells = (rows.get(name) ?? '').split(' | ').slice(1)
      for (const [i, api] of (['platform', 'v1'] as const).entries()) {
        const rule = rules[api]
        const expected = rule.use ? (rule.note ?? 'yes') : `no: ${rule.instead}`
        expect([name, api, cells[i]?.replace(/ \|$/, '')]).toEqual([name, api, expected])
      }
    }
    expect(rows.get('secrets')).toContain(
      'no: configure secrets and connectors on the agent in the web app'
    )
    expect(rows.get('thread-id')).toMatch(/^\| `thread-id` \| yes \| no: /)
  })
})
