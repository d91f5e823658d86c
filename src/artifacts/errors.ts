/**
 * Errors of the artifacts stage. Each fails the step with a message that
 * says what happened to the archive and what the user can do; none holds a
 * presigned URL.
 */
import { ActionError } from '../base/errors.js'
import { listOf, quote } from '../text/quote.js'

/** The archive cannot be read: not gzip, truncated, or a damaged tar stream. */
export class ArchiveError extends ActionError {
  override name = 'ArchiveError'
  constructor(
    readonly kind: 'not-gzip' | 'truncated' | 'damaged',
    message: string
  ) {
    super(message)
  }
}

/** The archive goes beyond a limit of the extraction (total bytes, entries, depth, free disk space). */
export class ExtractLimitError extends ActionError {
  override name = 'ExtractLimitError'
  constructor(
    readonly limit: 'bytes' | 'entries' | 'depth' | 'disk',
    message: string
  ) {
    super(message)
  }
}

/** `if-no-files-found: error` and the run left no files to collect. */
export class NoFilesError extends ActionError {
  override name = 'NoFilesError'
}

/** The workflow artifact could not be uploaded (name, conflict, service). */
export class UploadError extends ActionError {
  override name = 'UploadError'
}

/** How many hostile entries an UnsafeArchiveError's message names (the log names them all). */
const NAMED_ENTRIES = 3

/**
 * The archive holds hostile entries: names that are absolute, climb out
 * with `..` or hold a NUL; devices; FIFOs. Nothing was extracted into
 * `path` and nothing was uploaded. `entries` lists every one of them.
 */
export class UnsafeArchiveError extends ActionError {
  override name = 'UnsafeArchiveError'
  constructor(
    readonly entries: ReadonlyArray<{ path: string; reason: string }>,
    where: { path: string; runId: string; artifactName: string; versionId: string },
    /** Every hostile entry, when `entries` lists only the first ones. */
    count = entries.length
  ) {
    const shown = entries.slice(0, NAMED_ENTRIES).map(e => `${quote(e.path)} (${e.reason})`)
    const named = listOf(shown, 'and', { total: count })
    super(
      `The output archive holds ${count} unsafe ${count === 1 ? 'entry' : 'entries'}: ${named}. ` +
        `${count === 1 ? 'It is' : count > 200 ? 'The first 200 are' : 'Each one is'} named in the log. Nothing was extracted into ` +
        `\`path\` (${where.path}) and nothing was uploaded. A VM0 sandbox does not produce ` +
        `absolute or '..' paths, NUL characters in names, devices or FIFOs, so the archive may ` +
        `have been tampered with: check run ${where.runId} and version ` +
        `${where.versionId.slice(0, 12)} of artifact ${quote(where.artifactName)}.`
    )
  }
}
