/**
 * Publishing the extracted files as a workflow artifact with
 * @actions/artifact. The client follows symbolic links and uploads what
 * they point to, so it is only ever given regular files found with lstat.
 */
import { DefaultArtifactClient } from '@actions/artifact'
import { join } from 'node:path'
import { errorMessage } from '../base/errors.js'
import {
  replaceUploadNameForbidden,
  UPLOAD_NAME_FORBIDDEN_TEXT,
  uploadNameForbidden
} from '../settings/checks.js'
import { UploadError } from './errors.js'
import type { ExtractedFile, SkippedEntry } from './extract.js'
import { showName } from './logger.js'

/** The calls this stage needs from @actions/artifact. */
export interface UploadClient {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: { retentionDays?: number; compressionLevel?: number }
  ): Promise<{ id?: number; size?: number; digest?: string }>
  /** Throws an error named `ArtifactNotFoundError` when there is none of that name. */
  deleteArtifact(name: string): Promise<unknown>
}

export function defaultUploadClient(): UploadClient {
  return new DefaultArtifactClient()
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
      `The workflow artifact name ${showName(name)} holds ${shown}, which artifact names ` +
        `cannot hold (none of ${UPLOAD_NAME_FORBIDDEN_TEXT}): set \`upload-name\`.`
    )
  }
}

/** A path with a segment that starts with `.` (a dot-file or a file in a dot-folder). */
export function isHiddenPath(path: string): boolean {
  return path.split('/').some(segment => segment.startsWith('.'))
}

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
    if (!includeHidden && isHiddenPath(file.path)) selection.hidden.push(file)
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

export interface UploadResult {
  id: number
  name: string
  url: string | null
  digest: string | null
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name
  return name === 'ArtifactNotFoundError' || /not found/i.test(errorMessage(error))
}

/** Uploads `files` as workflow artifact `name` (replacing one of that name when `overwrite`). */
export async function uploadFiles(opts: UploadOptions): Promise<UploadResult> {
  checkArtifactName(opts.name)
  if (opts.overwrite) {
    try {
      await opts.client.deleteArtifact(opts.name)
      opts.info(`Deleted the earlier workflow artifact ${showName(opts.name)} (overwrite: true).`)
    } catch (error) {
      if (!isNotFound(error)) {
        throw new UploadError(
          `Could not delete the earlier workflow artifact ${showName(opts.name)} to overwrite it: ${errorMessage(error)}`,
          { cause: error }
        )
      }
    }
  }
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
    const message = errorMessage(error)
    let hint = ''
    if (/\b409\b|already exists/i.test(message)) {
      hint =
        ' A workflow artifact of that name already exists in this workflow run: set `overwrite: true` to replace it, or another `upload-name`.'
    } else if (/ACTIONS_RUNTIME_TOKEN|ACTIONS_RESULTS_URL/.test(message)) {
      hint =
        ' The artifact service is only reachable from an action step on a GitHub runner; set `upload: false` elsewhere.'
    }
    throw new UploadError(
      `Could not upload the workflow artifact ${showName(opts.name)}: ${message}.${hint}`,
      { cause: error }
    )
  }
  if (typeof answer.id !== 'number') {
    throw new UploadError(
      `The artifact service did not return an id for the workflow artifact ${showName(opts.name)}.`
    )
  }
  return {
    id: answer.id,
    name: opts.name,
    url: artifactUrl(opts.env, answer.id),
    digest: answer.digest ?? null
  }
}
