/**
 * The one door from raw agent events to the neutral model. Every run today
 * speaks Claude Code's stream-json; a Codex run's events (`thread.*`,
 * `turn.*`, `item.*`) will be told apart here and read by a `codex.ts`
 * beside claude.ts, with nothing to change in the tracker or the renderer.
 */
import { readClaudeEvent } from './claude.js'
import type { AgentEvent } from './model.js'
import { oneLine } from './one-line.js'

/** Reads one raw event (parsed JSON, or a bare string) into the neutral model. */
export function parseAgentEvent(raw: unknown): AgentEvent {
  return { items: readClaudeEvent(raw), line: oneLine(raw) }
}
