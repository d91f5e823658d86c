import { describe, expect, it } from '@jest/globals'
import { SSE_MAX_CHARS, SseOverflowError, SseParser, type SseMessage } from '../../src/vm0/sse.js'

const enc = new TextEncoder()

/** Feeds `bytes` cut at the given offsets and returns every message, including end(). */
function parseChunks(bytes: Uint8Array, cuts: number[]): SseMessage[] {
  const parser = new SseParser()
  const out: SseMessage[] = []
  let prev = 0
  for (const cut of [...cuts, bytes.length]) {
    out.push(...parser.push(bytes.subarray(prev, cut)))
    prev = cut
  }
  out.push(...parser.end())
  return out
}

function parseWhole(text: string): SseMessage[] {
  return parseChunks(enc.encode(text), [])
}

// A realistic stream as the VM0 service sends it, with a multibyte payload.
const REALISTIC =
  'event: status\ndata: {"status":"running","run_id":"r1"}\n\n' +
  ': keep-alive comment\n' +
  'id: 0\nevent: output\ndata: {"sequence":0,"type":"assistant","data":{"text":"héllo 世界 🎉"},"timestamp":"2025-01-01T00:00:00Z"}\n\n' +
  'event: heartbeat\ndata: {"timestamp":"2025-01-01T00:00:15Z"}\n\n' +
  'id: 1\r\nevent: output\r\ndata: {"sequence":1,"type":"result","data":{"result":"✅ done"}}\r\n\r\n' +
  'event: complete\rdata: {"status":"completed","output":null,"error":null}\r\r'

const EXPECTED: SseMessage[] = [
  { event: 'status', data: '{"status":"running","run_id":"r1"}' },
  {
    id: '0',
    event: 'output',
    data: '{"sequence":0,"type":"assistant","data":{"text":"héllo 世界 🎉"},"timestamp":"2025-01-01T00:00:00Z"}'
  },
  { event: 'heartbeat', data: '{"timestamp":"2025-01-01T00:00:15Z"}' },
  { id: '1', event: 'output', data: '{"sequence":1,"type":"result","data":{"result":"✅ done"}}' },
  { event: 'complete', data: '{"status":"completed","output":null,"error":null}' }
]

