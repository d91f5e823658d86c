/** Fault rules: which requests misbehave, and how, drawn from a seeded PRNG. */
import type { FaultAction, FaultRule } from './types.js'

/** mulberry32: tiny, seedable, good enough to make `probability` repeatable. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface ActiveRule {
  rule: FaultRule
  remaining: number
}

/** The rules in force, consulted once per request in the order they were added. */
export class FaultBook {
  private rules: ActiveRule[] = []
  private random: () => number

  constructor(seed: number) {
    this.random = mulberry32(seed)
  }

  add(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? 1 })
  }

  clear(): void {
    this.rules = []
  }

  /** The action for this request, if a rule hits it; each hit uses up one of the rule's `times`. */
  take(origin: 'api' | 'storage', method: string, path: string): FaultAction | undefined {
    for (const active of this.rules) {
      const { rule } = active
      if (active.remaining <= 0) continue
      if ((rule.origin ?? 'api') !== origin) continue
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue
      if (typeof rule.path === 'string' && rule.path !== path) continue
      if (rule.path instanceof RegExp) {
        // A /g or /y pattern keeps state between tests; start each match afresh.
        rule.path.lastIndex = 0
        if (!rule.path.test(path)) continue
      }
      if (rule.probability !== undefined && this.random() >= rule.probability) continue
      active.remaining -= 1
      return rule.action
    }
    return undefined
  }
}
