/** Platform agents: a UUID and a display name (no `name`), the framework they run and their script. */
import { isUuid, newId } from '../vm0/ids.js'
import type { AgentRecord } from '../vm0/store.js'
import type { RunScript } from '../vm0/types.js'
import type { Framework, PlatformAgentSeed } from './types.js'

export interface PlatformAgent {
  id: string
  displayName: string
  description: string
  selectedModel: string | null
  framework: Framework
  /** What the run engine runs: shares the id, and the script `setScript` replaces. */
  runAs: AgentRecord
}

export class PlatformAgents {
  private byId = new Map<string, PlatformAgent>()

  add(seed: PlatformAgentSeed): PlatformAgent {
    const id = seed.id ?? newId()
    if (!isUuid(id)) throw new Error(`agent id must be a UUID, got '${id}'`)
    if (this.byId.has(id)) throw new Error(`agent '${id}' already exists`)
    const now = Date.now()
    const agent: PlatformAgent = {
      id,
      displayName: seed.displayName,
      description: seed.description ?? '',
      selectedModel: seed.selectedModel === undefined ? 'claude-sonnet-4-5' : seed.selectedModel,
      framework: seed.framework ?? 'claude-code',
      runAs: {
        id,
        name: seed.displayName,
        createdAt: now,
        updatedAt: now,
        versions: [],
        script: seed.script
      }
    }
    this.byId.set(id, agent)
    return agent
  }

  get(id: string): PlatformAgent | undefined {
    return this.byId.get(id)
  }

  /** By id, else by exact display name (the emulator's convenience; the service has no such lookup). */
  find(idOrName: string): PlatformAgent | undefined {
    return this.byId.get(idOrName) ?? this.all().find(a => a.displayName === idOrName)
  }

  all(): PlatformAgent[] {
    return [...this.byId.values()]
  }

  setScript(agent: PlatformAgent, script: RunScript): void {
    agent.runAs.script = script
  }

  /** Wire shape (`GET /api/agents`, `/api/agents/:id`). */
  static view(agent: PlatformAgent): object {
    return {
      agentId: agent.id,
      displayName: agent.displayName,
      description: agent.description,
      selectedModel: agent.selectedModel,
      visibility: 'private',
      createdAt: new Date(agent.runAs.createdAt).toISOString(),
      updatedAt: new Date(agent.runAs.updatedAt).toISOString()
    }
  }
}
