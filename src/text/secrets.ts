/**
 * The one redactor. Every channel the action writes (outputs, `output-file`,
 * the job summary, the PR comment, error messages) passes remote text through
 * a redactor built here from the same list of secret values, so the rule for
 * what is hidden lives in one place.
 */

/**
 * Values shorter than this are not used for redaction: replacing every `a` or
 * `12` in a text garbles it without protecting anything.
 */
export const MIN_SECRET_LENGTH = 4

/** A function that hides secrets in a text. */
export type Redact = (text: string) => string

/** The values a redactor hides: each value whole, and each line of a multi-line value. */
export function secretNeedles(values: Iterable<string>): string[] {
  const needles = new Set<string>()
  for (const value of values) {
    for (const candidate of [value, ...value.split(/\r\n|\r|\n/)]) {
      const v = candidate.trim()
      if (v.length >= MIN_SECRET_LENGTH) needles.add(v)
    }
  }
  return [...needles].sort((a, b) => b.length - a.length)
}

/**
 * A redact function that replaces every given value (and each line of a
 * multi-line value) with `***`, longest first, and hides the query of
 * presigned URLs (S3, GCS, Azure SAS), whose signature grants access.
 */
export function createRedactor(values: Iterable<string>): Redact {
  const sorted = secretNeedles(values)
  return text => {
    let out = text
    for (const needle of sorted) out = out.split(needle).join('***')
    return redactPresignedUrls(out)
  }
}

const PRESIGNED =
  /(\bhttps?:\/\/[^\s?#"'<>`]+)\?([^\s"'<>`]*(?:X-Amz-Signature|X-Amz-Credential|X-Goog-Signature|X-Goog-Credential|[?&]sig=|[?&]Signature=|[?&]token=)[^\s"'<>`]*)/gi

/** Hides the query string of URLs that carry a signature or token. */
export function redactPresignedUrls(text: string): string {
  return text.replace(PRESIGNED, (_m, base: string) => `${base}?***`)
}
