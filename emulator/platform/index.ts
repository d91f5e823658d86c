/**
 * The emulator's platform surface (docs/platform-api.md): agents by UUID and
 * display name, threads whose messages start runs of the `/v1` run engine
 * (so the same scripted sessions play), the web app's run and thread
 * routes, files published to the storage origin, and its fault modes.
 * `startEmulator` (emulator/vm0/index.ts) serves it beside `/v1`.
 */
import type { Reply, Call } from '../vm0/http.js'
import { RunEngine } from '../vm0/runs.js'
import type { RunRecord } from '../vm0/runs.js'
import { Collections, type Storage } from '../vm0/store.js'
import type { FinalStatus, RecordedRequest, RunScript } from '../vm0/types.js'
import { PlatformAgents } from './agents.js'
import type { PlatformContext } from './routes/context.js'
import { platformHandler, routeOf } from './router.js'
import { Threads, type PublishedRecord, type ThreadRecord } from './threads.js'
import type {
  PlatformEmulator,
  PlatformOptions,
  PlatformRunInfo,
  PlatformThreadInfo
} from './types.js'
import { authKind, bearer, newPat } from './wire.js'

export type * from './types.js'

/** What `startEmulator` needs of the platform: its handler, its handle, and reset/stop. */
export interface Platform {
  handler: (call: Call) => Reply
  handle: PlatformEmulator
  reset(): void
  stop(): void
}

interface Shared {
  defaultScript: RunScript | undefined
  storage: Storage
  storageUrl: string
  /** The API and storage origins' request log. */
  requests: RecordedRequest[]
}

function runInfo(ctx: PlatformContext, run: RunRecord): PlatformRunInfo {
  const meta = ctx.threads.metaOf(run.id)
  return {
    id: run.id,
    threadId: meta?.threadId ?? '',
    agentId: run.agent.id,
    messageId: meta?.messageId ?? '',
    status: run.status,
    prompt: run.prompt,
    model: meta?.model ?? null,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    completedAt: run.completedAt,
    error: run.error,
    events: ctx.runs.info(run).events,
    publishedFiles: (meta?.files ?? []).map(f => f.filename)
  }
}

function threadInfo(thread: ThreadRecord): PlatformThreadInfo {
  return {
    id: thread.id,
    agentId: thread.agent.id,
    owner: thread.owner,
    runIds: [...thread.runIds],
    queuedMessageIds: thread.queue.map(q => q.messageId),
    messages: thread.messages.map(m => ({
      id: m.id,
      role: m.role,
      content: m.content,
      ...(m.error === undefined ? {} : { error: m.error })
    }))
  }
}

/** What the never-ending run of a busy thread (`addThread`) answers when it is finished as completed. */
export const BUSY_ANSWER = 'Kept going: the earlier request is done.'

/** A thread with one finished exchange, and optionally a second run that never ends. */
function addThread(
  ctx: PlatformContext,
  agentId: string,
  opts: { busy?: boolean; owner?: 'me' | 'other' }
): { threadId: string; activeRunId: string | null } {
  const agent = ctx.agents.get(agentId)
  if (agent === undefined) throw new Error(`emulator: no platform agent '${agentId}'`)
  const thread = ctx.threads.create(agent, 'Hello', opts.owner ?? 'me')
  const first = ctx.threads.send(thread, 'Hello', null, { pendingMs: 0, steps: [] })
  if (first.run !== null) {
    first.run.output = 'Hello! What can I do for you?'
    ctx.runs.finish(first.run, 'completed', null)
  }
  if (opts.busy !== true) return { threadId: thread.id, activeRunId: null }
  const busy = ctx.threads.send(thread, 'Keep going', null, { pendingMs: 0, neverEnds: true })
  // Its own answer once finished, unlike any agent's: a client taking it for a later message's shows.
  if (busy.run !== null) busy.run.output = BUSY_ANSWER
  return { threadId: thread.id, activeRunId: busy.run?.id ?? null }
}

function handleOf(ctx: PlatformContext, shared: Shared): PlatformEmulator {
  const platformRun = (id: string): RunRecord | undefined =>
    ctx.threads.metaOf(id) === undefined ? undefined : ctx.runs.get(id)
  return {
    pat: ctx.pat,
    addAgent(displayName, opts = {}) {
      const agent = ctx.agents.add({ ...opts, displayName })
      return { id: agent.id, displayName: agent.displayName }
    },
    setScript(name, script) {
      const agent = ctx.agents.find(name)
      if (agent === undefined) throw new Error(`emulator: no platform agent '${name}'`)
      ctx.agents.setScript(agent, script)
    },
    addThread: (agentId, opts = {}) => addThread(ctx, agentId, opts),
    threads: () => ctx.threads.all().map(threadInfo),
    getRun(id) {
      const run = platformRun(id)
      return run === undefined ? undefined : runInfo(ctx, run)
    },
    runs: () => ctx.runs.all().map(run => runInfo(ctx, run)),
    finishRun(id, status: FinalStatus = 'completed', error?: string) {
      const run = platformRun(id)
      if (run === undefined) throw new Error(`emulator: no platform run '${id}'`)
      return ctx.runs.finish(run, status, error ?? null)
    },
    removeRoute(route, status = 404) {
      ctx.missing.set(route, status)
    },
    refuseSends(code, times = Infinity) {
      ctx.refusal = { code, remaining: times }
    },
    requests: () =>
      shared.requests
        .filter(r => r.origin === 'api')
        .map(r => ({
          method: r.method,
          path: r.path,
          query: r.query,
          route: routeOf(r.path),
          auth: authKind(bearer(r.headers), ctx.pat),
          time: r.time
        }))
  }
}

/** Builds the platform surface on the emulator's storage and request log. */
export function createPlatform(options: PlatformOptions, shared: Shared): Platform {
  const runs = new RunEngine(new Collections('artifact'), shared.defaultScript, 'v1')
  const presign = (thread: ThreadRecord, file: PublishedRecord): string =>
    shared.storage.presignObject(
      shared.storageUrl,
      `platform-files/${thread.id}/${file.id}/${encodeURIComponent(file.filename)}`,
      file.body,
      file.contentType
    )
  const ctx: PlatformContext = {
    pat: options.pat ?? newPat(),
    agents: new PlatformAgents(),
    threads: new Threads(runs, presign),
    runs,
    missing: new Map((options.missingRoutes ?? []).map(route => [route, 404 as const])),
    refusal: null
  }
  for (const seed of options.agents ?? []) ctx.agents.add(seed)
  const initialMissing = [...ctx.missing]
  return {
    handler: platformHandler(ctx),
    handle: handleOf(ctx, shared),
    reset() {
      runs.reset()
      ctx.threads.reset()
      ctx.missing = new Map(initialMissing)
      ctx.refusal = null
    },
    stop: () => runs.stop()
  }
}
