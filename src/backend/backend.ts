/**
 * What talks to the service, behind one interface: the /v1 REST API
 * (backend/v1.ts) or today's platform (backend/platform.ts), chosen by
 * `settings.api`. The pipeline in main.ts (begin → follow → finish → report
 * → conclude) calls these three and never asks which one runs: the
 * renderer, the report, the upload, redaction and the outputs see the same
 * `Run`, `Followed` and files either way.
 */
import type { Clock } from '../base/clock.js'
import type { CollectResult } from '../artifacts/types.js'
import type { Begun } from '../run/begin.js'
import type { FinishReads } from '../run/finish.js'
import type { CancelledWhileStarting, NotStarted } from '../run/outcome.js'
import type { FollowBound, RunEnded } from '../run/wait.js'
import type { Api, Settings } from '../settings/settings.js'
import type { Run } from '../vm0/types.js'

/** What beginning a run is given. */
interface BeginContext {
  settings: Settings
  env: NodeJS.ProcessEnv
  /** The workflow's event payload, for `github-context`. */
  payload: unknown
  signal: AbortSignal
  clock: Clock
  /** `timeout`'s end on `clock`: a wait before the run exists (a queued message) counts too. */
  deadlineMs: number
  /** Told the moment the run exists. */
  onRun(run: Run): void
  /** Told the moment the platform thread is known (the platform only). */
  onThread(threadId: string): void
}

/** What the reads after the run ended are given. */
export interface FinishContext {
  settings: Settings
  runnerTemp: string
  signal: AbortSignal
  clock: Clock
  /** `timeout`'s end on `clock`. */
  deadlineMs: number
}

export interface Backend {
  readonly api: Api
  /** Starts the run (or attaches to `run-id`); the run is held for the post step when followed. */
  begin(context: BeginContext): Promise<Begun | NotStarted | CancelledWhileStarting>
  /** Follows the run to its end, printing its story. */
  follow: FollowBound
  /** Reads what the finish phase needs of a run that ended: metrics, files, the answer. */
  reads(ended: RunEnded, context: FinishContext): Promise<FinishReads<CollectResult>>
}
