/**
 * Collecting a run's output: find the artifact version the run produced,
 * download it (presigned URL, no token), extract it safely into `path`, and
 * publish the files as a workflow artifact.
 *
 * Step result:
 * - a run that wrote no version of its own (`collect: run`, the default):
 *   nothing is extracted or uploaded, the artifact outputs stay empty, and
 *   one notice says why (`if-no-files-found: error` fails the step instead,
 *   `ignore` says it in the log only). Never the head instead: that would
 *   publish older files, maybe another run's, as this run's output;
 * - entries under a `.git` path (any case, and the spellings Windows and
 *   macOS read as `.git`) are never extracted or uploaded: they are named
 *   once (each in the log, the folders in one warning) and the step goes on;
 * - hostile entries (a name that is absolute, climbs out with `..` or holds
 *   a NUL; a character device, block device or FIFO) fail the step with an
 *   UnsafeArchiveError once the whole archive was read: each one is named in
 *   the log, the staging folder is removed, `path` is left as it was
 *   (nothing extracted into it) and nothing is uploaded. A VM0 sandbox does
 *   not produce such entries, so the archive may have been tampered with;
 * - links (symbolic and hard), unsupported entry types and names Windows
 *   cannot hold (paths.ts: the same on every OS) are skipped and named in
 *   one warning (each one in the log); the step goes on;
 * - an archive that is not gzip, truncated or damaged, or one beyond a limit
 *   (bytes, entries, depth, free disk space), fails the step and leaves
 *   nothing at `path`; so does an archive entry that would replace a folder,
 *   a link or anything but a same-named file `path` already holds;
 * - the download and extraction end at `timeout` (counted from the run's
 *   start) and on the workflow's cancellation, each with its own message;
 * - no files (`collect: head` and no artifact or no version, an empty
 *   version, a version or artifact gone by the time of the download, an
 *   archive without regular files, only hidden files to upload) follows
 *   `if-no-files-found`; `collect: <version>` naming a version the artifact
 *   does not have fails the step.
 */
import { mkdir } from 'node:fs/promises'
import type { Dispatcher } from 'undici'
import { systemClock, timeLimit, type Clock } from '../base/clock.js'
import { ActionError } from '../base/errors.js'
import { Inputs } from '../settings/names.js'
import type { Settings } from '../settings/settings.js'
import { formatDuration, formatSeconds } from '../text/durations.js'
import { formatBytes } from '../text/sizes.js'
import { type DownloadApi, type DownloadOutcome, downloadArchive } from './download.js'
import { NoFilesError, UnsafeArchiveError } from './errors.js'
import { type ExtractResult, extractTarGz } from './extract.js'
import { gitFolderOf } from './entry-filter.js'
import {
  type VersionApi,
  type VersionChoice,
  explainMissingDownload,
  findArtifact,
  findVersion,
  versionOrigin
} from './find-version.js'
import { DEFAULT_LIMITS, type ExtractLimits } from './limits.js'
import { type Logger, coreLogger } from './logger.js'
import { counted as countOf, listOf, quote } from '../text/quote.js'
import { defaultOutputPath } from './paths.js'
import { createStaging, installTree, removeTree, resolveDestination } from './staging.js'
import {
  emptyCollectResult,
  type CollectResult,
  type ExtractedFile,
  type SkippedEntry,
  type UploadedArtifact
} from './types.js'
import {
  type ArchiveSize,
  type UploadClient,
  chooseCompressionLevel,
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
  | 'collect'
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
  // without `apiUrl` the download takes the strictest rules (https, no loopback storage);
  // `sessionId`/`checkpointId` only shape the notice for a run that wrote no version.
  Partial<
    Pick<
      Settings,
      'apiUrl' | 'timeoutMs' | 'maxOutputBytes' | 'maxOutputFiles' | 'sessionId' | 'checkpointId'
    >
  >

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
  /** `timeout`'s end, in `clock`'s ms: the download and extraction stop there. */
  deadlineMs?: number
  /** Time for the deadline and the log's timings; default the system clock (tests pass a fake one). */
  clock?: Clock
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
  clock: Clock
}

