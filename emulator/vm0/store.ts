/** Agents, artifacts and volumes: the read-only resources of the API. */
import { readTarGz } from '../tar.js'
import { isUuid, iso, newId, randomHex, sha256 } from './ids.js'
import type { RunScript } from './types.js'

interface AgentVersion {
  id: string
  versionNumber: number
  createdAt: number
}

export interface AgentRecord {
  id: string
  name: string
  createdAt: number
  updatedAt: number
  /** Oldest first. */
  versions: AgentVersion[]
  script: RunScript | undefined
}

export interface StoredVersion {
  id: string
  archive: Buffer
  size: number
  fileCount: number
  /** A well-formed archive without any entry but folders: the service has nothing to download (404). */
  empty: boolean
  message: string
  createdBy: string
  createdAt: number
}

export interface StoredCollection {
  id: string
  name: string
  createdAt: number
  updatedAt: number
  headId: string
  /** Oldest first. */
  versions: StoredVersion[]
}

/** Lists are served newest first; records created in the same ms keep their order. */
export function newestFirst<T extends { createdAt: number }>(items: T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => b.item.createdAt - a.item.createdAt || b.index - a.index)
    .map(({ item }) => item)
}

export class Agents {
  private byId = new Map<string, AgentRecord>()

  add(
    given: string,
    opts: { id?: string; versions?: number; script?: RunScript } = {}
  ): AgentRecord {
    const id = opts.id ?? newId()
    if (!isUuid(id)) throw new Error(`agent id must be a UUID, got '${id}'`)
    // The service stores agent names lower-case (as `vm0 compose` writes them).
    const name = given.toLowerCase()
    if (this.findByName(name) !== undefined) throw new Error(`agent '${name}' already exists`)
    const now = Date.now()
    const count = opts.versions ?? 1
    const versions: AgentVersion[] = []
    for (let n = 1; n <= count; n++) {
      versions.push({ id: sha256(`${id}:${n}`), versionNumber: n, createdAt: now })
    }
    const agent: AgentRecord = {
      id,
      name,
      createdAt: now,
      updatedAt: now,
      versions,
      script: opts.script
    }
    this.byId.set(id, agent)
    return agent
  }

  get(id: string): AgentRecord | undefined {
    return this.byId.get(id)
  }

  findByName(name: string): AgentRecord | undefined {
    for (const agent of this.byId.values()) if (agent.name === name) return agent
    return undefined
  }

  all(): AgentRecord[] {
    return [...this.byId.values()]
  }

  /** Wire shape of an agent. */
  static view(agent: AgentRecord): object {
    return {
      id: agent.id,
      name: agent.name,
      currentVersionId: agent.versions.at(-1)?.id ?? null,
      createdAt: iso(agent.createdAt),
      updatedAt: iso(agent.updatedAt)
    }
  }
}

function archiveStats(archive: Buffer): { size: number; fileCount: number; empty: boolean } {
  try {
    // Hostile archives (bombs) are read only so far: their stats stop there.
    const entries = readTarGz(archive, 256 * 1024 * 1024)
    const files = entries.filter(entry => entry.type === 'file')
    return {
      size: files.reduce((sum, f) => sum + f.content.length, 0),
      fileCount: files.length,
      empty: entries.every(entry => entry.type === 'dir')
    }
  } catch {
    // A deliberately broken archive still gets stored and served as it is.
    return { size: archive.length, fileCount: 0, empty: false }
  }
}

export type CollectionKind = 'artifact' | 'volume'

/**
 * Artifacts or volumes: named, versioned archives. Versions are the SHA-256 of
 * the archive, so committing identical content moves the head to the existing
 * version instead of adding one.
 */
export class Collections {
  private byId = new Map<string, StoredCollection>()

  constructor(readonly kind: CollectionKind) {}

