/**
 * Pictures of a run for the job summary, as Mermaid (GitHub renders it in
 * summaries and comments): resources over time (`xychart-beta`, each line in
 * an explicit colour), the run on a timeline (`gantt`, see gantt.ts) and a
 * per-tool table. Bounded: at most {@link MAX_CHART_POINTS} points per chart
 * and 40 gantt rows.
 */
import type { RunTimeline, TimelineSpan, ToolStats } from '../follow/timing.js'
import { formatDuration } from '../text/durations.js'
import type { MetricPoint, MetricsSummary } from '../vm0/types.js'
import { formatMemory } from './figures.js'
import { ganttChart } from './gantt.js'
import { inlineCode } from './markdown.js'

/** Points of a resource chart: readable on a page, still the run's shape. */
const MAX_CHART_POINTS = 24
const MAX_TOOL_ROWS = 20
/**
 * The line's colour and the chart's height, set per chart: mermaid's default
 * theme draws the first line in `#ECECFF`, invisible on a white page, and
 * makes the chart 500 px high. A `%%{init}%%` directive before the diagram
 * (docs/mermaid.md) sets both, in mermaid 10 and 11.
 */
const CHART_HEIGHT = 280
const CPU_COLOUR = '#1f6feb'
const MEMORY_COLOUR = '#2da44e'

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

/** The init directive of one chart: its line's colour and its height. */
function chartInit(colour: string): string {
  const init = {
    xyChart: { height: CHART_HEIGHT },
    themeVariables: { xyChart: { plotColorPalette: colour } }
  }
  return `%%{init: ${JSON.stringify(init)}}%%`
}

interface Chart {
  title: string
  axis: string
  top: number
  colour: string
}

function xychart(chart: Chart, x: Axis, values: number[]): string[] {
  const { title, axis, top } = chart
  return [
    '```mermaid',
    chartInit(chart.colour),
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
    lines.push(
      ...xychart({ title: 'CPU (%)', axis: '%', top, colour: CPU_COLOUR }, labels, cpu),
      ''
    )
  }
  if (buckets.some(b => b.memory !== null)) {
    const peak = Math.max(...buckets.map(b => b.memory ?? 0))
    const total =
      metrics.memoryTotalMb !== null && metrics.memoryTotalMb >= peak ? metrics.memoryTotalMb : peak
    const gib = total >= 2048
    const unit = gib ? 'GiB' : 'MiB'
    const scale = (mb: number): number => (gib ? mb / 1024 : mb)
    const title = `Memory (${unit}${metrics.memoryTotalMb !== null ? `, of ${formatMemory(metrics.memoryTotalMb)}` : ''})`
    const chart = { title, axis: unit, top: scale(total), colour: MEMORY_COLOUR }
    lines.push(
      ...xychart(
        chart,
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

/** The per-tool table: calls, failures and time, longest first. */
export function toolTable(tools: readonly ToolStats[], maxRows = MAX_TOOL_ROWS): string[] {
  if (tools.length === 0) return []
  const sorted = [...tools].sort((a, b) => b.totalMs - a.totalMs || b.calls - a.calls)
  const rows = sorted
    .slice(0, maxRows)
    .map(
      t =>
        `| ${inlineCode(t.name, { table: true, maxChars: 60 })} | ${t.calls} | ${t.failures} | ${toolTime(t)} |`
    )
  const rest = sorted.length - rows.length
  return [
    '| Tool | Calls | Failed | Time |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
    ...(rest > 0 ? ['', `…and ${rest} more tool${rest === 1 ? '' : 's'}.`] : [])
  ]
}

/** A tool's time: `48s`, or `18s (1 running)` when calls were still running at the stop. */
function toolTime(t: ToolStats): string {
  const running = t.running ? ` (${t.running} running)` : ''
  return `${formatDuration(t.totalMs)}${running}`
}

/** The calls still running when the wait stopped, longest first. */
export function runningCalls(timeline: RunTimeline | null | undefined): TimelineSpan[] {
  const running = (timeline?.spans ?? []).filter(s => s.running && s.endMs !== null)
  return running.sort((a, b) => b.endMs! - b.startMs - (a.endMs! - a.startMs))
}

/** What the chart leaves out or shares, in one sentence; null when it shows every step. */
function chartNote(shown: number, rows: number, merged: number, steps: number): string | null {
  const parts: string[] = []
  if (merged > 0) parts.push('runs of short consecutive calls share a row')
  if (shown < rows) parts.push(`the ${shown} longest of ${rows} rows (${steps} steps) are shown`)
  if (parts.length === 0) return null
  const text = `${parts.join('; ')}; the table counts every call.`
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Where the time went: the gantt chart (or why there is none) and the per-tool table. */
export function timelineSection(timeline: RunTimeline | null | undefined): string[] {
  const lines = ['### Where the time went', '']
  if (!timeline || timeline.startMs === null || timeline.endMs === null) {
    return [...lines, 'No timeline: no agent events were seen.', '']
  }
  const chart = ganttChart(timeline)
  const steps = timeline.spans.length + timeline.droppedSpans
  if (chart === null) {
    lines.push('No timeline: the agent made no timed steps.', '')
  } else {
    lines.push(...chart.lines, '')
    const note = chartNote(chart.shown, chart.rows, chart.merged, steps)
    if (note) lines.push(note, '')
  }
  const table = toolTable(timeline.tools)
  if (table.length > 0) lines.push(...table, '')
  return lines
}
