/**
 * `npm run bench`: every benchmark, one after the other, each printing its
 * figures beside a baseline measured in the same run. Each runs in its own
 * process so one's memory does not colour another's.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const benches = [
  'bench-startup.js',
  'bench-events.js',
  'bench-artifacts.js',
  'bench-requests.js',
  'bench-malicious.js'
].filter(b => existsSync(join(here, b)))
let failed = 0
for (const bench of benches) {
  console.log(`\n=== ${bench.replace(/\.js$/, '')}`)
  const result = spawnSync(process.execPath, [join(here, bench)], { stdio: 'inherit' })
  if (result.status !== 0) failed++
}
process.exitCode = failed > 0 ? 1 : 0
