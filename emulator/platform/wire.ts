/**
 * What every platform route shares: the error envelope, JSON replies, the
 * bare 404 of an unknown path, tokens and the checks of query parameters.
 */
import { randomBytes } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { Reply } from '../vm0/http.js'
import { isUuid } from '../vm0/ids.js'
import type { AuthKind } from './types.js'

/** An error a route throws to answer `{"error":{"message","code"}}`. */
export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }

  reply(): Reply {
    return json(this.status, { error: { message: this.message, code: this.code } })
  }
}

export function json(status: number, body: unknown): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
}

/** The hosted API's answer to any path it does not serve: no envelope, no code. */
export function bareNotFound(): Reply {
  return json(404, { error: 'Not found' })
}

export function badRequest(message: string): PlatformError {
  return new PlatformError(400, 'BAD_REQUEST', message)
}

export function notFound(message: string): PlatformError {
  return new PlatformError(404, 'NOT_FOUND', message)
}

export function unauthorized(message = 'Not authenticated'): PlatformError {
  return new PlatformError(401, 'UNAUTHORIZED', message)
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

/** `vm0_pat_` + a JWT-shaped string (header.payload.signature, base64url), as the web app mints. */
export function newPat(): string {
  const header = base64url({ alg: 'HS256', typ: 'JWT' })
  const payload = base64url({ sub: randomBytes(8).toString('hex'), kind: 'pat' })
  return `vm0_pat_${header}.${payload}.${randomBytes(32).toString('base64url')}`
}

/** The bearer token of the request; undefined when there is no Authorization header. */
export function bearer(headers: IncomingHttpHeaders | Record<string, unknown>): string | undefined {
  const header = headers.authorization
  if (typeof header !== 'string') return undefined
  return /^Bearer\s+(.*)$/i.exec(header)?.[1] ?? ''
}

export function authKind(token: string | undefined, pat: string): AuthKind {
  if (token === undefined) return 'none'
  if (token === pat) return 'pat'
  return token.startsWith('vm0_live_') ? 'live' : 'other'
}

export function requireUuid(value: string | undefined, what: string): string {
  if (value === undefined || !isUuid(value)) throw badRequest(`Invalid ${what}: must be a UUID`)
  return value
}

/** An integer query parameter within bounds, or its default when absent. */
export function intParam(
  query: Record<string, string>,
  name: string,
  range: { min: number; max: number; fallback: number }
): number {
  const raw = query[name]
  if (raw === undefined) return range.fallback
  const value = Number(raw)
  if (!/^-?\d+$/.test(raw) || value < range.min || value > range.max) {
    throw badRequest(`Invalid ${name}: must be an integer from ${range.min} to ${range.max}`)
  }
  return value
}

/** A request body as a JSON object, or 400. */
export function jsonBody(body: Buffer): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    throw badRequest('Invalid JSON body')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('Invalid body: expected a JSON object')
  }
  return parsed as Record<string, unknown>
}
