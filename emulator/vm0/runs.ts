/**
 * Runs: their lifecycle (queued → pending → running → final) driven by a
 * script's timeline, the logs and agent events they produce, and what a
 * successful run leaves behind (session, checkpoint, artifact version).
 *
 * Sandbox lines (`system`, `network`) reach the log store as the service's
 * sandbox uploads them: every `sandboxBatchMs` (30 s on the service) and at
 * the run's end. A `system` entry is one batch, every line since the last
 * upload in one `message`, stamped when it was received; a `network` entry
 * keeps its own time but is readable only from that upload on.
 */
import { filesToTarGz } from '../tar.js'
import { iso, newId } from './ids.js'
import type { AgentRecord, Collections } from './store.js'
import type {
  ArtifactCommits,
  FinalStatus,
  MetricSample,
  RunInfo,
  RunScript,
  ScriptStep
} from './types.js'

export type RunStatus = 'queued' | 'pending' | 'running' | FinalStatus

const ACTIVE: readonly RunStatus[] = ['queued', 'pending', 'running']

export function isActive(status: RunStatus): boolean {
  return ACTIVE.includes(status)
}

/** One log line of a run, before it is rendered to the wire. */
export interface LogRecord {
  ts: number
  type: 'agent' | 'system' | 'network'
  level: 'info' | 'error'
  message: string
  metadata?: object
}

interface AgentEvent {
  sequence: number
  ts: number
  event: object
}

export interface RunRecord {
  id: string
  agent: AgentRecord
  prompt: string
  variables: Record<string, string>
  secrets: Record<string, string>
  createRequestBody: unknown
  status: RunStatus
  createdAt: number
  startedAt: number | null
  completedAt: number | null
  error: string | null
  sessionId: string | null
  checkpointId: string | null
  /** The session a continue or resume carries on; kept by the run on success. */
  continuedSessionId: string | null
  artifactName: string | null
  artifactVersion: string | null
  volumes: Record<string, string> | null
  script: RunScript
  logs: LogRecord[]
  events: AgentEvent[]
  /** How many agent events existed when the run finished: streams never send the rest. */
  eventsAtEnd: number | null
  producedVersionId: string | null
  /** The text of the last `result` event (the documented dialect's `output`). */
  output: string | null
  timer: NodeJS.Timeout | null
  /** Sandbox lines the sandbox has not uploaded yet (see the file's comment). */
  unsent: { system: string[]; network: LogRecord[] }
  /** The sandbox's upload timer while the run runs. */
  uploads: NodeJS.Timeout | null
}

/** Used when neither the agent nor the emulator options give a script: about 60 ms. */
const BUILTIN_SCRIPT: RunScript = {
  pendingMs: 20,
  steps: [
    {
      at: 0,
      agent: { type: 'system', subtype: 'init', model: 'claude-sonnet-4-5', tools: ['Bash'] }
    },
    {
      at: 10,
      agent: { type: 'assistant', message: { content: [{ type: 'text', text: 'Working on it.' }] } }
    },
    {
      at: 20,
      agent: {
        type: 'result',
        subtype: 'success',
        is_error: false,
        result: 'Done.',
        total_cost_usd: 0.01,
        num_turns: 1,
        duration_ms: 20
      }
    }
  ]
}

const DEFAULT_METRICS: MetricSample[] = [
  { cpuPercent: 12.5, memoryUsedMb: 512, memoryTotalMb: 4096 },
  { cpuPercent: 48.25, memoryUsedMb: 890, memoryTotalMb: 4096 },
  { cpuPercent: 73.5, memoryUsedMb: 1204, memoryTotalMb: 4096 },
  { cpuPercent: 35, memoryUsedMb: 1100, memoryTotalMb: 4096 },
  { cpuPercent: 8.75, memoryUsedMb: 640, memoryTotalMb: 4096 }
]

/** How far apart metric samples of a run that never ends are. */
const OPEN_ENDED_SAMPLE_MS = 1000

