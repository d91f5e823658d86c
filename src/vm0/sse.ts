/**
 * An incremental Server-Sent Events parser following the WHATWG HTML
 * "event stream interpretation" rules, fed raw bytes as they arrive.
 *
 * Chunk boundaries may fall anywhere: inside a line, inside a UTF-8
 * multibyte sequence, or between the `\r` and `\n` of a CRLF.
 */

/** One dispatched event. */
export interface SseMessage {
  /** The `id:` field given in this event's block, if any (see `SseParser.lastEventId`). */
  id?: string
  /** The `event:` field, `message` when absent. */
  event: string
  /** The `data:` lines joined by `\n`. */
  data: string
  /** A valid `retry:` field given in this event's block, in milliseconds. */
  retry?: number
}

/**
 * The most characters one line, or the data of one event, may hold by
 * default (4 Mi, 4 to 8 MiB in memory). The service's events are a few KiB;
 * the cap keeps a stream that never ends a line from taking the memory.
 */
export const SSE_MAX_CHARS = 4 * 1024 * 1024

/** A line or an event's data went past the parser's cap; the stream cannot be read further. */
export class SseOverflowError extends Error {
  override name = 'SseOverflowError'
  constructor(
    readonly what: 'line' | 'event',
    readonly limit: number
  ) {
    const most = `${limit.toLocaleString('en-US')} characters`
    super(
      what === 'line' ? `a line longer than ${most}` : `an event whose data is longer than ${most}`
    )
  }
}

interface SseLimits {
  /** Most characters in one line (default {@link SSE_MAX_CHARS}). */
  maxLineChars?: number
  /** Most characters in one event's data, its lines joined (default {@link SSE_MAX_CHARS}). */
  maxDataChars?: number
}

/**
 * Throws {@link SseOverflowError} from `push` once a line or an event's
 * data goes past its limit; the parser is then unusable.
 */
export class SseParser {
  private readonly decoder = new TextDecoder('utf-8')
  private readonly maxLine: number
  private readonly maxData: number
  /** Text received but not yet terminated by a line break. */
  private pending = ''
  /** The previous chunk ended in `\r`: a `\n` starting the next one belongs to it. */
  private skipLeadingLf = false
  private data = ''
  private hasData = false
  private eventType = ''
  private blockId: string | undefined
  private blockRetry: number | undefined
  private lastId = ''
  private reconnect: number | null = null
  private sawFieldSinceDispatch = false
  private ended = false
  private wasTruncated = false

  constructor(limits: SseLimits = {}) {
    this.maxLine = limits.maxLineChars ?? SSE_MAX_CHARS
    this.maxData = limits.maxDataChars ?? SSE_MAX_CHARS
  }

  /**
   * The spec's "last event ID": the most recent `id:` seen, kept across
   * events until another `id:` replaces it.
   */
  get lastEventId(): string {
    return this.lastId
  }

  /** The latest valid `retry:` value (ms), or null if the stream never sent one. */
  get reconnectionTimeMs(): number | null {
    return this.reconnect
  }

  /** After `end()`: whether the stream stopped in the middle of an event, which is then discarded. */
  get truncated(): boolean {
    return this.wasTruncated
  }

  /** Feeds bytes; returns the events completed by them, in order. */
  push(chunk: Uint8Array): SseMessage[] {
    if (this.ended) throw new Error('SseParser.push() called after end()')
    return this.feed(this.decoder.decode(chunk, { stream: true }))
  }

  /**
   * Ends the stream. Per the spec an event not terminated by a blank line
   * is discarded, so this never returns a message for it; `truncated`
   * tells whether that happened.
   */
  end(): SseMessage[] {
    if (this.ended) return []
    const out = this.feed(this.decoder.decode())
    this.ended = true
    this.wasTruncated = this.pending.length > 0 || this.sawFieldSinceDispatch
    this.pending = ''
    this.resetBlock()
    return out
  }

  private feed(text: string): SseMessage[] {
    const out: SseMessage[] = []
    let start = 0
    if (this.skipLeadingLf && text.length > 0) {
      if (text.charCodeAt(0) === 0x0a) start = 1
      this.skipLeadingLf = false
    }
    let i = start
    const n = text.length
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c !== 0x0a && c !== 0x0d) {
        i++
        continue
      }
      const line = this.pending + text.slice(start, i)
      if (line.length > this.maxLine) throw new SseOverflowError('line', this.maxLine)
      this.pending = ''
      this.processLine(line, out)
      if (c === 0x0d) {
        if (i + 1 < n) {
          if (text.charCodeAt(i + 1) === 0x0a) i++
        } else {
          this.skipLeadingLf = true
        }
      }
      i++
      start = i
    }
    if (start < n) {
      this.pending += text.slice(start)
      if (this.pending.length > this.maxLine) throw new SseOverflowError('line', this.maxLine)
    }
    return out
  }

  private processLine(line: string, out: SseMessage[]): void {
    if (line === '') {
      this.dispatch(out)
      return
    }
    if (line.charCodeAt(0) === 0x3a /* : */) return
    const colon = line.indexOf(':')
    let field: string
    let value: string
    if (colon === -1) {
      field = line
      value = ''
    } else {
      field = line.slice(0, colon)
      value = line.slice(colon + 1)
      if (value.charCodeAt(0) === 0x20) value = value.slice(1)
    }
    this.sawFieldSinceDispatch = true
    switch (field) {
      case 'event':
        this.eventType = value
        break
      case 'data':
        this.data += value + '\n'
        this.hasData = true
        if (this.data.length - 1 > this.maxData) throw new SseOverflowError('event', this.maxData)
        break
      case 'id':
        if (!value.includes('\u0000')) {
          this.lastId = value
          this.blockId = value
        }
        break
      case 'retry':
        if (/^[0-9]+$/.test(value)) {
          this.reconnect = Number(value)
          this.blockRetry = this.reconnect
        }
        break
      default:
        break
    }
  }

  private dispatch(out: SseMessage[]): void {
    if (this.hasData) {
      const message: SseMessage = {
        event: this.eventType === '' ? 'message' : this.eventType,
        data: this.data.slice(0, -1)
      }
      if (this.blockId !== undefined) message.id = this.blockId
      if (this.blockRetry !== undefined) message.retry = this.blockRetry
      out.push(message)
    }
    this.resetBlock()
  }

  private resetBlock(): void {
    this.data = ''
    this.hasData = false
    this.eventType = ''
    this.blockId = undefined
    this.blockRetry = undefined
    this.sawFieldSinceDispatch = false
  }
}
