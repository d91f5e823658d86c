/**
 * Protocol-neutral one-line forms, for events no protocol module has a view
 * of and for the log tail.
 */
import { isObject } from '../base/json.js'

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

/** `[type] text` for any event: its text where it has one (Codex items too), else its JSON. */
export function oneLine(event: unknown): string {
  if (!isObject(event)) return compactJson(event)
  const type = typeof event.type === 'string' ? event.type : 'event'
  const item = isObject(event.item) ? event.item : null
  const text = item
    ? (textField(item.text) ?? textField(item.command))
    : (textField(event.text) ?? textField(event.message))
  return text !== null ? `[${type}] ${text}` : `[${type}] ${compactJson(event)}`
}

function textField(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}
