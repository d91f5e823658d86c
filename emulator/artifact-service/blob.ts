/**
 * The Azure-blob-like endpoint behind the signed URLs: Put Block, Put Block List and Put Blob on
 * the write URL of a pending upload, GET/HEAD on the read URL of a finalized artifact.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { AZURE_VERSION, isActive, type ArtifactStore, type Upload } from './store.js'
import type { RecordedRequest } from './types.js'
import { HttpError, readBody } from './wire.js'

const MAX_BLOB_BODY = 1024 * 1024 * 1024
const NO_BLOB = 'The specified blob does not exist.'
const BAD_SIGNATURE =
  'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.'

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

function xmlUnescape(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => {
    const map: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }
    return map[e] ?? ''
  })
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, c => `&#${c.charCodeAt(0)};`)
}

/** Writes Azure-style answers to one request, recording the status. */
class BlobResponder {
  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly rec: RecordedRequest
  ) {}

  private baseHeaders(): Record<string, string> {
    const h: Record<string, string> = {
      'x-ms-request-id': randomUUID(),
      'x-ms-version': String(this.req.headers['x-ms-version'] ?? AZURE_VERSION)
    }
    const cid = this.req.headers['x-ms-client-request-id']
    if (typeof cid === 'string') h['x-ms-client-request-id'] = cid
    return h
  }

  error(status: number, code: string, message: string): void {
    this.rec.status = status
    const text =
      `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code>` +
      `<Message>${xmlEscape(message)}\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}</Message></Error>`
    this.res.writeHead(status, {
      ...this.baseHeaders(),
      'x-ms-error-code': code,
      'content-type': 'application/xml',
      'content-length': Buffer.byteLength(text)
    })
    this.res.end(text)
  }

  created(extra: Record<string, string> = {}): void {
    this.rec.status = 201
    this.res.writeHead(201, {
      ...this.baseHeaders(),
      'x-ms-request-server-encrypted': 'true',
      'content-length': '0',
      ...extra
    })
    this.res.end()
  }

  /** The finalized zip, as an attachment named after the artifact (headers only for HEAD). */
  content(u: Upload, blob: Buffer): void {
    this.rec.status = 200
    const fileName = `${u.name}.zip`
    this.res.writeHead(200, {
      ...this.baseHeaders(),
      'content-type': u.contentType === 'application/octet-stream' ? u.mimeType : u.contentType,
      'content-length': String(blob.length),
      'content-disposition': `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      etag: u.etag,
      'last-modified': u.lastModified,
      'x-ms-blob-type': 'BlockBlob',
      'accept-ranges': 'bytes'
    })
    this.res.end(this.req.method === 'HEAD' ? undefined : blob)
  }
}

/** A write request's parts, for the operation handlers. */
interface Write {
  req: IncomingMessage
  reply: BlobResponder
  u: Upload
  query: Map<string, string>
  body: Buffer
}

function blobOp(isRead: boolean, comp: string | undefined): string {
  if (isRead) return 'download'
  if (comp === 'block' || comp === 'blocklist') return comp
  return comp === undefined ? 'blob' : 'unknown'
}

function commit({ req, reply, u }: Write, content: Buffer, blocks: Map<string, Buffer>): void {
  u.blob = content
  u.committed = blocks
  u.uncommitted = new Map()
  u.blockIdLength = null
  const ct = req.headers['x-ms-blob-content-type']
  u.contentType = typeof ct === 'string' && ct ? ct : 'application/octet-stream'
  u.etag = `"0x${randomBytes(8).toString('hex').toUpperCase()}"`
  u.lastModified = new Date().toUTCString()
  reply.created({ etag: u.etag, 'last-modified': u.lastModified })
}

function putBlock({ reply, u, query, body }: Write): void {
  const id = query.get('blockid') ?? ''
  const decoded = Buffer.from(id, 'base64')
  if (!id || decoded.length === 0 || decoded.length > 64 || decoded.toString('base64') !== id) {
    reply.error(400, 'InvalidQueryParameterValue', `Invalid blockid '${id}'.`)
    return
  }
  if (u.blockIdLength !== null && u.blockIdLength !== id.length) {
    reply.error(400, 'InvalidBlobOrBlock', 'The specified blob or block content is invalid.')
    return
  }
  u.blockIdLength = id.length
  u.uncommitted.set(id, body)
  reply.created()
}

function putBlockList(write: Write): void {
  const { reply, u } = write
  const xml = write.body.toString('utf8')
  if (!/<BlockList>/.test(xml)) {
    reply.error(400, 'InvalidXmlDocument', 'XML specified is not syntactically valid.')
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
      reply.error(400, 'InvalidBlockList', `The specified block list is invalid (block ${id}).`)
      return
    }
    parts.push(data)
    blocks.set(id, data)
  }
  commit(write, Buffer.concat(parts), blocks)
}

function putBlob(write: Write): void {
  if (write.req.headers['x-ms-blob-type'] !== 'BlockBlob') {
    write.reply.error(
      400,
      'MissingRequiredHeader',
      'An HTTP header that is mandatory for this request is not specified: x-ms-blob-type.'
    )
    return
  }
  commit(write, write.body, new Map())
}

/** A PUT on the write URL, the upload and signature already checked. */
function serveWrite(write: Write, op: string): void {
  const { req, reply, query, body } = write
  if (req.method !== 'PUT') {
    reply.error(405, 'UnsupportedHttpVerb', `The resource doesn't support ${req.method ?? ''}.`)
    return
  }
  const md5 = req.headers['content-md5']
  if (typeof md5 === 'string' && op !== 'blocklist') {
    if (createHash('md5').update(body).digest('base64') !== md5) {
      reply.error(400, 'Md5Mismatch', 'The MD5 value specified in the request did not match.')
      return
    }
  }
  if (op === 'block') putBlock(write)
  else if (op === 'blocklist') putBlockList(write)
  else if (op === 'blob') putBlob(write)
  else
    reply.error(400, 'InvalidQueryParameterValue', `Unsupported comp=${query.get('comp') ?? ''}.`)
}

async function serveBlob(
  store: ArtifactStore,
  req: IncomingMessage,
  reply: BlobResponder,
  rec: RecordedRequest,
  key: string,
  query: Map<string, string>
): Promise<void> {
  const isRead = req.method === 'GET' || req.method === 'HEAD'
  const op = blobOp(isRead, query.get('comp'))
  rec.op = op
  const body = isRead ? Buffer.alloc(0) : await readBody(req, MAX_BLOB_BODY)
  const failure = store.takeFailure(op)
  if (failure) {
    const message = failure.message ?? `injected failure (${failure.status})`
    reply.error(failure.status, azureCode(failure.status), message)
    return
  }
  const u = store.upload(key)
  if (!u || u.revoked) {
    reply.error(404, 'BlobNotFound', NO_BLOB)
    return
  }
  const sig = query.get('sig')
  const expires = Date.parse(query.get('se') ?? '')
  const validSig = isRead ? sig === u.readSig : sig === u.writeSig && !u.artifact
  if (!validSig || !(expires > Date.now())) {
    reply.error(403, 'AuthenticationFailed', BAD_SIGNATURE)
    return
  }
  if (!isRead) {
    serveWrite({ req, reply, u, query, body }, op)
    return
  }
  const a = u.artifact
  if (!a || !u.blob || !isActive(a)) reply.error(404, 'BlobNotFound', NO_BLOB)
  else reply.content(u, u.blob)
}

/** Answers one request to `/blob/<key>/...`; `query` is the raw query (see parseQuery). */
export async function handleBlob(
  store: ArtifactStore,
  req: IncomingMessage,
  res: ServerResponse,
  rec: RecordedRequest,
  key: string,
  query: Map<string, string>
): Promise<void> {
  const reply = new BlobResponder(req, res, rec)
  try {
    await serveBlob(store, req, reply, rec, key, query)
  } catch (err) {
    if (err instanceof HttpError) reply.error(err.status, azureCode(err.status), err.message)
    else reply.error(500, 'InternalError', err instanceof Error ? err.message : String(err))
  }
}
