/**
 * The job summary: one Markdown page per run. A title naming the agent and
 * the outcome, one line of status · duration · cost · turns · tokens, on
 * failure the error and the last lines of the log as a reader saw them, the
 * final answer rendered as Markdown, where the time went (a gantt chart and a
 * per-tool table), resources over time (charts), the output files, and the
 * details in a collapsed section.
 *
 * Remote text is untrusted: it is redacted, and the answer is made safe
 * Markdown (see safe-markdown.ts); everything else (errors, log lines, file
 * and agent names) is shown only in code spans or fenced blocks whose fence
 * is longer than any backtick run inside. The page
 * stays under {@link MAX_SUMMARY_BYTES} (the runner rejects a step summary
 * over 1 MiB); whatever is cut is cut on a UTF-8 character boundary, with a
 * note.
 */
import * as core from '@actions/core'
import { appendFileSync, statSync } from 'node:fs'
import { formatCost } from '../text/cost.js'
import { formatDuration, isoSeconds, msBetween } from '../text/durations.js'
import { cutChars } from '../text/sanitize.js'
import { formatBytes } from '../text/sizes.js'
import type { TokenUsage } from '../agent/model.js'
import type { RunTimeline } from '../follow/timing.js'
import type { MetricsSummary } from '../vm0/types.js'
import { resourceSection, runningCalls, timelineSection } from './charts.js'
import { formatCount, formatMemory, headline, type Ending } from './figures.js'
import {
  escapeMarkdown,
  fencedBlock,
  fencedWithin,
  inlineCode,
  markdownLink,
  safeUrl,
  redactedStart,
  statusIcon
} from './markdown.js'
import { safeMarkdown } from './safe-markdown.js'
import { capUtf8 } from '../text/sizes.js'

/** Hard cap of one summary, well below the runner's 1 MiB per step. */
export const MAX_SUMMARY_BYTES = 512 * 1024
/** The runner rejects a step summary file larger than this. */
const RUNNER_SUMMARY_LIMIT = 1024 * 1024

