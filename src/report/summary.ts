/**
 * The job summary: one Markdown page per run with its status, agent, timing,
 * cost, metrics, output files, and the final answer (or, on failure, the error
 * and the last log lines).
 *
 * Remote text (the answer, errors, log lines, file and agent names) is
 * untrusted: it is redacted, stripped of control characters, and shown only in
 * code spans or fenced blocks whose fence is longer than any backtick run
 * inside, so it can neither inject HTML nor break the page's layout. The page
 * stays under {@link MAX_SUMMARY_BYTES} (the runner rejects a step summary
 * over 1 MiB); whatever is cut is cut on a UTF-8 character boundary, with a
 * note.
 */
import * as core from '@actions/core'
import { appendFileSync, statSync } from 'node:fs'
import { formatDuration } from '../text/durations.js'
import type { MetricsSummary } from '../vm0/types.js'
import { capUtf8 } from '../text/sizes.js'
import { formatBytes } from '../text/sizes.js'
import { cutChars, plainText } from '../text/sanitize.js'

/** Hard cap of one summary, well below the runner's 1 MiB per step. */
export const MAX_SUMMARY_BYTES = 512 * 1024
/** The runner rejects a step summary file larger than this. */
export const RUNNER_SUMMARY_LIMIT = 1024 * 1024

/** One output file as listed in the summary. */
export interface SummaryFile {
  /** Path relative to the extraction folder. */
  path: string
  bytes: number
}

/** The run's output files, as collected. */
export interface SummaryFiles {
  /** How many files there are in all (`list` may hold only some of them). */
  count: number
  totalBytes: number
  list: readonly SummaryFile[]
  /** The uploaded workflow artifact, when there is one. */
  artifactName?: string | null
  artifactUrl?: string | null
  /** The VM0 artifact and version the files came from. */
  vm0Artifact?: string | null
  vm0Version?: string | null
}

export interface SummaryInput {
  /** The run's last status (`completed`, `failed`, `timeout`, `cancelled`, `running`, …). */
  status: string
  /** Agent name, or id when only the id is known. */
  agent: string | null
  runId: string
  createdAt?: string | null
  startedAt?: string | null
  completedAt?: string | null
  /** Execution time as the service reports it; else derived from the timestamps. */
  durationMs?: number | null
  costUsd?: number | null
  numTurns?: number | null
  metrics?: MetricsSummary | null
  /** The agent's final answer, whole: it is cut here. */
  answer?: string | null
  files?: SummaryFiles | null
  /** The service's error text, or why the wait ended. */
  error?: string | null
  /** The most recent plain log lines (a bounded ring kept by the caller), oldest first. */
  logTail?: readonly string[]
  /** Link to this workflow run (see `workflowRunUrl`). */
  workflowRunUrl?: string | null
  /** A sentence about the run the page should carry (e.g. "Not waited for"). */
  note?: string | null
  /** Applied to every remote string before it is shown; see {@link createRedactor}. */
  redact?: (text: string) => string
}

export interface SummaryLimits {
  /** Largest page in bytes of UTF-8; default {@link MAX_SUMMARY_BYTES}. */
  maxBytes?: number
  /** Rows of the files table; default 50. */
  maxFiles?: number
  /** Log lines shown on failure; default 50. */
  maxLogLines?: number
}

const STATUS_ICONS: Record<string, string> = {
  completed: '✅',
  failed: '❌',
  timeout: '⏱️',
  cancelled: '🚫',
  running: '⏳',
  pending: '⏳',
  queued: '⏳'
}

/** An emoji for a run status (❔ for one the action does not know). */
export function statusIcon(status: string): string {
  return STATUS_ICONS[status] ?? '❔'
}

// --- Untrusted text ------------------------------------------------------

function longestRun(text: string, char: string): number {
  let longest = 0
  let run = 0
  for (const c of text) {
    run = c === char ? run + 1 : 0
    if (run > longest) longest = run
  }
  return longest
}

