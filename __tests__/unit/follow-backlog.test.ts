/**
 * The step log's backlog: a source reads on only once the log has taken what
 * was printed, so a burst waits in the connection rather than in memory.
 */
import { EventEmitter } from 'node:events'
import { describe, expect, it } from '@jest/globals'
import { backlogDrained, StdoutPrinter } from '../../src/render/printer.js'
import { ReaderTail } from '../../src/follow/reader-tail.js'
import { RunTracker } from '../../src/follow/tracker.js'
import { Renderer } from '../../src/render/renderer.js'
import { CapturePrinter } from '../support/capture-printer.js'

/** A stdout whose reader is slow: bytes written stay queued until `drain`. */
class SlowPipe extends EventEmitter {
  writableLength = 0
  write(text: string): boolean {
    this.writableLength += Buffer.byteLength(text)
    return this.writableLength < 16 * 1024
  }
  drainAll(): void {
    this.writableLength = 0
    this.emit('drain')
  }
}

describe('the step log backlog', () => {
  it('is null while the log keeps up, and a promise past 64 KiB that settles on drain', async () => {
    const pipe = new SlowPipe()
    const stream = pipe as unknown as NodeJS.WritableStream & { writableLength: number }
    const printer = new StdoutPrinter(t => void pipe.write(t), stream)
    printer.untrusted(['a short line'])
    expect(printer.drained()).toBeNull()
    for (let i = 0; i < 2000; i++) printer.untrusted([`line ${i} `.padEnd(60, '.')])
    const waiting = printer.drained()
    expect(waiting).not.toBeNull()
    let settled = false
    void waiting?.then(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(false)
    pipe.drainAll()
    await waiting
    expect(settled).toBe(true)
    expect(pipe.listenerCount('drain')).toBe(0)
    expect(printer.drained()).toBeNull()
  })

  it('settles when the stream closes instead of draining', async () => {
    const pipe = new SlowPipe()
    pipe.writableLength = 1 << 20
    const waiting = backlogDrained(
      pipe as unknown as NodeJS.WritableStream & { writableLength: number }
    )
    pipe.emit('close')
    await expect(waiting).resolves.toBeUndefined()
  })

  it('reaches the tracker through the reader tail', () => {
    let backlog: Promise<void> | null = null
    const inner = Object.assign(new CapturePrinter(), { drained: () => backlog })
    const tail = new ReaderTail(inner)
    const tracker = new RunTracker(
      new Renderer(tail, { level: 'full' }),
      { now: () => 0 },
      () => {},
      () => tail.drained()
    )
    expect(tracker.backlog()).toBeNull()
    backlog = Promise.resolve()
    expect(tracker.backlog()).toBe(backlog)
  })
})
