/**
 * The logging seam of the artifacts stage. Names from an archive are remote,
 * untrusted input: they reach a log line only through `quote` (text/quote.ts),
 * so a newline in a name cannot start a workflow command.
 */
import * as core from '@actions/core'

/** Where the artifacts stage writes its log lines and warnings. */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  /** A notice annotation: worth knowing, nothing wrong. */
  notice(message: string): void
  /** A line shown only with step debug logging; optional (tests may leave it out). */
  debug?(message: string): void
  /** Registers a value to mask (`::add-mask::`) in everything printed later. */
  setSecret(value: string): void
  /** Runs `fn` inside a collapsed log group that always closes. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>
}

/** The runner's logger (@actions/core). */
export const coreLogger: Logger = {
  info: message => core.info(message),
  warning: message => core.warning(message),
  notice: message => core.notice(message),
  debug: message => core.debug(message),
  setSecret: value => core.setSecret(value),
  group: (title, fn) => core.group(title, fn)
}
