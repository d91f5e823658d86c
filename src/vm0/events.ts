/**
 * Turning SSE messages of `GET /v1/runs/:id/events` into RunEvents.
 * Unknown event names and unusable payloads are ignored rather than
 * breaking the stream; the caller falls back on the logs endpoint anyway.
 */
import { isObject } from '../base/json.js'
import { num, str } from './normalize.js'
import type { SseMessage } from './sse.js'
import { cleanStatus, type RunEvent } from './types.js'

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data)
  } catch {
    return undefined
  }
}

/** The RunEvent carried by one SSE message, or null when it is not one the action knows. */
export function toRunEvent(message: SseMessage): RunEvent | null {
  const payload = parseJson(message.data)
  const data = isObject(payload) ? payload : {}
  switch (message.event) {
    case 'status': {
      const status = str(data, 'status')
      return status === null ? null : { kind: 'status', status: cleanStatus(status) }
    }
    case 'output': {
      const sequence =
        num(data, 'sequence', 'sequenceNumber', 'sequence_number') ?? idNumber(message.id)
      if (sequence === null) return null
      const inner = 'data' in data ? data['data'] : payload === undefined ? message.data : null
      const type = str(data, 'type') ?? (isObject(inner) ? str(inner, 'type') : null) ?? 'unknown'
      return {
        kind: 'output',
        sequence,
        type,
        data: inner ?? null,
        timestamp: str(data, 'timestamp', 'createdAt', 'created_at')
      }
    }
    case 'heartbeat':
      return { kind: 'heartbeat' }
    case 'complete': {
      const error = data['error']
      return {
        kind: 'complete',
        // An unreadable completion still ends the stream; the caller reads the status with getRun.
        status: cleanStatus(str(data, 'status')),
        error:
          typeof error === 'string'
            ? error
            : isObject(error) && typeof error['message'] === 'string'
              ? error['message']
              : null
      }
    }
    case 'error':
      return {
        kind: 'error',
        message: str(data, 'message') ?? (payload === undefined ? message.data : 'unknown error'),
        code: str(data, 'code')
      }
    default:
      return null
  }
}

function idNumber(id: string | undefined): number | null {
  if (id === undefined || !/^-?\d+$/.test(id.trim())) return null
  return Number(id.trim())
}
