/**
 * Signal ladders for end-to-end cancellation tests. The runner's own ladder
 * (SIGINT, 7.5 s, SIGTERM, 2.5 s, kill: docs/runner.md) is a race against
 * real time, which a loaded machine can lose. These keep its first rung and
 * push the later ones out to minutes: a test asserts the step ended on its
 * own after the first signal (only that signal was sent), never how fast.
 */
import { it } from '@jest/globals'
import type { SignalRung } from '../../emulator/runner/harness.js'

/**
 * `it`, skipped on Windows: there a child cannot be sent a SIGINT or SIGTERM
 * it could catch (Node's `kill()` ends it at once, as SIGKILL does; the runner
 * cancels with a console Ctrl-C that a test cannot send), so a test of what
 * the step does after such a signal can only run on Linux and macOS.
 */
export const itWithSignals = process.platform === 'win32' ? it.skip : it

/** A cancelled workflow: SIGINT, then (minutes later, if still running) SIGTERM and a kill. */
export const PATIENT_SIGINT: readonly SignalRung[] = [
  { signal: 'SIGINT', afterMs: 0 },
  { signal: 'SIGTERM', afterMs: 120_000 },
  { signal: 'SIGKILL', afterMs: 30_000 }
]

/** SIGTERM without SIGINT, then (minutes later, if still running) a kill. */
export const PATIENT_SIGTERM: readonly SignalRung[] = [
  { signal: 'SIGTERM', afterMs: 0 },
  { signal: 'SIGKILL', afterMs: 120_000 }
]
