/**
 * The platform's published files through the bounded download, against
 * loopback servers: files land in `path` with their names, unsafe names are
 * refused, `max-output-size` and `max-output-files` hold, the token goes to
 * the API's own origin only, and no files passes quietly unless asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { collectPublishedSettled, type PublishedOptions } from '../../src/artifacts/published.js'
import type { Logger } from '../../src/artifacts/logger.js'
import type { PublishedFile } from '../../src/platform/types.js'
import { startServer, type TestServer } from './vm0-server.js'

const TOKEN = 'vm0_pat_test.token.value'
const RUN_ID = '11111111-2222-4333-8444-555555555555'
let api: TestServer
let storage: TestServer
let root: string
let n = 0

const lines: string[] = []
const logger: Logger = {
  info: m => void lines.push(m),
  warning: m => void lines.push(`warning: ${m}`),
  notice: m => void lines.push(`notice: ${m}`),
  setSecret: () => {},
  group: async (_t, fn) => fn()
}

beforeAll(async () => {
  const serve: Parameters<typeof startServer>[0] = (req, res) => {
    const body = `content of ${req.url?.split('?')[0] ?? ''}`
    res.writeHead(200, { 'content-length': Buffer.byteLength(body) })
    res.end(body)
  }
  api = await startServer(serve)
  storage = await startServer(serve)
  root = mkdtempSync(join(tmpdir(), 'vm0-published-'))
})
afterAll(async () => {
  await api.close()
  await storage.close()
  rmSync(root, { recursive: true, force: true })
})

function file(filename: string, url: string, size: number | null = 20): PublishedFile {
  return { id: filename, filename, contentType: null, size, url, createdAt: null }
}

function options(files: PublishedFile[], settings: Partial<PublishedOptions['settings']> = {}) {
  const path = join(root, `out-${++n}`)
  const opts: PublishedOptions = {
    files,
    runId: RUN_ID,
    threadId: '22222222-3333-4444-8555-666666666666',
    settings: {
      artifactName: null,
      artifactVersion: null,
      collect: { kind: 'run' },
      path,
      upload: false,
      uploadName: null,
      retentionDays: null,
      compressionLevel: 'auto',
      ifNoFilesFound: 'ignore',
      includeHiddenFiles: false,
      overwrite: false,
      apiUrl: api.url,
      ...settings
    },
    runnerTemp: root,
    authorization: url => (url.origin === new URL(api.url).origin ? `Bearer ${TOKEN}` : null),
    logger,
    sleep: async () => {}
  }
  return { opts, path }
}

describe('published files', () => {
  it('lands each file in path; the token goes to the API origin only', async () => {
    api.requests.length = 0
    storage.requests.length = 0
    const { opts, path } = options([
      file('report.md', `${storage.url}/files/report.md?sig=abcdefabcdefabcdef`),
      file('data/results.json', `${api.url}/files/results.json`)
    ])
    const { result, error } = await collectPublishedSettled(opts)
    expect(error).toBeNull()
    expect(result?.files).toEqual([
      { path: 'data/results.json', size: 'content of /files/results.json'.length },
      { path: 'report.md', size: 'content of /files/report.md'.length }
    ])
    expect(readFileSync(join(path, 'report.md'), 'utf8')).toBe('content of /files/report.md')
    expect(storage.requests[0]?.headers.authorization).toBeUndefined()
    expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`)
  })

  it('refuses names that climb out, are absolute, reserved or under .git; the rest still lands', async () => {
    const url = `${storage.url}/files/x`
    const { opts, path } = options([
      file('../escape.txt', url),
      file('/etc/passwd', url),
      file('CON.txt', url),
      file('.git/hooks/pre-commit', url),
      file('ok.txt', url)
    ])
    const { result, error } = await collectPublishedSettled(opts)
    expect(error).toBeNull()
    expect(result?.files.map(f => f.path)).toEqual(['ok.txt'])
    expect(result?.skipped.map(s => s.path)).toEqual([
      '../escape.txt',
      '/etc/passwd',
      'CON.txt',
      '.git/hooks/pre-commit'
    ])
    expect(readdirSync(path)).toEqual(['ok.txt'])
    expect(existsSync(join(root, 'escape.txt'))).toBe(false)
  })

  it('refuses the names Windows cannot hold by the archive rules, and invisible characters', async () => {
    const url = `${storage.url}/files/x`
    const device =
      'a device name Windows reserves (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any extension)'
    const trailing = 'a name part ending in a dot or a space (Windows drops them)'
    const refused = [
      ['CON', device],
      ['nul.txt', device],
      ['a.', trailing],
      ['b ', trailing],
      ['c:d', "':' in the name (on Windows, an alternate data stream)"],
      ['sub\\e', "'\\' in the name, which Windows names cannot hold"],
      ['COM\u00b9.log', device],
      ['zero\u200bwidth', 'a control or invisible character in the name']
    ]
    const { opts, path } = options([
      ...refused.map(([n]) => file(n ?? '', url)),
      file('ok.txt', url)
    ])
    const { result, error } = await collectPublishedSettled(opts)
    expect(error).toBeNull()
    expect(result?.files.map(f => f.path)).toEqual(['ok.txt'])
    expect(result?.skipped.map(s => [s.path, s.reason])).toEqual(refused)
    expect(readdirSync(path)).toEqual(['ok.txt'])
  })

  it('skips control characters, trailing dots or spaces, and a file where a folder is (either order)', async () => {
    const url = `${storage.url}/files/x`
    const { opts, path } = options([
      file('bad\nname.txt', url),
      file('trailing.', url),
      file('dir /x.txt', url),
      file('a', url),
      file('a/b.txt', url),
      file('c/d.txt', url),
      file('C', url),
      file('REPORT.md', url),
      file('report.md', url),
      file('caf\u00e9.txt', url),
      file('cafe\u0301.txt', url)
    ])
    const { result, error } = await collectPublishedSettled(opts)
    expect(error).toBeNull()
    expect(result?.files.map(f => f.path)).toEqual(['REPORT.md', 'a', 'c/d.txt', 'caf\u00e9.txt'])
    expect(result?.skipped.map(s => [s.path, s.reason])).toEqual([
      ['bad\nname.txt', 'a control character in the name'],
      ['trailing.', 'a name part ending in a dot or a space (Windows drops them)'],
      ['dir /x.txt', 'a name part ending in a dot or a space (Windows drops them)'],
      ['a/b.txt', 'a file inside a name taken by a file'],
      ['C', 'a file where another file needs a folder'],
      ['report.md', 'a second file of the same name'],
      ['cafe\u0301.txt', 'a second file of the same name']
    ])
    expect(readdirSync(path).sort()).toEqual(['REPORT.md', 'a', 'c', 'caf\u00e9.txt'].sort())
  })

  it('upload: hidden files are said and kept back; only hidden files is nothing to upload, per if-no-files-found', async () => {
    const url = `${storage.url}/files/x`
    lines.length = 0
    const hidden = options([file('.env', url), file('.cache/x', url)], {
      upload: true,
      ifNoFilesFound: 'error'
    })
    const { result, error } = await collectPublishedSettled(hidden.opts)
    expect(result).toBeNull()
    expect(String(error)).toMatch(/hidden files need `include-hidden-files: true`/)
    expect(lines).toContain(
      "Not uploading 2 hidden files (include-hidden-files: false): '.cache/x' and '.env'."
    )
  })

  it('max-output-size: a file beyond it fails the collection and leaves nothing in path', async () => {
    const { opts, path } = options(
      [
        file('a.txt', `${storage.url}/files/a`, null),
        file('b.txt', `${storage.url}/files/b`, null)
      ],
      { maxOutputBytes: 30 }
    )
    const { error } = await collectPublishedSettled(opts)
    expect(String(error)).toContain('max-output-size')
    expect(existsSync(path)).toBe(false)
  })

  it('max-output-files: more files than allowed fail before any download', async () => {
    storage.requests.length = 0
    const url = `${storage.url}/files/x`
    const { opts } = options([file('a', url), file('b', url), file('c', url)], {
      maxOutputFiles: 2
    })
    const { error } = await collectPublishedSettled(opts)
    expect(String(error)).toContain('max-output-files')
    expect(storage.requests).toHaveLength(0)
  })

  it('timeout: a download past the deadline stops, nothing lands in path', async () => {
    const { opts, path } = options([file('a.txt', `${storage.url}/files/a`)], { timeoutMs: 60_000 })
    // A clock whose sleeps end at once: the deadline passes before any byte can arrive.
    const clock = { now: () => 0, sleep: async () => {} }
    const { error } = await collectPublishedSettled({ ...opts, clock, deadlineMs: 1000 })
    expect(String(error)).toContain('`timeout` (1m) ran out')
    expect(existsSync(path)).toBe(false)
  })

  it('a cancelled workflow stops the download, saying so', async () => {
    const { opts, path } = options([file('a.txt', `${storage.url}/files/a`)])
    const { error } = await collectPublishedSettled({ ...opts, signal: AbortSignal.abort() })
    expect(String(error)).toContain('The workflow was cancelled')
    expect(existsSync(path)).toBe(false)
  })

  it('no files passes quietly; if-no-files-found: error fails', async () => {
    const quiet = await collectPublishedSettled(options([]).opts)
    expect(quiet.error).toBeNull()
    expect(quiet.result?.artifactsPath).toBeNull()
    const strict = await collectPublishedSettled(options([], { ifNoFilesFound: 'error' }).opts)
    expect(String(strict.error)).toContain('published no files')
    // Quiet (`ignore`, the platform's default): the summary and comment say nothing of files…
    expect(quiet.result?.note ?? null).toBeNull()
    // …`warn`: they say why there are none.
    const warned = await collectPublishedSettled(options([], { ifNoFilesFound: 'warn' }).opts)
    expect(warned.result?.note).toBe('The agent published no files for this run.')
  })
})
