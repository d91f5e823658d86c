/**
 * Public types of the VM0 emulator: what tests and the demo use to start it,
 * script runs and inject faults. The emulator serves the raw wire format of
 * the service (see docs/vm0-api.md), not the client's normalised types.
 */

import type { PlatformEmulator, PlatformOptions, Surfaces } from '../platform/types.js'
import type { Outage, Revocation } from './network-trouble.js'

/** Response key style: camelCase (current service) or snake_case (documented). */
export type Dialect = 'camel' | 'snake'

/** Final statuses a script or a manual finish can give a run. */
export type FinalStatus = 'completed' | 'failed' | 'timeout' | 'cancelled'

export interface EmulatorOptions {
  /**
   * Which API the API origin serves (default 'both'): `/v1/...` and the
   * platform's `/api/...` (docs/platform-api.md), or one of them. With
   * 'platform', every `/v1` path answers 404 `{"error":"Not found"}`, as the
   * hosted service does; with 'v1', every platform path answers `/v1`'s 404.
   */
  surfaces?: Surfaces
  /** The platform surface: its PAT, agents, routes missing from the start. */
  platform?: PlatformOptions
  /** Response key style; default 'camel'. 'snake' also adds `output` on completed run details. */
  dialect?: Dialect
  /** Bearer token the API accepts; default `vm0_live_` + 43 random base64url characters. */
  token?: string
  /** Port of the API origin on 127.0.0.1; default a free one. The storage origin always takes a free one. */
  port?: number
  /** Active (queued/pending/running) runs allowed before a create answers 429; default 1. */
  concurrencyLimit?: number
  /**
   * How often an event stream polls its run (the service: about 1000); default 1000. The
   * first poll comes one tick after the first `status` event, as on the service.
   */
  eventTickMs?: number
  /**
   * How often a run's sandbox uploads its `system` and `network` lines (the service: every
   * 30 s, and at the run's end); default 30000. Each upload adds one `system` entry holding
   * every system line since the last, stamped with the upload's time, and the network entries
   * with their own times. 0 keeps the emulator's old kindness: every line lands the moment
   * it happens, one entry each, for tests that place sandbox lines by time.
   */
  sandboxBatchMs?: number
  /** Event stream heartbeat interval; default 15000. */
  heartbeatMs?: number
  /** Presigned storage URL validity; default 3600000. Expired URLs answer 403. */
  storageUrlTtlMs?: number
  /** Agents that exist from the start. `versions` defaults to 1; 0 makes creates answer 400. */
  agents?: Array<{ name: string; id?: string; versions?: number }>
  /** Script for runs of agents that have none (else a tiny built-in one of about 60 ms). */
  defaultScript?: RunScript
  /** Seed of the PRNG behind fault `probability`, so runs of a test are repeatable; default 1. */
  seed?: number
  /**
   * Shape of `GET /v1/runs/:id/metrics`: 'current' (`{data, summary}`) or 'documented'
   * (`{cpu, memory, disk}`). Default: 'current' in the camel dialect, 'documented' in snake.
   */
  metricsShape?: 'current' | 'documented'
  /**
   * Which completed runs commit their script's `files` to an artifact:
   * - 'v1' (default), as the last `/v1`: a run started by agent name or agent id commits
   *   nothing (the service echoes `artifactName` but does not pass it on), and the session it
   *   opens has no artifact either, so continuing that session commits nothing. Only a run
   *   that continues a session opened with an artifact ({@link Emulator.openSession}, the
   *   CLI's `--artifact-name`), or resumes one of its checkpoints, commits to that artifact.
   * - 'always', as the internal API (and as this emulator did before): every run that names an
   *   `artifactName` commits to it, and a session remembers its first run's. For tests of
   *   extraction and of the path where the service writes the version.
   */
  artifactCommits?: ArtifactCommits
  /**
   * Network trouble: answer every API request with an HTML 404, as a web
   * server that is not the VM0 API (or a deployment without `/v1`) does.
   */
  notVm0Api?: boolean
}

/** See {@link EmulatorOptions.artifactCommits}. */
export type ArtifactCommits = 'v1' | 'always'