function durationOf(script: RunScript): number {
  if (script.durationMs !== undefined) return script.durationMs
  const last = Math.max(0, ...(script.steps ?? []).map(step => step.at))
  return last + 20
}

type TimelineItem = { at: number; steps: ScriptStep[] } | { at: number; end: true }

/** Steps grouped by offset (a group shares its timestamp), then the end; steps win a tie. */
function timeline(script: RunScript): TimelineItem[] {
  const groups = new Map<number, ScriptStep[]>()
  for (const step of script.steps ?? []) {
    const group = groups.get(step.at)
    if (group === undefined) groups.set(step.at, [step])
    else group.push(step)
  }
  const items: TimelineItem[] = [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([at, steps]) => ({ at, steps }))
  if (script.neverEnds !== true) items.push({ at: durationOf(script), end: true })
  return items.sort((a, b) => a.at - b.at || Number('end' in a) - Number('end' in b))
}

export interface NewRun {
  agent: AgentRecord
  prompt: string
  variables: Record<string, string>
  secrets: Record<string, string>
  createRequestBody: unknown
  continuedSessionId: string | null
  artifactName: string | null
  artifactVersion: string | null
  volumes: Record<string, string> | null
}

/** How a RunEngine behaves where the service's surfaces differ. */
export interface EngineOptions {
  /**
   * How often the sandbox uploads its lines (the service: 30 000); 0 puts each
   * line in the log store the moment it happens, one entry per line.
   */
  sandboxBatchMs?: number
}

/** All runs of the (single) user and the timers that move them along. */
export class RunEngine {
  private byId = new Map<string, RunRecord>()
  /**
   * A session remembers its artifact: null for one a `/v1` run opened (the
   * service passes no `artifactName` on), the artifact of {@link openSession}.
   */
  private sessions = new Map<string, { agentId: string; artifactName: string | null }>()
  private checkpoints = new Map<string, { agentId: string; sessionId: string }>()
  /** Told of every run once it is finished (the platform posts the answer and starts a queued message). */
  private finished: Array<(run: RunRecord) => void> = []
  private readonly batchMs: number

  constructor(
    private readonly artifacts: Collections,
    private readonly defaultScript: RunScript | undefined,
    private readonly commits: ArtifactCommits,
    options: EngineOptions = {}
  ) {
    this.batchMs = options.sandboxBatchMs ?? 0
  }

  /** Calls `listener` once for each run as it finishes, after its late events landed. */
  onFinish(listener: (run: RunRecord) => void): void {
    this.finished.push(listener)
  }

  activeCount(): number {
    let count = 0
    for (const run of this.byId.values()) if (isActive(run.status)) count++
    return count
  }

  get(id: string): RunRecord | undefined {
    return this.byId.get(id)
  }

  /** Oldest first. */
  all(): RunRecord[] {
    return [...this.byId.values()]
  }

  session(id: string): { agentId: string } | undefined {
    return this.sessions.get(id)
  }

  checkpoint(id: string): { agentId: string; sessionId: string } | undefined {
    return this.checkpoints.get(id)
  }

  /**
   * A session of `agentId` whose runs commit to `artifactName`, as one the
   * CLI's `vm0 run --artifact-name` opened (the only way a session gets an
   * artifact): continuing it through `/v1` writes `Checkpoint from run <id>`.
   */
  openSession(
    agentId: string,
    artifactName: string,
    sessionId = newId()
  ): { sessionId: string; checkpointId: string } {
    const checkpointId = newId()
    this.sessions.set(sessionId, { agentId, artifactName })
    this.checkpoints.set(checkpointId, { agentId, sessionId })
    return { sessionId, checkpointId }
  }

