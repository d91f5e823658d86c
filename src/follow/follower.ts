/**
 * Following a run from start to end: the one entry point for main. It builds
 * the renderer and the tracker, follows the event stream (falling back to
 * polling), and hands back how the wait ended with what was seen.
 */
import { ActionError, errorMessage } from '../base/errors.js'
import type { Clock } from '../base/clock.js'
import type { AgentResult } from '../agent/model.js'
import type { Printer } from '../render/printer.js'
import { Renderer, type LogLevel } from '../render/renderer.js'
import type { Patience } from '../vm0/patience.js'
import type { Run } from '../vm0/types.js'
import type { FollowLog, RunStreamer, WaitEnd } from './context.js'
import { followByStream } from './stream.js'
import { ReaderTail } from './reader-tail.js'
import type { RunTimeline } from './timing.js'
import { RunTracker, type EventSink } from './tracker.js'

export type { RunStreamer, WaitEnd }

export interface FollowOptions {
  /** Epoch ms after which the wait gives up (`timeout`). */
  deadlineMs: number
  /** Give up after this long without activity; 0 = never (`idle-timeout`). */
  idleTimeoutMs: number
  /** Aborted when the workflow is cancelled: the wait ends as `aborted`. */
  signal: AbortSignal
  clock: Clock
  /** Where the run's story is printed; the renderer is built on it. */
  printer: Printer
  logLevel: LogLevel
  /** Lines about following itself: a fallback to polling and side-log trouble (info), reconnects (debug). */
  log: FollowLog
  /**
   * Shared with the client's calls: says whether VM0 is reachable. The event
   * stream reports to it, and while it is armed a stream that cannot connect
   * is retried until the deadline instead of given up on.
   */
  patience?: Patience
  /** Where each agent event goes once, as sent, in sequence order: the transcript file. */
  transcript?: Transcript | null
}

/** A file receiving every agent event (see run/transcript.ts). */
interface Transcript {
  readonly path: string
  write: EventSink
}

/**
 * What was seen of the run, whether the wait ended or failed: the one shape
 * the follow phase hands back and the outcome (run/outcome.ts) carries.
 */
export interface Seen {
  /** The agent's final result, when its result event arrived. */
  result: AgentResult | null
  /** The last lines of the run's story as the step log shows them, for the job summary. */
  logTail: readonly string[]
  /** Where the run's time went: turns, tool calls, per-tool totals; null when nothing was followed. */
  timing: RunTimeline | null
  /** The last status seen (from the stream or a read of the run). */
  lastStatus: string | null
  /** The last sandbox line that reads like trouble, to explain a failed run. */
  troubleLine: string | null
  /** The transcript file, when one is written. */
  transcriptFile: string | null
}

/** Nothing seen: following failed before it could look (not a {@link FollowError}). */
export function nothingSeen(): Seen {
  return {
    result: null,
    logTail: [],
    timing: null,
    lastStatus: null,
    troubleLine: null,
    transcriptFile: null
  }
}

/** How following a run ended, with what was seen of it. */
export interface Followed extends Seen {
  /** `ended` with the final run, or `timeout` / `idle` / `aborted` with the last run read, if any. */
  end: WaitEnd
}

/**
 * Following failed (a read the service refused, the token revoked mid-run).
 * The message is the cause's, unchanged; what was seen before is kept so the
 * summary can still show it.
 */
export class FollowError extends ActionError {
  override name = 'FollowError'
  constructor(
    cause: unknown,
    readonly seen: Seen
  ) {
    super(errorMessage(cause), { cause })
  }
}

/**
 * Follows `run` until it ends or a limit (timeout, idle, cancellation) ends
 * the wait, printing its events and sandbox lines as they arrive. A call
 * still waiting for its result is printed on every way out; a failure is
 * thrown as a {@link FollowError}.
 */
export async function followRun(
  client: RunStreamer,
  run: Run,
  options: FollowOptions
): Promise<Followed> {
  return followWith(run, options, tracker =>
    followByStream({
      client,
      runId: run.id,
      tracker,
      clock: options.clock,
      deadlineMs: options.deadlineMs,
      idleTimeoutMs: options.idleTimeoutMs,
      signal: options.signal,
      log: options.log,
      ...(options.patience ? { patience: options.patience } : {})
    })
  )
}

/**
 * What every way of following a run shares (the /v1 stream here, the
 * platform's polls in platform.ts): the renderer and tracker built on the
 * options, the run's first status, and what was seen handed back with the
 * end, or with the failure as a {@link FollowError}.
 */
export async function followWith(
  run: Run,
  options: FollowOptions,
  follow: (tracker: RunTracker) => Promise<WaitEnd>
): Promise<Followed> {
  const tail = new ReaderTail(options.printer)
  const renderer = new Renderer(tail, {
    level: options.logLevel,
    now: () => options.clock.now()
  })
  const { transcript } = options
  const tracker = new RunTracker(
    renderer,
    options.clock,
    e => transcript?.write(e),
    () => tail.drained()
  )
  const seen = (): Seen => ({
    result: tracker.result,
    logTail: tail.lines(),
    timing: tracker.timing.timeline(),
    lastStatus: tracker.status,
    troubleLine: tracker.troubleLine,
    transcriptFile: transcript?.path ?? null
  })
  // A tool call still waiting for its result is printed, and every group
  // closed, before what was seen is read: the tail shows the log as the reader sees it.
  const settle = (): void => {
    renderer.finish()
  }
  try {
    tracker.setStatus(run.status)
    const end = await follow(tracker)
    settle()
    return { end, ...seen() }
  } catch (error) {
    settle()
    throw new FollowError(error, seen())
  }
}
