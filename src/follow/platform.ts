/**
 * Following a run on the VM0 platform (docs/platform-api.md), which has no
 * event stream: the run's status, its agent events and its network lines
 * are polled, each on its own schedule (platform-cadence.ts), and fed to the
 * same tracker and renderers as a /v1 run, so the step log, the report and
 * the outputs do not know which backend ran.
 *
 * - Once the run is final, the events that landed before its end and the
 *   last network lines are read, then its final status is printed.
 * - Limits as on /v1: `timeout`, `idle-timeout` and the workflow's
 *   cancellation end the wait; VM0 unreachable is waited out until the
 *   deadline (the client retries once patience is armed; what still reaches
 *   here is retried with backoff).
 * - Degrade, never guess: without the events route the run is followed by
 *   its status; without the network route without network lines; without
 *   the status route by `coreEnd` (the public thread route), or not at all.
 */
import { ActionError } from '../base/errors.js'
import type { Run } from '../vm0/types.js'
import { isTerminal } from '../vm0/types.js'
import { isTransient } from '../vm0/retry.js'
import type { PlatformFollowApi } from '../platform/types.js'
import { RouteMissingError } from '../platform/errors.js'
import { limitReached, stoppedBy, type WaitEnd } from './context.js'
import { followWith, type FollowOptions, type Followed } from './follower.js'
import { Cadence } from './platform-cadence.js'
import {
  AgentEventReader,
  NetworkReader,
  sayMissing,
  type PlatformContext
} from './platform-reads.js'
import type { RunTracker } from './tracker.js'

export interface PlatformFollowOptions extends FollowOptions {
  /**
   * When the platform lacks the run's status route (`GET /api/runs/:id`):
   * asked at each status read whether the run ended, through the public
   * thread route; the final run once it did, null while it runs. Without it,
   * a missing status route fails following.
   */
  coreEnd?: (signal: AbortSignal) => Promise<Run | null>
  /**
   * The api says once itself which route is missing (the platform client's
   * `onRouteMissing`): following then says only what it does instead, so
   * each missing route is one line in the log.
   */
  routesSaid?: boolean
}

/** How often limits are checked (and a long tool call announced) between reads. */
const TICK_MS = 1000
/** After a completed run without its result event, how long to look for one that lands late. */
const RESULT_GRACE_MS = 2000
const RESULT_POLL_MS = 1000
/** Waits between reads while VM0 is unreachable: doubling from 2 s up to 15 s. */
const OUTAGE_FIRST_MS = 2000
const OUTAGE_CAP_MS = 15_000

/**
 * Follows a platform run until it ends or a limit (timeout, idle,
 * cancellation) ends the wait; the same contract as `followRun`.
 */
export async function followPlatformRun(
  api: PlatformFollowApi,
  run: Run,
  options: PlatformFollowOptions
): Promise<Followed> {
  return followWith(run, options, tracker =>
    new PlatformFollower(api, run, options, tracker).follow()
  )
}

/** The wait between two reads while VM0 stays unreachable, for the `tries`-th failure in a row. */
export function outageDelay(tries: number): number {
  return Math.min(OUTAGE_CAP_MS, OUTAGE_FIRST_MS * 2 ** Math.max(0, tries - 1))
}

class PlatformFollower {
  private readonly ctx: PlatformContext
  private readonly cadence: Cadence
  private readonly events: AgentEventReader
  private readonly network: NetworkReader
  private lastRun: Run | null = null
  private statusMissing = false

  constructor(
    api: PlatformFollowApi,
    private readonly run: Run,
    private readonly options: PlatformFollowOptions,
    tracker: RunTracker
  ) {
    const { clock, deadlineMs, idleTimeoutMs, signal, log, patience } = options
    this.ctx = {
      api,
      runId: run.id,
      tracker,
      clock,
      deadlineMs,
      idleTimeoutMs,
      signal,
      log,
      routesSaid: options.routesSaid === true,
      ...(patience ? { patience } : {})
    }
    this.cadence = new Cadence(clock, isTerminal(run.status))
    this.events = new AgentEventReader(this.ctx)
    this.network = new NetworkReader(this.ctx)
  }