  start(input: NewRun): RunRecord {
    const script = { ...(input.agent.script ?? this.defaultScript ?? BUILTIN_SCRIPT) }
    const queuedMs = script.queuedMs ?? 0
    const run: RunRecord = {
      id: newId(),
      ...input,
      status: queuedMs > 0 ? 'queued' : 'pending',
      createdAt: Date.now(),
      startedAt: null,
      completedAt: null,
      error: null,
      sessionId: null,
      checkpointId: null,
      script,
      logs: [],
      events: [],
      eventsAtEnd: null,
      producedVersionId: null,
      output: null,
      timer: null,
      unsent: { system: [], network: [] },
      uploads: null
    }
    this.byId.set(run.id, run)
    const toRunning = (): void => this.schedule(run, script.pendingMs ?? 20, () => this.begin(run))
    if (queuedMs > 0) {
      this.schedule(run, queuedMs, () => {
        run.status = 'pending'
        toRunning()
      })
    } else {
      toRunning()
    }
    return run
  }

  private schedule(run: RunRecord, delayMs: number, action: () => void): void {
    run.timer = setTimeout(
      () => {
        run.timer = null
        action()
      },
      Math.max(0, delayMs)
    )
    // close() clears these; unref keeps a forgotten emulator from holding a test process open.
    run.timer.unref()
  }

  private begin(run: RunRecord): void {
    const startedAt = Date.now()
    run.status = 'running'
    run.startedAt = startedAt
    if (this.batchMs > 0) {
      run.uploads = setInterval(() => this.upload(run, Date.now()), this.batchMs)
      run.uploads.unref()
    }
    const items = timeline(run.script)
    const step = (index: number): void => {
      const item = items[index]
      if (item === undefined) return
      this.schedule(run, startedAt + item.at - Date.now(), () => {
        if ('end' in item) {
          this.finish(
            run,
            run.script.status ?? 'completed',
            run.script.error ?? null,
            startedAt + item.at
          )
          return
        }
        for (const s of item.steps) this.apply(run, s, startedAt + item.at)
        step(index + 1)
      })
    }
    step(0)
  }

  private apply(run: RunRecord, step: ScriptStep, ts: number): void {
    if ('agent' in step) {
      this.addAgentEvent(run, step.agent, ts)
    } else if ('system' in step) {
      if (this.batchMs > 0) run.unsent.system.push(step.system)
      else run.logs.push({ ts, type: 'system', level: 'info', message: step.system })
    } else {
      const { method, url, status, duration } = step.network
      const entry: LogRecord = {
        ts,
        type: 'network',
        level: status >= 400 ? 'error' : 'info',
        message: `${method} ${url} - ${status} (${duration}ms)`,
        metadata: { method, url, status, duration }
      }
      if (this.batchMs > 0) run.unsent.network.push(entry)
      else run.logs.push(entry)
    }
  }

  /** The sandbox's upload at `at`: the system lines as one entry stamped `at`, the network lines as they were. */
  private upload(run: RunRecord, at: number): void {
    const { system, network } = run.unsent
    if (system.length > 0) {
      run.logs.push({ ts: at, type: 'system', level: 'info', message: system.join('\n') })
    }
    run.logs.push(...network)
    run.unsent = { system: [], network: [] }
  }

  private addAgentEvent(run: RunRecord, event: object, ts: number): void {
    const sequence = run.events.length
    const eventType =
      typeof (event as { type?: unknown }).type === 'string'
        ? (event as { type: string }).type
        : 'unknown'
    run.events.push({ sequence, ts, event })
    run.logs.push({
      ts,
      type: 'agent',
      level: 'info',
      message: `[${eventType}] ${JSON.stringify(event)}`,
      metadata: { sequenceNumber: sequence, eventType, eventData: event }
    })
    const result = (event as { result?: unknown }).result
    if (eventType === 'result' && typeof result === 'string') run.output = result
  }

  /** Marks a run finished (no-op when it already is); answers the time it was marked. */
  finish(run: RunRecord, status: FinalStatus, error: string | null, at = Date.now()): number {
    if (!isActive(run.status)) return run.completedAt ?? at
    this.stopTimers(run)
    // The sandbox's last upload: the lines since the one before land with the end.
    this.upload(run, at)
    run.status = status
    run.completedAt = at
    run.error = error
    run.eventsAtEnd = run.events.length
    if (status === 'completed') this.succeed(run)
    for (const event of run.script.lateEvents ?? []) this.addAgentEvent(run, event, at + 1)
    for (const listener of this.finished) listener(run)
    return at
  }

