/**
 * Collecting a run's output: find the artifact version the run produced,
 * download it (presigned URL, no token), extract it safely into `path`, and
 * publish the files as a workflow artifact.
 *
 * Step result:
 * - hostile entries (a name that is absolute, climbs out with `..` or holds
 *   a NUL; a character device, block device or FIFO) fail the step with an
 *   UnsafeArchiveError once the whole archive was read: each one is named in
 *   the log, the staging folder is removed, `path` is left as it was
 *   (nothing extracted into it) and nothing is uploaded. A VM0 sandbox does
 *   not produce such entries, so the archive may have been tampered with;
 * - links (symbolic and hard) and unsupported entry types are skipped and
 *   named in one warning (each one in the log); the step goes on;
 * - an archive that is not gzip, truncated or damaged, or one beyond a limit
 *   (bytes, entries, depth, free disk space), fails the step and leaves
 *   nothing at `path`; so does an archive entry that would replace a folder,
 *   a link or anything but a same-named file `path` already holds;
 * - the download and extraction end at `timeout` (counted from the run's
 *   start) and on the workflow's cancellation, each with its own message;
 * - no files (no artifact, no version for a run that did not complete, an
 *   empty version, an archive without regular files, only hidden files to
 *   upload) follows `if-no-files-found`.
 */
import { mkdir } from 'node:fs/promises'
import type { Dispatcher } from 'undici'
import { ActionError } from '../base/errors.js'
import type { Settings } from '../settings/settings.js'
import { formatDuration, formatSeconds } from '../text/durations.js'
import { formatBytes } from '../text/sizes.js'
import { type DownloadApi, type DownloadOutcome, downloadArchive } from './download.js'
import { NoFilesError, UnsafeArchiveError } from './errors.js'
import { type ExtractResult, extractTarGz } from './extract.js'
import { type VersionApi, type VersionChoice, findVersion } from './find-version.js'
import { DEFAULT_LIMITS, type ExtractLimits } from './limits.js'
import { type Logger, coreLogger, nameSome, showName } from './logger.js'
import { defaultOutputPath } from './paths.js'
import { createStaging, installTree, removeTree, resolveDestination } from './staging.js'
import type { CollectResult, ExtractedFile, SkippedEntry } from './types.js'
import {
  type UploadClient,
  defaultUploadClient,
  defaultUploadName,
  selectUploadFiles,
  uploadFiles
} from './upload.js'

/** The VM0 calls collecting needs (a `Vm0Client` has them all). */
export interface CollectApi extends VersionApi, DownloadApi {}

/** The inputs collecting reads. */
export type CollectSettings = Pick<
  Settings,
  | 'artifactName'
  | 'artifactVersion'
  | 'path'
  | 'upload'
  | 'uploadName'
  | 'retentionDays'
  | 'compressionLevel'
  | 'ifNoFilesFound'
  | 'includeHiddenFiles'
  | 'overwrite'
> &
  // Optional so a caller that collects on its own (tests, benchmarks) need not give them:
  // without `apiUrl` the download takes the strictest rules (https, no loopback storage).
  Partial<Pick<Settings, 'apiUrl' | 'timeoutMs' | 'maxOutputBytes' | 'maxOutputFiles'>>

/** What {@link collectOutputs} works with; only `client`, `runId`, `settings` and `runnerTemp` are required. */
export interface CollectOptions {
  client: CollectApi
  runId: string
  /** The run's final status; without a version of its own, a run that did not complete yields no files. Default `completed`. */
  runStatus?: string
  /** The run detail's `artifactVersion`, when the service fills it. */
  runArtifactVersion?: string | null
  settings: CollectSettings
  /** `RUNNER_TEMP`: the default `path` is `<runnerTemp>/vm0-<runId>/files`. */
  runnerTemp: string
  /** Default: @actions/core. */
  logger?: Logger
  /** undici dispatcher for the storage download. */
  dispatcher?: Dispatcher
  /** Default: @actions/artifact's DefaultArtifactClient. */
  uploadClient?: UploadClient
  /** GITHUB_* variables for the artifact URL and the run attempt. Default: process.env. */
  env?: NodeJS.ProcessEnv
  /** Waits between download attempts; tests pass `async () => {}`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
  /** Download attempts including the first; default 5. */
  maxAttempts?: number
  /** Overrides `max-output-size` and `max-output-files` (and the depth limit). */
  limits?: Partial<ExtractLimits>
  /** The workflow's cancellation. */
  signal?: AbortSignal
  /** `timeout`'s end (epoch ms, as `Date.now()`): the download and extraction stop there. */
  deadlineMs?: number
}

