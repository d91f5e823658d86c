/**
 * Public types of the emulator's platform surface (docs/platform-api.md):
 * what tests and the demo use to seed agents and threads, drive runs, take
 * routes away and read the request log. The routes serve the wire format of
 * the service, not the client's normalised types.
 */
import type { FinalStatus, RunScript } from '../vm0/types.js'

/** Which API the emulator serves: both (default), the platform only, or `/v1` only. */
export type Surfaces = 'both' | 'platform' | 'v1'

/** The agent framework a platform agent runs; `framework` of the telemetry answer. */
export type Framework = 'claude-code' | 'codex' | (string & {})

/** A platform agent to seed: a UUID and a display name, no `name`. */
export interface PlatformAgentSeed {
  displayName: string
  /** Default: a random UUID. */
  id?: string
  /** Default 'claude-code'. */
  framework?: Framework
  /** Default 'claude-sonnet-4-5'; null = no model configured: a new thread without `model` answers 422. */
  selectedModel?: string | null
  description?: string
  /** Default: the emulator's `defaultScript`, else a tiny built-in one. */
  script?: RunScript
}

/**
 * The routes the platform surface can lose (`removeRoute`). The core (send a
 * message, read a thread and its messages) cannot: a client must work with it alone.
 */
export type EnrichmentRoute =
  | 'chat-events'
  | 'agents'
  | 'run'
  | 'telemetry'
  | 'network'
  | 'cancel'
  | 'thread-events'
  | 'artifacts'

/** Every route of the platform surface, by the name the request log gives it. */
export type PlatformRoute = 'send-message' | 'thread' | 'messages' | EnrichmentRoute

/** What a send answers instead of starting anything (`refuseSends`). */
export type SendRefusal =
  'INSUFFICIENT_CREDITS' | 'TOO_MANY_REQUESTS' | 'NO_MODEL_PROVIDER' | 'PROVIDER_UNAVAILABLE'

export interface PlatformOptions {
  /** The one personal access token the platform accepts; default `vm0_pat_` + a random JWT-shaped string. */
  pat?: string
  /** Agents that exist from the start. */
  agents?: PlatformAgentSeed[]
  /** Routes that answer as if the service had removed them, from the start (see `removeRoute`). */
  missingRoutes?: EnrichmentRoute[]
}

/** How a request authenticated: the emulator's PAT, the `/v1` token, another token, or none. */
export type AuthKind = 'pat' | 'live' | 'other' | 'none'

/** A request of the API origin as the platform sees it, for assertions. */
export interface PlatformRequest {
  method: string
  path: string
  query: Record<string, string>
  /** The platform route the path names (whatever the method), null for any other path. */
  route: PlatformRoute | null
  auth: AuthKind
  time: number
}

/** The emulator's view of a platform run. Times are epoch ms. */
export interface PlatformRunInfo {
  id: string
  threadId: string
  agentId: string
  /** The user message that started it. */
  messageId: string
  status: string
  prompt: string
  /** The `model` the message asked for, if any. */
  model: string | null
  createdAt: number
  startedAt: number | null
  completedAt: number | null
  error: string | null
  /** Agent events that have landed so far, in sequence order. */
  events: Array<{ sequence: number; timestamp: string; event: object }>
  /** Names of the files it published (once completed). */
  publishedFiles: string[]
}

export interface PlatformThreadInfo {
  id: string
  agentId: string
  /** 'other': the thread of another user, which every route answers 404 for. */
  owner: 'me' | 'other'
  /** Run ids, oldest first. */
  runIds: string[]
  /** Messages sent while a run was active, waiting in order. */
  queuedMessageIds: string[]
  messages: Array<{
    id: string
    role: 'user' | 'assistant'
    content: string | null
    error?: string
  }>
}

/** The platform side of the emulator's handle (`emulator.platform`). */
export interface PlatformEmulator {
  /** The personal access token the platform accepts. */
  pat: string
  addAgent(
    displayName: string,
    opts?: Omit<PlatformAgentSeed, 'displayName'>
  ): {
    id: string
    displayName: string
  }
  /** Script for the agent's next runs (by id or display name). */
  setScript(agent: string, script: RunScript): void
  /**
   * A thread of the agent with one finished exchange. `busy`: its second
   * message's run is still going (it never ends until cancelled or finished
   * with `finishRun`, when it answers `BUSY_ANSWER`, unlike any agent), so a
   * message sent now is queued behind it. `owner: 'other'`: another user's
   * thread.
   */
  addThread(
    agentId: string,
    opts?: { busy?: boolean; owner?: 'me' | 'other' }
  ): { threadId: string; activeRunId: string | null }
  threads(): PlatformThreadInfo[]
  getRun(id: string): PlatformRunInfo | undefined
  /** All platform runs, oldest first. */
  runs(): PlatformRunInfo[]
  /** End a run now (default 'completed'); answers the epoch ms it was marked. Ignored when already finished. */
  finishRun(id: string, status?: FinalStatus, error?: string): number
  /** The route answers as if removed (404 `{"error":"Not found"}`, or 405 with no body) until `reset`. */
  removeRoute(route: EnrichmentRoute, status?: 404 | 405): void
  /** The next `times` (default: every) sends answer this error after auth and validation. */
  refuseSends(code: SendRefusal, times?: number): void
  /** The API origin's requests, in arrival order, with the route and the kind of token. */
  requests(): PlatformRequest[]
}
