/**
 * A gzip decoder that knows where the gzip data ends. Node's Gunzip treats
 * any byte after a member but zero as the start of another member, fails on
 * it, and drops the output of the write that held it: a complete archive
 * followed by a newline or garbage would read as truncated or damaged. Here
 * each member's header and trailer (CRC-32 and length) are read by hand
 * around a raw inflate, so whatever follows the last member (zeros, a
 * newline, garbage) is counted and never read as archive data.
 */
import { once } from 'node:events'
import { type InflateRaw, crc32, createInflateRaw } from 'node:zlib'

/** Thrown as zlib would: `archive-faults.ts` turns the code into words. */
function zlibError(code: 'Z_DATA_ERROR' | 'Z_BUF_ERROR', message: string): Error {
  return Object.assign(new Error(message), { code })
}

const FHCRC = 0x02
const FEXTRA = 0x04
const FNAME = 0x08
const FCOMMENT = 0x10
/** A gzip header longer than this (name and comment included) is damage, not a header. */
const MAX_HEADER = 64 * 1024

/** Length of the gzip header at the start of `buf`; -1 when more bytes are needed. */
function headerLength(buf: Buffer): number {
  if (buf.length < 10) return -1
  const flags = buf[3] ?? 0
  let at = 10
  if (flags & FEXTRA) {
    if (buf.length < at + 2) return -1
    at += 2 + buf.readUInt16LE(at)
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (flags & flag) {
      const end = buf.indexOf(0, at)
      if (end < 0) return -1
      at = end + 1
    }
  }
  if (flags & FHCRC) at += 2
  return buf.length < at ? -1 : at
}

/** The compressed bytes, with what was read ahead and not used put back. */
class Input {
  private readonly pending: Buffer[] = []
  private readonly source: AsyncIterator<Uint8Array>
  private done = false

  constructor(
    source: AsyncIterable<Uint8Array>,
    private readonly seen: (chunk: Buffer) => void
  ) {
    this.source = source[Symbol.asyncIterator]()
  }

  /** The next bytes; null at the end of the input. */
  async next(): Promise<Buffer | null> {
    const kept = this.pending.shift()
    if (kept !== undefined) return kept
    while (!this.done) {
      const step = await this.source.next()
      if (step.done === true) this.done = true
      else if (step.value.length > 0) {
        const chunk = Buffer.from(step.value.buffer, step.value.byteOffset, step.value.length)
        this.seen(chunk)
        return chunk
      }
    }
    return null
  }

  unshift(chunk: Buffer): void {
    if (chunk.length > 0) this.pending.unshift(chunk)
  }

  /** At least `n` bytes (fewer only at the end of the input), as one buffer. */
  async atLeast(n: number): Promise<Buffer> {
    const parts: Buffer[] = []
    let length = 0
    while (length < n) {
      const chunk = await this.next()
      if (chunk === null) break
      parts.push(chunk)
      length += chunk.length
    }
    return Buffer.concat(parts)
  }

  /** Stops reading the source (its `return` closes a download). */
  async close(): Promise<void> {
    if (this.done) return
    this.done = true
    await this.source.return?.()
  }
}

/** Decodes a gzip stream of one or more members; see the module comment. */
export class GzipReader {
  /** Compressed bytes read so far. */
  bytes = 0
  /** The first bytes of the input, for a message about data that is not gzip. */
  firstBytes: Buffer | null = null
  /** Bytes read after the end of the last member (more may have followed unread). */
  trailingBytes = 0
  members = 0
  private readonly input: Input

  constructor(
    source: AsyncIterable<Uint8Array>,
    private readonly chunkSize = 1024 * 1024
  ) {
    this.input = new Input(source, chunk => {
      if (this.firstBytes === null) this.firstBytes = Buffer.from(chunk.subarray(0, 32))
      this.bytes += chunk.length
    })
  }

  /** The decompressed bytes of every member, in order. */
  async *chunks(): AsyncGenerator<Buffer> {
    try {
      while (await this.memberStarts()) {
        yield* this.member()
        this.members++
      }
    } finally {
      await this.input.close()
    }
  }

  /** Reads the next member's header; false at the end of the gzip data. */
  private async memberStarts(): Promise<boolean> {
    let head = await this.input.atLeast(10)
    if (head.length === 0) {
      if (this.members === 0) throw zlibError('Z_BUF_ERROR', 'unexpected end of file')
      return false
    }
    const magic = head[0] === 0x1f && head[1] === 0x8b && head[2] === 8
    if (!magic) {
      if (this.members === 0) throw zlibError('Z_DATA_ERROR', 'incorrect header check')
      this.trailingBytes += head.length
      return false
    }
    let length = headerLength(head)
    while (length < 0 && head.length <= MAX_HEADER) {
      const more = await this.input.next()
      if (more === null) throw zlibError('Z_BUF_ERROR', 'unexpected end of file')
      head = Buffer.concat([head, more])
      length = headerLength(head)
    }
    if (length < 0) throw zlibError('Z_DATA_ERROR', 'invalid gzip header')
    this.input.unshift(head.subarray(length))
    return true
  }

  /** One member's deflate data, inflated; then its trailer, checked. */
  private async *member(): AsyncGenerator<Buffer> {
    const inflate = createInflateRaw({ chunkSize: this.chunkSize })
    const writing = this.feed(inflate)
    writing.catch(() => undefined)
    let crc = 0
    let size = 0
    try {
      for await (const out of inflate as AsyncIterable<Buffer>) {
        crc = crc32(out, crc)
        size += out.length
        yield out
      }
    } finally {
      if (!inflate.destroyed) inflate.destroy()
    }
    await writing
    const trailer = await this.input.atLeast(8)
    if (trailer.length < 8) throw zlibError('Z_BUF_ERROR', 'unexpected end of file')
    this.input.unshift(trailer.subarray(8))
    if (trailer.readUInt32LE(0) !== crc >>> 0) {
      throw zlibError('Z_DATA_ERROR', 'incorrect data check')
    }
    if (trailer.readUInt32LE(4) !== size % 2 ** 32) {
      throw zlibError('Z_DATA_ERROR', 'incorrect length check')
    }
  }

  /**
   * Writes input to `inflate` one chunk at a time until the deflate stream
   * ends (the inflater takes fewer bytes than it was given: the rest goes
   * back to the input) or the input does (the inflater then fails as
   * truncated).
   */
  private async feed(inflate: InflateRaw): Promise<void> {
    // A destroyed inflater never calls a write back: its 'close' (or 'error') ends the wait.
    const closed = once(inflate, 'close').then(() => undefined)
    closed.catch(() => undefined)
    let given = 0
    for (;;) {
      const chunk = await this.input.next()
      if (chunk === null) break
      given += chunk.length
      await Promise.race([write(inflate, chunk), closed])
      if (inflate.destroyed) return
      const unused = given - inflate.bytesWritten
      if (unused > 0) {
        this.input.unshift(chunk.subarray(chunk.length - unused))
        break
      }
    }
    inflate.end()
  }
}

/** Writes one chunk; resolves once the inflater has taken it in. */
function write(inflate: InflateRaw, chunk: Buffer): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    inflate.write(chunk, error => (error ? reject(error) : resolve()))
  )
}
