/** The platform's state as the routes see it, and the lookups they share. */
import type { RunEngine, RunRecord } from '../../vm0/runs.js'
import type { PlatformAgents } from '../agents.js'
import type { RunMeta, ThreadRecord, Threads } from '../threads.js'
import type { EnrichmentRoute, SendRefusal } from '../types.js'
import { PlatformError, notFound, requireUuid } from '../wire.js'

export interface PlatformContext {
  pat: string
  agents: PlatformAgents
  threads: Threads
  runs: RunEngine
  /** Routes answering as removed, with the status they answer. */
  missing: Map<EnrichmentRoute, 404 | 405>
  refusal: { code: SendRefusal; remaining: number } | null
}

/** A thread of the caller; another user's thread is as unknown as a missing one. */
export function ownThread(ctx: PlatformContext, id: string | undefined): ThreadRecord {
  const thread = ctx.threads.get(requireUuid(id, 'threadId'))
  if (thread === undefined || thread.owner !== 'me') throw notFound('Thread not found')
  return thread
}

/** A run of the caller, with its thread. */
export function ownRun(
  ctx: PlatformContext,
  id: string | undefined
): { run: RunRecord; meta: RunMeta; thread: ThreadRecord } {
  const run = ctx.runs.get(requireUuid(id, 'run id'))
  const meta = run === undefined ? undefined : ctx.threads.metaOf(run.id)
  const thread = meta === undefined ? undefined : ctx.threads.get(meta.threadId)
  if (run === undefined || meta === undefined || thread?.owner !== 'me') {
    throw notFound('Run not found')
  }
  return { run, meta, thread }
}

const REFUSALS: Record<SendRefusal, { status: number; message: string }> = {
  INSUFFICIENT_CREDITS: { status: 402, message: 'Insufficient credits' },
  TOO_MANY_REQUESTS: { status: 429, message: 'Too many requests' },
  NO_MODEL_PROVIDER: { status: 422, message: 'No model provider configured' },
  PROVIDER_UNAVAILABLE: { status: 503, message: 'Model provider unavailable' }
}

/** Throws the refusal `refuseSends` scheduled, if any is left. */
export function takeRefusal(ctx: PlatformContext): void {
  const refusal = ctx.refusal
  if (refusal === null || refusal.remaining <= 0) return
  refusal.remaining -= 1
  const { status, message } = REFUSALS[refusal.code]
  throw new PlatformError(status, refusal.code, message)
}
