/**
 * The run on a timeline, as a Mermaid `gantt` chart: one row per call (or
 * per stretch of the model's time), labelled with what it was about (the
 * file a Read read, the command a shell ran, the host and path a fetch
 * fetched), tiny consecutive calls merged into one row ("12 × Read, 2.1s"),
 * the call still running when a wait stopped marked as such.
 *
 * Every label comes from the run, so it is rewritten to fit the gantt
 * grammar (docs/mermaid.md): the characters that end or comment out a task
 * (`:`, `#`, `;`, `%`, newlines) become look-alikes instead of being dropped,
 * and a label that starts like a keyword or a date gets a `›` in front.
 */
import type { RunTimeline, TimelineSpan } from '../follow/timing.js'
import { formatDuration } from '../text/durations.js'

/** Rows in the chart; a longer run shows its longest rows. */
const MAX_GANTT_ROWS = 40
/** Characters of a label before its duration. */
const LABEL_CHARS = 48
/** A span shorter than this share of the run is tiny: consecutive tiny calls of one tool share a row. */
const TINY_SHARE = 1 / 50
/** …and shorter than this share of its longest step. */
const TINY_OF_LONGEST = 1 / 10
/** Runs shorter than this get an elapsed-seconds axis; longer ones the clock. */
const ELAPSED_AXIS_MS = 15 * 60_000

/** One row of the chart. */
interface Row {
  section: string
  /** What the row is about, before its duration; unique among the rows once numbered. */
  text: string
  /** The duration part: `700ms`, `running, 18s so far`, `no result`. */
  took: string
  startMs: number
  endMs: number
  tag: '' | 'crit, ' | 'active, '
  /** Rows standing for several calls carry their time in their text ("12 × Read, 2.1s"). */
  merged: boolean
  /** The call a row of its own shows. */
  call?: TimelineSpan
}

/**
 * Characters that end a task's text, start a comment or a directive in
 * Mermaid's gantt grammar, or close the Markdown fence, each with a
 * look-alike that reads the same.
 */
const LOOK_ALIKES: Record<string, string> = {
  ':': '∶',
  '#': '＃',
  ';': '；',
  '%': '％',
  '`': 'ˋ',
  '<': '‹',
  '>': '›',
  '&': '＆',
  "'": '’',
  '"': '”',
  '\\': '∖'
}

/**
 * What the gantt lexer reads at the start of a line before a task's text
 * (rules tried in order, the first match wins, case-insensitive): keywords
 * (even without a space after them: `gantt` needs none), interactivity
 * commands and a date.
 */
const LEADING_KEYWORD =
  /^(?:gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|todaymarker|weekday|weekend|title|accdescription|acctitle|accdescr|section|click|href|call|\d{4}-\d\d-\d\d)/i

/**
 * Text from the run as a gantt label: one line, no character that ends a
 * task or reads as a comment, never a keyword or a date at its start, at
 * most `max` characters (whole code points, `…` where cut).
 */
export function ganttText(text: string, max = LABEL_CHARS): string {
  let out = ''
  for (const c of text) {
    // Controls, format characters (bidi overrides, zero-width) and line breaks: a space.
    out += /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\s]/u.test(c) ? ' ' : (LOOK_ALIKES[c] ?? c)
  }
  out = head(out.replace(/ {2,}/g, ' ').trim(), max)
  if (out === '') return 'step'
  return LEADING_KEYWORD.test(out) ? `› ${out}` : out
}

/** The end of a text within `max` characters, `…` in front where cut. */
function tail(text: string, max: number): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : `…${chars.slice(chars.length - max + 1).join('')}`
}

/** The start of a text within `max` characters, `…` after where cut. */
function head(text: string, max: number): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

