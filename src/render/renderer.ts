/**
 * Turns a run's agent events, sandbox lines and status changes, in the order
 * they arrive (see follow/tracker.ts), into grouped workflow output.
 *
 * Layout (`full`): every group is printed whole and closed at once, so
 * nothing lands in a group it does not belong to.
 * - A tool call is a group titled with what it did ("Bash: npm test",
 *   "$ npm test", "Grep: TODO in src/"): its input and its output (head and
 *   tail). The group is
 *   printed when the result arrives, so a failed call is marked in its title
 *   ("✗ Bash: npm test (exit 1)"); a call that runs long is announced by a
 *   top-level line meanwhile.
 * - A short message or thought is one line; a longer one is a group.
 * - Sandbox lines come in batches (the sandbox uploads them every 30 s,
 *   docs/vm0-api.md): each batch is printed whole where it arrives, as a
 *   group "Sandbox log, up to 12:03:41 UTC (N lines)" (one line alone
 *   plainly), never inside a tool call: when it was logged says nothing
 *   about which call was running.
 * - Status changes, the session start and the final result are printed at
 *   top level.
 * Ordinary agent life (failed tool calls, 4xx fetches) raises no annotation.
 * Every remote line goes through `Printer.untrusted` (see printer.ts).
 */
import { formatSeconds } from '../text/durations.js'
import type { LogEntry } from '../vm0/types.js'
import type { Printer } from './printer.js'
import type { AgentEvent, AgentItem, AgentResult, FileChange } from '../agent/model.js'
import { firstWords, toLines } from '../text/lines.js'
import { counted } from '../text/quote.js'

import type { LogLevel } from '../settings/settings.js'

export type { LogLevel }

/** Lines of a tool's output kept from its start and from its end. */
const OUTPUT_HEAD = 15
const OUTPUT_TAIL = 25
/** Lines of a call's input kept from each end. */
const BODY_HEAD = 20
const BODY_TAIL = 20
/** Lines of a message kept from its start and from its end. */
const TEXT_HEAD = 40
const TEXT_TAIL = 20
/** Lines of a thought kept: reasoning is shown compactly. */
const THOUGHT_HEAD = 8
const THOUGHT_TAIL = 4
/** A text this short, on one line, is printed as one line rather than a group. */
const ONE_LINE_CHARS = 120
/** A tool call still running after this long is announced at top level. */
const ANNOUNCE_AFTER_MS = 10_000
/** Calls remembered by id (a repeat, a late result); the oldest are forgotten past this. */
const REMEMBERED_CALLS = 1000

/**
 * Lines kept as {@link headAndTail} would show them, in memory that does not
 * grow with the count: the first `head`, the last `tail`, and how many in all.
 */
class HeadTail {
  private readonly head: string[] = []
  private tail: string[] = []
  private count = 0

  constructor(
    private readonly headMax: number,
    private readonly tailMax: number
  ) {}

  push(lines: readonly string[]): void {
    for (const line of lines) {
      this.count++
      if (this.head.length < this.headMax) this.head.push(line)
      else this.tail.push(line)
    }
    // One more than shown: a single line between head and tail is printed, not cut.
    if (this.tail.length > 2 * (this.tailMax + 1)) this.tail = this.tail.slice(-(this.tailMax + 1))
  }

  /** What `headAndTail(all lines, head, tail)` gives. */
  lines(): string[] {
    const tail = this.tail.slice(-(this.tailMax + 1))
    if (this.count <= this.headMax + this.tailMax + 1) return [...this.head, ...tail]
    const cut = this.count - this.headMax - this.tailMax
    return [...this.head, `… ${cut} lines cut …`, ...tail.slice(-this.tailMax)]
  }
}

export interface RendererOptions {
  level: LogLevel
  /** The time, for announcing long tool calls; defaults to `Date.now`. */
  now?: () => number
}

/** The first `head` and last `tail` lines, with "… N lines cut …" between when some are left out. */
export function headAndTail(lines: readonly string[], head: number, tail: number): string[] {
  if (lines.length <= head + tail + 1) return [...lines]
  const cut = lines.length - head - tail
  return [...lines.slice(0, head), `… ${cut} lines cut …`, ...lines.slice(lines.length - tail)]
}

/** A tool call whose result has not arrived: printed as a group when it does. */
interface PendingCall {
  id: string | null
  name: string
  title: string
  /** Its input (as shown: head and tail). */
  body: HeadTail
  since: number
  announced: boolean
}

/** The title of a finished call: marked when it failed, with the exit code when known. */
function resultTitle(title: string, isError: boolean, exitCode: number | null): string {
  if (!isError) return title
  return `✗ ${title}${exitCode !== null ? ` (exit ${exitCode})` : ''}`
}

