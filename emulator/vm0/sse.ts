/**
 * `GET /v1/runs/:id/events` as the service streams it: a status event at
 * once, then a poll every tick for status changes and new agent events, a
 * heartbeat now and then, and `complete` when the run has ended. Nothing is
 * replayed for a finished run, and events that land after the end are never sent.
 */
import type { ServerResponse } from 'node:http'
import type { StreamFault } from './http.js'
import { iso } from './ids.js'
import { isActive } from './runs.js'
import type { RunRecord } from './runs.js'

export interface StreamOptions {
  runId: string
  /** Strict `>` filter: the default 0 skips sequence 0. */
  lastEventId: number
  lookup: (id: string) => RunRecord | undefined
  tickMs: number
  heartbeatMs: number
}

/** Writes the stream until the run ends, the client leaves or a fault drops it. */
export function streamEvents(
  res: ServerResponse,
  options: StreamOptions,
  fault: StreamFault | undefined
): void {
  const buffered: string[] = []
  let open = true
  let outputs = 0
  let cursor = options.lastEventId
  let tick: NodeJS.Timeout | undefined
  // Assigned once below, after the clean-up closures that clear it are defined.
  // eslint-disable-next-line prefer-const
  let heartbeat: NodeJS.Timeout | undefined

  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive'
  })
  res.flushHeaders()

  const stop = (): void => {
    open = false
    clearTimeout(tick)
    clearInterval(heartbeat)
  }
  res.on('close', stop)

  const end = (): void => {
    if (!open) return
    stop()
    // A buffering proxy lets the whole body through only once the upstream has finished.
    if (buffered.length > 0) res.write(buffered.join(''))
    res.end()
  }

  const drop = (): void => {
    if (fault?.kind === 'drop-stream' && fault.mode === 'destroy') {
      stop()
      // Let the frames already written reach the client, then cut the body mid-stream.
      const socket = res.socket
      socket?.end(() => socket.destroy())
    } else {
      end()
    }
  }

  const send = (event: string, data: object, id?: number): void => {
    if (!open) return
    const frame = `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
    if (fault?.kind === 'buffer-stream') buffered.push(frame)
    else res.write(frame)
  }

  const dropDue = (): boolean => fault?.kind === 'drop-stream' && outputs >= fault.afterEvents

  const complete = (run: RunRecord): void => {
    send('complete', { status: run.status, output: null, error: run.error })
    end()
  }

  const first = options.lookup(options.runId)
  if (first === undefined) {
    send('error', { message: `No such run: '${options.runId}'`, code: 'run_not_found' })
    end()
    return
  }
  let lastStatus = first.status
  send('status', { status: first.status, run_id: first.id })
  if (!isActive(first.status)) {
    complete(first)
    return
  }
  if (dropDue()) {
    drop()
    return
  }

  const poll = (): void => {
    if (!open) return
    const run = options.lookup(options.runId)
    if (run === undefined) {
      send('error', { message: `No such run: '${options.runId}'`, code: 'run_not_found' })
      end()
      return
    }
    if (run.status !== lastStatus) {
      lastStatus = run.status
      send('status', { status: run.status, run_id: run.id })
    }
    const visible = run.eventsAtEnd ?? run.events.length
    for (const event of run.events.slice(0, visible)) {
      if (event.sequence <= cursor) continue
      cursor = event.sequence
      send(
        'output',
        {
          sequence: event.sequence,
          type: (event.event as { type?: unknown }).type ?? 'unknown',
          data: event.event,
          timestamp: iso(event.ts)
        },
        event.sequence
      )
      outputs++
      if (dropDue()) {
        drop()
        return
      }
    }
    if (!isActive(run.status)) {
      complete(run)
      return
    }
    tick = setTimeout(poll, options.tickMs)
  }

  heartbeat = setInterval(
    () => send('heartbeat', { timestamp: iso(Date.now()) }),
    options.heartbeatMs
  )
  poll()
}
