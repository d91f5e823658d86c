/**
 * Where the run's time went, from the agent events as they arrive: each tool
 * call from its call to its result, each agent turn from the event before it
 * to the turn's own event (the model thinking), and per-tool totals. Fed by
 * the tracker, one call per agent event; read once by the report. Bounded: at
 * most {@link MAX_SPANS} spans are kept (the totals stay exact).
 */
import type { Clock } from '../base/clock.js'
import type { AgentEvent } from '../agent/model.js'
import { firstWords } from '../text/lines.js'

const MAX_SPANS = 5000
/** Calls waiting for their result; a run that never answers its calls cannot grow this without end. */
const MAX_OPEN_CALLS = 1000
const MAX_TOOL_NAMES = 200

/** One stretch of the run: an agent turn or a tool call. */
export interface TimelineSpan {
  kind: 'turn' | 'tool'
  /** The tool's name, or the agent's ("Claude") for a turn. */
  name: string
  /** The tool call's title ("Bash: npm test"), or the turn's first words. */
  label: string
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
}

interface OpenCall {
  span: TimelineSpan
}

/** Collects the timeline; see the module comment. */
export class TimingCollector {
  private readonly spans: TimelineSpan[] = []
  private dropped = 0
  private readonly open = new Map<string, OpenCall>()
  private readonly stats = new Map<string, ToolStats>()
  private first: number | null = null
  private last: number | null = null

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  /** One agent event, with the timestamp the service gave it (else now). */
  observe(event: AgentEvent, timestamp: string | null): void {
    const parsed = timestamp === null ? NaN : Date.parse(timestamp)
    const at = Number.isNaN(parsed) ? this.clock.now() : parsed
    const previous = this.last
    this.first ??= at
    this.last = Math.max(this.last ?? at, at)
    let turned = false
    for (const item of event.items) {
      if ((item.kind === 'message' || item.kind === 'tool-call') && !turned && previous !== null) {
        turned = true
        const label = item.kind === 'message' ? firstWords(item.text, 40) : 'tool calls'
        const name = item.kind === 'message' ? item.author : 'agent'
        if (at > previous)
          this.keep({ kind: 'turn', name, label, startMs: previous, endMs: at, failed: false })
      }
      if (item.kind === 'tool-call') this.call(item.id, item.name, item.title, at)
      if (item.kind === 'tool-result') this.result(item.callId, item.isError, at)
    }
  }

  /** The timeline so far (copies). */
  timeline(): RunTimeline {
    return {
      startMs: this.first,
      endMs: this.last,
      spans: this.spans.map(s => ({ ...s })),
      droppedSpans: this.dropped,
      tools: [...this.stats.values()].map(s => ({ ...s }))
    }
  }

  private call(id: string | null, name: string, title: string, at: number): void {
    const stats = this.statsFor(name)
    if (stats) stats.calls++
    const span: TimelineSpan = {
      kind: 'tool',
      name,
      label: title,
      startMs: at,
      endMs: null,
      failed: false
    }
    this.keep(span)
    if (id !== null && this.open.size < MAX_OPEN_CALLS) this.open.set(id, { span })
  }

  private result(callId: string | null, isError: boolean, at: number): void {
    const open = callId === null ? undefined : this.open.get(callId)
    if (open === undefined || callId === null) return
    this.open.delete(callId)
    const { span } = open
    span.endMs = Math.max(at, span.startMs)
    span.failed = isError
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
    if (this.spans.length < MAX_SPANS) this.spans.push(span)
    else this.dropped++
  }
}
