/**
 * Claude Code's stream-json events, read into the neutral model: text,
 * thinking, tool calls (with a scannable title) and their results, the
 * session start and the final result. Pure and tolerant: an event of an
 * unknown shape becomes one `other` line, never an exception.
 */
import { firstWords } from '../text/lines.js'
import { isObject } from '../base/json.js'
import type { AgentItem, AgentResult, TokenUsage } from './model.js'
import { compactJson, oneLine } from './one-line.js'

type Json = Record<string, unknown>

/** How the agent is named in group titles ("Claude: <first words>"). */
const AUTHOR = 'Claude'

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** What one Claude Code event tells, in the neutral model. */
export function readClaudeEvent(event: unknown): AgentItem[] {
  const result = extractResult(event)
  if (result) return [{ kind: 'result', result }]
  if (!isObject(event)) return [{ kind: 'other', text: oneLine(event) }]
  switch (event.type) {
    case 'assistant':
      return contentBlocks(event).flatMap(assistantBlock)
    case 'user':
      return contentBlocks(event).flatMap(toolResult)
    case 'system':
      return [systemEvent(event)]
    default:
      return [{ kind: 'other', text: oneLine(event) }]
  }
}

/** The final result of a `{"type":"result"}` event; null for any other event. */
function extractResult(event: unknown): AgentResult | null {
  if (!isObject(event) || event.type !== 'result') return null
  const subtype = str(event.subtype)
  return {
    text: str(event.result),
    costUsd: num(event.total_cost_usd) ?? num(event.cost_usd),
    numTurns: num(event.num_turns),
    durationMs: num(event.duration_ms),
    isError: event.is_error === true || (subtype !== null && subtype !== 'success'),
    subtype,
    usage: usageOf(event.usage)
  }
}

/** `usage` of Claude Code's result event: `input_tokens`, `output_tokens`, `cache_read_input_tokens`. */
function usageOf(usage: unknown): TokenUsage | null {
  if (!isObject(usage)) return null
  const input = num(usage.input_tokens)
  const output = num(usage.output_tokens)
  if (input === null && output === null) return null
  return {
    inputTokens: input ?? 0,
    outputTokens: output ?? 0,
    cacheReadTokens: num(usage.cache_read_input_tokens) ?? 0
  }
}

/** The content blocks of an assistant or user message. */
function contentBlocks(event: Json): Json[] {
  const message = event.message
  if (!isObject(message)) return []
  const content = message.content
  if (typeof content === 'string') return [{ type: 'text', text: content }]
  return Array.isArray(content) ? content.filter(isObject) : []
}

function assistantBlock(block: Json): AgentItem[] {
  if (block.type === 'text' && typeof block.text === 'string') {
    return block.text.trim() === '' ? [] : [{ kind: 'message', author: AUTHOR, text: block.text }]
  }
  if (block.type === 'tool_use') {
    const name = str(block.name) ?? 'tool'
    const subject = toolSubject(block.input)
    const title = subject ? `${name}: ${firstWords(subject, 70)}` : name
    const call: AgentItem = {
      kind: 'tool-call',
      id: str(block.id),
      name,
      title,
      input: toolInput(name, block.input)
    }
    return [subject ? { ...call, subject } : call]
  }
  if (block.type === 'thinking' && typeof block.thinking === 'string') {
    return [{ kind: 'thinking', text: block.thinking }]
  }
  return []
}

function toolResult(block: Json): AgentItem[] {
  if (block.type !== 'tool_result') return []
  const output = toolResultText(block)
  const isError = block.is_error === true
  return [
    {
      kind: 'tool-result',
      callId: str(block.tool_use_id),
      output,
      isError,
      exitCode: exitCode(output, isError)
    }
  ]
}

/** The exit code a failed Bash result starts with ("Exit code 1", "Error: Exit code 2"). */
function exitCode(output: string, isError: boolean): number | null {
  if (!isError) return null
  const m = /^(?:Error: )?Exit code (\d{1,3})\b/.exec(output)
  return m ? Number(m[1]) : null
}

function systemEvent(event: Json): AgentItem {
  if (event.subtype !== 'init') return { kind: 'other', text: oneLine(event) }
  const toolCount = Array.isArray(event.tools) ? event.tools.length : null
  return { kind: 'session', agent: 'Claude Code', model: str(event.model), toolCount }
}

const PATH_KEYS = ['file_path', 'path', 'notebook_path']

/**
 * What a tool call is about, for its scannable group title ("Bash: npm test",
 * "Edit: src/app.ts", "Grep: TODO in src/", "WebFetch: https://…") and the
 * report's chart labels: a search shows its pattern, and where it looked when
 * the call says.
 */
function toolSubject(input: unknown): string {
  const args = isObject(input) ? input : {}
  const pick = (...keys: string[]): string | null => {
    for (const key of keys) {
      const v = str(args[key])
      if (v) return v
    }
    return null
  }
  const pattern = pick('pattern', 'query')
  const where = pick(...PATH_KEYS, 'glob')
  const subject =
    pick('command') ??
    (pattern !== null ? `${firstWords(pattern, 50)}${where ? ` in ${where}` : ''}` : null) ??
    where ??
    pick('url', 'description', 'prompt') ??
    (Object.keys(args).length > 0 ? compactJson(args, 60) : '')
  return subject
}

/** Lines showing a tool's input compactly (the title already shows its main argument). */
function toolInput(name: string, input: unknown): string[] {
  if (!isObject(input)) return input === undefined ? [] : [compactJson(input)]
  const command = str(input.command)
  if (command !== null) {
    const rest = { ...input }
    delete rest.command
    return [`$ ${command}`, ...(Object.keys(rest).length > 0 ? [compactJson(rest)] : [])]
  }
  if ((name === 'Edit' || name === 'MultiEdit') && str(input.old_string) !== null) {
    const before = (str(input.old_string) ?? '').split('\n').length
    const after = (str(input.new_string) ?? '').split('\n').length
    return [`${str(input.file_path) ?? ''}: replace ${before} line(s) with ${after} line(s)`]
  }
  if (name === 'Write' && str(input.content) !== null) {
    const content = str(input.content) ?? ''
    return [`${str(input.file_path) ?? ''}: write ${content.split('\n').length} line(s)`]
  }
  return [compactJson(input)]
}

/** The text of a tool result, whatever form its content takes. */
function toolResultText(block: Json): string {
  const content = block.content
  if (typeof content === 'string') return content
  if (Array.isArray(content)) {
    return content
      .map(part =>
        isObject(part) && typeof part.text === 'string' ? part.text : compactJson(part)
      )
      .join('\n')
  }
  return content === undefined ? '' : compactJson(content)
}