/**
 * Remote text in a fenced code block whose backtick fence is longer than any
 * backtick run inside, so nothing in it can close the block early; renderers
 * escape HTML inside code blocks.
 */
export function fencedBlock(text: string, info = 'text'): string {
  const body = plainText(text).replace(/\n+$/, '')
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1))
  return `${fence}${info}\n${body}\n${fence}`
}

/**
 * Remote text on one line, as a code span: no HTML, no links, no @mentions.
 * In a table cell, `|` is escaped (GFM splits cells before it parses spans).
 */
export function inlineCode(
  text: string,
  options: { table?: boolean; maxChars?: number } = {}
): string {
  let one = plainText(text)
    .replace(/[\n\t]+/g, ' ')
    .trim()
  const max = options.maxChars ?? 200
  if (one.length > max) one = `${cutChars(one, max - 1)}…`
  if (one === '') return '`(empty)`'
  if (options.table) one = one.replace(/\|/g, '\\|')
  const ticks = '`'.repeat(longestRun(one, '`') + 1)
  const pad = one.startsWith('`') || one.endsWith('`') ? ' ' : ''
  return `${ticks}${pad}${one}${pad}${ticks}`
}

/** Markdown-escapes our own short text (used in link labels and prose). */
export function escapeMarkdown(text: string): string {
  return plainText(text)
    .replace(/\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]#|~@]/g, c => `\\${c}`)
}

/** A link only when the URL is http(s); the label is escaped. */
export function markdownLink(label: string, url: string | null | undefined): string {
  const safe = safeUrl(url)
  return safe ? `[${escapeMarkdown(label)}](<${safe}>)` : escapeMarkdown(label)
}

function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null
    return parsed.href.replace(/[<>\s]/g, encodeURIComponent)
  } catch {
    return null
  }
}

// --- Formatting -------------------------------------------------------------

/** `$0.0123` (four decimals below a dollar, two above). */
export function formatCost(usd: number): string {
  return `$${usd < 1 ? usd.toFixed(4) : usd.toFixed(2)}`
}

/** Milliseconds between two ISO timestamps; null when either is missing or invalid. */
function between(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null
  const ms = Date.parse(to) - Date.parse(from)
  return Number.isFinite(ms) && ms >= 0 ? ms : null
}

function isoTime(value: string | null | undefined): string | null {
  if (!value) return null
  const ms = Date.parse(value)
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : null
}

/** The run's duration: as reported, else from its timestamps. */
export function runDuration(
  input: Pick<SummaryInput, 'durationMs' | 'startedAt' | 'createdAt' | 'completedAt'>
): number | null {
  if (input.durationMs !== null && input.durationMs !== undefined) return input.durationMs
  return between(input.startedAt ?? input.createdAt, input.completedAt)
}

// --- The page -------------------------------------------------------------

/** Keeps the last lines of `lines` whose total is at most `maxBytes` of UTF-8. */
function lastLinesWithin(lines: readonly string[], maxLines: number, maxBytes: number): string[] {
  const out: string[] = []
  let bytes = 0
  for (let i = lines.length - 1; i >= 0 && out.length < maxLines; i--) {
    const line = capUtf8(lines[i] ?? '', 2000)
    bytes += Buffer.byteLength(line) + 1
    if (bytes > maxBytes) break
    out.unshift(line)
  }
  return out
}

/** Bytes set aside for the fixed parts of a section, the headings and the cut notes. */
const RESERVE = 4 * 1024
const ERROR_BYTES = 16 * 1024
const LOG_BYTES = 32 * 1024
const FILES_BYTES = 64 * 1024

/**
 * Builds the job summary page. Pure: the same input gives the same Markdown.
 * Always at most `limits.maxBytes` (default 512 KiB) of UTF-8.
 */
