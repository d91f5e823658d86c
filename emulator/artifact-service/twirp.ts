/**
 * The Twirp JSON API of `github.actions.results.api.v1.ArtifactService`: request checks in the
 * order the real service applies them, then one handler per method.
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ArtifactStore } from './store.js'
import { scopeOf } from './token.js'
import type { RecordedRequest } from './types.js'
import { HttpError, readBody } from './wire.js'

const SERVICE = 'github.actions.results.api.v1.ArtifactService'
/** Path prefix of every Twirp method. */
export const TWIRP_PREFIX = `/twirp/${SERVICE}/`
const MAX_JSON_BODY = 1024 * 1024
const INVALID_NAME_CHARS = ['"', ':', '<', '>', '|', '*', '?', '\r', '\n', '\\', '/']

type Body = Record<string, unknown>
type Method = (store: ArtifactStore, body: Body, run: string, job: string) => unknown
interface TwirpReply {
  status: number
  payload: unknown
}

function twirpCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'invalid_argument',
    401: 'unauthenticated',
    403: 'permission_denied',
    404: 'not_found',
    408: 'deadline_exceeded',
    409: 'already_exists',
    412: 'failed_precondition',
    429: 'resource_exhausted',
    499: 'canceled',
    500: 'internal',
    501: 'unimplemented',
    503: 'unavailable',
    504: 'deadline_exceeded'
  }
  return codes[status] ?? 'unknown'
}

/** RFC 3339 timestamp (protobuf JSON) -> ms since epoch, or NaN. Tolerates 0-9 fraction digits. */
function parseTimestamp(v: unknown): number {
  if (typeof v !== 'string') return NaN
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(v)
  if (!m) return NaN
  const frac = (m[2] ?? '').padEnd(3, '0').slice(0, 3)
  return Date.parse(`${m[1]}.${frac}${m[3]}`)
}

/** Field of a Twirp JSON body under its proto name or its lowerCamelCase JSON name. */
function field(body: Body, protoName: string): unknown {
  if (protoName in body) return body[protoName]
  const camel = protoName.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())
  return body[camel]
}

function str(body: Body, protoName: string): string {
  const v = field(body, protoName)
  if (v === undefined || v === null) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  throw new HttpError(400, `${protoName} must be a string`, 'malformed')
}

function validateName(name: string): void {
  if (!name) throw new HttpError(400, 'name is required')
  const bad = INVALID_NAME_CHARS.filter(c => name.includes(c))
  if (bad.length)
    throw new HttpError(400, `name contains invalid characters: ${JSON.stringify(bad)}`)
}

function expiresAtOf(body: Body): string | null {
  const rawExpires = field(body, 'expires_at')
  if (rawExpires === undefined || rawExpires === null) return null
  const t = parseTimestamp(rawExpires)
  if (Number.isNaN(t)) throw new HttpError(400, 'expires_at is not an RFC 3339 timestamp')
  if (t <= Date.now()) throw new HttpError(400, 'expires_at must be in the future')
  return new Date(t).toISOString()
}

function refuseDuplicate(store: ArtifactStore, run: string, name: string): void {
  if (store.activeByName(run, name)) {
    throw new HttpError(409, 'an artifact with this name already exists on the workflow run')
  }
}

const createArtifact: Method = (store, body, run, job) => {
  const name = str(body, 'name')
  validateName(name)
  const expiresAt = expiresAtOf(body)
  refuseDuplicate(store, run, name)
  const mime = field(body, 'mime_type')
  const mimeType = typeof mime === 'string' && mime ? mime : 'application/zip'
  const u = store.createUpload(run, job, name, expiresAt, mimeType)
  return { ok: true, signed_upload_url: store.blobUrl(u, u.writeSig, 'cw', 6 * 3600) }
}