/** One output file as listed in the summary. */
interface SummaryFile {
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
  /** The run's own status on VM0, when it differs from `status` (`cancelled` after a `timeout`). */
  runStatus?: string | null
  /** How the action's wait ended, for the title (a `timeout` of the action says "timed out"). */
  ending?: Omit<Ending, 'status' | 'durationMs'> | null
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
  usage?: TokenUsage | null
  metrics?: MetricsSummary | null
  /** Why there are no metrics, when the caller knows (e.g. the run was not waited for). */
  metricsNote?: string | null
  /** Where the run's time went, as the follow phase saw it. */
  timeline?: RunTimeline | null
  /** The agent's final answer, whole: it is cut here. */
  answer?: string | null
  files?: SummaryFiles | null
  /** The service's error text, or why the wait ended. */
  error?: string | null
  /** The last lines of the log as a reader saw them (a bounded ring kept by the caller), oldest first. */
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

/** Bytes set aside for the fixed parts of a section, the headings and the cut notes. */
const RESERVE = 4 * 1024
const ERROR_BYTES = 16 * 1024
const LOG_BYTES = 32 * 1024
const FILES_BYTES = 64 * 1024

type Redact = (text: string) => string

/**
 * Builds the job summary page. Pure: the same input gives the same Markdown.
 * Always at most `limits.maxBytes` (default 512 KiB) of UTF-8.
 */
export function buildSummary(input: SummaryInput, limits: SummaryLimits = {}): string {
  const maxBytes = limits.maxBytes ?? MAX_SUMMARY_BYTES
  const redact: Redact = text => (input.redact ? input.redact(text) : text)
  const done = input.status === 'completed'
  const head: string[] = [...headLines(input, redact)]
  if (!done && input.error) {
    const error = redactedStart(input.error, ERROR_BYTES, redact)
    head.push(...errorSection(error, Buffer.byteLength(input.error)))
  }
  if (!done && input.logTail) {
    head.push(...logSection(input.logTail.map(redact), limits.maxLogLines ?? 50))
  }
  const tail: string[] = []
  if (input.timeline !== undefined || input.metrics !== undefined) {
    tail.push(
      ...timelineSection(input.timeline),
      ...resourceSection(input.metrics ?? null, input.metricsNote ?? null)
    )
  }
  if (input.files) tail.push(...filesSection(input.files, limits.maxFiles ?? 50, redact), '')
  tail.push(...detailsSection(input, redact))

  // The answer gets whatever room the other sections left.
  const before = head.join('\n')
  const after = tail.join('\n')
  const budget = maxBytes - Buffer.byteLength(before) - Buffer.byteLength(after) - RESERVE
  const answer = input.answer ? redactedStart(input.answer, Math.max(0, budget), redact) : ''
  const answerBytes = Buffer.byteLength(input.answer ?? '')
  const page = `${before}\n${answerSection(answer, budget, answerBytes).join('\n')}\n${after}`
  // The sections are bounded; this only guards against a mistake in those bounds.
  if (Buffer.byteLength(page) <= maxBytes) return page
  const note = '\n\n*(summary cut: it exceeded its size limit)*\n'
  return capUtf8(page, maxBytes - Buffer.byteLength(note)) + note
}

/** The run's duration: as reported, else from its timestamps. */
function runDuration(input: SummaryInput): number | null {
  if (input.durationMs !== null && input.durationMs !== undefined) return input.durationMs
  return msBetween(input.startedAt ?? input.createdAt, input.completedAt)
}

/** The title naming the agent and the outcome, the one-line header, and the note. */
function headLines(input: SummaryInput, redact: Redact): string[] {
  const duration = runDuration(input)
  const agent = cutChars(redact(input.agent ?? 'VM0 agent'), 80)
  const title = `## ${headline(agent, { ...input.ending, status: input.status, durationMs: duration })}`
  const lines = [title, '', headerLine(input, duration), '']
  const running = runningLine(
    input.timeline,
    redact,
    input.ending?.stop ? 'the wait stopped' : 'the run ended'
  )
  if (running) lines.push(running, '')
  if (input.note) lines.push(escapeMarkdown(input.note), '')
  return lines
}

/** The calls still running when the wait stopped (or VM0 ended the run), named: what the run was doing then. */
function runningLine(
  timeline: RunTimeline | null | undefined,
  redact: Redact,
  when: string
): string | null {
  const running = runningCalls(timeline)
  if (running.length === 0) return null
  const shown = running.slice(0, 3).map(span => {
    const took = formatDuration((span.endMs ?? span.startMs) - span.startMs)
    return `${inlineCode(redact(span.label), { maxChars: 120 })} (${took} so far)`
  })
  const more = running.length > shown.length ? ` and ${running.length - shown.length} more` : ''
  return `Still running when ${when}: ${shown.join(', ')}${more}.`
}

/** `**completed** · 4m 12s · $0.0123 · 7 turns · 12.3k tokens in, 4.5k out` */
export function headerLine(
  facts: Pick<SummaryInput, 'status' | 'costUsd' | 'numTurns' | 'usage'>,
  durationMs: number | null
): string {
  const parts = [`**${escapeMarkdown(cutChars(facts.status, 40))}**`]
  if (durationMs !== null) parts.push(formatDuration(durationMs))
  if (facts.costUsd !== null && facts.costUsd !== undefined) parts.push(formatCost(facts.costUsd))
  if (facts.numTurns !== null && facts.numTurns !== undefined) {
    parts.push(`${facts.numTurns} turn${facts.numTurns === 1 ? '' : 's'}`)
  }
  const tokens = tokenText(facts.usage ?? null)
  if (tokens) parts.push(tokens)
  return parts.join(' · ')
}

function tokenText(usage: TokenUsage | null): string | null {
  if (usage === null) return null
  const parts: string[] = []
  if (usage.inputTokens !== null) parts.push(`${formatCount(usage.inputTokens)} in`)
  if (usage.outputTokens !== null) parts.push(`${formatCount(usage.outputTokens)} out`)
  if (usage.cacheReadTokens !== null && usage.cacheReadTokens > 0) {
    parts.push(`${formatCount(usage.cacheReadTokens)} cache reads`)
  }
  return parts.length === 0 ? null : `tokens ${parts.join(', ')}`
}

/** The facts table, collapsed: run, agent, times, resources, tokens, the workflow run. */
function detailsSection(input: SummaryInput, redact: Redact): string[] {
  const rows = [...runRows(input, redact), ...metricRows(input.metrics), ...usageRows(input.usage)]
  if (input.workflowRunUrl) rows.push(['Workflow run', markdownLink('logs', input.workflowRunUrl)])
  return [
    '<details>',
    '<summary>Run details</summary>',
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '</details>',
    ''
  ]
}

function runRows(input: SummaryInput, redact: Redact): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['Agent', input.agent ? inlineCode(redact(input.agent), { table: true }) : '—'],
    ['Run', inlineCode(redact(input.runId), { table: true })],
    ['Status', `${statusIcon(input.status)} ${inlineCode(input.status, { table: true })}`]
  ]
  if (input.runStatus && input.runStatus !== input.status) {
    rows.push(['Run on VM0', inlineCode(input.runStatus, { table: true })])
  }
  const started = isoSeconds(input.startedAt ?? input.createdAt)
  if (started) rows.push([input.startedAt ? 'Started' : 'Created', started])
  const finished = isoSeconds(input.completedAt)
  if (finished) rows.push(['Finished', finished])
  const duration = runDuration(input)
  if (duration !== null) rows.push(['Duration', formatDuration(duration)])
  if (input.costUsd !== null && input.costUsd !== undefined) {
    rows.push(['Cost', formatCost(input.costUsd)])
  }
  if (input.numTurns !== null && input.numTurns !== undefined) {
    rows.push(['Turns', String(input.numTurns)])
  }
  return rows
}

