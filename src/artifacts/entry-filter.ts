/**
 * Which archive entries are extracted, decided one entry at a time before
 * node-tar writes anything: the name must stay inside the folder, the type
 * must be a regular file or a folder, the mode is normalised, and the
 * limits (entries, depth, declared bytes) are counted, nothing under a
 * `.git` path (in any of the spellings git itself treats as `.git`) is
 * taken, and no name Windows cannot hold (paths.ts: a device name, a
 * trailing dot or space, `:` and the other forbidden characters, a control
 * character, a part over 255 bytes) is written, whatever the OS, nor a
 * name that differs only in case from an earlier one.
 * Everything refused is recorded, so the caller can report the whole
 * archive.
 */
import type * as tar from 'tar'
import { cutChars } from '../text/sanitize.js'
import type { ExtractLimitError } from './errors.js'
import {
  DISK_RESERVE_BYTES,
  type ExtractLimits,
  MAX_KEPT_NAME,
  MAX_LISTED_SKIPPED,
  bytesLimitError,
  depthLimitError,
  diskLimitError,
  entriesLimitError
} from './limits.js'
import { windowsNameProblem } from './paths.js'
import { quote } from '../text/quote.js'
import type { SkippedEntry } from './types.js'

/** What {@link checkEntryPath} makes of a name. */
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

/**
 * Code points HFS+ ignores in names (as git's `is_hfs_dotgit`): `.g\u200cit`
 * is `.git` on a Mac.
 */
const HFS_IGNORED = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/gu

/**
 * Whether one path segment names a git folder on some file system, as git
 * itself refuses: `.git` in any case; with trailing spaces or dots and with
 * an NTFS stream suffix (`.git.`, `.git `, `.git::$INDEX_ALLOCATION`), which
 * Windows reads as `.git`; the 8.3 short name `git~1`; and `.git` with code
 * points HFS+ ignores.
 */
export function isGitSegment(segment: string): boolean {
  const colon = segment.indexOf(':')
  const name = (colon === -1 ? segment : segment.slice(0, colon))
    .replace(HFS_IGNORED, '')
    .toLowerCase()
    .replace(/[ .]+$/, '')
  return name === '.git' || name === 'git~1'
}

/**
 * The part of `path` up to and including its first git segment (see
 * {@link isGitSegment}), e.g. `sub/.GIT` of `sub/.GIT/hooks/pre-commit`;
 * null when it has none. Backslashes count as separators, as on Windows.
 */
export function gitFolderOf(path: string): string | null {
  const segments = path.split(/[/\\]/)
  const at = segments.findIndex(isGitSegment)
  return at === -1 ? null : segments.slice(0, at + 1).join('/')
}

/** Why an entry under a `.git` path is refused. */
export const GIT_REFUSED_REASON =
  'under a .git path: git metadata (hooks, config) from an archive could run in a later step'

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
  const target = entry.linkpath ? ` to ${quote(entry.linkpath)}` : ''
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

/**
 * A copy of `text` that holds no reference to a larger string: V8 keeps the
 * whole string a slice was cut from, so a kept 1 KiB cut of a 1 MiB name
 * would keep the MiB.
 */
function copied(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8')
}

/**
 * The spelling each path (and each folder on its way) was first extracted
 * under, keyed without case and Unicode form: Windows and macOS read
 * `README.md` and `readme.md` (and `café` composed or not, on macOS) as one
 * name, so there the second would replace or join the first, and here it
 * would not. The later spelling is skipped, on every OS alike.
 */
class FirstSpellings {
  // A tree of folders (one map a level), so each part of a path is folded and looked up once.
  private readonly root: SpellingNode = new Map()

  /** The earlier spelling `path` or one of its folders clashes with; null (and recorded) when none. */
  clash(path: string): string | null {
    const parts = path.split('/')
    let level = this.root
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? ''
      const key = part.normalize('NFC').toLowerCase()
      let node = level.get(key)
      if (node === undefined) {
        node = { spelling: part, children: new Map() }
        level.set(key, node)
      } else if (node.spelling !== part) {
        return [...parts.slice(0, i), node.spelling].join('/')
      }
      level = node.children
    }
    return null
  }
}

type SpellingNode = Map<string, { spelling: string; children: SpellingNode }>

/** Why an entry is skipped when a name differing only in case came first. */
function caseClashReason(earlier: string): string {
  return `the name differs only in case or Unicode form from ${quote(earlier)}, which Windows and macOS read as the same name`
}

/** What a file takes on disk beyond its bytes, at most (a block for its inode and folder entry). */
const ENTRY_OVERHEAD = 4096

/**
 * node-tar's `filter` and `ignoredEntry` under the extraction rules. Once a
 * limit is passed nothing more is taken or reported: the extraction fails
 * with {@link limitFault}.
 */
