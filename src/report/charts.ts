/**
 * Pictures of a run for the job summary, as Mermaid (GitHub renders it in
 * summaries and comments): resources over time (`xychart-beta`), the run on
 * a timeline (`gantt`) and a per-tool table. Every label that came from the
 * run is reduced to plain words, so nothing in it can end a diagram or read
 * as a Mermaid keyword. Bounded: at most {@link MAX_CHART_POINTS} points per
 * chart and {@link MAX_GANTT_TASKS} tasks.
 */
import type { RunTimeline, TimelineSpan, ToolStats } from '../follow/timing.js'
import { formatDuration } from '../text/durations.js'
import type { MetricPoint, MetricsSummary } from '../vm0/types.js'
import { formatMemory } from './figures.js'
import { inlineCode } from './markdown.js'

/** Points of a resource chart: readable on a page, still the run's shape. */
const MAX_CHART_POINTS = 24
/** Tasks in the gantt chart; a longer run shows its longest steps. */
const MAX_GANTT_TASKS = 40
const MAX_TOOL_ROWS = 20

/** One averaged stretch of the run. */
interface Bucket {
  offsetMs: number
  cpu: number | null
  memory: number | null
}

/**
 * The points in at most `max` equal stretches of time: CPU averaged, memory
 * at its peak; a stretch without samples repeats the one before.
 */
function downsample(points: readonly MetricPoint[], max = MAX_CHART_POINTS): Bucket[] {
  const first = points[0]
  const last = points.at(-1)
  if (first === undefined || last === undefined) return []
  const span = last.timeMs - first.timeMs
  const count = Math.max(1, Math.min(max, points.length))
  const sums = Array.from({ length: count }, () => ({
    cpu: 0,
    n: 0,
    memory: null as number | null
  }))
  for (const point of points) {
    const index =
      span === 0
        ? 0
        : Math.min(count - 1, Math.floor(((point.timeMs - first.timeMs) / span) * count))
    const bucket = sums[index]!
    if (point.cpuPercent !== null) {
      bucket.cpu += point.cpuPercent
      bucket.n++
    }
    if (point.memoryUsedMb !== null)
      bucket.memory = Math.max(bucket.memory ?? 0, point.memoryUsedMb)
  }
  const out: Bucket[] = []
  let previous: Bucket | null = null
  sums.forEach((sum, i) => {
    const bucket: Bucket = {
      offsetMs: count === 1 ? 0 : Math.round((span * i) / (count - 1)),
      cpu: sum.n > 0 ? sum.cpu / sum.n : (previous?.cpu ?? null),
      memory: sum.memory ?? previous?.memory ?? null
    }
    out.push(bucket)
    previous = bucket
  })
  return out
}

/**
 * Axis labels for offsets since the start, precise enough that neighbours
 * differ: seconds (`1.5s`) for a short run, else `m:ss` (or `h:mm:ss`).
 */
function axisLabels(offsets: number[]): { title: string; labels: string[] } {
  const last = offsets.at(-1) ?? 0
  const step = offsets.length > 1 ? last / (offsets.length - 1) : last
  if (last < 120_000) {
    const digits = step < 1000 ? 1 : 0
    return { title: 'seconds', labels: offsets.map(ms => `${(ms / 1000).toFixed(digits)}s`) }
  }
  const clock = (ms: number): string => {
    const total = Math.round(ms / 1000)
    const h = Math.floor(total / 3600)
    const m = Math.floor((total % 3600) / 60)
    const sec = String(total % 60).padStart(2, '0')
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`
  }
  return {
    title: last >= 3_600_000 ? 'elapsed (h:mm:ss)' : 'elapsed (m:ss)',
    labels: offsets.map(clock)
  }
}

function number(value: number): string {
  return String(Math.round(value * 10) / 10)
}

interface Axis {
  title: string
  labels: string[]
}

function xychart(title: string, axis: string, top: number, x: Axis, values: number[]): string[] {
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis "${x.title}" [${x.labels.map(l => `"${l}"`).join(', ')}]`,
    `  y-axis "${axis}" 0 --> ${number(top)}`,
    `  line [${values.map(number).join(', ')}]`,
    '```'
  ]
}

/**
 * Resource charts (CPU %, memory) from the metrics points, or one sentence
 * saying why there are none.
 */
