import { describe, expect, it } from '@jest/globals'
import type { AgentEvent } from '../../src/agent/model.js'
import { TimingCollector } from '../../src/follow/timing.js'

const at = (s: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString()
const ms = (s: number): number => Date.UTC(2026, 0, 1, 0, 0, s)
const event = (...items: AgentEvent['items']): AgentEvent => ({ items, line: '' })

describe('TimingCollector', () => {
  it('times turns from the event before, tool calls to their results, and totals per tool', () => {
    const timing = new TimingCollector({ now: () => 0 })
    timing.observe(event({ kind: 'session', agent: 'Claude', model: null, toolCount: 1 }), at(0))
    timing.observe(event({ kind: 'message', author: 'Claude', text: 'Looking' }), at(4))
    timing.observe(
      event({ kind: 'tool-call', id: 'a', name: 'Bash', title: 'Bash: npm test', input: [] }),
      at(5)
    )
    timing.observe(
      event({ kind: 'tool-result', callId: 'a', output: 'x', isError: true, exitCode: 1 }),
      at(15)
    )
    timing.observe(
      event({ kind: 'tool-call', id: 'b', name: 'Bash', title: 'Bash: ls', input: [] }),
      at(16)
    )
    const timeline = timing.timeline()
    expect(timeline.startMs).toBe(ms(0))
    expect(timeline.endMs).toBe(ms(16))
    expect(timeline.spans).toEqual([
      {
        kind: 'turn',
        name: 'Claude',
        label: 'Looking',
        startMs: ms(0),
        endMs: ms(4),
        failed: false
      },
      {
        kind: 'turn',
        name: 'agent',
        label: 'tool calls',
        startMs: ms(4),
        endMs: ms(5),
        failed: false
      },
      {
        kind: 'tool',
        name: 'Bash',
        label: 'Bash: npm test',
        startMs: ms(5),
        endMs: ms(15),
        failed: true
      },
      {
        kind: 'turn',
        name: 'agent',
        label: 'tool calls',
        startMs: ms(15),
        endMs: ms(16),
        failed: false
      },
      // Never answered: no end.
      { kind: 'tool', name: 'Bash', label: 'Bash: ls', startMs: ms(16), endMs: null, failed: false }
    ])
    expect(timeline.tools).toEqual([{ name: 'Bash', calls: 2, failures: 1, totalMs: 10_000 }])
  })

  it('stays bounded on a run with a great many calls', () => {
    const timing = new TimingCollector({ now: () => 0 })
    for (let i = 0; i < 20_000; i++) {
      timing.observe(
        event({ kind: 'tool-call', id: `c${i}`, name: `T${i % 500}`, title: 't', input: [] }),
        at(i % 50)
      )
    }
    const timeline = timing.timeline()
    // Every call (and the turns between them) is counted, kept or dropped.
    expect(timeline.spans.length + timeline.droppedSpans).toBeGreaterThanOrEqual(20_000)
    expect(timeline.spans.length).toBeLessThanOrEqual(5000)
    expect(timeline.tools.length).toBeLessThanOrEqual(200)
  })
})
