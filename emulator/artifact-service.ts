/**
 * Local fake of the GitHub Actions artifact service (v4+ "results" backend), good enough for the
 * real `@actions/artifact` client: Twirp JSON API + an Azure-blob-like upload/download endpoint.
 * Everything is kept in memory. See docs/runner.md, "The artifact service". The parts live in
 * artifact-service/: state (store.ts), the Twirp API (twirp.ts), the blob endpoint (blob.ts).
 */
import { randomUUID } from 'node:crypto'
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { handleBlob } from './artifact-service/blob.js'
import { ArtifactStore } from './artifact-service/store.js'
import { makeRuntimeToken } from './artifact-service/token.js'
import { handleTwirp, TWIRP_PREFIX } from './artifact-service/twirp.js'
import type { ArtifactFailure, RecordedRequest, StoredArtifact } from './artifact-service/types.js'
import { parseQuery } from './artifact-service/wire.js'

export interface ArtifactServiceOptions {
  failures?: ArtifactFailure[]
  /** Backend ids put in the runtime token's `Actions.Results:<run>:<job>` scope (random UUIDs by default). */
  runBackendId?: string
  jobBackendId?: string
}

export interface ArtifactService {
  /** origin for ACTIONS_RESULTS_URL, e.g. http://127.0.0.1:12345 */
  url: string
  /** a JWT with the right scp claim, for ACTIONS_RUNTIME_TOKEN */
  runtimeToken: string
  runBackendId: string
  jobBackendId: string
  /** { ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL } (+ NO_PROXY/no_proxy when a proxy is configured) */
  env(): Record<string, string>
  /** finalized uploads (copies; deleted ones included with deleted: true) */
  artifacts(): StoredArtifact[]
  requests: RecordedRequest[]
  addFailure(f: ArtifactFailure): void
  close(): Promise<void>
}

/** Records the request, then hands it to the Twirp API or the blob endpoint. */
function router(store: ArtifactStore, requests: RecordedRequest[]): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const rawUrl = req.url ?? '/'
    const path = rawUrl.split('?')[0] ?? '/'
    const rec: RecordedRequest = {
      method: req.method ?? '',
      path: rawUrl,
      headers: { ...req.headers },
      time: Date.now(),
      op: 'unknown',
      status: 0
    }
    requests.push(rec)
    const done = (p: Promise<void>): void => {
      p.catch(err => {
        if (!res.headersSent) {
          rec.status = 500
          res.writeHead(500, { 'content-type': 'text/plain' })
        }
        res.end(String(err))
      })
    }
    if (path.startsWith(TWIRP_PREFIX)) {
      rec.op = path.slice(TWIRP_PREFIX.length)
      done(handleTwirp(store, req, res, rec, rec.op))
      return
    }
    const blob = /^\/blob\/([^/]+)\//.exec(path)
    if (blob?.[1]) {
      done(handleBlob(store, req, res, rec, blob[1], parseQuery(rawUrl)))
      return
    }
    req.resume()
    rec.status = 404
    res.writeHead(404, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ code: 'bad_route', msg: `no handler for path ${path}` }))
  }
}

/** The variables a step needs to reach the service at `origin`. */
function serviceEnv(runtimeToken: string, origin: string): Record<string, string> {
  const env: Record<string, string> = {
    ACTIONS_RUNTIME_TOKEN: runtimeToken,
    ACTIONS_RESULTS_URL: `${origin}/`
  }
  // @actions/http-client bypasses proxies for loopback, @azure/core-rest-pipeline does not.
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some(
    k => process.env[k]
  )
  if (proxied) {
    const existing = process.env.NO_PROXY ?? process.env.no_proxy ?? ''
    const noProxy = [existing, '127.0.0.1', 'localhost'].filter(Boolean).join(',')
    env.NO_PROXY = noProxy
    env.no_proxy = noProxy
  }
  return env
}

/** Listens on 127.0.0.1 on a free port; resolves to the origin. */
async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Starts the fake service on 127.0.0.1 on a free port. */
export async function startArtifactService(
  opts: ArtifactServiceOptions = {}
): Promise<ArtifactService> {
  const runBackendId = opts.runBackendId ?? randomUUID()
  const jobBackendId = opts.jobBackendId ?? randomUUID()
  const runtimeToken = makeRuntimeToken(runBackendId, jobBackendId)
  const store = new ArtifactStore()
  for (const f of opts.failures ?? []) store.addFailure(f)
  const requests: RecordedRequest[] = []
  const server = createServer(router(store, requests))
  const origin = await listen(server)
  store.origin = origin

  return {
    url: origin,
    runtimeToken,
    runBackendId,
    jobBackendId,
    requests,
    env: () => serviceEnv(runtimeToken, origin),
    artifacts: () => store.artifacts(),
    addFailure: f => store.addFailure(f),
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close(err => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      })
    }
  }
}
