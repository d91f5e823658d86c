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
 */
import { once } from 'node:events'
import { constants as fsConstants, type Dirent } from 'node:fs'
import {
  cp,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  realpath,
  rename,
  rm,
  rmdir,
  stat
} from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import * as tar from 'tar'
import { ActionError } from '../base/errors.js'
import { ArchiveError, ExtractLimitError } from './errors.js'
import { formatBytes } from '../text/sizes.js'
import { showName } from './logger.js'

export interface ExtractLimits {
  /** Most bytes the tar stream may unpack to (file contents plus tar headers); default 10 GiB. */
  maxBytes: number
  /** Most entries (files, folders, skipped entries); default 100,000. */
  maxEntries: number
  /** Most path segments of an entry; default 64. */
  maxDepth: number
}

export const DEFAULT_LIMITS: Readonly<ExtractLimits> = {
  maxBytes: 10 * 1024 ** 3,
  maxEntries: 100_000,
  maxDepth: 64
}

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

export interface ExtractResult {
  /** Regular files in the extracted tree, sorted by path. */
  files: ExtractedFile[]
  totalBytes: number
  skipped: SkippedEntry[]
  /** Entries read from the archive (meta entries aside). */
  entries: number
}

export type PathCheck =
  | { kind: 'ok'; path: string; depth: number }
  | { kind: 'root' }
  | { kind: 'unsafe'; reason: string }

/**
 * Checks an entry name from an archive: answers the normalised relative
 * path (`./` and empty segments removed), `root` for the archive's `./`
 * entry, or why the entry is unsafe. Backslashes count as separators here,
 * so a name that would climb out on Windows is refused everywhere.
 */
export function checkEntryPath(name: string): PathCheck {
  if (name.includes('\0')) return { kind: 'unsafe', reason: 'the name holds a NUL character' }
  if (/^[/\\]/.test(name) || /^[A-Za-z]:[/\\]/.test(name)) {
    return { kind: 'unsafe', reason: 'absolute path' }
  }
  const raw = name.split(/[/\\]/)
  if (raw.includes('..')) return { kind: 'unsafe', reason: "the path climbs out with '..'" }
  const segments = name.split('/').filter(s => s !== '' && s !== '.')
  if (segments.length === 0) return { kind: 'root' }
  return { kind: 'ok', path: segments.join('/'), depth: segments.length }
}

/** Files keep an execute bit if they had any; nothing else of the archive's mode survives. */
export function safeFileMode(mode: number | undefined): number {
  return mode !== undefined && (mode & 0o111) !== 0 ? 0o755 : 0o644
}

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile'])
const DIR_TYPES = new Set(['Directory', 'GNUDumpDir'])
/** Entry types that are hostile whatever their name (links and unknown types are only skipped). */
const HOSTILE_TYPES = new Set(['CharacterDevice', 'BlockDevice', 'FIFO'])

/** Why an entry that is neither a regular file nor a folder is not extracted, and whether that is hostile. */
function skippedByType(entry: tar.ReadEntry): SkippedEntry {
  return { path: entry.path, reason: skipReason(entry), hostile: HOSTILE_TYPES.has(entry.type) }
}

function skipReason(entry: tar.ReadEntry): string {
  const target = entry.linkpath ? ` to ${showName(entry.linkpath)}` : ''
  switch (entry.type) {
    case 'SymbolicLink':
      return `symbolic link${target}`
    case 'Link':
      return `hard link${target}`
    case 'CharacterDevice':
      return 'character device'
    case 'BlockDevice':
      return 'block device'
    case 'FIFO':
      return 'FIFO (named pipe)'
    default:
      return `unsupported entry type ${entry.type}`
  }
}

/** Marks a break of the download stream, as opposed to a fault of the archive. */
function isZlibError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && code.startsWith('Z_')
}

function describeStart(bytes: Buffer | null): string {
  if (bytes === null || bytes.length === 0) return 'nothing: the body is empty'
  const text = bytes.toString('latin1')
  // Printable text (an HTML or XML error page) is shown as text, anything else as hex.
  if (/^[\x20-\x7e\t\r\n]+$/.test(text)) {
    return `the text ${showName(text.replace(/\s+/g, ' ').slice(0, 32))}`
  }
  return `the bytes ${bytes.subarray(0, 8).toString('hex')}`
}

function hasNonZero(chunk: Buffer): boolean {
  for (let i = 0; i < chunk.length; i++) if (chunk[i] !== 0) return true
  return false
}

interface TarErrorData {
  tarCode?: string
  code?: string
  syscall?: string
  entry?: { path?: string }
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
  const skipped: SkippedEntry[] = []
  const seen = new WeakSet<object>()
  let entries = 0
  let declaredBytes = 0
  let unpackedBytes = 0
  let compressedBytes = 0
  let firstBytes: Buffer | null = null
  let sawNonZero = false
  // Set from callbacks; a plain object keeps TypeScript from narrowing them to null.
  const fault: { limit: ExtractLimitError | null; tar: (Error & TarErrorData) | null } = {
    limit: null,
    tar: null
  }

