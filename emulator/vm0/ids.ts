/** Identifiers, hashes and timestamps in the shapes the service uses. */
import { createHash, randomBytes, randomUUID } from 'node:crypto'

/** A v4 UUID, the id of runs, agents, sessions, checkpoints, artifacts and volumes. */
export function newId(): string {
  return randomUUID()
}

/** `req_` + 32 hex, the X-Request-Id of every JSON answer. */
export function newRequestId(): string {
  return `req_${randomBytes(16).toString('hex')}`
}

/** The token shape of the service: `vm0_live_` + 43 base64url characters. */
export function newToken(): string {
  return `vm0_live_${randomBytes(32).toString('base64url')}`
}

/** A random hex string, e.g. a presigned URL signature. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex')
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: string): boolean {
  return UUID.test(value)
}

/** Versions (agents, artifacts, volumes) are SHA-256 hex digests. */
export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Millisecond ISO-8601 UTC, as every timestamp on the wire. */
export function iso(ms: number): string {
  return new Date(ms).toISOString()
}
