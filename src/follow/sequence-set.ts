/**
 * Remembers which agent-event sequence numbers were already handled, in
 * memory that does not grow with the run: a watermark below which every
 * number was seen, plus the few seen above it out of order.
 */
export class SequenceSet {
  /** Every sequence ≤ watermark has been seen. */
  private watermark = -1
  private readonly above = new Set<number>()

  /** Records `seq`; false when it was seen before (a duplicate to drop). */
  add(seq: number): boolean {
    if (seq <= this.watermark || this.above.has(seq)) return false
    this.above.add(seq)
    while (this.above.delete(this.watermark + 1)) this.watermark++
    return true
  }

  /** The highest sequence seen, or -1 (the value to resume an event stream from). */
  get highest(): number {
    let max = this.watermark
    for (const s of this.above) if (s > max) max = s
    return max
  }

  /**
   * Treats everything up to `seq` as seen. The event stream is strictly ordered,
   * so resuming from the last sequence it delivered skips nothing.
   */
  advanceTo(seq: number): void {
    if (seq <= this.watermark) return
    this.watermark = seq
    for (const s of this.above) if (s <= seq) this.above.delete(s)
    while (this.above.delete(this.watermark + 1)) this.watermark++
  }
}
