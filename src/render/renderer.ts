/**
 * Turns a run's agent events, log lines and status changes into grouped
 * workflow output.
 *
 * Layout (`full`): one collapsed group per assistant turn ("Claude: <first
 * words>") and one per tool call ("Bash: npm test"); a tool's result goes into
 * its call's group. System and network lines are printed where they arrive,
 * inside whatever group is open, so the story reads in time order: a network
 * call made by `Bash: npm install` shows up under that group. Status changes
 * and the final result are printed outside any group. Every remote line is
 * fenced (see printer.ts); group titles go through `core.startGroup`, which
 * escapes them.
 */
import { formatSeconds } from '../text/durations.js'
import type { LogEntry } from '../vm0/types.js'
import type { Printer } from './printer.js'
import type { AgentEvent, AgentItem, AgentResult } from '../agent/model.js'
import { cutLine, firstLines, firstWords, toLines } from '../text/lines.js'

import type { LogLevel } from '../settings/settings.js'

export type { LogLevel }

/** Lines of a tool result shown before the rest is cut with a note. */
const MAX_RESULT_LINES = 40
/** Annotations the renderer may raise; the runner shows at most 10 per step and the action needs some of its own. */
const MAX_WARNINGS = 7

export interface RendererOptions {
  level: LogLevel
  maxWarnings?: number
}

/** Prints a run's story from the neutral agent model, log entries and status changes. */
export class Renderer {
  private groupOpen = false
  private readonly toolNames = new Map<string, string>()
  private currentTool: string | null = null
  private warnings = 0
  private warningsCapped = false
  private lastStatus: string | null = null
  private readonly maxWarnings: number

  constructor(
    private readonly out: Printer,
    private readonly options: RendererOptions
  ) {
    this.maxWarnings = options.maxWarnings ?? MAX_WARNINGS
  }

  /** A status change of the run (repeats are ignored). */
  status(status: string): void {
    if (status === this.lastStatus) return
    this.lastStatus = status
    if (this.options.level === 'none') return
    this.closeGroup()
    this.out.info(`Run status: ${status}`)
  }

  /** One agent event, read by agent/ (see parseAgentEvent). */
  agentEvent(event: AgentEvent): void {
    for (const item of event.items) {
      if (item.kind === 'result') this.result(item.result)
      else if (this.options.level === 'full') this.item(item)
    }
  }

  /** A system or network line from the logs endpoint (agent entries come through {@link agentEvent}). */
  logEntry(entry: LogEntry): void {
    if (this.options.level !== 'full') return
    if (entry.type === 'network') {
      const line = entry.network
        ? `[network] ${entry.network.method} ${entry.network.url} - ${entry.network.status} (${entry.network.duration}ms)`
        : `[network] ${entry.message}`
      this.out.untrusted(toLines(line))
      const status = entry.network?.status ?? (entry.level === 'error' ? 400 : 0)
      if (status >= 400) this.warn(`Network request failed in the sandbox: ${cutLine(line, 300)}`)
      return
    }
    this.out.untrusted(toLines(`[${entry.type}] ${entry.message}`))
  }

  /** The run's error text, as an annotation (once). */
  runError(message: string): void {
    this.closeGroup()
    this.out.error(`VM0 run error: ${cutLine(message, 2000)}`)
  }

  /** Closes whatever group is open; call it in a `finally`. */
  finish(): void {
    this.closeGroup()
  }

  private item(item: Exclude<AgentItem, { kind: 'result' }>): void {
    switch (item.kind) {
      case 'message':
        this.openGroup(`${item.author}: ${firstWords(item.text)}`)
        this.currentTool = null
        this.out.untrusted(toLines(item.text))
        return
      case 'thinking':
        this.openGroup(`Thinking: ${firstWords(item.text)}`)
        this.currentTool = null
        this.out.untrusted(firstLines(item.text, MAX_RESULT_LINES))
        return
      case 'tool-call':
        if (item.id !== null) this.toolNames.set(item.id, item.name)
        this.openGroup(item.title)
        this.currentTool = item.id
        this.out.untrusted(item.input.flatMap(l => toLines(l)))
        return
      case 'tool-result':
        this.toolResult(item)
        return
      case 'session':
        this.closeGroup()
        this.out.untrusted(
          toLines(
            `Agent session started: ${item.model ?? 'unknown model'}, ${item.toolCount} tools`
          )
        )
        return
      case 'other':
        this.closeGroup()
        this.out.untrusted(toLines(item.text))
    }
  }

  private toolResult(item: Extract<AgentItem, { kind: 'tool-result' }>): void {
    const id = item.callId
    const name = (id && this.toolNames.get(id)) ?? 'tool'
    // A result whose call is not the open group gets a group of its own, so
    // it never lands under an unrelated title.
    if (!this.groupOpen || id === null || id !== this.currentTool) {
      this.openGroup(`${name} result`)
    }
    const lines = firstLines(item.output.trimEnd(), MAX_RESULT_LINES)
    this.out.untrusted(lines.length > 0 ? lines : ['(no output)'])
    if (item.isError) this.warn(`${name} failed: ${firstWords(item.output, 200)}`)
    this.currentTool = null
  }

  private result(result: AgentResult): void {
    if (this.options.level === 'none') return
    this.closeGroup()
    const facts = [
      result.durationMs !== null ? formatSeconds(result.durationMs) : null,
      result.numTurns !== null ? `${result.numTurns} turns` : null,
      result.costUsd !== null ? `$${result.costUsd.toFixed(4)}` : null
    ].filter(Boolean)
    const head = result.isError
      ? `✖ Agent finished with an error (${firstWords(result.subtype ?? 'error', 40)})`
      : '✔ Agent finished'
    this.out.info(`${head}${facts.length > 0 ? ` · ${facts.join(' · ')}` : ''}`)
    if (result.text !== null && result.text !== '') {
      this.out.info('Final answer:')
      this.out.untrusted(toLines(result.text))
    }
  }

  private warn(message: string): void {
    if (this.warnings < this.maxWarnings) {
      this.warnings++
      this.out.warning(message)
      return
    }
    if (!this.warningsCapped) {
      this.warningsCapped = true
      this.out.info(
        `(More than ${this.maxWarnings} warnings: the rest stay in the log only, to keep under the annotation limit.)`
      )
    }
  }

  private openGroup(title: string): void {
    this.closeGroup()
    this.out.startGroup(title)
    this.groupOpen = true
  }

  private closeGroup(): void {
    if (this.groupOpen) {
      this.out.endGroup()
      this.groupOpen = false
    }
  }
}
