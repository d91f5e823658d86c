/**
 * A tiny ustar writer and reader for the emulator and tests. Names are written
 * exactly as given (no normalisation) so tests can craft hostile archives:
 * `../evil`, `/abs`, a symlink then a file written through it.
 */
import { gunzipSync, gzipSync } from 'node:zlib'

type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'chardev' | 'blockdev' | 'fifo'

export interface TarEntry {
  name: string
  /** Default 'file'. */
  type?: TarEntryType
  /** File content; ignored for other types. */
  content?: string | Buffer
  /** Target of a symlink or hardlink. */
  linkname?: string
  mode?: number
  /** Seconds since the epoch; a fixed default keeps archives byte-identical. */
  mtime?: number
}

/** An entry as read back from an archive. */
export interface ReadTarEntry {
  name: string
  type: TarEntryType
  content: Buffer
  linkname: string
  mode: number
}

const BLOCK = 512
/** 2024-01-01: fixed so that equal content gives equal bytes (versions are content hashes). */
const DEFAULT_MTIME = 1_704_067_200

const TYPE_FLAGS: Record<TarEntryType, string> = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  chardev: '3',
  blockdev: '4',
  dir: '5',
  fifo: '6'
}

const DEFAULT_MODES: Record<TarEntryType, number> = {
  file: 0o644,
  hardlink: 0o644,
  symlink: 0o777,
  chardev: 0o644,
  blockdev: 0o644,
  dir: 0o755,
  fifo: 0o644
}

function writeString(block: Buffer, offset: number, length: number, value: string): void {
  Buffer.from(value, 'utf8').subarray(0, length).copy(block, offset)
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'latin1')
}

interface HeaderFields {
  name: string
  mode: number
  size: number
  mtime: number
  typeflag: string
  linkname: string
}

function header(fields: HeaderFields): Buffer {
  const block = Buffer.alloc(BLOCK)
  writeString(block, 0, 100, fields.name)
  writeOctal(block, 100, 8, fields.mode)
  writeOctal(block, 108, 8, 0)
  writeOctal(block, 116, 8, 0)
  writeOctal(block, 124, 12, fields.size)
  writeOctal(block, 136, 12, fields.mtime)
  block.write(fields.typeflag, 156, 1, 'latin1')
  writeString(block, 157, 100, fields.linkname)
  block.write('ustar\u000000', 257, 8, 'latin1')
  writeString(block, 265, 32, 'root')
  writeString(block, 297, 32, 'root')
  writeOctal(block, 329, 8, 0)
  writeOctal(block, 337, 8, 0)
  // The checksum is computed with its own field read as spaces.
  block.fill(0x20, 148, 156)
  let sum = 0
  for (const byte of block) sum += byte
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1')
  return block
}

function padded(data: Buffer): Buffer[] {
  const rest = data.length % BLOCK
  return rest === 0 ? [data] : [data, Buffer.alloc(BLOCK - rest)]
}

/** A pax record is "<len> <key>=<value>\n" where len counts the whole record, itself included. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`
  let length = Buffer.byteLength(body) + 1
  while (String(length).length + Buffer.byteLength(body) !== length) {
    length = String(length).length + Buffer.byteLength(body)
  }
  return `${length}${body}`
}

/**
 * The header blocks of one entry (a pax header first when a name is longer
 * than 100 bytes or the size does not fit in 11 octal digits), without its
 * content. `size` overrides the content's length: the caller streams the
 * content itself (a bomb's gigabytes of zeros).
 */
export function entryHeader(entry: TarEntry, size?: number): Buffer {
  const parts: Buffer[] = []
  const type = entry.type ?? 'file'
  const length = size ?? (type === 'file' ? Buffer.byteLength(entry.content ?? '') : 0)
  const linkname = entry.linkname ?? ''
  const mtime = entry.mtime ?? DEFAULT_MTIME
  let pax = ''
  if (Buffer.byteLength(entry.name) > 100) pax += paxRecord('path', entry.name)
  if (Buffer.byteLength(linkname) > 100) pax += paxRecord('linkpath', linkname)
  if (length > 0o77777777777) pax += paxRecord('size', String(length))
  if (pax !== '') {
    const data = Buffer.from(pax, 'utf8')
    parts.push(
      header({
        name: 'PaxHeader',
        mode: 0o644,
        size: data.length,
        mtime,
        typeflag: 'x',
        linkname: ''
      })
    )
    parts.push(...padded(data))
  }
  parts.push(
    header({
      name: entry.name,
      mode: entry.mode ?? DEFAULT_MODES[type],
      size: Math.min(length, 0o77777777777),
      mtime,
      typeflag: TYPE_FLAGS[type],
      linkname
    })
  )
  return Buffer.concat(parts)
}

