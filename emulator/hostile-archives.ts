/**
 * Hostile archives, small on the wire and huge unpacked, for tests and the
 * malicious-archive benchmark. Each is built from a few gzip members repeated
 * (gzip allows concatenated members), so a 10 GiB bomb costs one compressed
 * MiB of zeros to make, not 10 GiB of deflate.
 */
import { gzipSync } from 'node:zlib'
import { entryHeader } from './tar.js'

const MiB = 1024 * 1024
const END = gzipSync(Buffer.alloc(1024))

/**
 * A gzip bomb: `files` files of `fileBytes` zeros each (`fileBytes` a whole
 * number of MiB). `files: 10, fileBytes: 1 GiB` is 10 GiB unpacked, about
 * 10 MB on the wire.
 */
export function zeroBomb(files: number, fileBytes: number): Buffer {
  if (fileBytes % MiB !== 0) throw new Error('zeroBomb: fileBytes must be a whole number of MiB')
  const zeroMiB = gzipSync(Buffer.alloc(MiB), { level: 9 })
  const parts: Buffer[] = []
  for (let i = 0; i < files; i++) {
    parts.push(gzipSync(entryHeader({ name: `./bomb-${i}.bin` }, fileBytes)))
    for (let m = 0; m < fileBytes / MiB; m++) parts.push(zeroMiB)
  }
  parts.push(END)
  return Buffer.concat(parts)
}

/**
 * `count` symbolic links (skipped, never extracted) whose names and targets
 * are each `nameBytes` long, in pax headers: a few MB on the wire, a reader
 * that keeps every skipped name runs out of memory.
 */
export function longNames(count: number, nameBytes: number): Buffer {
  // One entry, gzip'd once and repeated: the same long name over and over.
  const name = `./${'n'.repeat(nameBytes - 2)}`
  const target = `../${'t'.repeat(nameBytes - 3)}`
  const member = gzipSync(entryHeader({ name, type: 'symlink', linkname: target }), { level: 9 })
  return Buffer.concat([...Array.from({ length: count }, () => member), END])
}
