/**
 * Patience while a run exists. From the moment a run exists until the action
 * is done with it, a VM0 that cannot be reached is a passing state, not a
 * failure: the run keeps going on the service, so every call retries
 * transient failures until the `timeout` deadline (see retry.ts, "until
 * deadline" mode), and this object says so in the log: once when VM0
 * became unreachable, at most once a minute while it lasts, once when it is
 * back. One object is shared by the client's calls and the event stream,
 * so concurrent calls that fail together say it once.
 */
import { formatSeconds } from '../text/durations.js'
import { describeFailure } from './retry.js'

/** How often "still unreachable" may be said while an outage lasts. */
const REPEAT_MS = 60_000
/** Failures that last less than this are blips, retried without a word. */
const QUIET_BLIP_MS = 2000

export interface PatienceOptions {
  /** Epoch ms. */
  now: () => number
  /** Where the reachability lines go (the step log). */
  log: (line: string) => void
  /** Least time between two "still unreachable" lines; default 60 s. */
  repeatMs?: number
}

export class Patience {
  private untilMs: number | null = null
  private downSince: number | null = null
  private announced = false
  private lastSaid = 0
  private readonly repeatMs: number

  constructor(private readonly options: PatienceOptions) {
    this.repeatMs = options.repeatMs ?? REPEAT_MS
  }

  /** The run exists: from now on, calls retry transient failures until `deadlineMs`. */
  arm(deadlineMs: number): void {
    this.untilMs = deadlineMs
  }

  /** The deadline calls retry until, or null before the run exists. */
  get deadlineMs(): number | null {
    return this.untilMs
  }

  /** Since when VM0 has been unreachable (epoch ms), or null while it answers. */
  get unreachableSince(): number | null {
    return this.downSince
  }

  /**
   * A try failed in a way retrying may fix: VM0 is (still) unreachable. Said
   * once it has lasted a moment (a lone blip stays quiet), then at most once
   * a minute.
   */
  failed(error: unknown): void {
    const now = this.options.now()
    this.downSince ??= now
    if (!this.announced) {
      if (now - this.downSince < QUIET_BLIP_MS) return
      this.announced = true
      this.lastSaid = now
      this.options.log(
        `VM0 unreachable since ${clockTime(this.downSince)} (${describeFailure(error)}), retrying; ` +
          'the run keeps going on VM0.'
      )
      return
    }
    if (now - this.lastSaid < this.repeatMs) return
    this.lastSaid = now
    this.options.log(
      `VM0 still unreachable (since ${clockTime(this.downSince)}, ` +
        `${formatSeconds(now - this.downSince)}; last: ${describeFailure(error)}), retrying ` +
        'until the `timeout`; the run keeps going on VM0.'
    )
  }

  /** VM0 answered (even with an error of its own): it is reachable. */
  reached(): void {
    if (this.downSince === null) return
    const gone = this.options.now() - this.downSince
    const said = this.announced
    this.downSince = null
    this.announced = false
    if (said) this.options.log(`VM0 reachable again after ${formatSeconds(gone)}.`)
  }
}

/** "12:03:04 UTC": the runner's log shows UTC times too. */
function clockTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`
}
