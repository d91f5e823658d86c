/**
 * The neutral model of what an agent did, whatever protocol it speaks. The
 * protocol modules (claude.ts, codex.ts) turn raw events into it; the
 * tracker and the renderer read only this.
 */

/** Token counts as the agent reports them (each protocol counts in its own way). */
export interface TokenUsage {
  /** Input tokens (Claude Code: not counting cache reads; Codex: counting them). */
  inputTokens: number
  outputTokens: number
  /** Input tokens read from the prompt cache. */
  cacheReadTokens: number
}

/** What the agent's final result reports. */
export interface AgentResult {
  text: string | null
  costUsd: number | null
  numTurns: number | null
  durationMs: number | null
  isError: boolean
  /** The protocol's name for how it ended (Claude Code: `success`, `error_max_turns`, …; Codex: `turn.completed`, `turn.failed`). */
  subtype: string | null
  /** Tokens the run used, when the protocol reports them. */
  usage: TokenUsage | null
}

/** One file a change touched: `kind` as the agent says it (`add`, `update`, `delete`, …). */
export interface FileChange {
  kind: string
  path: string
}

/** One thing an event tells; an event may tell several (a turn with text and tool calls). */
export type AgentItem =
  /** Text the agent wrote; `author` names the agent ("Claude", "Codex"). */
  | { kind: 'message'; author: string; text: string }
  | { kind: 'thinking'; text: string }
  /**
   * A tool call: `title` is a scannable summary, `input` the input shown
   * compactly, `subject` its main argument whole (the path, the command, the
   * URL), for the report's chart labels.
   */
  | {
      kind: 'tool-call'
      id: string | null
      name: string
      title: string
      input: string[]
      subject?: string
    }
  /**
   * What a tool returned, tied to its call by `callId` when the protocol says;
   * `exitCode` when the tool was a command that reported one.
   */
  | {
      kind: 'tool-result'
      callId: string | null
      output: string
      isError: boolean
      exitCode: number | null
    }
  /** Files the agent changed (Codex `file_change`). */
  | { kind: 'file-change'; changes: FileChange[]; failed: boolean }
  /** The agent's session began: `agent` names the agent ("Claude Code", "Codex"). */
  | { kind: 'session'; agent: string; model: string | null; toolCount: number | null }
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
