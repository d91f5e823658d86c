/** Money as people read it in the summary and the pull-request comment. */

/** `$0.0123` (four decimals below a dollar, two above). */
export function formatCost(usd: number): string {
  return `$${usd < 1 ? usd.toFixed(4) : usd.toFixed(2)}`
}
