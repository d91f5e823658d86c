import type { FinalResult } from '../agent/claude.js'
import { extractResult, oneLine } from '../agent/claude.js'
import { cutLine } from '../text/lines.js'
import type { Renderer } from '../render/renderer.js'
import type { LogEntry } from '../vm0/types.js'
import { SequenceSet } from './sequence-set.js'

/** Non-agent log lines remembered for de-duplication after a cursor is rewound. */
const RECENT_LINES = 4096
/** Plain lines kept for the job summary of a run that failed. */
export const LOG_TAIL_LINES = 50

/**
 * What the action has seen of a run, whichever way it is followed (event
 * stream or polling): each agent event is rendered once, the final result is
 * kept, and the time of the last real activity feeds `idle-timeout`.
 */
export class RunTracker {
  readonly sequences = new SequenceSet()
  result: FinalResult | null = null
  status: string | null = null
  lastActivityMs: number
  eventCount = 0
  /** Timestamp of the newest agent event seen, where the source gave one. */
  lastAgentTimestamp: string | null = null
  private readonly recentLines = new Set<string>()
  private readonly tail: string[] = []

  constructor(
    private readonly renderer: Renderer,
    private readonly now: () => number
  ) {
    this.lastActivityMs = now()
  }

  /** An agent event; `seq` null when the source gave none (never de-duplicated then). */
  agentEvent(seq: number | null, event: unknown, timestamp: string | null = null): void {
    if (seq !== null && !this.sequences.add(seq)) return
    if (timestamp !== null) this.lastAgentTimestamp = timestamp
    this.touch()
    this.eventCount++
    const result = extractResult(event)
    if (result) this.result = result
    this.remember(oneLine(event))
    this.renderer.agentEvent(event)
  }

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
    this.remember(`[${entry.type}] ${entry.message}`)
    this.renderer.logEntry(entry)
  }

  setStatus(status: string): void {
    if (status !== this.status) {
      this.status = status
      this.touch()
    }
    this.renderer.status(status)
  }

  /** The last {@link LOG_TAIL_LINES} lines, oldest first, one line each. */
  logTail(): string[] {
    return [...this.tail]
  }

  private remember(line: string): void {
    this.tail.push(cutLine(line.replace(/\s+/g, ' '), 500))
    if (this.tail.length > LOG_TAIL_LINES) this.tail.shift()
  }

  private touch(): void {
    this.lastActivityMs = this.now()
  }
}
