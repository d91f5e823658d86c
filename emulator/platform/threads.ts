/**
 * Threads: a conversation with one agent, where each user message starts a
 * run of the agent (the run engine of `/v1`, so the same scripted sessions
 * play), or waits in the thread's queue while a run is active. When a run
 * ends, the thread gets the assistant's message, its events and the files
 * the run published, and the next queued message starts.
 */
import { iso, newId } from '../vm0/ids.js'
import type { RunEngine, RunRecord } from '../vm0/runs.js'
import type { RunScript } from '../vm0/types.js'
import type { PlatformAgent } from './agents.js'

export interface MessageRecord {
  id: string
  role: 'user' | 'assistant'
  content: string | null
  error?: string
  createdAt: number
}

/** One thread event; `data` holds the type's own fields (`content`, `attachFiles`, …). */
interface ThreadEvent {
  seqId: number
  eventType: string
  runId?: string
  createdAt: number
  data: Record<string, unknown>
}

export interface PublishedRecord {
  id: string
  filename: string
  contentType: string
  body: Buffer
  createdAt: number
}

export interface ThreadRecord {
  id: string
  agent: PlatformAgent
  owner: 'me' | 'other'
  title: string
  createdAt: number
  updatedAt: number
  messages: MessageRecord[]
  events: ThreadEvent[]
  runIds: string[]
  queue: Array<{ messageId: string; prompt: string; model: string | null }>
  active: RunRecord | null
  /** The session the thread's runs continue. */
  sessionId: string | null
}

/** What the platform knows of a run beyond the engine's record. */
export interface RunMeta {
  threadId: string
  messageId: string
  model: string | null
  files: PublishedRecord[]
}

/** The answer a finished run leaves: Claude Code's `result`, else Codex's last `agent_message`. */
export function answerOf(run: RunRecord): string | null {
  if (run.output !== null) return run.output
  for (const { event } of [...run.events].reverse()) {
    const e = event as { type?: unknown; item?: { type?: unknown; text?: unknown } }
    if (e.type === 'item.completed' && e.item?.type === 'agent_message') {
      if (typeof e.item.text === 'string') return e.item.text
    }
  }
  return null
}

/** Token use the agent reported last (Claude Code's `result`, Codex's `turn.completed`). */
function usageOf(run: RunRecord): Record<string, number> | null {
  for (const { event } of [...run.events].reverse()) {
    const e = event as {
      type?: unknown
      usage?: { input_tokens?: unknown; output_tokens?: unknown }
      total_cost_usd?: unknown
    }
    if ((e.type !== 'result' && e.type !== 'turn.completed') || e.usage === undefined) continue
    const usage: Record<string, number> = {}
    if (typeof e.usage.input_tokens === 'number') usage.inputTokens = e.usage.input_tokens
    if (typeof e.usage.output_tokens === 'number') usage.outputTokens = e.usage.output_tokens
    if (typeof e.total_cost_usd === 'number') usage.costUsd = e.total_cost_usd
    return usage
  }
  return null
}

const FAILURE_TEXT: Record<string, string> = {
  failed: 'Run failed',
  timeout: 'Run timed out',
  cancelled: 'Run cancelled'
}

export class Threads {
  private byId = new Map<string, ThreadRecord>()
  private meta = new Map<string, RunMeta>()
  private clientEventIds = new Set<string>()

  constructor(
    private readonly runs: RunEngine,
    /** A presigned URL of a published file on the storage origin. */
    private readonly presign: (thread: ThreadRecord, file: PublishedRecord) => string
  ) {
    runs.onFinish(run => this.finished(run))
  }

  create(agent: PlatformAgent, firstPrompt: string, owner: 'me' | 'other' = 'me'): ThreadRecord {
    const now = Date.now()
    const thread: ThreadRecord = {
      id: newId(),
      agent,
      owner,
      title: firstPrompt.slice(0, 60),
      createdAt: now,
      updatedAt: now,
      messages: [],
      events: [],
      runIds: [],
      queue: [],
      active: null,
      sessionId: null
    }
    this.byId.set(thread.id, thread)
    return thread
  }

  get(id: string): ThreadRecord | undefined {
    return this.byId.get(id)
  }

  all(): ThreadRecord[] {
    return [...this.byId.values()]
  }

  metaOf(runId: string): RunMeta | undefined {
    return this.meta.get(runId)
  }

  /** False when the id was used before (the route answers 409). */
  claimClientEventId(id: string): boolean {
    if (this.clientEventIds.has(id)) return false
    this.clientEventIds.add(id)
    return true
  }

