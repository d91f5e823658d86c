/**
 * Network trouble on the run's own clock, for the "ride out a bad network"
 * tests: outage windows (every API request, the open event streams
 * included, reset or answered 503 between two instants of a run), the token
 * revoked at an instant, and a server that is not the VM0 API at all (an
 * HTML 404 for every path, as a web server or a deployment without `/v1`
 * answers). Instants count from the next run-starting request the API
 * receives once trouble is scheduled: `POST /v1/runs`, or on the platform
 * surface a message sent (`POST /api/v1/chat-threads/messages`,
 * `POST /api/chat/events`). Kept apart from the per-request fault rules
 * (faults.ts): these act on time, not on a matching request.
 */
import type { FaultAction } from './types.js'

/** Between `fromMs` and `toMs` after the run's create, VM0 cannot be reached. */
export interface Outage {
  fromMs: number
  toMs: number
  /** `reset`: every connection is destroyed unanswered; `503`: a proxy's HTML 503 page. */
  mode: 'reset' | '503'
}

/** From `atMs` after the run's create, the token is refused with a 401 carrying `message`. */
export interface Revocation {
  atMs: number
  /** The `/v1` service's own words (default "API key has been revoked"); the platform always says "Not authenticated". */
  message?: string
}

/** The requests that start a run, on either surface: the instants of trouble count from one. */
const ANCHORS = new Set(['/v1/runs', '/api/v1/chat-threads/messages', '/api/chat/events'])

/** The platform's 401 (docs/platform-api.md): one message for every refused token. */
const PLATFORM_UNAUTHORIZED = JSON.stringify({
  error: { message: 'Not authenticated', code: 'UNAUTHORIZED' }
})

const OUTAGE_PAGE =
  '<!DOCTYPE html><html><head><title>503 Service Temporarily Unavailable</title></head>' +
  '<body><h1>503 Service Temporarily Unavailable</h1></body></html>'
const NOT_FOUND_PAGE =
  '<!DOCTYPE html><html><head><title>404: This page could not be found</title></head>' +
  '<body><h1>404</h1><p>This page could not be found.</p></body></html>'

export class NetworkTrouble {
  private outages: Outage[] = []
  private revocation: Revocation | null = null
  private anchor: number | null = null
  private readonly timers = new Set<NodeJS.Timeout>()

  constructor(
    /** Destroys every open connection of the API origin (the event streams among them). */
    private readonly dropConnections: () => void,
    /** Every request answers an HTML 404: the server at `api-url` is not the VM0 API. */
    private readonly notVm0Api: boolean
  ) {}

  addOutage(outage: Outage): void {
    this.outages.push(outage)
  }

  revokeToken(revocation: Revocation): void {
    this.revocation = revocation
  }

  /** Forgets scheduled trouble and its anchor. */
  clear(): void {
    this.outages = []
    this.revocation = null
    this.anchor = null
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
  }

  /** What to answer instead of handling this API request, if trouble says so. */
  take(method: string, path: string, now: number): FaultAction | undefined {
    if (this.notVm0Api) {
      return { kind: 'status', status: 404, body: NOT_FOUND_PAGE, contentType: 'text/html' }
    }
    if (this.anchor === null) {
      if (method !== 'POST' || !ANCHORS.has(path)) return undefined
      if (this.outages.length === 0 && this.revocation === null) return undefined
      this.start(now)
      return undefined
    }
    const at = now - this.anchor
    const outage = this.outages.find(o => at >= o.fromMs && at < o.toMs)
    if (outage?.mode === 'reset') return { kind: 'reset' }
    if (outage?.mode === '503') {
      return { kind: 'status', status: 503, body: OUTAGE_PAGE, contentType: 'text/html' }
    }
    if (this.revocation !== null && at >= this.revocation.atMs) {
      if (path.startsWith('/api/')) {
        return {
          kind: 'status',
          status: 401,
          contentType: 'application/json',
          body: PLATFORM_UNAUTHORIZED
        }
      }
      const message = this.revocation.message ?? 'API key has been revoked'
      return {
        kind: 'status',
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { type: 'authentication_error', code: 'invalid_api_key', message }
        })
      }
    }
    return undefined
  }

  /** Anchors the instants at the create, and cuts the open streams when each outage starts. */
  private start(now: number): void {
    this.anchor = now
    for (const outage of this.outages) {
      const timer = setTimeout(() => {
        this.timers.delete(timer)
        this.dropConnections()
      }, outage.fromMs)
      this.timers.add(timer)
    }
  }
}
