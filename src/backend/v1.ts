/**
 * The /v1 backend (docs/vm0-api.md): a run created by `POST /v1/runs` and
 * followed on its event stream; its metrics, its VM0 artifact version and
 * the agent's result event are read when it ended.
 */
import type { CollectApi, CollectOptions } from '../artifacts/collect.js'
import type { CollectResult } from '../artifacts/types.js'
import type { RunStreamer } from '../follow/follower.js'
import { githubContextVariables, mergeVariables } from '../github/context.js'
import { beginRun, type RunBeginner } from '../run/begin.js'
import { readMetrics } from '../run/finish.js'
import type { Collected } from '../run/outcome.js'
import type { StartRequest } from '../run/start.js'
import type { Follow } from '../run/wait.js'
import type { Settings } from '../settings/settings.js'
import type { MetricsSummary } from '../vm0/types.js'
import type { Backend } from './backend.js'

/** Every /v1 call the action makes (a `Vm0Client` has them all). */
export interface ActionClient extends RunBeginner, RunStreamer, CollectApi {
  getMetrics(runId: string, opts?: { signal?: AbortSignal }): Promise<MetricsSummary>
}

/** Collects a run's output files; never throws (a failure is in `error`). */
export type Collect = (options: CollectOptions) => Promise<Collected<CollectResult>>

export function v1Backend(
  client: ActionClient,
  phases: { follow: Follow; collect: Collect }
): Backend {
  return {
    api: 'v1',
    begin: context =>
      beginRun(client, {
        settings: context.settings,
        request: startRequest(context.settings, context.env, context.payload),
        signal: context.signal,
        clock: context.clock,
        onRun: run => context.onRun(run)
      }),
    follow: (run, options) => phases.follow(client, run, options),
    async reads({ run, followed }, { settings, runnerTemp, signal, clock, deadlineMs }) {
      const metrics = await readMetrics((id, opts) => client.getMetrics(id, opts), run, {
        clock,
        signal,
        deadlineMs
      })
      const collected: Collected<CollectResult> = settings.artifactName
        ? await phases.collect({
            client,
            runId: run.id,
            runStatus: run.status,
            runArtifactVersion: run.artifactVersion,
            settings,
            runnerTemp,
            signal,
            // `timeout` bounds the download too.
            deadlineMs,
            clock
          })
        : { files: null, error: null }
      return { metrics, collected, answer: followed.result?.text ?? run.output ?? '' }
    }
  }
}

/** The create request, with the workflow's context merged in when asked for. */
function startRequest(settings: Settings, env: NodeJS.ProcessEnv, payload: unknown): StartRequest {
  if (!settings.githubContext) return settings
  const context = githubContextVariables(env, payload)
  return { ...settings, variables: mergeVariables(context, settings.variables) }
}