export function resourceSection(metrics: MetricsSummary | null, why: string | null): string[] {
  const lines = ['### Resources', '']
  const points = metrics?.points ?? []
  if (metrics === null || points.length < 2) {
    const reason =
      metrics === null
        ? (why ?? 'the service reported no metrics for this run')
        : `the service reported ${points.length === 1 ? 'one sample' : 'no samples'} over time`
    return [...lines, `No resource chart: ${reason}.`, '']
  }
  const buckets = downsample(points)
  const labels = axisLabels(buckets.map(b => b.offsetMs))
  const cpu = buckets.map(b => b.cpu ?? 0)
  if (buckets.some(b => b.cpu !== null)) {
    const top = Math.max(100, Math.ceil(Math.max(...cpu) / 10) * 10)
    lines.push(...xychart('CPU (%)', '%', top, labels, cpu), '')
  }
  if (buckets.some(b => b.memory !== null)) {
    const peak = Math.max(...buckets.map(b => b.memory ?? 0))
    const total =
      metrics.memoryTotalMb !== null && metrics.memoryTotalMb >= peak ? metrics.memoryTotalMb : peak
    const gib = total >= 2048
    const unit = gib ? 'GiB' : 'MiB'
    const scale = (mb: number): number => (gib ? mb / 1024 : mb)
    const title = `Memory (${unit}${metrics.memoryTotalMb !== null ? `, of ${formatMemory(metrics.memoryTotalMb)}` : ''})`
    lines.push(
      ...xychart(
        title,
        unit,
        scale(total),
        labels,
        buckets.map(b => scale(b.memory ?? 0))
      ),
      ''
    )
  }
  lines.push(
    `${points.length} samples${points.length > MAX_CHART_POINTS ? `, shown as ${buckets.length} points (CPU averaged, memory at its peak)` : ''}.`,
    ''
  )
  return lines
}

const KEYWORDS =
  /^(?:title|section|dateformat|axisformat|tickinterval|excludes|includes|todaymarker|weekday|weekend|inclusiveenddates|topaxis|click|acctitle|accdescr|displaymode)/i

/** A label from the run as plain words: no `:`, `#`, `;`, quotes or brackets, never a keyword. */
function chartLabel(text: string, max = 40): string {
  let out = ''
  for (const c of text) {
    if (out.length >= max) break
    out += c === "'" ? '’' : /[\p{L}\p{N} _.,/+=()-]/u.test(c) ? c : ' '
  }
  out = out.replace(/ {2,}/g, ' ').trim()
  if (out === '') return 'step'
  return KEYWORDS.test(out) ? `› ${out}` : out
}

function spanMs(span: TimelineSpan, endMs: number): number {
  return (span.endMs ?? endMs) - span.startMs
}

/** The spans shown: all when few, else the longest, in time order. */
function shownSpans(timeline: RunTimeline): TimelineSpan[] {
  const end = timeline.endMs ?? 0
  const spans = timeline.spans.filter(s => spanMs(s, end) > 0)
  if (spans.length <= MAX_GANTT_TASKS) return spans
  return [...spans]
    .sort((a, b) => spanMs(b, end) - spanMs(a, end))
    .slice(0, MAX_GANTT_TASKS)
    .sort((a, b) => a.startMs - b.startMs)
}

/** The run as a gantt chart: one section for the agent's turns, one per tool. */
function gantt(spans: TimelineSpan[], endMs: number): string[] {
  const sections = new Map<string, TimelineSpan[]>()
  for (const span of spans) {
    const key = span.kind === 'turn' ? 'Agent' : chartLabel(span.name, 30)
    sections.set(key, [...(sections.get(key) ?? []), span])
  }
  const lines = ['```mermaid', 'gantt', '  dateFormat x', '  axisFormat %H:%M:%S']
  for (const [name, list] of sections) {
    lines.push(`  section ${name}`)
    for (const span of list) {
      const end = Math.max(span.endMs ?? endMs, span.startMs + 1)
      const tag = span.endMs === null ? 'active, ' : span.failed ? 'crit, ' : ''
      const took = formatDuration(end - span.startMs)
      lines.push(`  ${chartLabel(span.label)} (${took}) : ${tag}${span.startMs}, ${end}`)
    }
  }
  lines.push('```')
  return lines
}

/** The per-tool table: calls, failures and time, longest first. */
export function toolTable(tools: readonly ToolStats[], maxRows = MAX_TOOL_ROWS): string[] {
  if (tools.length === 0) return []
  const sorted = [...tools].sort((a, b) => b.totalMs - a.totalMs || b.calls - a.calls)
  const rows = sorted
    .slice(0, maxRows)
    .map(
      t =>
        `| ${inlineCode(t.name, { table: true, maxChars: 60 })} | ${t.calls} | ${t.failures} | ${formatDuration(t.totalMs)} |`
    )
  const rest = sorted.length - rows.length
  return [
    '| Tool | Calls | Failed | Time |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
    ...(rest > 0 ? ['', `…and ${rest} more tool${rest === 1 ? '' : 's'}.`] : [])
  ]
}

/** Where the time went: the gantt chart (or why there is none) and the per-tool table. */
export function timelineSection(timeline: RunTimeline | null | undefined): string[] {
  const lines = ['### Where the time went', '']
  if (!timeline || timeline.startMs === null || timeline.endMs === null) {
    return [...lines, 'No timeline: no agent events were seen.', '']
  }
  const spans = shownSpans(timeline)
  const total = timeline.spans.length + timeline.droppedSpans
  if (spans.length === 0) {
    lines.push('No timeline: the agent made no timed steps.', '')
  } else {
    lines.push(...gantt(spans, timeline.endMs), '')
    if (spans.length < total) {
      lines.push(`The ${spans.length} longest of ${total} steps; the table counts them all.`, '')
    }
  }
  const table = toolTable(timeline.tools)
  if (table.length > 0) lines.push(...table, '')
  return lines
}
