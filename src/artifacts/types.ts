/**
 * The values the artifacts stage hands up: what was extracted, what was
 * skipped, what was uploaded. Plain data, so the report and the outputs can
 * read a collection without importing how it was made.
 */

/** A regular file that was extracted; `path` is relative, `/`-separated. */
export interface ExtractedFile {
  path: string
  size: number
}

/** An archive entry that was not extracted, and why. */
export interface SkippedEntry {
  path: string
  reason: string
  /**
   * A hostile entry: its name is absolute, climbs out with `..` or holds a
   * NUL, or it is a character device, block device or FIFO. A VM0 sandbox
   * does not produce one; collecting fails on it. Links and unsupported
   * entry types are not hostile: they are only skipped.
   */
  hostile: boolean
}

/** The workflow artifact the files were uploaded as. */
export interface UploadedArtifact {
  id: number
  name: string
  /** Its page in the workflow run; null without the run context (`GITHUB_REPOSITORY`, `GITHUB_RUN_ID`). */
  url: string | null
  /** The artifact's SHA-256 digest as the service reports it. */
  digest: string | null
}

/** What collecting a run's output produced. */
export interface CollectResult {
  /** The VM0 artifact version that was collected (also when it held no files). */
  artifactVersion: string | null
  /** Where the files are: set whenever the folder exists (even empty, with `if-no-files-found` warn/ignore). */
  artifactsPath: string | null
  /** Regular files extracted, relative to `artifactsPath`, sorted. */
  files: Array<{ path: string; size: number }>
  totalBytes: number
  /** Archive entries not extracted, and extracted files not uploaded, with the reason. */
  skipped: Array<{ path: string; reason: string }>
  /** The workflow artifact; null when nothing was uploaded. */
  upload: UploadedArtifact | null
  /** Why nothing was collected, for the job summary, when files were asked for and none came. */
  note?: string | null
}

/** A collection that found nothing to collect. */
export function emptyCollectResult(): CollectResult {
  return {
    artifactVersion: null,
    artifactsPath: null,
    files: [],
    totalBytes: 0,
    skipped: [],
    upload: null
  }
}
