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
import type { LogEntry } from '../vm0/types.js'
import type { Printer } from './printer.js'
import {
  contentBlocks,
  eventType,
  extractResult,
  oneLine,
  toolInputLines,
  toolResultText,
  toolTitle,
  type FinalResult
} from '../agent/claude.js'
import { cutLine, firstWords, limitLines, toLines } from '../text/lines.js'

import type { LogLevel } from '../settings/settings.js'

export type { LogLevel }

/** Lines of a tool result shown before the rest is cut with a note. */
export const MAX_RESULT_LINES = 40
/** Annotations the renderer may raise; the runner shows at most 10 per step and the action needs some of its own. */
export const MAX_WARNINGS = 7

export interface RendererOptions {
  level: LogLevel
  maxWarnings?: number
}

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

  /** One agent event (Claude Code stream-json, or anything else in a one-line form). */
  agentEvent(event: unknown): void {
    const result = extractResult(event)
    if (result) {
      this.result(result)
      return
    }
    if (this.options.level !== 'full') return
    switch (eventType(event)) {
      case 'assistant':
        this.assistant(event as Record<string, unknown>)
        return
      case 'user':
        this.toolResults(event as Record<string, unknown>)
        return
      case 'system':
        this.system(event as Record<string, unknown>)
        return
      default:
        this.closeGroup()
        this.out.untrusted(toLines(oneLine(event)))
    }
  }

  /** A log entry from the logs endpoint: agent entries are rendered as events. */
  logEntry(entry: LogEntry): void {
    if (entry.type === 'agent') {
      this.agentEvent(entry.eventData ?? entry.message)
      return
    }
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

  private assistant(event: Record<string, unknown>): void {
    for (const block of contentBlocks(event)) {
      const kind = block.type
      if (kind === 'text' && typeof block.text === 'string') {
        if (block.text.trim() === '') continue
        this.openGroup(`Claude: ${firstWords(block.text)}`)
        this.currentTool = null
        this.out.untrusted(toLines(block.text))
      } else if (kind === 'tool_use') {
        const name = typeof block.name === 'string' ? block.name : 'tool'
        if (typeof block.id === 'string') this.toolNames.set(block.id, name)
        this.openGroup(toolTitle(name, block.input))
        this.currentTool = typeof block.id === 'string' ? block.id : null
        this.out.untrusted(toolInputLines(name, block.input).flatMap(l => toLines(l)))
      } else if (kind === 'thinking' && typeof block.thinking === 'string') {
        this.openGroup(`Thinking: ${firstWords(block.thinking)}`)
        this.currentTool = null
        this.out.untrusted(limitLines(toLines(block.thinking), MAX_RESULT_LINES))
      }
    }
  }

  private toolResults(event: Record<string, unknown>): void {
    for (const block of contentBlocks(event)) {
      if (block.type !== 'tool_result') continue
      const id = typeof block.tool_use_id === 'string' ? block.tool_use_id : null
      const name = (id && this.toolNames.get(id)) ?? 'tool'
      // A result whose call is not the open group gets a group of its own, so
      // it never lands under an unrelated title.
      if (!this.groupOpen || id === null || id !== this.currentTool) {
        this.openGroup(`${name} result`)
      }
      const lines = limitLines(toLines(toolResultText(block).trimEnd()), MAX_RESULT_LINES)
      this.out.untrusted(lines.length > 0 ? lines : ['(no output)'])
      if (block.is_error === true) {
        this.warn(`${name} failed: ${firstWords(toolResultText(block), 200)}`)
      }
      this.currentTool = null
    }
  }

  private system(event: Record<string, unknown>): void {
    if (event.subtype === 'init') {
      const model = typeof event.model === 'string' ? event.model : 'unknown model'
      const tools = Array.isArray(event.tools) ? event.tools.length : 0
      this.closeGroup()
      this.out.untrusted(toLines(`Agent session started: ${model}, ${tools} tools`))
      return
    }
    this.closeGroup()
    this.out.untrusted(toLines(oneLine(event)))
  }

  private result(result: FinalResult): void {
    if (this.options.level === 'none') return
    this.closeGroup()
    const facts = [
      result.durationMs !== null ? `${(result.durationMs / 1000).toFixed(1)} s` : null,
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
