/** Small helpers for the platform surface's own tests: real requests over loopback. */
import type { Emulator } from '../../emulator/vm0/index.js'
import { call, waitFor, type JsonAnswer } from './vm0-helpers.js'

/** What a chat message to an agent carries besides its prompt. */
export function userMessage(text: string): object {
  return { version: 1, parts: [{ type: 'text', text }] }
}

/**
 * Calls the platform with the emulator's PAT (`token: null` sends no
 * Authorization header) and parses the JSON answer.
 */
export async function pcall(
  emu: Emulator,
  path: string,
  init: { method?: string; body?: unknown; token?: string | null } = {}
): Promise<JsonAnswer> {
  const token = init.token === undefined ? emu.platform.pat : init.token
  return call(emu, path, {
    ...(init.method === undefined ? {} : { method: init.method }),
    ...(init.body === undefined ? {} : { body: init.body }),
    // call() sends the /v1 token unless told otherwise; `token: null` sends no header at all.
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    noAuthorization: token === null
  })
}

/** Starts a new thread with the agent; answers the 201's body, failing loudly otherwise. */
export async function startThread(
  emu: Emulator,
  agentId: string,
  prompt = 'Do the thing.',
  extra: Record<string, unknown> = {}
): Promise<{ runId: string | null; threadId: string }> {
  const res = await pcall(emu, '/api/chat/events', {
    body: { agentId, prompt, userMessage: userMessage(prompt), ...extra }
  })
  if (res.status !== 201) throw new Error(`chat events answered ${res.status}: ${res.text}`)
  return res.body as { runId: string | null; threadId: string }
}

/** Waits (generously: a "did not hang" bound) until the platform run has ended. */
export async function waitForPlatformEnd(emu: Emulator, runId: string): Promise<void> {
  await waitFor(() => {
    const status = emu.platform.getRun(runId)?.status
    return status !== undefined && !['queued', 'pending', 'running'].includes(status)
  }, 20_000)
}

/** The error envelope's parts, for one-line assertions. */
export function errorOf(res: JsonAnswer): [number, string | undefined, string | undefined] {
  const error = (res.body as { error?: { code?: string; message?: string } } | undefined)?.error
  return [res.status, error?.code, error?.message]
}
