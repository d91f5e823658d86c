/** The runner's ACTIONS_RUNTIME_TOKEN: made for clients, and read back for its run scope. */
import { randomBytes, randomUUID } from 'node:crypto'

function b64url(s: string | Buffer): string {
  return Buffer.from(s).toString('base64url')
}

/** A JWT shaped like the runner's ACTIONS_RUNTIME_TOKEN (unsigned in any meaningful way: clients only decode it). */
export function makeRuntimeToken(runBackendId: string, jobBackendId: string): string {
  const now = Math.floor(Date.now() / 1000)
  const header = { typ: 'JWT', alg: 'RS256', x5t: 'emulator' }
  const payload = {
    nameid: randomUUID(),
    scp: `Actions.ExampleScope Actions.Results:${runBackendId}:${jobBackendId}`,
    iss: 'vstoken.actions.githubusercontent.com',
    aud: 'vstoken.actions.githubusercontent.com',
    nbf: now - 60,
    iat: now - 60,
    exp: now + 6 * 3600
  }
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${b64url(randomBytes(32))}`
}

/** The `Actions.Results:<run>:<job>` scope of a bearer token, or null. */
export function scopeOf(token: string): { run: string; job: string } | null {
  const part = token.split('.')[1]
  if (!part) return null
  let claims: unknown
  try {
    claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  if (typeof claims !== 'object' || claims === null) return null
  const scp = (claims as Record<string, unknown>).scp
  if (typeof scp !== 'string') return null
  for (const s of scp.split(' ')) {
    const p = s.split(':')
    if (p[0] === 'Actions.Results' && p.length === 3 && p[1] && p[2])
      return { run: p[1], job: p[2] }
  }
  return null
}
