/**
 * The VM0 platform (today's hosted service, docs/platform-api.md) as the
 * action uses it: what the platform client returns once a route's answer is
 * read. Like vm0/types.ts, whatever the platform may omit is `null`, never
 * `undefined`. A run is the same `Run` the /v1 client returns, so the
 * pipeline, renderer and report never know which surface served it.
 */
import type { Run } from '../vm0/types.js'

/** An agent the token can see (`GET /api/agents`): it has a UUID and a display name, no `name`. */
export interface PlatformAgent {
  id: string
  displayName: string
}

/** What sending a message answered: `runId` null means queued behind the thread's active run. */
export interface SentMessage {
  threadId: string
  messageId: string | null
  runId: string | null
}

/** One message of a thread (`GET /api/v1/chat-threads/:id/messages`), oldest first. */
export interface ThreadMessage {
  id: string
  role: string
  content: string | null
  error: string | null
  createdAt: string | null
}

/** One agent event (`GET /api/runs/:id/telemetry/agent`): the framework's own JSON in `eventData`. */
export interface AgentEvent {
  sequenceNumber: number
  eventType: string
  eventData: unknown
  createdAt: string | null
}

/** A page of agent events, always read with `order=asc&limit=100&since=<last>`. */
export interface AgentEventPage {
  events: AgentEvent[]
  hasMore: boolean
  /** `claude-code`, `codex`, or another runtime's name (its events are shown plainly); null when not said. */
  framework: string | null
}

/** One network line of the run's sandbox (`GET /api/runs/:id/network`). */
export interface NetworkLine {
  timestamp: string
  action: string | null
  host: string | null
  method: string
  url: string
  status: number | null
  latencyMs: number | null
}

export interface NetworkPage {
  lines: NetworkLine[]
  hasMore: boolean
  nextCursor: string | null
}

/** A file the agent published for a run (`GET /api/chat-threads/:id/artifacts`, or `attachFiles`). */
export interface PublishedFile {
  id: string
  filename: string
  contentType: string | null
  size: number | null
  url: string
  createdAt: string | null
}

/**
 * The platform reads following a run needs. `getRun` reads
 * `GET /api/runs/:id` into a `Run` (`result.output` → `output`,
 * `result.executionTimeMs` → `executionTimeMs`). Each is an enrichment
 * route: when the platform lacks it, it throws a `RouteMissingError`
 * (platform/errors.ts) naming the route and what is lost.
 */
export interface PlatformFollowApi {
  getRun(runId: string, opts?: { signal?: AbortSignal }): Promise<Run>
  agentEvents(
    runId: string,
    query: { since: number },
    opts?: { signal?: AbortSignal }
  ): Promise<AgentEventPage>
  networkLines(
    runId: string,
    query: { cursor: string | null },
    opts?: { signal?: AbortSignal }
  ): Promise<NetworkPage>
}
