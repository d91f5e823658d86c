/** HTTP plumbing both the Twirp and the blob endpoints use. */
import type { IncomingMessage } from 'node:http'

/** A refusal with its HTTP status; each endpoint renders it in its own error format. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string
  ) {
    super(message)
  }
}

/** The whole request body; rejects with a 413 HttpError once it passes `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooBig = false
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) tooBig = true
      else chunks.push(c)
    })
    req.on('end', () => {
      if (tooBig) reject(new HttpError(413, `request body over ${limit} bytes`))
      else resolve(Buffer.concat(chunks))
    })
    req.on('error', reject)
  })
}

/** Raw query parser: unlike URLSearchParams it keeps '+' (base64 block ids). */
export function parseQuery(rawUrl: string): Map<string, string> {
  const q = new Map<string, string>()
  const i = rawUrl.indexOf('?')
  if (i < 0) return q
  for (const pair of rawUrl.slice(i + 1).split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    const k = eq < 0 ? pair : pair.slice(0, eq)
    const v = eq < 0 ? '' : pair.slice(eq + 1)
    try {
      q.set(decodeURIComponent(k), decodeURIComponent(v))
    } catch {
      q.set(k, v)
    }
  }
  return q
}
