/**
 * Where the run's time went, from the agent events as they arrive: each tool
 * call from its call to its result, each agent turn from the event before it
 * to the turn's own event (the model thinking), and per-tool totals. Fed by
 * the tracker, one call per agent event; read once by the report. Bounded:
 * the report charts the longest steps, so only the {@link MAX_SPANS} longest
 * finished spans are kept (a min-heap by length), beside the calls still
 * waiting for their result; the per-tool totals and the count of all spans
 * stay exact.
 */
import type { Clock } from '../base/clock.js'
import type { AgentEvent, AgentItem } from '../agent/model.js'
import { firstWords } from '../text/lines.js'

/** Finished spans kept, the longest; the report shows the 40 longest. */
const MAX_SPANS = 500
/** Calls waiting for their result; a run that never answers its calls cannot grow this without end. */
const MAX_OPEN_CALLS = 1000
const MAX_TOOL_NAMES = 200
/** A subject longer than this is cut: a chart label needs its start (a command) or end (a path). */
const MAX_SUBJECT_CHARS = 400

/** One stretch of the run: an agent turn or a tool call. */
export interface TimelineSpan {
  kind: 'turn' | 'tool'
  /** The tool's name, or the agent's ("Claude") for a turn. */
  name: string
  /** The tool call's title ("Bash: npm test"), or the turn's first words. */
  label: string
  /** The call's main argument (a path, a command, a URL), at most {@link MAX_SUBJECT_CHARS}. */
  subject?: string
  /** True for a call still running when the wait stopped (see {@link stoppedAt}). */
  running?: boolean
  /** Epoch milliseconds. */
  startMs: number
  /** Null when the call never got its result. */
  endMs: number | null
  failed: boolean
}

/** One tool's figures over the whole run. */
export interface ToolStats {
  name: string
  calls: number
  failures: number
  /** Time between each call and its result, summed over the calls that got one. */
  totalMs: number
  /** Calls still running when the wait stopped, their time so far in `totalMs`. */
  running?: number
}

/** The run's timeline as the follow phase saw it. */
export interface RunTimeline {
  /** First and last agent event (epoch ms); null before any. */
  startMs: number | null
  endMs: number | null
  spans: TimelineSpan[]
  /** Spans left out beyond the bound. */
  droppedSpans: number
  tools: ToolStats[]
  /** When the timeline was read (the action's clock, epoch ms). */
  readAtMs?: number
}

/** A span with its place in the run, so the report gets them in the order they happened. */
interface Kept {
  span: TimelineSpan
  order: number
}

/** Shorter first; between equals the later one first (the earlier is kept, as before). */
function before(a: Kept, b: Kept): boolean {
  const da = (a.span.endMs ?? a.span.startMs) - a.span.startMs
  const db = (b.span.endMs ?? b.span.startMs) - b.span.startMs
  return da < db || (da === db && a.order > b.order)
}

/** The `max` longest spans offered to it: a binary min-heap, its shortest on top. */
class Longest {
  private readonly heap: Kept[] = []
  constructor(private readonly max: number) {}

  /** Offers a span; returns how many were dropped (0 or 1). */
  offer(kept: Kept): number {
    if (this.heap.length < this.max) {
      this.heap.push(kept)
      this.up(this.heap.length - 1)
      return 0
    }
    const top = this.heap[0]
    if (top === undefined || before(kept, top)) return 1
    this.heap[0] = kept
    this.down(0)
    return 1
  }

  items(): readonly Kept[] {
    return this.heap
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(i, parent)) return
      this.swap(i, parent)
      i = parent
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let least = i
      if (l < this.heap.length && this.less(l, least)) least = l
      if (r < this.heap.length && this.less(r, least)) least = r
      if (least === i) return
      this.swap(i, least)
      i = least
    }
  }

  private less(i: number, j: number): boolean {
    const a = this.heap[i]
    const b = this.heap[j]
    return a !== undefined && b !== undefined && before(a, b)
  }

  private swap(i: number, j: number): void {
    const a = this.heap[i]
    const b = this.heap[j]
    if (a === undefined || b === undefined) return
    this.heap[i] = b
    this.heap[j] = a
  }
}