/** Builds a gzip'd ustar archive; names longer than 100 bytes get a pax header. */
export function createTarGz(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = []
  for (const entry of entries) {
    const type = entry.type ?? 'file'
    const content = type === 'file' ? Buffer.from(entry.content ?? '') : Buffer.alloc(0)
    parts.push(entryHeader(entry, content.length))
    if (content.length > 0) parts.push(...padded(content))
  }
  parts.push(Buffer.alloc(BLOCK * 2))
  return gzipSync(Buffer.concat(parts))
}

/**
 * Builds an archive the way the sandbox does: a `./` root entry, `./`-prefixed
 * paths and a directory entry before each directory's content, in sorted order.
 */
export function filesToTarGz(files: Record<string, string | Buffer>): Buffer {
  const entries: TarEntry[] = [{ name: './', type: 'dir' }]
  const dirs = new Set<string>()
  const normalised = Object.entries(files)
    .map(([path, content]) => [path.replace(/^(\.\/|\/)+/, ''), content] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  for (const [path, content] of normalised) {
    const segments = path.split('/')
    for (let i = 1; i < segments.length; i++) {
      const dir = segments.slice(0, i).join('/')
      if (!dirs.has(dir)) {
        dirs.add(dir)
        entries.push({ name: `./${dir}/`, type: 'dir' })
      }
    }
    entries.push({ name: `./${path}`, type: 'file', content })
  }
  return createTarGz(entries)
}

function readString(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length)
  const end = field.indexOf(0)
  return field.subarray(0, end === -1 ? length : end).toString('utf8')
}

function readOctal(block: Buffer, offset: number, length: number): number {
  const text = readString(block, offset, length).trim()
  return text === '' ? 0 : parseInt(text, 8)
}

function parsePax(data: Buffer): Map<string, string> {
  const records = new Map<string, string>()
  let offset = 0
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset)
    if (space === -1) break
    const length = parseInt(data.subarray(offset, space).toString('latin1'), 10)
    if (!(length > 0)) break
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8')
    const eq = record.indexOf('=')
    if (eq !== -1) records.set(record.slice(0, eq), record.slice(eq + 1))
    offset += length
  }
  return records
}

const FLAG_TYPES: Record<string, TarEntryType> = {
  '': 'file',
  '0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'chardev',
  '4': 'blockdev',
  '5': 'dir',
  '6': 'fifo'
}

/** Reads a gzip'd tar (ustar, pax and GNU long names); throws on a damaged archive. */
export function readTarGz(archive: Buffer, maxBytes?: number): ReadTarEntry[] {
  // A limit throws (RangeError) instead of unpacking a bomb into memory.
  const data = gunzipSync(archive, maxBytes === undefined ? {} : { maxOutputLength: maxBytes })
  const entries: ReadTarEntry[] = []
  let offset = 0
  let pending = new Map<string, string>()
  while (offset + BLOCK <= data.length) {
    const block = data.subarray(offset, offset + BLOCK)
    if (block.every(byte => byte === 0)) break
    const size = readOctal(block, 124, 12)
    const flag = String.fromCharCode(block[156] ?? 0).replace('\0', '')
    const body = data.subarray(offset + BLOCK, offset + BLOCK + size)
    if (body.length < size) throw new Error('tar: truncated entry')
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK
    if (flag === 'x') {
      pending = parsePax(body)
      continue
    }
    if (flag === 'g') continue
    if (flag === 'L') {
      pending.set('path', body.toString('utf8').replace(/\0+$/, ''))
      continue
    }
    const prefix = readString(block, 345, 155)
    const shortName = readString(block, 0, 100)
    const name = pending.get('path') ?? (prefix !== '' ? `${prefix}/${shortName}` : shortName)
    const linkname = pending.get('linkpath') ?? readString(block, 157, 100)
    pending = new Map()
    entries.push({
      name,
      type: FLAG_TYPES[flag] ?? 'file',
      content: Buffer.from(body),
      linkname,
      mode: readOctal(block, 100, 8)
    })
  }
  return entries
}
