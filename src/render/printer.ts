import { randomBytes } from 'node:crypto'
import * as core from '@actions/core'
import { breakLegacyCommands } from '../text/sanitize.js'
import { redactLine } from '../text/secrets.js'

/**
 * Where rendered output goes. The renderer only talks to this seam, so tests
 * can capture it and the action can batch writes to stdout.
 */
export interface Printer {
  /** Trusted text written by the action itself (no remote text in it). */
  info(text: string): void
  /**
   * Lines holding remote text, already split and cleaned (see `toLines`): printed
   * so that none can issue a workflow command (see {@link relayedText}).
   */
  untrusted(lines: readonly string[]): void
  startGroup(title: string): void
  endGroup(): void
  warning(message: string): void
  error(message: string): void
  /**
   * Null while the step log keeps up; else a promise that settles once what
   * was written has gone out. A source read faster than the runner reads the
   * log waits on it, so the backlog cannot grow with the run.
   */
  drained?(): Promise<void> | null
}

/** A fresh, unguessable fence token: remote text cannot know it, so it cannot close the fence. */
function fenceToken(): string {
  return randomBytes(16).toString('hex')
}

/**
 * Wraps lines in `::stop-commands::<token>` … `::<token>::`. Within the fence the
 * runner prints `::add-mask::`, `::error::` or `::endgroup::` lines instead of obeying them.
 */
function fence(lines: readonly string[], token: string = fenceToken()): string {
  return `::stop-commands::${token}\n${lines.join('\n')}\n::${token}::\n`
}

// Whatever .NET's TrimStart or JavaScript's trimStart may skip before `::`, and more:
// every Unicode space, separator, control and format character.
const COMMAND_START = /^[\s\p{Z}\p{Cc}\p{Cf}]*::/u

/**
 * True when the runner could read the line as a workflow command: trimmed, it
 * starts with `::` (actions/runner `ActionCommand.TryParseV2`). The legacy
 * `##[` form, recognised anywhere in a line, never reaches here: see
 * `breakLegacyCommands` (text/sanitize.ts).
 */
export function commandLike(line: string): boolean {
  return COMMAND_START.test(line)
}

/**
 * Remote lines as stdout text: plain where the runner cannot read them as a
 * command, and each run of lines that could be one inside a fresh fence.
 */
export function relayedText(lines: readonly string[]): string {
  let out = ''
  let fenced: string[] = []
  const closeFence = (): void => {
    if (fenced.length > 0) out += fence(fenced)
    fenced = []
  }
  // The runner's line reader also ends a line at a lone `\r`: split there too, whatever the caller did.
  for (const raw of lines.flatMap(l => l.split(/\r\n|\r|\n/))) {
    const line = breakLegacyCommands(raw)
    if (commandLike(line)) {
      fenced.push(line)
      continue
    }
    closeFence()
    out += `${line}\n`
  }
  closeFence()
  return out
}

/**
 * The real printer: `@actions/core` for commands, one `stdout.write` per
 * block of remote lines. Every line is redacted last (registered secrets and
 * URL signatures, see `redactLine`), after it was cleaned and cut.
 */
export class StdoutPrinter implements Printer {
  constructor(
    private readonly write: (text: string) => void = t => void process.stdout.write(t),
    private readonly stream: NodeJS.WritableStream & { writableLength: number } = process.stdout
  ) {}
  drained(): Promise<void> | null {
    return backlogDrained(this.stream)
  }
  info(text: string): void {
    core.info(redactLine(text))
  }
  untrusted(lines: readonly string[]): void {
    if (lines.length > 0) this.write(relayedText(lines.map(redactLine)))
  }
  startGroup(title: string): void {
    core.startGroup(breakLegacyCommands(redactLine(title)))
  }
  endGroup(): void {
    core.endGroup()
  }
  warning(message: string): void {
    core.warning(breakLegacyCommands(redactLine(message)))
  }
  error(message: string): void {
    core.error(breakLegacyCommands(redactLine(message)))
  }
}

/** Bytes written but not yet taken by the reader of the log, past which a source waits. */
const BACKLOG_BYTES = 64 * 1024

/** Null when `stream` holds less than {@link BACKLOG_BYTES}; else settles on `drain`, `close` or `error`. */
export function backlogDrained(
  stream: NodeJS.WritableStream & { writableLength: number }
): Promise<void> | null {
  if (stream.writableLength < BACKLOG_BYTES) return null
  return new Promise(done => {
    const settle = (): void => {
      for (const name of ['drain', 'close', 'error']) stream.off(name, settle)
      done()
    }
    for (const name of ['drain', 'close', 'error']) stream.once(name, settle)
  })
}
