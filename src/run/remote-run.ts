/**
 * The run on VM0 this step is responsible for. It owns the three things that
 * must never drift apart: the run id saved for the post step (so a killed
 * step still gets its run cancelled), releasing it once the run ended or was
 * handed off on purpose (so the post step makes no request), and the bounded
 * cancel.
 */
import * as core from '@actions/core'
import { errorMessage, isInvalidStateError } from '../base/errors.js'
import { RouteMissingError } from '../platform/errors.js'
import type { Run } from '../vm0/types.js'
import type { Api } from '../settings/settings.js'
import { STATE_API, STATE_RUN_ID } from './state.js'

/**
 * Longest a cancel may take, the read after an `invalid_state` answer
 * included. The runner sends SIGTERM 7.5 s after SIGINT; past this, the post
 * step (which still has the run id) tries again.
 */
const CANCEL_TIMEOUT_MS = 5000

/** The calls cancelling needs from the VM0 client. */
export interface RunCanceller {
  cancelRun(runId: string, opts?: { signal?: AbortSignal }): Promise<Run>
  getRun(runId: string, opts?: { signal?: AbortSignal }): Promise<Run>
}

/** What came of cancelling a run. */
export interface CancelResult {
  /** The run as the service answered, when it did. */
  run: Run | null
  /** True when the run is no longer active: cancelled now, or it had already ended. */
  stopped: boolean
  /** Set when the service said the run had already ended, so nothing was cancelled. */
  alreadyEnded?: boolean
  /** Set when no one can cancel it from here (no run id, or no cancel route): the post step would not help. */
  webAppOnly?: boolean
}

/** Where the post step finds the run id; `core.saveState` unless a test says otherwise. */
export type SaveState = (name: string, value: string) => void

export class RemoteRun {
  private held = false

  constructor(
    readonly id: string,
    private readonly client: RunCanceller,
    private readonly saveState: SaveState = core.saveState,
    /** Which backend runs it: the post step cancels through the same one. */
    private readonly api: Api = 'v1'
  ) {}

  /** This step follows the run: should it be killed, the post step cancels the run. */
  hold(): void {
    // Saved for the platform only: a state without it is a /v1 run, as before it existed.
    if (this.api === 'platform') this.saveState(STATE_API, this.api)
    this.saveState(STATE_RUN_ID, this.id)
    this.held = true
  }

  /** The run ended, or is left running on purpose: the post step has nothing to do. */
  release(): void {
    if (!this.held) return
    this.saveState(STATE_RUN_ID, '')
    this.held = false
  }

  /**
   * Cancels the run within {@link CANCEL_TIMEOUT_MS}. A run that had already
   * ended (the service answers `invalid_state`) counts as stopped. Once
   * stopped the run is released; otherwise it stays held so the post step
   * tries again.
   */
  async cancel(): Promise<CancelResult> {
    if (this.id === '') {
      // A platform message whose run id could not be learned: there is nothing to send a cancel to.
      core.warning(
        'The run cannot be cancelled from here: its id is not known (the message was queued and ' +
          "the thread's events cannot be read). Stop it in the web app."
      )
      return { run: null, stopped: false, webAppOnly: true }
    }
    const signal = AbortSignal.timeout(CANCEL_TIMEOUT_MS)
    try {
      const run = await this.client.cancelRun(this.id, { signal })
      this.release()
      core.info(`Cancelled VM0 run ${this.id}.`)
      return { run, stopped: true }
    } catch (error) {
      if (isInvalidStateError(error)) {
        this.release()
        const run = await this.client.getRun(this.id, { signal }).catch(() => null)
        core.info(`VM0 run ${this.id} had already ended (${run?.status ?? 'unknown'}).`)
        return { run, stopped: true, alreadyEnded: true }
      }
      // A cancel route the platform lacks will be missing for the post step too: say so.
      const next =
        error instanceof RouteMissingError
          ? 'It cannot be cancelled from here: stop it in the web app.'
          : 'The post step will try again.'
      core.warning(`Could not cancel VM0 run ${this.id}: ${errorMessage(error)}. ${next}`)
      return { run: null, stopped: false, webAppOnly: error instanceof RouteMissingError }
    }
  }

  /** How a cancel ended, as the end of a sentence. */
  fate(result: CancelResult): string {
    const run = this.id === '' ? 'the VM0 run' : `VM0 run ${this.id}`
    if (result.alreadyEnded) {
      // The cancel raced the run's own end: say how it ended, not that it was cancelled.
      return `${run} had already ended (${result.run?.status ?? 'status unknown'})`
    }
    if (result.stopped) return `${run} was cancelled`
    return result.webAppOnly
      ? `${run} could not be cancelled from here; stop it in the web app`
      : `cancelling ${run} failed; the post step tries again`
  }
}
