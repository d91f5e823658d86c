/**
 * Remembers which agent-event sequence numbers were already handled, as
 * ranges of consecutive numbers: a run's million events in order are one
 * range, a gap (an event not delivered yet) splits one in two. Bounded: past
 * {@link MAX_RANGES} ranges the oldest gap is treated as seen (an event that
 * late would be dropped as a repeat), so the memory does not grow with the run.
 */
const MAX_RANGES = 4096

export class SequenceSet {
  /** Disjoint, non-adjacent inclusive ranges [low, high], in ascending order. */
  private readonly ranges: Array<[number, number]> = []

  constructor(private readonly maxRanges = MAX_RANGES) {}

  /** Records `seq`; false when it was seen before (a duplicate to drop). */
  add(seq: number): boolean {
    const i = this.firstEndingAtOrAfter(seq - 1)
    const next = this.ranges[i]
    if (next !== undefined && next[0] <= seq && seq <= next[1]) return false
    if (next !== undefined && next[1] === seq - 1) {
      next[1] = seq
      const after = this.ranges[i + 1]
      if (after !== undefined && after[0] === seq + 1) {
        next[1] = after[1]
        this.ranges.splice(i + 1, 1)
      }
    } else if (next !== undefined && next[0] === seq + 1) {
      next[0] = seq
    } else {
      this.ranges.splice(i, 0, [seq, seq])
      if (this.ranges.length > this.maxRanges) this.closeOldestGap()
    }
    return true
  }

  /** The highest sequence seen, or -1 (the value to resume an event stream from). */
  get highest(): number {
    return this.ranges.at(-1)?.[1] ?? -1
  }

  /** Ranges held now (one for a run delivered in order). */
  get rangeCount(): number {
    return this.ranges.length
  }

  /**
   * Treats everything up to `seq` as seen. The event stream is strictly ordered,
   * so resuming from the last sequence it delivered skips nothing.
   */
  advanceTo(seq: number): void {
    const keep = this.ranges.filter(r => r[1] > seq)
    const low = -Infinity
    const first = keep[0]
    const merged: Array<[number, number]> =
      first !== undefined && first[0] <= seq + 1
        ? [[low, first[1]], ...keep.slice(1)]
        : [[low, seq], ...keep]
    this.ranges.splice(0, this.ranges.length, ...merged)
  }

  /** Index of the first range whose high end is ≥ `n` (binary search). */
  private firstEndingAtOrAfter(n: number): number {
    let lo = 0
    let hi = this.ranges.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((this.ranges[mid]?.[1] ?? Infinity) < n) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  private closeOldestGap(): void {
    const [first, second] = this.ranges
    if (first === undefined || second === undefined) return
    second[0] = first[0]
    this.ranges.shift()
  }
}
