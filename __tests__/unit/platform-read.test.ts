/**
 * The platform's answers read as data: ids and timestamps that could carry a
 * workflow command into the action's own lines ("Thread <id>: message sent.",
 * "Run <id> started") are dropped, as the /v1 reader drops them.
 */
import { describe, expect, it } from '@jest/globals'
import {
  readAgents,
  readArtifacts,
  readMessages,
  readRun,
  readSent,
  readThreadEvents
} from '../../src/platform/read.js'

const UUID = '3f0c9a57-2b1d-4c8e-9f6a-1e2d3c4b5a69'
const FORGED = `${UUID}\n::stop-commands::x`

describe('platform ids and timestamps', () => {
  it('a send answer whose thread or run id is not an id is unusable', () => {
    expect(readSent({ threadId: UUID, messageId: UUID, runId: UUID })).toEqual({
      threadId: UUID,
      messageId: UUID,
      runId: UUID
    })
    expect(readSent({ threadId: FORGED, runId: UUID })).toBeNull()
    // A run id that is there but forged: a run exists that the action could not name.
    expect(readSent({ threadId: UUID, runId: FORGED })).toBeNull()
    // Queued: no run yet.
    expect(readSent({ threadId: UUID, runId: null })).toEqual({
      threadId: UUID,
      messageId: null,
      runId: null
    })
  })

  it('drops agents, messages, events and file lists whose ids are not ids', () => {
    expect(readAgents([{ agentId: FORGED, displayName: 'x' }, { agentId: UUID }])).toEqual([
      { id: UUID, displayName: '' }
    ])
    expect(readMessages({ messages: [{ id: FORGED, role: 'assistant', content: 'a' }] })).toEqual(
      []
    )
    expect(
      readThreadEvents({ events: [{ seqId: 1, eventType: 'run.queued', runId: FORGED }] })
    ).toEqual([expect.objectContaining({ seqId: 1, runId: null })])
    expect(readArtifacts({ runs: [{ runId: FORGED, files: [] }] })).toEqual([])
  })

  it('a run keeps only plain ids and ISO timestamps', () => {
    const run = readRun(
      {
        runId: UUID,
        status: 'completed',
        agentId: FORGED,
        createdAt: '2026-01-01T00:00:00Z\n::error::forged',
        startedAt: '2026-01-01T00:00:01.500Z',
        result: { agentSessionId: FORGED, checkpointId: UUID }
      },
      UUID
    )
    expect(run).toMatchObject({
      id: UUID,
      agentId: null,
      createdAt: null,
      startedAt: '2026-01-01T00:00:01.500Z',
      // Not given back on the platform: no input takes them (see read.ts).
      sessionId: null,
      checkpointId: null
    })
  })
})
