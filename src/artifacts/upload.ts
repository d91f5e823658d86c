/**
 * Publishing the extracted files as a workflow artifact with
 * @actions/artifact. The client follows symbolic links and uploads what
 * they point to, so it is only ever given regular files found with lstat.
 */
import { join } from 'node:path'
import { errorMessage } from '../base/errors.js'
import {
  replaceUploadNameForbidden,
  UPLOAD_NAME_FORBIDDEN_TEXT,
  uploadNameForbidden
} from '../settings/checks.js'
import type { CompressionSetting } from '../settings/settings.js'
import { GIT_REFUSED_REASON, gitFolderOf } from './entry-filter.js'
import { UploadError } from './errors.js'
import { quote } from '../text/quote.js'
import type { ExtractedFile, SkippedEntry, UploadedArtifact } from './types.js'

/**
 * Above this ratio of archive bytes to extracted bytes, `compression-level:
 * auto` takes the output as already compressed and zips it at level 0.
 * Measured with `tar -czf` as the sandbox archives: random bytes 1.00, a
 * .tar.gz 0.99, PNG images 0.91, 16 MB of media beside 0.4 MB of source
 * 0.98; TypeScript or JavaScript source 0.23–0.26, half random and half text
 * 0.40. Level 6 gains at most a tenth of the size above 0.9 and costs the
 * whole deflate time (64 MiB: about 1.5 s at level 6, 0.14 s at level 0).
 */
export const ALREADY_COMPRESSED_RATIO = 0.9

/**
 * Below this many extracted bytes `auto` does not measure: the tar headers and
 * the gzip framing outweigh a few small files (132 bytes gzip to 300), and
 * deflating under 1 MiB costs a few milliseconds anyway.
 */
const AUTO_MIN_BYTES = 1024 * 1024

/** The zip level `compression-level: auto` uses for output that compresses. */
const AUTO_COMPRESSIBLE_LEVEL = 6

/** The gzip'd archive's size and what it held, for `compression-level: auto`. */
export interface ArchiveSize {
  /** Bytes downloaded (the gzip'd tar). */
  compressedBytes: number
  /** Bytes of the regular files extracted from it. */
  extractedBytes: number
}

/**
 * The zip level to upload at, and one line saying why: an explicit level as
 * given; `auto` from the archive's gzip ratio (compressed / extracted bytes):
 * above {@link ALREADY_COMPRESSED_RATIO} the content is already compressed
 * (media, archives, model files) and level 0 saves the deflate time for
 * nothing lost; else level 6.
 */
export function chooseCompressionLevel(
  setting: CompressionSetting,
  size: ArchiveSize
): { level: number; line: string } {
  if (setting !== 'auto') {
    return {
      level: setting,
      line: `Compression level ${setting} (\`compression-level: ${setting}\`).`
    }
  }
  const head = '(`compression-level: auto`)'
  if (size.extractedBytes < AUTO_MIN_BYTES || size.compressedBytes <= 0) {
    return {
      level: AUTO_COMPRESSIBLE_LEVEL,
      line:
        `Compression level ${AUTO_COMPRESSIBLE_LEVEL} ${head}: the output is under 1 MiB, ` +
        'so compressing it costs next to nothing.'
    }
  }
  const ratio = size.compressedBytes / size.extractedBytes
  const shown = `the gzip'd output archive was ${formatRatio(ratio)} of the files' size`
  if (ratio > ALREADY_COMPRESSED_RATIO) {
    return {
      level: 0,
      line:
        `Compression level 0 ${head}: ${shown} (above ${formatRatio(ALREADY_COMPRESSED_RATIO)}), ` +
        'so the files are already compressed and zipping them again would only cost time.'
    }
  }
  return {
    level: AUTO_COMPRESSIBLE_LEVEL,
    line:
      `Compression level ${AUTO_COMPRESSIBLE_LEVEL} ${head}: ${shown} ` +
      `(at most ${formatRatio(ALREADY_COMPRESSED_RATIO)}), so the files compress.`
  }
}

