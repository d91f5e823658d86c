/**
 * One timeline from two sources: agent events come from the event stream
 * within about a second, sandbox lines from side polls of the logs endpoint
 * a second or two later. Each item is held back briefly and released in
 * timestamp order, so a sandbox line reads among the agent's steps where it
 * happened, not where its poll landed. `flush` releases everything (the end).
 */
import type { Clock } from '../base/clock.js'

/**
 * How long an item is held: longer than a side poll's interval (1.5 s) plus
 * its round trip, so a line logged just before an event has arrived when the
 * event is released.
 */
const HOLD_MS = 2500

/** Where an item came from: each source is in order by itself. */
export type Source = 'agent' | 'sandbox' | 'status'

interface Held {
  ts: number
  order: number
  arrivedAt: number
  emit: () => void
}

export class Timeline {
  private held: Held[] = []
  private order = 0
  private latest = -Infinity
  private readonly lastBySource = new Map<Source, number>()

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly holdMs = HOLD_MS
  ) {}

  /**
   * Holds `emit` for an item of `source` logged at `timestamp` (ISO). A source
   * never goes back in time: an item without a timestamp, or with an earlier one
   * than its source's last, is placed right after that last. A status change
   * (no timestamp) is placed after everything seen so far.
   */
  add(source: Source, timestamp: string | null, emit: () => void): void {
    const parsed = timestamp === null ? NaN : Date.parse(timestamp)
    const floor = source === 'status' ? this.latest : (this.lastBySource.get(source) ?? -Infinity)
    const ts = Number.isNaN(parsed) ? floor : Math.max(parsed, floor)
    this.lastBySource.set(source, ts)
    if (ts > this.latest) this.latest = ts
    this.held.push({ ts, order: this.order++, arrivedAt: this.clock.now(), emit })
  }

  /**
   * Releases, in timestamp order, every item held long enough and every item
   * logged no later than one of those.
   */
  release(): void {
    const now = this.clock.now()
    let upTo = -Infinity
    let any = false
    for (const item of this.held) {
      if (now - item.arrivedAt >= this.holdMs) {
        any = true
        if (item.ts > upTo) upTo = item.ts
      }
    }
    if (any) this.emit(item => item.ts <= upTo || now - item.arrivedAt >= this.holdMs)
  }

  /** Releases everything held, in timestamp order. */
  flush(): void {
    this.emit(() => true)
  }

  /** Items held now. */
  get size(): number {
    return this.held.length
  }

  private emit(due: (item: Held) => boolean): void {
    const out = this.held.filter(due).sort((a, b) => a.ts - b.ts || a.order - b.order)
    if (out.length === 0) return
    this.held = this.held.filter(item => !due(item))
    for (const item of out) item.emit()
  }
}