/** The files of a version, extracted into a staging folder not yet moved into place. */
interface Staged {
  tree: ExtractResult
  staging: string
  /** Bytes of the gzip'd archive this extraction read. */
  compressedBytes: number
}

/**
 * What the download step found: no version of the run's own (`unwritten`),
 * no files (and why), or files installed at `path`.
 */
type Gathered =
  | { kind: 'unwritten'; why: string }
  | { kind: 'none'; why: string; versionId: string | null; skipped: SkippedEntry[] }
  | {
      kind: 'files'
      versionId: string
      path: string
      tree: ExtractResult
      merged: boolean
      size: ArchiveSize
    }

const WARN_NAMES = 5
/** Skipped entries named one per log line; the rest are counted. */
const LOG_NAMES = 200

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
  const { opts, clock } = job
  const cancel = opts.signal
  const limit =
    opts.deadlineMs === undefined ? null : timeLimit(clock, opts.deadlineMs - clock.now(), cancel)
  const signal = limit?.signal ?? cancel ?? new AbortController().signal
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
    if (limit?.expired) {
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
    limit?.done()
  }
}

/**
 * Collects the run's output files into `path` and uploads them (see the
 * module comment for what fails the step). Call it after the run ended,
 * whatever its status.
 */
export async function collectOutputs(opts: CollectOptions): Promise<CollectResult> {
  const artifactName = opts.settings.artifactName
  if (artifactName === null || artifactName === '') return emptyCollectResult()
  const job: Job = {
    opts,
    settings: opts.settings,
    artifactName,
    logger: opts.logger ?? coreLogger,
    env: opts.env ?? process.env,
    limits: limitsOf(opts),
    dest: opts.settings.path ?? defaultOutputPath(opts.runnerTemp, opts.runId),
    clock: opts.clock ?? systemClock
  }
  const gathered = await job.logger.group('Downloading output', () => bounded(job))
  if (gathered.kind === 'unwritten') return unwritten(job, gathered.why)
  if (gathered.kind === 'none') {
    const result = { ...emptyCollectResult(), artifactVersion: gathered.versionId }
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
  return publish(job, result, gathered)
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
  // Said in the job summary and the comment too, unless the workflow said no files are fine.
  return job.settings.ifNoFilesFound === 'ignore' ? result : { ...result, note: text }
}

/**
 * The run wrote no version of its own: nothing is extracted or uploaded and
 * the artifact outputs stay empty. One notice says why and what to do
 * (`if-no-files-found: error` fails the step with it; `ignore` only logs it),
 * and the job summary and the comment say it too (`note`).
 */
function unwritten(job: Job, why: string): CollectResult {
  const text =
    `Nothing was extracted or uploaded: ${why}. ${whyUnwritten(job.settings)} Set ` +
    `\`${Inputs.Collect}: head\` to collect the artifact's current version on purpose.`
  if (job.settings.ifNoFilesFound === 'error') {
    throw new NoFilesError(`${text} Failing the step because \`if-no-files-found\` is 'error'.`)
  }
  if (job.settings.ifNoFilesFound === 'ignore') {
    job.logger.info(text)
    return emptyCollectResult()
  }
  job.logger.notice(text)
  return {
    ...emptyCollectResult(),
    note: `No files were uploaded: ${why}. ${noteWhy(job.settings)}`
  }
}

/** {@link whyUnwritten} in a sentence for the job summary and the comment. */
function noteWhy(settings: CollectSettings): string {
  return settings.sessionId || settings.checkpointId
    ? 'Either the session has no artifact (a /v1 run opened it, not the CLI with ' +
        '--artifact-name), or the run changed nothing (versions are content-addressed).'
    : 'On /v1 a run writes files only when it continues a session that was opened with an ' +
        "artifact (the CLI's vm0 run --artifact-name)."
}

/**
 * Why `/v1` wrote nothing (docs/vm0-api.md): a session's artifact comes from
 * the checkpoint of the run that opened it, and `POST /v1/runs` passes no
 * `artifactName` on, so only sessions opened with an artifact elsewhere (the
 * CLI's `--artifact-name`) write files, and only when something changed.
 */
function whyUnwritten(settings: CollectSettings): string {
  const opened =
    "On /v1 a run writes files only when it continues a session that was opened with an artifact (the CLI's `vm0 run --artifact-name`)"
  if (settings.sessionId || settings.checkpointId) {
    return (
      `${opened}: a session that a /v1 run opened (by \`${Inputs.Agent}\` or ` +
      `\`${Inputs.AgentId}\`) has none, so its runs write nothing; and versions are ` +
      'content-addressed, so a run that changed nothing writes none either.'
    )
  }
  return (
    `${opened}, with \`${Inputs.SessionId}\` or \`${Inputs.CheckpointId}\`: a run started by ` +
    `\`${Inputs.Agent}\` or \`${Inputs.AgentId}\` writes none, and neither do later runs of ` +
    'the session it opens.'
  )
}

/**
 * Entries under `.git` paths: each named in the log, their folders in one
 * warning. The rest as {@link reportSkipped} does; `count` is every skipped
 * entry, listed or not.
 */
function reportRefused(
  skipped: readonly SkippedEntry[],
  logger: Logger,
  what: string,
  count = skipped.length
): void {
  const git = skipped.filter(e => gitFolderOf(e.path) !== null)
  reportSkipped(
    skipped.filter(e => gitFolderOf(e.path) === null),
    logger,
    what,
    count - git.length
  )
  if (git.length === 0) return
  const folders = new Map<string, number>()
  for (const entry of git) {
    logger.info(`Refused ${quote(entry.path)}: ${entry.reason}.`)
    const folder = gitFolderOf(entry.path) ?? ''
    folders.set(folder, (folders.get(folder) ?? 0) + 1)
  }
  const named = listOf(
    [...folders].map(([folder, n]) => `${quote(folder)} (${n})`),
    'and',
    { max: WARN_NAMES }
  )
  logger.warning(
    `Refused ${git.length} entries of the output archive under .git paths, which git would ` +
      `read as its own hooks and config in a later step: ${named}. Nothing under them was ` +
      'extracted or uploaded; every entry is named in the log.'
  )
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
  for (const entry of logged) logger.info(`Skipped ${quote(entry.path)}: ${entry.reason}.`)
  if (count > logged.length) logger.info(`… and ${count - logged.length} more, not listed.`)
  const named = skipped.slice(0, WARN_NAMES).map(e => `${quote(e.path)} (${e.reason})`)
  const list = listOf(named, 'and', { total: count })
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
    startVersion: job.settings.artifactVersion,
    collect: job.settings.collect
  })
  if (choice.kind === 'none') return missing(job, choice)
  logChoice(job, choice)
  const { versionId } = choice
  const target = await resolveDestination(job.dest)
  const started = job.clock.now()
  const outcome = await download(job, choice, target, signal)
  if (outcome.kind === 'empty') {
    const { why } = await explainEmpty(job, versionId)
    return { kind: 'none', why, versionId, skipped: [] }
  }
  const gathered = await install(job, versionId, outcome.value, target)
  if (gathered.kind === 'files') logExtracted(job, gathered, job.clock.now() - started)
  return gathered
}

