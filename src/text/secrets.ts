/**
 * The one redactor. Every channel the action writes (log lines, outputs,
 * `output-file`, the job summary, the PR comment, error messages, the
 * transcript file) passes its final text through a redactor built here, so
 * the rule for what is hidden lives in one place:
 *
 * - the text is made plain first (controls, escapes and invisible characters
 *   removed: `plainText`), then secrets are looked for in what a reader sees
 *   of it (`seenText`: Markdown backslash escapes and HTML character
 *   references decoded, variation selectors, joiners and other invisible
 *   characters left out), so `ghp\_…`, `ghp&#95;…` or a secret with a NUL,
 *   `ESC[0m`, U+FE0F or a zero-width space between its characters is found,
 *   and the whole original span is hidden, escapes and invisibles included;
 * - each secret is hidden whole, and in the forms the runner masks too: its
 *   base64 at the three byte offsets (standard and URL alphabets, only the
 *   characters that do not depend on what follows), JSON-escaped and
 *   URL-encoded;
 * - a multi-line secret is hidden whole, and line by line only for lines long
 *   and specific enough to be a secret on their own;
 * - values shorter than {@link MIN_SECRET_LENGTH} are not used (they would
 *   garble any text and protect nothing): the action warns about them;
 * - signed URLs keep their address but lose their signature and credential.
 *
 * The settings register every secret they mask here as well
 * ({@link registerSecrets}), as `::add-mask::` registers it with the runner:
 * the log printer redacts with that list, and the helpers that cut log lines
 * never cut inside a registered secret (a prefix the runner cannot mask).
 */
import { breakCommands, plainText, seenText, type SeenText } from './sanitize.js'

/**
 * Values shorter than this are not used for redaction: replacing every `a` or
 * `12` in a text garbles it without protecting anything.
 */
export const MIN_SECRET_LENGTH = 4
/** A line of a multi-line secret is hidden on its own only with this many letters or digits. */
const MIN_LINE_LENGTH = 8
/** Derived base64 forms shorter than this are not used: they match too much. */
const MIN_DERIVED_LENGTH = 6

/** A function that hides secrets in a text. */
export interface Redact {
  (text: string): string
  /**
   * The same, for text the action assembled itself (a summary page, a comment
   * body) from pieces that were already made plain and redacted: secrets and
   * URL signatures are hidden again (found the same way, through escapes and
   * invisibles), but the text is not made plain, so the zero-width characters
   * the action inserts on purpose (that keep an `@mention` in the answer from
   * notifying anyone) stay.
   */
  markup?: (text: string) => string
}

/** True when a secret value is long enough to be redacted (see {@link MIN_SECRET_LENGTH}). */
export function isRedactable(value: string): boolean {
  return value.trim().length >= MIN_SECRET_LENGTH
}

/**
 * A line of a multi-line secret specific enough to hide alone: at least
 * {@link MIN_LINE_LENGTH} letters or digits, and those at least half the line
 * (`{`, `},` or `"ok": true,` are not).
 */
export function isSpecificLine(line: string): boolean {
  const alnum = line.replace(/[^\p{L}\p{N}]/gu, '').length
  return alnum >= MIN_LINE_LENGTH && alnum * 2 >= line.length
}

/** The base64 characters of `bytes` that do not depend on the bytes after them. */
function stableBase64(bytes: Buffer): string {
  return bytes.toString('base64').slice(0, Math.floor((bytes.length * 8) / 6))
}

/**
 * The forms a secret can take in text besides itself, as the runner masks
 * them: base64 at byte offsets 0, 1 and 2 (a secret after a prefix of any
 * length, as in `base64(user:password)`), standard and URL alphabets, without
 * padding or the last partial character; JSON-escaped; URL-encoded.
 */
