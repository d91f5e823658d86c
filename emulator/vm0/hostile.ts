/**
 * Faults of a hostile service, for the tests that prove the action stays
 * bounded against one: log pages that never run out, and an event stream
 * whose line never ends. Kept apart from the outage faults in http.ts.
 */
import type { ServerResponse } from 'node:http'
import type { Call } from './http.js'
import type { FaultAction } from './types.js'

type HostileFault = Extract<FaultAction, { kind: 'endless-log-pages' } | { kind: 'endless-line' }>

/** Entries served so far by each endless-log-pages fault, so every page is new. */
const served = new WeakMap<object, { base: number; count: number }>()

function isHostile(fault: FaultAction | undefined): fault is HostileFault {
  return fault?.kind === 'endless-log-pages' || fault?.kind === 'endless-line'
}

/** Answers a hostile fault in place of the handler; false for any other fault. */
export function answerHostile(
  res: ServerResponse,
  call: Call,
  fault: FaultAction | undefined
): boolean {
  if (!isHostile(fault)) return false
  if (fault.kind === 'endless-log-pages') endlessLogPage(res, call, fault)
  else endlessLine(res)
  return true
}

/** A full page of entries never served before, each 1 ms after the last: there is always more. */
function endlessLogPage(
  res: ServerResponse,
  call: Call,
  fault: Extract<FaultAction, { kind: 'endless-log-pages' }>
): void {
  const limit = Math.min(Math.max(Number(call.query.limit ?? '20') || 20, 1), 100)
  const state = served.get(fault) ?? { base: Date.now() - 60_000, count: 0 }
  served.set(fault, state)
  const filler = 'x'.repeat(fault.messageChars ?? 40)
  const data = Array.from({ length: limit }, () => {
    state.count++
    return {
      timestamp: new Date(state.base + state.count).toISOString(),
      type: 'system',
      level: 'info',
      message: `endless line ${state.count} ${filler}`
    }
  })
  const body = JSON.stringify({ data, pagination: { hasMore: true, nextCursor: null } })
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body)
  })
  res.end(body)
}

/** An event stream: one status event, then a `data:` line that never ends, as fast as it is read. */
function endlessLine(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  res.write('event: status\ndata: {"status":"running"}\n\ndata: ')
  const chunk = Buffer.alloc(64 * 1024, 'x')
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump)
  }
  res.on('close', () => res.removeAllListeners('drain'))
  pump()
}
