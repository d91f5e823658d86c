/**
 * The core, public routes (PAT only): send a message into a thread, read the
 * thread and its messages. And the web app's thread routes: its events and
 * the files its runs published.
 */
import type { Call, Reply } from '../../vm0/http.js'
import { iso } from '../../vm0/ids.js'
import type { MessageRecord } from '../threads.js'
import { badRequest, intParam, json, jsonBody, notFound, requireUuid } from '../wire.js'
import { ownThread, takeRefusal, type PlatformContext } from './context.js'

/** `POST /api/v1/chat-threads/messages`: `{prompt, threadId}` both required. */
export function sendMessage(ctx: PlatformContext, call: Call): Reply {
  const body = jsonBody(call.body)
  if (typeof body.prompt !== 'string' || body.prompt.length < 1) {
    throw badRequest('prompt: String must contain at least 1 character(s)')
  }
  if (typeof body.threadId !== 'string') throw badRequest('threadId: Required')
  const thread = ownThread(ctx, body.threadId)
  takeRefusal(ctx)
  const sent = ctx.threads.send(thread, body.prompt, null)
  return json(201, {
    threadId: thread.id,
    messageId: sent.messageId,
    runId: sent.run?.id ?? null,
    createdAt: iso(sent.createdAt)
  })
}

/** `GET /api/v1/chat-threads/:threadId`. */
export function getThread(ctx: PlatformContext, _call: Call, id: string | undefined): Reply {
  const thread = ownThread(ctx, id)
  return json(200, {
    id: thread.id,
    title: thread.title,
    createdAt: iso(thread.createdAt),
    updatedAt: iso(thread.updatedAt)
  })
}

function messageView(message: MessageRecord): object {
  return {
    id: message.id,
    role: message.role,
    content: message.content,
    ...(message.error === undefined ? {} : { error: message.error }),
    createdAt: iso(message.createdAt)
  }
}

/** The index of the message a cursor names; 404 when the thread has none such. */
function cursorIndex(messages: MessageRecord[], id: string, name: string): number {
  requireUuid(id, name)
  const index = messages.findIndex(m => m.id === id)
  if (index < 0) throw notFound('Message not found')
  return index
}

/**
 * `GET /api/v1/chat-threads/:threadId/messages`, oldest first: after `sinceId`
 * the first `limit`; otherwise the last `limit` (before `beforeId` when given).
 */
export function listMessages(ctx: PlatformContext, call: Call, id: string | undefined): Reply {
  const thread = ownThread(ctx, id)
  const limit = intParam(call.query, 'limit', { min: 1, max: 100, fallback: 50 })
  const { sinceId, beforeId } = call.query
  const all = thread.messages
  let page: MessageRecord[]
  if (sinceId !== undefined) {
    page = all.slice(cursorIndex(all, sinceId, 'sinceId') + 1).slice(0, limit)
  } else {
    const end = beforeId === undefined ? all.length : cursorIndex(all, beforeId, 'beforeId')
    page = all.slice(Math.max(0, end - limit), end)
  }
  return json(200, { messages: page.map(messageView) })
}

/** `GET /api/chat-threads/:threadId/events`: after `sinceSeqId`, at most `limit` (≤ 50). */
export function threadEvents(ctx: PlatformContext, call: Call, id: string | undefined): Reply {
  const thread = ownThread(ctx, id)
  const since = intParam(call.query, 'sinceSeqId', {
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    fallback: 0
  })
  const limit = intParam(call.query, 'limit', { min: 1, max: 50, fallback: 50 })
  const events = thread.events
    .filter(e => e.seqId > since)
    .slice(0, limit)
    .map(e => ({
      seqId: e.seqId,
      eventType: e.eventType,
      ...(e.runId === undefined ? {} : { runId: e.runId }),
      createdAt: iso(e.createdAt),
      ...e.data
    }))
  return json(200, { events })
}

/** `GET /api/chat-threads/:threadId/artifacts`: the files each run published, with presigned URLs. */
export function threadArtifacts(ctx: PlatformContext, _call: Call, id: string | undefined): Reply {
  const thread = ownThread(ctx, id)
  const runs = thread.runIds
    .map(runId => ({ runId, files: ctx.threads.metaOf(runId)?.files ?? [] }))
    .filter(run => run.files.length > 0)
    .map(run => ({
      runId: run.runId,
      files: run.files.map(file => ctx.threads.fileView(thread, file))
    }))
  return json(200, { runs })
}