function formatRatio(ratio: number): string {
  return `${Math.round(ratio * 100)}%`
}

/** The calls this stage needs from @actions/artifact. */
export interface UploadClient {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: { retentionDays?: number; compressionLevel?: number }
  ): Promise<{ id?: number; size?: number; digest?: string }>
  /** Throws @actions/artifact's `ArtifactNotFoundError` when there is none of that name. */
  deleteArtifact(name: string): Promise<unknown>
}

/**
 * @actions/artifact, loaded on first use: it is the heaviest dependency and
 * most steps never upload, so it stays out of the action's cold start.
 */
function artifactModule(): Promise<typeof import('@actions/artifact')> {
  return import('@actions/artifact')
}

/** @actions/artifact's client, for the runner's artifact service (loaded when first called). */
export function defaultUploadClient(): UploadClient {
  let client: Promise<UploadClient> | null = null
  const load = (): Promise<UploadClient> =>
    (client ??= artifactModule().then(m => new m.DefaultArtifactClient()))
  return {
    uploadArtifact: async (...args) => (await load()).uploadArtifact(...args),
    deleteArtifact: async name => (await load()).deleteArtifact(name)
  }
}

/** Characters a file path inside a workflow artifact cannot hold. */
const PATH_FORBIDDEN = /[":<>|*?\r\n]/

/** Replaces every character a workflow artifact name cannot hold with `-`. */
export function sanitizeArtifactName(name: string): string {
  return replaceUploadNameForbidden(name).trim()
}

/**
 * `vm0-<artifact-name>-<run id's first 8 characters>`, sanitized. The VM0
 * run id differs per run, so matrix jobs and re-runs (which start new runs)
 * never clash; a re-run attempt that collects the same run again (`run-id`)
 * gets `-attempt-<n>` so it does not clash with the first attempt's upload.
 */
export function defaultUploadName(
  artifactName: string,
  runId: string,
  runAttempt?: string
): string {
  const attempt = Number(runAttempt)
  const suffix = Number.isInteger(attempt) && attempt > 1 ? `-attempt-${attempt}` : ''
  return sanitizeArtifactName(`vm0-${artifactName}-${runId.slice(0, 8)}${suffix}`)
}

/** Throws an UploadError naming the name when the artifact service would refuse it. */
export function checkArtifactName(name: string): void {
  if (name.trim() === '') {
    throw new UploadError('The workflow artifact name is empty: set `upload-name`.')
  }
  const bad = uploadNameForbidden(name)
  if (bad.length > 0) {
    const shown = bad.map(c => JSON.stringify(c)).join(' ')
    throw new UploadError(
      `The workflow artifact name ${quote(name)} holds ${shown}, which artifact names ` +
        `cannot hold (none of ${UPLOAD_NAME_FORBIDDEN_TEXT}): set \`upload-name\`.`
    )
  }
}

/** A path with a segment that starts with `.` (a dot-file or a file in a dot-folder). */
export function isHiddenPath(path: string): boolean {
  return path.split('/').some(segment => segment.startsWith('.'))
}

/** The extracted files, sorted into uploaded, hidden and refused. */
export interface UploadSelection {
  upload: ExtractedFile[]
  hidden: ExtractedFile[]
  /** Files the artifact service would refuse (the whole upload would fail); they stay on disk. */
  refused: SkippedEntry[]
}

/** Which extracted files go into the workflow artifact. */
export function selectUploadFiles(
  files: readonly ExtractedFile[],
  includeHidden: boolean
): UploadSelection {
  const selection: UploadSelection = { upload: [], hidden: [], refused: [] }
  for (const file of files) {
    // Never extracted (the entry filter refuses them); never uploaded either, whatever happened.
    if (gitFolderOf(file.path) !== null) {
      selection.refused.push({ path: file.path, reason: GIT_REFUSED_REASON, hostile: false })
    } else if (!includeHidden && isHiddenPath(file.path)) selection.hidden.push(file)
    else if (PATH_FORBIDDEN.test(file.path)) {
      selection.refused.push({
        path: file.path,
        reason:
          'kept on disk but not uploaded: workflow artifacts cannot hold " : < > | * ? or line breaks in file names',
        hostile: false
      })
    } else selection.upload.push(file)
  }
  return selection
}

/** `https://github.com/<repo>/actions/runs/<run>/artifacts/<id>`, or null without the run context. */
export function artifactUrl(env: NodeJS.ProcessEnv, id: number): string | null {
  const repository = env.GITHUB_REPOSITORY
  const runId = env.GITHUB_RUN_ID
  if (!repository || !runId) return null
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  return `${server}/${repository}/actions/runs/${runId}/artifacts/${id}`
}

/** What {@link uploadFiles} uploads, and how. */
export interface UploadOptions {
  client: UploadClient
  name: string
  /** Folder the paths are relative to; it becomes the artifact's root. */
  root: string
  files: readonly ExtractedFile[]
  retentionDays: number | null
  compressionLevel: number
  overwrite: boolean
  env: NodeJS.ProcessEnv
  info: (message: string) => void
}

/**
 * What the user can do about a failed upload. @actions/artifact has a class
 * for GHES; a name conflict (409) and a step outside a runner (no runtime
 * token) reach us as plain errors, so only their messages tell them apart.
 */
async function uploadHint(error: unknown): Promise<string> {
  const { GHESNotSupportedError } = await artifactModule()
  if (error instanceof GHESNotSupportedError) {
    return ' GitHub Enterprise Server does not offer this artifact service; set `upload: false` there.'
  }
  const message = errorMessage(error)
  if (/\b409\b|already exists/i.test(message)) {
    return ' A workflow artifact of that name already exists in this workflow run: set `overwrite: true` to replace it, or another `upload-name`.'
  }
  if (/ACTIONS_RUNTIME_TOKEN|ACTIONS_RESULTS_URL/.test(message)) {
    return ' The artifact service is only reachable from an action step on a GitHub runner; set `upload: false` elsewhere.'
  }
  return ''
}

/** Deletes the earlier workflow artifact named `name`, if there is one (`overwrite: true`). */
async function deleteEarlier(opts: UploadOptions): Promise<void> {
  try {
    await opts.client.deleteArtifact(opts.name)
    opts.info(`Deleted the earlier workflow artifact ${quote(opts.name)} (overwrite: true).`)
  } catch (error) {
    const { ArtifactNotFoundError } = await artifactModule()
    if (error instanceof ArtifactNotFoundError) return
    throw new UploadError(
      `Could not delete the earlier workflow artifact ${quote(opts.name)} to overwrite it: ${errorMessage(error)}`,
      { cause: error }
    )
  }
}

/** Uploads `files` as workflow artifact `name` (replacing one of that name when `overwrite`). */
export async function uploadFiles(opts: UploadOptions): Promise<UploadedArtifact> {
  checkArtifactName(opts.name)
  if (opts.overwrite) await deleteEarlier(opts)
  let answer: { id?: number; digest?: string }
  try {
    answer = await opts.client.uploadArtifact(
      opts.name,
      opts.files.map(f => join(opts.root, f.path)),
      opts.root,
      {
        compressionLevel: opts.compressionLevel,
        ...(opts.retentionDays !== null ? { retentionDays: opts.retentionDays } : {})
      }
    )
  } catch (error) {
    throw new UploadError(
      `Could not upload the workflow artifact ${quote(opts.name)}: ${errorMessage(error)}.${await uploadHint(error)}`,
      { cause: error }
    )
  }
  if (typeof answer.id !== 'number') {
    throw new UploadError(
      `The artifact service did not return an id for the workflow artifact ${quote(opts.name)}.`
    )
  }
  return {
    id: answer.id,
    name: opts.name,
    url: artifactUrl(opts.env, answer.id),
    digest: answer.digest ?? null
  }
}
