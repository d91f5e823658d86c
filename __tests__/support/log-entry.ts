import type { LogEntry } from '../../src/vm0/types.js'

/** A log entry as the client returns it: `type` and `message`, the rest empty unless given. */
export function aLogEntry(type: string, message: string, extra: Partial<LogEntry> = {}): LogEntry {
  return {
    timestamp: '2026-01-01T00:00:00.000Z',
    type,
    level: 'info',
    message,
    sequenceNumber: null,
    eventType: null,
    eventData: null,
    network: null,
    ...extra
  }
}