function metricRows(m: MetricsSummary | null | undefined): Array<[string, string]> {
  const rows: Array<[string, string]> = []
  if (m?.avgCpuPercent !== null && m?.avgCpuPercent !== undefined) {
    rows.push(['CPU (average)', `${m.avgCpuPercent.toFixed(1)} %`])
  }
  if (m?.maxMemoryUsedMb !== null && m?.maxMemoryUsedMb !== undefined) {
    const total =
      m.memoryTotalMb !== null && m.memoryTotalMb > 0 ? ` of ${formatMemory(m.memoryTotalMb)}` : ''
    rows.push(['Memory (peak)', `${formatMemory(m.maxMemoryUsedMb)}${total}`])
  }
  return rows
}

function usageRows(usage: TokenUsage | null | undefined): Array<[string, string]> {
  if (!usage) return []
  const rows: Array<[string, string]> = []
  if (usage.inputTokens !== null) rows.push(['Input tokens', String(usage.inputTokens)])
  if (usage.outputTokens !== null) rows.push(['Output tokens', String(usage.outputTokens)])
  if (usage.cacheReadTokens !== null) rows.push(['Cache reads', String(usage.cacheReadTokens)])
  return rows
}

/** The error, fenced; `bytes` is its whole size (`error` may be only its start). */
function errorSection(error: string, bytes: number): string[] {
  const fenced = fencedWithin(error, 'text', ERROR_BYTES)
  const lines = ['### Error', '']
  if (fenced.block !== null) lines.push(fenced.block, '')
  if (fenced.cut) lines.push(cutNote(bytes, 'error'), '')
  return lines
}

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

function logSection(logTail: readonly string[], maxLogLines: number): string[] {
  const lines = lastLinesWithin(logTail, maxLogLines, LOG_BYTES)
  if (lines.length === 0) return []
  return [
    '<details open>',
    `<summary>The last ${lines.length} line${lines.length === 1 ? '' : 's'} of the log</summary>`,
    '',
    fencedBlock(lines.join('\n')),
    '',
    '</details>',
    ''
  ]
}

/** The answer made safe within `budget`; `bytes` is its whole size (`answer` may be only its start). */
function answerSection(answer: string, budget: number, bytes: number): string[] {
  if (answer.trim() === '') return []
  const safe = safeMarkdown(answer, Math.max(0, budget))
  const lines = ['### Answer', '']
  if (safe.markdown !== '') lines.push(safe.markdown, '')
  if (safe.cut) lines.push(cutNote(bytes, 'answer'), '')
  return lines
}

function cutNote(bytes: number, what: 'answer' | 'error'): string {
  const size = formatBytes(bytes)
  return what === 'answer'
    ? `*(answer cut here to fit the summary: it is ${size}; the whole answer is in the file named by the \`output-file\` output)*`
    : `*(cut: the error is ${size})*`
}

function filesSection(files: SummaryFiles, maxFiles: number, redact: Redact): string[] {
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
  const rows = fileRows(files.list, maxFiles, redact)
  out.push(...rows)
  const rest = files.count - rows.length
  if (rest > 0) out.push('', `…and ${rest} more file${rest === 1 ? '' : 's'}.`)
  return out
}

/** Table rows for at most `maxFiles` files and {@link FILES_BYTES} bytes. */
function fileRows(list: readonly SummaryFile[], maxFiles: number, redact: Redact): string[] {
  const rows: string[] = []
  let bytes = 0
  for (const file of list) {
    if (rows.length >= maxFiles) break
    const row = `| ${inlineCode(redact(file.path), { table: true, maxChars: 300 })} | ${formatBytes(file.bytes)} |`
    bytes += Buffer.byteLength(row) + 1
    if (bytes > FILES_BYTES) break
    rows.push(row)
  }
  return rows
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