  /** Records the user's message; starts its run now, or queues it behind the active one. */
  send(
    thread: ThreadRecord,
    prompt: string,
    model: string | null,
    script?: RunScript
  ): { messageId: string; run: RunRecord | null; createdAt: number } {
    const message: MessageRecord = { id: newId(), role: 'user', content: prompt, createdAt: now() }
    thread.messages.push(message)
    thread.updatedAt = message.createdAt
    this.addEvent(thread, 'input.prompt', undefined, { messageId: message.id, content: prompt })
    const pending = { messageId: message.id, prompt, model }
    if (thread.active !== null) {
      thread.queue.push(pending)
      return { messageId: message.id, run: null, createdAt: message.createdAt }
    }
    const run = this.startRun(thread, pending, script)
    return { messageId: message.id, run, createdAt: message.createdAt }
  }

  private startRun(
    thread: ThreadRecord,
    pending: { messageId: string; prompt: string; model: string | null },
    script?: RunScript
  ): RunRecord {
    const agent = script === undefined ? thread.agent.runAs : { ...thread.agent.runAs, script }
    const run = this.runs.start({
      agent,
      prompt: pending.prompt,
      variables: {},
      secrets: {},
      createRequestBody: { prompt: pending.prompt, model: pending.model },
      continuedSessionId: thread.sessionId,
      artifactName: null,
      artifactVersion: null,
      volumes: null
    })
    thread.active = run
    thread.runIds.push(run.id)
    this.meta.set(run.id, {
      threadId: thread.id,
      messageId: pending.messageId,
      model: pending.model,
      files: []
    })
    this.addEvent(thread, 'run.queued', run.id, {})
    return run
  }

  private addEvent(
    thread: ThreadRecord,
    eventType: string,
    runId: string | undefined,
    data: Record<string, unknown>
  ): void {
    const seqId = thread.events.length + 1
    thread.events.push({ seqId, eventType, ...(runId ? { runId } : {}), createdAt: now(), data })
  }

  /** The run's answer or error, its events and files; then the next queued message starts. */
  private finished(run: RunRecord): void {
    const meta = this.meta.get(run.id)
    const thread = meta === undefined ? undefined : this.byId.get(meta.threadId)
    if (meta === undefined || thread === undefined) return
    thread.active = null
    thread.sessionId = run.sessionId ?? thread.sessionId
    if (run.status === 'completed') this.completed(thread, run, meta)
    else this.ended(thread, run)
    thread.updatedAt = now()
    const next = thread.queue.shift()
    if (next !== undefined) this.startRun(thread, next)
  }

  private completed(thread: ThreadRecord, run: RunRecord, meta: RunMeta): void {
    const content = answerOf(run)
    const message: MessageRecord = { id: newId(), role: 'assistant', content, createdAt: now() }
    thread.messages.push(message)
    this.addEvent(thread, 'output.message', run.id, { messageId: message.id, content })
    const usage = usageOf(run)
    if (usage !== null) this.addEvent(thread, 'usage.recorded', run.id, usage)
    meta.files = (run.script.publish ?? []).map(spec => ({
      id: newId(),
      filename: spec.filename,
      contentType: spec.contentType ?? 'application/octet-stream',
      body: Buffer.from(spec.content),
      createdAt: now()
    }))
    const attachFiles = meta.files.map(file => this.fileView(thread, file))
    this.addEvent(thread, 'run.completed', run.id, attachFiles.length > 0 ? { attachFiles } : {})
  }

  private ended(thread: ThreadRecord, run: RunRecord): void {
    const error = run.error ?? FAILURE_TEXT[run.status] ?? 'Run failed'
    const message: MessageRecord = {
      id: newId(),
      role: 'assistant',
      content: null,
      error,
      createdAt: now()
    }
    thread.messages.push(message)
    if (run.status === 'cancelled') {
      this.addEvent(thread, 'run.cancelled', run.id, {})
      return
    }
    this.addEvent(thread, 'output.error', run.id, { messageId: message.id, error })
    this.addEvent(thread, 'run.failed', run.id, { error })
  }

  /** Wire shape of a published file, with a fresh presigned URL. */
  fileView(thread: ThreadRecord, file: PublishedRecord): object {
    return {
      id: file.id,
      filename: file.filename,
      contentType: file.contentType,
      size: file.body.length,
      url: this.presign(thread, file),
      createdAt: iso(file.createdAt)
    }
  }

  /** Forgets every thread and run record (the engine forgets its runs itself). */
  reset(): void {
    this.byId.clear()
    this.meta.clear()
    this.clientEventIds.clear()
  }
}

function now(): number {
  return Date.now()
}
