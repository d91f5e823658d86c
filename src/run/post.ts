/**
 * The post step. The runner runs it after the job's other steps, also when
 * the job failed or was cancelled. If the main step was interrupted while
 * following a run (killed, or cancelled before it finished), the run id is
 * still in the saved state: cancel that run if it is still active. Otherwise
 * do nothing, without a single request.
 *
 * Most post steps find nothing held, so this module imports nothing: the
 * cancel (the client, the inputs, @actions/core) is loaded only when a run
 * is held (see `bench-startup.ts` for the cold start of both paths).
 */
import type { HeldRunClient } from './cancel-held.js'
import { STATE_API, STATE_RUN_ID } from './state.js'

export interface PostDependencies {
  /** The runner's environment: saved state arrives as `STATE_<name>`. */
  env: NodeJS.ProcessEnv
  /** The client for the cancel; default a `Vm0Client` with few, short attempts. */
  createClient?: (connection: { token: string; apiUrl: string }) => HeldRunClient
}

export async function post(deps: PostDependencies = { env: process.env }): Promise<void> {
  // What `core.getState` reads; read here so that nothing held loads nothing
  // (@actions/core alone brings an HTTP client and undici).
  const runId = deps.env[`STATE_${STATE_RUN_ID}`]
  if (!runId) return
  const { cancelHeldRun, defaultClient } = await import('./cancel-held.js')
  // The same backend as the main step: its state says which one ran (none: /v1).
  const api = deps.env[`STATE_${STATE_API}`] === 'platform' ? 'platform' : 'v1'
  await cancelHeldRun(
    runId,
    deps.createClient ?? (connection => defaultClient(connection, api)),
    api
  )
}
