/**
 * The platform routes by path and method, in the order the service checks a
 * request: an unknown path or method is the bare 404; a removed route answers
 * as removed; some routes reject a non-UUID id before authenticating; then
 * the token; then the route.
 */
import type { Call, Reply } from '../vm0/http.js'
import { agents, chatEvent } from './routes/chat.js'
import type { PlatformContext } from './routes/context.js'
import { cancel, network, runDetail, telemetry } from './routes/runs.js'
import {
  getThread,
  listMessages,
  sendMessage,
  threadArtifacts,
  threadEvents
} from './routes/threads.js'
import type { PlatformRoute } from './types.js'
import { PlatformError, bareNotFound, bearer, requireUuid, unauthorized } from './wire.js'

interface RouteSpec {
  name: PlatformRoute
  method: 'GET' | 'POST'
  /** The first group, if any, is the route's id. */
  pattern: RegExp
  /** The id is checked (400 when not a UUID) before the token is. */
  idBeforeAuth?: boolean
  handle: (ctx: PlatformContext, call: Call, id: string | undefined) => Reply
}

const ROUTES: readonly RouteSpec[] = [
  {
    name: 'send-message',
    method: 'POST',
    pattern: /^\/api\/v1\/chat-threads\/messages$/,
    handle: sendMessage
  },
  {
    name: 'messages',
    method: 'GET',
    pattern: /^\/api\/v1\/chat-threads\/([^/]+)\/messages$/,
    handle: listMessages
  },
  {
    name: 'thread',
    method: 'GET',
    pattern: /^\/api\/v1\/chat-threads\/([^/]+)$/,
    handle: getThread
  },
  { name: 'chat-events', method: 'POST', pattern: /^\/api\/chat\/events$/, handle: chatEvent },
  {
    name: 'agents',
    method: 'GET',
    pattern: /^\/api\/agents(?:\/([^/]+))?$/,
    idBeforeAuth: true,
    handle: agents
  },
  {
    name: 'run',
    method: 'GET',
    pattern: /^\/api\/runs\/([^/]+)$/,
    idBeforeAuth: true,
    handle: runDetail
  },
  {
    name: 'telemetry',
    method: 'GET',
    pattern: /^\/api\/runs\/([^/]+)\/telemetry\/agent$/,
    idBeforeAuth: true,
    handle: telemetry
  },
  {
    name: 'network',
    method: 'GET',
    pattern: /^\/api\/runs\/([^/]+)\/network$/,
    idBeforeAuth: true,
    handle: network
  },
  {
    name: 'cancel',
    method: 'POST',
    pattern: /^\/api\/runs\/([^/]+)\/cancel$/,
    idBeforeAuth: true,
    handle: cancel
  },
  {
    name: 'thread-events',
    method: 'GET',
    pattern: /^\/api\/chat-threads\/([^/]+)\/events$/,
    idBeforeAuth: true,
    handle: threadEvents
  },
  {
    name: 'artifacts',
    method: 'GET',
    pattern: /^\/api\/chat-threads\/([^/]+)\/artifacts$/,
    idBeforeAuth: true,
    handle: threadArtifacts
  }
]

function match(path: string): { spec: RouteSpec; id: string | undefined } | undefined {
  for (const spec of ROUTES) {
    const found = spec.pattern.exec(path)
    if (found !== null)
      return { spec, id: found[1] === undefined ? undefined : decodeURIComponent(found[1]) }
  }
  return undefined
}

/** The route a path names, whatever the method; null for any other path. */
export function routeOf(path: string): PlatformRoute | null {
  return match(path)?.spec.name ?? null
}

/** The PAT, or the service's 401: `API key required` when the public routes get no header. */
function authenticate(ctx: PlatformContext, call: Call): void {
  const token = bearer(call.headers)
  if (token === undefined && call.path.startsWith('/api/v1/'))
    throw unauthorized('API key required')
  if (token !== ctx.pat) throw unauthorized()
}

/** Builds the handler of the platform surface; any path it does not serve is the bare 404. */
export function platformHandler(ctx: PlatformContext): (call: Call) => Reply {
  return call => {
    const found = match(call.path)
    if (found === undefined || found.spec.method !== call.method) return bareNotFound()
    const { spec, id } = found
    const removed =
      spec.name === 'send-message' || spec.name === 'thread' || spec.name === 'messages'
        ? undefined
        : ctx.missing.get(spec.name)
    if (removed === 405) return { status: 405, headers: { allow: '' } }
    if (removed === 404) return bareNotFound()
    try {
      if (spec.idBeforeAuth === true && id !== undefined) requireUuid(id, 'id')
      authenticate(ctx, call)
      return spec.handle(ctx, call, id)
    } catch (error) {
      if (error instanceof PlatformError) return error.reply()
      throw error
    }
  }
}