/** One collection: the options with their defaults, read once. */
interface Job {
  opts: CollectOptions
  settings: CollectSettings
  artifactName: string
  logger: Logger
  env: NodeJS.ProcessEnv
  limits: ExtractLimits
  /** `path`, as given (resolved only when it is used). */
  dest: string
}

/** The files of a version, extracted into a staging folder not yet moved into place. */
interface Staged {
  tree: ExtractResult
  staging: string
}

/** What the download step found: no files (and why), or files installed at `path`. */
type Gathered =
  | { kind: 'none'; why: string; versionId: string | null; skipped: SkippedEntry[] }
  | { kind: 'files'; versionId: string; path: string; tree: ExtractResult; merged: boolean }

const WARN_NAMES = 5
/** Skipped entries named one per log line; the rest are counted. */
const LOG_NAMES = 200

function emptyResult(): CollectResult {
  return {
    artifactVersion: null,
    artifactsPath: null,
    files: [],
    totalBytes: 0,
    skipped: [],
    upload: null
  }
}

/** The defaults, then the inputs, then what the caller passed. */
function limitsOf(opts: CollectOptions): ExtractLimits {
  const { maxOutputBytes, maxOutputFiles } = opts.settings
  return {
    ...DEFAULT_LIMITS,
    ...(maxOutputBytes !== undefined ? { maxBytes: maxOutputBytes } : {}),
    ...(maxOutputFiles !== undefined ? { maxEntries: maxOutputFiles } : {}),
    ...opts.limits
  }
}

/** The collection was cut short by the workflow's cancellation. */
export class CollectCancelledError extends ActionError {
  override name = 'CollectCancelledError'
}

/** `timeout` ran out while the output files were being collected. */
export class CollectTimeoutError extends ActionError {
  override name = 'CollectTimeoutError'
}

/**
 * {@link gather} under the deadline and the cancel signal: either one stops
 * the download and the extraction (the staging folder is removed, `path` is
 * left as it was) and fails with a message that says which one it was.
 */
async function bounded(job: Job): Promise<Gathered> {
  const { opts } = job
  const deadline = new AbortController()
  const cancel = opts.signal
  const left = opts.deadlineMs === undefined ? null : opts.deadlineMs - Date.now()
  const timer = left === null ? null : setTimeout(() => deadline.abort(), Math.max(0, left))
  const signal = cancel ? AbortSignal.any([cancel, deadline.signal]) : deadline.signal
  try {
    return await gather(job, signal)
  } catch (error) {
    const where = `nothing was extracted into \`path\` (${job.dest}) and nothing was uploaded`
    if (cancel?.aborted) {
      throw new CollectCancelledError(
        `The workflow was cancelled while the run's output files were being downloaded; ${where}.`,
        { cause: error }
      )
    }
    if (deadline.signal.aborted) {
      const timeout = job.settings.timeoutMs
      throw new CollectTimeoutError(
        `\`timeout\`${timeout === undefined ? '' : ` (${formatDuration(timeout)})`} ran out ` +
          `while the run's output files were being downloaded; ${where}. The run itself ` +
          `ended; raise \`timeout\` to leave time to collect its files.`,
        { cause: error }
      )
    }
    throw error
  } finally {
    if (timer !== null) clearTimeout(timer)
  }
}

/**
 * Collects the run's output files into `path` and uploads them (see the
 * module comment for what fails the step). Call it after the run ended,
 * whatever its status.
 */
export async function collectOutputs(opts: CollectOptions): Promise<CollectResult> {
  const artifactName = opts.settings.artifactName
  if (artifactName === null || artifactName === '') return emptyResult()
  const job: Job = {
    opts,
    settings: opts.settings,
    artifactName,
    logger: opts.logger ?? coreLogger,
    env: opts.env ?? process.env,
    limits: limitsOf(opts),
    dest: opts.settings.path ?? defaultOutputPath(opts.runnerTemp, opts.runId)
  }
  const gathered = await job.logger.group('Downloading output', () => bounded(job))
  if (gathered.kind === 'none') {
    const result = { ...emptyResult(), artifactVersion: gathered.versionId }
    result.skipped = gathered.skipped
    return noFiles(job, result, gathered.why, null)
  }
  const result: CollectResult = {
    artifactVersion: gathered.versionId,
    artifactsPath: gathered.path,
    files: gathered.tree.files,
    totalBytes: gathered.tree.totalBytes,
    skipped: [...gathered.tree.skipped],
    upload: null
  }
  return publish(job, result, gathered.path, gathered.tree.files)
}

/**
 * collectOutputs, with its failure handed back instead of thrown, so the
 * caller can set the run's own outputs before it fails the step.
 */
