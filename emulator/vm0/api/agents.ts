/** `GET /v1/agents`, `/v1/agents/:id` and `/v1/agents/:id/versions`. */
import type { Call, Reply } from '../http.js'
import { notFound } from '../errors.js'
import { iso } from '../ids.js'
import { Agents, newestFirst } from '../store.js'
import type { AgentRecord } from '../store.js'
import { json, paginate, requireUuid, type ApiContext, type Target } from './common.js'

function findAgent(ctx: ApiContext, id: string): AgentRecord {
  const agent = ctx.agents.get(requireUuid(id))
  if (agent === undefined) throw notFound('agent', id)
  return agent
}

/** The agent routes; undefined when none matches. */
export function agentRoutes(ctx: ApiContext, call: Call, { id, sub }: Target): Reply | undefined {
  if (call.method !== 'GET') return undefined
  if (id === undefined) {
    const name = call.query.name
    let agents = newestFirst(ctx.agents.all())
    if (name !== undefined) agents = agents.filter(a => a.name === name.toLowerCase())
    return json(
      ctx,
      200,
      paginate(agents, call.query, a => Agents.view(a))
    )
  }
  const agent = findAgent(ctx, id)
  if (sub === undefined) return json(ctx, 200, Agents.view(agent))
  if (sub !== 'versions') return undefined
  const versions = [...agent.versions].reverse()
  return json(
    ctx,
    200,
    paginate(versions, call.query, v => ({
      id: v.id,
      agentId: agent.id,
      versionNumber: v.versionNumber,
      createdAt: iso(v.createdAt)
    }))
  )
}