  const overLimit = (error: ExtractLimitError): false => {
    fault.limit ??= error
    return false
  }
  const bytesLimit = (): ExtractLimitError =>
    new ExtractLimitError(
      'bytes',
      `The output archive unpacks to more than ${formatBytes(limits.maxBytes)}, the limit of ` +
        `what the action extracts (${limits.maxBytes} bytes); nothing was extracted. An archive ` +
        `this large is more likely a decompression bomb than a run's output.`
    )

  /** Counts an entry; false once a limit was passed (then nothing more is taken or reported). */
  const count = (): boolean => {
    if (fault.limit) return false
    entries++
    if (entries > limits.maxEntries) {
      return overLimit(
        new ExtractLimitError(
          'entries',
          `The output archive holds more than ${limits.maxEntries} entries (files and folders), ` +
            `the limit of what the action extracts; nothing was extracted.`
        )
      )
    }
    return true
  }

  const admit = (entry: tar.ReadEntry): boolean => {
    seen.add(entry)
    if (!count()) return false
    const check = checkEntryPath(entry.path)
    if (check.kind === 'root') return false
    if (check.kind === 'unsafe') {
      skipped.push({ path: entry.path, reason: check.reason, hostile: true })
      return false
    }
    if (check.depth > limits.maxDepth) {
      return overLimit(
        new ExtractLimitError(
          'depth',
          `The output archive has an entry ${check.depth} folders deep, more than the limit of ` +
            `${limits.maxDepth}: ${showName(entry.path.slice(0, 120))}; nothing was extracted.`
        )
      )
    }
    if (FILE_TYPES.has(entry.type)) {
      declaredBytes += entry.size
      if (declaredBytes > limits.maxBytes) return overLimit(bytesLimit())
      entry.mode = safeFileMode(entry.mode)
    } else if (DIR_TYPES.has(entry.type)) {
      entry.mode = 0o755
    } else {
      skipped.push(skippedByType(entry))
      return false
    }
    // node-tar writes exactly the path that was checked; the `./` keeps a name like
    // `c:x` from being read as a Windows drive and stripped.
    entry.path = `./${check.path}`
    return true
  }

  // The synchronous unpacker writes each chunk as it comes, in this thread, while zlib
  // decompresses the next ones in the thread pool: about 1.5x faster than the asynchronous
  // one, whose every write waits for a thread-pool round trip (and it holds less memory).
  const unpack = new tar.UnpackSync({
    cwd: dir,
    strict: true,
    preserveOwner: false,
    preservePaths: false,
    unlink: false,
    keep: false,
    // Defence in depth: node-tar's own depth check, above ours.
    maxDepth: limits.maxDepth + 1,
    brotli: false,
    zstd: false,
    filter: (_path, entry) => admit(entry as tar.ReadEntry)
  })
  // Entries node-tar ignores before any filter (unknown types) still count and are reported.
  unpack.on('ignoredEntry', (entry: tar.ReadEntry) => {
    if (seen.has(entry) || entry.meta) return
    seen.add(entry)
    if (!count()) return
    const check = checkEntryPath(entry.path)
    skipped.push(
      check.kind === 'unsafe'
        ? { path: entry.path, reason: check.reason, hostile: true }
        : skippedByType(entry)
    )
  })
  const failed = new Promise<never>((_, reject) => {
    unpack.on('error', (error: Error & TarErrorData) => {
      fault.tar ??= error
      reject(error)
    })
  })
  failed.catch(() => undefined)
  const closed = new Promise<void>(resolve => unpack.on('close', () => resolve()))

  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      if (firstBytes === null) firstBytes = Buffer.from(chunk.subarray(0, 32))
      compressedBytes += chunk.length
      yield chunk
    }
  }

  const throwIfFailed = (): void => {
    if (fault.limit) throw fault.limit
    if (fault.tar) throw fault.tar
  }

  try {
    await pipeline(
      counted(),
      // Large chunks: fewer, larger writes.
      createGunzip({ chunkSize: 1024 * 1024 }),
      async (tarStream: AsyncIterable<Buffer>) => {
        for await (const chunk of tarStream) {
          unpackedBytes += chunk.length
          if (unpackedBytes > limits.maxBytes) overLimit(bytesLimit())
          throwIfFailed()
          if (!sawNonZero) sawNonZero = hasNonZero(chunk)
          const more = unpack.write(chunk)
          throwIfFailed()
          if (!more) await Promise.race([once(unpack, 'drain'), failed])
          throwIfFailed()
        }
        unpack.end()
        await Promise.race([closed, failed])
        throwIfFailed()
      },
      opts.signal ? { signal: opts.signal } : {}
    )
  } catch (error) {
    if (fault.tar === null) unpack.abort(new Error('extraction stopped'))
    if (fault.limit) throw fault.limit
    if (fault.tar !== null && error === fault.tar) {
      // A tar stream of nothing but zero blocks (or nothing at all) is an empty archive.
      if (fault.tar.tarCode === 'TAR_BAD_ARCHIVE' && !sawNonZero) {
        return { files: [], totalBytes: 0, skipped, entries: 0 }
      }
      throw tarFailure(fault.tar, entries)
    }
    if (isZlibError(error)) throw gzipFailure(error, compressedBytes, firstBytes)
    throw error
  }
  const tree = await walkTree(dir)
  return {
    files: tree.files,
    totalBytes: tree.files.reduce((sum, f) => sum + f.size, 0),
    skipped: [...skipped, ...tree.removed],
    entries
  }
}

