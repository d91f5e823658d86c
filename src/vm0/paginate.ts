/**
 * Following VM0 list cursors without trusting them. The service's cursor is
 * the last item's id filtered with `id > cursor` while sorting newest
 * first, so a walk can repeat or skip items: de-duplicate by id, stop when
 * a page brings nothing new or a cursor comes back, and never claim the
 * result is complete.
 */
import type { Page } from './types.js'

const DEFAULT_MAX_PAGES = 200

export interface PaginateOptions {
  /** Stop once this many distinct items are collected. */
  maxItems?: number
  /** Hard stop on the number of requests, whatever the cursors say. */
  maxPages?: number
}

/**
 * Collects distinct items (by id) across pages, in first-seen order; a
 * repeated item keeps its first position but takes the later (fresher) value.
 */
export async function paginate<T extends { id: string }>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  opts: PaginateOptions = {}
): Promise<T[]> {
  const maxItems = opts.maxItems ?? Number.POSITIVE_INFINITY
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES
  const items = new Map<string, T>()
  const seenCursors = new Set<string>()
  let cursor: string | null = null
  if (maxItems <= 0) return []
  for (let pages = 0; pages < maxPages; pages++) {
    const page = await fetchPage(cursor)
    let fresh = 0
    for (const item of page.data) {
      if (!items.has(item.id)) {
        if (items.size >= maxItems) break
        fresh++
      }
      items.set(item.id, item)
    }
    if (items.size >= maxItems || !page.hasMore || fresh === 0) break
    // Without a cursor but with more to come, the service's rule says the cursor is the last id.
    const next = page.nextCursor ?? page.data[page.data.length - 1]?.id ?? null
    if (next === null || seenCursors.has(next) || next === cursor) break
    seenCursors.add(next)
    cursor = next
  }
  return [...items.values()]
}
