/**
 * Benchmark of collecting a run's output: download → extract → upload.
 *
 *   npx tsc -p tsconfig.tools.json && node .build/scripts/bench-artifacts.js [--rounds N] [--mib M]
 *
 * About 200 MiB over about 2,000 files (mixed sizes, half of the bytes
 * incompressible) are archived the way the sandbox does (`tar -czf` of `./`),
 * served by the VM0 emulator's storage origin and uploaded to the local
 * artifact service. Measured, in child processes so the servers' memory is
 * not counted:
 * - ours: `collectOutputs` (presigned download streamed into the safe
 *   extraction, then the upload through @actions/artifact);
 * - baseline: `curl -s <url> | tar -xz -C dir`, plus a bare
 *   `uploadArtifact` of the extracted tree.
 * Wall times exclude Node's start-up; peak RSS is the child's VmHWM (and the
 * highest of process.memoryUsage().rss sampled every 50 ms). Target: ours ≤
 * 1.00× the baseline.
 *
 * Then `compression-level: auto` on already-compressed output: 64 MiB of
 * random bytes in 32 files, collected with the default (`auto`, which picks
 * level 0 from the archive's gzip ratio) and with level 6, alternating in the
 * same run. Target: the default's upload time ≤ 0.6× level 6's.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DefaultArtifactClient } from '@actions/artifact'
import { startArtifactService } from '../emulator/artifact-service.js'
import { startEmulator } from '../emulator/vm0/index.js'
import { collectOutputs } from '../src/artifacts/collect.js'
import type { Logger } from '../src/artifacts/logger.js'
import type { CompressionSetting } from '../src/settings/settings.js'
import { Vm0Client } from '../src/vm0/client.js'

const RUN_ID = '0e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b'
const SELF = fileURLToPath(import.meta.url)

interface ChildReport {
  ms: number
  /** Wall time of each log group (ours: 'Downloading output', 'Uploading output'). */
  phases: Record<string, number>
  /** Highest RSS sampled before the upload began. */
  downloadRssMb: number
  vmHwmMb: number
  sampledRssMb: number
  files: number
  bytes: number
}

// ---- child side ---------------------------------------------------------------------------

function vmHwmMb(): number {
  const status = readFileSync('/proc/self/status', 'utf8')
  const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0)
  return kb / 1024
}

const phases: Record<string, number> = {}
let phasePeak = 0

async function measured(work: () => Promise<{ files: number; bytes: number }>): Promise<void> {
  let peak = process.memoryUsage().rss
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 50)
  const started = performance.now()
  const { files, bytes } = await work()
  const ms = performance.now() - started
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  const report: ChildReport = {
    ms,
    phases,
    downloadRssMb: phasePeak / 1024 / 1024,
    vmHwmMb: vmHwmMb(),
    sampledRssMb: peak / 1024 / 1024,
    files,
    bytes
  }
  process.stdout.write(`\nBENCH_RESULT ${JSON.stringify(report)}\n`)
}

function listFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.isFile()) out.push(p)
    }
  }
  walk(dir)
  return out
}

/** Times each log group and samples the RSS of the download phase; quiet but for the level line. */
const timingLogger: Logger = {
  info: m => {
    if (m.startsWith('Compression level')) process.stderr.write(`  ${m}\n`)
  },
  warning: m => process.stderr.write(`warning: ${m}\n`),
  notice: m => process.stderr.write(`notice: ${m}\n`),
  setSecret: () => undefined,
  group: async (title, fn) => {
    const t0 = performance.now()
    let sampled = process.memoryUsage().rss
    const sampler = setInterval(() => {
      sampled = Math.max(sampled, process.memoryUsage().rss)
    }, 50)
    try {
      return await fn()
    } finally {
      clearInterval(sampler)
      phases[title] = performance.now() - t0
      if (title === 'Downloading output') phasePeak = sampled
    }
  }
}

/** Ours: `collectOutputs` of artifact `artifactName` at compression `level` (`auto` or 0–9). */
async function collectChild(args: string[]): Promise<void> {
  const [apiUrl, token, runnerTemp, name, artifactName, level] = args as [
    string,
    string,
    string,
    string,
    string,
    string
  ]
  const compressionLevel: CompressionSetting = level === 'auto' ? 'auto' : Number(level)
  await measured(async () => {
    const result = await collectOutputs({
      client: new Vm0Client({ baseUrl: apiUrl, token }),
      runId: RUN_ID,
      settings: {
        // The emulator's storage is on loopback: allowed because the API is too.
        apiUrl,
        artifactName,
        artifactVersion: null,
        collect: { kind: 'run' },
        path: null,
        upload: true,
        uploadName: name,
        retentionDays: null,
        compressionLevel,
        ifNoFilesFound: 'error',
        includeHiddenFiles: false,
        overwrite: false
      },
      runnerTemp,
      logger: timingLogger
    })
    return { files: result.files.length, bytes: result.totalBytes }
  })
}

