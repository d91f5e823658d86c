/**
 * The post step's one request path: the run the main step left held is
 * cancelled if it is still active. Loaded by `post.ts` only when a run is held.
 */
import * as core from '@actions/core'
import { errorMessage, isInvalidStateError } from '../base/errors.js'
import { getConnection } from '../settings/inputs.js'
import { PlatformClient } from '../platform/client.js'
import { RouteMissingError } from '../platform/errors.js'
import type { Api } from '../settings/settings.js'
import { Vm0Client } from '../vm0/client.js'
import { isTerminal, type Run } from '../vm0/types.js'

/** The two calls the post step makes. */
export interface HeldRunClient {
  getRun(runId: string): Promise<Run>
  cancelRun(runId: string): Promise<Run>
}

/**
 * The client of the backend that ran (`api`, from the saved state), with few,
 * short attempts: the post step must stay quick even when VM0 is unreachable.
 */
export function defaultClient(
  { token, apiUrl }: { token: string; apiUrl: string },
  api: Api = 'v1'
): HeldRunClient {
  const options = { baseUrl: apiUrl, token, maxAttempts: 3, requestTimeoutMs: 10_000 }
  return api === 'platform' ? new PlatformClient(options) : new Vm0Client(options)
}

/** Cancels `runId` unless it already ended; any failure is a warning, never a failed post step. */
export async function cancelHeldRun(
  runId: string,
  createClient: (connection: { token: string; apiUrl: string }) => HeldRunClient = defaultClient,
  api: Api = 'v1'
): Promise<void> {
  try {
    const client = createClient(getConnection())
    // A platform without the run route can still cancel: the cancel answers a run that
    // already ended with RUN_NOT_CANCELLABLE, which counts as done below.
    const run = await client.getRun(runId).catch((error: unknown) => {
      if (error instanceof RouteMissingError) return null
      throw error
    })
    if (run && isTerminal(run.status)) {
      core.info(`VM0 run ${runId} already ended (${run.status}); nothing to cancel.`)
      return
    }
    const cancelled = await client.cancelRun(runId)
    core.info(
      `Cancelled VM0 run ${runId} (status ${cancelled.status}): the main step was interrupted.`
    )
  } catch (error) {
    // The run ended between the read and the cancel: nothing left to do.
    if (isInvalidStateError(error)) return
    // The job's result is already decided; a failed clean-up must be visible, not fatal.
    const check = api === 'platform' ? 'Stop it in the web app' : 'Check it with the VM0 CLI'
    core.warning(
      `Could not make sure VM0 run ${runId} was cancelled: ${errorMessage(error)}. ${check} if it is still running.`
    )
  }
}
