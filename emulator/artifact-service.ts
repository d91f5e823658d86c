/**
 * Local fake of the GitHub Actions artifact service (v4+ "results" backend), good enough for the
 * real `@actions/artifact` client: Twirp JSON API + an Azure-blob-like upload/download endpoint.
 * Everything is kept in memory. See docs/runner.md, "The artifact service".
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export { listZip, readZip, type ZipEntry } from './artifact-service/zip.js'

/**
 * `method` is a Twirp method (`CreateArtifact`, `FinalizeArtifact`, `ListArtifacts`,
 * `GetSignedArtifactURL`, `DeleteArtifact`) or a blob operation: `block` (Put Block),
 * `blocklist` (Put Block List), `blob` (single-shot Put Blob), `download` (GET of a signed URL).
 * The next `times` (default 1) matching requests are answered with `status` (body consumed first).
 */
export interface ArtifactFailure {
  method: string
  status: number
  times?: number
  /** Twirp `msg` / Azure error message. Twirp messages containing 'insufficient usage' make the client throw its quota error. */
  message?: string
}

export interface ArtifactServiceOptions {
  failures?: ArtifactFailure[]
  /** Backend ids put in the runtime token's `Actions.Results:<run>:<job>` scope (random UUIDs by default). */
  runBackendId?: string
  jobBackendId?: string
}

export interface StoredArtifact {
  id: number
  name: string
  size: number
  /** sha256:<hex> of the zip */
  digest: string
  zip: Buffer
  runBackendId: string
  jobBackendId: string
  createdAt: string
  expiresAt: string | null
  deleted: boolean
}

export interface RecordedRequest {
  /** HTTP method */
  method: string
  /** path + query as received */
  path: string
  headers: Record<string, unknown>
  time: number
  /** Twirp method, or 'block' | 'blocklist' | 'blob' | 'download' | 'unknown' */
  op: string
  /** Response status (0 until answered). */
  status: number
  /** Parsed JSON body of Twirp calls. */
  body?: unknown
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

const SERVICE = 'github.actions.results.api.v1.ArtifactService'
const TWIRP_PREFIX = `/twirp/${SERVICE}/`
const TWIRP_METHODS = new Set([
  'CreateArtifact',
  'FinalizeArtifact',
  'ListArtifacts',
  'GetSignedArtifactURL',
  'DeleteArtifact'
])
const AZURE_VERSION = '2025-11-05'
const MAX_JSON_BODY = 1024 * 1024
const MAX_BLOB_BODY = 1024 * 1024 * 1024
const INVALID_NAME_CHARS = ['"', ':', '<', '>', '|', '*', '?', '\r', '\n', '\\', '/']

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
function scopeOf(token: string): { run: string; job: string } | null {
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

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string
  ) {
    super(message)
  }
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

function azureCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'InvalidInput',
    403: 'AuthenticationFailed',
    404: 'BlobNotFound',
    409: 'Conflict',
    412: 'ConditionNotMet',
    413: 'RequestBodyTooLarge',
    500: 'InternalError',
    503: 'ServerBusy'
  }
  return codes[status] ?? 'InjectedFailure'
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
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
function parseQuery(rawUrl: string): Map<string, string> {
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

function xmlUnescape(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => {
    const map: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }
    return map[e] ?? ''
  })
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, c => `&#${c.charCodeAt(0)};`)
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
function field(body: Record<string, unknown>, protoName: string): unknown {
  if (protoName in body) return body[protoName]
  const camel = protoName.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())
  return body[camel]
}

function str(body: Record<string, unknown>, protoName: string): string {
  const v = field(body, protoName)
  if (v === undefined || v === null) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  throw new HttpError(400, `${protoName} must be a string`, 'malformed')
}

interface Upload {
  key: string
  writeSig: string
  readSig: string
  runBackendId: string
  jobBackendId: string
  name: string
  expiresAt: string | null
  mimeType: string
  blockIdLength: number | null
  uncommitted: Map<string, Buffer>
  committed: Map<string, Buffer>
  blob: Buffer | null
  contentType: string
  etag: string
  lastModified: string
  /** set once finalized */
  artifact: StoredArtifact | null
  /** replaced by a newer CreateArtifact before being finalized */
  revoked: boolean
}

