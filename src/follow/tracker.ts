import type { Clock } from '../base/clock.js'
import { AgentReader } from '../agent/parse.js'
import { resultOf, type AgentResult } from '../agent/model.js'
import { cutLine } from '../text/lines.js'
import type { Renderer } from '../render/renderer.js'
import type { LogEntry } from '../vm0/types.js'
import { SequenceSet } from './sequence-set.js'
import { TimingCollector } from './timing.js'

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
 * the transcript) and rendered; the time of the last real activity feeds
 * `idle-timeout`. Call {@link tick} now and then.
 *
 * Everything is printed in the order it arrives, not merged by timestamp:
 * sandbox lines reach the logs endpoint in batches uploaded every 30 s, a
 * `system` entry stamped when its batch was received and `network` entries
 * up to 30 s late (docs/vm0-api.md), so no short hold could put them beside
 * the agent step they belong to, and a long one would delay every step.
 */
export class RunTracker {
  private readonly sequences = new SequenceSet()
  private readonly reader = new AgentReader()
  private trouble: string | null = null
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
  }

  /** The last sandbox line that reads like trouble (an error, a kill), for a failed run's error. */
  get troubleLine(): string | null {
    return this.trouble
  }

  /** Lets the renderer announce a tool call that runs long. */
  tick(): void {
    this.renderer.tick()
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
    this.renderer.agentEvent(event)
  }

  /**
   * Entries from one read of the logs endpoint, in its order: agent entries go
   * to {@link agentEvent}; each run of system or network lines between them is
   * printed as one block, one block per kind.
   */
  logEntries(entries: readonly LogEntry[]): void {
    let block: LogEntry[] = []
    const print = (): void => {
      this.renderer.sandboxLines(block)
      block = []
    }
    for (const entry of entries) {
      if (entry.type === 'agent') {
        print()
        this.agentEvent(entry.sequenceNumber, entry.eventData ?? entry.message, entry.timestamp)
        continue
      }
      if (!this.firstTime(entry)) continue
      if (block.length > 0 && block[0]!.type !== entry.type) print()
      this.touch()
      this.noteTrouble(entry)
      block.push(entry)
    }
    print()
  }

  /** True the first time a line is seen: a rewound log cursor re-reads recent lines. */
  private firstTime(entry: LogEntry): boolean {
    const key = `${entry.timestamp}\u0000${entry.type}\u0000${entry.message}`
    if (this.recentLines.has(key)) return false
    this.recentLines.add(key)
    if (this.recentLines.size > RECENT_LINES) {
      const oldest = this.recentLines.values().next().value
      if (oldest !== undefined) this.recentLines.delete(oldest)
    }
    return true
  }

  /**
   * Remembers the last system line that reads like trouble. A system entry is
   * a batch of lines: the matching line is kept, not the batch; a batch the
   * service marked as an error with no such line gives its last line.
   */
  private noteTrouble(entry: LogEntry): void {
    if (entry.type !== 'system') return
    const lines = entry.message.split(/\r?\n|\r/).filter(l => l.trim() !== '')
    const found =
      lines.findLast(l => TROUBLE.test(l)) ?? (entry.level === 'error' ? lines.at(-1) : undefined)
    if (found === undefined) return
    this.trouble = cutLine(`[system] ${found}`.replace(/\s+/g, ' '), 500)
  }

  /** The run's status as last read; a change counts as activity. */
  setStatus(status: string): void {
    if (status !== this.lastStatus) {
      this.lastStatus = status
      this.touch()
    }
    // The renderer prints a change once.
    this.renderer.status(status)
  }

  private touch(): void {
    this.activityMs = this.clock.now()
  }
}
