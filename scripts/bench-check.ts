/**
 * What every benchmark uses to keep its word: each figure printed beside its
 * goal, a missed goal remembered so the benchmark exits non-zero, and the
 * step-log check done the way the tests do it. The lines an agent event
 * should leave in the log are not written here by hand: the event is rendered
 * by the action's own reader and renderer, and both that and the action's
 * stdout are read by the runner-like parser the e2e tests use
 * (emulator/runner/workflow-commands.ts). A change of format moves both sides.
 */
import { AgentReader } from '../src/agent/parse.js'
import { Renderer } from '../src/render/renderer.js'
import { CapturePrinter } from '../__tests__/support/capture-printer.js'
import { aLogEntry } from '../__tests__/support/log-entry.js'
import { parseStdout } from '../emulator/runner/workflow-commands.js'
import type { LogEntry } from '../src/vm0/types.js'

/** The text lines each raw agent event leaves in the step log (log-level full), one list per event. */
export function renderedLines(rawEvents: readonly unknown[]): string[][] {
  const reader = new AgentReader()
  return rawEvents.map(raw => {
    const printer = new CapturePrinter()
    const renderer = new Renderer(printer, { level: 'full', now: () => 0 })
    renderer.agentEvent(reader.read(raw))
    renderer.finish()
    return parseStdout(printer.stdout).text
  })
}

/** The text lines each sandbox line (a system or network log entry) leaves in the step log. */
export function renderedLogLines(
  entries: ReadonlyArray<Pick<LogEntry, 'type' | 'message'>>
): string[][] {
  return entries.map(({ type, message }) => {
    const printer = new CapturePrinter()
    const renderer = new Renderer(printer, { level: 'full', now: () => 0 })
    renderer.sandboxLines([aLogEntry(type, message)])
    return parseStdout(printer.stdout).text
  })
}

/** How often the expected lines appear among the step log's text lines. */
export interface OnceCount {
  /** Events whose lines are all there exactly once. */
  once: number
  /** Events with a line missing, then with a line repeated. */
  missing: number
  repeated: number
  /** The first event (index) that failed, for the report. */
  firstBad: number | null
}

/**
 * Counts, among the text lines of a step log as the runner reads it
 * (`StepResult.parsed.text`, from `parseStdout`), each event's rendered
 * lines. Lines shared by several events (none in a benchmark's script, which
 * numbers its events) would be counted for each; the caller keeps them unique.
 */
export function countOnce(text: readonly string[], expected: readonly string[][]): OnceCount {
  const seen = new Map<string, number>()
  const wanted = new Set(expected.flat())
  for (const line of text) {
    if (wanted.has(line)) seen.set(line, (seen.get(line) ?? 0) + 1)
  }
  const count: OnceCount = { once: 0, missing: 0, repeated: 0, firstBad: null }
  expected.forEach((lines, i) => {
    const n = lines.map(line => seen.get(line) ?? 0)
    const bad = lines.length === 0 || n.some(c => c === 0) || n.some(c => c > 1)
    if (lines.length === 0 || n.some(c => c === 0)) count.missing++
    else if (n.some(c => c > 1)) count.repeated++
    else count.once++
    if (bad && count.firstBad === null) count.firstBad = i
  })
  return count
}

/** `once: yes`, or what went wrong with which event. */
export function describeOnce(count: OnceCount, expected: readonly string[][]): string {
  if (count.missing === 0 && count.repeated === 0) return 'yes'
  const first =
    count.firstBad === null ? '' : ` (first: ${JSON.stringify(expected[count.firstBad])})`
  return `NO: ${count.missing} missing, ${count.repeated} repeated${first}`
}

/** Goals checked so far; a missed one sets the exit code. */
export class Goals {
  private missed = 0

  /** Records one goal; returns the verdict word to print beside the figure. */
  check(met: boolean): 'met' | 'MISSED' {
    if (!met) {
      this.missed++
      process.exitCode = 1
    }
    return met ? 'met' : 'MISSED'
  }

  /** Prints the verdict of the whole benchmark (the exit code is already set). */
  summary(): void {
    console.log(this.missed === 0 ? 'All goals met.' : `${this.missed} goal(s) MISSED.`)
  }
}