export async function collectOutputsSettled(
  opts: CollectOptions
): Promise<{ result: CollectResult | null; error: unknown }> {
  try {
    return { result: await collectOutputs(opts), error: null }
  } catch (error) {
    return { result: null, error: error ?? new Error('collecting the output failed') }
  }
}

/** No files to collect: fails the step, warns or tells, as `if-no-files-found` says; `path` exists after. */
async function noFiles(
  job: Job,
  result: CollectResult,
  why: string,
  where: string | null
): Promise<CollectResult> {
  const text = `No output files were found: ${why}.`
  if (job.settings.ifNoFilesFound === 'error') {
    throw new NoFilesError(`${text} Failing the step because \`if-no-files-found\` is 'error'.`)
  }
  if (job.settings.ifNoFilesFound === 'warn') job.logger.warning(text)
  else job.logger.info(text)
  if (where === null) {
    where = await resolveDestination(job.dest)
    await mkdir(where, { recursive: true })
  }
  result.artifactsPath = where
  return result
}

/**
 * Logs the first {@link LOG_NAMES} skipped entries and sums them up in a
 * single warning (annotations are capped per step); `count` is every
 * skipped entry, listed or not.
 */
function reportSkipped(
  skipped: readonly SkippedEntry[],
  logger: Logger,
  what: string,
  count = skipped.length
): void {
  if (count === 0) return
  const logged = skipped.slice(0, LOG_NAMES)
  for (const entry of logged) logger.info(`Skipped ${showName(entry.path)}: ${entry.reason}.`)
  if (count > logged.length) logger.info(`… and ${count - logged.length} more, not listed.`)
  const named = skipped.slice(0, WARN_NAMES).map(e => `${showName(e.path)} (${e.reason})`)
  const rest = count - named.length
  const list = rest > 0 ? `${named.join(', ')} and ${rest} more` : nameSome(named, WARN_NAMES)
  const more =
    count <= WARN_NAMES
      ? ''
      : count <= logged.length
        ? ' Every one is listed in the log.'
        : ` The first ${logged.length} are listed in the log.`
  logger.warning(`${what} (${count}): ${list}.${more}`)
}

// --- Steps 1 to 3: find the version, download it, extract it into place ---

/** Finds the run's version, downloads and extracts it, and moves the files into `path`. */
async function gather(job: Job, signal: AbortSignal): Promise<Gathered> {
  const choice = await findVersion(job.opts.client, {
    artifactName: job.artifactName,
    runId: job.opts.runId,
    runStatus: job.opts.runStatus ?? 'completed',
    reportedVersion: job.opts.runArtifactVersion ?? null,
    startVersion: job.settings.artifactVersion
  })
  if (choice.kind === 'none') return { kind: 'none', why: choice.why, versionId: null, skipped: [] }
  if (choice.warning) job.logger.warning(choice.warning)
  logChoice(job, choice)
  const { versionId } = choice
  const target = await resolveDestination(job.dest)
  const started = Date.now()
  const outcome = await download(job, choice, target, signal)
  if (outcome.kind === 'empty') {
    return {
      kind: 'none',
      why: `version ${versionId.slice(0, 12)} of artifact ${showName(job.artifactName)} is empty (the VM0 API has nothing to download)`,
      versionId,
      skipped: []
    }
  }
  const gathered = await install(job, versionId, outcome.value, target)
  if (gathered.kind === 'files') logExtracted(job, gathered, Date.now() - started)
  return gathered
}

function logChoice(job: Job, choice: Extract<VersionChoice, { kind: 'version' }>): void {
  const v = choice.version
  job.logger.info(
    `Collecting version ${choice.versionId.slice(0, 12)} of artifact ${showName(choice.artifact.name)}` +
      (v?.message ? ` (${showName(v.message)}` : ' (') +
      (v?.fileCount != null ? `, ${v.fileCount} files` : '') +
      (v?.size != null ? `, ${formatBytes(v.size)}` : '') +
      ')'
  )
}

/** Downloads the version and extracts it, as it streams in, into a staging folder next to `target`. */
function download(
  job: Job,
  choice: Extract<VersionChoice, { kind: 'version' }>,
  target: string,
  signal: AbortSignal
): Promise<DownloadOutcome<Staged>> {
  const { opts, logger } = job
  return downloadArchive({
    api: opts.client,
    artifactId: choice.artifact.id,
    versionId: choice.versionId,
    logger,
    ...(job.settings.apiUrl !== undefined ? { apiUrl: job.settings.apiUrl } : {}),
    ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.maxAttempts !== undefined ? { maxAttempts: opts.maxAttempts } : {}),
    signal,
    consume: async body => {
      const staging = await createStaging(target)
      try {
        const debug = logger.debug ? (m: string): void => logger.debug?.(m) : undefined
        const how = { signal, ...(debug ? { debug } : {}) }
        return { tree: await extractTarGz(body, staging, job.limits, how), staging }
      } catch (error) {
        await removeTree(staging)
        throw error
      }
    }
  })
}

