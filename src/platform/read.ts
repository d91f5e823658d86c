/**
 * Reading the platform's answers (docs/platform-api.md) into the action's
 * types: each reader answers null when the body is not the expected shape,
 * and whatever the platform may omit becomes null. Statuses are cleaned
 * (vm0/types.ts) and ids and timestamps checked as the /v1 reader checks
 * them (vm0/normalize.ts), since they go into URL paths and the action's own
 * lines: an id holding a line break or `::` is dropped, never printed.
 */
import { isObject } from '../base/json.js'
import { idStr, time } from '../vm0/normalize.js'
import { cleanStatus, type Run } from '../vm0/types.js'
import type {
  AgentEvent,
  AgentEventPage,
  NetworkLine,
  NetworkPage,
  PlatformAgent,
  PublishedFile,
  SentMessage,
  ThreadMessage
} from './types.js'

/** One event of a thread (`GET /api/chat-threads/:id/events`). */
export interface ThreadEvent {
  seqId: number
  eventType: string
  runId: string | null
  /** `output.message`: the answer text. */
  content: string | null
  /** `run.failed`: the error. */
  error: string | null
  /** `run.completed`: the files the agent attached. */
  attachFiles: PublishedFile[]
  /** `usage.recorded`: the whole event, for the figures it carries. */
  data: Record<string, unknown>
}

/** The files published for one run of a thread. */
export interface RunFiles {
  runId: string
  files: PublishedFile[]
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** A list at the top or under one of `keys`. */
function listOf(body: unknown, ...keys: string[]): unknown[] | null {
  if (Array.isArray(body)) return body as unknown[]
  if (!isObject(body)) return null
  for (const key of keys) {
    const value = body[key]
    if (Array.isArray(value)) return value as unknown[]
  }
  return null
}

export function readAgents(body: unknown): PlatformAgent[] | null {
  const list = listOf(body, 'agents', 'data')
  if (list === null) return null
  return list.flatMap(item => {
    if (!isObject(item)) return []
    const id = idStr(item, 'agentId', 'id')
    if (id === null) return []
    return [{ id, displayName: str(item['displayName']) ?? str(item['name']) ?? '' }]
  })
}

export function readSent(body: unknown): SentMessage | null {
  if (!isObject(body)) return null
  const threadId = idStr(body, 'threadId')
  if (threadId === null) return null
  // A run id that is there but not an id makes the answer unusable: a run would go unseen.
  const runId = idStr(body, 'runId')
  if (runId === null && body['runId'] != null) return null
  return { threadId, messageId: idStr(body, 'messageId'), runId }
}

export function readMessages(body: unknown): ThreadMessage[] | null {
  const list = listOf(body, 'messages')
  if (list === null) return null
  return list.flatMap(item => {
    if (!isObject(item)) return []
    const id = idStr(item, 'id')
    if (id === null) return []
    const error = item['error']
    return [
      {
        id,
        role: cleanStatus(str(item['role'])),
        content: typeof item['content'] === 'string' ? item['content'] : null,
        error: str(error) ?? (isObject(error) ? str(error['message']) : null),
        createdAt: time(item, 'createdAt')
      }
    ]
  })
}

/** `GET /api/runs/:id` as a `Run`; null when it is not that run. */
export function readRun(body: unknown, runId: string): Run | null {
  if (!isObject(body)) return null
  const id = idStr(body, 'runId', 'id')
  if (id !== runId) return null
  const result = isObject(body['result']) ? body['result'] : {}
  const error = body['error']
  return {
    id,
    agentId: idStr(body, 'agentId'),
    agentName: str(body['agentDisplayName']) ?? str(body['agentName']),
    status: cleanStatus(str(body['status'])),
    prompt: str(body['prompt']),
    createdAt: time(body, 'createdAt'),
    startedAt: time(body, 'startedAt'),
    completedAt: time(body, 'completedAt'),
    error: str(error) ?? (isObject(error) ? str(error['message']) : null),
    executionTimeMs: num(result['executionTimeMs']),
    // The platform's session and checkpoint are its own: no input takes them back (a thread
    // goes on through `thread-id`), so the outputs stay empty rather than invite a chain that fails.
    checkpointId: null,
    sessionId: null,
    artifactName: null,
    artifactVersion: null,
    output: typeof result['output'] === 'string' ? result['output'] : null
  }
}

export function readAgentEvents(body: unknown): AgentEventPage | null {
  const list = listOf(body, 'events')
  if (list === null) return null
  const events: AgentEvent[] = list.flatMap(item => {
    if (!isObject(item)) return []
    const sequenceNumber = num(item['sequenceNumber'])
    if (sequenceNumber === null) return []
    return [
      {
        sequenceNumber,
        eventType: str(item['eventType']) ?? 'unknown',
        eventData: item['eventData'],
        createdAt: time(item, 'createdAt')
      }
    ]
  })
  const b = isObject(body) ? body : {}
  return { events, hasMore: b['hasMore'] === true, framework: str(b['framework']) }
}

export function readNetwork(body: unknown): NetworkPage | null {
  const list = listOf(body, 'networkLogs')
  if (list === null) return null
  const lines: NetworkLine[] = list.flatMap(item => {
    if (!isObject(item)) return []
    const timestamp = time(item, 'timestamp')
    if (timestamp === null) return []
    return [
      {
        timestamp,
        action: str(item['action']),
        host: str(item['host']),
        method: str(item['method']) ?? 'GET',
        url: str(item['url']) ?? '',
        status: num(item['status']),
        latencyMs: num(item['latency_ms']) ?? num(item['latencyMs'])
      }
    ]
  })
  const b = isObject(body) ? body : {}
  return { lines, hasMore: b['hasMore'] === true, nextCursor: str(b['nextCursor']) }
}

function readFile(item: unknown): PublishedFile | null {
  if (!isObject(item)) return null
  const url = str(item['url'])
  const filename = str(item['filename']) ?? str(item['name'])
  if (url === null || filename === null) return null
  return {
    id: idStr(item, 'id') ?? filename,
    filename,
    contentType: str(item['contentType']),
    size: num(item['size']),
    url,
    createdAt: time(item, 'createdAt')
  }
}

function readFiles(value: unknown): PublishedFile[] {
  return Array.isArray(value) ? value.flatMap(f => readFile(f) ?? []) : []
}

export function readThreadEvents(body: unknown): ThreadEvent[] | null {
  const list = listOf(body, 'events')
  if (list === null) return null
  return list.flatMap(item => {
    if (!isObject(item)) return []
    const seqId = num(item['seqId'])
    if (seqId === null) return []
    const error = item['error']
    return [
      {
        seqId,
        eventType: str(item['eventType']) ?? 'unknown',
        runId: idStr(item, 'runId'),
        content: typeof item['content'] === 'string' ? item['content'] : null,
        error: str(error) ?? (isObject(error) ? str(error['message']) : null),
        attachFiles: readFiles(item['attachFiles']),
        data: item
      }
    ]
  })
}

export function readArtifacts(body: unknown): RunFiles[] | null {
  const list = listOf(body, 'runs')
  if (list === null) return null
  return list.flatMap(item => {
    if (!isObject(item)) return []
    const runId = idStr(item, 'runId')
    return runId === null ? [] : [{ runId, files: readFiles(item['files']) }]
  })
}
