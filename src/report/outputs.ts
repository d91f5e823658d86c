import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as core from '@actions/core'
import { runFolder } from '../artifacts/paths.js'

/** Every output the action sets, by name (action.yml documents each). */
export const Outputs = {
  RunId: 'run-id',
  Status: 'status',
  Error: 'error',
  Output: 'output',
  OutputFile: 'output-file',
  ExecutionTimeMs: 'execution-time-ms',
  SessionId: 'session-id',
  CheckpointId: 'checkpoint-id',
  CostUsd: 'cost-usd',
  NumTurns: 'num-turns',
  Metrics: 'metrics',
  ArtifactVersion: 'artifact-version',
  ArtifactsPath: 'artifacts-path',
  ArtifactId: 'artifact-id',
  ArtifactUrl: 'artifact-url',
  ArtifactDigest: 'artifact-digest'
} as const

export type OutputName = (typeof Outputs)[keyof typeof Outputs]

/** Each output stays under this many bytes, so all of them stay far below the runner's 1 MB per job. */
export const MAX_OUTPUT_BYTES = 64 * 1024

/** What the action hands to later steps; absent fields are not set. */
export type ActionResult = Partial<Record<OutputName, string | number | null>>

/**
 * Cuts text to at most `maxBytes` of UTF-8 without splitting a character.
 * Returns the text unchanged when it fits.
 */
export function capUtf8(text: string, maxBytes: number = MAX_OUTPUT_BYTES): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text
  const buf = Buffer.from(text, 'utf8')
  let end = maxBytes
  // Step back over continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--
  return buf.subarray(0, end).toString('utf8')
}

/** Sets every present output, each capped; the one place outputs are written. */
export function setOutputs(
  result: ActionResult,
  setOutput: (name: string, value: string) => void = core.setOutput
): void {
  for (const [name, value] of Object.entries(result)) {
    if (value === undefined || value === null) continue
    setOutput(name, capUtf8(String(value)))
  }
}

/** Writes the whole final answer to a file under `RUNNER_TEMP` and returns its path. */
export function writeAnswerFile(runnerTemp: string, runId: string, answer: string): string {
  const dir = runFolder(runnerTemp, runId)
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'output.md')
  writeFileSync(file, answer)
  return file
}
