/**
 * The service's state, in memory: pending uploads (one per run and name, a newer create revoking
 * the older), finalized artifacts, and the failures tests inject.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { ArtifactFailure, StoredArtifact } from './types.js'

/** The Azure storage API version the blob endpoint claims to speak. */
export const AZURE_VERSION = '2025-11-05'

/** One CreateArtifact: its blob, as blocks and as committed content, and its signatures. */
export interface Upload {
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

type Failure = Required<Omit<ArtifactFailure, 'message'>> & { message?: string }

/** Neither deleted nor expired. */
export function isActive(a: StoredArtifact): boolean {
  return !a.deleted && (a.expiresAt === null || Date.parse(a.expiresAt) > Date.now())
}

const pendingKey = (run: string, name: string): string => `${run}\0${name}`

/** Everything the service holds. `origin` is set once the server listens; signed URLs use it. */
export class ArtifactStore {
  origin = ''
  private readonly failures: Failure[] = []
  private readonly uploads = new Map<string, Upload>() // blob key -> upload
  private readonly pending = new Map<string, Upload>() // run + name -> latest unfinalized upload
  private readonly stored: StoredArtifact[] = []
  private readonly uploadOfArtifact = new Map<number, Upload>()
  private nextId = 1

  addFailure(f: ArtifactFailure): void {
    this.failures.push({
      method: f.method,
      status: f.status,
      times: f.times ?? 1,
      ...(f.message !== undefined ? { message: f.message } : {})
    })
  }

  /** Consumes one use of the first failure injected for `op` (case-insensitive), if any. */
  takeFailure(op: string): { status: number; message?: string } | null {
    const failures = this.failures
    const i = failures.findIndex(f => f.method.toLowerCase() === op.toLowerCase() && f.times > 0)
    if (i < 0) return null
    const f = failures[i]!
    f.times--
    if (f.times <= 0) failures.splice(i, 1)
    return f
  }

  /** Copies of the finalized artifacts, deleted ones included. */
  artifacts(): StoredArtifact[] {
    return this.stored.map(a => ({ ...a }))
  }

  /** The newest active artifact of that name on the run. */
  activeByName(run: string, name: string): StoredArtifact | undefined {
    return this.stored.filter(a => a.runBackendId === run && a.name === name && isActive(a)).at(-1)
  }

  /** The run's active artifacts that `match` accepts. */
  list(run: string, match: (a: StoredArtifact) => boolean): StoredArtifact[] {
    return this.stored.filter(a => a.runBackendId === run && isActive(a) && match(a))
  }

  /** Starts an upload, revoking any earlier unfinalized one of the same run and name. */
  createUpload(
    run: string,
    job: string,
    name: string,
    expiresAt: string | null,
    mimeType: string
  ): Upload {
    const old = this.pending.get(pendingKey(run, name))
    if (old) {
      old.revoked = true
      this.uploads.delete(old.key)
    }
    const u: Upload = {
      key: randomUUID(),
      writeSig: randomBytes(24).toString('base64url'),
      readSig: randomBytes(24).toString('base64url'),
      runBackendId: run,
      jobBackendId: job,
      name,
      expiresAt,
      mimeType,
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
    this.uploads.set(u.key, u)
    this.pending.set(pendingKey(run, name), u)
    return u
  }

  pendingUpload(run: string, name: string): Upload | undefined {
    return this.pending.get(pendingKey(run, name))
  }

  /** The upload a blob URL names, by its key. */
  upload(key: string): Upload | undefined {
    return this.uploads.get(key)
  }

  uploadOf(a: StoredArtifact): Upload | undefined {
    return this.uploadOfArtifact.get(a.id)
  }

  /** Turns a pending upload into an artifact of its committed `blob`. */
  finalize(u: Upload, blob: Buffer, digest: string): StoredArtifact {
    const a: StoredArtifact = {
      id: this.nextId++,
      name: u.name,
      size: blob.length,
      digest,
      zip: blob,
      runBackendId: u.runBackendId,
      jobBackendId: u.jobBackendId,
      createdAt: new Date().toISOString(),
      expiresAt: u.expiresAt,
      deleted: false
    }
    this.stored.push(a)
    u.artifact = a
    this.uploadOfArtifact.set(a.id, u)
    this.pending.delete(pendingKey(u.runBackendId, u.name))
    return a
  }

  /** A SAS-style URL of the upload's blob, valid for `seconds`. */
  blobUrl(u: Upload, sig: string, perms: string, seconds: number): string {
    const se = new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
    const q = new URLSearchParams({ sv: AZURE_VERSION, sr: 'b', sp: perms, se, sig })
    return `${this.origin}/blob/${u.key}/${encodeURIComponent(u.name)}.zip?${q.toString()}`
  }
}