async function child(kind: string, args: string[]): Promise<void> {
  if (kind === 'ours') {
    await collectChild(args)
  } else if (kind === 'upload') {
    const [dir, name] = args as [string, string]
    await measured(async () => {
      const files = listFiles(dir)
      await new DefaultArtifactClient().uploadArtifact(name, files, dir, { compressionLevel: 6 })
      return { files: files.length, bytes: 0 }
    })
  } else {
    throw new Error(`unknown child ${kind}`)
  }
}

// ---- parent side --------------------------------------------------------------------------

/** mulberry32: the same tree on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** ~`totalMiB` over ~2,000 files: many small, some medium, a few large; half incompressible. */
function makeTree(dir: string, totalMiB: number): { files: number; bytes: number } {
  const random = prng(42)
  const target = totalMiB * 1024 * 1024
  const text = Buffer.from(
    'The agent rewrote the module, ran the tests and wrote this line into a log file. '.repeat(1024)
  )
  const sizes: number[] = []
  for (let i = 0; i < 1900; i++) sizes.push(Math.floor(1024 + random() * 40 * 1024))
  for (let i = 0; i < 90; i++) sizes.push(Math.floor(256 * 1024 + random() * 1024 * 1024))
  const used = sizes.reduce((a, b) => a + b, 0)
  const large = 10
  for (let i = 0; i < large; i++) sizes.push(Math.max(0, Math.floor((target - used) / large)))
  let bytes = 0
  sizes.forEach((size, i) => {
    const sub = join(dir, `pkg${i % 40}`, `mod${i % 7}`)
    mkdirSync(sub, { recursive: true })
    const incompressible = i % 2 === 0
    const data = Buffer.alloc(size)
    if (incompressible) {
      for (let o = 0; o < size; o += 4)
        data.writeUInt32LE((random() * 2 ** 32) >>> 0, Math.min(o, size - 4))
    } else {
      for (let o = 0; o < size; o += text.length)
        text.copy(data, o, 0, Math.min(text.length, size - o))
    }
    writeFileSync(join(sub, `file${i}.${incompressible ? 'bin' : 'txt'}`), data)
    bytes += size
  })
  return { files: sizes.length, bytes }
}

function runChild(kind: string, args: string[], env: Record<string, string>): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [SELF, '--child', kind, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let out = ''
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
    p.on('close', code => {
      const line = /BENCH_RESULT (.+)/.exec(out)?.[1]
      if (code !== 0 || !line)
        reject(new Error(`${kind} child failed (${code}):\n${out.slice(-2000)}`))
      else resolve(JSON.parse(line) as ChildReport)
    })
  })
}

async function presignedUrl(apiUrl: string, token: string, artifactId: string, versionId: string) {
  const res = await fetch(`${apiUrl}/v1/artifacts/${artifactId}/download?versionId=${versionId}`, {
    headers: { authorization: `Bearer ${token}` },
    redirect: 'manual'
  })
  const location = res.headers.get('location')
  if (res.status !== 302 || !location) throw new Error(`download answered ${res.status}`)
  return location
}

function fmt(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`
}

type Emulator = Awaited<ReturnType<typeof startEmulator>>
type Tree = { files: number; bytes: number }
interface Round {
  curlTar: number
  bare: ChildReport
  ours: ChildReport
}
/** What every round downloads: the archived tree as an artifact version on the emulator. */
interface Source {
  emu: Emulator
  tree: Tree
  artifactId: string
  versionId: string
  /** The artifact service's variables, for the uploading children. */
  env: Record<string, string>
}

/** 32 files of 2 MiB of random bytes: output that is already compressed (media, archives). */
function makeMedia(dir: string): Tree {
  const random = prng(7)
  const size = 2 * 1024 * 1024
  for (let i = 0; i < 32; i++) {
    const data = Buffer.alloc(size)
    for (let o = 0; o < size; o += 4) data.writeUInt32LE((random() * 2 ** 32) >>> 0, o)
    mkdirSync(join(dir, `clip${i % 4}`), { recursive: true })
    writeFileSync(join(dir, `clip${i % 4}`, `frame${i}.webm`), data)
  }
  return { files: 32, bytes: 32 * size }
}

/** Makes a tree, archives it as the sandbox does and commits it to the emulator as `name`. */
function prepare(
  work: string,
  name: string,
  emu: Emulator,
  make: (dir: string) => Tree
): Omit<Source, 'env'> {
  const src = join(work, `src-${name}`)
  const tree = make(src)
  const archivePath = join(work, `${name}.tar.gz`)
  const made = spawnSync('tar', ['-C', src, '-czf', archivePath, '.'], { stdio: 'inherit' })
  if (made.status !== 0) throw new Error('tar -czf failed')
  const archive = readFileSync(archivePath)
  rmSync(src, { recursive: true, force: true })
  const { artifactId, versionId } = emu.addArtifactVersion(
    name,
    { archive },
    { message: `Checkpoint from run ${RUN_ID}`, createdBy: 'agent' }
  )
  console.log(
    `${name}: ${tree.files} files, ${(tree.bytes / 1024 / 1024).toFixed(1)} MiB; ` +
      `archive ${(archive.length / 1024 / 1024).toFixed(1)} MiB (tar -czf) served by the emulator's storage origin.`
  )
  return { emu, tree, artifactId, versionId }
}

