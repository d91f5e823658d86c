/**
 * The `transcript-file`: every agent event of the run, one JSON line each,
 * as the service sent it (never cut), in sequence order, written as the run
 * goes to `<run folder>/transcript.jsonl`. Every string in it (keys too)
 * passes the one redactor, clean-up included, as every other channel's text
 * does, so the lines stay valid JSON and a secret split by NULs, escapes or
 * invisible characters is hidden like anywhere else.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { errorMessage } from '../base/errors.js'
import type { Redact } from '../text/secrets.js'
import { runFolder } from './folder.js'

/**
 * Every string in a JSON value made plain and redacted (controls, escape
 * sequences and invisible characters go, `\r\n` becomes `\n`); the shape
 * unchanged.
 */
function redactStrings(value: unknown, redact: Redact): unknown {
  if (typeof value === 'string') return redact(value)
  if (Array.isArray(value)) return value.map(v => redactStrings(v, redact))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, v] of Object.entries(value)) out[redact(key)] = redactStrings(v, redact)
    return out
  }
  return value
}

/** An open transcript file; a write that fails is said once and the rest are dropped. */
export class TranscriptFile {
  private fd: number | null
  private failed = false

  private constructor(
    readonly path: string,
    fd: number,
    private readonly redact: Redact,
    private readonly warn: (line: string) => void
  ) {
    this.fd = fd
  }

  /** Creates (empty) `<runnerTemp>/vm0-<runId>/transcript.jsonl`; null when it cannot be made. */
  static create(
    runnerTemp: string,
    runId: string,
    redact: Redact,
    warn: (line: string) => void
  ): TranscriptFile | null {
    const dir = runFolder(runnerTemp, runId)
    const path = join(dir, 'transcript.jsonl')
    try {
      mkdirSync(dir, { recursive: true })
      return new TranscriptFile(path, openSync(path, 'w'), redact, warn)
    } catch (error) {
      warn(`The transcript file ${path} could not be created: ${errorMessage(error)}`)
      return null
    }
  }

  /** Appends one event as one line. */
  write(event: unknown): void {
    if (this.fd === null) return
    try {
      const line = JSON.stringify(redactStrings(event, this.redact)) ?? 'null'
      const bytes = Buffer.from(`${line}\n`)
      for (let at = 0; at < bytes.length;) at += writeSync(this.fd, bytes, at)
    } catch (error) {
      if (!this.failed) this.warn(`Writing the transcript file failed: ${errorMessage(error)}`)
      this.failed = true
      this.close()
    }
  }

  close(): void {
    if (this.fd === null) return
    closeSync(this.fd)
    this.fd = null
  }
}
