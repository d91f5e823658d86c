/**
 * The folders of an extraction: where the files go (`path`, resolved), the
 * fresh staging folder the archive is unpacked into, the listing of what
 * landed there, and the move into place once the whole archive was read,
 * so a failed extraction leaves nothing at the destination.
 */
import { constants as fsConstants, type Dirent, type Stats } from 'node:fs'
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
import { ActionError } from '../base/errors.js'
import { quote } from '../text/quote.js'
import type { ExtractedFile, SkippedEntry } from './types.js'

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

/**
 * An entry of the archive would replace something `path` already holds that
 * is not a regular file of the same name: a folder, a link, or a file where
 * the archive has a folder. Nothing was moved into `path`.
 */
class InstallConflictError extends ActionError {
  override name = 'InstallConflictError'
}

/**
 * Moves the staging folder's content into `target`: a rename when the
 * target does not exist or is empty, else a merge in which the archive's
 * regular files replace same-named regular files (an atomic rename: nothing
 * is written through an existing file or link) and everything else `target`
 * holds stays. Before anything moves, the whole merge is checked: an entry
 * that would replace a folder, a link or anything but a regular file, or a
 * folder of the archive where `target` has something else, fails it with an
 * {@link InstallConflictError} naming the entry, and `target` is left as it
 * was. The staging folder is gone afterwards.
 */
export async function installTree(staging: string, target: string): Promise<'created' | 'merged'> {
  try {
    if (await moveIfFree(staging, target)) return 'created'
    const conflict = await findConflict(staging, target, '')
    if (conflict !== null) throw conflictError(target, conflict)
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

/** An entry of the archive (relative path) and what `target` holds in its place. */
interface Conflict {
  path: string
  archive: 'file' | 'folder'
  existing: string
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder'
  if (st.isSymbolicLink()) return 'a symbolic link'
  if (st.isFile()) return 'a file'
  return 'a special file'
}

/** The first entry of `from` that cannot merge into `to` (see {@link installTree}), or null. */
async function findConflict(from: string, to: string, rel: string): Promise<Conflict | null> {
  for (const item of await readdir(from, { withFileTypes: true })) {
    const path = rel === '' ? item.name : `${rel}/${item.name}`
    const existing = await lstat(join(to, item.name)).catch(() => null)
    if (existing === null) continue
    if (item.isDirectory()) {
      if (!existing.isDirectory()) return { path, archive: 'folder', existing: kindOf(existing) }
      const inner = await findConflict(join(from, item.name), join(to, item.name), path)
      if (inner !== null) return inner
    } else if (!existing.isFile()) {
      return { path, archive: 'file', existing: kindOf(existing) }
    }
  }
  return null
}

function conflictError(target: string, conflict: Conflict): InstallConflictError {
  return new InstallConflictError(
    `The output archive has a ${conflict.archive} ${quote(conflict.path)}, but \`path\` ` +
      `(${target}) already holds ${conflict.existing} there. The action never replaces or ` +
      `deletes a folder, a link or anything but a same-named file in \`path\`, so nothing was ` +
      `extracted into it. Give an empty or new \`path\`, or move that entry away first.`
  )
}

/** Moves what `from` holds into `to`; {@link findConflict} found nothing in the way. */
async function merge(from: string, to: string): Promise<void> {
  for (const item of await readdir(from, { withFileTypes: true })) {
    const source = join(from, item.name)
    const dest = join(to, item.name)
    const existing = await lstat(dest).catch(() => null)
    if (existing?.isDirectory() && item.isDirectory()) await merge(source, dest)
    // A missing entry, or a regular file that the rename replaces atomically.
    else await moveEntry(source, dest)
  }
}
