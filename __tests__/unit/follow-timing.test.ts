import { describe, expect, it } from '@jest/globals'
import type { AgentEvent } from '../../src/agent/model.js'
import { TimingCollector } from '../../src/follow/timing.js'
import { timelineSection } from '../../src/report/charts.js'

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
    // The longest finished, the calls still open, the first that can never end.
    expect(timeline.spans.length).toBeLessThanOrEqual(500 + 1000 + 500)
    expect(timeline.tools.length).toBeLessThanOrEqual(200)
  })

  /** A run of `calls` answered calls, one second each but for the `long` ones (minutes). */
  function run(timing: TimingCollector, calls: number, long: ReadonlyMap<number, number>): void {
    let t = 0
    for (let i = 0; i < calls; i++) {
      const name = i % 2 === 0 ? 'Bash' : 'Read'
      const call = {
        kind: 'tool-call' as const,
        id: `c${i}`,
        name,
        title: `${name}: step ${i}`,
        input: []
      }
      timing.observe(event(call), new Date(t).toISOString())
      t += (long.get(i) ?? 1) * 1000
      const result = {
        kind: 'tool-result' as const,
        callId: `c${i}`,
        output: '',
        isError: i % 7 === 0,
        exitCode: null
      }
      timing.observe(event(result), new Date(t).toISOString())
    }
  }

  it('after 100,000 calls holds at most its bound, with every call counted in the totals', () => {
    const timing = new TimingCollector({ now: () => 0 })
    run(timing, 100_000, new Map())
    const timeline = timing.timeline()
    expect(timeline.spans.length).toBeLessThanOrEqual(500)
    expect(timeline.spans.length + timeline.droppedSpans).toBe(100_000)
    const calls = timeline.tools.reduce((n, t) => n + t.calls, 0)
    expect(calls).toBe(100_000)
    expect(timeline.tools.find(t => t.name === 'Bash')?.totalMs).toBe(50_000 * 1000)
  })

  it("a long run's chart still shows its longest calls, wherever they happened", () => {
    const long = new Map([
      [3, 600],
      [41_234, 900],
      [99_998, 720]
    ])
    const timing = new TimingCollector({ now: () => 0 })
    run(timing, 100_000, long)
    const section = timelineSection(timing.timeline()).join('\n')
    for (const i of long.keys()) expect(section).toMatch(new RegExp(` step ${i} \\(\\d+m\\) :`))
    expect(section).toMatch(/the 40 longest of \d+ rows \(100000 steps\) are shown/)
  })

  it("a small run's report is the same whatever the bound", () => {
    const small = (max?: number): string[] => {
      const timing = new TimingCollector({ now: () => 0 }, max)
      run(timing, 30, new Map([[4, 60]]))
      return timelineSection(timing.timeline())
    }
    expect(small(10_000)).toEqual(small())
    const section = small()
    // The long step on a row of its own, the failed ones too, the short ones
    // between them sharing rows; every call counted in the table.
    expect(section.filter(l => /^ {2}step 4 \(1m\) : \d+, \d+$/.test(l))).toHaveLength(1)
    for (const failed of [0, 14, 28]) {
      expect(
        section.filter(l => new RegExp(`^ {2}step ${failed} \\(1s\\) : crit, `).test(l))
      ).toHaveLength(1)
    }
    expect(
      section.filter(l => /^ {2}\d+ calls \(\d+ × (Bash|Read), \d+ × (Bash|Read)\), /.test(l))
        .length
    ).toBeGreaterThan(2)
    expect(section.find(l => l.startsWith('| `Bash`'))).toMatch(/^\| `Bash` \| 15 \| 3 \| /)
  })
})