describe('SseParser', () => {
  it('parses a realistic stream in one chunk', () => {
    expect(parseWhole(REALISTIC)).toEqual(EXPECTED)
  })

  it('gives the same messages for every single split point', () => {
    const bytes = enc.encode(REALISTIC)
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(parseChunks(bytes, [cut])).toEqual(EXPECTED)
    }
  })

  it('gives the same messages for every pair of split points', () => {
    const bytes = enc.encode(REALISTIC)
    // Every pair would be ~40k parses; a stride keeps it fast while covering all alignments.
    for (let a = 0; a <= bytes.length; a += 7) {
      for (let b = a; b <= bytes.length; b += 3) {
        expect(parseChunks(bytes, [a, b])).toEqual(EXPECTED)
      }
    }
  })

  it('survives byte-by-byte delivery', () => {
    const bytes = enc.encode(REALISTIC)
    const cuts = Array.from({ length: bytes.length }, (_, i) => i)
    expect(parseChunks(bytes, cuts)).toEqual(EXPECTED)
  })

  it('reassembles emoji and CJK split inside their UTF-8 sequences', () => {
    const text = 'data: 🎉世\n\n'
    const bytes = enc.encode(text)
    // 🎉 is 4 bytes at offset 6, 世 is 3 bytes at offset 10.
    for (const cuts of [[7], [8], [9], [11], [12], [7, 8, 9, 11, 12]]) {
      expect(parseChunks(bytes, cuts)).toEqual([{ event: 'message', data: '🎉世' }])
    }
  })

  it('treats \\r at a chunk end followed by \\n as one line break', () => {
    const parser = new SseParser()
    expect(parser.push(enc.encode('data: a\r'))).toEqual([])
    // If \r\n counted twice, this \n would be a blank line dispatching "a" early.
    expect(parser.push(enc.encode('\ndata: b\r'))).toEqual([])
    expect(parser.push(enc.encode('\n\r'))).toEqual([{ event: 'message', data: 'a\nb' }])
    expect(parser.push(enc.encode('\n'))).toEqual([])
  })

  it('dispatches on \\r\\r and on lone \\r line breaks', () => {
    expect(parseWhole('data: x\r\rdata: y\r\r')).toEqual([
      { event: 'message', data: 'x' },
      { event: 'message', data: 'y' }
    ])
  })

  it('joins multi-line data with \\n and keeps empty data lines', () => {
    expect(parseWhole('data: one\ndata:two\ndata\ndata:  three\n\n')).toEqual([
      { event: 'message', data: 'one\ntwo\n\n three' }
    ])
  })

  it('ignores comments, unknown fields and blocks without data', () => {
    expect(parseWhole(': hello\nfoo: bar\n\nevent: status\n\nid: 5\n\ndata: z\n\n')).toEqual([
      { event: 'message', data: 'z' }
    ])
  })

  it('takes a field without a colon as an empty value', () => {
    expect(parseWhole('data\n\n')).toEqual([{ event: 'message', data: '' }])
    expect(parseWhole('event\ndata: x\n\n')).toEqual([{ event: 'message', data: 'x' }])
  })

  it('strips only one space after the colon', () => {
    expect(parseWhole('event:  spaced\ndata:   v\n\n')).toEqual([{ event: ' spaced', data: '  v' }])
  })

  it('reads retry only when all digits, and keeps the reconnection time', () => {
    const parser = new SseParser()
    const out = parser.push(
      enc.encode('retry: 3000\ndata: a\n\nretry: 12x\ndata: b\n\nretry: 500\n\n')
    )
    expect(out).toEqual([
      { event: 'message', data: 'a', retry: 3000 },
      { event: 'message', data: 'b' }
    ])
    expect(parser.reconnectionTimeMs).toBe(500)
  })

  it('keeps the last event id across events and ignores ids containing NUL', () => {
    const parser = new SseParser()
    const out = parser.push(
      enc.encode('id: 7\ndata: a\n\ndata: b\n\nid: 8\u0000\ndata: c\n\nid\ndata: d\n\n')
    )
    expect(out).toEqual([
      { id: '7', event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
      { event: 'message', data: 'c' },
      { id: '', event: 'message', data: 'd' }
    ])
    expect(parser.lastEventId).toBe('')
  })

  it('strips a leading BOM, even split across chunks, but only at the start', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('data: a\n\n')])
    expect(parseChunks(bytes, [1, 2])).toEqual([{ event: 'message', data: 'a' }])
    const twice = new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...enc.encode('data: a\n\n')])
    // The second BOM is part of the first field name, which is then unknown.
    expect(parseChunks(twice, [])).toEqual([])
  })

  it('discards an event cut off by the end of the stream and reports it', () => {
    const parser = new SseParser()
    expect(parser.push(enc.encode('data: a\n\nevent: complete\ndata: {"sta'))).toEqual([
      { event: 'message', data: 'a' }
    ])
    expect(parser.end()).toEqual([])
    expect(parser.truncated).toBe(true)
    const clean = new SseParser()
    clean.push(enc.encode('data: a\n\n'))
    clean.end()
    expect(clean.truncated).toBe(false)
  })

  it('decodes invalid UTF-8 as replacement characters instead of throwing', () => {
    const bytes = new Uint8Array([...enc.encode('data: '), 0xff, ...enc.encode('\n\n')])
    expect(parseChunks(bytes, [])).toEqual([{ event: 'message', data: '\ufffd' }])
  })

  describe('limits', () => {
    it('defaults to a few MiB for a line and for an event', () => {
      expect(SSE_MAX_CHARS).toBeGreaterThanOrEqual(1024 * 1024)
      expect(SSE_MAX_CHARS).toBeLessThanOrEqual(8 * 1024 * 1024)
    })

    it('throws once a line without a break grows past the limit, holding no more than a chunk over it', () => {
      const parser = new SseParser({ maxLineChars: 1000 })
      const chunk = enc.encode('x'.repeat(300))
      expect(parser.push(enc.encode('data: '))).toEqual([])
      parser.push(chunk)
      parser.push(chunk)
      parser.push(chunk)
      expect(() => parser.push(chunk)).toThrow(SseOverflowError)
    })

    it('throws for an over-long line that ends within one chunk, naming the limit', () => {
      const parser = new SseParser({ maxLineChars: 100 })
      let error: unknown
      try {
        parser.push(
          enc.encode(`: ${'c'.repeat(200)}
`)
        )
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(SseOverflowError)
      expect(error).toMatchObject({ what: 'line', limit: 100 })
      expect((error as Error).message).toBe('a line longer than 100 characters')
    })

    it('throws when the data lines of one event add up past the limit', () => {
      const parser = new SseParser({ maxLineChars: 100, maxDataChars: 250 })
      const line = `data: ${'d'.repeat(90)}\n`
      expect(parser.push(enc.encode(line + line))).toEqual([])
      expect(() => parser.push(enc.encode(line))).toThrow('an event whose data is longer than 250')
    })

    it('keeps events right at the limits', () => {
      const parser = new SseParser({ maxLineChars: 106, maxDataChars: 100 })
      const data = 'e'.repeat(100)
      expect(parser.push(enc.encode(`data: ${data}\n\n`))).toEqual([{ event: 'message', data }])
      // Many small events never add up: the limit is per event.
      for (let i = 0; i < 50; i++) {
        expect(parser.push(enc.encode(`data: ${data}\n\n`))).toHaveLength(1)
      }
    })
  })
})
