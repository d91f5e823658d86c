/**
 * Collecting the files an agent published for a platform run (thread
 * artifacts, or `attachFiles` of `run.completed`): each is downloaded through
 * the same bounded path as a /v1 archive (download.ts: hop checks, retries,
 * cancel, no token to another host) into a staging folder, checked against
 * `max-output-size` and `max-output-files` and for its name (no absolute
 * path, no `..`, no `.git` path, no name Windows cannot hold: paths.ts),
 * then moved into `path` at once and uploaded as a workflow artifact like
 * /v1 output files.
 *
 * No files is not a failure unless `if-no-files-found: error` asks for files.
 */
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Readable, Transform } from 'node:stream'
import type { Dispatcher } from 'undici'
import { systemClock, timeLimit, type Clock } from '../base/clock.js'
import { ActionError } from '../base/errors.js'
import type { PublishedFile } from '../platform/types.js'
import { formatDuration } from '../text/durations.js'
import { formatBytes } from '../text/sizes.js'
import { uploadStep, type CollectSettings } from './collect.js'
import { downloadArchive } from './download.js'
import { checkEntryPath, gitFolderOf } from './entry-filter.js'
import { NoFilesError } from './errors.js'
import { DEFAULT_LIMITS, bytesLimitError, entriesLimitError } from './limits.js'
import { coreLogger, type Logger } from './logger.js'
import { counted, quote } from '../text/quote.js'
import { mayHide } from '../text/sanitize.js'
import { defaultOutputPath, windowsNameProblem } from './paths.js'
import { createStaging, installTree, removeTree, resolveDestination } from './staging.js'
import {
  emptyCollectResult,
  type CollectResult,
  type ExtractedFile,
  type SkippedEntry
} from './types.js'
import { defaultUploadName, type UploadClient } from './upload.js'

export interface PublishedOptions {
  /** The files published for this run. */
  files: readonly PublishedFile[]
  runId: string
  threadId: string
  settings: CollectSettings
  runnerTemp: string
  /** The Authorization header for a URL on the API's own origin; null elsewhere. */
  authorization: (url: URL) => string | null
  logger?: Logger
  dispatcher?: Dispatcher
  uploadClient?: UploadClient
  env?: NodeJS.ProcessEnv
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  signal?: AbortSignal
  /** `timeout`'s end, in `clock`'s ms. */
  deadlineMs?: number
  /** Time for the deadline; default the system clock (tests pass a fake one). */
  clock?: Clock
}

/**
 * Why a published file's name is refused, or null when it is safe: the
 * archive's rules (paths.ts: the same names refused on every OS), and no
 * invisible character either, since nothing else shows these names.
 */
function refusedName(name: string): string | null {
  const check = checkEntryPath(name)
  if (check.kind === 'unsafe') return check.reason
  if (check.kind === 'root') return 'an empty name'
  if (gitFolderOf(check.path) !== null) return 'under a .git path'
  const windows = windowsNameProblem(check.path)
  if (windows !== null) return windows
  if (mayHide(name)) return 'a control or invisible character in the name'
  return null
}

/** Collects and uploads the published files; throws what fails the step. */
async function collectPublished(opts: PublishedOptions): Promise<CollectResult> {
  const logger = opts.logger ?? coreLogger
  const { settings } = opts
  if (opts.files.length === 0) return noFiles(settings, logger)
  const maxFiles = settings.maxOutputFiles ?? DEFAULT_LIMITS.maxEntries
  const maxBytes = settings.maxOutputBytes ?? DEFAULT_LIMITS.maxBytes
  if (opts.files.length > maxFiles)
    throw entriesLimitError({ ...DEFAULT_LIMITS, maxEntries: maxFiles })
  const dest = settings.path ?? defaultOutputPath(opts.runnerTemp, opts.runId)
  const { files, skipped } = await logger.group('Downloading output', () =>
    bounded(opts, dest, maxBytes, logger)
  )
  const result: CollectResult = {
    ...emptyCollectResult(),
    artifactsPath: files.length > 0 ? dest : null,
    files,
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    skipped
  }
  if (files.length === 0) return noFiles(settings, logger, result)
  const env = opts.env ?? process.env
  const step = await uploadStep({
    settings,
    logger,
    env,
    ...(opts.uploadClient ? { uploadClient: opts.uploadClient } : {}),
    root: dest,
    files,
    // Downloaded as they are: no archive tells how well they compress.
    size: { compressedBytes: 0, extractedBytes: result.totalBytes },
    // `vm0-<thread id's first 8>-<run id's first 8>`.
    defaultName: defaultUploadName(opts.threadId.slice(0, 8), opts.runId, env.GITHUB_RUN_ATTEMPT)
  })
  result.skipped.push(...step.refused)
  if (step.noneWhy !== null) {
    return noFiles(settings, logger, result, `Nothing was uploaded: ${step.noneWhy}.`)
  }
  result.upload = step.uploaded
  return result
}

/** collectPublished, its failure handed back instead of thrown. */
export async function collectPublishedSettled(
  opts: PublishedOptions
): Promise<{ result: CollectResult | null; error: unknown }> {
  try {
    return { result: await collectPublished(opts), error: null }
  } catch (error) {
    return { result: null, error: error ?? new Error('collecting the published files failed') }
  }
}

