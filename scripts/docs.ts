/**
 * Generates the inputs and outputs tables from `action.yml`, the one place
 * they are documented, between markers such as `<!-- inputs:start -->` …
 * `<!-- inputs:end -->`: in README.md the short tables (`inputs-short`,
 * `outputs-short`: each description's first sentence or two, about a line),
 * in docs/reference.md the whole descriptions (`inputs`, `outputs`); in
 * docs/backends.md the inputs × backend table (`backends`), from the rules the
 * input layer refuses by (`src/settings/backends.ts`).
 *
 *   node .build/scripts/docs.js            rewrite the tables of those files
 *   node .build/scripts/docs.js --check    exit 1 when they differ from action.yml
 *   … --file some.md                       work on one Markdown file (the sections it marks)
 *
 * Compiled by `tsc -p tsconfig.tools.json` into `.build/`, so the repository
 * root is found by walking up to `action.yml`, not by a fixed relative path.
 */
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parse } from 'yaml'
import { BACKEND_RULES, type Support } from '../src/settings/backends.js'
import type { InputName } from '../src/settings/names.js'

export interface ActionInput {
  description: string
  required: boolean
  default: string | null
}

export interface ActionSpec {
  inputs: Record<string, ActionInput>
  outputs: Record<string, { description: string }>
}

export type Section = 'inputs' | 'outputs' | 'backends' | 'inputs-short' | 'outputs-short'
const SECTIONS: readonly Section[] = [
  'inputs',
  'outputs',
  'backends',
  'inputs-short',
  'outputs-short'
]

/** The generated files and the sections each must hold. */
export const DOCUMENTS: Readonly<Record<string, readonly Section[]>> = {
  'README.md': ['inputs-short', 'outputs-short'],
  'docs/reference.md': ['inputs', 'outputs'],
  'docs/backends.md': ['backends']
}

/** Where a short table's rows are told in full. */
const FULL_TEXT = 'docs/reference.md'

