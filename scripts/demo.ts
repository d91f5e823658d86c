/**
 * `npm run demo`: the action's main job on the embedded VM0 emulator.
 * Starts the emulator with sample agents and the local artifact service,
 * runs the bundled dist/index.js exactly as the GitHub runner would, and
 * shows the log as the runner displays it (fence lines included) and the
 * outputs. No VM0 account needed.
 *
 *   npm run demo                  a platform run: a PAT, `agent: Demo Agent` (display name);
 *                                 the files the agent publishes become a workflow artifact
 *   npm run demo -- codex         the same with a Codex agent
 *   npm run demo -- v1 [codex]    a run on the retired /v1 API
 *
 * On `/v1` the emulator behaves like the last `/v1`: a run started by agent
 * name writes no artifact version, and nor does a run that continues the
 * session it opened; only a session opened with an artifact (the CLI's
 * `vm0 run --artifact-name`) writes files. So that demo opens such a session
 * on the emulator and the step continues it with `session-id`, which is how a
 * workflow collected output files there.
 *
 * The step runs on a pull request against a loopback fake of the GitHub API
 * with `comment-on-pr: true`, so the demo also shows, offline, the comment it
 * would post: the job summary and the comment body are written to
 * `.local-action/demo/` (git-ignored) and their paths printed.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startArtifactService } from '../emulator/artifact-service.js'
import { startGitHubApi, type GitHubApi } from '../emulator/github-api.js'
import type { ArtifactService } from '../emulator/artifact-service.js'
import { codexSampleScript, sampleScript } from '../emulator/vm0/index.js'
import { startEmulator } from '../emulator/vm0/index.js'
import {
  runStep,
  runnerNode,
  type StepOptions,
  type StepResult
} from '../emulator/runner/harness.js'
import { createRunnerView } from '../__tests__/support/runner-view.js'

const rule = (title: string): void => {
  process.stdout.write(
    `\n\u001b[1m── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}\u001b[0m\n`
  )
}

type Emulator = Awaited<ReturnType<typeof startEmulator>>

/** What the demo runs: on which surface, with which agent framework. */
export function demoMode(args: readonly string[]): { surface: 'platform' | 'v1'; codex: boolean } {
  const unknown = args.filter(arg => arg !== 'v1' && arg !== 'codex' && arg !== 'platform')
  if (unknown.length > 0) {
    throw new Error(`unknown argument '${unknown[0]}': use [platform|v1] [codex]`)
  }
  return { surface: args.includes('v1') ? 'v1' : 'platform', codex: args.includes('codex') }
}

/** The step's inputs on the platform: the PAT and an agent by display name, nothing /v1-only. */
export function platformInputs(
  emulator: Emulator,
  displayName: string,
  prompt: string
): Record<string, string> {
  return { 'vm0-token': emulator.platform.pat, 'api-url': emulator.url, agent: displayName, prompt }
}

const PROMPT = 'Run the test suite, fix what fails, and write a short report.'

/** Seeds the platform agent and answers the step's inputs. */
export function preparePlatform(emulator: Emulator, codex: boolean): Record<string, string> {
  const displayName = codex ? 'Codex Agent' : 'Demo Agent'
  emulator.platform.addAgent(displayName, {
    ...(codex ? { framework: 'codex', selectedModel: 'gpt-5-codex' } : {}),
    script: codex ? codexSampleScript() : sampleScript()
  })
  console.log(
    `Platform API ${emulator.url} (a personal access token, vm0_pat_…), storage ` +
      `${emulator.storageUrl}; agent '${displayName}', picked by display name. Each run ` +
      'starts a new thread; the files the agent publishes are uploaded as a workflow artifact.'
  )
  return platformInputs(emulator, displayName, PROMPT)
}

/** Seeds `demo-agent` on /v1, opens a session with an artifact and answers the step's inputs. */
function prepareV1(emulator: Emulator, codex: boolean): Record<string, string> {
  emulator.addAgent('demo-agent', { script: codex ? codexSampleScript() : sampleScript() })
  console.log(`/v1 API ${emulator.url}, storage ${emulator.storageUrl}; agent 'demo-agent'`)
  const { sessionId } = emulator.openSession('demo-agent', 'demo-output')
  console.log(
    `Session ${sessionId} of 'demo-agent' opened with the artifact 'demo-output', as ` +
      '`vm0 run demo-agent --artifact-name demo-output` opens one. The step continues it with ' +
      '`session-id`: on /v1 only runs that continue a session opened with an artifact write ' +
      'files (a run started by agent name writes none, nor does the session it opens).'
  )
  return {
    'vm0-token': emulator.token,
    'api-url': emulator.url,
    'session-id': sessionId,
    prompt: PROMPT,
    'artifact-name': 'demo-output',
    variables: 'TARGET=main',
    secrets: 'NPM_TOKEN=npm_demo_secret_value'
  }
}

