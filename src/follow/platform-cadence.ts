/**
 * When the platform is asked what (docs/platform-api.md: no event stream,
 * "a quiet run needs no more than ~12 requests a minute"). Three reads, each
 * on its own schedule: the run's agent events, its status, its network
 * lines.
 *
 * - Agent events are read every 3 s while they flow (at least 4 new ones in
 *   the last half minute), backing off over empty reads to
 *   15 s; a lone event on a quiet run does not speed reading up, or a run
 *   that speaks every 15 s would be read every 3 s.
 * - The status is read 10 s after it changed, then every 15 s; at once
 *   when the agent's result event arrives (the run is about to end).
 * - Network lines are read 15 s after new ones, else every 30 s: they are
 *   context, not the story.
 *
 * A quiet run so costs 4 + 4 + 2 = 10 requests a minute; a run whose events
 * flow about 26 (one every 2.3 s).
 */
import type { Clock } from '../base/clock.js'

/** The three reads of a followed platform run. */
export type Read = 'events' | 'status' | 'network'

interface Pace {
  /** The interval after a read that brought something new (or a status change). */
  fastMs: number
  /** The interval reached while nothing new arrives. */
  quietMs: number
}

export const PACE: Readonly<Record<Read, Pace>> = {
  events: { fastMs: 3000, quietMs: 15_000 },
  status: { fastMs: 10_000, quietMs: 15_000 },
  network: { fastMs: 15_000, quietMs: 30_000 }
}

/** Agent events within {@link FLOW_WINDOW_MS} from which they count as flowing. */
const FLOWING_EVENTS = 4
const FLOW_WINDOW_MS = 30_000

/**
 * The interval after a read: fast after something new (events only while
 * they flow), doubling over reads that bring nothing, up to the quiet one.
 */
export function nextInterval(
  read: Read,
  current: number,
  fresh: boolean,
  flowing: boolean
): number {
  const { fastMs, quietMs } = PACE[read]
  if (fresh) return read !== 'events' || flowing ? fastMs : quietMs
  return Math.min(quietMs, Math.max(fastMs, current * 2))
}

/** The schedule of one followed run: which read is due, and how long until the next. */
export class Cadence {
  private readonly next: Record<Read, number>
  private readonly interval: Record<Read, number>
  /** When reads brought new events, and how many: at most one entry per read in the window. */
  private recent: Array<{ at: number; count: number }> = []

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    /** The run is already final: its status is read at once. */
    statusNow = false
  ) {
    const now = clock.now()
    this.interval = {
      events: PACE.events.fastMs,
      status: PACE.status.fastMs,
      network: PACE.network.fastMs
    }
    this.next = {
      events: now,
      status: statusNow ? now : now + PACE.status.fastMs,
      network: now + PACE.network.fastMs
    }
  }

  due(read: Read): boolean {
    return this.clock.now() >= this.next[read]
  }

  /** A read succeeded: `fresh` new items (or 1 for a changed status); schedules the next. */
  done(read: Read, fresh: number): void {
    const now = this.clock.now()
    if (read === 'events' && fresh > 0) this.recent.push({ at: now, count: fresh })
    this.recent = this.recent.filter(r => now - r.at < FLOW_WINDOW_MS)
    const flowing = this.recent.reduce((sum, r) => sum + r.count, 0) >= FLOWING_EVENTS
    this.interval[read] = nextInterval(read, this.interval[read], fresh > 0, flowing)
    this.next[read] = now + this.interval[read]
  }

  /** Makes `read` due now (the status once the agent's result arrived). */
  now(read: Read): void {
    this.next[read] = Math.min(this.next[read], this.clock.now())
  }

  /** Never again (its route is missing). */
  never(read: Read): void {
    this.next[read] = Infinity
  }

  /** Milliseconds until the next read is due, 0 when one is. */
  get wait(): number {
    const first = Math.min(this.next.events, this.next.status, this.next.network)
    return Math.max(0, first - this.clock.now())
  }
}
