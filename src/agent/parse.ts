/**
 * The one door from raw agent events to the neutral model. Each event says
 * which protocol it speaks: Codex's (`thread.*`, `turn.*`, `item.*`,
 * `error`) is read by codex.ts, anything else by claude.ts, whose unknown
 * types fall back to one line. A reader is made per run, because a Codex
 * answer and its usage are told over several events.
 */
import { readClaudeEvent } from './claude.js'
import { CodexReader, isCodexEvent } from './codex.js'
import type { AgentEvent } from './model.js'
import { oneLine } from './one-line.js'

/** Reads one run's raw events (parsed JSON, or bare strings) into the neutral model, in order. */
export class AgentReader {
  private readonly codex = new CodexReader()

  read(raw: unknown): AgentEvent {
    const items = isCodexEvent(raw) ? this.codex.read(raw) : readClaudeEvent(raw)
    return { items, line: oneLine(raw) }
  }
}

/** Reads one raw event on its own (a Codex answer needs {@link AgentReader}). */
export function parseAgentEvent(raw: unknown): AgentEvent {
  return new AgentReader().read(raw)
}
