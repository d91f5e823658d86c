/**
 * What went wrong with an archive, in words: a gzip stream that is not gzip,
 * ends early or is damaged; a tar stream that is not tar or is damaged; a
 * write that failed.
 */
import { ActionError } from '../base/errors.js'
import { ArchiveError } from './errors.js'
import { quote } from '../text/quote.js'

/** What node-tar puts on its errors. */
export interface TarErrorData {
  tarCode?: string
  code?: string
  syscall?: string
  entry?: { path?: string }
}

/** Marks a fault of the gzip stream, as opposed to one of the tar stream or of the disk. */
export function isZlibError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('Z_')
}

/** The first bytes, as hex: a remote answer is never echoed as text into a log line. */
function describeStart(bytes: Buffer | null): string {
  if (bytes === null || bytes.length === 0) return 'nothing: the body is empty'
  const hex = bytes.subarray(0, 8).toString('hex')
  // `<` (0x3c) first: most likely an HTML or XML error page.
  return `the bytes ${hex}${bytes[0] === 0x3c ? ' (text, perhaps an HTML or XML error page)' : ''}`
}

/** The ArchiveError for zlib's `error`, given how many bytes came and how they started. */
export function gzipFailure(
  error: Error & { code: string },
  compressedBytes: number,
  firstBytes: Buffer | null
): ArchiveError {
  if (error.code === 'Z_BUF_ERROR' || /unexpected end/i.test(error.message)) {
    if (compressedBytes === 0) {
      return new ArchiveError('not-gzip', 'The output archive is empty: the download had no bytes.')
    }
    return new ArchiveError(
      'truncated',
      `The output archive is truncated: its gzip stream ends early, after ${compressedBytes} ` +
        `bytes. The stored archive is incomplete or damaged; nothing was extracted.`
    )
  }
  if (/header check/i.test(error.message)) {
    return new ArchiveError(
      'not-gzip',
      `The output archive is not gzip data: it starts with ${describeStart(firstBytes)}. ` +
        `Nothing was extracted.`
    )
  }
  return new ArchiveError(
    'damaged',
    `The output archive's gzip stream is damaged (${error.message}); nothing was extracted.`
  )
}

/** The error for node-tar's `error` after `entries` entries: a damaged archive, or a failed write. */
export function tarFailure(error: Error & TarErrorData, entries: number): ActionError {
  const at = error.entry?.path ? ` at entry ${quote(error.entry.path)}` : ''
  if (error.syscall !== undefined && typeof error.code === 'string') {
    return new ActionError(
      `Could not write the output files${at}: ${error.code} (${error.message}). Nothing was extracted.`,
      { cause: error }
    )
  }
  const message = error.message.replace(/^TAR_[A-Z_]+: /, '')
  if (entries === 0) {
    return new ArchiveError(
      'damaged',
      `The output archive is gzip data but not a tar archive (${message}); nothing was extracted.`
    )
  }
  return new ArchiveError(
    'damaged',
    `The output archive is damaged${at}: ${message}. Nothing was extracted.`
  )
}
