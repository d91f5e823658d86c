/**
 * System and network lines, polled beside the event stream. Each poll asks
 * the logs endpoint for `type=system` and `type=network` (one cursor each),
 * never for agent entries: the stream delivers those, and paging through
 * them would make the request count grow with the run's events.
 *
 * Polls come at a steady {@link SIDE_POLL_MS} while the run lasts, whatever
 * the agent or the sandbox does: the sandbox uploads its lines in batches
 * every 30 s (docs/vm0-api.md), so polling faster only asks more often for
 * the same batch. A quiet run costs 2 requests a poll, 8 a minute, beside
 * the stream; the end is read once more (`drainFinal`).
 */
import { AuthenticationError, errorMessage } from '../base/errors.js'
import type { FollowContext } from './context.js'
import { LogCursor } from './log-cursor.js'
import { drainLogs, readAfterStop, SIDE_POLL_MS } from './poll.js'

/** Failed side polls in a row before saying that lines are missing. */
const FAILURES_TO_SAY = 3
const SIDE_TYPES = ['system', 'network'] as const
type SideType = (typeof SIDE_TYPES)[number]

export class SideLogs {
  private readonly cursors: Record<SideType, LogCursor> = {
    system: new LogCursor(),
    network: new LogCursor()
  }
  private lastPoll: number | null = null
  private running: Promise<void> | null = null
  private failures = 0
  private refused: AuthenticationError | null = null
  private readonly stopping = new AbortController()

  constructor(private readonly ctx: FollowContext) {}

  /** Starts a poll when one is due and none is running. */
  tick(): void {
    if (this.running || this.stopping.signal.aborted || this.refused) return
    const now = this.ctx.clock.now()
    if (this.lastPoll !== null && now - this.lastPoll < SIDE_POLL_MS) return
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

  /**
   * One last read after a limit ended the wait, bounded: the batches uploaded
   * since the last poll (up to 15 s of lines, maybe the one that explains the
   * stop).
   */
  async drainAfterStop(stop: 'timeout' | 'idle' | 'aborted'): Promise<void> {
    await readAfterStop(this.ctx, stop, signal => this.drainAll(signal))
  }

  /** Where the network lines were read to: polling, if it takes over, reads on from there. */
  get networkCursor(): LogCursor {
    return this.cursors.network
  }

  /**
   * Where the side polls read system lines to; null before the first one.
   * Network lines keep their own cursor ({@link networkCursor}), which polling
   * takes over: a run without network lines no longer sends polling back to
   * the start of the log.
   */
  get position(): string | null {
    return this.cursors.system.nextSince ?? null
  }

  private async poll(): Promise<void> {
    try {
      await this.drainAll(AbortSignal.any([this.ctx.signal, this.stopping.signal]))
      this.failures = 0
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

  private async drainAll(signal: AbortSignal): Promise<void> {
    for (const type of SIDE_TYPES) {
      // Filtered too: a service that ignored `type` must not print agent entries out of order.
      const keep = (entry: { type: string }): boolean => entry.type === type
      await drainLogs(this.ctx, this.cursors[type], keep, { type, signal })
    }
  }
}