export class EntryFilter {
  /**
   * Entries not extracted, in archive order: the first
   * {@link MAX_LISTED_SKIPPED} hostile ones and as many others, names cut at
   * {@link MAX_KEPT_NAME} characters, so a hostile archive cannot fill the memory.
   */
  readonly skipped: SkippedEntry[] = []
  /** Every entry not extracted, listed in {@link skipped} or not. */
  skippedCount = 0
  /** Every hostile entry, listed or not. */
  hostileCount = 0
  /** Entries read from the archive (meta entries aside). */
  entries = 0
  /** The first limit passed, if any. */
  limitFault: ExtractLimitError | null = null
  private declaredBytes = 0
  private readonly listed = { hostile: 0, other: 0 }
  // node-tar may show an entry to both the filter and `ignoredEntry`: each counts once.
  private readonly seen = new WeakSet<object>()
  private readonly spellings = new FirstSpellings()

  /** `freeBytes`: free space on the volume written to, when extraction began. */
  constructor(
    private readonly limits: ExtractLimits,
    private readonly freeBytes = Infinity
  ) {}

  /** Records the first limit passed; false, so a filter can return it. */
  overLimit(error: ExtractLimitError): false {
    this.limitFault ??= error
    return false
  }

  /** Whether node-tar may write `entry`; rewrites its path and mode to the checked ones. */
  admit(entry: tar.ReadEntry): boolean {
    this.seen.add(entry)
    if (!this.count()) return false
    const check = checkEntryPath(entry.path)
    if (check.kind === 'root') return false
    if (check.kind === 'unsafe') {
      this.skip({ path: entry.path, reason: check.reason, hostile: true })
      return false
    }
    if (gitFolderOf(check.path) !== null) {
      // Counted and capped like every other skipped entry.
      this.skip({ path: entry.path, reason: GIT_REFUSED_REASON, hostile: false })
      return false
    }
    const windows = windowsNameProblem(check.path)
    if (windows !== null) {
      this.skip({ path: entry.path, reason: windows, hostile: false })
      return false
    }
    if (check.depth > this.limits.maxDepth) {
      return this.overLimit(depthLimitError(this.limits, check.depth, entry.path))
    }
    const earlier =
      FILE_TYPES.has(entry.type) || DIR_TYPES.has(entry.type)
        ? this.spellings.clash(check.path)
        : null
    if (earlier !== null) {
      this.skip({ path: entry.path, reason: caseClashReason(earlier), hostile: false })
      return false
    }
    if (FILE_TYPES.has(entry.type)) {
      this.declaredBytes += entry.size
      if (this.declaredBytes > this.limits.maxBytes) {
        return this.overLimit(bytesLimitError(this.limits))
      }
      const needed = this.declaredBytes + this.entries * ENTRY_OVERHEAD
      if (needed > this.freeBytes - DISK_RESERVE_BYTES) {
        return this.overLimit(diskLimitError(needed, this.freeBytes))
      }
      entry.mode = safeFileMode(entry.mode)
    } else if (DIR_TYPES.has(entry.type)) {
      entry.mode = 0o755
    } else {
      this.skip(skippedByType(entry))
      return false
    }
    // node-tar writes exactly the path that was checked; the `./` keeps a name from ever
    // being read as a Windows drive (none with a `:` gets here, but node-tar strips `c:`).
    entry.path = `./${check.path}`
    return true
  }

  /** Entries node-tar ignores before any filter (unknown types) still count and are reported. */
  ignored(entry: tar.ReadEntry): void {
    if (this.seen.has(entry) || entry.meta) return
    this.seen.add(entry)
    if (!this.count()) return
    const check = checkEntryPath(entry.path)
    this.skip(
      check.kind === 'unsafe'
        ? { path: entry.path, reason: check.reason, hostile: true }
        : check.kind === 'ok' && gitFolderOf(check.path) !== null
          ? { path: entry.path, reason: GIT_REFUSED_REASON, hostile: false }
          : skippedByType(entry)
    )
  }

  /** Counts a skipped entry, and lists it while its kind's list has room. */
  private skip(entry: SkippedEntry): void {
    this.skippedCount++
    if (entry.hostile) this.hostileCount++
    const kind = entry.hostile ? 'hostile' : 'other'
    if (this.listed[kind] >= MAX_LISTED_SKIPPED) return
    this.listed[kind]++
    this.skipped.push({
      ...entry,
      path: copied(cutChars(entry.path, MAX_KEPT_NAME)),
      reason: copied(entry.reason)
    })
  }

  /** Counts an entry; false once a limit was passed. */
  private count(): boolean {
    if (this.limitFault) return false
    this.entries++
    if (this.entries > this.limits.maxEntries) {
      return this.overLimit(entriesLimitError(this.limits))
    }
    return true
  }
}
