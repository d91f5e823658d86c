import { ActionError, NotFoundError } from './errors.js'
import type { Agent, CreateRunRequest, Run } from './vm0/types.js'

/** The calls starting a run needs from the VM0 client. */
export interface RunStarter {
  createRun(request: CreateRunRequest): Promise<Run>
  listAgents(opts?: { name?: string; maxItems?: number }): Promise<Agent[]>
}

/** What identifies the run to start; mirrors the inputs. */
export interface StartRequest {
  prompt: string
  agent: string | null
  agentId: string | null
  agentVersion: string | null
  sessionId: string | null
  checkpointId: string | null
  variables: Record<string, string>
  secrets: Record<string, string>
  volumes: Record<string, string>
  artifactName: string | null
  artifactVersion: string | null
}

/** The create body: only what the user gave, camelCase (the service drops unknown keys). */
export function createBody(req: StartRequest): CreateRunRequest {
  const body: CreateRunRequest = { prompt: req.prompt }
  if (req.agent) body.agent = req.agent
  if (req.agentId) body.agentId = req.agentId
  if (req.agentVersion) body.agentVersion = req.agentVersion
  if (req.sessionId) body.sessionId = req.sessionId
  if (req.checkpointId) body.checkpointId = req.checkpointId
  if (Object.keys(req.variables).length > 0) body.variables = req.variables
  if (Object.keys(req.secrets).length > 0) body.secrets = req.secrets
  if (Object.keys(req.volumes).length > 0) body.volumes = req.volumes
  if (req.artifactName) body.artifactName = req.artifactName
  if (req.artifactVersion && req.artifactVersion !== 'latest')
    body.artifactVersion = req.artifactVersion
  return body
}

/** Lines describing the request for the log: names only, never values of secrets. */
export function describeStart(req: StartRequest): string[] {
  const target = req.checkpointId
    ? `checkpoint ${req.checkpointId}`
    : req.sessionId
      ? `session ${req.sessionId}`
      : req.agentId
        ? `agent id ${req.agentId}`
        : `agent '${req.agent ?? ''}'`
  const lines = [`Target: ${target}${req.agentVersion ? ` (version ${req.agentVersion})` : ''}`]
  lines.push(`Prompt: ${req.prompt.length} characters`)
  const keys = (label: string, map: Record<string, string>): void => {
    const names = Object.keys(map)
    if (names.length > 0) lines.push(`${label}: ${names.join(', ')}`)
  }
  keys('Variables', req.variables)
  keys('Secrets (values masked)', req.secrets)
  keys('Volumes', req.volumes)
  if (req.artifactName) lines.push(`Output artifact: ${req.artifactName}`)
  return lines
}

/**
 * Starts the run. An unknown agent is reported with the agents that do
 * exist, so a typo is obvious. The create is never retried here once it may
 * have reached the service: a second create is a second paid run.
 */
export async function startRun(client: RunStarter, req: StartRequest): Promise<Run> {
  try {
    return await client.createRun(createBody(req))
  } catch (error) {
    if (error instanceof NotFoundError && !req.sessionId && !req.checkpointId) {
      throw await unknownAgentError(client, req, error)
    }
    throw error
  }
}

async function unknownAgentError(
  client: RunStarter,
  req: StartRequest,
  cause: NotFoundError
): Promise<ActionError> {
  const what = req.agentId
    ? `agent id '${req.agentId}' (input \`agent-id\`)`
    : `agent '${req.agent ?? ''}' (input \`agent\`)`
  const known = await knownAgents(client, req.agentId !== null)
  const rid = cause.requestId ? ` Request id ${cause.requestId}.` : ''
  return new ActionError(`VM0 has no ${what}.${known}${rid}`, { cause })
}

/** A sentence listing the agents this token can run, for the unknown-agent message. */
async function knownAgents(client: RunStarter, withIds: boolean): Promise<string> {
  let agents: Agent[]
  try {
    agents = await client.listAgents({ maxItems: 200 })
  } catch {
    return ' (The list of agents could not be read.)'
  }
  if (agents.length === 0)
    return ' This token can see no agents at all: create one with the VM0 CLI first.'
  const names = agents.map(a => (withIds ? `${a.name} (${a.id})` : a.name)).sort()
  const more = names.length > 50 ? `, and ${names.length - 50} more` : ''
  return ` Agents this token can run: ${names.slice(0, 50).join(', ')}${more}.`
}
