/**
 * Codex's `codex exec --json` events, read into the neutral model: commands
 * as tool calls titled with the command (their output and exit code as the
 * result), messages as text, reasoning as thinking, file changes listed,
 * and each `turn.completed` as a result whose text is the last
 * `agent_message` and whose usage is summed over the turns. Tolerant: an
 * event of an unknown shape becomes one `other` line, never an exception.
 */
import { isObject } from '../base/json.js'
import { firstWords } from '../text/lines.js'
import type { AgentItem, AgentResult, FileChange, TokenUsage } from './model.js'
import { compactJson, oneLine } from './one-line.js'

type Json = Record<string, unknown>

/** How the agent is named in the log ("Codex: <first words>"). */
const AUTHOR = 'Codex'
/** Longest command shown whole in a title; a longer one is also shown whole in the group. */
const TITLE_CHARS = 70

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** True for the event types `codex exec --json` prints (and Claude Code never does). */
export function isCodexEvent(event: unknown): boolean {
  if (!isObject(event) || typeof event.type !== 'string') return false
  return /^(thread|turn|item)\./.test(event.type) || event.type === 'error'
}

/**
 * Reads one run's Codex events in order. It keeps what a later event needs:
 * the last agent message (the answer) and the usage of the turns so far.
 */
export class CodexReader {
  private lastMessage: string | null = null
  private usage: TokenUsage | null = null
  private turns = 0

  read(event: unknown): AgentItem[] {
    if (!isObject(event)) return [{ kind: 'other', text: oneLine(event) }]
    switch (event.type) {
      case 'thread.started':
        return [{ kind: 'session', agent: 'Codex', model: str(event.model), toolCount: null }]
      case 'turn.started':
        return []
      case 'turn.completed':
        this.turns++
        this.addUsage(event.usage)
        return [{ kind: 'result', result: this.result(false, 'turn.completed') }]
      case 'turn.failed':
        this.turns++
        return [
          {
            kind: 'other',
            text: `✖ Codex turn failed: ${errorText(event.error) ?? 'no reason given'}`
          },
          { kind: 'result', result: this.result(true, 'turn.failed') }
        ]
      case 'error':
        return [{ kind: 'other', text: `✖ Codex error: ${errorText(event) ?? compactJson(event)}` }]
      case 'item.started':
      case 'item.updated':
      case 'item.completed':
        return isObject(event.item)
          ? this.item(event.item, event.type)
          : [{ kind: 'other', text: oneLine(event) }]
      default:
        return [{ kind: 'other', text: oneLine(event) }]
    }
  }

  private item(item: Json, phase: string): AgentItem[] {
    const done = phase === 'item.completed'
    switch (item.type) {
      case 'command_execution':
        return phase === 'item.updated' ? [] : commandItems(item, done)
      case 'agent_message': {
        const text = str(item.text)
        if (!done || text === null || text.trim() === '') return []
        this.lastMessage = text
        return [{ kind: 'message', author: AUTHOR, text }]
      }
      case 'reasoning': {
        const text = str(item.text)
        return done && text !== null && text.trim() !== '' ? [{ kind: 'thinking', text }] : []
      }
      case 'file_change':
        return done ? [fileChange(item)] : []
      default:
        return done ? otherItem(item) : []
    }
  }

  private addUsage(usage: unknown): void {
    if (!isObject(usage)) return
    const input = num(usage.input_tokens)
    const output = num(usage.output_tokens)
    if (input === null && output === null) return
    const sum = this.usage ?? { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0 }
    this.usage = {
      inputTokens: sum.inputTokens + (input ?? 0),
      outputTokens: sum.outputTokens + (output ?? 0),
      cacheReadTokens: sum.cacheReadTokens + (num(usage.cached_input_tokens) ?? 0)
    }
  }

  private result(isError: boolean, subtype: string): AgentResult {
    return {
      text: this.lastMessage,
      costUsd: null,
      numTurns: this.turns,
      durationMs: null,
      isError,
      subtype,
      usage: this.usage
    }
  }
}

/** `{message}` or a bare string, as Codex gives errors. */
function errorText(error: unknown): string | null {
  if (typeof error === 'string') return error
  return isObject(error) ? str(error.message) : null
}

/** The command a shell wrapper runs: `bash -lc 'npm test'` → `npm test`. */
export function unwrapCommand(command: string): string {
  const m = /^(?:\/\S*\/)?(?:ba|z)?sh -l?c (?:'([\s\S]*)'|"([\s\S]*)"|(\S[\s\S]*))$/.exec(
    command.trim()
  )
  if (!m) return command
  return m[1] ?? m[2] ?? m[3] ?? command
}

function commandText(item: Json): string {
  const command = item.command
  if (typeof command === 'string') return unwrapCommand(command)
  if (Array.isArray(command)) return unwrapCommand(command.map(String).join(' '))
  return '(command)'
}

/** A command as a call (started) and, once completed, its result. */
function commandItems(item: Json, done: boolean): AgentItem[] {
  const command = commandText(item)
  const id = str(item.id)
  const title = `$ ${firstWords(command, TITLE_CHARS)}`
  const shownWhole = firstWords(command, TITLE_CHARS) === command.trim()
  const call: AgentItem = {
    kind: 'tool-call',
    id,
    name: 'command',
    title,
    input: shownWhole ? [] : [`$ ${command}`],
    subject: command
  }
  if (!done) return [call]
  const exitCode = num(item.exit_code)
  const failed = (exitCode !== null && exitCode !== 0) || item.status === 'failed'
  const output = str(item.aggregated_output) ?? ''
  return [call, { kind: 'tool-result', callId: id, output, isError: failed, exitCode }]
}

function fileChange(item: Json): AgentItem {
  const changes: FileChange[] = (Array.isArray(item.changes) ? item.changes : [])
    .filter(isObject)
    .map(c => ({ kind: str(c.kind) ?? 'change', path: str(c.path) ?? '(unknown path)' }))
  return { kind: 'file-change', changes, failed: item.status === 'failed' }
}

/** Items the model has no kind for, each as one line that says what happened. */
function otherItem(item: Json): AgentItem[] {
  switch (item.type) {
    case 'web_search':
      return [{ kind: 'other', text: `Web search: ${str(item.query) ?? ''}` }]
    case 'mcp_tool_call':
      return [
        {
          kind: 'other',
          text: `MCP ${str(item.server) ?? '?'}/${str(item.tool) ?? '?'}${item.status === 'failed' ? ' (failed)' : ''}`
        }
      ]
    case 'file_read':
    case 'file_edit':
    case 'file_write': {
      const verb = item.type === 'file_read' ? 'Read' : item.type === 'file_edit' ? 'Edit' : 'Write'
      return [{ kind: 'other', text: `${verb}: ${str(item.path) ?? compactJson(item, 120)}` }]
    }
    case 'todo_list': {
      const todos = (Array.isArray(item.items) ? item.items : []).filter(isObject)
      const done = todos.filter(t => t.completed === true).length
      return [{ kind: 'other', text: `Plan: ${done}/${todos.length} done` }]
    }
    case 'error':
      return [{ kind: 'other', text: `✖ Codex error: ${str(item.message) ?? compactJson(item)}` }]
    default:
      return [{ kind: 'other', text: `[${str(item.type) ?? 'item'}] ${compactJson(item)}` }]
  }
}
