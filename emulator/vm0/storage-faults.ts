/**
 * Faults of a hostile or slow storage origin: a redirect (an S3 307 to
 * itself, a loop, or elsewhere) and a body that drips a few bytes at a time.
 */
import type { ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FaultAction } from './types.js'

type Redirect = Extract<FaultAction, { kind: 'redirect' }>
type Drip = Extract<FaultAction, { kind: 'drip' }>

/** Answers a redirect: `{path}` in the location stands for the request's own path and query. */
export function answerRedirect(res: ServerResponse, target: string, fault: Redirect): void {
  const location = (fault.location ?? '{path}').replace('{path}', target)
  const body = 'Temporary Redirect'
  res.writeHead(fault.status ?? 307, {
    location,
    'content-type': 'text/plain',
    'content-length': Buffer.byteLength(body)
  })
  res.end(body)
}

/**
 * Sends the headers (the full content-length) at once, then `bytes` of the
 * body every `everyMs` until it is all sent, the client leaves or the origin
 * closes (`sleep` then resolves early and `closed()` holds).
 */
export async function writeDrip(
  res: ServerResponse,
  socket: Socket,
  reply: { status: number; headers?: Record<string, string | number>; body: Buffer },
  fault: Drip,
  sleep: (ms: number) => Promise<void>,
  closed: () => boolean
): Promise<void> {
  res.writeHead(reply.status, { ...reply.headers, 'content-length': reply.body.length })
  res.flushHeaders()
  const step = fault.bytes ?? 1
  for (let at = 0; at < reply.body.length; at += step) {
    await sleep(fault.everyMs)
    if (closed() || socket.destroyed) return
    res.write(reply.body.subarray(at, at + step))
  }
  res.end()
}