const FILE_TOOLS = /^(?:read|edit|multiedit|write|notebookedit|notebookread|ls|view|create)$/i
const COMMAND_TOOLS = /^(?:bash|command|shell|exec|run|terminal)$/i
const URL = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]+)([^?#\s]*)/i

/** The call's subject: as recorded, else its title without the tool's name. */
function subjectOf(span: TimelineSpan): string {
  if (span.subject) return span.subject
  const title = span.label.replace(/…$/, '')
  if (title.startsWith(`${span.name}: `)) return title.slice(span.name.length + 2)
  return title.replace(/^\$ /, '')
}

/** The last `segments` parts of a path (`src/app.ts`), `…/` in front when some were left out. */
function pathTail(path: string, segments: number): string {
  const parts = path.replace(/[/\\]+$/, '').split(/[/\\]/)
  const kept = parts.slice(-segments).join('/')
  return parts.length > segments && segments > 1 ? `…/${kept}` : kept
}

/** A shell command as people read it: without a leading `cd <dir> &&`. */
function commandText(command: string): string {
  return command.replace(/^(?:\s*cd\s+\S+\s*&&\s*)+/, '').trim()
}

/**
 * What a call was about, in the words a reader scans for: the file name for
 * a file tool, the command for a shell, host and path for a URL, else the
 * tool's name and the start of its subject. `segments` widens a path.
 */
function callText(span: TimelineSpan, segments = 1): string {
  const subject = subjectOf(span).trim()
  if (subject === '') return span.name
  const url = URL.exec(subject)
  if (url) return `${span.name} ${head(`${url[1]}${url[2] ?? ''}`, LABEL_CHARS - 10)}`
  if (COMMAND_TOOLS.test(span.name)) return head(commandText(subject), LABEL_CHARS)
  const pathLike = !/\s/.test(subject) && /[/\\]/.test(subject)
  if (FILE_TOOLS.test(span.name) || pathLike) {
    return `${span.name} ${tail(pathTail(subject, segments), LABEL_CHARS - 10)}`
  }
  return head(`${span.name} ${subject}`, LABEL_CHARS)
}

/** A turn's text: its first words, or for the model's time before a call, the call it led to. */
function turnText(span: TimelineSpan, next: TimelineSpan | undefined): string {
  if (span.label !== 'tool calls') return span.label
  return next?.kind === 'tool' && next.startMs === span.endMs
    ? `model → ${callText(next)}`
    : 'model'
}

function spanEnd(span: TimelineSpan, endMs: number): number {
  return span.endMs ?? endMs
}

function rowOf(span: TimelineSpan, next: TimelineSpan | undefined, endMs: number): Row {
  const end = Math.max(spanEnd(span, endMs), span.startMs + 1)
  const took = formatDuration(spanEnd(span, endMs) - span.startMs)
  return {
    section: span.kind === 'turn' ? 'Agent' : span.name,
    text: span.kind === 'turn' ? turnText(span, next) : callText(span),
    took: span.running ? `running, ${took} so far` : span.endMs === null ? 'no result' : took,
    startMs: span.startMs,
    endMs: end,
    tag: span.running || span.endMs === null ? 'active, ' : span.failed ? 'crit, ' : '',
    merged: false,
    ...(span.kind === 'tool' ? { call: span } : {})
  }
}

/** A stretch of tiny consecutive spans as one row: `12 × Read, 2.1s`. */
function mergedRow(spans: readonly TimelineSpan[], endMs: number): Row {
  const counts = new Map<string, { calls: number; ms: number }>()
  for (const span of spans) {
    if (span.kind !== 'tool') continue
    const c = counts.get(span.name) ?? { calls: 0, ms: 0 }
    c.calls++
    c.ms += spanEnd(span, endMs) - span.startMs
    counts.set(span.name, c)
  }
  const total = [...counts.values()].reduce((n, c) => n + c.ms, 0)
  const calls = [...counts.values()].reduce((n, c) => n + c.calls, 0)
  const each = [...counts].map(([name, c]) => `${c.calls} × ${name}`)
  const only = counts.size === 1 ? [...counts.keys()][0] : undefined
  return {
    section: only ?? 'Several tools',
    text: `${only ? each[0] : `${calls} calls (${each.join(', ')})`}, ${formatDuration(total)}`,
    took: '',
    startMs: spans[0]!.startMs,
    endMs: Math.max(spanEnd(spans.at(-1)!, endMs), spans[0]!.startMs + 1),
    tag: '',
    merged: true
  }
}

/** Whether a span may share a row: tiny, answered and not failed (those stay visible). */
function isTiny(span: TimelineSpan, tinyMs: number): boolean {
  return span.endMs !== null && !span.failed && !span.running && span.endMs - span.startMs < tinyMs
}

/** Indexes `[from, to)` of `spans`: a stretch of them. */
type Stretch = [number, number]

/** A stretch of tiny spans cut where the tool changes (the model's time goes with the call before). */
function byTool(spans: readonly TimelineSpan[], [from, to]: Stretch): Stretch[] {
  const runs: Stretch[] = []
  let start = from
  let tool: string | null = null
  for (let i = from; i < to; i++) {
    const span = spans[i]!
    if (span.kind !== 'tool') continue
    if (tool !== null && span.name !== tool) {
      const cut = spans[i - 1]?.kind === 'turn' && i - 1 > start ? i - 1 : i
      runs.push([start, cut])
      start = cut
    }
    tool = span.name
  }
  runs.push([start, to])
  return runs
}

function callsIn(spans: readonly TimelineSpan[], [from, to]: Stretch): number {
  return spans.slice(from, to).filter(s => s.kind === 'tool').length
}

/**
 * The rows of a stretch of tiny spans: each run of two or more calls of one
 * tool as one row ("12 × Read, 1.8s"); calls left between such runs, when
 * two or more, as one row too ("5 calls (3 × Grep, 2 × Glob), 1.1s"); a call
 * left alone as a row of its own. The model's pause before a call is noise
 * on its own and left out.
 */
function tinyRows(spans: readonly TimelineSpan[], stretch: Stretch, endMs: number): Row[] {
  const rows: Row[] = []
  let single: Stretch | null = null
  const flushSingles = (): void => {
    if (single === null) return
    const [from, to] = single
    if (callsIn(spans, single) >= 2) rows.push(mergedRow(spans.slice(from, to), endMs))
    else {
      for (let i = from; i < to; i++) {
        if (spans[i]!.label !== 'tool calls') rows.push(rowOf(spans[i]!, spans[i + 1], endMs))
      }
    }
    single = null
  }
  for (const run of byTool(spans, stretch)) {
    if (callsIn(spans, run) >= 2) {
      flushSingles()
      rows.push(mergedRow(spans.slice(run[0], run[1]), endMs))
    } else single = single === null ? run : [single[0], run[1]]
  }
  flushSingles()
  return rows
}

/**
 * The rows, in time order: stretches of tiny spans as {@link tinyRows} makes
 * them; every other span is a row of its own. A span is tiny beside the run
 * and beside its longest step, so the longest steps always keep their rows;
 * a stretch ends at a gap (spans left out beyond the collector's bound).
 */
function rowsOf(spans: readonly TimelineSpan[], startMs: number, endMs: number): Row[] {
  const longestMs = Math.max(0, ...spans.map(s => spanEnd(s, endMs) - s.startMs))
  const tinyMs = Math.min((endMs - startMs) * TINY_SHARE, longestMs * TINY_OF_LONGEST)
  const rows: Row[] = []
  let from = 0
  spans.forEach((span, i) => {
    const previous = spans[i - 1]
    const gap = previous ? span.startMs - spanEnd(previous, endMs) : 0
    if (isTiny(span, tinyMs) && gap <= tinyMs) return
    rows.push(...tinyRows(spans, [from, i], endMs))
    if (isTiny(span, tinyMs)) {
      from = i
      return
    }
    rows.push(rowOf(span, spans[i + 1], endMs))
    from = i + 1
  })
  rows.push(...tinyRows(spans, [from, spans.length], endMs))
  return rows
}

/** The longest `max` rows (running ones first), in time order. */
function longest(rows: Row[], max: number): Row[] {
  if (rows.length <= max) return rows
  const weight = (r: Row): number => (r.tag === 'active, ' ? Infinity : r.endMs - r.startMs)
  return [...rows]
    .sort((a, b) => weight(b) - weight(a))
    .slice(0, max)
    .sort((a, b) => a.startMs - b.startMs)
}

const ORDINALS = ['1st', '2nd', '3rd']

/** Each row's label: text and duration, the texts that repeat numbered in time order. */
function labels(rows: readonly Row[]): string[] {
  const texts = rows.map(r => ganttText(r.text))
  const total = new Map<string, number>()
  for (const t of texts) total.set(t, (total.get(t) ?? 0) + 1)
  const seen = new Map<string, number>()
  return rows.map((row, i) => {
    const text = texts[i]!
    const n = (seen.get(text) ?? 0) + 1
    seen.set(text, n)
    const nth = (total.get(text) ?? 1) > 1 ? (ORDINALS[n - 1] ?? `${n}th`) : null
    if (row.merged) return nth ? `${text} (${nth})` : text
    return `${text} (${nth ? `${nth}, ` : ''}${ganttText(row.took, 40)})`
  })
}

/**
 * Rows whose file names collide (two `index.ts` in different folders) show
 * one folder more; the rest keep the bare name.
 */
function widenCollisions(rows: readonly Row[]): void {
  const byText = new Map<string, Row[]>()
  for (const row of rows) {
    const same = byText.get(row.text)
    if (same) same.push(row)
    else byText.set(row.text, [row])
  }
  for (const same of byText.values()) {
    const subjects = new Set(same.map(r => (r.call ? subjectOf(r.call) : r.text)))
    if (same.length < 2 || subjects.size < 2) continue
    for (const row of same) if (row.call) row.text = callText(row.call, 2)
  }
}

/** The axis: elapsed seconds from the run's start for a short run, else the clock. */
function axisLines(startMs: number, endMs: number): { lines: string[]; base: number } {
  const total = endMs - startMs
  if (total >= ELAPSED_AXIS_MS) {
    return { lines: ['  dateFormat x', '  axisFormat %H:%M'], base: 0 }
  }
  // Offsets from 0 with `%s` (seconds since the epoch) read as elapsed seconds in
  // every time zone; `%M:%S` would be formatted in the reader's zone, off by 30
  // minutes in UTC+5:30.
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300]
  const step = steps.find(s => total / (s * 1000) <= 10) ?? 300
  const interval = step < 60 ? `${step}second` : `${step / 60}minute`
  return {
    lines: ['  dateFormat x', '  axisFormat %ss', `  tickInterval ${interval}`],
    base: startMs
  }
}

/** A gantt chart: its Markdown lines, the rows shown and the rows there were. */
export interface Gantt {
  lines: string[]
  shown: number
  rows: number
  /** Rows that stand for several calls. */
  merged: number
}

/**
 * The gantt chart of a timeline, or null when it has no row (no events, or
 * no step that took time). Spans of no length are left out, but for calls
 * without a result (they show as such).
 */
export function ganttChart(timeline: RunTimeline): Gantt | null {
  const startMs = timeline.startMs
  const endMs = timeline.endMs
  if (startMs === null || endMs === null) return null
  const spans = timeline.spans.filter(s => s.endMs === null || spanEnd(s, endMs) > s.startMs)
  const all = rowsOf(spans, startMs, endMs)
  widenCollisions(all)
  const rows = longest(all, MAX_GANTT_ROWS)
  if (rows.length === 0) return null
  const axis = axisLines(startMs, endMs)
  const lines = ['```mermaid', 'gantt', ...axis.lines, '  todayMarker off']
  const names = labels(rows)
  const sections = new Map<string, number[]>()
  rows.forEach((row, i) => {
    const key = row.section === 'Agent' ? 'Agent' : ganttText(row.section, 30)
    sections.set(key, [...(sections.get(key) ?? []), i])
  })
  for (const [name, indexes] of sections) {
    lines.push(`  section ${name}`)
    for (const i of indexes) {
      const row = rows[i]!
      lines.push(`  ${names[i]} : ${row.tag}${row.startMs - axis.base}, ${row.endMs - axis.base}`)
    }
  }
  lines.push('```')
  return { lines, shown: rows.length, rows: all.length, merged: rows.filter(r => r.merged).length }
}
