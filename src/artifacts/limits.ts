/**
 * The limits of an extraction, and the errors that name them. An archive
 * beyond one is more likely a decompression bomb than a run's output.
 */
import { formatBytes } from '../text/sizes.js'
import { ExtractLimitError } from './errors.js'
import { showName } from './logger.js'

/** How much an archive may unpack to; beyond any of them, nothing is extracted. */
export interface ExtractLimits {
  /** Most bytes the tar stream may unpack to (file contents plus tar headers); default 10 GiB. */
  maxBytes: number
  /** Most entries (files, folders, skipped entries); default 100,000. */
  maxEntries: number
  /** Most path segments of an entry; default 64. */
  maxDepth: number
}

/** The limits collecting uses unless told otherwise. */
export const DEFAULT_LIMITS: Readonly<ExtractLimits> = {
  maxBytes: 10 * 1024 ** 3,
  maxEntries: 100_000,
  maxDepth: 64
}

/** The archive unpacks (or declares files that unpack) to more than `maxBytes`. */
export function bytesLimitError(limits: ExtractLimits): ExtractLimitError {
  return new ExtractLimitError(
    'bytes',
    `The output archive unpacks to more than ${formatBytes(limits.maxBytes)}, the limit of ` +
      `what the action extracts (${limits.maxBytes} bytes); nothing was extracted. An archive ` +
      `this large is more likely a decompression bomb than a run's output.`
  )
}

/** The archive holds more than `maxEntries` entries. */
export function entriesLimitError(limits: ExtractLimits): ExtractLimitError {
  return new ExtractLimitError(
    'entries',
    `The output archive holds more than ${limits.maxEntries} entries (files and folders), ` +
      `the limit of what the action extracts; nothing was extracted.`
  )
}

/** An entry named `path` is `depth` segments deep, beyond `maxDepth`. */
export function depthLimitError(
  limits: ExtractLimits,
  depth: number,
  path: string
): ExtractLimitError {
  return new ExtractLimitError(
    'depth',
    `The output archive has an entry ${depth} folders deep, more than the limit of ` +
      `${limits.maxDepth}: ${showName(path.slice(0, 120))}; nothing was extracted.`
  )
}
