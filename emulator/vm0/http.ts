/**
 * The plumbing both origins share: a loopback server that records every
 * request, applies fault rules, writes replies, and can be closed with every
 * socket and timer it holds.
 */
import { createServer } from 'node:http'
import type { IncomingHttpHeaders, RequestListener, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { FaultBook } from './faults.js'
import { answerHostile } from './hostile.js'
import { answerRedirect, writeDrip } from './storage-faults.js'
import type { FaultAction, RecordedRequest } from './types.js'

/** A request as handlers see it: the body is fully read. */
export interface Call {
  method: string
  path: string
  /** The request target as received: path and query. */
  target: string
  /** First value of each query parameter. */
  query: Record<string, string>
  headers: IncomingHttpHeaders
  body: Buffer
}

/** Faults that only make sense on a stream, handed to the stream writer. */
export type StreamFault = Extract<FaultAction, { kind: 'drop-stream' } | { kind: 'buffer-stream' }>

/** A handler's answer: a whole body, or a stream it writes itself. */
export type Reply =
  | { status: number; headers?: Record<string, string | number>; body?: string | Buffer }
  | { stream: (res: ServerResponse, fault: StreamFault | undefined) => void }

export interface Origin {
  url: string
  close(): Promise<void>
  /** Destroys every open connection now (network trouble: an outage cuts the open streams). */
  dropConnections(): void
}

export interface OriginOptions {
  origin: 'api' | 'storage'
  requests: RecordedRequest[]
  faults: FaultBook
  handle: (call: Call) => Reply
  /** Default 0: a free port. */
  port?: number
  /** Network trouble on a clock (network-trouble.ts), consulted before the fault rules. */
  trouble?: (method: string, path: string, now: number) => FaultAction | undefined
}

function firstValues(params: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {}
  for (const [key, value] of params) if (!(key in query)) query[key] = value
  return query
}

/** Delays that closing the origin cuts short, so a delayed reply never holds the process open. */
class Delays {
  closed = false
  private readonly pending = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>()

  sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry)
          resolve()
        }, ms),
        resolve
      }
      this.pending.add(entry)
    })
  }

  /** Ends every delay now; `closed` tells the woken replies not to answer. */
  close(): void {
    this.closed = true
    for (const delay of this.pending) {
      clearTimeout(delay.timer)
      delay.resolve()
    }
    this.pending.clear()
  }
}

/** Answers a `reset` or `status` fault in place of the handler; false for other faults. */
function answerFault(res: ServerResponse, fault: FaultAction | undefined): boolean {
  if (fault?.kind === 'reset') {
    res.socket?.destroy()
    return true
  }
  if (fault?.kind === 'status') {
    const body = fault.body ?? ''
    const headers: Record<string, string | number> = { 'content-length': Buffer.byteLength(body) }
    if (body !== '' || fault.contentType !== undefined) {
      headers['content-type'] = fault.contentType ?? 'text/html; charset=utf-8'
    }
    res.writeHead(fault.status, headers)
    res.end(body)
    return true
  }
  return false
}

/** The handler's reply; a throw becomes a 500 that names it as the emulator's bug. */
function handleCall(handle: (call: Call) => Reply, call: Call): Reply {
  try {
    return handle(call)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return {
      status: 500,
      headers: { 'content-type': 'text/plain' },
      body: `emulator bug: ${message}`
    }
  }
}

/** Writes the reply, cut short by a `truncate` fault or handed a stream fault. */
function writeReply(
  res: ServerResponse,
  socket: Socket,
  reply: Reply,
  fault: FaultAction | undefined
): void {
  if ('stream' in reply) {
    const streamFault =
      fault?.kind === 'drop-stream' || fault?.kind === 'buffer-stream' ? fault : undefined
    reply.stream(res, streamFault)
    return
  }
  const body = reply.body === undefined ? Buffer.alloc(0) : Buffer.from(reply.body)
  res.writeHead(reply.status, { ...reply.headers, 'content-length': body.length })
  if (fault?.kind === 'truncate') {
    res.flushHeaders()
    res.write(body.subarray(0, fault.bytes), () => socket.destroy())
    return
  }
  res.end(body)
}

async function answer(
  options: OriginOptions,
  delays: Delays,
  call: Call,
  res: ServerResponse,
  fault: FaultAction | undefined
): Promise<void> {
  const socket = res.socket
  if (answerFault(res, fault) || answerHostile(res, call, fault)) return
  if (fault?.kind === 'redirect') return answerRedirect(res, call.target, fault)
  if (fault?.kind === 'delay') {
    await delays.sleep(fault.ms)
    if (delays.closed) return
  }
  const reply = handleCall(options.handle, call)
  if (fault?.kind === 'handle-then-reset' || socket === null || socket.destroyed) {
    socket?.destroy()
    return
  }
  if (fault?.kind === 'drip' && !('stream' in reply)) {
    const body = Buffer.from(reply.body ?? '')
    const sleep = (ms: number): Promise<void> => delays.sleep(ms)
    return writeDrip(res, socket, { ...reply, body }, fault, sleep, () => delays.closed)
  }
  writeReply(res, socket, reply, fault)
}

/** Records each request, reads its body, takes its fault rule, and answers. */
function listener(options: OriginOptions, delays: Delays): RequestListener {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = req.method ?? 'GET'
    const record: RecordedRequest = {
      origin: options.origin,
      method,
      path: url.pathname,
      query: firstValues(url.searchParams),
      headers: { ...req.headers },
      body: '',
      time: Date.now()
    }
    options.requests.push(record)
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('error', () => undefined)
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      record.body = body.toString('utf8')
      const call: Call = {
        method,
        path: url.pathname,
        target: req.url ?? '/',
        query: record.query,
        headers: req.headers,
        body
      }
      const fault =
        options.trouble?.(method, url.pathname, Date.now()) ??
        options.faults.take(options.origin, method, url.pathname)
      void answer(options, delays, call, res, fault)
    })
  }
}

/** Starts a server on 127.0.0.1, on a free port. */
export async function startOrigin(options: OriginOptions): Promise<Origin> {
  const sockets = new Set<Socket>()
  const delays = new Delays()
  const server = createServer(listener(options, delays))
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    dropConnections: () => {
      for (const socket of sockets) socket.destroy()
    },
    close: () =>
      new Promise<void>(resolve => {
        delays.close()
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
  }
}
