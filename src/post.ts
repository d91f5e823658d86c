/**
 * The post step. The runner runs it after the job's other steps, also when
 * the job failed or was cancelled. If the main step was interrupted while
 * following a run (killed, or cancelled before it finished), the run id is
 * still in the saved state: cancel that run if it is still active. Otherwise
 * do nothing, without a single request.
 */
import * as core from '@actions/core'
import { errorMessage, isInvalidStateError } from './base/errors.js'
import { getConnection } from './settings/inputs.js'
import { PlatformClient } from './platform/client.js'
import { STATE_API, STATE_RUN_ID } from './run/state.js'
import { Vm0Client } from './vm0/client.js'
import { isTerminal } from './vm0/types.js'

export async function post(): Promise<void> {
  const runId = core.getState(STATE_RUN_ID)
  if (!runId) return
  try {
    const { token, apiUrl } = getConnection()
    // Few, short attempts: the post step must stay quick even when VM0 is unreachable.
    const options = { baseUrl: apiUrl, token, maxAttempts: 3, requestTimeoutMs: 10_000 }
    // The same backend as the main step: its state says which one ran.
    const client =
      core.getState(STATE_API) === 'platform' ? new PlatformClient(options) : new Vm0Client(options)
    const run = await client.getRun(runId)
    if (isTerminal(run.status)) {
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
    core.warning(
      `Could not make sure VM0 run ${runId} was cancelled: ${errorMessage(error)}. Check it with the VM0 CLI.`
    )
  }
}

await post()
