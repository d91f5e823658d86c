/**
 * PLACEHOLDER until `followPlatformRun` (follow/, platform-follow) lands: it
 * polls the run's status to its end and shows none of its events. Replaced
 * at the merge; it has the same signature so main.ts changes one import.
 */
import { RouteMissingError } from '../platform/errors.js'
import type { PlatformFollowApi } from '../platform/types.js'
import { isTerminal, type Run } from '../vm0/types.js'
import { waitForAnswer } from './core-answer.js'
import type { FollowPlatform } from './platform.js'

const POLL_MS = 5000

export const followPlatformPlaceholder: FollowPlatform = async (
  api: PlatformFollowApi,
  run,
  options
) => {
  const { clock, signal } = options
  let last: Run = run
  const seen = {
    result: null,
    logTail: [],
    timing: { startMs: null, endMs: null, spans: [], droppedSpans: 0, tools: [] },
    troubleLine: null,
    transcriptFile: null
  }
  for (;;) {
    if (signal.aborted)
      return { end: { kind: 'aborted', run: last }, lastStatus: last.status, ...seen }
    if (clock.now() >= options.deadlineMs)
      return { end: { kind: 'timeout', run: last }, lastStatus: last.status, ...seen }
    try {
      last = await api.getRun(run.id, { signal })
    } catch (error) {
      if (error instanceof RouteMissingError && options.coreEnd)
        return waitForAnswer(options.coreEnd, options)
      if (signal.aborted) continue
      throw error
    }
    if (isTerminal(last.status))
      return { end: { kind: 'ended', run: last }, lastStatus: last.status, ...seen }
    await clock.sleep(POLL_MS, signal)
  }
}
