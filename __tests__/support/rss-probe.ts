/**
 * The peak resident memory of a step's process, read from /proc while it
 * runs. VmHWM is the kernel's own high-water mark, so a late sample still
 * sees an earlier peak. `peakMb` fails loudly when no sample was ever read
 * (no /proc, or the process ended before the first read): a memory bound
 * that was never measured must not pass.
 *
 * Only Linux has /proc: on macOS and Windows (CI runs the end-to-end tests
 * there too) `expectPeakBelow` checks nothing, so the rest of each test still
 * runs there; on Linux it checks the bound, and fails when it measured nothing.
 */
import { expect } from '@jest/globals'
import { readFileSync } from 'node:fs'
import type { StepOptions } from '../../emulator/runner/harness.js'

export interface RssProbe {
  onSpawn: NonNullable<StepOptions['onSpawn']>
  /** The highest VmHWM read, in MiB; throws when none was read. */
  peakMb(): number
}

export function rssProbe(): RssProbe {
  let peak = 0
  let samples = 0
  let pid: number | undefined
  return {
    onSpawn: child => {
      pid = child.pid
      const read = (): void => {
        try {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
          const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 'NaN')
          if (!Number.isFinite(kb)) return
          peak = Math.max(peak, kb / 1024)
          samples++
        } catch {
          clearInterval(timer)
        }
      }
      const timer = setInterval(read, 20)
      child.on('exit', () => clearInterval(timer))
    },
    peakMb: () => {
      if (samples === 0) {
        throw new Error(
          `The memory probe never read /proc/${pid ?? '?'}/status (VmHWM): this test needs Linux's /proc.`
        )
      }
      return peak
    }
  }
}

/** The process's peak stays below `mb` MiB (on Linux; elsewhere there is no /proc to read). */
export function expectPeakBelow(probe: RssProbe, mb: number): void {
  if (process.platform !== 'linux') return
  expect(probe.peakMb()).toBeLessThan(mb)
}
