import { errorMessage } from '../base/errors.js'
import type { LogEntry } from '../vm0/types.js'
import type { FollowContext } from './context.js'
import { LogCursor } from './log-cursor.js'
import { drainLogs } from './poll.js'

/** How often system and network lines are polled while streaming. */
const LOG_POLL_MS = 1500
/** Failed side polls in a row before saying that lines are missing. */
const FAILURES_TO_SAY = 3

/** Agent entries come from the stream; the side polls keep the rest. */
function notAgent(entry: LogEntry): boolean {
  return entry.type !== 'agent'
}

/**
 * System and network lines, polled beside the stream. Agent entries are
 * skipped here: the stream delivers them in order.
 */
export class SideLogs {
  private readonly cursor = new LogCursor()
  private lastPoll = 0
  private running: Promise<void> | null = null
  private failures = 0

  constructor(private readonly ctx: FollowContext) {}

  /** Starts a poll when one is due and none is running. */
  tick(): void {
    const now = this.ctx.clock.now()
    if (this.running || now - this.lastPoll < LOG_POLL_MS) return
    this.lastPoll = now
    this.running = drainLogs(this.ctx, this.cursor, notAgent)
      .then(() => {
        this.failures = 0
      })
      .catch((error: unknown) => {
        // Retried at the next tick; the stream goes on. Said once after a few in a row,
        // so missing system and network lines are explained.
        this.failures++
        if (this.failures === FAILURES_TO_SAY) {
          this.ctx.log.info(
            `System and network lines are not coming through: ${errorMessage(error)}`
          )
        }
      })
      .finally(() => {
        this.running = null
      })
  }

  /** Waits for a poll in flight. */
  async stop(): Promise<void> {
    await this.running
  }

  /** Where the side polls got to; null before the first line. */
  get position(): string | null {
    return this.cursor.nextSince ?? null
  }
}
