/**
 * Where the action says things about its own work: one interface for every
 * stage (following, collecting, the PR comment), each taking the part it
 * uses, and one object that writes it through @actions/core.
 *
 * `Printer` (render/printer.ts) stays apart on purpose: it carries the run's
 * own story, remote lines that must be fenced from workflow commands, and
 * groups opened and closed across many events rather than around one call.
 */
import * as core from '@actions/core'

export interface Log {
  /** A line in the step log. */
  info(message: string): void
  /** A warning annotation: something went wrong, the step goes on. */
  warning(message: string): void
  /** A notice annotation: worth knowing, nothing wrong. */
  notice(message: string): void
  /** A line shown only with step debug logging. */
  debug(message: string): void
}

/** The runner's log (@actions/core). */
export const coreLog: Log = {
  info: message => core.info(message),
  warning: message => core.warning(message),
  notice: message => core.notice(message),
  debug: message => core.debug(message)
}