/** Collects the timeline; see the module comment. */
export class TimingCollector {
  private readonly finished: Longest
  private dropped = 0
  private order = 0
  /** Calls waiting for their result, by id. */
  private readonly open = new Map<string, Kept>()
  /**
   * Calls that cannot get a result (no id, or too many open): never finished,
   * they run to the end, so the earliest are the longest: the first are kept.
   */
  private readonly unanswerable: Kept[] = []
  private readonly stats = new Map<string, ToolStats>()
  private first: number | null = null
  private last: number | null = null

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly maxSpans = MAX_SPANS
  ) {
    this.finished = new Longest(maxSpans)
  }

  /** One agent event, with the timestamp the service gave it (else now). */
  observe(event: AgentEvent, timestamp: string | null): void {
    const parsed = timestamp === null ? NaN : Date.parse(timestamp)
    const at = Number.isNaN(parsed) ? this.clock.now() : parsed
    const previous = this.last
    this.first ??= at
    this.last = Math.max(this.last ?? at, at)
    let turned = false
    for (const item of event.items) {
      // Codex tells a command twice (started, then completed with its result):
      // the second is the same call, neither a new one nor the model's turn.
      if (item.kind === 'tool-call' && this.isRepeat(item)) continue
      if ((item.kind === 'message' || item.kind === 'tool-call') && !turned && previous !== null) {
        turned = true
        const label = item.kind === 'message' ? firstWords(item.text, 40) : 'tool calls'
        const name = item.kind === 'message' ? item.author : 'agent'
        if (at > previous)
          this.keep({ kind: 'turn', name, label, startMs: previous, endMs: at, failed: false })
      }
      if (item.kind === 'tool-call') this.call(item, at)
      if (item.kind === 'tool-result') this.result(item.callId, item.isError, at)
    }
  }

  /** The timeline so far (copies). */
  timeline(): RunTimeline {
    return {
      startMs: this.first,
      endMs: this.last,
      spans: [...this.finished.items(), ...this.open.values(), ...this.unanswerable]
        .sort((a, b) => a.order - b.order)
        .map(k => ({ ...k.span })),
      droppedSpans: this.dropped,
      tools: [...this.stats.values()].map(s => ({ ...s })),
      readAtMs: this.clock.now()
    }
  }

  private call(item: Extract<AgentItem, { kind: 'tool-call' }>, at: number): void {
    const { id, name } = item
    const stats = this.statsFor(name)
    if (stats) stats.calls++
    const span: TimelineSpan = {
      kind: 'tool',
      name,
      label: item.title,
      startMs: at,
      endMs: null,
      failed: false
    }
    if (item.subject) span.subject = capSubject(item.subject)
    const kept = { span, order: this.order++ }
    // A repeated id takes the slot: its result closes the latest call (the earlier never ends).
    const earlier = id === null ? undefined : this.open.get(id)
    if (earlier !== undefined && id !== null) this.open.delete(id)
    if (earlier !== undefined) this.neverEnds(earlier)
    if (id !== null && this.open.size < MAX_OPEN_CALLS) this.open.set(id, kept)
    else this.neverEnds(kept)
  }

  /** A call already open under the same id and name: the same call told again. */
  private isRepeat(item: Extract<AgentItem, { kind: 'tool-call' }>): boolean {
    return item.id !== null && this.open.get(item.id)?.span.name === item.name
  }

  private neverEnds(kept: Kept): void {
    if (this.unanswerable.length < this.maxSpans) this.unanswerable.push(kept)
    else this.dropped++
  }

  private result(callId: string | null, isError: boolean, at: number): void {
    const open = callId === null ? undefined : this.open.get(callId)
    if (open === undefined || callId === null) return
    this.open.delete(callId)
    const { span } = open
    span.endMs = Math.max(at, span.startMs)
    span.failed = isError
    this.dropped += this.finished.offer(open)
    const stats = this.stats.get(span.name)
    if (stats) {
      stats.totalMs += span.endMs - span.startMs
      if (isError) stats.failures++
    }
  }

  private statsFor(name: string): ToolStats | null {
    let stats = this.stats.get(name)
    if (stats === undefined && this.stats.size < MAX_TOOL_NAMES) {
      stats = { name, calls: 0, failures: 0, totalMs: 0 }
      this.stats.set(name, stats)
    }
    return stats ?? null
  }

  private keep(span: TimelineSpan): void {
    this.dropped += this.finished.offer({ span, order: this.order++ })
  }
}

/** A subject within {@link MAX_SUBJECT_CHARS}: its start and its end, which the labels read. */
function capSubject(subject: string): string {
  if (subject.length <= MAX_SUBJECT_CHARS) return subject
  const half = MAX_SUBJECT_CHARS / 2
  return `${subject.slice(0, half)}…${subject.slice(-half)}`
}

/**
 * The timeline of a wait that stopped (a timeout, a cancelled workflow, a
 * follow that failed) at `atMs`: the calls still open were running then, so
 * they end there, marked running, and their time so far counts in their
 * tool's total. Without it they would have no length, since the last event
 * seen is their own call.
 */
export function stoppedAt(timeline: RunTimeline, atMs: number): RunTimeline {
  const end = Math.max(atMs, timeline.endMs ?? atMs)
  const tools = new Map(timeline.tools.map(t => [t.name, { ...t }]))
  const spans = timeline.spans.map(span => {
    if (span.endMs !== null || span.kind !== 'tool') return { ...span }
    const stats = tools.get(span.name)
    if (stats) {
      stats.totalMs += end - span.startMs
      stats.running = (stats.running ?? 0) + 1
    }
    return { ...span, endMs: end, running: true }
  })
  return { ...timeline, endMs: end, spans, tools: [...tools.values()] }
}