const finalizeArtifact: Method = (store, body, run) => {
  const name = str(body, 'name')
  const u = store.pendingUpload(run, name)
  if (!u) throw new HttpError(404, `no pending upload for artifact '${name}'`)
  const blob = u.blob
  if (!blob) throw new HttpError(400, `nothing was uploaded for artifact '${name}'`)
  const sizeRaw = str(body, 'size') || '0'
  if (!/^\d+$/.test(sizeRaw) || Number(sizeRaw) !== blob.length) {
    throw new HttpError(
      400,
      `size ${sizeRaw} does not match the uploaded blob (${blob.length} bytes)`
    )
  }
  const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`
  const hash = str(body, 'hash')
  if (hash && hash.toLowerCase() !== digest) {
    throw new HttpError(400, `hash ${hash} does not match the uploaded blob (${digest})`)
  }
  refuseDuplicate(store, run, name)
  const a = store.finalize(u, blob, digest)
  return { ok: true, artifact_id: String(a.id) }
}

const listArtifacts: Method = (store, body, run) => {
  const nameFilter = field(body, 'name_filter')
  const idFilter = field(body, 'id_filter') == null ? undefined : str(body, 'id_filter')
  const list = store.list(
    run,
    a =>
      (nameFilter === undefined || nameFilter === null || a.name === nameFilter) &&
      (idFilter === undefined || String(a.id) === idFilter)
  )
  return {
    artifacts: list.map(a => ({
      workflow_run_backend_id: a.runBackendId,
      workflow_job_run_backend_id: a.jobBackendId,
      database_id: String(a.id),
      name: a.name,
      size: String(a.size),
      created_at: a.createdAt,
      digest: a.digest,
      ...(a.expiresAt ? { expires_at: a.expiresAt } : {})
    }))
  }
}

const getSignedArtifactUrl: Method = (store, body, run) => {
  const name = str(body, 'name')
  const a = store.activeByName(run, name)
  const u = a && store.uploadOf(a)
  if (!a || !u) throw new HttpError(404, `artifact '${name}' not found`)
  return { signed_url: store.blobUrl(u, u.readSig, 'r', 3600) }
}

const deleteArtifact: Method = (store, body, run) => {
  const name = str(body, 'name')
  const a = store.activeByName(run, name)
  if (!a) throw new HttpError(404, `artifact '${name}' not found`)
  a.deleted = true
  return { ok: true, artifact_id: String(a.id) }
}

const METHODS = new Map<string, Method>([
  ['CreateArtifact', createArtifact],
  ['FinalizeArtifact', finalizeArtifact],
  ['ListArtifacts', listArtifacts],
  ['GetSignedArtifactURL', getSignedArtifactUrl],
  ['DeleteArtifact', deleteArtifact]
])

/** Runs a method for the token's run; the body must name that run and a job. */
function callMethod(store: ArtifactStore, method: string, body: Body, run: string): unknown {
  const bodyRun = str(body, 'workflow_run_backend_id')
  const bodyJob = str(body, 'workflow_job_run_backend_id')
  if (!bodyRun || !bodyJob) {
    throw new HttpError(400, 'workflow_run_backend_id and workflow_job_run_backend_id are required')
  }
  if (bodyRun !== run) {
    throw new HttpError(403, 'token is not valid for this workflow run')
  }
  const handler = METHODS.get(method)
  if (!handler) throw new HttpError(404, `no such method ${method}`, 'bad_route')
  return handler(store, body, run, bodyJob)
}

function twirpError(status: number, msg: string, code?: string): TwirpReply {
  return { status, payload: { code: code ?? twirpCode(status), msg } }
}

/** The routing errors Twirp answers before looking at the caller or the body, or null. */
function routeError(req: IncomingMessage, method: string): TwirpReply | null {
  if (req.method !== 'POST') {
    return twirpError(
      404,
      `unsupported method ${req.method ?? ''} (only POST is allowed)`,
      'bad_route'
    )
  }
  if (!METHODS.has(method)) {
    return twirpError(404, `no handler for path ${req.url ?? ''}`, 'bad_route')
  }
  const ct = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if (ct !== 'application/json') {
    return twirpError(
      404,
      `unexpected Content-Type: ${req.headers['content-type'] ?? ''}`,
      'bad_route'
    )
  }
  return null
}

function parseJson(raw: Buffer): unknown {
  try {
    return raw.length ? JSON.parse(raw.toString('utf8')) : {}
  } catch {
    return undefined
  }
}

async function twirpReply(
  store: ArtifactStore,
  req: IncomingMessage,
  rec: RecordedRequest,
  method: string
): Promise<TwirpReply> {
  try {
    const body = parseJson(await readBody(req, MAX_JSON_BODY))
    if (body !== undefined) rec.body = body
    const failure = store.takeFailure(method)
    if (failure) {
      return twirpError(failure.status, failure.message ?? `injected failure (${failure.status})`)
    }
    const refused = routeError(req, method)
    if (refused) return refused
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')
    const scope = m?.[1] ? scopeOf(m[1]) : null
    if (!scope)
      return twirpError(401, 'missing or invalid bearer token (needs an Actions.Results scope)')
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return twirpError(400, 'request body is not a JSON object', 'malformed')
    }
    return { status: 200, payload: callMethod(store, method, body as Body, scope.run) }
  } catch (err) {
    if (err instanceof HttpError) return twirpError(err.status, err.message, err.code)
    return twirpError(500, err instanceof Error ? err.message : String(err))
  }
}

/** Answers one request to `TWIRP_PREFIX + method`, recording the parsed body and the status. */
export async function handleTwirp(
  store: ArtifactStore,
  req: IncomingMessage,
  res: ServerResponse,
  rec: RecordedRequest,
  method: string
): Promise<void> {
  const { status, payload } = await twirpReply(store, req, rec, method)
  rec.status = status
  const text = JSON.stringify(payload)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text)
  })
  res.end(text)
}