function noFiles(
  settings: CollectSettings,
  logger: Logger,
  result: CollectResult = emptyCollectResult(),
  text = 'The agent published no files for this run.'
): CollectResult {
  if (settings.ifNoFilesFound === 'error') {
    throw new NoFilesError(`${text} Failing the step because \`if-no-files-found\` is 'error'.`)
  }
  if (settings.ifNoFilesFound === 'warn') logger.warning(text)
  else logger.info(text)
  // Said in the job summary and the comment too, unless the workflow said no files are fine.
  return settings.ifNoFilesFound === 'ignore' ? result : { ...result, note: text }
}

/** The downloads under `timeout` and the cancellation, into staging, then into `dest`. */
async function bounded(
  opts: PublishedOptions,
  dest: string,
  maxBytes: number,
  logger: Logger
): Promise<{ files: ExtractedFile[]; skipped: SkippedEntry[] }> {
  const clock = opts.clock ?? systemClock
  const limit =
    opts.deadlineMs === undefined
      ? null
      : timeLimit(clock, opts.deadlineMs - clock.now(), opts.signal)
  const signal = limit?.signal ?? opts.signal ?? new AbortController().signal
  const target = await resolveDestination(dest)
  const staging = await createStaging(target)
  try {
    const got = await fetchAll(opts, staging, maxBytes, logger, signal)
    if (got.files.length > 0) await installTree(staging, target)
    logger.info(
      `Downloaded ${counted(got.files.length, 'published file')} (${formatBytes(got.files.reduce((s, f) => s + f.size, 0))}) to ${target}.`
    )
    return got
  } catch (error) {
    const where = `nothing was put into \`path\` (${dest}) and nothing was uploaded`
    if (opts.signal?.aborted) {
      throw new ActionError(
        `The workflow was cancelled while the published files were being downloaded; ${where}.`,
        { cause: error }
      )
    }
    if (limit?.expired) {
      const t = opts.settings.timeoutMs
      throw new ActionError(
        `\`timeout\`${t === undefined ? '' : ` (${formatDuration(t)})`} ran out while the ` +
          `published files were being downloaded; ${where}. Raise \`timeout\` to leave time for them.`,
        { cause: error }
      )
    }
    throw error
  } finally {
    limit?.done()
    await removeTree(staging)
  }
}

/** Downloads every file with a safe name into `staging`, within `maxBytes` in all. */
async function fetchAll(
  opts: PublishedOptions,
  staging: string,
  maxBytes: number,
  logger: Logger,
  signal: AbortSignal
): Promise<{ files: ExtractedFile[]; skipped: SkippedEntry[] }> {
  const files: ExtractedFile[] = []
  const skipped: SkippedEntry[] = []
  const names = new TakenNames()
  let total = 0
  for (const file of opts.files) {
    const why = refusedName(file.filename)
    const path = why === null ? (checkEntryPath(file.filename) as { path: string }).path : ''
    const clash = why === null ? names.clash(path) : null
    if (why !== null || clash !== null) {
      const reason = why ?? clash ?? ''
      logger.warning(`Skipped the published file ${quote(file.filename)}: ${reason}.`)
      skipped.push({ path: file.filename, reason, hostile: why !== null })
      continue
    }
    if (file.size !== null && total + file.size > maxBytes)
      throw bytesLimitError({ ...DEFAULT_LIMITS, maxBytes })
    names.take(path)
    const size = await fetchOne(
      opts,
      file,
      join(staging, path),
      { room: maxBytes - total, maxBytes },
      signal,
      logger
    )
    total += size
    files.push({ path, size })
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return { files, skipped }
}

/**
 * The paths written so far, compared without case or Unicode form (as on
 * macOS and Windows):
 * a second file of a name, or a file where a folder is (or the reverse), is
 * skipped rather than failing the whole collection on the file system.
 */
class TakenNames {
  private readonly files = new Set<string>()
  private readonly folders = new Set<string>()

  clash(path: string): string | null {
    const key = path.normalize('NFC').toLowerCase()
    if (this.files.has(key)) return 'a second file of the same name'
    if (this.folders.has(key)) return 'a file where another file needs a folder'
    const parts = key.split('/')
    for (let i = 1; i < parts.length; i++) {
      if (this.files.has(parts.slice(0, i).join('/'))) return 'a file inside a name taken by a file'
    }
    return null
  }

  take(path: string): void {
    const parts = path.normalize('NFC').toLowerCase().split('/')
    this.files.add(parts.join('/'))
    for (let i = 1; i < parts.length; i++) this.folders.add(parts.slice(0, i).join('/'))
  }
}

/** One file through download.ts, written as it streams, cut off beyond `room` bytes. */
async function fetchOne(
  opts: PublishedOptions,
  file: PublishedFile,
  to: string,
  { room, maxBytes }: { room: number; maxBytes: number },
  signal: AbortSignal,
  logger: Logger
): Promise<number> {
  await mkdir(dirname(to), { recursive: true })
  const outcome = await downloadArchive({
    api: { artifactDownloadUrl: async () => file.url },
    artifactId: file.id,
    versionId: file.id,
    logger,
    authorization: opts.authorization,
    ...(opts.settings.apiUrl !== undefined ? { apiUrl: opts.settings.apiUrl } : {}),
    ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
    signal,
    consume: async body => {
      let bytes = 0
      const limit = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length
          if (bytes > room) done(bytesLimitError({ ...DEFAULT_LIMITS, maxBytes }))
          else done(null, chunk)
        }
      })
      await pipeline(Readable.from(body), limit, createWriteStream(to, { mode: 0o644 }), {
        signal
      })
      return bytes
    }
  })
  return outcome.kind === 'done' ? outcome.value : 0
}
