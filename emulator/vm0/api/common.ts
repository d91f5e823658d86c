/** What every `/v1` route shares: the context, the JSON reply, and the service's parameter checks. */
import type { Reply } from '../http.js'
import { inDialect } from '../dialect.js'
import { validationError } from '../errors.js'
import { isUuid, newRequestId } from '../ids.js'
import type { RunEngine } from '../runs.js'
import type { Agents, Collections, Storage } from '../store.js'
import type { Dialect } from '../types.js'

/** The emulator's state and settings, as the routes see them. */
export interface ApiContext {
  dialect: Dialect
  token: string
  agents: Agents
  artifacts: Collections
  volumes: Collections
  storage: Storage
  storageUrl: string
  runs: RunEngine
  concurrencyLimit: number
  eventTickMs: number
  heartbeatMs: number
  metricsShape: 'current' | 'documented'
}

/** A route's path parts after `/v1/<resource>`. */
export interface Target {
  id: string | undefined
  sub: string | undefined
}

export type Json = Record<string, unknown>

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A JSON answer in the context's dialect, with a fresh request id. */
export function json(
  ctx: ApiContext,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': newRequestId(), ...headers },
    body: JSON.stringify(inDialect(ctx.dialect, body))
  }
}

export function parseLimit(value: string | undefined): number {
  if (value === undefined) return 20
  if (!/^\d+$/.test(value)) throw validationError()
  const limit = Number(value)
  if (limit < 1 || limit > 100) throw validationError()
  return limit
}

/** An ISO 8601 UTC time parameter, in ms since the epoch. */
export function parseTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  if (!ISO_UTC.test(value) || Number.isNaN(ms)) throw validationError()
  return ms
}

export function requireUuid(id: string): string {
  if (!isUuid(id)) throw validationError()
  return id
}

/** The cursor quirk: `id > cursor` on a list sorted newest first. */
export function paginate<T extends { id: string }>(
  items: T[],
  query: Record<string, string>,
  view: (item: T) => object
): object {
  const limit = parseLimit(query.limit)
  const cursor = query.cursor
  const remaining =
    cursor === undefined || cursor === '' ? items : items.filter(item => item.id > cursor)
  const page = remaining.slice(0, limit)
  const hasMore = remaining.length > limit
  return {
    data: page.map(view),
    pagination: { hasMore, nextCursor: hasMore ? (page.at(-1)?.id ?? null) : null }
  }
}