/** How a sandbox line reads in the log. */
function sandboxLine(entry: LogEntry): string {
  if (entry.type !== 'network') return `[${entry.type}] ${entry.message}`
  if (!entry.network) return `[network] ${entry.message}`
  const { method, url, status, duration } = entry.network
  return `[network] ${method} ${url} - ${status} (${duration}ms)`
}

/** "12:03:41 UTC": the newest of the entries' times (the runner's log shows UTC too); null when none has one. */
function newestTime(entries: readonly LogEntry[]): string | null {
  let newest = -Infinity
  for (const entry of entries) {
    const ms = Date.parse(entry.timestamp)
    if (ms > newest) newest = ms
  }
  return Number.isFinite(newest) ? `${new Date(newest).toISOString().slice(11, 19)} UTC` : null
}

/**
 * The title of a block of sandbox lines of one kind: what they are, the time
 * of the newest (a system batch is stamped when it was received, so its lines
 * all came before it), and how many.
 */
function blockTitle(entries: readonly LogEntry[], lines: number): string {
  const network = entries[0]?.type === 'network'
  const upTo = newestTime(entries)
  const what = network ? 'Network requests' : 'Sandbox log'
  const count = network ? `${lines} requests` : `${lines} lines`
  return `${what}${upTo ? `, up to ${upTo}` : ''} (${count})`
}

/** The lines an entry prints: a system entry is a whole batch, one `[system]` line for each of its lines. */
function entryLines(entry: LogEntry): string[] {
  if (entry.type === 'network') return toLines(sandboxLine(entry))
  const text = entry.message.replace(/\r?\n$/, '')
  return text === '' ? [] : toLines(text).map(line => `[${entry.type}] ${line}`)
}

/** Prints a run's story from the neutral agent model, sandbox lines and status changes. */
export class Renderer {
  private pending: PendingCall | null = null
  /** Calls already printed (or being printed), by id: a repeated call is not shown twice. */
  private readonly calls = new Map<string, { name: string; title: string }>()
  private lastStatus: string | null = null
  private readonly now: () => number

  constructor(
    private readonly out: Printer,
    private readonly options: RendererOptions
  ) {
    this.now = options.now ?? Date.now
  }

  /** A status change of the run (repeats are ignored). */
  status(status: string): void {
    if (status === this.lastStatus) return
    this.lastStatus = status
    if (this.options.level === 'none') return
    this.out.untrusted([`Run status: ${firstWords(status, 40)}`])
  }

  /** One agent event, read by agent/ (see AgentReader). */
  agentEvent(event: AgentEvent): void {
    for (const item of event.items) {
      if (item.kind === 'result') this.result(item.result)
      else if (this.options.level === 'full') this.item(item)
    }
  }

  /**
   * A block of system or network lines from the logs endpoint, as they arrived
   * (one kind, oldest first), printed whole at top level now. A tool call
   * still waiting for its result is not printed first: its group comes whole
   * when the result does, and the block reads before it.
   */
  sandboxLines(entries: readonly LogEntry[]): void {
    if (this.options.level !== 'full') return
    const lines = entries.flatMap(entryLines)
    if (lines.length === 0) return
    if (lines.length === 1) this.out.untrusted(lines)
    else this.group(blockTitle(entries, lines.length), lines)
  }

  /** Announces, once, a tool call that has been running for a while (call it now and then). */
  tick(): void {
    const call = this.pending
    if (!call || call.announced || this.now() - call.since < ANNOUNCE_AFTER_MS) return
    call.announced = true
    this.out.untrusted([`… ${call.title} (running)`])
  }

  /** Prints what is held back (a call without its result yet); call it in a `finally`. */
  finish(): void {
    this.printPending()
  }

  private item(item: Exclude<AgentItem, { kind: 'result' }>): void {
    switch (item.kind) {
      case 'tool-call':
        this.toolCall(item)
        return
      case 'tool-result':
        this.toolResult(item)
        return
      case 'message':
        this.printPending()
        this.textBlock(`${item.author}: `, item.text, TEXT_HEAD, TEXT_TAIL)
        return
      case 'thinking':
        this.printPending()
        this.textBlock('Thinking: ', item.text, THOUGHT_HEAD, THOUGHT_TAIL)
        return
      case 'file-change':
        this.printPending()
        this.fileChange(item.changes, item.failed)
        return
      case 'session': {
        this.printPending()
        const facts = [item.model, item.toolCount !== null ? `${item.toolCount} tools` : null]
        const detail = facts.filter(Boolean).join(', ')
        this.out.untrusted(toLines(`${item.agent} session started${detail ? `: ${detail}` : ''}`))
        return
      }
      case 'other':
        this.printPending()
        this.out.untrusted(toLines(item.text))
    }
  }