/** No version to collect: the run wrote none, the `collect` version does not exist, or no files. */
function missing(job: Job, choice: Extract<VersionChoice, { kind: 'none' }>): Gathered {
  const runOwn = job.settings.collect.kind === 'run'
  if (choice.missing === 'run-version' || (choice.missing === 'artifact' && runOwn)) {
    return { kind: 'unwritten', why: choice.why }
  }
  if (choice.missing === 'version') {
    const collect = job.settings.collect
    const given = collect.kind === 'version' ? collect.id : ''
    throw new ActionError(
      `\`${Inputs.Collect}\` is '${given}', but ${choice.why}. Set \`${Inputs.Collect}\` to a ` +
        `version id of the artifact, \`head\` or \`run\`.`
    )
  }
  return { kind: 'none', why: choice.why, versionId: null, skipped: [] }
}

/** A download answered 404: reads the artifact and its versions again to say why. */
async function explainEmpty(job: Job, versionId: string): Promise<{ why: string }> {
  const { client } = job.opts
  const artifact = findArtifact(await client.listArtifacts(), job.artifactName)
  const versions = artifact === null ? [] : await client.listArtifactVersions(artifact.id)
  return explainMissingDownload({ artifactName: job.artifactName, versionId, artifact, versions })
}

function logChoice(job: Job, choice: Extract<VersionChoice, { kind: 'version' }>): void {
  const v = choice.version
  const which =
    choice.source === 'head'
      ? `the current version (\`${Inputs.Collect}: head\`), ${versionOrigin(v)}, `
      : choice.source === 'chosen'
        ? `the version \`${Inputs.Collect}\` names, `
        : ''
  job.logger.info(
    `Collecting ${which}version ${choice.versionId.slice(0, 12)} of artifact ${quote(choice.artifact.name)}` +
      (v?.message ? ` (${quote(v.message)}` : ' (') +
      (v?.fileCount != null ? `, ${v.fileCount} files` : '') +
      (v?.size != null ? `, ${formatBytes(v.size)}` : '') +
      ')'
  )
}

