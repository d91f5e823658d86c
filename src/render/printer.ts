import { randomBytes } from 'node:crypto'
import * as core from '@actions/core'
import { redactLine } from '../text/secrets.js'

/**
 * Where rendered output goes. The renderer only talks to this seam, so tests
 * can capture it and the action can batch writes to stdout.
 */
export interface Printer {
  /** Trusted text written by the action itself. */
  info(text: string): void
  /** Remote text, printed inside a fresh `::stop-commands::` fence so it cannot issue workflow commands. */
  untrusted(lines: readonly string[]): void
  startGroup(title: string): void
  endGroup(): void
  warning(message: string): void
  error(message: string): void
}

/** A fresh, unguessable fence token: remote text cannot know it, so it cannot close the fence. */
function fenceToken(): string {
  return randomBytes(16).toString('hex')
}

/**
 * Wraps lines in `::stop-commands::<token>` … `::<token>::`. Within the fence the
 * runner prints `::add-mask::`, `::error::` or `::endgroup::` lines instead of obeying them.
 */
export function fence(lines: readonly string[], token: string = fenceToken()): string {
  return `::stop-commands::${token}\n${lines.join('\n')}\n::${token}::\n`
}

/**
 * The real printer: `@actions/core` for commands, one `stdout.write` per
 * fenced block. Every line is redacted last (registered secrets and URL
 * signatures, see `redactLine`), after it was cleaned and cut.
 */
export class StdoutPrinter implements Printer {
  constructor(private readonly write: (text: string) => void = t => void process.stdout.write(t)) {}
  info(text: string): void {
    core.info(redactLine(text))
  }
  untrusted(lines: readonly string[]): void {
    if (lines.length > 0) this.write(fence(lines.map(redactLine)))
  }
  startGroup(title: string): void {
    core.startGroup(redactLine(title))
  }
  endGroup(): void {
    core.endGroup()
  }
  warning(message: string): void {
    core.warning(redactLine(message))
  }
  error(message: string): void {
    core.error(redactLine(message))
  }
}
