/**
 * Reading Claude Code stream-json events (and, loosely, Codex-style ones):
 * what a tool call was about, what a tool returned, and the final result.
 * Everything here is pure and tolerant: an event of an unknown shape yields
 * a one-line form, never an exception.
 */
import { firstWords } from '../text/lines.js'
import { isObject } from '../base/json.js'

/** What the agent's final `result` event reports. */
export interface FinalResult {
  text: string | null
  costUsd: number | null
  numTurns: number | null
  durationMs: number | null
  isError: boolean
  subtype: string | null
}

type Json = Record<string, unknown>

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** The event's `type`, or null when it has none. */
export function eventType(event: unknown): string | null {
  return isObject(event) ? str(event.type) : null
}

/** The final result of a `{"type":"result"}` event; null for any other event. */
export function extractResult(event: unknown): FinalResult | null {
  if (!isObject(event) || event.type !== 'result') return null
  const subtype = str(event.subtype)
  return {
    text: str(event.result),
    costUsd: num(event.total_cost_usd) ?? num(event.cost_usd),
    numTurns: num(event.num_turns),
    durationMs: num(event.duration_ms),
    isError: event.is_error === true || (subtype !== null && subtype !== 'success'),
    subtype
  }
}

/** The content blocks of an assistant or user message. */
export function contentBlocks(event: Json): Json[] {
  const message = event.message
  if (!isObject(message)) return []
  const content = message.content
  if (typeof content === 'string') return [{ type: 'text', text: content }]
  return Array.isArray(content) ? content.filter(isObject) : []
}

/** JSON on one line, cut to `max` characters. */
export function compactJson(value: unknown, max = 300): string {
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > max ? `${text.slice(0, max)}…` : text
}

const PATH_KEYS = ['file_path', 'path', 'notebook_path']

/**
 * A scannable group title for a tool call: "Bash: npm test", "Edit: src/app.ts",
 * "Grep: TODO", "WebFetch: https://…".
 */
export function toolTitle(name: string, input: unknown): string {
  const args = isObject(input) ? input : {}
  const pick = (...keys: string[]): string | null => {
    for (const key of keys) {
      const v = str(args[key])
      if (v) return v
    }
    return null
  }
  const subject =
    pick('command') ??
    pick(...PATH_KEYS) ??
    pick('pattern', 'query', 'url', 'description', 'prompt') ??
    (Object.keys(args).length > 0 ? compactJson(args, 60) : '')
  return subject ? `${name}: ${firstWords(subject, 70)}` : name
}

/** Lines showing a tool's input compactly (the title already shows its main argument). */
export function toolInputLines(name: string, input: unknown): string[] {
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
export function toolResultText(block: Json): string {
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

/** A one-line form for events the renderer has no special view of (Codex items, unknown types). */
export function oneLine(event: unknown): string {
  if (!isObject(event)) return compactJson(event)
  const type = str(event.type) ?? 'event'
  const item = isObject(event.item) ? event.item : null
  const text = item
    ? (str(item.text) ?? str(item.command))
    : (str(event.text) ?? str(event.message))
  return text !== null ? `[${type}] ${text}` : `[${type}] ${compactJson(event)}`
}
