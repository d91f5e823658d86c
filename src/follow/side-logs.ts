/**
 * System and network lines, polled beside the event stream. Each poll asks
 * the logs endpoint for `type=system` and `type=network` (one cursor each),
 * never for agent entries: the stream delivers those, and paging through
 * them would make the request count grow with the run's events. Polls come
 * often after new lines and back off while nothing new arrives.
 */
import { AuthenticationError, errorMessage } from '../base/errors.js'
import type { FollowContext } from './context.js'
import { LogCursor } from './log-cursor.js'
import { drainLogs } from './poll.js'

/** The interval right after a poll that brought new lines. */
export const SIDE_POLL_FAST_MS = 1500
/** The interval reached while nothing new arrives. */
export const SIDE_POLL_QUIET_MS = 15_000
const GROWTH = 2
/** Failed side polls in a row before saying that lines are missing. */
const FAILURES_TO_SAY = 3
const SIDE_TYPES = ['system', 'network'] as const
type SideType = (typeof SIDE_TYPES)[number]

/**
 * The interval after a poll: fast after new lines and after the first empty
 * poll that follows them, then growing to the quiet one. The second fast poll
 * matters: the logs endpoint shows a line a second or so after it happened,
 * and the timeline (timeline.ts) holds agent events back only 2.5 s to merge
 * sandbox lines in among them, so a line that just missed one poll must be
 * fetched by the next before the events around it are printed.
 */
export function nextSidePollInterval(current: number, fresh: number, emptyInARow: number): number {
  if (fresh > 0 || emptyInARow <= 1) return SIDE_POLL_FAST_MS
  return Math.min(SIDE_POLL_QUIET_MS, current * GROWTH)
}

export class SideLogs {
  private readonly cursors: Record<SideType, LogCursor> = {
    system: new LogCursor(),
    network: new LogCursor()
  }
  private lastPoll: number | null = null
  private interval = SIDE_POLL_FAST_MS
  private emptyInARow = 0
  private running: Promise<void> | null = null
  private failures = 0
  private refused: AuthenticationError | null = null
  private readonly stopping = new AbortController()

  constructor(private readonly ctx: FollowContext) {}

  /** Starts a poll when one is due and none is running. */
  tick(): void {
    if (this.running || this.stopping.signal.aborted || this.refused) return
    const now = this.ctx.clock.now()
    if (this.lastPoll !== null && now - this.lastPoll < this.interval) return
    this.lastPoll = now
    this.running = this.poll().finally(() => {
      this.running = null
    })
  }

  /**
   * VM0 refused the token during a side poll (revoked mid-run): following
   * must fail now, not when the stream next reconnects.
   */
  get fatal(): AuthenticationError | null {
    return this.refused
  }

  /** Ends a poll in flight (it may be waiting out an unreachable VM0) and waits for it. */
  async stop(): Promise<void> {
    this.stopping.abort()
    await this.running
  }

  /** One last read of both kinds of lines, once the run completed. */
  async drainFinal(): Promise<void> {
    await this.drainAll(this.ctx.signal)
  }

  /** Where the side polls got to (the earlier of both kinds); null before the first line. */
  get position(): string | null {
    const system = this.cursors.system.nextSince ?? null
    const network = this.cursors.network.nextSince ?? null
    if (system === null || network === null) return null
    return Date.parse(system) <= Date.parse(network) ? system : network
  }

  private async poll(): Promise<void> {
    try {
      const fresh = await this.drainAll(AbortSignal.any([this.ctx.signal, this.stopping.signal]))
      this.failures = 0
      this.emptyInARow = fresh > 0 ? 0 : this.emptyInARow + 1
      this.interval = nextSidePollInterval(this.interval, fresh, this.emptyInARow)
    } catch (error) {
      if (this.stopping.signal.aborted || this.ctx.signal.aborted) return
      if (error instanceof AuthenticationError) {
        this.refused = error
        return
      }
      // Retried at the next tick; the stream goes on. Said once after a few in a row,
      // so missing system and network lines are explained.
      this.failures++
      if (this.failures === FAILURES_TO_SAY) {
        this.ctx.log.info(`System and network lines are not coming through: ${errorMessage(error)}`)
      }
    }
  }

  private async drainAll(signal: AbortSignal): Promise<number> {
    let fresh = 0
    for (const type of SIDE_TYPES) {
      // Filtered too: a service that ignored `type` must not print agent entries out of order.
      const keep = (entry: { type: string }): boolean => entry.type === type
      fresh += await drainLogs(this.ctx, this.cursors[type], keep, { type, signal })
    }
    return fresh
  }
}
