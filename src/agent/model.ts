/**
 * The neutral model of what an agent did, whatever protocol it speaks. The
 * protocol modules (claude.ts; codex.ts when it comes) turn raw events into
 * it; the tracker and the renderer read only this.
 */

/** What the agent's final result reports. */
export interface AgentResult {
  text: string | null
  costUsd: number | null
  numTurns: number | null
  durationMs: number | null
  isError: boolean
  /** The protocol's name for how it ended (Claude Code: `success`, `error_max_turns`, …). */
  subtype: string | null
  /** Tokens the run used, when the protocol reports them. */
  usage: TokenUsage | null
}

/** Token counts from the agent's final result (Claude) or its turns (Codex). */
export interface TokenUsage {
  /** Input tokens not read from the cache (Claude Code: `input_tokens`). */
  inputTokens: number | null
  outputTokens: number | null
  cacheReadTokens: number | null
}

/** One thing an event tells; an event may tell several (a turn with text and tool calls). */
export type AgentItem =
  /** Text the agent wrote; `author` names the agent for the group title ("Claude"). */
  | { kind: 'message'; author: string; text: string }
  | { kind: 'thinking'; text: string }
  /** A tool call: `title` is a scannable summary, `input` the input shown compactly. */
  | { kind: 'tool-call'; id: string | null; name: string; title: string; input: string[] }
  /** What a tool returned, tied to its call by `callId` when the protocol says. */
  | { kind: 'tool-result'; callId: string | null; output: string; isError: boolean }
  /** The agent's session began. */
  | { kind: 'session'; model: string | null; toolCount: number }
  | { kind: 'result'; result: AgentResult }
  /** Anything the model has no view of, as one line. */
  | { kind: 'other'; text: string }

/** One raw event, read once. */
export interface AgentEvent {
  items: AgentItem[]
  /** The whole event on one line, for the log tail of the job summary. */
  line: string
}

/** The final result an event carries, if it is the result event. */
export function resultOf(event: AgentEvent): AgentResult | null {
  for (const item of event.items) if (item.kind === 'result') return item.result
  return null
}