function gzipFailure(
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

function tarFailure(error: Error & TarErrorData, entries: number): ActionError {
  const at = error.entry?.path ? ` at entry ${showName(error.entry.path)}` : ''
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

/**
 * Lists the regular files under `dir` with lstat (links are never
 * followed). Anything that is neither a file nor a folder is removed and
 * reported; the extraction rules should make that impossible.
 */
export async function walkTree(
  dir: string
): Promise<{ files: ExtractedFile[]; removed: SkippedEntry[] }> {
  const files: ExtractedFile[] = []
  const removed: SkippedEntry[] = []
  const pending: string[] = ['']
  while (pending.length > 0) {
    const rel = pending.pop() as string
    let items: Dirent[]
    try {
      items = await readdir(join(dir, rel), { withFileTypes: true })
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') continue
      throw error
    }
    for (const item of items) {
      const path = rel === '' ? item.name : `${rel}/${item.name}`
      const full = join(dir, path)
      const st = await lstat(full)
      if (st.isDirectory()) pending.push(path)
      else if (st.isFile()) files.push({ path, size: st.size })
      else {
        await rm(full, { force: true })
        removed.push({
          path,
          reason: 'not a regular file or folder after extraction',
          hostile: false
        })
      }
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return { files, removed }
}

/** Where the files go, resolved: an existing symlink to a folder counts as that folder. */
export async function resolveDestination(dest: string): Promise<string> {
  let st
  try {
    st = await lstat(dest)
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return dest
    throw error
  }
  if (st.isSymbolicLink()) {
    const target = await stat(dest).catch(() => null)
    if (target?.isDirectory()) return realpath(dest)
    throw new ActionError(
      `The \`path\` ${dest} is a symbolic link that does not lead to a folder; give a folder to extract the output files into.`
    )
  }
  if (!st.isDirectory()) {
    throw new ActionError(
      `The \`path\` ${dest} exists and is not a folder; give a folder (new or existing) to extract the output files into.`
    )
  }
  return dest
}

/** A fresh, empty staging folder next to `target` (same file system, so moving is a rename). */
export async function createStaging(target: string): Promise<string> {
  const parent = dirname(target)
  await mkdir(parent, { recursive: true })
  return mkdtemp(join(parent, `.${basename(target)}.vm0-`))
}

/** Removes a staging folder and everything in it. */
export async function removeTree(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 })
}

/**
 * Moves the staging folder's content into `target`: a rename when the
 * target does not exist or is empty, else a merge in which the archive's
 * files replace same-named ones (a same-named folder, file or link of the
 * destination is removed first, so nothing is ever written through an
 * existing link) and other content of the destination stays. The staging
 * folder is gone afterwards.
 */
export async function installTree(staging: string, target: string): Promise<'created' | 'merged'> {
  try {
    if (await moveIfFree(staging, target)) return 'created'
    await merge(staging, target)
    return 'merged'
  } finally {
    await removeTree(staging)
  }
}

async function moveIfFree(staging: string, target: string): Promise<boolean> {
  const st = await lstat(target).catch(() => null)
  if (st !== null) {
    if (!st.isDirectory()) return false
    try {
      await rmdir(target)
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code === 'ENOTEMPTY' || code === 'EEXIST') return false
      throw error
    }
  }
  await moveEntry(staging, target)
  return true
}

async function moveEntry(from: string, to: string): Promise<void> {
  try {
    await rename(from, to)
  } catch (error) {
    if ((error as { code?: string }).code !== 'EXDEV') throw error
    // A destination that is its own mount: copy (links are never dereferenced), then remove.
    await cp(from, to, {
      recursive: true,
      force: true,
      verbatimSymlinks: true,
      mode: fsConstants.COPYFILE_FICLONE
    })
    await removeTree(from)
  }
}

async function merge(from: string, to: string): Promise<void> {
  for (const item of await readdir(from, { withFileTypes: true })) {
    const source = join(from, item.name)
    const dest = join(to, item.name)
    const existing = await lstat(dest).catch(() => null)
    if (existing === null) {
      await moveEntry(source, dest)
    } else if (existing.isDirectory() && item.isDirectory()) {
      await merge(source, dest)
    } else {
      await rm(dest, { recursive: true, force: true })
      await moveEntry(source, dest)
    }
  }
}