  commit(
    name: string,
    archive: Buffer,
    meta: { message: string; createdBy: string }
  ): { collection: StoredCollection; version: StoredVersion } {
    const now = Date.now()
    let collection = this.findByName(name)
    const versionId = sha256(archive)
    if (collection === undefined) {
      collection = {
        id: newId(),
        name,
        createdAt: now,
        updatedAt: now,
        headId: versionId,
        versions: []
      }
      this.byId.set(collection.id, collection)
    }
    let version = collection.versions.find(v => v.id === versionId)
    if (version === undefined) {
      version = { id: versionId, archive, ...archiveStats(archive), ...meta, createdAt: now }
      collection.versions.push(version)
    }
    collection.headId = versionId
    collection.updatedAt = now
    return { collection, version }
  }

  get(id: string): StoredCollection | undefined {
    return this.byId.get(id)
  }

  findByName(name: string): StoredCollection | undefined {
    for (const c of this.byId.values()) if (c.name === name) return c
    return undefined
  }

  all(): StoredCollection[] {
    return [...this.byId.values()]
  }

  head(collection: StoredCollection): StoredVersion {
    const head = collection.versions.find(v => v.id === collection.headId)
    if (head === undefined) throw new Error(`collection ${collection.id} lost its head`)
    return head
  }

  /**
   * A version by full id or unique prefix of at least 8 hex characters;
   * undefined when empty, too short, unknown or ambiguous.
   */
  resolve(collection: StoredCollection, ref: string): StoredVersion | undefined {
    const wanted = ref.toLowerCase()
    if (!/^[0-9a-f]{8,64}$/.test(wanted)) return undefined
    const matches = collection.versions.filter(v => v.id.startsWith(wanted))
    return matches.length === 1 ? matches[0] : undefined
  }

  private idKey(): string {
    return this.kind === 'artifact' ? 'artifactId' : 'volumeId'
  }

  /** Wire shape of a list item. */
  view(collection: StoredCollection): object {
    const head = this.head(collection)
    return {
      id: collection.id,
      name: collection.name,
      currentVersionId: head.id,
      size: head.size,
      fileCount: head.fileCount,
      createdAt: iso(collection.createdAt),
      updatedAt: iso(collection.updatedAt)
    }
  }

  /** Wire shape of a single artifact or volume. */
  detail(collection: StoredCollection): object {
    return {
      ...this.view(collection),
      currentVersion: this.versionView(collection, this.head(collection))
    }
  }

  versionView(collection: StoredCollection, version: StoredVersion): object {
    return {
      id: version.id,
      [this.idKey()]: collection.id,
      size: version.size,
      fileCount: version.fileCount,
      message: version.message,
      createdBy: version.createdBy,
      createdAt: iso(version.createdAt)
    }
  }
}

/** The storage side: objects by key, and the presigned URLs handed out for them. */
export class Storage {
  private objects = new Map<string, Buffer>()
  /** Objects stored with their own type (published files); archives are served as gzip. */
  private types = new Map<string, string>()
  private signatures = new Map<string, { key: string; expiresAt: number }>()

  constructor(private readonly ttlMs: number) {}

  /** Stores the version (idempotent) and answers a presigned URL for it. */
  presign(
    storageUrl: string,
    kind: CollectionKind,
    collectionId: string,
    version: StoredVersion
  ): string {
    const key = `vm0-storage/${kind}s/${collectionId}/${version.id}/archive.tar.gz`
    this.objects.set(key, version.archive)
    return this.sign(storageUrl, key)
  }

  private sign(storageUrl: string, key: string): string {
    const signature = randomHex(32)
    this.signatures.set(signature, { key, expiresAt: Date.now() + this.ttlMs })
    const expires = Math.ceil(this.ttlMs / 1000)
    return `${storageUrl}/${key}?X-Amz-Expires=${expires}&X-Amz-Signature=${signature}`
  }

  /** Stores an object under `key` (idempotent) and answers a fresh presigned URL for it. */
  presignObject(storageUrl: string, key: string, body: Buffer, contentType: string): string {
    this.objects.set(key, body)
    this.types.set(key, contentType)
    return this.sign(storageUrl, key)
  }

  contentType(key: string): string | undefined {
    return this.types.get(key)
  }

  object(key: string): Buffer | undefined {
    return this.objects.get(key)
  }

  signature(signature: string): { key: string; expiresAt: number } | undefined {
    return this.signatures.get(signature)
  }
}