  private succeed(run: RunRecord): void {
    // A continued session keeps its id, whatever the script names for a new one; a new session
    // never takes the id of one that exists (the sample script names one: a second agent-name
    // run must not reopen, and so clear, the session `.env.v1.example` continues).
    const named = run.script.sessionId
    const sessionId =
      run.continuedSessionId ?? (named !== undefined && !this.sessions.has(named) ? named : newId())
    const checkpointId = run.script.checkpointId ?? newId()
    run.sessionId = sessionId
    run.checkpointId = checkpointId
    const artifactName = this.committedArtifact(run)
    // A continued session keeps the artifact it was opened with. One a `/v1` run opens has
    // none: the route does not pass `artifactName` on ('always' keeps the internal API's way).
    if (run.continuedSessionId === null || !this.sessions.has(sessionId)) {
      const opened = this.commits === 'always' ? run.artifactName : null
      this.sessions.set(sessionId, { agentId: run.agent.id, artifactName: opened })
    }
    this.checkpoints.set(checkpointId, { agentId: run.agent.id, sessionId })
    const { files, archive } = run.script
    if (artifactName === null || (files === undefined && archive === undefined)) return
    const { version } = this.artifacts.commit(artifactName, archive ?? filesToTarGz(files ?? {}), {
      message: `Checkpoint from run ${run.id}`,
      createdBy: 'agent'
    })
    run.producedVersionId = version.id
  }

  /** The artifact a completed run commits to, as {@link ArtifactCommits} says; null for none. */
  private committedArtifact(run: RunRecord): string | null {
    if (this.commits === 'always') return run.artifactName
    if (run.continuedSessionId === null) return null
    return this.sessions.get(run.continuedSessionId)?.artifactName ?? null
  }

  private stopTimers(run: RunRecord): void {
    if (run.timer !== null) clearTimeout(run.timer)
    if (run.uploads !== null) clearInterval(run.uploads)
    run.timer = null
    run.uploads = null
  }

  /** Stops every run's timers and keeps the runs as they are (for close). */
  stop(): void {
    for (const run of this.byId.values()) this.stopTimers(run)
  }

  /** Forgets every run and session; their timers stop. */
  reset(): void {
    this.stop()
    this.byId.clear()
    this.sessions.clear()
    this.checkpoints.clear()
  }

  info(run: RunRecord): RunInfo {
    return {
      id: run.id,
      status: run.status,
      agentId: run.agent.id,
      agentName: run.agent.name,
      prompt: run.prompt,
      variables: run.variables,
      secrets: run.secrets,
      createRequestBody: run.createRequestBody,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      completedAt: run.completedAt,
      error: run.error,
      sessionId: run.sessionId,
      checkpointId: run.checkpointId,
      artifactName: run.artifactName,
      artifactVersion: run.artifactVersion,
      producedVersionId: run.producedVersionId,
      events: run.events.map(e => ({ sequence: e.sequence, timestamp: iso(e.ts), event: e.event }))
    }
  }
}

/** Samples that have been taken so far: spread evenly over the scripted duration. */
export function metricSamples(
  run: RunRecord,
  now = Date.now()
): Array<MetricSample & { ts: number }> {
  if (run.startedAt === null) return []
  const samples = run.script.metrics ?? DEFAULT_METRICS
  const spacing =
    run.script.neverEnds === true
      ? OPEN_ENDED_SAMPLE_MS
      : durationOf(run.script) / Math.max(1, samples.length)
  const horizon = Math.min(now, run.completedAt ?? now)
  const startedAt = run.startedAt
  return samples
    .map((sample, i) => ({ ...sample, ts: startedAt + Math.round(i * spacing) }))
    .filter(sample => sample.ts <= horizon)
}
