/**
 * Signal ladders for end-to-end cancellation tests. The runner's own ladder
 * (SIGINT, 7.5 s, SIGTERM, 2.5 s, kill: docs/runner.md) is a race against
 * real time, which a loaded machine can lose. These keep its first rung and
 * push the later ones out to minutes: a test asserts the step ended on its
 * own after the first signal (only that signal was sent), never how fast.
 */
import type { SignalRung } from '../../emulator/runner/harness.js'

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
