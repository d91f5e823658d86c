/**
 * The last lines of the run's story as a reader sees them in the step log:
 * a printer that passes everything on and keeps a bounded tail of what was
 * printed (group titles, the rendered steps, sandbox lines, warnings), made
 * plain, for the report of a run that did not complete.
 */
import type { Printer } from '../render/printer.js'
import { cutChars, plainText } from '../text/sanitize.js'

const TAIL_LINES = 50
const LINE_CHARS = 500

export class ReaderTail implements Printer {
  private readonly tail: string[] = []

  constructor(private readonly inner: Printer) {}

  info(text: string): void {
    this.inner.info(text)
    this.keep(text)
  }
  untrusted(lines: readonly string[]): void {
    this.inner.untrusted(lines)
    for (const line of lines.slice(-TAIL_LINES)) this.keep(line)
  }
  startGroup(title: string): void {
    this.inner.startGroup(title)
    this.keep(`▸ ${title}`)
  }
  endGroup(): void {
    this.inner.endGroup()
  }
  warning(message: string): void {
    this.inner.warning(message)
    this.keep(`Warning: ${message}`)
  }
  error(message: string): void {
    this.inner.error(message)
    this.keep(`Error: ${message}`)
  }

  drained(): Promise<void> | null {
    return this.inner.drained?.() ?? null
  }

  /** The last lines printed, oldest first. */
  lines(): string[] {
    return [...this.tail]
  }

  private keep(text: string): void {
    for (const line of plainText(text).split('\n').slice(-TAIL_LINES)) {
      this.tail.push(cutChars(line.trimEnd(), LINE_CHARS))
      if (this.tail.length > TAIL_LINES) this.tail.shift()
    }
  }
}