export function buildSummary(input: SummaryInput, limits: SummaryLimits = {}): string {
  const maxBytes = limits.maxBytes ?? MAX_SUMMARY_BYTES
  const maxFiles = limits.maxFiles ?? 50
  const maxLogLines = limits.maxLogLines ?? 50
  const redact = (text: string): string => (input.redact ? input.redact(text) : text)
  const done = input.status === 'completed'

  const head: string[] = []
  head.push(
    `## ${statusIcon(input.status)} VM0 run ${escapeMarkdown(cutChars(input.status, 40))}`,
    ''
  )
  if (input.note) head.push(escapeMarkdown(input.note), '')

  const rows: [string, string][] = []
  rows.push(['Agent', input.agent ? inlineCode(redact(input.agent), { table: true }) : '—'])
  rows.push(['Run', inlineCode(redact(input.runId), { table: true })])
  rows.push(['Status', `${statusIcon(input.status)} ${inlineCode(input.status, { table: true })}`])
  const started = isoTime(input.startedAt ?? input.createdAt)
  if (started) rows.push([input.startedAt ? 'Started' : 'Created', started])
  const finished = isoTime(input.completedAt)
  if (finished) rows.push(['Finished', finished])
  const duration = runDuration(input)
  if (duration !== null) rows.push(['Duration', formatDuration(duration)])
  if (input.costUsd !== null && input.costUsd !== undefined) {
    rows.push(['Cost', formatCost(input.costUsd)])
  }
  if (input.numTurns !== null && input.numTurns !== undefined) {
    rows.push(['Turns', String(input.numTurns)])
  }
  const m = input.metrics
  if (m?.avgCpuPercent !== null && m?.avgCpuPercent !== undefined) {
    rows.push(['CPU (average)', `${m.avgCpuPercent.toFixed(1)} %`])
  }
  if (m?.maxMemoryUsedMb !== null && m?.maxMemoryUsedMb !== undefined) {
    const total =
      m.memoryTotalMb !== null && m.memoryTotalMb > 0 ? ` of ${Math.round(m.memoryTotalMb)} MB` : ''
    rows.push(['Memory (peak)', `${Math.round(m.maxMemoryUsedMb)} MB${total}`])
  }
  if (input.workflowRunUrl) rows.push(['Workflow run', markdownLink('logs', input.workflowRunUrl)])
  head.push('| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`), '')

  const sections: string[] = []

  if (!done && input.error) {
    const error = redact(input.error)
    const fenced = fencedWithin(error, 'text', ERROR_BYTES)
    sections.push('### Error', '')
    if (fenced.block !== null) sections.push(fenced.block, '')
    if (fenced.cut) sections.push(cutNote(error, 'error'), '')
  }

  if (!done && input.logTail && input.logTail.length > 0) {
    const lines = lastLinesWithin(
      input.logTail.map(l => redact(l)),
      maxLogLines,
      LOG_BYTES
    )
    if (lines.length > 0) {
      sections.push(
        '<details open>',
        `<summary>Last ${lines.length} log line${lines.length === 1 ? '' : 's'}</summary>`,
        '',
        fencedBlock(lines.join('\n')),
        '',
        '</details>',
        ''
      )
    }
  }

  if (input.files) sections.push(...filesSection(input.files, maxFiles, redact), '')

  const before = [...head, ...sections].join('\n')
  const answerBudget = maxBytes - Buffer.byteLength(before) - RESERVE
  const answer = input.answer ? redact(input.answer) : ''
  const tail: string[] = []
  if (answer.trim() !== '') {
    const fenced = fencedWithin(answer, 'markdown', answerBudget)
    if (fenced.block !== null) {
      tail.push(
        '<details open>',
        '<summary>Final answer</summary>',
        '',
        fenced.block,
        '',
        '</details>',
        ''
      )
    }
    if (fenced.cut) tail.push(cutNote(answer, 'answer'), '')
  }

  const page = `${before}\n${tail.join('\n')}`
  // The sections above are bounded; this only guards against a mistake in those bounds.
  if (Buffer.byteLength(page) <= maxBytes) return page
  const note = '\n\n*(summary cut: it exceeded its size limit)*\n'
  return capUtf8(page, maxBytes - Buffer.byteLength(note)) + note
}

/**
 * A fenced block of at most `budget` bytes: the text is cut (on a character
 * boundary) until the block, fences included, fits. Null when nothing fits.
 */
export function fencedWithin(
  text: string,
  info: string,
  budget: number
): { block: string | null; cut: boolean } {
  let body = text
  for (let attempt = 0; attempt < 4; attempt++) {
    const block = fencedBlock(body, info)
    const size = Buffer.byteLength(block)
    if (size <= budget) return { block, cut: body.length < text.length }
    const overhead = size - Buffer.byteLength(body)
    const room = budget - Math.max(overhead, 0)
    if (room <= 0) break
    body = capUtf8(body, Math.min(room, Buffer.byteLength(body) - 1))
  }
  return { block: null, cut: true }
}

function cutNote(text: string, what: 'answer' | 'error'): string {
  const size = formatBytes(Buffer.byteLength(text))
  return what === 'answer'
    ? `*(cut: the answer is ${size}; the whole answer is in the file named by the \`output-file\` output)*`
    : `*(cut: the error is ${size})*`
}

function filesSection(
  files: SummaryFiles,
  maxFiles: number,
  redact: (text: string) => string
): string[] {
  const out: string[] = ['### Output files', '']
  const from = files.vm0Artifact
    ? ` from VM0 artifact ${inlineCode(redact(files.vm0Artifact))}` +
      (files.vm0Version ? ` version ${inlineCode(redact(files.vm0Version))}` : '')
    : ''
  out.push(
    `${files.count} file${files.count === 1 ? '' : 's'}, ${formatBytes(files.totalBytes)} in all${from}.`
  )
  if (files.artifactName || files.artifactUrl) {
    const label = files.artifactName ? redact(files.artifactName) : 'workflow artifact'
    const link = safeUrl(files.artifactUrl)
      ? markdownLink(label, files.artifactUrl)
      : inlineCode(label)
    out.push(`Uploaded as workflow artifact ${link}.`)
  }
  out.push('')
  if (files.list.length === 0) return out

  out.push('| File | Size |', '| --- | ---: |')
  let shown = 0
  let bytes = 0
  for (const file of files.list) {
    if (shown >= maxFiles) break
    const row = `| ${inlineCode(redact(file.path), { table: true, maxChars: 300 })} | ${formatBytes(file.bytes)} |`
    bytes += Buffer.byteLength(row) + 1
    if (bytes > FILES_BYTES) break
    out.push(row)
    shown += 1
  }
  const rest = files.count - shown
  if (rest > 0) out.push('', `…and ${rest} more file${rest === 1 ? '' : 's'}.`)
  return out
}

/**
 * Appends the page to the step summary (`GITHUB_STEP_SUMMARY`). Returns false,
 * with an info line, when there is no summary file (a local run) or when the
 * page would push the file over the runner's 1 MiB limit.
 */
export function writeSummary(
  markdown: string,
  env: Record<string, string | undefined> = process.env
): boolean {
  const file = env['GITHUB_STEP_SUMMARY']
  if (!file) {
    core.info('No job summary written: GITHUB_STEP_SUMMARY is not set.')
    return false
  }
  let existing: number
  try {
    existing = statSync(file).size
  } catch {
    existing = 0 // not there yet: the runner creates it on the first write
  }
  const text = markdown.endsWith('\n') ? markdown : `${markdown}\n`
  if (existing + Buffer.byteLength(text) > RUNNER_SUMMARY_LIMIT) {
    core.warning(
      `No job summary written: the step's summary would exceed the runner's 1 MiB limit (it already holds ${formatBytes(existing)}).`
    )
    return false
  }
  try {
    appendFileSync(file, text, 'utf8')
  } catch (error) {
    core.warning(
      `Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`
    )
    return false
  }
  return true
}