export function secretForms(value: string): string[] {
  if (value.length < MIN_SECRET_LENGTH) return []
  const bytes = Buffer.from(value, 'utf8')
  const forms = new Set<string>()
  for (const shift of [0, 1, 2]) {
    if (bytes.length <= shift) continue
    const b64 = stableBase64(bytes.subarray(shift))
    if (b64.length < MIN_DERIVED_LENGTH) continue
    forms.add(b64)
    forms.add(b64.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  forms.add(JSON.stringify(value).slice(1, -1))
  const uri = encodeURIComponent(value)
  forms.add(uri)
  forms.add(uri.replace(/%20/g, '+'))
  forms.delete(value)
  return [...forms].filter(f => f.length >= MIN_SECRET_LENGTH)
}

/**
 * Every string a redactor hides for these values, longest first: each value
 * (as given, trimmed and made plain), the specific lines of a multi-line
 * value, and the {@link secretForms} of each; each also as a reader sees it
 * (`seenText`), since that is where they are looked for.
 */
export function secretNeedles(values: Iterable<string>): string[] {
  const needles = new Set<string>()
  const keep = (needle: string): void => {
    for (const n of [needle, seenText(needle).text])
      if (n.length >= MIN_SECRET_LENGTH) needles.add(n)
  }
  const add = (candidate: string): void => {
    if (candidate.length < MIN_SECRET_LENGTH) return
    keep(candidate)
    for (const form of secretForms(candidate)) keep(form)
  }
  for (const value of values) {
    if (!isRedactable(value)) continue
    for (const whole of new Set([value, value.trim(), plainText(value), plainText(value).trim()])) {
      add(whole)
    }
    const lines = plainText(value).split('\n')
    if (lines.length > 1) {
      for (const line of lines) if (isSpecificLine(line.trim())) add(line.trim())
    }
  }
  return [...needles].sort((a, b) => b.length - a.length)
}

/** Spans of an original text to hide, as `[start, end)` pairs, merged when they overlap. */
class Spans {
  private reach: Int32Array | null = null
  private first = Infinity
  private last = 0

  constructor(
    private readonly original: string,
    private readonly seen: SeenText
  ) {}

  /** Marks the original characters behind seen units `[from, to)` (invisibles after them too). */
  add(from: number, to: number): void {
    const { starts } = this.seen
    const start = starts === null ? from : (starts[from] ?? 0)
    const end = starts === null ? to : (starts[to] ?? this.original.length)
    if (end <= start) return
    this.reach ??= new Int32Array(this.original.length)
    if (end > (this.reach[start] ?? 0)) this.reach[start] = end
    this.first = Math.min(this.first, start)
    this.last = Math.max(this.last, end)
  }

  /** The merged spans, in order. */
  merged(): Array<[number, number]> {
    const out: Array<[number, number]> = []
    const reach = this.reach
    if (reach === null) return out
    for (let at = this.first; at < this.last; at++) {
      const end = reach[at] ?? 0
      if (end <= at) continue
      const open = out[out.length - 1]
      if (open !== undefined && at < open[1]) open[1] = Math.max(open[1], end)
      else out.push([at, end])
    }
    return out
  }

  /** The original text with each merged span replaced by `***`. */
  hide(): string {
    const spans = this.merged()
    if (spans.length === 0) return this.original
    let out = ''
    let at = 0
    for (const [start, end] of spans) {
      out += `${this.original.slice(at, start)}***`
      at = end
    }
    return out + this.original.slice(at)
  }
}

/**
 * The spans of `text` that show a needle (or, with `urls`, the value of a
 * signed URL's sensitive parameter) once read as a reader sees it. Each
 * needle is one native search over the seen text: linear in the text. The
 * map back to the original is made only when something was found.
 */
function secretSpans(text: string, needles: readonly string[], urls: boolean): Spans {
  const found = seenMatches(seenText(text, false).text, needles, urls)
  if (found.length === 0) return new Spans(text, { text, starts: null })
  const spans = new Spans(text, seenText(text))
  for (let i = 0; i < found.length; i += 2) spans.add(found[i] ?? 0, found[i + 1] ?? 0)
  return spans
}

/** The `[from, to)` ranges of `seen` to hide, flat (`from, to, from, to, …`). */
function seenMatches(seen: string, needles: readonly string[], urls: boolean): number[] {
  const found: number[] = []
  for (const needle of needles) {
    for (let at = seen.indexOf(needle); at >= 0; at = seen.indexOf(needle, at + needle.length)) {
      found.push(at, at + needle.length)
    }
  }
  if (urls && seen.includes('://')) {
    for (const m of seen.matchAll(URL_PATTERN)) {
      for (const [from, to] of sensitiveValues(m[0])) found.push(m.index + from, m.index + to)
    }
  }
  return found
}

/**
 * A redact function: the text made plain (see `plainText`), every
 * {@link secretNeedles} value replaced with `***`, and signed URLs masked
 * (see {@link redactPresignedUrls}), all found in what a reader sees of the
 * text (`seenText`). Redact the final text of a channel, and cut only after
 * redacting.
 */
export function createRedactor(values: Iterable<string>): Redact {
  const needles = secretNeedles(values)
  const markup = (text: string): string => secretSpans(text, needles, true).hide()
  return Object.assign((text: string): string => markup(plainText(text)), { markup })
}

/** Query parameters whose value grants access: signatures, credentials, tokens. */
const SENSITIVE_PARAMS = new Set([
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'x-goog-signature',
  'x-goog-credential',
  'sig',
  'signature',
  'token',
  'key-pair-id',
  'policy'
])
// One URL: a scheme and everything up to a character that cannot be in a bare URL. One quantifier.
const URL_PATTERN = /https?:\/\/[^\s"'<>`]*/gi

// A parameter name that could be sensitive, percent-encoded or not: checked before any splitting.
const MAYBE_SENSITIVE = /sig|token|credential|key-pair|policy|%/i

/** The `[from, to)` ranges, in `url`, of the values of its sensitive query parameters. */
function sensitiveValues(url: string): Array<[number, number]> {
  const q = url.indexOf('?')
  if (q < 0 || !MAYBE_SENSITIVE.test(url.slice(q))) return []
  const hash = url.indexOf('#', q)
  const out: Array<[number, number]> = []
  let at = q + 1
  for (const param of url.slice(q + 1, hash < 0 ? undefined : hash).split('&')) {
    const eq = param.indexOf('=')
    if (eq >= 0 && eq < param.length - 1 && SENSITIVE_PARAMS.has(paramName(param.slice(0, eq)))) {
      out.push([at + eq + 1, at + param.length])
    }
    at += param.length + 1
  }
  return out
}

function paramName(name: string): string {
  if (!name.includes('%')) return name.toLowerCase()
  try {
    return decodeURIComponent(name).toLowerCase()
  } catch {
    return name.toLowerCase()
  }
}

/**
 * Masks the signature and credential of signed URLs (S3, GCS, Azure SAS,
 * CloudFront): the value of each such query parameter becomes `***`; the
 * address and the other parameters stay readable. Linear in the text.
 */
export function redactPresignedUrls(text: string): string {
  if (!text.includes(':')) return text
  return secretSpans(text, [], true).hide()
}

/** The secrets registered by the settings, and their needles. */
const known = { values: new Set<string>(), needles: [] as string[] }

/**
 * Registers secrets for the log: the printer redacts them and the line
 * cutting helpers never cut inside one. The settings call this for every
 * value they mask, as `::add-mask::` registers it with the runner.
 */
export function registerSecrets(values: Iterable<string>): void {
  let added = false
  for (const value of values) {
    if (!isRedactable(value) || known.values.has(value)) continue
    known.values.add(value)
    added = true
  }
  if (added) known.needles = secretNeedles(known.values)
}

/** True when the text, as a reader sees it, holds a registered secret. */
export function holdsKnownSecret(text: string): boolean {
  if (known.needles.length === 0) return false
  return secretSpans(text, known.needles, false).merged().length > 0
}

/**
 * A log line with registered secrets and URL signatures hidden. A line that
 * holds none comes back unchanged (colour and all); one that does comes back
 * plain, redacted, with workflow commands broken.
 */
export function redactLine(line: string): string {
  if (known.needles.length === 0 && !/[:&]/.test(line)) return line
  const plain = plainText(line)
  const redacted = secretSpans(plain, known.needles, true).hide()
  return redacted === plain ? line : breakCommands(redacted)
}

/**
 * Where to cut `text` so that no registered secret is split: `end`, or the
 * start of a secret that spans it (that secret is then left out whole). The
 * secret is looked for as a reader sees it, so one with invisible characters
 * or escapes between its characters is not cut either.
 */
export function safeCutEnd(text: string, end: number): number {
  if (known.needles.length === 0) return end
  for (const [start, stop] of secretSpans(text, known.needles, false).merged()) {
    if (start < end && end < stop) return start
    if (start >= end) break
  }
  return end
}