function report(step: StepResult, completedAt: number | null, artifacts: ArtifactService): void {
  rule('Step outputs (GITHUB_OUTPUT)')
  for (const [name, value] of Object.entries(step.outputs)) {
    const shown = value.length > 200 ? `${value.slice(0, 200)}…` : value
    console.log(`${name.padEnd(18)} ${shown.replace(/\n/g, '\\n')}`)
  }
  rule('Result')
  const exitAfter =
    completedAt !== null ? `, exit ${step.endedAt - completedAt} ms after the run completed` : ''
  console.log(`exit code ${step.code} in ${(step.durationMs / 1000).toFixed(1)} s${exitAfter}`)
  const { displayed, fenceLines } = step.parsed
  console.log(
    `log: ${displayed.length} displayed lines, ${fenceLines} fence lines (${((100 * fenceLines) / Math.max(1, displayed.length)).toFixed(1)} %)`
  )
  if (step.summary) console.log(`job summary: ${step.summary.length} bytes of Markdown`)
  for (const artifact of artifacts.artifacts()) {
    console.log(`workflow artifact '${artifact.name}': ${artifact.size} bytes`)
  }
}

/** The pull request the demo's step runs on, so it posts its comment (to the fake GitHub API). */
const DEMO_PR = 7

/**
 * The demo step's pull request: its event, `comment-on-pr: true`, and the fake
 * GitHub API at `githubUrl` (the README's sample log runs the same step).
 */
export function onDemoPullRequest(
  inputs: Record<string, string>,
  env: Record<string, string>,
  githubUrl: string
): Pick<StepOptions, 'inputs' | 'env' | 'event' | 'eventName'> {
  return {
    inputs: { ...inputs, 'comment-on-pr': 'true' },
    env: { ...env, GITHUB_API_URL: githubUrl },
    event: { number: DEMO_PR, pull_request: { number: DEMO_PR } },
    eventName: 'pull_request'
  }
}

/** The fake GitHub API the demo's step comments through. */
export function startDemoGitHub(): Promise<GitHubApi> {
  return startGitHubApi({ pullRequests: [{ number: DEMO_PR }] })
}

/** Where the demo wrote the job summary and the PR comment body. */
export interface DemoFiles {
  summaryFile: string
  commentFile: string
}

/** Writes the step's job summary and the comment the fake GitHub API received under `outDir`. */
function writeReportFiles(step: StepResult, github: GitHubApi, outDir: string): DemoFiles {
  mkdirSync(outDir, { recursive: true })
  const summaryFile = join(outDir, 'summary.md')
  const commentFile = join(outDir, 'pr-comment.md')
  writeFileSync(summaryFile, step.summary)
  // The body as last written: the comment is posted when the run starts, then updated.
  writeFileSync(commentFile, github.comments(DEMO_PR).at(-1)?.body ?? '')
  return { summaryFile, commentFile }
}

/**
 * The demo: the emulator, the step as the runner runs it, its outputs, and the
 * summary and comment written to files in `outDir`. `write` shows the log.
 */
export async function runDemo(
  args: readonly string[],
  outDir: string,
  write: (text: string) => void
): Promise<{ step: StepResult } & DemoFiles> {
  const { surface, codex } = demoMode(args)
  const emulator = await startEmulator({ eventTickMs: 250, surfaces: surface })
  const artifacts = await startArtifactService()
  const github = await startDemoGitHub()
  try {
    rule(`VM0 emulator (${surface === 'v1' ? 'the retired /v1 API' : 'the platform'})`)
    const inputs = surface === 'v1' ? prepareV1(emulator, codex) : preparePlatform(emulator, codex)
    console.log(`Running dist/index.js under ${runnerNode()} like the runner does…`)
    rule('Step log, as the runner displays it (▾ = a collapsible group; fence lines dimmed)')
    const step = await runStep({
      ...onDemoPullRequest(inputs, artifacts.env(), github.url),
      onStdout: createRunnerView(write)
    })
    const runs = surface === 'v1' ? emulator.runs() : emulator.platform.runs()
    report(step, runs.at(-1)?.completedAt ?? null, artifacts)
    return { step, ...writeReportFiles(step, github, outDir) }
  } finally {
    await github.close()
    await artifacts.close()
    await emulator.close()
  }
}

async function main(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
  const { step, summaryFile, commentFile } = await runDemo(
    process.argv.slice(2),
    join(root, '.local-action', 'demo'),
    text => void process.stdout.write(text)
  )
  console.log(`job summary written to ${summaryFile}`)
  console.log(`PR comment body written to ${commentFile}`)
  process.exitCode = step.code === 0 ? 0 : 1
}

// Run only as the entry point: tests import the argument parsing and the inputs.
if (process.argv[1]?.endsWith('demo.js')) await main()
