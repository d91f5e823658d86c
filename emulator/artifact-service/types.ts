/** Records the artifact service's parts share: injected failures, finalized artifacts, requests. */

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

/** A finalized upload. */
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

/** One request the service received, filled in as it is answered. */
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
