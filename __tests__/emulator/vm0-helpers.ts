/** Small HTTP helpers for the emulator's own tests: real requests over loopback. */
import { Agent, fetch } from 'undici'
import type { Emulator } from '../../emulator/vm0/index.js'

/**
 * A fresh connection per request. A pooled one can be closed by the server
 * just as it is reused on a slow machine ("other side closed"): by its
 * keep-alive timer, or by an outage starting, which cuts every open
 * connection on purpose (the action's client retries that; a test's own
 * request should not have to).
 */
const noKeepAlive = new Agent({ pipelining: 0 })

export interface JsonAnswer {
  status: number
  headers: Headers
  // Tests poke at arbitrary wire fields; a loose type keeps them short.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any
  text: string
}

/** Calls the API with the emulator's token (unless headers say otherwise) and parses JSON. */
export async function call(
  emu: Emulator,
  path: string,
  init: {
    method?: string
    body?: unknown
    headers?: Record<string, string>
    /** Send no Authorization header at all. */
    noAuthorization?: boolean
  } = {}
): Promise<JsonAnswer> {
  const headers: Record<string, string> = init.noAuthorization
    ? { ...init.headers }
    : { authorization: `Bearer ${emu.token}`, ...init.headers }
  let body: string | undefined
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
    headers['content-type'] ??= 'application/json'
  }
  const res = await fetch(`${emu.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    redirect: 'manual',
    dispatcher: noKeepAlive
  })
  const text = await res.text()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: res.status, headers: res.headers, body: parsed, text }
}

/** Creates a run and answers its id, failing loudly on anything but 202. */
export async function createRun(emu: Emulator, body: Record<string, unknown>): Promise<string> {
  const res = await call(emu, '/v1/runs', { body })
  if (res.status !== 202) throw new Error(`create answered ${res.status}: ${res.text}`)
  return (res.body as { id: string }).id
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

/**
 * Polls until the condition holds, or throws after the timeout: a "did not
 * hang" deadline (30 s), never a bet on the machine's speed.
 */
export async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out')
    await sleep(5)
  }
}

/** Waits until the emulator has finished the run. */
export async function waitForEnd(emu: Emulator, id: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(() => {
    const status = emu.getRun(id)?.status
    return status !== undefined && !['queued', 'pending', 'running'].includes(status)
  }, timeoutMs)
}

interface SseMessage {
  id?: string
  event: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any
  /** ms since the request was sent, when the frame's bytes arrived. */
  at: number
  /** Which chunk of the body (0, 1, …) completed the frame. */
  chunk: number
}

export interface SseResult {
  messages: SseMessage[]
  /** 'end': the server closed cleanly; 'error': the connection broke; 'timeout': we gave up. */
  ending: 'end' | 'error' | 'timeout'
  status: number
  contentType: string | null
}

/** Reads an event stream to its end (or a timeout) and parses the frames. */
export async function readSse(
  emu: Emulator,
  path: string,
  opts: { timeoutMs?: number; headers?: Record<string, string> } = {}
): Promise<SseResult> {
  const started = Date.now()
  const controller = new AbortController()
  // Gives up on a stream that never ends: a "did not hang" deadline, not a speed bet.
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 30_000)
  const messages: SseMessage[] = []
  let status = 0
  let contentType: string | null = null
  let ending: SseResult['ending'] = 'end'
  let pending = ''
  try {
    const res = await fetch(`${emu.url}${path}`, {
      headers: {
        authorization: `Bearer ${emu.token}`,
        accept: 'text/event-stream',
        ...opts.headers
      },
      signal: controller.signal
    })
    status = res.status
    contentType = res.headers.get('content-type')
    if (res.body === null) return { messages, ending, status, contentType }
    const decoder = new TextDecoder()
    let chunks = 0
    for await (const chunk of res.body) {
      chunks++
      pending += decoder.decode(chunk as Uint8Array, { stream: true })
      let split = pending.indexOf('\n\n')
      while (split !== -1) {
        const frame = pending.slice(0, split)
        pending = pending.slice(split + 2)
        const message: SseMessage = {
          event: 'message',
          data: undefined,
          at: Date.now() - started,
          chunk: chunks - 1
        }
        for (const line of frame.split('\n')) {
          const colon = line.indexOf(': ')
          const field = line.slice(0, colon)
          const value = line.slice(colon + 2)
          if (field === 'id') message.id = value
          if (field === 'event') message.event = value
          if (field === 'data') message.data = JSON.parse(value)
        }
        messages.push(message)
        split = pending.indexOf('\n\n')
      }
    }
  } catch {
    ending = controller.signal.aborted ? 'timeout' : 'error'
  } finally {
    clearTimeout(timer)
  }
  return { messages, ending, status, contentType }
}

/** The agent event types of a stream's `output` messages, in order. */
export function outputSequences(result: SseResult): number[] {
  return result.messages.filter(m => m.event === 'output').map(m => m.data.sequence as number)
}