export async function startArtifactService(
  opts: ArtifactServiceOptions = {}
): Promise<ArtifactService> {
  const runBackendId = opts.runBackendId ?? randomUUID()
  const jobBackendId = opts.jobBackendId ?? randomUUID()
  const runtimeToken = makeRuntimeToken(runBackendId, jobBackendId)
  const failures: Array<Required<Omit<ArtifactFailure, 'message'>> & { message?: string }> = []
  const requests: RecordedRequest[] = []
  const uploads = new Map<string, Upload>() // blob key -> upload
  const pending = new Map<string, Upload>() // run + name -> latest unfinalized upload
  const stored: StoredArtifact[] = []
  const uploadOfArtifact = new Map<number, Upload>()
  let nextId = 1
  let origin = ''

  const addFailure = (f: ArtifactFailure): void => {
    failures.push({
      method: f.method,
      status: f.status,
      times: f.times ?? 1,
      ...(f.message !== undefined ? { message: f.message } : {})
    })
  }
  for (const f of opts.failures ?? []) addFailure(f)

  const takeFailure = (op: string): { status: number; message?: string } | null => {
    const i = failures.findIndex(f => f.method.toLowerCase() === op.toLowerCase() && f.times > 0)
    if (i < 0) return null
    const f = failures[i]!
    f.times--
    if (f.times <= 0) failures.splice(i, 1)
    return f
  }

  const isActive = (a: StoredArtifact): boolean =>
    !a.deleted && (a.expiresAt === null || Date.parse(a.expiresAt) > Date.now())
  const activeByName = (run: string, name: string): StoredArtifact | undefined =>
    stored.filter(a => a.runBackendId === run && a.name === name && isActive(a)).at(-1)

  const blobUrl = (u: Upload, sig: string, perms: string, seconds: number): string => {
    const se = new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
    const q = new URLSearchParams({ sv: AZURE_VERSION, sr: 'b', sp: perms, se, sig })
    return `${origin}/blob/${u.key}/${encodeURIComponent(u.name)}.zip?${q.toString()}`
  }

  // ---- Twirp ---------------------------------------------------------------------------------

  function twirp(method: string, body: Record<string, unknown>, run: string): unknown {
    const bodyRun = str(body, 'workflow_run_backend_id')
    const bodyJob = str(body, 'workflow_job_run_backend_id')
    if (!bodyRun || !bodyJob) {
      throw new HttpError(
        400,
        'workflow_run_backend_id and workflow_job_run_backend_id are required'
      )
    }
    if (bodyRun !== run) {
      throw new HttpError(403, 'token is not valid for this workflow run')
    }
    switch (method) {
      case 'CreateArtifact': {
        const name = str(body, 'name')
        validateName(name)
        let expiresAt: string | null = null
        const rawExpires = field(body, 'expires_at')
        if (rawExpires !== undefined && rawExpires !== null) {
          const t = parseTimestamp(rawExpires)
          if (Number.isNaN(t)) throw new HttpError(400, 'expires_at is not an RFC 3339 timestamp')
          if (t <= Date.now()) throw new HttpError(400, 'expires_at must be in the future')
          expiresAt = new Date(t).toISOString()
        }
        if (activeByName(run, name)) {
          throw new HttpError(409, 'an artifact with this name already exists on the workflow run')
        }
        const old = pending.get(`${run}\0${name}`)
        if (old) {
          old.revoked = true
          uploads.delete(old.key)
        }
        const mime = field(body, 'mime_type')
        const u: Upload = {
          key: randomUUID(),
          writeSig: randomBytes(24).toString('base64url'),
          readSig: randomBytes(24).toString('base64url'),
          runBackendId: run,
          jobBackendId: bodyJob,
          name,
          expiresAt,
          mimeType: typeof mime === 'string' && mime ? mime : 'application/zip',
          blockIdLength: null,
          uncommitted: new Map(),
          committed: new Map(),
          blob: null,
          contentType: 'application/octet-stream',
          etag: '',
          lastModified: '',
          artifact: null,
          revoked: false
        }
        uploads.set(u.key, u)
        pending.set(`${run}\0${name}`, u)
        return { ok: true, signed_upload_url: blobUrl(u, u.writeSig, 'cw', 6 * 3600) }
      }
      case 'FinalizeArtifact': {
        const name = str(body, 'name')
        const u = pending.get(`${run}\0${name}`)
        if (!u) throw new HttpError(404, `no pending upload for artifact '${name}'`)
        if (!u.blob) throw new HttpError(400, `nothing was uploaded for artifact '${name}'`)
        const sizeRaw = str(body, 'size') || '0'
        if (!/^\d+$/.test(sizeRaw) || Number(sizeRaw) !== u.blob.length) {
          throw new HttpError(
            400,
            `size ${sizeRaw} does not match the uploaded blob (${u.blob.length} bytes)`
          )
        }
        const digest = `sha256:${createHash('sha256').update(u.blob).digest('hex')}`
        const hash = str(body, 'hash')
        if (hash && hash.toLowerCase() !== digest) {
          throw new HttpError(400, `hash ${hash} does not match the uploaded blob (${digest})`)
        }
        if (activeByName(run, name)) {
          throw new HttpError(409, 'an artifact with this name already exists on the workflow run')
        }
        const a: StoredArtifact = {
          id: nextId++,
          name,
          size: u.blob.length,
          digest,
          zip: u.blob,
          runBackendId: u.runBackendId,
          jobBackendId: u.jobBackendId,
          createdAt: new Date().toISOString(),
          expiresAt: u.expiresAt,
          deleted: false
        }
        stored.push(a)
        u.artifact = a
        uploadOfArtifact.set(a.id, u)
        pending.delete(`${run}\0${name}`)
        return { ok: true, artifact_id: String(a.id) }
      }
      case 'ListArtifacts': {
        const nameFilter = field(body, 'name_filter')
        const idFilter = field(body, 'id_filter') == null ? undefined : str(body, 'id_filter')
        const list = stored.filter(
          a =>
            a.runBackendId === run &&
            isActive(a) &&
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
      case 'GetSignedArtifactURL': {
        const name = str(body, 'name')
        const a = activeByName(run, name)
        const u = a && uploadOfArtifact.get(a.id)
        if (!a || !u) throw new HttpError(404, `artifact '${name}' not found`)
        return { signed_url: blobUrl(u, u.readSig, 'r', 3600) }
      }
      case 'DeleteArtifact': {
        const name = str(body, 'name')
        const a = activeByName(run, name)
        if (!a) throw new HttpError(404, `artifact '${name}' not found`)
        a.deleted = true
        return { ok: true, artifact_id: String(a.id) }
      }
      default:
        throw new HttpError(404, `no such method ${method}`, 'bad_route')
    }
  }

  function validateName(name: string): void {
    if (!name) throw new HttpError(400, 'name is required')
    const bad = INVALID_NAME_CHARS.filter(c => name.includes(c))
    if (bad.length)
      throw new HttpError(400, `name contains invalid characters: ${JSON.stringify(bad)}`)
  }

  async function handleTwirp(
    req: IncomingMessage,
    res: ServerResponse,
    rec: RecordedRequest,
    method: string
  ): Promise<void> {
    const send = (status: number, payload: unknown): void => {
      rec.status = status
      const text = JSON.stringify(payload)
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text)
      })
      res.end(text)
    }
    const sendError = (status: number, msg: string, code?: string): void =>
      send(status, { code: code ?? twirpCode(status), msg })
    try {
      const raw = await readBody(req, MAX_JSON_BODY)
      let body: unknown
      try {
        body = raw.length ? JSON.parse(raw.toString('utf8')) : {}
        rec.body = body
      } catch {
        body = undefined
      }
      const failure = takeFailure(method)
      if (failure) {
        sendError(failure.status, failure.message ?? `injected failure (${failure.status})`)
        return
      }
      if (req.method !== 'POST') {
        sendError(404, `unsupported method ${req.method ?? ''} (only POST is allowed)`, 'bad_route')
        return
      }
      if (!TWIRP_METHODS.has(method)) {
        sendError(404, `no handler for path ${req.url ?? ''}`, 'bad_route')
        return
      }
      const ct = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
      if (ct !== 'application/json') {
        sendError(404, `unexpected Content-Type: ${req.headers['content-type'] ?? ''}`, 'bad_route')
        return
      }
      const auth = req.headers.authorization ?? ''
      const m = /^Bearer\s+(\S+)$/i.exec(auth)
      const scope = m?.[1] ? scopeOf(m[1]) : null
      if (!scope) {
        sendError(401, 'missing or invalid bearer token (needs an Actions.Results scope)')
        return
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        sendError(400, 'request body is not a JSON object', 'malformed')
        return
      }
      send(200, twirp(method, body as Record<string, unknown>, scope.run))
    } catch (err) {
      if (err instanceof HttpError) sendError(err.status, err.message, err.code)
      else sendError(500, err instanceof Error ? err.message : String(err))
    }
  }

  // ---- Blob ----------------------------------------------------------------------------------

  async function handleBlob(
    req: IncomingMessage,
    res: ServerResponse,
    rec: RecordedRequest,
    key: string,
    query: Map<string, string>
  ): Promise<void> {
    const baseHeaders = (): Record<string, string> => {
      const h: Record<string, string> = {
        'x-ms-request-id': randomUUID(),
        'x-ms-version': String(req.headers['x-ms-version'] ?? AZURE_VERSION)
      }
      const cid = req.headers['x-ms-client-request-id']
      if (typeof cid === 'string') h['x-ms-client-request-id'] = cid
      return h
    }
    const sendError = (status: number, code: string, message: string): void => {
      rec.status = status
      const text =
        `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code>` +
        `<Message>${xmlEscape(message)}\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}</Message></Error>`
      res.writeHead(status, {
        ...baseHeaders(),
        'x-ms-error-code': code,
        'content-type': 'application/xml',
        'content-length': Buffer.byteLength(text)
      })
      res.end(text)
    }
    const created = (extra: Record<string, string> = {}): void => {
      rec.status = 201
      res.writeHead(201, {
        ...baseHeaders(),
        'x-ms-request-server-encrypted': 'true',
        'content-length': '0',
        ...extra
      })
      res.end()
    }
    const commit = (u: Upload, content: Buffer, blocks: Map<string, Buffer>): void => {
      u.blob = content
      u.committed = blocks
      u.uncommitted = new Map()
      u.blockIdLength = null
      const ct = req.headers['x-ms-blob-content-type']
      u.contentType = typeof ct === 'string' && ct ? ct : 'application/octet-stream'
      u.etag = `"0x${randomBytes(8).toString('hex').toUpperCase()}"`
      u.lastModified = new Date().toUTCString()
      created({ etag: u.etag, 'last-modified': u.lastModified })
    }

    try {
      const isRead = req.method === 'GET' || req.method === 'HEAD'
      const comp = query.get('comp')
      const op = isRead
        ? 'download'
        : comp === 'block'
          ? 'block'
          : comp === 'blocklist'
            ? 'blocklist'
            : comp === undefined
              ? 'blob'
              : 'unknown'
      rec.op = op
      const body = isRead ? Buffer.alloc(0) : await readBody(req, MAX_BLOB_BODY)
      const failure = takeFailure(op)
      if (failure) {
        sendError(
          failure.status,
          azureCode(failure.status),
          failure.message ?? `injected failure (${failure.status})`
        )
        return
      }
      const u = uploads.get(key)
      if (!u || u.revoked) {
        sendError(404, 'BlobNotFound', 'The specified blob does not exist.')
        return
      }
      const sig = query.get('sig')
      const expires = Date.parse(query.get('se') ?? '')
      const validSig = isRead ? sig === u.readSig : sig === u.writeSig && !u.artifact
      if (!validSig || !(expires > Date.now())) {
        sendError(
          403,
          'AuthenticationFailed',
          'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.'
        )
        return
      }

      if (isRead) {
        const a = u.artifact
        if (!a || !u.blob || !isActive(a)) {
          sendError(404, 'BlobNotFound', 'The specified blob does not exist.')
          return
        }
        rec.status = 200
        const fileName = `${u.name}.zip`
        res.writeHead(200, {
          ...baseHeaders(),
          'content-type': u.contentType === 'application/octet-stream' ? u.mimeType : u.contentType,
          'content-length': String(u.blob.length),
          'content-disposition': `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
          etag: u.etag,
          'last-modified': u.lastModified,
          'x-ms-blob-type': 'BlockBlob',
          'accept-ranges': 'bytes'
        })
        res.end(req.method === 'HEAD' ? undefined : u.blob)
        return
      }
      if (req.method !== 'PUT') {
        sendError(405, 'UnsupportedHttpVerb', `The resource doesn't support ${req.method ?? ''}.`)
        return
      }

      const md5 = req.headers['content-md5']
      if (typeof md5 === 'string' && op !== 'blocklist') {
        if (createHash('md5').update(body).digest('base64') !== md5) {
          sendError(400, 'Md5Mismatch', 'The MD5 value specified in the request did not match.')
          return
        }
      }

      if (op === 'block') {
        const id = query.get('blockid') ?? ''
        const decoded = Buffer.from(id, 'base64')
        if (
          !id ||
          decoded.length === 0 ||
          decoded.length > 64 ||
          decoded.toString('base64') !== id
        ) {
          sendError(400, 'InvalidQueryParameterValue', `Invalid blockid '${id}'.`)
          return
        }
        if (u.blockIdLength !== null && u.blockIdLength !== id.length) {
          sendError(400, 'InvalidBlobOrBlock', 'The specified blob or block content is invalid.')
          return
        }
        u.blockIdLength = id.length
        u.uncommitted.set(id, body)
        created()
        return
      }
      if (op === 'blocklist') {
        const xml = body.toString('utf8')
        if (!/<BlockList>/.test(xml)) {
          sendError(400, 'InvalidXmlDocument', 'XML specified is not syntactically valid.')
          return
        }
        const parts: Buffer[] = []
        const blocks = new Map<string, Buffer>()
        for (const m of xml.matchAll(/<(Latest|Committed|Uncommitted)>([^<]*)<\/\1>/g)) {
          const kind = m[1]
          const id = xmlUnescape(m[2] ?? '')
          const data =
            kind === 'Committed'
              ? u.committed.get(id)
              : kind === 'Uncommitted'
                ? u.uncommitted.get(id)
                : (u.uncommitted.get(id) ?? u.committed.get(id))
          if (!data) {
            sendError(400, 'InvalidBlockList', `The specified block list is invalid (block ${id}).`)
            return
          }
          parts.push(data)
          blocks.set(id, data)
        }
        commit(u, Buffer.concat(parts), blocks)
        return
      }
      if (op === 'blob') {
        if (req.headers['x-ms-blob-type'] !== 'BlockBlob') {
          sendError(
            400,
            'MissingRequiredHeader',
            'An HTTP header that is mandatory for this request is not specified: x-ms-blob-type.'
          )
          return
        }
        commit(u, body, new Map())
        return
      }
      sendError(400, 'InvalidQueryParameterValue', `Unsupported comp=${comp ?? ''}.`)
    } catch (err) {
      if (err instanceof HttpError) sendError(err.status, azureCode(err.status), err.message)
      else sendError(500, 'InternalError', err instanceof Error ? err.message : String(err))
    }
  }

  // ---- server --------------------------------------------------------------------------------

  const server = createServer((req, res) => {
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
      done(handleTwirp(req, res, rec, rec.op))
      return
    }
    const blob = /^\/blob\/([^/]+)\//.exec(path)
    if (blob?.[1]) {
      done(handleBlob(req, res, rec, blob[1], parseQuery(rawUrl)))
      return
    }
    req.resume()
    rec.status = 404
    res.writeHead(404, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ code: 'bad_route', msg: `no handler for path ${path}` }))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: origin,
    runtimeToken,
    runBackendId,
    jobBackendId,
    requests,
    env() {
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
    },
    artifacts() {
      return stored.map(a => ({ ...a }))
    },
    addFailure,
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close(err => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      })
    }
  }
}
