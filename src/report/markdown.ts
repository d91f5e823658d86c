/**
 * Markdown for the job summary and the pull-request comment. Remote text
 * (answers, errors, log lines, names) is untrusted: it is stripped of
 * control characters and shown only in code spans or fenced blocks whose
 * fence is longer than any backtick run inside, so it can neither inject
 * HTML nor break the page's layout. Links are made only to http(s) URLs.
 */
import { cutChars, plainText } from '../text/sanitize.js'
import { capUtf8 } from '../text/sizes.js'
import { breakComments, trimNewlines } from './safe-markdown.js'

const STATUS_ICONS: Record<string, string> = {
  completed: '✅',
  failed: '❌',
  timeout: '⏱️',
  cancelled: '🚫',
  running: '⏳',
  pending: '⏳',
  queued: '⏳'
}

/** An emoji for a run status (❔ for one the action does not know). */
export function statusIcon(status: string): string {
  return STATUS_ICONS[status] ?? '❔'
}

function longestRun(text: string, char: string): number {
  let longest = 0
  let run = 0
  for (const c of text) {
    run = c === char ? run + 1 : 0
    if (run > longest) longest = run
  }
  return longest
}

/**
 * Remote text in a fenced code block whose backtick fence is longer than any
 * backtick run inside, so nothing in it can close the block early; renderers
 * escape HTML inside code blocks.
 */
export function fencedBlock(text: string, info = 'text'): string {
  const body = breakComments(trimNewlines(plainText(text)))
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1))
  return `${fence}${info}\n${body}\n${fence}`
}

/**
 * A fenced block of at most `budget` bytes: the text is cut (on a character
 * boundary) until the block, fences included, fits. Null when nothing fits.
 */
export function fencedWithin(
  text: string,
  info: string,
  budget: number
): { block: string | null; cut: boolean } {
  // The block is never smaller than its body: start from a body that could fit.
  let body = capUtf8(text, Math.max(0, budget))
  for (let attempt = 0; attempt < 4; attempt++) {
    const block = fencedBlock(body, info)
    const size = Buffer.byteLength(block)
    if (size <= budget) return { block, cut: body.length < text.length }
    const overhead = size - Buffer.byteLength(body)
    const room = budget - Math.max(overhead, 0)
    if (room <= 0) break
    body = capUtf8(body, Math.min(room, Buffer.byteLength(body) - 1))
  }
  return { block: null, cut: true }
}

/**
 * Remote text on one line, as a code span: no HTML, no links, no @mentions.
 * In a table cell, `|` is escaped (GFM splits cells before it parses spans).
 */
export function inlineCode(
  text: string,
  options: { table?: boolean; maxChars?: number } = {}
): string {
  let one = breakComments(plainText(text))
    .replace(/[\n\t]+/g, ' ')
    .trim()
  const max = options.maxChars ?? 200
  if (one.length > max) one = `${cutChars(one, max - 1)}…`
  if (one === '') return '`(empty)`'
  if (options.table) one = one.replace(/\|/g, '\\|')
  const ticks = '`'.repeat(longestRun(one, '`') + 1)
  const pad = one.startsWith('`') || one.endsWith('`') ? ' ' : ''
  return `${ticks}${pad}${one}${pad}${ticks}`
}

/** Markdown-escapes our own short text (used in link labels and prose). */
export function escapeMarkdown(text: string): string {
  return plainText(text)
    .replace(/\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]#|~@]/g, c => `\\${c}`)
}

/** The URL, made safe inside `<…>`, when it is http(s); else null. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null
    return parsed.href.replace(/[<>\s]/g, encodeURIComponent)
  } catch {
    return null
  }
}

/** A link only when the URL is http(s); the label is escaped. */
export function markdownLink(label: string, url: string | null | undefined): string {
  const safe = safeUrl(url)
  return safe ? `[${escapeMarkdown(label)}](<${safe}>)` : escapeMarkdown(label)
}

/**
 * Characters past what a section can show that are still redacted: beyond
 * them the text is cut first. Redaction reads every character (the five
 * passes of a 5 MB answer cost the summary most of a second), and what lies
 * this far past the section's end is never shown.
 */
const REDACT_MARGIN_CHARS = 64 * 1024

/**
 * The start of `text` a section of at most `shownBytes` can show, redacted.
 * Redaction shortens text (invisible and control characters go, a secret
 * becomes `***`), so a start that shrank to less than half the margin past
 * what is shown is taken again, twice as long, up to the whole text: a
 * secret cut in two by the first cut then lies far past anything shown (a
 * part of a secret can no longer be found by any redaction).
 */
export function redactedStart(
  text: string,
  shownBytes: number,
  redact: (s: string) => string
): string {
  const enough = shownBytes + REDACT_MARGIN_CHARS / 2
  for (let keep = shownBytes + REDACT_MARGIN_CHARS; ; keep *= 2) {
    if (text.length <= keep) return redact(text)
    const start = redact(cutChars(text, keep))
    // Every shown byte is at least one character of the redacted text.
    if (start.length >= enough) return start
  }
}