/** Counts the bytes of one download attempt as they pass. */
async function* counted(
  body: AsyncIterable<Uint8Array>,
  count: { bytes: number }
): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) {
    count.bytes += chunk.length
    yield chunk
  }
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
      const count = { bytes: 0 }
      try {
        const debug = logger.debug ? (m: string): void => logger.debug?.(m) : undefined
        const how = { signal, ...(debug ? { debug } : {}) }
        const tree = await extractTarGz(counted(body, count), staging, job.limits, how)
        return { tree, staging, compressedBytes: count.bytes }
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
  { tree, staging, compressedBytes }: Staged,
  target: string
): Promise<Gathered> {
  if (tree.hostileCount > 0) {
    await removeTree(staging)
    const hostile = tree.skipped.filter(e => e.hostile)
    for (const entry of hostile.slice(0, LOG_NAMES)) {
      job.logger.info(`Unsafe entry ${quote(entry.path)}: ${entry.reason}.`)
    }
    if (tree.hostileCount > LOG_NAMES) {
      job.logger.info(`… and ${tree.hostileCount - LOG_NAMES} more unsafe entries, not listed.`)
    }
    const where = { path: target, runId: job.opts.runId, artifactName: job.artifactName }
    throw new UnsafeArchiveError(hostile, { ...where, versionId }, tree.hostileCount)
  }
  reportRefused(
    tree.skipped,
    job.logger,
    'Skipped links, unsupported entries and names Windows cannot hold in the output archive',
    tree.skippedCount
  )
  if (tree.files.length === 0) {
    await removeTree(staging)
    const why =
      tree.skippedCount > 0
        ? `the archive of version ${versionId.slice(0, 12)} holds no regular file that could be extracted safely`
        : `the archive of version ${versionId.slice(0, 12)} of artifact ${quote(job.artifactName)} holds no files`
    return { kind: 'none', why, versionId, skipped: tree.skipped }
  }
  let how: 'created' | 'merged'
  try {
    how = await installTree(staging, target)
  } catch (error) {
    await removeTree(staging)
    throw error
  }
  const size = { compressedBytes, extractedBytes: tree.totalBytes }
  return { kind: 'files', versionId, path: target, tree, merged: how === 'merged', size }
}

