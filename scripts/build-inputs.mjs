#!/usr/bin/env node
// The content hash of what `npm run build` reads: every file under src/, the
// lockfile and the TypeScript config. The build writes it to dist/ (run with
// `--write`, the last step of `npm run build`); `npm test` recomputes it to
// tell whether dist/ was built from this src/, by content, so a fresh clone
// (whose file times are checkout times) gets no false warning. Costs a few
// milliseconds.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

// fileURLToPath, not URL.pathname: on Windows the pathname reads /C:/…
const root = fileURLToPath(new URL('..', import.meta.url))

/** Where the build records the hash; part of dist/, so `.ci/check-dist` checks it too. */
export const BUILD_INPUTS_FILE = join(root, 'dist', 'build-inputs.sha256')

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? files(path) : [path]
  })
}

/** sha256 over each input's path (relative, with /) and bytes, in a fixed order. */
export function buildInputsHash() {
  const inputs = [
    ...files(join(root, 'src')),
    join(root, 'package-lock.json'),
    join(root, 'tsconfig.json'),
    join(root, 'tsconfig.base.json')
  ]
  const names = inputs.map(path => relative(root, path).split(sep).join('/')).sort()
  const hash = createHash('sha256')
  for (const name of names) {
    const bytes = readFileSync(join(root, name))
    hash.update(`${name}\0${bytes.length}\0`).update(bytes)
  }
  return hash.digest('hex')
}

if (process.argv.includes('--write')) writeFileSync(BUILD_INPUTS_FILE, `${buildInputsHash()}\n`)
