/**
 * Benchmark of hostile archives: each is served by the VM0 emulator's
 * storage origin and collected (download → safe extraction) with the default
 * limits in a child process, while the parent samples the child's peak RSS
 * (VmHWM) and the disk use of its folder every 20 ms. Each must be refused
 * within the limits: memory far below the unpacked size, disk at most
 * `max-output-size` (2 GiB by default).
 *
 *   npx tsc -p tsconfig.tools.json && node .build/scripts/bench-malicious.js
 */
import { spawn } from 'node:child_process'
import { lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { longNames, zeroBomb } from '../emulator/hostile-archives.js'
import { startEmulator } from '../emulator/vm0/index.js'
import { collectOutputs } from '../src/artifacts/collect.js'
import { Vm0Client } from '../src/vm0/client.js'
import { Goals } from './bench-check.js'

/** `max-output-size`'s default, which the disk used must stay within. */
const MAX_OUTPUT_MIB = 2048

const RUN_ID = '5b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b'
const SELF = fileURLToPath(import.meta.url)
const GiB = 1024 ** 3

/** The child: one collection with the default limits; prints how it ended. */
async function child(
  apiUrl: string,
  token: string,
  runnerTemp: string,
  name: string
): Promise<void> {
  const quiet = {
    info: () => undefined,
    notice: () => undefined,
    warning: () => undefined,
    setSecret: () => undefined
  }
  let outcome: string
  try {
    const result = await collectOutputs({
      client: new Vm0Client({ baseUrl: apiUrl, token }),
      runId: RUN_ID,
      settings: {
        apiUrl,
        artifactName: name,
        artifactVersion: null,
        collect: { kind: 'run' },
        path: null,
        upload: false,
        uploadName: null,
        retentionDays: null,
        compressionLevel: 6,
        ifNoFilesFound: 'warn',
        includeHiddenFiles: false,
        overwrite: false
      },
      runnerTemp,
      logger: { ...quiet, group: (_title, fn) => fn() }
    })
    outcome = `collected ${result.files.length} files, ${result.skipped.length} skipped listed`
  } catch (error) {
    outcome = `refused: ${(error as Error).message}`
  }
  process.stdout.write(`BENCH_RESULT ${JSON.stringify({ outcome })}\n`)
}

/** Bytes the tree under `dir` takes on disk (allocated blocks), links not followed. */
function diskUse(dir: string): number {
  let total = 0
  let items
  try {
    items = readdirSync(dir, { withFileTypes: true })
  } catch {
    return 0
  }
  for (const item of items) {
    const path = join(dir, item.name)
    try {
      total += item.isDirectory() ? diskUse(path) : lstatSync(path).blocks * 512
    } catch {
      // Removed while walking.
    }
  }
  return total
}

interface Measured {
  ms: number
  rssMb: number
  diskMb: number
  outcome: string
}

function measure(apiUrl: string, token: string, name: string): Promise<Measured> {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'vm0-bench-malicious-'))
  const started = performance.now()
  const p = spawn(process.execPath, [SELF, '--child', apiUrl, token, runnerTemp, name], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  let rss = 0
  let disk = 0
  const sampler = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${p.pid}/status`, 'utf8')
      rss = Math.max(rss, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024)
    } catch {
      // Exited.
    }
    disk = Math.max(disk, diskUse(runnerTemp))
  }, 20)
  let out = ''
  p.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  return new Promise(resolve => {
    p.on('close', () => {
      clearInterval(sampler)
      rmSync(runnerTemp, { recursive: true, force: true })
      const line = out.split('\n').find(l => l.startsWith('BENCH_RESULT ')) ?? 'BENCH_RESULT {}'
      const { outcome } = JSON.parse(line.slice('BENCH_RESULT '.length)) as { outcome?: string }
      resolve({
        ms: performance.now() - started,
        rssMb: rss / 1024 / 1024,
        diskMb: disk / 1024 / 1024,
        outcome: outcome ?? `no result (exit code ${p.exitCode})`
      })
    })
  })
}

async function parent(): Promise<void> {
  const cases: Array<{ name: string; what: string; unpacked: string; archive: Buffer }> = [
    {
      name: 'long-names',
      what: '6,000 skipped links, 500 KB names and targets',
      unpacked: '~6 GB of tar headers',
      archive: longNames(6000, 500_000)
    },
    {
      name: 'bomb-10x1GiB',
      what: '10 GiB gzip bomb, 10 files of 1 GiB zeros',
      unpacked: '10 GiB',
      archive: zeroBomb(10, GiB)
    },
    {
      name: 'bomb-1x10GiB',
      what: '10 GiB gzip bomb, 1 file of 10 GiB zeros',
      unpacked: '10 GiB',
      archive: zeroBomb(1, 10 * GiB)
    }
  ]
  const emu = await startEmulator({})
  try {
    for (const c of cases) {
      emu.addArtifactVersion(
        c.name,
        { archive: c.archive },
        { message: `Checkpoint from run ${RUN_ID}`, createdBy: 'agent' }
      )
    }
    const goals = new Goals()
    console.log('Hostile archives, default limits (max-output-size 2GiB, max-output-files 50000):')
    for (const c of cases) {
      const m = await measure(emu.url, emu.token, c.name)
      const size = (c.archive.length / 1024 / 1024).toFixed(1)
      console.log(`\n  ${c.name}: ${c.what} (${size} MiB on the wire, ${c.unpacked} unpacked)`)
      console.log(
        `    ${(m.ms / 1000).toFixed(1)} s, peak RSS ${m.rssMb.toFixed(0)} MiB, ` +
          `peak disk ${m.diskMb.toFixed(0)} MiB`
      )
      console.log(`    ${m.outcome.slice(0, 160)}`)
      // Refused, or collected with what is unsafe skipped: either way an answer, not a crash.
      const answered = !m.outcome.startsWith('no result')
      const withinDisk = m.diskMb <= MAX_OUTPUT_MIB
      console.log(
        `    goal: an answer, not a crash (${goals.check(answered)}); peak disk ≤ ${MAX_OUTPUT_MIB} MiB (${goals.check(withinDisk)})`
      )
    }
    goals.summary()
  } finally {
    await emu.close()
  }
}

const args = process.argv.slice(2)
if (args[0] === '--child') {
  const [apiUrl, token, runnerTemp, name] = args.slice(1) as [string, string, string, string]
  await child(apiUrl, token, runnerTemp, name)
} else {
  await parent()
}