/**
 * Moves the extracted files into `target`, unless the archive held hostile
 * entries (the step fails, nothing lands) or no regular file (no files).
 */
async function install(
  job: Job,
  versionId: string,
  { tree, staging }: Staged,
  target: string
): Promise<Gathered> {
  if (tree.hostileCount > 0) {
    await removeTree(staging)
    const hostile = tree.skipped.filter(e => e.hostile)
    for (const entry of hostile.slice(0, LOG_NAMES)) {
      job.logger.info(`Unsafe entry ${showName(entry.path)}: ${entry.reason}.`)
    }
    if (tree.hostileCount > LOG_NAMES) {
      job.logger.info(`… and ${tree.hostileCount - LOG_NAMES} more unsafe entries, not listed.`)
    }
    const where = { path: target, runId: job.opts.runId, artifactName: job.artifactName }
    throw new UnsafeArchiveError(hostile, { ...where, versionId }, tree.hostileCount)
  }
  reportSkipped(
    tree.skipped,
    job.logger,
    'Skipped links and unsupported entries of the output archive',
    tree.skippedCount
  )
  if (tree.files.length === 0) {
    await removeTree(staging)
    const why =
      tree.skippedCount > 0
        ? `the archive of version ${versionId.slice(0, 12)} holds no regular file that could be extracted safely`
        : `the archive of version ${versionId.slice(0, 12)} of artifact ${showName(job.artifactName)} holds no files`
    return { kind: 'none', why, versionId, skipped: tree.skipped }
  }
  let how: 'created' | 'merged'
  try {
    how = await installTree(staging, target)
  } catch (error) {
    await removeTree(staging)
    throw error
  }
  return { kind: 'files', versionId, path: target, tree, merged: how === 'merged' }
}

function logExtracted(job: Job, files: Extract<Gathered, { kind: 'files' }>, ms: number): void {
  job.logger.info(
    `Extracted ${files.tree.files.length} files (${formatBytes(files.tree.totalBytes)}) to ${files.path}` +
      (files.merged ? ', merged into what the folder held (same names replaced)' : '') +
      ` in ${formatSeconds(ms)}.`
  )
}

// --- Step 4: upload ---

/** Uploads the extracted files as a workflow artifact (unless `upload: false`). */
async function publish(
  job: Job,
  result: CollectResult,
  root: string,
  extracted: readonly ExtractedFile[]
): Promise<CollectResult> {
  const { settings, logger } = job
  if (!settings.upload) {
    logger.info(`Not uploading the files (upload: false); they stay in ${root}.`)
    return result
  }
  const selection = selectUploadFiles(extracted, settings.includeHiddenFiles)
  reportSkipped(selection.refused, logger, 'Files not uploaded because of their names')
  result.skipped.push(...selection.refused)
  if (selection.hidden.length > 0) {
    const names = nameSome(
      selection.hidden.map(f => showName(f.path)),
      20
    )
    logger.info(
      `Not uploading ${selection.hidden.length} hidden files (include-hidden-files: false): ${names}.`
    )
  }
  if (selection.upload.length === 0) {
    const why =
      `none of the ${extracted.length} extracted files can be uploaded` +
      (selection.hidden.length > 0 ? ' (hidden files need `include-hidden-files: true`)' : '')
    return noFiles(job, result, why, root)
  }
  result.upload = await logger.group('Uploading output', () => upload(job, root, selection.upload))
  return result
}

async function upload(
  job: Job,
  root: string,
  files: ExtractedFile[]
): Promise<CollectResult['upload']> {
  const { opts, settings, env } = job
  const uploaded = await uploadFiles({
    client: opts.uploadClient ?? defaultUploadClient(),
    name:
      settings.uploadName ??
      defaultUploadName(job.artifactName, opts.runId, env.GITHUB_RUN_ATTEMPT),
    root,
    files,
    retentionDays: settings.retentionDays,
    compressionLevel: settings.compressionLevel,
    overwrite: settings.overwrite,
    env,
    info: message => job.logger.info(message)
  })
  job.logger.info(
    `Uploaded ${files.length} files as workflow artifact ${showName(uploaded.name)}` +
      ` (id ${uploaded.id})${uploaded.url ? `: ${uploaded.url}` : ''}.`
  )
  return uploaded
}
