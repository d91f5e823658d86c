import { relayedText, type Printer } from '../../src/render/printer.js'
import { breakLegacyCommands } from '../../src/text/sanitize.js'

/** A Printer that records what the action would write to stdout, in the runner's syntax. */
export class CapturePrinter implements Printer {
  stdout = ''
  info(text: string): void {
    this.stdout += `${text}\n`
  }
  untrusted(lines: readonly string[]): void {
    this.stdout += relayedText(lines)
  }
  startGroup(title: string): void {
    this.stdout += `::group::${breakLegacyCommands(title)}\n`
  }
  endGroup(): void {
    this.stdout += '::endgroup::\n'
  }
  warning(message: string): void {
    this.stdout += `::warning::${message.replace(/\n/g, '%0A')}\n`
  }
  error(message: string): void {
    this.stdout += `::error::${message.replace(/\n/g, '%0A')}\n`
  }
}
