import type { FinalResult } from '../render/agent-events.js'
import { extractResult } from '../render/agent-events.js'
import type { Renderer } from '../render/renderer.js'
import type { LogEntry } from '../vm0/types.js'
import { SequenceSet } from './sequence-set.js'

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

  constructor(
    private readonly renderer: Renderer,
    private readonly now: () => number
  ) {
    this.lastActivityMs = now()
  }

  /** An agent event; `seq` null when the source gave none (never de-duplicated then). */
  agentEvent(seq: number | null, event: unknown): void {
    if (seq !== null && !this.sequences.add(seq)) return
    this.touch()
    this.eventCount++
    const result = extractResult(event)
    if (result) this.result = result
    this.renderer.agentEvent(event)
  }

  logEntry(entry: LogEntry): void {
    if (entry.type === 'agent') {
      this.agentEvent(entry.sequenceNumber, entry.eventData ?? entry.message)
      return
    }
    this.touch()
    this.renderer.logEntry(entry)
  }

  setStatus(status: string): void {
    if (status !== this.status) {
      this.status = status
      this.touch()
    }
    this.renderer.status(status)
  }

  private touch(): void {
    this.lastActivityMs = this.now()
  }
}
