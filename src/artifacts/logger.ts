/**
 * The logging seam of the artifacts stage. Names from an archive are remote,
 * untrusted input: they reach a log line only through `quote` (text/quote.ts),
 * so a newline in a name cannot start a workflow command.
 */
import * as core from '@actions/core'
import { coreLog, type Log } from '../base/log.js'

/**
 * Where the artifacts stage writes: the action's {@link Log} (debug optional,
 * tests may leave it out), and the two things only this stage does: masking
 * the presigned URLs it meets, and a group around the whole download.
 */
export interface Logger
  extends Pick<Log, 'info' | 'warning' | 'notice'>, Partial<Pick<Log, 'debug'>> {
  /** Registers a value to mask (`::add-mask::`) in everything printed later. */
  setSecret(value: string): void
  /** Runs `fn` inside a collapsed log group that always closes. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>
}

/** The runner's logger (@actions/core). */
export const coreLogger: Logger = {
  ...coreLog,
  setSecret: value => core.setSecret(value),
  group: (title, fn) => core.group(title, fn)
}
