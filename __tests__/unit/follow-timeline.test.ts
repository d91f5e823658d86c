import { describe, expect, it } from '@jest/globals'
import { Timeline } from '../../src/follow/timeline.js'

const at = (s: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString()

describe('Timeline', () => {
  it('holds items briefly and releases them in timestamp order, late sandbox lines included', () => {
    let now = 0
    const timeline = new Timeline({ now: () => now }, 2500)
    const out: string[] = []
    const add = (source: 'agent' | 'sandbox' | 'status', ts: string | null, name: string): void =>
      timeline.add(source, ts, () => out.push(name))
    add('status', null, 'running')
    add('agent', at(1), 'init')
    add('agent', at(3), 'tool call')
    now = 1500
    // Side polls deliver sandbox lines late: one from before the init, one during the call.
    add('sandbox', at(0), 'sandbox ready')
    add('sandbox', at(4), 'network')
    timeline.release()
    expect(out).toEqual([])
    now = 2600
    add('agent', at(5), 'tool result')
    timeline.release()
    // The first items are due; everything logged no later than them goes with them.
    expect(out).toEqual(['running', 'sandbox ready', 'init', 'tool call'])
    expect(timeline.size).toBe(2)
    timeline.flush()
    expect(out).toEqual(['running', 'sandbox ready', 'init', 'tool call', 'network', 'tool result'])
  })

  it('keeps each source in its own order, whatever its timestamps say', () => {
    const timeline = new Timeline({ now: () => 0 })
    const out: string[] = []
    timeline.add('agent', at(5), () => out.push('a'))
    timeline.add('agent', at(2), () => out.push('b'))
    timeline.add('agent', null, () => out.push('c'))
    timeline.add('sandbox', at(3), () => out.push('s'))
    timeline.add('status', null, () => out.push('status'))
    timeline.flush()
    expect(out).toEqual(['s', 'a', 'b', 'c', 'status'])
  })
})

describe('Timeline under a burst', () => {
  it('holds at most its bound, releasing the earliest in timestamp order, and loses nothing', () => {
    const timeline = new Timeline({ now: () => 0 }, 2500, 100)
    const out: number[] = []
    let most = 0
    for (let i = 0; i < 20_000; i++) {
      timeline.add('agent', at(Math.floor(i / 1000)), () => out.push(i))
      most = Math.max(most, timeline.size)
    }
    expect(most).toBeLessThanOrEqual(100)
    // Nothing was due by time: only the bound released these.
    expect(out.length).toBeGreaterThan(19_000)
    timeline.flush()
    expect(out).toEqual(Array.from({ length: 20_000 }, (_, i) => i))
  })

  it('still puts a sandbox line that arrives in time among the events it belongs with', () => {
    const timeline = new Timeline({ now: () => 0 }, 2500, 4)
    const out: string[] = []
    timeline.add('agent', at(1), () => out.push('a1'))
    timeline.add('agent', at(3), () => out.push('a3'))
    timeline.add('sandbox', at(2), () => out.push('s2'))
    timeline.add('agent', at(4), () => out.push('a4'))
    expect(out).toEqual([])
    // Past the bound the earliest half go, in timestamp order.
    timeline.add('agent', at(5), () => out.push('a5'))
    expect(out).toEqual(['a1', 's2', 'a3'])
    timeline.flush()
    expect(out).toEqual(['a1', 's2', 'a3', 'a4', 'a5'])
  })
})
