/** Figures as the summary and the comment show them: memory, token counts, the headline. */
import type { StopReason } from '../run/outcome.js'
import { formatDuration } from '../text/durations.js'
import { escapeMarkdown, statusIcon } from './markdown.js'

/** `612 MiB`, `1.2 GiB`, `4 GiB`: whole MiB below a GiB, one decimal above (none when whole). */
export function formatMemory(mib: number): string {
  if (mib < 1024) return `${Math.round(mib)} MiB`
  const gib = Math.round((mib / 1024) * 10) / 10
  return `${gib} GiB`
}

/** `950`, `12.3k`, `1.2M`. */
export function formatCount(n: number): string {
  if (n < 1000) return String(Math.round(n))
  if (n < 1_000_000) return `${Math.round(n / 100) / 10}k`
  return `${Math.round(n / 100_000) / 10}M`
}

/** How the action's work on the run ended, as the headline needs it. */
export interface Ending {
  /** The run's status to report. */
  status: string
  /** Why the action stopped waiting, when it did; `follow-failed` when following broke. */
  stop?: StopReason | 'follow-failed' | null
  /** The limit that ran out (`timeout` or `idle-timeout`), in ms. */
  limitMs?: number | null
  /** Whether the action cancelled the run. */
  cancelled?: boolean
  /**
   * What the action's cancel did, when it tried one: cancelled the run, found
   * it had already ended, or failed (`cancelled` alone cannot say the last two).
   */
  cancel?: 'cancelled' | 'ended' | 'failed' | null
  /** The run's duration, when known. */
  durationMs?: number | null
}

/** `✅ docs-writer completed in 4m 12s`, `⏱ docs-writer timed out after 30m (cancelled by the action)`, … */
export function headline(agent: string, ending: Ending): string {
  const name = escapeMarkdown(agent)
  const took =
    ending.durationMs !== null && ending.durationMs !== undefined
      ? formatDuration(ending.durationMs)
      : null
  const fate =
    ending.cancel === 'ended'
      ? 'the run had already ended'
      : ending.cancel === 'failed'
        ? 'cancelling it failed'
        : ending.cancelled
          ? 'cancelled by the action'
          : 'left running: `cancel-on-timeout` is false'
  const limit =
    ending.limitMs !== null && ending.limitMs !== undefined ? formatDuration(ending.limitMs) : null
  switch (ending.stop) {
    case 'timeout':
      return `⏱ ${name} timed out${limit ? ` after ${limit}` : ''} (${fate})`
    case 'idle':
      return `⏱ ${name} timed out: nothing arrived${limit ? ` for ${limit}` : ''}, the \`idle-timeout\` (${fate})`
    case 'aborted':
      return `🚫 ${name} stopped: the workflow was cancelled`
    case 'follow-failed':
      return `❌ ${name}: following the run failed${ending.cancel || ending.cancelled ? ` (${fate})` : ''}`
    default: {
      const waiting = ['running', 'pending', 'queued'].includes(ending.status)
      const when =
        took && !waiting ? ` ${ending.status === 'completed' ? 'in' : 'after'} ${took}` : ''
      return `${statusIcon(ending.status)} ${name} ${statusWords(ending.status)}${when}`
    }
  }
}

function statusWords(status: string): string {
  switch (status) {
    case 'completed':
      return 'completed'
    case 'failed':
      return 'failed'
    case 'timeout':
      return 'timed out on VM0'
    case 'cancelled':
      return 'was cancelled'
    case 'running':
    case 'pending':
    case 'queued':
      return `is ${status} (not waited for)`
    default:
      return `ended ${escapeMarkdown(status.slice(0, 40))}`
  }
}
