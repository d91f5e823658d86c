/**
 * Durations as users write them in a workflow (`90s`, `30m`, `2h`, `1h30m`,
 * `1h30m15s`; a bare number is refused, except `0`) and back again for messages; the
 * time between two timestamps, and a timestamp shown to the second.
 */

const MS_PER_SECOND = 1000
const MS_PER_MINUTE = 60 * MS_PER_SECOND
const MS_PER_HOUR = 60 * MS_PER_MINUTE

/**
 * The longest duration accepted: 24 days. Node's timers hold at most
 * 2^31-1 ms (about 24.8 days) and fire at once when given more, so a larger
 * value would end a wait immediately instead of never.
 */
export const MAX_DURATION_MS = 24 * 24 * MS_PER_HOUR

/** The accepted forms, for error messages. */
export const DURATION_FORMS = 'a duration with a unit, like 90s, 30m, 2h or 1h30m'

const UNITS = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/

/**
 * Parses a duration into milliseconds. Units are `h`, `m` and `s`, in that
 * order, each at most once, case-insensitive; `0` alone is zero. A bare
 * number is refused: `timeout-minutes: 30` reads as minutes elsewhere in a
 * workflow, so `30` is ambiguous (settings/durations.ts says so to the user).
 * Returns `null` for anything else (including fractions, negative numbers,
 * spaces inside and values beyond {@link MAX_DURATION_MS}), so the caller can
 * name the input in its message.
 */
export function parseDuration(text: string): number | null {
  const value = text.trim().toLowerCase()
  if (value === '') return null
  if (/^0+$/.test(value)) return 0
  const match = UNITS.exec(value)
  if (!match) return null
  const [, h, m, s] = match
  if (h === undefined && m === undefined && s === undefined) return null
  const ms =
    Number(h ?? 0) * MS_PER_HOUR + Number(m ?? 0) * MS_PER_MINUTE + Number(s ?? 0) * MS_PER_SECOND
  if (!Number.isSafeInteger(ms) || ms > MAX_DURATION_MS) return null
  return ms
}

/**
 * Formats milliseconds for people: `2h`, `1h30m`, `1m30s`, `45s`, `1.5s`,
 * `250ms`. Whole seconds are shown without fractions; below a minute a
 * fraction of a second keeps one decimal; above it the remainder under a
 * second is dropped.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return `${ms}ms`
  if (ms < MS_PER_SECOND) return `${Math.round(ms)}ms`
  if (ms < MS_PER_MINUTE && ms % MS_PER_SECOND !== 0) {
    const seconds = Math.floor(ms / 100) / 10
    return `${seconds}s`
  }
  const total = Math.floor(ms / MS_PER_SECOND)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  return (h ? `${h}h` : '') + (m ? `${m}m` : '') + (s ? `${s}s` : '') || '0s'
}

/**
 * Seconds for log lines about waits and retries: `0.35 s`, `1.4 s`, `12 s`
 * (two decimals at most below ten seconds, whole seconds above).
 */
export function formatSeconds(ms: number): string {
  const s = ms / 1000
  return `${s >= 10 ? Math.round(s) : Number(s.toFixed(2))} s`
}

/** Milliseconds between two ISO timestamps; null when either is missing or invalid, or `to` is before `from`. */
export function msBetween(
  from: string | null | undefined,
  to: string | null | undefined
): number | null {
  if (!from || !to) return null
  const ms = Date.parse(to) - Date.parse(from)
  return Number.isFinite(ms) && ms >= 0 ? ms : null
}

/** A timestamp as ISO 8601 in UTC to the second (`2026-01-02T03:04:05Z`); null when missing or invalid. */
export function isoSeconds(value: string | null | undefined): string | null {
  if (!value) return null
  const ms = Date.parse(value)
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : null
}
