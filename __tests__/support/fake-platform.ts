/**
 * A scripted platform client for in-process tests of the pipeline: each call
 * is recorded, and answers come from plain values, errors, or functions set
 * by the test.
 */
import type { PlatformActionClient } from '../../src/main.js'
import { RouteMissingError } from '../../src/platform/errors.js'
import type { RunFiles, ThreadEvent } from '../../src/platform/read.js'
import type {
  AgentEventPage,
  NetworkPage,
  PlatformAgent,
  SentMessage,
  ThreadMessage
} from '../../src/platform/types.js'
import type { Run } from '../../src/vm0/types.js'
import { aRun } from './fake-vm0.js'

export const THREAD_ID = '22222222-3333-4444-8555-666666666666'
export const AGENT_ID = '33333333-4444-4555-8666-777777777777'
export const MESSAGE_ID = '44444444-5555-4666-8777-888888888888'

type Answer<T> = T | Error | (() => T | Error)

function answer<T>(value: Answer<T>): T {
  const v = typeof value === 'function' ? (value as () => T | Error)() : value
  if (v instanceof Error) throw v
  return v
}

/** The error the client throws for a route the platform lacks. */
export function missing(route: string): RouteMissingError {
  return new RouteMissingError(route, 'lost in this test')
}

export class FakePlatform implements PlatformActionClient {
  readonly calls: string[] = []
  agents: Answer<PlatformAgent[]> = [{ id: AGENT_ID, displayName: 'Reviewer' }]
  sent: Answer<SentMessage> = { threadId: THREAD_ID, messageId: null, runId: aRun().id }
  run: Answer<Run> = aRun()
  cancelled: Answer<Run> = aRun({ status: 'cancelled' })
  messages: Answer<ThreadMessage[]> = []
  /** Answers of `threadEvents`, one per call (the last repeats). */
  events: Array<Answer<ThreadEvent[]>> = [[]]
  artifacts: Answer<RunFiles[]> = []
  /** Runs inside a send, e.g. to abort the workflow while it is in flight. */
  onSend: () => void = () => {}

  async listAgents(): Promise<PlatformAgent[]> {
    this.calls.push('listAgents')
    return answer(this.agents)
  }
  async sendMessage(req: { threadId: string; prompt: string }): Promise<SentMessage> {
    this.calls.push(`sendMessage ${req.threadId} ${req.prompt}`)
    this.onSend()
    return answer(this.sent)
  }
  async startThread(req: {
    agentId: string
    prompt: string
    model: string | null
  }): Promise<SentMessage> {
    this.calls.push(`startThread ${req.agentId} ${req.model ?? '-'} ${req.prompt}`)
    this.onSend()
    return answer(this.sent)
  }
  async threadEvents(
    threadId: string,
    query: { sinceSeqId: number | null }
  ): Promise<ThreadEvent[]> {
    this.calls.push(`threadEvents ${query.sinceSeqId ?? 'start'}`)
    const next = this.events.length > 1 ? this.events.shift() : this.events[0]
    return answer(next ?? [])
  }
  async threadMessages(
    threadId: string,
    query?: { sinceId?: string | null }
  ): Promise<ThreadMessage[]> {
    this.calls.push(`threadMessages ${query?.sinceId ?? 'start'}`)
    return answer(this.messages)
  }
  async threadArtifacts(): Promise<RunFiles[]> {
    this.calls.push('threadArtifacts')
    return answer(this.artifacts)
  }
  async getRun(id: string): Promise<Run> {
    this.calls.push(`getRun ${id}`)
    return answer(this.run)
  }
  async cancelRun(id: string): Promise<Run> {
    this.calls.push(`cancelRun ${id}`)
    return answer(this.cancelled)
  }
  async agentEvents(): Promise<AgentEventPage> {
    this.calls.push('agentEvents')
    return { events: [], hasMore: false, framework: null }
  }
  async networkLines(): Promise<NetworkPage> {
    this.calls.push('networkLines')
    return { lines: [], hasMore: false, nextCursor: null }
  }
  authorizationFor(): string | null {
    return null
  }
}

/** A thread event as the client reads it. */
export function threadEvent(seqId: number, eventType: string, runId: string | null): ThreadEvent {
  return { seqId, eventType, runId, content: null, error: null, attachFiles: [], data: {} }
}
