import type { LogEntry } from '../vm0/types.js'

function keyOf(entry: LogEntry): string {
  return `${entry.type}\u0000${entry.sequenceNumber ?? ''}\u0000${entry.level}\u0000${entry.message}`
}

/**
 * Follows the logs endpoint with `since`, which is inclusive: each poll
 * re-reads the entries at the last timestamp, so those are counted and
 * skipped. (The endpoint's own cursor is exclusive and loses entries that
 * share a timestamp, so it is not used.) Entries at the boundary are tracked
 * as a multiset, so two identical lines in the same millisecond both print.
 */
export class LogCursor {
  private sinceMs: number | null = null
  private since: string | null = null
  private boundary = new Map<string, number>()
  /** Entries taken so far, and the characters of their messages (for the read limits in poll.ts). */
  readonly taken = { entries: 0, chars: 0 }
  /** Set once the read limits stopped this cursor: nothing more is read through it. */
  stopped = false

  /** A cursor that starts at `since` (inclusive), or at the start of the log. */
  constructor(since: string | null = null) {
    if (since !== null && !Number.isNaN(Date.parse(since))) {
      this.since = since
      this.sinceMs = Date.parse(since)
    }
  }

  /** The `since` to ask for next, or undefined for the start of the log. */
  get nextSince(): string | undefined {
    return this.since ?? undefined
  }

  /** Takes one page in ascending order; returns only the entries not returned before. */
  accept(entries: readonly LogEntry[]): LogEntry[] {
    const fresh: LogEntry[] = []
    const pendingSkips = new Map(this.boundary)
    for (const entry of entries) {
      const ms = Date.parse(entry.timestamp)
      if (Number.isNaN(ms)) {
        fresh.push(entry)
        continue
      }
      if (this.sinceMs !== null && ms < this.sinceMs) continue
      if (this.sinceMs !== null && ms === this.sinceMs) {
        const key = keyOf(entry)
        const left = pendingSkips.get(key) ?? 0
        if (left > 0) {
          pendingSkips.set(key, left - 1)
          continue
        }
      }
      fresh.push(entry)
      this.note(entry, ms)
    }
    this.taken.entries += fresh.length
    for (const entry of fresh) this.taken.chars += entry.message.length
    return fresh
  }

  private note(entry: LogEntry, ms: number): void {
    if (this.sinceMs === null || ms > this.sinceMs) {
      this.sinceMs = ms
      this.since = entry.timestamp
      this.boundary = new Map()
    }
    const key = keyOf(entry)
    this.boundary.set(key, (this.boundary.get(key) ?? 0) + 1)
  }
}