  /** Reads what is due until the run is final or a limit ends the wait. */
  async follow(): Promise<WaitEnd> {
    const { ctx } = this
    let outages = 0
    for (;;) {
      const stop = limitReached(this.limits)
      if (stop) return { kind: stop, run: this.lastRun }
      try {
        const ended = await this.readDue()
        if (outages > 0) ctx.patience?.reached()
        outages = 0
        if (ended) return await this.finish(ended)
      } catch (error) {
        const stopped = stoppedBy(ctx, error)
        if (stopped) return { kind: stopped, run: this.lastRun }
        if (!isTransient(error) || ctx.patience?.deadlineMs == null) throw error
        // What the client did not wait out itself: the run goes on while VM0 is away.
        outages++
        ctx.patience.failed(error)
        ctx.tracker.tick()
        await this.sleep(outageDelay(outages))
        continue
      }
      ctx.tracker.tick()
      await this.sleep(Math.min(TICK_MS, this.cadence.wait))
    }
  }

  /**
   * The limits as they can be judged: without the agent's events (their route
   * missing, or read to the limit) a quiet status says nothing of idleness,
   * so `idle-timeout` is not applied rather than cancel a working run.
   */
  private get limits(): PlatformContext {
    return this.events.reading ? this.ctx : { ...this.ctx, idleTimeoutMs: 0 }
  }

  /** Sleeps, at most until the deadline; a cancelled workflow wakes it at once. */
  private async sleep(ms: number): Promise<void> {
    const left = Math.max(0, this.ctx.deadlineMs - this.ctx.clock.now())
    await this.ctx.clock.sleep(Math.min(ms, left), this.ctx.signal)
  }

  /** Reads whatever is due (status first); the final run once the run ended. */
  private async readDue(): Promise<Run | null> {
    const { cadence } = this
    if (cadence.due('status')) {
      const ended = await this.readStatus()
      if (ended) return ended
    }
    if (cadence.due('events')) {
      const fresh = await this.events.read()
      cadence.done('events', fresh.count)
      if (!this.events.reading) cadence.never('events')
      // The agent's result comes just before the run ends: look at once.
      if (fresh.result) cadence.now('status')
    }
    if (cadence.due('network')) {
      const fresh = await this.network.read()
      cadence.done('network', fresh.count)
      if (!this.network.reading) cadence.never('network')
    }
    return null
  }

  /** One read of the status; the run when it is final. */
  private async readStatus(): Promise<Run | null> {
    const { ctx } = this
    if (this.statusMissing) return this.askCore()
    let run: Run
    try {
      run = await ctx.api.getRun(ctx.runId, { signal: ctx.signal })
    } catch (error) {
      if (!(error instanceof RouteMissingError)) throw error
      this.statusMissing = true
      if (!this.options.coreEnd) throw cannotSeeStatus(this.run.id, error)
      sayMissing(
        ctx,
        error,
        "The run's status cannot be read",
        "The run's end is read from the thread's messages instead."
      )
      return this.askCore()
    }
    this.lastRun = run
    if (isTerminal(run.status)) return run
    const changed = run.status !== ctx.tracker.status
    ctx.tracker.setStatus(run.status)
    this.cadence.done('status', changed ? 1 : 0)
    return null
  }

  /** The status route is missing: the core route tells whether the run ended. */
  private async askCore(): Promise<Run | null> {
    const ended = (await this.options.coreEnd?.(this.ctx.signal)) ?? null
    this.cadence.done('status', 0)
    if (ended) this.lastRun = ended
    return ended
  }

  /** The run is final: the events before its end, the last network lines, then its status. */
  private async finish(run: Run): Promise<WaitEnd> {
    const { ctx } = this
    if (this.events.reading) await this.events.read()
    if (run.status === 'completed' && run.output === null) await this.awaitResult()
    if (this.network.reading) await this.network.read()
    ctx.tracker.setStatus(run.status)
    return { kind: 'ended', run }
  }

  /** A completed run whose result event has not landed yet: a short look for it. */
  private async awaitResult(): Promise<void> {
    const { ctx } = this
    const giveUpAt = ctx.clock.now() + RESULT_GRACE_MS
    while (this.events.reading && ctx.tracker.result === null && ctx.clock.now() < giveUpAt) {
      await this.sleep(RESULT_POLL_MS)
      if (ctx.signal.aborted || ctx.clock.now() >= ctx.deadlineMs) return
      await this.events.read()
    }
  }
}

/** The status route is missing and nothing else tells when the run ends. */
function cannotSeeStatus(runId: string, error: RouteMissingError): ActionError {
  return new ActionError(
    `Cannot follow run ${runId}: the platform has no route ${error.route}, so the action cannot ` +
      'tell when the run ends. The platform may have moved it; please report this with the route.',
    { cause: error }
  )
}
