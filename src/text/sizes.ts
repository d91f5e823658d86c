/** Small formatting helpers shared by the log, the summary and the PR comment. */

/** `1.2 MiB`, `512 B`: binary multiples, one decimal. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} B`
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`
}

/**
 * Cuts text to at most `maxBytes` of UTF-8 without splitting a character.
 * Returns the text unchanged when it fits.
 */
export function capUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text
  const buf = Buffer.from(text, 'utf8')
  let end = maxBytes
  // Step back over continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--
  return buf.subarray(0, end).toString('utf8')
}