/** The nearest folder at or above `start` that holds `action.yml`. */
export function findRepoRoot(start: string): string {
  let dir = resolve(start)
  for (;;) {
    if (existsSync(join(dir, 'action.yml'))) return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`No action.yml found in ${start} or any folder above it`)
    dir = parent
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads the inputs and outputs of an `action.yml` text. */
export function parseAction(yamlText: string): ActionSpec {
  const doc: unknown = parse(yamlText)
  if (!isObject(doc)) throw new Error('action.yml is not a YAML mapping')
  const spec: ActionSpec = { inputs: {}, outputs: {} }
  const inputs = isObject(doc['inputs']) ? doc['inputs'] : {}
  for (const [name, raw] of Object.entries(inputs)) {
    const input = isObject(raw) ? raw : {}
    const fallback = input['default']
    spec.inputs[name] = {
      description: typeof input['description'] === 'string' ? input['description'] : '',
      required: input['required'] === true,
      default:
        typeof fallback === 'string' ||
        typeof fallback === 'number' ||
        typeof fallback === 'boolean'
          ? String(fallback)
          : null
    }
  }
  const outputs = isObject(doc['outputs']) ? doc['outputs'] : {}
  for (const [name, raw] of Object.entries(outputs)) {
    const output = isObject(raw) ? raw : {}
    spec.outputs[name] = {
      description: typeof output['description'] === 'string' ? output['description'] : ''
    }
  }
  return spec
}

/** A table cell: one line, `|` escaped (GFM splits cells before it reads code spans). */
function cell(text: string): string {
  return text
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
}

/** Inline code that survives backticks in the value. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length))
  const ticks = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${ticks}${pad}${text}${pad}${ticks}`
}

/**
 * The sentences of a description, split at `.`, `;` or `:` before a space,
 * outside code spans and parentheses, and not after "e.g" or "i.e".
 */
function sentences(text: string): string[] {
  const flat = text.trim().replace(/\s+/g, ' ')
  const out: string[] = []
  let current = ''
  let code = false
  let depth = 0
  for (let i = 0; i < flat.length; i++) {
    const char = flat[i] ?? ''
    current += char
    if (char === '`') code = !code
    if (code || char === '`') continue
    if (char === '(') depth++
    else if (char === ')') depth = Math.max(0, depth - 1)
    else if (depth === 0 && '.;:'.includes(char) && (flat[i + 1] ?? ' ') === ' ') {
      if (/\b(e\.g|i\.e)\.$/.test(current)) continue
      out.push(current.trim())
      current = ''
    }
  }
  if (current.trim() !== '') out.push(current.trim())
  return out
}

/**
 * About one line of a description: its first sentence, and the next ones
 * while that is under 45 characters (so "`v1` only." says what follows) and
 * the whole stays within 160. A trailing `:` or `;` becomes a full stop.
 */
export function shortDescription(text: string): string {
  let short = ''
  for (const sentence of sentences(text)) {
    if (short !== '' && short.length + 1 + sentence.length > 160) break
    short = short === '' ? sentence : `${short} ${sentence}`
    if (short.length >= 45) break
  }
  return short.replace(/[;:]$/, '.')
}

/** The inputs table (Markdown, one row per input, in `action.yml` order). */
export function inputsTable(spec: ActionSpec, short = false): string {
  const anyRequired = Object.values(spec.inputs).some(i => i.required)
  const header = anyRequired
    ? ['| Input | Description | Default | Required |', '| --- | --- | --- | --- |']
    : ['| Input | Description | Default |', '| --- | --- | --- |']
  const rows = Object.entries(spec.inputs).map(([name, input]) => {
    const cells = [
      code(name),
      cell(short ? shortDescription(input.description) : input.description),
      input.default === null || input.default === '' ? '' : cell(code(input.default))
    ]
    if (anyRequired) cells.push(input.required ? 'yes' : 'no')
    return `| ${cells.join(' | ')} |`
  })
  return [...header, ...rows].join('\n')
}

/** The outputs table. */
export function outputsTable(spec: ActionSpec, short = false): string {
  const rows = Object.entries(spec.outputs).map(
    ([name, output]) =>
      `| ${code(name)} | ${cell(short ? shortDescription(output.description) : output.description)} |`
  )
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n')
}

/** One backend's cell: `yes`, its note, or `no:` and the alternative the refusal names. */
function supportCell(support: Support): string {
  if (!support.use) return cell(`no: ${support.instead}`)
  return cell(support.note ?? 'yes')
}

/**
 * The inputs × backend table: one row per input of `action.yml` that the
 * backends treat differently, in `action.yml` order.
 */
export function backendsTable(spec: ActionSpec): string {
  const names = Object.keys(spec.inputs)
  const rows = names.flatMap(name => {
    const rules = BACKEND_RULES[name as InputName]
    if (rules === undefined) return []
    return [`| ${code(name)} | ${supportCell(rules.platform)} | ${supportCell(rules.v1)} |`]
  })
  return [
    '| Input | Platform (`api: platform`, `vm0_pat_…` key) | `/v1` (`api: v1`, `vm0_live_…` token) |',
    '| --- | --- | --- |',
    ...rows,
    '',
    'Every other input works the same on both. An input marked "no" is refused before any request.'
  ].join('\n')
}

export function table(spec: ActionSpec, section: Section): string {
  switch (section) {
    case 'backends':
      return backendsTable(spec)
    case 'inputs':
      return inputsTable(spec)
    case 'outputs':
      return outputsTable(spec)
    case 'inputs-short':
      return `${inputsTable(spec, true)}\n\nThe whole descriptions: [${FULL_TEXT}](${FULL_TEXT}#inputs).`
    case 'outputs-short':
      return `${outputsTable(spec, true)}\n\nThe whole descriptions: [${FULL_TEXT}](${FULL_TEXT}#outputs).`
  }
}

/** The sections whose markers a document holds (for `--file`). */
export function sectionsIn(doc: string): Section[] {
  return SECTIONS.filter(section => doc.includes(markers(section).start))
}

export function markers(section: Section): { start: string; end: string } {
  return { start: `<!-- ${section}:start -->`, end: `<!-- ${section}:end -->` }
}

/** The text between a section's markers, or null when the markers are missing or out of order. */
export function extractSection(doc: string, section: Section): string | null {
  const { start, end } = markers(section)
  const from = doc.indexOf(start)
  const to = doc.indexOf(end)
  if (from < 0 || to < 0 || to < from) return null
  return doc.slice(from + start.length, to)
}

/** `doc` with a section's markers enclosing `content`; throws when the markers are missing. */
export function replaceSection(doc: string, section: Section, content: string): string {
  const { start, end } = markers(section)
  const from = doc.indexOf(start)
  const to = doc.indexOf(end)
  if (from < 0 || to < 0 || to < from) {
    throw new Error(`no ${start} … ${end} markers (in that order)`)
  }
  return `${doc.slice(0, from + start.length)}\n\n${content.trim()}\n\n${doc.slice(to)}`
}

/**
 * Compares tables ignoring how they are padded: Prettier aligns the columns
 * of narrow tables, which must not count as drift.
 */
export function normalizeTable(text: string): string {
  return text
    .trim()
    .split('\n')
    .map(line =>
      line
        .trim()
        .replace(/\s*\|\s*/g, '|')
        .replace(/\|:?-+:?(?=\|)/g, '|---')
    )
    .filter(line => line !== '')
    .join('\n')
}

/** Formats Markdown with the repository's Prettier settings, when Prettier is installed. */
async function prettify(markdown: string, root: string): Promise<string> {
  try {
    const prettier = await import('prettier')
    const options = (await prettier.resolveConfig(join(root, 'README.md'))) ?? {}
    return await prettier.format(markdown, { ...options, parser: 'markdown' })
  } catch {
    return markdown
  }
}

/** `doc` with its tables regenerated (and formatted as Prettier would). */
export async function updateDocument(
  doc: string,
  spec: ActionSpec,
  root: string,
  sections: readonly Section[] = ['inputs', 'outputs', 'backends']
): Promise<string> {
  let out = doc
  for (const section of sections) {
    out = replaceSection(out, section, await prettify(table(spec, section), root))
  }
  return out
}

/** What is wrong with the document's tables; empty when they match `action.yml`. */
export function checkDocument(
  doc: string,
  spec: ActionSpec,
  file = 'README.md',
  sections: readonly Section[] = ['inputs', 'outputs', 'backends']
): string[] {
  const problems: string[] = []
  for (const section of sections) {
    const current = extractSection(doc, section)
    const { start, end } = markers(section)
    if (current === null) {
      problems.push(`${file} has no ${start} … ${end} markers for the ${section} table`)
    } else if (normalizeTable(current) !== normalizeTable(table(spec, section))) {
      problems.push(
        `${file}: the ${section} table differs from action.yml; run \`npm run docs\` to regenerate it`
      )
    }
  }
  return problems
}

/** Checks or rewrites one document's sections; returns the exit code. */
async function processDocument(
  root: string,
  relative: string,
  sections: readonly Section[] | null,
  check: boolean
): Promise<number> {
  const spec = parseAction(readFileSync(join(root, 'action.yml'), 'utf8'))
  const file = resolve(root, relative)
  let doc: string
  try {
    doc = readFileSync(file, 'utf8')
  } catch {
    process.stderr.write(`${relative} does not exist\n`)
    return 1
  }
  const wanted = sections ?? sectionsIn(doc)
  if (wanted.length === 0) {
    process.stderr.write(`${relative} has no table markers such as <!-- inputs:start -->\n`)
    return 1
  }
  if (check) {
    const problems = checkDocument(doc, spec, relative, wanted)
    for (const problem of problems) process.stderr.write(`${problem}\n`)
    if (problems.length === 0) process.stdout.write(`${relative}: tables match action.yml\n`)
    return problems.length === 0 ? 0 : 1
  }
  let updated: string
  try {
    updated = await updateDocument(doc, spec, root, wanted)
  } catch (error) {
    process.stderr.write(`${relative}: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
  if (updated !== doc) writeFileSync(file, updated)
  process.stdout.write(
    `${relative}: tables ${updated === doc ? 'already up to date' : 'updated'}\n`
  )
  return 0
}

/** The CLI; returns the exit code. */
export async function main(argv: readonly string[], startDir: string): Promise<number> {
  const check = argv.includes('--check')
  const fileFlag = argv.indexOf('--file')
  const root = findRepoRoot(startDir)
  if (fileFlag >= 0) {
    const relative = argv[fileFlag + 1] ?? ''
    if (relative === '') {
      process.stderr.write('--file needs a path\n')
      return 2
    }
    return processDocument(root, relative, null, check)
  }
  let code = 0
  for (const [relative, sections] of Object.entries(DOCUMENTS)) {
    code = Math.max(code, await processDocument(root, relative, sections, check))
  }
  return code
}

const invoked = process.argv[1]
if (invoked && import.meta.url === pathToFileURL(realpathSync(invoked)).href) {
  main(process.argv.slice(2), dirname(fileURLToPath(import.meta.url))).then(
    code => {
      process.exitCode = code
    },
    (error: unknown) => {
      process.stderr.write(`docs: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exitCode = 1
    }
  )
}
