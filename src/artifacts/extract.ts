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
 *
 * The parts: `entry-filter.ts` (names, types, modes, counted limits),
 * `safe-unpack.ts` (node-tar behind that filter), `limits.ts`,
 * `archive-faults.ts` (what went wrong, in words) and `staging.ts` (the
 * folders and the move into place).
 */
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { gzipFailure, isZlibError, tarFailure } from './archive-faults.js'
import { DEFAULT_LIMITS, type ExtractLimits } from './limits.js'
import { SafeUnpack } from './safe-unpack.js'
import { walkTree } from './staging.js'
import type { ExtractedFile, SkippedEntry } from './types.js'

/** What an extraction left in its folder, and what it did not extract. */
export interface ExtractResult {
  /** Regular files in the extracted tree, sorted by path. */
  files: ExtractedFile[]
  totalBytes: number
  skipped: SkippedEntry[]
  /** Entries read from the archive (meta entries aside). */
  entries: number
}

/** The download as it passes: how many bytes, and how it started (for a message about non-gzip data). */
class SourceProbe {
  bytes = 0
  firstBytes: Buffer | null = null

  constructor(private readonly source: AsyncIterable<Uint8Array>) {}

  async *chunks(): AsyncGenerator<Uint8Array> {
    for await (const chunk of this.source) {
      if (this.firstBytes === null) this.firstBytes = Buffer.from(chunk.subarray(0, 32))
      this.bytes += chunk.length
      yield chunk
    }
  }
}

/**
 * Streams a gzip'd tar into `dir` (an existing, empty folder) under the
 * rules above and answers what landed there. `source` may throw its own
 * errors (a broken download): they pass through untouched.
 */
export async function extractTarGz(
  source: AsyncIterable<Uint8Array>,
  dir: string,
  limits: ExtractLimits = DEFAULT_LIMITS,
  opts: { signal?: AbortSignal } = {}
): Promise<ExtractResult> {
  const unpack = new SafeUnpack(dir, limits)
  const probe = new SourceProbe(source)
  try {
    await pipeline(
      probe.chunks(),
      // Large chunks: fewer, larger writes.
      createGunzip({ chunkSize: 1024 * 1024 }),
      (tarStream: AsyncIterable<Buffer>) => unpack.consume(tarStream),
      opts.signal ? { signal: opts.signal } : {}
    )
  } catch (error) {
    unpack.stop()
    if (unpack.isEmptyArchive(error)) {
      return { files: [], totalBytes: 0, skipped: unpack.filter.skipped, entries: 0 }
    }
    throw extractionFailure(error, unpack, probe)
  }
  const tree = await walkTree(dir)
  return {
    files: tree.files,
    totalBytes: tree.files.reduce((sum, f) => sum + f.size, 0),
    skipped: [...unpack.filter.skipped, ...tree.removed],
    entries: unpack.filter.entries
  }
}

/** The error to throw for what stopped the pipeline: a limit first, then the tar or gzip fault. */
function extractionFailure(error: unknown, unpack: SafeUnpack, probe: SourceProbe): unknown {
  if (unpack.limitFault) return unpack.limitFault
  if (unpack.tarFault !== null && error === unpack.tarFault) {
    return tarFailure(unpack.tarFault, unpack.filter.entries)
  }
  if (isZlibError(error)) return gzipFailure(error, probe.bytes, probe.firstBytes)
  return error
}
