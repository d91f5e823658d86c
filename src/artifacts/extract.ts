/**
 * Safe extraction of a run's output archive (gzip'd tar), streamed.
 *
 * Rules, in order of an entry's life:
 * - An entry whose name is absolute, has a `..` segment or holds a NUL is
 *   not extracted and is reported as hostile. `./`-prefixed entries and the
 *   `./` root entry are normal.
 * - Regular files and folders are extracted. Character and block devices
 *   and FIFOs are not, and are reported as hostile; symbolic links, hard
 *   links and unknown entry types are not either, and are reported as
 *   skipped. Nothing can be written through a link or outside the folder.
 *   Extraction reads on past every such entry, so the report is complete;
 *   the caller decides what a hostile entry means (collecting fails).
 * - Modes are normalised (files 0644, or 0755 when any execute bit is set;
 *   folders 0755): an archive cannot make its files unreadable, setuid or
 *   world-writable. Owners are never applied.
 * - Limits (total unpacked bytes, entries, depth) fail the extraction with
 *   an ExtractLimitError naming the limit; a stream that is not gzip, is
 *   truncated or holds a damaged tar fails it with an ArchiveError.
 * - Everything lands in a fresh staging folder next to the destination and
 *   is moved into place only when the whole archive was read: a failed
 *   extraction leaves nothing at the destination.
 * - Reading stops at the tar archive's end; bytes after the gzip data (a
 *   newline, zeros, garbage) are ignored.
 *
 * The parts: `gzip-reader.ts` (gzip members, and where they end),
 * `entry-filter.ts` (names, types, modes, counted limits, free space),
 * `safe-unpack.ts` (node-tar behind that filter), `limits.ts`,
 * `archive-faults.ts` (what went wrong, in words) and `staging.ts` (the
 * folders and the move into place).
 */
import { statfs } from 'node:fs/promises'
import { formatBytes } from '../text/sizes.js'
import { gzipFailure, isZlibError, tarFailure } from './archive-faults.js'
import { GzipReader } from './gzip-reader.js'
import { DEFAULT_LIMITS, type ExtractLimits } from './limits.js'
import { SafeUnpack } from './safe-unpack.js'
import { walkTree } from './staging.js'
import type { ExtractedFile, SkippedEntry } from './types.js'

/** What an extraction left in its folder, and what it did not extract. */
export interface ExtractResult {
  /** Regular files in the extracted tree, sorted by path. */
  files: ExtractedFile[]
  totalBytes: number
  /** Entries not extracted: at most 1,000 hostile ones and 1,000 others (see `skippedCount`). */
  skipped: SkippedEntry[]
  /** Every entry not extracted, listed in `skipped` or not. */
  skippedCount: number
  /** Every hostile entry, listed in `skipped` or not. */
  hostileCount: number
  /** Entries read from the archive (meta entries aside). */
  entries: number
}

/** How {@link extractTarGz} runs: a cancel signal, and where its debug lines go. */
export interface ExtractOptions {
  signal?: AbortSignal
  debug?: (message: string) => void
}

/** Free bytes on the volume of `dir` for an unprivileged writer; Infinity when it cannot be told. */
async function freeBytes(dir: string): Promise<number> {
  try {
    const fs = await statfs(dir)
    return fs.bavail * fs.bsize
  } catch {
    return Infinity
  }
}

/**
 * Streams a gzip'd tar into `dir` (an existing, empty folder) under the
 * rules above and answers what landed there. `source` may throw its own
 * errors (a broken download): they pass through untouched. Reading stops at
 * the tar archive's end: bytes after it, or after the gzip data, are
 * ignored with a debug line.
 */
export async function extractTarGz(
  source: AsyncIterable<Uint8Array>,
  dir: string,
  limits: ExtractLimits = DEFAULT_LIMITS,
  opts: ExtractOptions = {}
): Promise<ExtractResult> {
  const unpack = new SafeUnpack(dir, limits, await freeBytes(dir))
  const gzip = new GzipReader(source)
  try {
    await unpack.consume(gzip.chunks(), opts.signal)
  } catch (error) {
    unpack.stop()
    if (unpack.isEmptyArchive(error)) return { ...skippedOf(unpack), files: [], totalBytes: 0 }
    throw extractionFailure(error, unpack, gzip)
  }
  reportTrailing(unpack, gzip, opts.debug)
  const tree = await walkTree(dir)
  const skipped = skippedOf(unpack)
  return {
    ...skipped,
    files: tree.files,
    totalBytes: tree.files.reduce((sum, f) => sum + f.size, 0),
    skipped: [...skipped.skipped, ...tree.removed],
    skippedCount: skipped.skippedCount + tree.removed.length
  }
}

function skippedOf(unpack: SafeUnpack): Omit<ExtractResult, 'files' | 'totalBytes'> {
  const { filter } = unpack
  return {
    skipped: filter.skipped,
    skippedCount: filter.skippedCount,
    hostileCount: filter.hostileCount,
    entries: filter.entries
  }
}

function reportTrailing(unpack: SafeUnpack, gzip: GzipReader, debug?: (m: string) => void): void {
  if (!debug) return
  if (gzip.trailingBytes > 0) {
    debug(
      `Ignored ${formatBytes(gzip.trailingBytes)} after the end of the output archive's gzip data.`
    )
  } else if (unpack.tarEnded) {
    debug(
      `Stopped reading the output archive at the end of its tar data, after ` +
        `${formatBytes(gzip.bytes)} of the download; anything after it was ignored.`
    )
  }
}

/** The error to throw for what stopped the extraction: a limit first, then the tar or gzip fault. */
function extractionFailure(error: unknown, unpack: SafeUnpack, gzip: GzipReader): unknown {
  if (unpack.limitFault) return unpack.limitFault
  if (unpack.tarFault !== null && error === unpack.tarFault) {
    return tarFailure(unpack.tarFault, unpack.filter.entries)
  }
  if (isZlibError(error)) return gzipFailure(error, gzip.bytes, gzip.firstBytes)
  return error
}
