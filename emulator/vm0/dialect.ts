/**
 * The two wire dialects. Handlers build camelCase bodies; the snake dialect
 * converts keys on the way out. Some values are opaque (the agent's own
 * stream event, maps keyed by user names) and keep their keys as they are.
 */
import type { Dialect } from './types.js'

const OPAQUE_KEYS = new Set(['eventData', 'volumes', 'variables'])

function snakeKey(key: string): string {
  return key.replace(/[A-Z]/g, letter => `_${letter.toLowerCase()}`)
}

function toSnake(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSnake)
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value
  const out: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) {
    out[snakeKey(key)] = OPAQUE_KEYS.has(key) ? inner : toSnake(inner)
  }
  return out
}

/** Renders a camelCase response body in the given dialect. */
export function inDialect(dialect: Dialect, body: unknown): unknown {
  return dialect === 'snake' ? toSnake(body) : body
}

/**
 * Reads a request field or query parameter. The current service knows only the
 * camelCase name; the documented one accepts its snake name too (camel first).
 */
export function pick<T>(
  dialect: Dialect,
  source: Record<string, T>,
  camelName: string
): T | undefined {
  const camel = source[camelName]
  if (camel !== undefined || dialect === 'camel') return camel
  return source[snakeKey(camelName)]
}
