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
 *   (bytes, entries, depth), fails the step and leaves nothing at `path`;
 * - no files (no artifact, no version for a run that did not complete, an
 *   empty version, an archive without regular files, only hidden files to
 *   upload) follows `if-no-files-found`.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Dispatcher } from 'undici'
import type { Settings } from '../settings/settings.js'
import { Outputs, type ActionResult } from '../report/outputs.js'
import { runFolder } from '../run/folder.js'
import { type DownloadApi, downloadArchive } from './download.js'
import { NoFilesError, UnsafeArchiveError } from './errors.js'
import {
  DEFAULT_LIMITS,
  type ExtractLimits,
  type ExtractResult,
  type SkippedEntry,
  createStaging,
  extractTarGz,
  installTree,
  removeTree,
  resolveDestination
} from './extract.js'
import { type VersionApi, findVersion } from './find-version.js'
import { formatBytes } from '../text/sizes.js'
import { type Logger, coreLogger, nameSome, showName } from './logger.js'
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
>

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
  limits?: Partial<ExtractLimits>
  signal?: AbortSignal
}

export interface CollectResult {
  /** The VM0 artifact version that was collected (also when it held no files). */
  artifactVersion: string | null
  /** Where the files are: set whenever the folder exists (even empty, with `if-no-files-found` warn/ignore). */
  artifactsPath: string | null
  /** Regular files extracted, relative to `artifactsPath`, sorted. */
  files: Array<{ path: string; size: number }>
  totalBytes: number
  /** Archive entries not extracted, and extracted files not uploaded, with the reason. */
  skipped: Array<{ path: string; reason: string }>
  /** The workflow artifact; null when nothing was uploaded. */
  upload: { id: number; name: string; url: string | null; digest: string | null } | null
}

/** `<runnerTemp>/vm0-<runId>/files`; the run id is made safe as a folder name. */
export function defaultOutputPath(runnerTemp: string, runId: string): string {
  return join(runFolder(runnerTemp, runId), 'files')
}

/** The artifact outputs of a collection (none when nothing was collected). */
export function artifactOutputs(result: CollectResult | null): ActionResult {
  return {
    [Outputs.ArtifactVersion]: result?.artifactVersion ?? null,
    [Outputs.ArtifactsPath]: result?.artifactsPath ?? null,
    [Outputs.ArtifactId]: result?.upload?.id ?? null,
    [Outputs.ArtifactUrl]: result?.upload?.url ?? null,
    [Outputs.ArtifactDigest]: result?.upload?.digest ?? null
  }
}

const WARN_NAMES = 5

/** Logs each skipped entry and sums them up in a single warning (annotations are capped per step). */
function reportSkipped(skipped: readonly SkippedEntry[], logger: Logger, what: string): void {
  if (skipped.length === 0) return
  for (const entry of skipped) logger.info(`Skipped ${showName(entry.path)}: ${entry.reason}.`)
  const named = nameSome(
    skipped.map(e => `${showName(e.path)} (${e.reason})`),
    WARN_NAMES
  )
  const more = skipped.length > WARN_NAMES ? ' Every one is listed in the log.' : ''
  logger.warning(`${what} (${skipped.length}): ${named}.${more}`)
}

type Gathered =
  | { kind: 'none'; why: string; versionId: string | null; skipped: SkippedEntry[] }
  | { kind: 'files'; versionId: string; path: string; tree: ExtractResult }

/**
 * Collects the run's output files into `path` and uploads them (see the
 * module comment for what fails the step). Call it after the run ended,
 * whatever its status.
 */
