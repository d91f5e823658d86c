/**
 * `GET /v1/runs/:id/events` as the service streams it (an unknown run is a
 * JSON 404 before it, api/run-data.ts): a status event at once, then, from
 * one tick later, a poll every tick for status changes and new agent events, a
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

/** One client's stream: what it has been sent, and the timers that keep it going. */
class EventStream {
  private readonly buffered: string[] = []
  private open = true
  private outputs = 0
  private cursor: number
  private lastStatus: string | undefined
  private tick: NodeJS.Timeout | undefined
  private heartbeat: NodeJS.Timeout | undefined

  constructor(
    private readonly res: ServerResponse,
    private readonly options: StreamOptions,
    private readonly fault: StreamFault | undefined
  ) {
    this.cursor = options.lastEventId
  }

  /** Sends the headers and the first status, then polls until the run ends. */
  start(): void {
    this.res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive'
    })
    this.res.flushHeaders()
    this.res.on('close', () => this.stop())

    const first = this.options.lookup(this.options.runId)
    if (first === undefined) {
      this.notFound()
      return
    }
    this.lastStatus = first.status
    this.send('status', { status: first.status, run_id: first.id })
    if (!isActive(first.status)) {
      this.complete(first)
      return
    }
    if (this.dropDue()) {
      this.drop()
      return
    }
    this.heartbeat = setInterval(
      () => this.send('heartbeat', { timestamp: iso(Date.now()) }),
      this.options.heartbeatMs
    )
    // The service polls its run one tick after the first status, not at once.
    this.tick = setTimeout(() => this.poll(), this.options.tickMs)
  }

  private stop(): void {
    this.open = false
    clearTimeout(this.tick)
    clearInterval(this.heartbeat)
  }

  private end(): void {
    if (!this.open) return
    this.stop()
    // A buffering proxy lets the whole body through only once the upstream has finished.
    if (this.buffered.length > 0) this.res.write(this.buffered.join(''))
    this.res.end()
  }

  private drop(): void {
    if (this.fault?.kind === 'drop-stream' && this.fault.mode === 'destroy') {
      this.stop()
      // Let the frames already written reach the client, then cut the body mid-stream.
      const socket = this.res.socket
      socket?.end(() => socket.destroy())
    } else {
      this.end()
    }
  }

  private send(event: string, data: object, id?: number): void {
    if (!this.open) return
    const frame = `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
    if (this.fault?.kind === 'buffer-stream') this.buffered.push(frame)
    else this.res.write(frame)
  }

  private dropDue(): boolean {
    return this.fault?.kind === 'drop-stream' && this.outputs >= this.fault.afterEvents
  }

  private notFound(): void {
    this.send('error', { message: `No such run: '${this.options.runId}'`, code: 'run_not_found' })
    this.end()
  }

  private complete(run: RunRecord): void {
    this.send('complete', { status: run.status, output: null, error: run.error })
    this.end()
  }

  /** Sends the events after the cursor that had landed by the run's end; false once dropped. */
  private sendOutputs(run: RunRecord): boolean {
    const visible = run.eventsAtEnd ?? run.events.length
    for (const event of run.events.slice(0, visible)) {
      if (event.sequence <= this.cursor) continue
      this.cursor = event.sequence
      this.send(
        'output',
        {
          sequence: event.sequence,
          type: (event.event as { type?: unknown }).type ?? 'unknown',
          data: event.event,
          timestamp: iso(event.ts)
        },
        event.sequence
      )
      this.outputs++
      if (this.dropDue()) {
        this.drop()
        return false
      }
    }
    return true
  }

  private poll(): void {
    if (!this.open) return
    const run = this.options.lookup(this.options.runId)
    if (run === undefined) {
      this.notFound()
      return
    }
    if (run.status !== this.lastStatus) {
      this.lastStatus = run.status
      this.send('status', { status: run.status, run_id: run.id })
    }
    if (!this.sendOutputs(run)) return
    if (!isActive(run.status)) {
      this.complete(run)
      return
    }
    this.tick = setTimeout(() => this.poll(), this.options.tickMs)
  }
}

/** Writes the stream until the run ends, the client leaves or a fault drops it. */
export function streamEvents(
  res: ServerResponse,
  options: StreamOptions,
  fault: StreamFault | undefined
): void {
  new EventStream(res, options, fault).start()
}