/** One sample of a run's resource use. */
export interface MetricSample {
  cpuPercent: number
  memoryUsedMb: number
  memoryTotalMb: number
  diskUsedMb?: number
  diskTotalMb?: number
}

/** What a run does, with times relative to the moment it starts running. */
export interface RunScript {
  /** Time in `queued` before `pending` (default 0: never queued, as the current service). */
  queuedMs?: number
  /** Time in `pending` before `running` (default 20). */
  pendingMs?: number
  /** The timeline, each step at a ms offset from when the run started running. */
  steps?: ScriptStep[]
  /** When the run ends, ms after it started running (default: last step's `at` + 20). */
  durationMs?: number
  /** Final status (default 'completed'). */
  status?: FinalStatus
  /** Final error text (e.g. for 'failed'). */
  error?: string | null
  /** Stay running until cancelled or finished by `finishRun`. */
  neverEnds?: boolean
  /**
   * The artifact's full content after the run. Committed when the run completed and has an
   * artifact (see {@link EmulatorOptions.artifactCommits}), as a content-addressed version with
   * message `Checkpoint from run <runId>` and createdBy `agent`.
   */
  files?: Record<string, string | Buffer>
  /** Raw tar.gz bytes to commit as they are instead of `files` (malicious-archive tests). */
  archive?: Buffer
  /** Resource samples spread over the run; a default set when absent. */
  metrics?: MetricSample[]
  /** Filled in on success (default: random UUIDs; a continued session keeps its id). */
  sessionId?: string
  checkpointId?: string
  /** Agent events that land right after the run is marked finished: in the logs, never on the stream. */
  lateEvents?: object[]
  /**
   * Platform surface only: files the agent publishes when the run completes (the thread's
   * artifacts and the `attachFiles` of `run.completed`). `/v1` ignores them.
   */
  publish?: PublishedFileSpec[]
}

/** A file a platform run publishes; `contentType` defaults to `application/octet-stream`. */
export interface PublishedFileSpec {
  filename: string
  content: string | Buffer
  contentType?: string
}

/** One timeline step. Steps sharing an `at` share their log timestamp. */
export type ScriptStep =
  | { at: number; agent: object }
  | { at: number; system: string }
  | { at: number; network: { method: string; url: string; status: number; duration: number } }

/** What a fault does to the request it hits. */
export type FaultAction =
  /** Answer with this status and body instead of handling (a proxy error page). */
  | { kind: 'status'; status: number; body?: string; contentType?: string }
  /** Destroy the socket before answering; the request is never handled. */
  | { kind: 'reset' }
  /** Handle the request fully (a create does start the run), then destroy the socket unanswered. */
  | { kind: 'handle-then-reset' }
  /** Wait, then handle and answer (the request is handled even if the client gave up). */
  | { kind: 'delay'; ms: number }
  /** Event streams: close the stream after N `output` events ('end' cleanly, or 'destroy' the socket). */
  | { kind: 'drop-stream'; afterEvents: number; mode?: 'end' | 'destroy' }
  /** Event streams: behave like a buffering proxy, sending nothing until the stream ends. */
  | { kind: 'buffer-stream' }
  /** Send the headers (full content-length) and the first N body bytes, then destroy the socket. */
  | { kind: 'truncate'; bytes: number }
  /** Hostile service (hostile.ts): log pages answer a full page of new entries, every time. */
  | { kind: 'endless-log-pages'; messageChars?: number }
  /** Hostile service (hostile.ts): an event stream whose `data:` line never ends. */
  | { kind: 'endless-line' }
  /**
   * Answer `status` (default 307) with a Location instead of handling; `{path}` in `location`
   * stands for the request's own path and query (default `{path}`: a redirect to itself).
   */
  | { kind: 'redirect'; status?: number; location?: string }
  /** Send the headers (full content-length), then `bytes` (default 1) of the body every `everyMs`. */
  | { kind: 'drip'; everyMs: number; bytes?: number }

