/**
 * A small, strict zip reader for tests: parses the central directory (so entries written with
 * data descriptors, as archiver/@actions/artifact does, are handled), supports stored (0) and
 * deflate (8) entries and zip64, and checks every entry's CRC-32 and size.
 */
import { crc32, inflateRawSync } from 'node:zlib'

export interface ZipEntry {
  name: string
  isDirectory: boolean
  /** 0 = stored, 8 = deflate */
  method: number
  compressedSize: number
  size: number
  crc32: number
  /** Unix mode bits from the external attributes, when the entry was made on Unix. */
  mode: number | null
  zip64: boolean
  data: Buffer
}

const EOCD_SIG = 0x06054b50
const ZIP64_LOCATOR_SIG = 0x07064b50
const ZIP64_EOCD_SIG = 0x06064b50
const CENTRAL_SIG = 0x02014b50
const LOCAL_SIG = 0x04034b50

function fail(msg: string): never {
  throw new Error(`readZip: ${msg}`)
}

function u64(buf: Buffer, off: number): number {
  const v = buf.readBigUInt64LE(off)
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail(`64-bit value too large at ${off}`)
  return Number(v)
}

function need(buf: Buffer, off: number, len: number, what: string): void {
  if (off < 0 || off + len > buf.length) fail(`truncated ${what} at offset ${off}`)
}

function findEocd(buf: Buffer): number {
  const min = Math.max(0, buf.length - (22 + 0xffff))
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) return i
  }
  fail('end of central directory not found (not a zip?)')
}

/** Where the central directory is and how many entries it holds (zip64 aware). */
function centralDirectory(buf: Buffer): { count: number; cdSize: number; cdOffset: number } {
  if (buf.length < 22) fail('buffer too small')
  const eocd = findEocd(buf)
  let count = buf.readUInt16LE(eocd + 10)
  let cdSize = buf.readUInt32LE(eocd + 12)
  let cdOffset = buf.readUInt32LE(eocd + 16)
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20
    if (loc < 0 || buf.readUInt32LE(loc) !== ZIP64_LOCATOR_SIG) fail('zip64 locator missing')
    const z64 = u64(buf, loc + 8)
    need(buf, z64, 56, 'zip64 end of central directory')
    if (buf.readUInt32LE(z64) !== ZIP64_EOCD_SIG) fail('bad zip64 end of central directory')
    count = u64(buf, z64 + 32)
    cdSize = u64(buf, z64 + 40)
    cdOffset = u64(buf, z64 + 48)
  }
  need(buf, cdOffset, cdSize, 'central directory')
  return { count, cdSize, cdOffset }
}

/** A central directory record, sizes and offset already widened by its zip64 extra field. */
interface CentralRecord {
  name: string
  madeBy: number
  method: number
  crc: number
  compressedSize: number
  size: number
  externalAttrs: number
  localOffset: number
  zip64: boolean
  /** Length of the whole record, to find the next one. */
  length: number
}

/** Reads the central directory record at `p`. */
function centralRecord(buf: Buffer, p: number): CentralRecord {
  need(buf, p, 46, 'central directory entry')
  if (buf.readUInt32LE(p) !== CENTRAL_SIG) fail(`bad central directory signature at ${p}`)
  const flags = buf.readUInt16LE(p + 8)
  const nameLen = buf.readUInt16LE(p + 28)
  const extraLen = buf.readUInt16LE(p + 30)
  const commentLen = buf.readUInt16LE(p + 32)
  need(buf, p + 46, nameLen + extraLen + commentLen, 'central directory entry')
  const nameBuf = buf.subarray(p + 46, p + 46 + nameLen)
  // bit 11 = UTF-8; otherwise CP437, which equals UTF-8 for the ASCII names tests use.
  const name = nameBuf.toString(flags & 0x800 ? 'utf8' : 'latin1')
  if (flags & 0x1) fail(`${name}: encrypted entries are not supported`)
  const record: CentralRecord = {
    name,
    madeBy: buf.readUInt16LE(p + 4),
    method: buf.readUInt16LE(p + 10),
    crc: buf.readUInt32LE(p + 16),
    compressedSize: buf.readUInt32LE(p + 20),
    size: buf.readUInt32LE(p + 24),
    externalAttrs: buf.readUInt32LE(p + 38),
    localOffset: buf.readUInt32LE(p + 42),
    zip64: false,
    length: 46 + nameLen + extraLen + commentLen
  }
  applyZip64Extra(buf, p + 46 + nameLen, extraLen, record)
  return record
}

/** Replaces the saturated 32-bit fields of `record` with the zip64 extra field's values. */
function applyZip64Extra(
  buf: Buffer,
  start: number,
  extraLen: number,
  record: CentralRecord
): void {
  let e = start
  const extraEnd = e + extraLen
  while (e + 4 <= extraEnd) {
    const id = buf.readUInt16LE(e)
    const len = buf.readUInt16LE(e + 2)
    if (id === 0x0001) {
      record.zip64 = true
      let q = e + 4
      if (record.size === 0xffffffff) {
        record.size = u64(buf, q)
        q += 8
      }
      if (record.compressedSize === 0xffffffff) {
        record.compressedSize = u64(buf, q)
        q += 8
      }
      if (record.localOffset === 0xffffffff) record.localOffset = u64(buf, q)
    }
    e += 4 + len
  }
}

/** The entry's data, found through its local header, decompressed and checked. */
function entryData(buf: Buffer, r: CentralRecord): Buffer {
  const { name, localOffset, compressedSize, method } = r
  need(buf, localOffset, 30, `local header of ${name}`)
  if (buf.readUInt32LE(localOffset) !== LOCAL_SIG) fail(`${name}: bad local header signature`)
  const dataStart =
    localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28)
  need(buf, dataStart, compressedSize, `data of ${name}`)
  const raw = buf.subarray(dataStart, dataStart + compressedSize)
  let data: Buffer
  if (method === 0) data = Buffer.from(raw)
  else if (method === 8) data = inflateRawSync(raw)
  else fail(`${name}: unsupported compression method ${method}`)
  if (data.length !== r.size) fail(`${name}: size ${data.length}, central directory says ${r.size}`)
  if (crc32(data) >>> 0 !== r.crc) fail(`${name}: CRC-32 mismatch`)
  return data
}

/** Every entry (directories included), in central-directory order, with its decompressed data. */
export function listZip(buf: Buffer): ZipEntry[] {
  const { count, cdOffset } = centralDirectory(buf)
  const entries: ZipEntry[] = []
  let p = cdOffset
  for (let i = 0; i < count; i++) {
    const r = centralRecord(buf, p)
    const data = entryData(buf, r)
    const unix = r.madeBy >> 8 === 3
    entries.push({
      name: r.name,
      isDirectory: r.name.endsWith('/'),
      method: r.method,
      compressedSize: r.compressedSize,
      size: r.size,
      crc32: r.crc,
      mode: unix ? (r.externalAttrs >>> 16) & 0xffff : null,
      zip64: r.zip64,
      data
    })
    p += r.length
  }
  return entries
}

/** File entries of a zip (directories skipped): entry name -> content. Throws on duplicates. */
export function readZip(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  for (const entry of listZip(buf)) {
    if (entry.isDirectory) continue
    if (out.has(entry.name)) fail(`duplicate entry ${entry.name}`)
    out.set(entry.name, entry.data)
  }
  return out
}
