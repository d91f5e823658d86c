// Jest's order for `npm test`: the end-to-end files first, longest first, so
// the ones that mostly wait on real time (a minute-long outage, signal
// ladders) start at once and run beside everything else. Without timings
// from an earlier run (a fresh CI checkout), Jest would order by file size
// and start the minute-long outage last, adding a minute to the run.
import Sequencer from '@jest/test-sequencer'

/**
 * The longest files, longest first (measured on a 2-core machine): the
 * minute-long outage waits on real time; the hostile archives cost CPU and
 * are the longest file when the machine is busy, so both start at once.
 */
const SLOWEST = [
  'e2e/network-long-outage.test.ts',
  'e2e/platform-endings.test.ts',
  'e2e/platform.test.ts',
  'e2e/artifacts-hostile.test.ts',
  'e2e/artifacts-hostile-storage.test.ts',
  'e2e/lifecycle.test.ts',
  'e2e/network.test.ts',
  'e2e/hostile-service.test.ts',
  'e2e/run.test.ts',
  'e2e/artifacts.test.ts',
  'e2e/step-log.test.ts',
  'e2e/report.test.ts'
]

function rank(path) {
  const at = SLOWEST.findIndex(suffix => path.endsWith(suffix))
  if (at >= 0) return at
  return path.includes('/e2e/') ? SLOWEST.length : SLOWEST.length + 1
}

export default class SlowestFirst extends (Sequencer.default ?? Sequencer) {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path))
  }
}