function logExtracted(job: Job, files: Extract<Gathered, { kind: 'files' }>, ms: number): void {
  job.logger.info(
    `Extracted ${countOf(files.tree.files.length, 'file')} (${formatBytes(files.tree.totalBytes)}) to ${files.path}` +
      (files.merged ? ', merged into what the folder held (same names replaced)' : '') +
      ` in ${formatSeconds(ms)}.`
  )
}

// --- Step 4: upload ---

/** Uploads the extracted files as a workflow artifact (unless `upload: false`). */
async function publish(
  job: Job,
  result: CollectResult,
  gathered: Extract<Gathered, { kind: 'files' }>
): Promise<CollectResult> {
  const { opts, settings, env } = job
  const step = await uploadStep({
    settings,
    logger: job.logger,
    env,
    ...(opts.uploadClient ? { uploadClient: opts.uploadClient } : {}),
    root: gathered.path,
    files: gathered.tree.files,
    size: gathered.size,
    defaultName: defaultUploadName(job.artifactName, opts.runId, env.GITHUB_RUN_ATTEMPT)
  })
  result.skipped.push(...step.refused)
  if (step.noneWhy !== null) return noFiles(job, result, step.noneWhy, gathered.path)
  result.upload = step.uploaded
  return result
}

/** What the upload step needs, wherever the files came from (an archive, published files). */
export interface UploadStepInput {
  settings: CollectSettings
  logger: Logger
  env: NodeJS.ProcessEnv
  uploadClient?: UploadClient
  /** The folder the files are in (`path`). */
  root: string
  files: ExtractedFile[]
  size: ArchiveSize
  /** The workflow artifact's name when `upload-name` is empty. */
  defaultName: string
}

/**
 * The upload step (unless `upload: false`): files whose names cannot be
 * uploaded and hidden files are said, the rest uploaded in one group.
 * `noneWhy` says why nothing could be uploaded when files were there.
 */
export async function uploadStep(input: UploadStepInput): Promise<{
  uploaded: UploadedArtifact | null
  refused: SkippedEntry[]
  noneWhy: string | null
}> {
  const { settings, logger, root, files } = input
  if (!settings.upload) {
    logger.info(`Not uploading the files (upload: false); they stay in ${root}.`)
    return { uploaded: null, refused: [], noneWhy: null }
  }
  const selection = selectUploadFiles(files, settings.includeHiddenFiles)
  reportRefused(selection.refused, logger, 'Files not uploaded because of their names')
  if (selection.hidden.length > 0) {
    const names = listOf(
      selection.hidden.map(f => quote(f.path)),
      'and',
      { max: 20 }
    )
    logger.info(
      `Not uploading ${selection.hidden.length} hidden files (include-hidden-files: false): ${names}.`
    )
  }
  if (selection.upload.length === 0) {
    const noneWhy =
      `none of the ${files.length} extracted files can be uploaded` +
      (selection.hidden.length > 0 ? ' (hidden files need `include-hidden-files: true`)' : '')
    return { uploaded: null, refused: selection.refused, noneWhy }
  }
  const uploaded = await logger.group('Uploading output', () => upload(input, selection.upload))
  return { uploaded, refused: selection.refused, noneWhy: null }
}

async function upload(input: UploadStepInput, files: ExtractedFile[]): Promise<UploadedArtifact> {
  const { settings, logger } = input
  const compression = chooseCompressionLevel(settings.compressionLevel, input.size)
  logger.info(compression.line)
  const uploaded = await uploadFiles({
    client: input.uploadClient ?? defaultUploadClient(),
    name: settings.uploadName ?? input.defaultName,
    root: input.root,
    files,
    retentionDays: settings.retentionDays,
    compressionLevel: compression.level,
    overwrite: settings.overwrite,
    env: input.env,
    info: message => logger.info(message)
  })
  logger.info(
    `Uploaded ${countOf(files.length, 'file')} as workflow artifact ${quote(uploaded.name)}` +
      ` (id ${uploaded.id})${uploaded.url ? `: ${uploaded.url}` : ''}.`
  )
  return uploaded
}
