/**
 * One timeline from two sources: agent events come from the event stream
 * within about a second, sandbox lines from side polls of the logs endpoint
 * a second or two later. Each item is held back briefly and released in
 * timestamp order, so a sandbox line reads among the agent's steps where it
 * happened, not where its poll landed. `flush` releases everything (the end).
 *
 * Bounded in count as well as in time: a burst (a stream resumed after a long
 * gap delivers thousands of events in a second) would otherwise hold every
 * event of it at once. Past {@link MAX_HELD} items the earliest are released
 * at once, in timestamp order; a sandbox line arriving after them may then
 * print below them, which a burst that size makes unreadable anyway.
 */
import type { Clock } from '../base/clock.js'

/**
 * How long an item is held: longer than a side poll's interval (1.5 s) plus
 * its round trip, so a line logged just before an event has arrived when the
 * event is released.
 */
const HOLD_MS = 2500
/** Most items held at once; past it the earliest half are released early. */
const MAX_HELD = 100

/** Where an item came from: each source is in order by itself. */
export type Source = 'agent' | 'sandbox' | 'status'

interface Held {
  ts: number
  order: number
  arrivedAt: number
  emit: () => void
}

/** Timestamp order; arrival order among equal timestamps. */
function byTime(a: Held, b: Held): number {
  return a.ts - b.ts || a.order - b.order
}

export class Timeline {
  private held: Held[] = []
  private order = 0
  private latest = -Infinity
  private readonly lastBySource = new Map<Source, number>()

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly holdMs = HOLD_MS,
    private readonly maxHeld = MAX_HELD
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
    if (this.held.length > this.maxHeld) this.releaseEarliest(this.held.length - this.maxHeld / 2)
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

  /** Releases the `count` earliest items (by timestamp): the bound on what is held. */
  private releaseEarliest(count: number): void {
    const sorted = [...this.held].sort(byTime)
    const out = sorted.slice(0, count)
    this.held = sorted.slice(count).sort((a, b) => a.order - b.order)
    for (const item of out) item.emit()
  }

  private emit(due: (item: Held) => boolean): void {
    const out = this.held.filter(due).sort(byTime)
    if (out.length === 0) return
    this.held = this.held.filter(item => !due(item))
    for (const item of out) item.emit()
  }
}
