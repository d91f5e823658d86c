/**
 * `POST /v1/runs`: the body's checks, finding the agent (by checkpoint, session, id or name),
 * resolving volume versions, and the concurrency limit.
 */
import type { Call } from '../http.js'
import { pick } from '../dialect.js'
import { ApiError, badRequest, notFound, validationError } from '../errors.js'
import type { RunRecord } from '../runs.js'
import type { AgentRecord } from '../store.js'
import type { Dialect } from '../types.js'
import { isObject, requireUuid, type ApiContext, type Json } from './common.js'

/** The fields of a create body, checked. */
interface CreateRequest {
  body: Json
  prompt: string
  agentName: string | undefined
  agentId: string | undefined
  sessionId: string | undefined
  checkpointId: string | undefined
  artifactName: string | undefined
  artifactVersion: string | undefined
  variables: Record<string, string>
  secrets: Record<string, string>
  volumeRefs: Record<string, string> | undefined
}

function optionalString(body: Json, dialect: Dialect, key: string): string | undefined {
  const value = pick(dialect, body, key)
  // null is taken as absent: lenient where the service's schema is unknown.
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw validationError()
  return value
}

function optionalMap(body: Json, key: string): Record<string, string> | undefined {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  if (!isObject(value)) throw validationError()
  for (const inner of Object.values(value)) if (typeof inner !== 'string') throw validationError()
  return value as Record<string, string>
}

/** Parses and checks the body; any malformed field is the service's 500. */
function parseCreate(call: Call, d: Dialect): CreateRequest {
  let body: unknown
  try {
    body = JSON.parse(call.body.toString('utf8'))
  } catch {
    throw validationError()
  }
  if (!isObject(body)) throw validationError()
  const prompt = body.prompt
  if (typeof prompt !== 'string' || prompt === '') throw validationError()
  // Checked, then ignored, as the service does: the agent's current version runs.
  optionalString(body, d, 'agentVersion')
  const request: CreateRequest = {
    body,
    prompt,
    agentName: optionalString(body, d, 'agent'),
    agentId: optionalString(body, d, 'agentId'),
    sessionId: optionalString(body, d, 'sessionId'),
    checkpointId: optionalString(body, d, 'checkpointId'),
    artifactName: optionalString(body, d, 'artifactName'),
    artifactVersion: optionalString(body, d, 'artifactVersion'),
    variables: optionalMap(body, 'variables') ?? {},
    secrets: optionalMap(body, 'secrets') ?? {},
    volumeRefs: optionalMap(body, 'volumes')
  }
  for (const id of [request.agentId, request.sessionId, request.checkpointId]) {
    if (id !== undefined) requireUuid(id)
  }
  return request
}

/** The agent to run, and the session a checkpoint or session id continues. */
function resolveAgent(
  ctx: ApiContext,
  r: CreateRequest
): { agent: AgentRecord | undefined; continuedSessionId: string | null } {
  if (r.checkpointId !== undefined) {
    const checkpoint = ctx.runs.checkpoint(r.checkpointId)
    // The service's lookup throws on an unknown id, and every throw there is a 500.
    if (checkpoint === undefined) throw validationError()
    return { agent: ctx.agents.get(checkpoint.agentId), continuedSessionId: checkpoint.sessionId }
  }
  if (r.sessionId !== undefined) {
    const session = ctx.runs.session(r.sessionId)
    if (session === undefined) throw validationError()
    return { agent: ctx.agents.get(session.agentId), continuedSessionId: r.sessionId }
  }
  if (r.agentId !== undefined) {
    const agent = ctx.agents.get(r.agentId)
    if (agent === undefined) throw notFound('agent', r.agentId)
    return { agent, continuedSessionId: null }
  }
  if (r.agentName !== undefined) {
    // Names are stored lower-case and matched exactly: `My-Agent` is not `my-agent`.
    const agent = ctx.agents.findByName(r.agentName)
    if (agent === undefined) throw notFound('agent', r.agentName)
    return { agent, continuedSessionId: null }
  }
  throw badRequest(
    'missing_parameter',
    'One of agent, agentId, sessionId or checkpointId is required'
  )
}

/**
 * Volume name -> the version id that `latest` or a version reference names. As the service,
 * `volumes` only overrides versions of volumes that exist (the service: that the agent
 * declares): an unknown name is ignored silently.
 */
function resolveVolumes(
  ctx: ApiContext,
  refs: Record<string, string> | undefined
): Record<string, string> | null {
  if (refs === undefined) return null
  const volumes: Record<string, string> = {}
  for (const [name, ref] of Object.entries(refs)) {
    const volume = ctx.volumes.findByName(name)
    if (volume === undefined) continue
    const version = ref === 'latest' ? ctx.volumes.head(volume) : ctx.volumes.resolve(volume, ref)
    if (version === undefined) throw notFound('volume version', `${name}@${ref}`)
    volumes[name] = version.id
  }
  return volumes
}

/** Starts a run as `POST /v1/runs` asks, or throws the service's error. */
export function createRun(ctx: ApiContext, call: Call): RunRecord {
  const r = parseCreate(call, ctx.dialect)
  const { agent, continuedSessionId } = resolveAgent(ctx, r)
  if (agent === undefined) throw notFound('agent', r.checkpointId ?? r.sessionId ?? '')
  if (agent.versions.length === 0) {
    throw badRequest('invalid_parameter', `Agent '${agent.name}' has no versions: compose it first`)
  }
  const volumes = resolveVolumes(ctx, r.volumeRefs)
  if (ctx.runs.activeCount() >= ctx.concurrencyLimit) {
    throw new ApiError(
      429,
      'rate_limit_error',
      'concurrent_run_limit_exceeded',
      `Concurrent run limit exceeded: ${ctx.concurrencyLimit} active run(s) allowed`
    )
  }
  return ctx.runs.start({
    agent,
    prompt: r.prompt,
    variables: r.variables,
    secrets: r.secrets,
    createRequestBody: r.body,
    continuedSessionId,
    artifactName: r.artifactName ?? null,
    artifactVersion: r.artifactVersion ?? null,
    volumes
  })
}