/** Baseline: curl | tar, then a bare upload of the extracted tree. */
async function baseline(
  work: string,
  round: number,
  s: Source
): Promise<Omit<Round, 'ours'> & { base: string }> {
  const base = join(work, `base-${round}`)
  mkdirSync(base)
  const url = await presignedUrl(s.emu.url, s.emu.token, s.artifactId, s.versionId)
  const t0 = performance.now()
  // Asynchronous: the storage origin serving curl lives in this process.
  const status = await new Promise<number | null>(resolve =>
    spawn('sh', ['-c', 'curl -sf "$URL" | tar -xz -C "$DIR"'], {
      env: { ...process.env, URL: url, DIR: base },
      stdio: 'inherit'
    }).on('close', code => resolve(code))
  )
  const curlTar = performance.now() - t0
  if (status !== 0) throw new Error('curl | tar failed')
  const bare = await runChild('upload', [base, `bare-${round}`], s.env)
  return { curlTar, bare, base }
}

/** One round: the baseline, then ours, whose extraction must match the tree. */
async function runRound(work: string, round: number, s: Source): Promise<Round> {
  const { curlTar, bare, base } = await baseline(work, round, s)
  const runnerTemp = join(work, `ours-${round}`)
  mkdirSync(runnerTemp)
  const ours = await runChild(
    'ours',
    [s.emu.url, s.emu.token, runnerTemp, `ours-${round}`, 'bench', 'auto'],
    s.env
  )
  const { tree } = s
  if (ours.files !== tree.files || ours.bytes !== tree.bytes) {
    throw new Error(
      `ours extracted ${ours.files} files / ${ours.bytes} bytes, expected ${tree.files} / ${tree.bytes}`
    )
  }
  rmSync(base, { recursive: true, force: true })
  rmSync(runnerTemp, { recursive: true, force: true })
  console.log(
    `round ${round}: baseline ${fmt(curlTar)} + ${fmt(bare.ms)} = ${fmt(curlTar + bare.ms)}; ` +
      `ours ${fmt(ours.phases['Downloading output'] ?? NaN)} + ${fmt(ours.phases['Uploading output'] ?? NaN)} = ${fmt(ours.ms)}`
  )
  return { curlTar, bare, ours }
}

/** Upload times of the already-compressed output: the default (`auto`) and level 6. */
interface CompressionRound {
  auto: number
  level6: number
}

/** One round of the compression comparison; the order alternates so neither runs always first. */
async function compressionRound(work: string, round: number, s: Source): Promise<CompressionRound> {
  const times: Record<string, number> = {}
  const levels = round % 2 === 1 ? ['auto', '6'] : ['6', 'auto']
  for (const level of levels) {
    const runnerTemp = join(work, `media-${level}-${round}`)
    mkdirSync(runnerTemp)
    const name = `media-${level}-${round}`
    const args = [s.emu.url, s.emu.token, runnerTemp, name, 'bench-media', level]
    const ours = await runChild('ours', args, s.env)
    if (ours.files !== s.tree.files || ours.bytes !== s.tree.bytes) {
      throw new Error(`media: extracted ${ours.files} files / ${ours.bytes} bytes`)
    }
    times[level] = ours.phases['Uploading output'] ?? NaN
    rmSync(runnerTemp, { recursive: true, force: true })
  }
  const result = { auto: times['auto'] ?? NaN, level6: times['6'] ?? NaN }
  console.log(
    `media round ${round}: upload with the default (auto) ${fmt(result.auto)}, with level 6 ${fmt(result.level6)}`
  )
  return result
}