export interface FaultRule {
  /** Which server the rule watches (default 'api'). */
  origin?: 'api' | 'storage'
  /** HTTP method, any case; any method when absent. */
  method?: string
  /** Matched against the URL pathname: a string must be equal, a RegExp must match. */
  path?: string | RegExp
  /** How many matching requests it hits (default 1; Infinity allowed). */
  times?: number
  /** Chance (0..1) that a matching request is hit, drawn from the seeded PRNG. */
  probability?: number
  action: FaultAction
}

/** A request as either server received it. */
export interface RecordedRequest {
  origin: 'api' | 'storage'
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string | string[] | undefined>
  body: string
  time: number
}

/** The emulator's view of a run, for assertions. Times are epoch ms. */
export interface RunInfo {
  id: string
  status: string
  agentId: string
  agentName: string
  prompt: string
  variables: Record<string, string>
  secrets: Record<string, string>
  /** The parsed JSON body of the create, exactly as sent (secrets included). */
  createRequestBody: unknown
  createdAt: number
  startedAt: number | null
  completedAt: number | null
  error: string | null
  sessionId: string | null
  checkpointId: string | null
  artifactName: string | null
  artifactVersion: string | null
  /** The artifact version the run committed (or moved the head to), if any. */
  producedVersionId: string | null
  /** Agent events that have landed so far, in sequence order. */
  events: Array<{ sequence: number; timestamp: string; event: object }>
}

export interface Emulator {
  /** API base, e.g. http://127.0.0.1:41234 (paths /v1/... and the platform's /api/...). */
  url: string
  /** The surfaces the API origin serves. */
  surfaces: Surfaces
  /**
   * The platform surface: its PAT, agents, threads and runs, removed routes,
   * refused sends and request log. Its runs are apart from `/v1`'s: `getRun`,
   * `runs` and `finishRun` above see only `/v1` runs.
   */
  platform: PlatformEmulator
  /** Storage origin (another port); download redirects point here. */
  storageUrl: string
  token: string
  /** Every request on both origins, in arrival order. `reset()` empties it in place. */
  requests: RecordedRequest[]
  addAgent(
    name: string,
    opts?: { id?: string; versions?: number; script?: RunScript }
  ): { id: string; name: string }
  /** Script for the agent's next runs. */
  setScript(agentName: string, script: RunScript): void
  /**
   * A session of the agent opened with an artifact, as the CLI's `vm0 run --artifact-name`
   * opens one outside `/v1`: a `/v1` run that continues it (`sessionId`, or `checkpointId`
   * with the answered checkpoint) commits `Checkpoint from run <id>` to `artifactName`. It is
   * the one way to files through `/v1`; a session a `/v1` run opened has no artifact.
   * `sessionId` (a UUID) fixes the session's id; default a random one.
   */
  openSession(
    agentName: string,
    artifactName: string,
    sessionId?: string
  ): { sessionId: string; checkpointId: string }
  addFault(rule: FaultRule): void
  clearFaults(): void
  /**
   * Network trouble: between `fromMs` and `toMs` after the next run's create,
   * every API request is reset (or answered an HTML 503) and the open
   * streams are cut when it starts. `reset()` forgets it.
   */
  addOutage(outage: Outage): void
  /** Network trouble: from `atMs` after the next run's create, the token is refused (401). */
  revokeToken(revocation: Revocation): void
  addArtifactVersion(
    name: string,
    content: { files?: Record<string, string | Buffer>; archive?: Buffer },
    meta?: { message?: string; createdBy?: string }
  ): { artifactId: string; versionId: string }
  addVolume(name: string, files: Record<string, string>): { volumeId: string; versionId: string }
  getRun(id: string): RunInfo | undefined
  /** All runs, oldest first. */
  runs(): RunInfo[]
  /** End a run now (default 'completed'); answers the epoch ms it was marked. Ignored when already finished. */
  finishRun(id: string, status?: FinalStatus, error?: string): number
  /**
   * Forget runs, sessions, requests and faults, and the platform's threads, removed routes and
   * refused sends; keep agents (of both surfaces), artifacts and volumes.
   */
  reset(): void
  /** Close both servers, every socket and timer, so the process can exit. */
  close(): Promise<void>
}
