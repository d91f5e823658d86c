/** A tiny loopback HTTP server for VM0 client wire tests (not the emulator). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

interface Recorded {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { body: string; n: number; url: URL }
) => void | Promise<void>

export interface TestServer {
  url: string
  port: number
  requests: Recorded[]
  /** Replaces the handler (servers are reused across tests of a file). */
  handle(handler: Handler): void
  close(): Promise<void>
}

export const REQUEST_ID = 'req_00112233445566778899aabbccddeeff'

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': REQUEST_ID,
    ...headers
  })
  res.end(text)
}

export function apiError(
  res: ServerResponse,
  status: number,
  type: string,
  code: string,
  message: string
): void {
  json(res, status, { error: { type, code, message } })
}

export async function startServer(
  handler: Handler = (_q, res) => {
    res.end()
  },
  port = 0
): Promise<TestServer> {
  let current = handler
  const requests: Recorded[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      Promise.resolve(current(req, res, { body, n: requests.length, url })).catch(
        (error: unknown) => {
          res.destroy(error instanceof Error ? error : new Error(String(error)))
        }
      )
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const actual = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    handle(h) {
      current = h
      requests.length = 0
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** A port on 127.0.0.1 that nothing listens on (bound, read, released). */
export async function closedPort(): Promise<number> {
  const s = await startServer()
  const { port } = s
  await s.close()
  return port
}