  /** A text on one line when it is short, else a group titled with its first words. */
  private textBlock(prefix: string, text: string, head: number, tail: number): void {
    const lines = toLines(text.trim())
    const only = lines[0] ?? ''
    if (lines.length === 1 && only.length <= ONE_LINE_CHARS) {
      this.out.untrusted([`${prefix}${only}`])
      return
    }
    this.group(`${prefix}${firstWords(text)}`, headAndTail(lines, head, tail))
  }

  private toolCall(item: Extract<AgentItem, { kind: 'tool-call' }>): void {
    // Codex tells a command twice (started, completed): the second is the same call.
    if (item.id !== null && (this.calls.has(item.id) || this.pending?.id === item.id)) return
    this.printPending()
    const body = new HeadTail(BODY_HEAD, BODY_TAIL)
    body.push(item.input.flatMap(line => toLines(line)))
    this.pending = {
      id: item.id,
      name: item.name,
      title: item.title,
      body,
      since: this.now(),
      announced: false
    }
  }

  private toolResult(item: Extract<AgentItem, { kind: 'tool-result' }>): void {
    const output = headAndTail(toLines(item.output.trimEnd()), OUTPUT_HEAD, OUTPUT_TAIL)
    const shown = item.output.trim() === '' ? ['(no output)'] : output
    const call = this.pending
    if (call && (call.id === item.callId || item.callId === null)) {
      this.pending = null
      this.remember(call)
      this.group(resultTitle(call.title, item.isError, item.exitCode), [
        ...call.body.lines(),
        ...shown
      ])
      return
    }
    // The result of a call printed earlier (parallel calls: the pending one stays
    // pending), or of no call seen.
    const known = item.callId !== null ? this.calls.get(item.callId) : undefined
    const title = known ? `${known.title} (result)` : 'Tool result'
    this.group(resultTitle(title, item.isError, item.exitCode), shown)
  }

  private fileChange(changes: FileChange[], failed: boolean): void {
    const mark = failed ? '✗ ' : ''
    const lines = changes.map(c => `${c.kind} ${c.path}`)
    if (lines.length <= 1) {
      this.out.untrusted(toLines(`${mark}Files changed: ${lines[0] ?? 'none listed'}`))
      return
    }
    const names = changes.map(c => c.path.split('/').pop() ?? c.path).join(', ')
    this.group(`${mark}Files changed (${changes.length}): ${firstWords(names, 60)}`, lines)
  }

  private result(result: AgentResult): void {
    if (this.options.level === 'none') return
    this.printPending()
    // The same input figure as the `input-tokens` output, so the log and the output agree
    // (Claude Code counts it without the cache, Codex with: adding cache reads would count
    // Codex's twice).
    const usage = result.usage
    const cache =
      usage && usage.cacheReadTokens > 0 ? ` (${usage.cacheReadTokens} cache reads)` : ''
    const tokens = usage
      ? `${usage.inputTokens} in / ${usage.outputTokens} out tokens${cache}`
      : null
    const facts = [
      result.durationMs !== null ? formatSeconds(result.durationMs) : null,
      result.numTurns !== null ? counted(result.numTurns, 'turn') : null,
      result.costUsd !== null ? `$${result.costUsd.toFixed(4)}` : null,
      tokens
    ].filter(Boolean)
    const head = result.isError
      ? `✖ Agent finished with an error (${firstWords(result.subtype ?? 'error', 40)})`
      : '✔ Agent finished'
    this.out.untrusted(toLines(`${head}${facts.length > 0 ? ` · ${facts.join(' · ')}` : ''}`))
    if (result.text !== null && result.text.trim() !== '') {
      this.out.info('Final answer:')
      this.out.untrusted(toLines(result.text))
    }
  }

  /** Prints a call whose result has not come (yet) as a group, unmarked. */
  private printPending(): void {
    const call = this.pending
    if (!call) return
    this.pending = null
    this.remember(call)
    const body = call.body.lines()
    this.group(call.title, body.length > 0 ? body : ['(no result yet)'])
  }

  private remember(call: PendingCall): void {
    if (call.id === null) return
    this.calls.set(call.id, { name: call.name, title: call.title })
    if (this.calls.size > REMEMBERED_CALLS) {
      const oldest = this.calls.keys().next().value
      if (oldest !== undefined) this.calls.delete(oldest)
    }
  }

  /** Calls remembered by id now. */
  get rememberedCalls(): number {
    return this.calls.size
  }

  /** One whole group: opened, filled and closed at once. */
  private group(title: string, lines: readonly string[]): void {
    this.out.startGroup(title)
    try {
      this.out.untrusted(lines)
    } finally {
      this.out.endGroup()
    }
  }
}
