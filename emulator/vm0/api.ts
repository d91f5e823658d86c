/**
 * The `/v1` routes of the API origin, with the service's quirks: validation
 * failures answer 500, list cursors filter `id > cursor` while sorting newest
 * first, the log cursor is an exclusive timestamp, and more (see vm0-api.md).
 * The routes of each resource live in api/.
 */
import type { Call, Reply } from './http.js'
import { agentRoutes } from './api/agents.js'
import { collectionRoutes } from './api/collections.js'
import { json, type ApiContext } from './api/common.js'
import { runRoutes } from './api/runs.js'
import { ApiError, notFound } from './errors.js'

function route(ctx: ApiContext, call: Call): Reply | undefined {
  const [, resource, id, sub, extra] = call.path.split('/').filter(s => s !== '')
  if (extra !== undefined) return undefined
  const target = { id, sub }
  switch (resource) {
    case 'agents':
      return agentRoutes(ctx, call, target)
    case 'runs':
      return runRoutes(ctx, call, target)
    case 'artifacts':
      return collectionRoutes(ctx, call, ctx.artifacts, 'artifact', target)
    case 'volumes':
      return collectionRoutes(ctx, call, ctx.volumes, 'volume', target)
    default:
      return undefined
  }
}

/** Builds the handler of the API origin. */
export function apiHandler(ctx: ApiContext): (call: Call) => Reply {
  return (call: Call): Reply => {
    try {
      if (!call.path.startsWith('/v1/') && call.path !== '/v1') {
        throw notFound('route', `${call.method} ${call.path}`)
      }
      const auth = call.headers.authorization ?? ''
      const match = /^Bearer\s+(.+)$/i.exec(auth)
      if (match?.[1] !== ctx.token) {
        throw new ApiError(
          401,
          'authentication_error',
          'invalid_api_key',
          'Invalid or missing API key'
        )
      }
      const reply = route(ctx, call)
      if (reply === undefined) throw notFound('route', `${call.method} ${call.path}`)
      return reply
    } catch (error) {
      if (error instanceof ApiError) return json(ctx, error.status, error.body())
      throw error
    }
  }
}
