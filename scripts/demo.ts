/**
 * `npm run demo`: the action's main job on the embedded VM0 emulator.
 * Starts the emulator with a sample agent and the local artifact service,
 * runs the bundled dist/index.js exactly as the GitHub runner would, and
 * shows the log as the runner displays it (fence lines included) and the
 * outputs. No VM0 account needed. `npm run demo -- codex` runs a Codex agent.
 *
 * The emulator behaves like the current `/v1`: a run started by agent name
 * writes no artifact version, a run that continues a session does. So the
 * demo first opens a session (as `vm0 run` would) and the step continues it
 * with `session-id`, which is how a workflow collects output files today.
 */
import { startArtifactService } from '../emulator/artifact-service.js'
import { codexSampleScript, sampleScript } from '../emulator/vm0/index.js'
import { startEmulator } from '../emulator/vm0/index.js'
import { runStep, runnerNode } from '../emulator/runner/harness.js'
import { createRunnerView } from '../__tests__/support/runner-view.js'

const rule = (title: string): void => {
  process.stdout.write(
    `\n\u001b[1m── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}\u001b[0m\n`
  )
}

type Emulator = Awaited<ReturnType<typeof startEmulator>>

/** Opens a session of `demo-agent` writing to `demo-output`, as a first `vm0 run` would. */
async function openSession(emulator: Emulator): Promise<string> {
  const res = await fetch(`${emulator.url}/v1/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ agent: 'demo-agent', prompt: 'Set up.', artifactName: 'demo-output' })
  })
  const { id } = (await res.json()) as { id: string }
  emulator.finishRun(id)
  const sessionId = emulator.getRun(id)?.sessionId
  if (!sessionId) throw new Error('demo: the first run opened no session')
  return sessionId
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ eventTickMs: 250 })
  const codex = process.argv.includes('codex')
  emulator.addAgent('demo-agent', { script: codex ? codexSampleScript() : sampleScript() })
  const artifacts = await startArtifactService()
  try {
    rule('VM0 emulator')
    console.log(`API ${emulator.url}, storage ${emulator.storageUrl}; agent 'demo-agent'`)
    const sessionId = await openSession(emulator)
    console.log(
      `Session ${sessionId} opened by a first run of 'demo-agent'. The step continues it with ` +
        '`session-id`: on the current /v1 only such runs write an artifact version (a run ' +
        'started by agent name writes none), so this is what collects output files.'
    )
    console.log(`Running dist/index.js under ${runnerNode()} like the runner does…`)
    rule('Step log, as the runner displays it (▾ = a collapsible group; fence lines dimmed)')
    const step = await runStep({
      inputs: {
        'vm0-token': emulator.token,
        'api-url': emulator.url,
        'session-id': sessionId,
        prompt: 'Run the test suite, fix what fails, and write a short report.',
        'artifact-name': 'demo-output',
        variables: 'TARGET=main',
        secrets: 'NPM_TOKEN=npm_demo_secret_value'
      },
      env: artifacts.env(),
      onStdout: createRunnerView(text => process.stdout.write(text))
    })
    rule('Step outputs (GITHUB_OUTPUT)')
    for (const [name, value] of Object.entries(step.outputs)) {
      const shown = value.length > 200 ? `${value.slice(0, 200)}…` : value
      console.log(`${name.padEnd(18)} ${shown.replace(/\n/g, '\\n')}`)
    }
    rule('Result')
    const completedAt = emulator.runs()[0]?.completedAt ?? null
    const exitAfter =
      completedAt !== null ? `, exit ${step.endedAt - completedAt} ms after the run completed` : ''
    console.log(`exit code ${step.code} in ${(step.durationMs / 1000).toFixed(1)} s${exitAfter}`)
    const { displayed, fenceLines } = step.parsed
    console.log(
      `log: ${displayed.length} displayed lines, ${fenceLines} fence lines (${((100 * fenceLines) / Math.max(1, displayed.length)).toFixed(1)} %)`
    )
    if (step.summary) console.log(`job summary: ${step.summary.length} bytes of Markdown`)
    process.exitCode = step.code === 0 ? 0 : 1
  } finally {
    await artifacts.close()
    await emulator.close()
  }
}

await main()