export async function collectOutputs(opts: CollectOptions): Promise<CollectResult> {
  const logger = opts.logger ?? coreLogger
  const env = opts.env ?? process.env
  const settings = opts.settings
  const result: CollectResult = {
    artifactVersion: null,
    artifactsPath: null,
    files: [],
    totalBytes: 0,
    skipped: [],
    upload: null
  }
  const artifactName = settings.artifactName
  if (artifactName === null || artifactName === '') return result
  const limits: ExtractLimits = { ...DEFAULT_LIMITS, ...opts.limits }
  const dest = settings.path ?? defaultOutputPath(opts.runnerTemp, opts.runId)

  const noFiles = async (why: string, where: string | null): Promise<CollectResult> => {
    const text = `No output files were found: ${why}.`
    if (settings.ifNoFilesFound === 'error') {
      throw new NoFilesError(`${text} Failing the step because \`if-no-files-found\` is 'error'.`)
    }
    if (settings.ifNoFilesFound === 'warn') logger.warning(text)
    else logger.info(text)
    if (where === null) {
      where = await resolveDestination(dest)
      await mkdir(where, { recursive: true })
    }
    result.artifactsPath = where
    return result
  }

  const gathered = await logger.group('Downloading output', async (): Promise<Gathered> => {
    const choice = await findVersion(opts.client, {
      artifactName,
      runId: opts.runId,
      runStatus: opts.runStatus ?? 'completed',
      reportedVersion: opts.runArtifactVersion ?? null,
      startVersion: settings.artifactVersion
    })
    if (choice.kind === 'none')
      return { kind: 'none', why: choice.why, versionId: null, skipped: [] }
    if (choice.warning) logger.warning(choice.warning)
    const { versionId } = choice
    const v = choice.version
    logger.info(
      `Collecting version ${versionId.slice(0, 12)} of artifact ${showName(choice.artifact.name)}` +
        (v?.message ? ` (${showName(v.message)}` : ' (') +
        (v?.fileCount != null ? `, ${v.fileCount} files` : '') +
        (v?.size != null ? `, ${formatBytes(v.size)}` : '') +
        ')'
    )
    const target = await resolveDestination(dest)
    const started = Date.now()
    const outcome = await downloadArchive({
      api: opts.client,
      artifactId: choice.artifact.id,
      versionId,
      logger,
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
      ...(opts.sleep ? { sleep: opts.sleep } : {}),
      ...(opts.random ? { random: opts.random } : {}),
      ...(opts.maxAttempts !== undefined ? { maxAttempts: opts.maxAttempts } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      consume: async body => {
        const staging = await createStaging(target)
        try {
          const tree = await extractTarGz(
            body,
            staging,
            limits,
            opts.signal ? { signal: opts.signal } : {}
          )
          return { tree, staging }
        } catch (error) {
          await removeTree(staging)
          throw error
        }
      }
    })
    if (outcome.kind === 'empty') {
      return {
        kind: 'none',
        why: `version ${versionId.slice(0, 12)} of artifact ${showName(artifactName)} is empty (the VM0 API has nothing to download)`,
        versionId,
        skipped: []
      }
    }
    const { tree, staging } = outcome.value
    const hostile = tree.skipped.filter(e => e.hostile)
    if (hostile.length > 0) {
      await removeTree(staging)
      for (const entry of hostile) {
        logger.info(`Unsafe entry ${showName(entry.path)}: ${entry.reason}.`)
      }
      throw new UnsafeArchiveError(hostile, {
        path: target,
        runId: opts.runId,
        artifactName,
        versionId
      })
    }
    reportSkipped(
      tree.skipped,
      logger,
      'Skipped links and unsupported entries of the output archive'
    )
    if (tree.files.length === 0) {
      await removeTree(staging)
      const why =
        tree.skipped.length > 0
          ? `the archive of version ${versionId.slice(0, 12)} holds no regular file that could be extracted safely`
          : `the archive of version ${versionId.slice(0, 12)} of artifact ${showName(artifactName)} holds no files`
      return { kind: 'none', why, versionId, skipped: tree.skipped }
    }
    let how: 'created' | 'merged'
    try {
      how = await installTree(staging, target)
    } catch (error) {
      await removeTree(staging)
      throw error
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    logger.info(
      `Extracted ${tree.files.length} files (${formatBytes(tree.totalBytes)}) to ${target}` +
        (how === 'merged' ? ', merged into what the folder held (same names replaced)' : '') +
        ` in ${seconds} s.`
    )
    return { kind: 'files', versionId, path: target, tree }
  })

  if (gathered.kind === 'none') {
    result.artifactVersion = gathered.versionId
    result.skipped = gathered.skipped
    return noFiles(gathered.why, null)
  }
  result.artifactVersion = gathered.versionId
  result.artifactsPath = gathered.path
  result.files = gathered.tree.files
  result.totalBytes = gathered.tree.totalBytes
  result.skipped = [...gathered.tree.skipped]

  if (!settings.upload) {
    logger.info(`Not uploading the files (upload: false); they stay in ${gathered.path}.`)
    return result
  }
  const selection = selectUploadFiles(gathered.tree.files, settings.includeHiddenFiles)
  reportSkipped(selection.refused, logger, 'Files not uploaded because of their names')
  result.skipped.push(...selection.refused)
  if (selection.hidden.length > 0) {
    logger.info(
      `Not uploading ${selection.hidden.length} hidden files (include-hidden-files: false): ` +
        `${nameSome(
          selection.hidden.map(f => showName(f.path)),
          20
        )}.`
    )
  }
  if (selection.upload.length === 0) {
    const why =
      `none of the ${gathered.tree.files.length} extracted files can be uploaded` +
      (selection.hidden.length > 0 ? ' (hidden files need `include-hidden-files: true`)' : '')
    return noFiles(why, gathered.path)
  }
  const name =
    settings.uploadName ?? defaultUploadName(artifactName, opts.runId, env.GITHUB_RUN_ATTEMPT)
  result.upload = await logger.group('Uploading output', async () => {
    const uploaded = await uploadFiles({
      client: opts.uploadClient ?? defaultUploadClient(),
      name,
      root: gathered.path,
      files: selection.upload,
      retentionDays: settings.retentionDays,
      compressionLevel: settings.compressionLevel,
      overwrite: settings.overwrite,
      env,
      info: message => logger.info(message)
    })
    logger.info(
      `Uploaded ${selection.upload.length} files as workflow artifact ${showName(uploaded.name)}` +
        ` (id ${uploaded.id})${uploaded.url ? `: ${uploaded.url}` : ''}.`
    )
    return uploaded
  })
  return result
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
