/**
 * The CPU time (user + system, this process) a piece of work costs, in ms.
 * Tests of adversarial inputs bound this, not the wall clock: other
 * processes sharing the machine do not count, so the bound holds on a
 * loaded machine, while a quadratic pass still blows through it.
 */
export function cpuMs(work: () => unknown): number {
  const before = process.cpuUsage()
  work()
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000
}
