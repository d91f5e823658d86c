/**
 * The limits of an extraction, and the errors that name them. An archive
 * beyond one is more likely a decompression bomb than a run's output.
 */
import { formatBytes } from '../text/sizes.js'
import { ExtractLimitError } from './errors.js'
import { quote } from '../text/quote.js'

/** How much an archive may unpack to; beyond any of them, nothing is extracted. */
export interface ExtractLimits {
  /** Most bytes the tar stream may unpack to (file contents plus tar headers); default 2 GiB (`max-output-size`). */
  maxBytes: number
  /** Most entries (files, folders, skipped entries); default 50,000 (`max-output-files`). */
  maxEntries: number
  /** Most path segments of an entry; default 64. */
  maxDepth: number
}

/**
 * The limits collecting uses unless told otherwise: sized for what an agent
 * writes (reports, patches, a checked-out repository with its build), far
 * below what a decompression bomb unpacks to.
 */
export const DEFAULT_LIMITS: Readonly<ExtractLimits> = {
  maxBytes: 2 * 1024 ** 3,
  maxEntries: 50_000,
  maxDepth: 64
}

/** Skipped entries kept by name (per kind: hostile, or only skipped); the rest are counted. */
export const MAX_LISTED_SKIPPED = 1000

/** Characters of a skipped entry's name that are kept (a name can be up to 1 MiB in a pax header). */
export const MAX_KEPT_NAME = 1024

/** Space the extraction leaves free on the volume of `path`. */
export const DISK_RESERVE_BYTES = 64 * 1024 * 1024

/** The archive unpacks (or declares files that unpack) to more than `maxBytes`. */
export function bytesLimitError(limits: ExtractLimits): ExtractLimitError {
  return new ExtractLimitError(
    'bytes',
    `The output archive unpacks to more than ${formatBytes(limits.maxBytes)}, the limit of ` +
      `what the action extracts (${limits.maxBytes} bytes, \`max-output-size\`); nothing was ` +
      `extracted. An archive this large is more likely a decompression bomb than a run's ` +
      `output; if the run really wrote that much, raise \`max-output-size\` (e.g. 8GiB).`
  )
}

/** The archive holds more than `maxEntries` entries. */
export function entriesLimitError(limits: ExtractLimits): ExtractLimitError {
  return new ExtractLimitError(
    'entries',
    `The output archive holds more than ${limits.maxEntries} entries (files, folders and ` +
      `links), the limit of what the action extracts (\`max-output-files\`); nothing was ` +
      `extracted. If the run really wrote that many, raise \`max-output-files\`.`
  )
}

/** The archive's files need more than the `free` bytes of the volume of `path` (less the reserve). */
export function diskLimitError(declared: number, free: number): ExtractLimitError {
  return new ExtractLimitError(
    'disk',
    `The output archive declares more than ${formatBytes(declared)} of files, but the volume ` +
      `of \`path\` has ${formatBytes(free)} free (the action keeps ` +
      `${formatBytes(DISK_RESERVE_BYTES)} of it free); nothing was extracted. Free some ` +
      `space, or give a \`path\` on a larger volume.`
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
      `${limits.maxDepth}: ${quote(path.slice(0, 120))}; nothing was extracted.`
  )
}
