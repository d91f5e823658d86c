import type { Clock } from '../base/clock.js'
import { AgentReader } from '../agent/parse.js'
import { resultOf, type AgentResult } from '../agent/model.js'
import { cutLine } from '../text/lines.js'
import type { Renderer } from '../render/renderer.js'
import type { LogEntry } from '../vm0/types.js'
import { SequenceSet } from './sequence-set.js'
import { TimingCollector } from './timing.js'
import { Timeline } from './timeline.js'

/** Receives every agent event once, as the service sent it, in sequence order (the transcript). */
export type EventSink = (event: unknown) => void

/** Non-agent log lines remembered for de-duplication after a cursor is rewound. */
const RECENT_LINES = 4096
/** A sandbox line that may explain why a run failed. */
const TROUBLE =
  /\b(error|fatal|panic|killed|out of memory|oom|exception|failed|failure|denied|exited with code [1-9])/i

/**
 * What the action has seen of a run, whichever way it is followed (event
 * stream or polling): each agent event is read and kept once (its result,
 * the transcript) and rendered through the timeline, which puts agent events
 * and sandbox lines in time order; the time of the last real activity feeds
 * `idle-timeout`. Call {@link tick} now and then and {@link flush} at the end.
 */
export class RunTracker {
  private readonly sequences = new SequenceSet()
  private readonly reader = new AgentReader()
  private readonly timeline: Timeline
  private trouble: string | null = null
  private queuedStatus: string | null = null
  private finalResult: AgentResult | null = null
  private lastStatus: string | null = null
  private activityMs: number
  private events = 0
  private agentTimestamp: string | null = null
  private readonly recentLines = new Set<string>()
  /** Where the run's time went, for the report. */
  readonly timing: TimingCollector

  constructor(
    private readonly renderer: Renderer,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly sink: EventSink = () => {},
    /** Null while the step log keeps up, else when it has (see `Printer.drained`). */
    private readonly outputDrained: () => Promise<void> | null = () => null
  ) {
    this.activityMs = clock.now()
    this.timing = new TimingCollector(clock)
    this.timeline = new Timeline(clock)
  }

  /** The last sandbox line that reads like trouble (an error, a kill), for a failed run's error. */
  get troubleLine(): string | null {
    return this.trouble
  }

  /** Prints what has been held back long enough. */
  tick(): void {
    this.timeline.release()
    this.renderer.tick()
  }

  /** Prints everything held back, in time order (the wait ended). */
  flush(): void {
    this.timeline.flush()
  }

  /** The agent's final result, once its result event was seen. */
  get result(): AgentResult | null {
    return this.finalResult
  }

  /** The last status seen, from the stream or a read of the run. */
  get status(): string | null {
    return this.lastStatus
  }

  /** When something last happened in the run (epoch ms), for `idle-timeout`. */
  get lastActivityMs(): number {
    return this.activityMs
  }

  /** Agent events handled so far (duplicates not counted). */
  get eventCount(): number {
    return this.events
  }

  /** Timestamp of the newest agent event seen, where the source gave one. */
  get lastAgentTimestamp(): string | null {
    return this.agentTimestamp
  }

  /**
   * Null while the step log keeps up with what was printed; else a promise
   * that settles once it has. A source reads on only after it, so a burst of
   * events waits in the connection rather than in memory.
   */
  backlog(): Promise<void> | null {
    return this.outputDrained()
  }

  /** The highest agent-event sequence seen, or -1: where a stream resumes from. */
  get highestSequence(): number {
    return this.sequences.highest
  }

  /** An agent event; `seq` null when the source gave none (never de-duplicated then). */
  agentEvent(seq: number | null, raw: unknown, timestamp: string | null = null): void {
    if (seq !== null && !this.sequences.add(seq)) return
    if (timestamp !== null) this.agentTimestamp = timestamp
    this.touch()
    this.events++
    this.sink(raw)
    const event = this.reader.read(raw)
    const result = resultOf(event)
    if (result) this.finalResult = result
    this.timing.observe(event, timestamp)
    this.timeline.add('agent', timestamp, () => this.renderer.agentEvent(event))
  }

  /** A log entry from the logs endpoint; agent entries go to {@link agentEvent}. */
  logEntry(entry: LogEntry): void {
    if (entry.type === 'agent') {
      this.agentEvent(entry.sequenceNumber, entry.eventData ?? entry.message, entry.timestamp)
      return
    }
    // A rewound log cursor re-reads recent lines; print each once.
    const key = `${entry.timestamp}\u0000${entry.type}\u0000${entry.message}`
    if (this.recentLines.has(key)) return
    this.recentLines.add(key)
    if (this.recentLines.size > RECENT_LINES) {
      const oldest = this.recentLines.values().next().value
      if (oldest !== undefined) this.recentLines.delete(oldest)
    }
    this.touch()
    const line = `[${entry.type}] ${entry.message}`
    if (entry.type === 'system' && (entry.level === 'error' || TROUBLE.test(entry.message))) {
      this.trouble = cutLine(line.replace(/\s+/g, ' '), 500)
    }
    this.timeline.add('sandbox', entry.timestamp, () => this.renderer.logEntry(entry))
  }

  /** The run's status as last read; a change counts as activity. */
  setStatus(status: string): void {
    if (status !== this.lastStatus) {
      this.lastStatus = status
      this.touch()
    }
    if (status === this.queuedStatus) return
    this.queuedStatus = status
    this.timeline.add('status', null, () => this.renderer.status(status))
  }

  private touch(): void {
    this.activityMs = this.clock.now()
  }
}