/** Prints the compression comparison (best round of each); true when the target is met. */
function reportCompression(results: CompressionRound[]): boolean {
  const auto = Math.min(...results.map(r => r.auto))
  const level6 = Math.min(...results.map(r => r.level6))
  const ratio = auto / level6
  const met = ratio <= 0.6
  console.log(
    `already-compressed output (64 MiB, 32 files): upload ${fmt(auto)} with the default ` +
      `(compression-level: auto) vs ${fmt(level6)} with level 6 = ${ratio.toFixed(2)}× ` +
      `(target ≤ 0.60×). ${met ? 'Target met.' : 'TARGET MISSED.'}`
  )
  return met
}

/** Prints the table of the best round of each (least disturbed by the machine); true when the targets are met. */
function report(results: Round[], rounds: number, started: number): boolean {
  const best = (pick: (r: Round) => number): number => Math.min(...results.map(pick))
  const curlTar = best(r => r.curlTar)
  const bare = best(r => r.bare.ms)
  const baseSum = best(r => r.curlTar + r.bare.ms)
  const ours = best(r => r.ours.ms)
  const oursHwm = Math.max(...results.map(r => r.ours.vmHwmMb))
  const oursSampled = Math.max(...results.map(r => r.ours.sampledRssMb))
  const bareHwm = Math.max(...results.map(r => r.bare.vmHwmMb))
  const row = (a: string, b: string, c: string): string =>
    `| ${a.padEnd(34)} | ${b.padStart(22)} | ${c.padStart(22)} |`
  console.log('')
  console.log(row('stage (best of ' + rounds + ')', 'baseline', 'ours (collectOutputs)'))
  console.log(row('-'.repeat(34), '-'.repeat(22), '-'.repeat(22)))
  const oursDownload = best(r => r.ours.phases['Downloading output'] ?? NaN)
  const oursUpload = best(r => r.ours.phases['Uploading output'] ?? NaN)
  const oursDownloadRss = Math.max(...results.map(r => r.ours.downloadRssMb))
  console.log(
    row('download + extract', `${fmt(curlTar)} (curl | tar)`, `${fmt(oursDownload)} (streamed)`)
  )
  console.log(row('upload (@actions/artifact)', fmt(bare), fmt(oursUpload)))
  console.log(row('total wall time', fmt(baseSum), fmt(ours)))
  console.log(
    row('peak RSS (VmHWM)', `${bareHwm.toFixed(0)} MB (upload)`, `${oursHwm.toFixed(0)} MB`)
  )
  console.log(row('peak RSS (sampled every 50 ms)', '', `${oursSampled.toFixed(0)} MB`))
  console.log(row('peak RSS, download + extract only', '', `${oursDownloadRss.toFixed(0)} MB`))
  console.log('')
  const ratio = ours / baseSum
  const met = ratio <= 1.0 && oursHwm < 200
  console.log(
    `ratio ours / baseline = ${ratio.toFixed(2)}× (target ≤ 1.00×); ` +
      `peak RSS ${oursHwm.toFixed(0)} MB (target < 200 MB; a bare @actions/artifact upload of the ` +
      `same tree peaks at ${bareHwm.toFixed(0)} MB). ` +
      `${met ? 'Targets met.' : 'TARGET MISSED.'} ` +
      `Bench took ${((Date.now() - started) / 1000).toFixed(0)} s.`
  )
  return met
}

async function parent(): Promise<void> {
  const argv = process.argv.slice(2)
  const flag = (name: string, fallback: number): number => {
    const i = argv.indexOf(name)
    return i >= 0 ? Number(argv[i + 1]) : fallback
  }
  const rounds = flag('--rounds', 2)
  const mib = flag('--mib', 200)
  const work = mkdtempSync(join(tmpdir(), 'vm0-bench-'))
  const started = Date.now()
  const emu = await startEmulator({ eventTickMs: 50 })
  const svc = await startArtifactService()
  try {
    const env = svc.env()
    const source: Source = { ...prepare(work, 'bench', emu, dir => makeTree(dir, mib)), env }
    const media: Source = { ...prepare(work, 'bench-media', emu, makeMedia), env }
    const results: Round[] = []
    for (let n = 1; n <= rounds; n++) results.push(await runRound(work, n, source))
    const compression: CompressionRound[] = []
    for (let n = 1; n <= Math.max(2, rounds); n++) {
      compression.push(await compressionRound(work, n, media))
    }
    const metMain = report(results, rounds, started)
    const metCompression = reportCompression(compression)
    if (!metMain || !metCompression) process.exitCode = 1
  } finally {
    await svc.close()
    await emu.close()
    rmSync(work, { recursive: true, force: true })
  }
}

const childAt = process.argv.indexOf('--child')
if (childAt >= 0) {
  await child(process.argv[childAt + 1] ?? '', process.argv.slice(childAt + 2))
} else {
  await parent()
}
