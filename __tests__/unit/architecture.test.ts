/**
 * The shape of src/: folders form layers. No folder imports another that
 * imports it back (directly or through others), and no folder imports the
 * entry files (main.ts, index.ts, post.ts) at the top.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** `src/vm0/http.ts` → `vm0`; files directly in src/ → `(entry)`. */
function folderOf(file: string): string {
  const parts = relative(SRC, file).split(sep)
  return parts.length > 1 ? (parts[0] ?? '') : '(entry)'
}

function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map(
    m => m[1] ?? ''
  )
  return specs.map(spec => resolve(dirname(file), spec.replace(/\.js$/, '.ts')))
}

/** Folder → the folders its files import. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>()
  for (const file of sourceFiles(SRC)) {
    const from = folderOf(file)
    const edges = graph.get(from) ?? new Set<string>()
    graph.set(from, edges)
    for (const target of localImports(file)) {
      const to = folderOf(target)
      if (to !== from) edges.add(to)
    }
  }
  return graph
}

/** Each cycle found, as the list of folders along it. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = []
  const visit = (node: string, path: string[]): void => {
    for (const next of graph.get(node) ?? []) {
      const at = path.indexOf(next)
      if (at >= 0) found.push([...path.slice(at), next])
      else visit(next, [...path, next])
    }
  }
  for (const start of graph.keys()) visit(start, [start])
  return found
}

describe('src/ layering', () => {
  const graph = folderGraph()

  it('finds the folders and their imports (the check itself works)', () => {
    expect(graph.get('(entry)')).toContain('vm0')
    expect(
      cycles(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set(['a'])]
        ])
      )
    ).toContainEqual(['a', 'b', 'a'])
  })

  it('has no import cycle between folders', () => {
    expect(cycles(graph)).toEqual([])
  })

  it('no folder imports the entry files', () => {
    const importers = [...graph].filter(([, to]) => to.has('(entry)')).map(([from]) => from)
    expect(importers).toEqual([])
  })
})
