/** The web app's routes to start a thread (`POST /api/chat/events`) and to list agents. */
import type { Call, Reply } from '../../vm0/http.js'
import { PlatformAgents } from '../agents.js'
import { PlatformError, badRequest, json, jsonBody, notFound, requireUuid } from '../wire.js'
import { ownThread, takeRefusal, type PlatformContext } from './context.js'

interface ChatEvent {
  agentId: string
  prompt: string
  threadId: string | undefined
  clientEventId: string | undefined
  model: string | undefined
}

/** `userMessage: {version: 1, parts: [{type: "text", text}]}`, or 400. */
function checkUserMessage(value: unknown): void {
  const message = value as { version?: unknown; parts?: unknown } | null
  const parts: unknown = message?.parts
  const isText = (part: unknown): boolean => {
    const p = part as { type?: unknown; text?: unknown } | null
    return p?.type === 'text' && typeof p.text === 'string'
  }
  const valid =
    typeof message === 'object' &&
    message !== null &&
    message.version === 1 &&
    Array.isArray(parts) &&
    parts.length > 0 &&
    parts.every(isText)
  if (!valid) throw badRequest('userMessage: Invalid input')
}

function optionalUuid(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw badRequest(`${name}: Expected string`)
  return requireUuid(value, name)
}

function parseChatEvent(call: Call): ChatEvent {
  const body = jsonBody(call.body)
  if (typeof body.agentId !== 'string') throw badRequest('agentId: Required')
  const agentId = requireUuid(body.agentId, 'agentId')
  if (typeof body.prompt !== 'string' || body.prompt.length < 1) {
    throw badRequest('prompt: String must contain at least 1 character(s)')
  }
  checkUserMessage(body.userMessage)
  if (body.model !== undefined && typeof body.model !== 'string') {
    throw badRequest('model: Expected string')
  }
  return {
    agentId,
    prompt: body.prompt,
    threadId: optionalUuid(body.threadId, 'threadId'),
    clientEventId: optionalUuid(body.clientEventId, 'clientEventId'),
    model: body.model
  }
}

/**
 * `POST /api/chat/events`: a message to the agent, in a new thread when no
 * `threadId` is given. A reused `clientEventId` is a 409, so a retried send
 * never starts a second run. A new thread needs a model: the message's, else
 * the agent's selected one (422 NO_MODEL_PROVIDER when neither).
 */
export function chatEvent(ctx: PlatformContext, call: Call): Reply {
  const event = parseChatEvent(call)
  const agent = ctx.agents.get(event.agentId)
  if (agent === undefined) throw notFound('Agent not found')
  const existing = event.threadId === undefined ? undefined : ownThread(ctx, event.threadId)
  if (existing !== undefined && existing.agent.id !== agent.id) {
    throw badRequest('The thread belongs to another agent')
  }
  if (existing === undefined && event.model === undefined && agent.selectedModel === null) {
    throw new PlatformError(422, 'NO_MODEL_PROVIDER', 'No model provider configured')
  }
  if (event.clientEventId !== undefined && !ctx.threads.claimClientEventId(event.clientEventId)) {
    throw new PlatformError(409, 'CONFLICT', 'Event already exists')
  }
  takeRefusal(ctx)
  const thread = existing ?? ctx.threads.create(agent, event.prompt)
  const sent = ctx.threads.send(thread, event.prompt, event.model ?? null)
  return json(201, { runId: sent.run?.id ?? null, threadId: thread.id })
}

/** `GET /api/agents` (a bare array) and `GET /api/agents/:id`. */
export function agents(ctx: PlatformContext, _call: Call, id: string | undefined): Reply {
  if (id === undefined)
    return json(
      200,
      ctx.agents.all().map(agent => PlatformAgents.view(agent))
    )
  const agent = ctx.agents.get(id)
  if (agent === undefined) throw notFound('Agent not found')
  return json(200, PlatformAgents.view(agent))
}
