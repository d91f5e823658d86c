/**
 * A short scripted Codex session (`codex exec --json` events), for the demo
 * and for tests: a look around, a failing test run with long output, a fix
 * (file change), a passing run, and the answer as the last `agent_message`.
 */
import type { RunScript, ScriptStep } from './types.js'

const THREAD = '0199a213-81c0-7800-8aa1-bbab2a035a53'

function command(
  at: number,
  id: string,
  cmd: string,
  output: string,
  exitCode: number,
  tookMs: number
): ScriptStep[] {
  const item = { id, type: 'command_execution', command: `bash -lc '${cmd}'` }
  return [
    {
      at,
      agent: {
        type: 'item.started',
        item: { ...item, aggregated_output: '', exit_code: null, status: 'in_progress' }
      }
    },
    {
      at: at + tookMs,
      agent: {
        type: 'item.completed',
        item: {
          ...item,
          aggregated_output: output,
          exit_code: exitCode,
          status: exitCode === 0 ? 'completed' : 'failed'
        }
      }
    }
  ]
}

/** A test run of `passing` passing cases, then (when `failing`) one failure at the very end. */
export function testOutput(passing: number, failing: boolean): string {
  const lines = ['> widgets@1.0.0 test', '> node --test', '']
  for (let i = 0; i < passing; i++) lines.push(`✔ greeting case ${i} (0.${i % 10}ms)`)
  if (failing) {
    lines.push(
      '✖ greet() punctuates the name (1.2ms)',
      "  AssertionError: 'Hello Ada' !== 'Hello, Ada!'",
      `ℹ tests ${passing + 1}`,
      `ℹ pass ${passing}`,
      'ℹ fail 1'
    )
  } else {
    lines.push(`ℹ tests ${passing}`, `ℹ pass ${passing}`, 'ℹ fail 0')
  }
  return `${lines.join('\n')}\n`
}

/** The test run that fails, the message, the fix and the run that passes. */
function fixing(): ScriptStep[] {
  return [
    ...command(400, 'item_1', 'npm test', testOutput(60, true), 1, 700),
    {
      at: 700,
      network: {
        method: 'GET',
        url: 'https://registry.npmjs.org/typescript',
        status: 200,
        duration: 96
      }
    },
    {
      at: 1300,
      agent: {
        type: 'item.completed',
        item: {
          id: 'item_2',
          type: 'agent_message',
          text: 'The greeting lacks punctuation; fixing src/greeting.ts.'
        }
      }
    },
    {
      at: 1500,
      agent: {
        type: 'item.completed',
        item: {
          id: 'item_3',
          type: 'file_change',
          changes: [{ path: 'src/greeting.ts', kind: 'update' }],
          status: 'completed'
        }
      }
    },
    ...command(1700, 'item_4', 'npm test', testOutput(61, false), 0, 600)
  ]
}

/** About three seconds of a Codex agent fixing a failing test; the run leaves one file. */
export function codexSampleScript(): RunScript {
  const steps: ScriptStep[] = [
    { at: 0, system: 'Sandbox ready: image vm0/codex, 2 vCPU, 4 GiB' },
    { at: 100, agent: { type: 'thread.started', thread_id: THREAD } },
    { at: 120, agent: { type: 'turn.started' } },
    {
      at: 300,
      agent: {
        type: 'item.completed',
        item: { id: 'item_0', type: 'reasoning', text: '**Running the tests to see what fails**' }
      }
    },
    ...fixing(),
    {
      at: 2500,
      agent: {
        type: 'item.completed',
        item: {
          id: 'item_5',
          type: 'agent_message',
          text: 'Fixed `greet()` in src/greeting.ts: it now returns `Hello, <name>!`. All 61 tests pass.'
        }
      }
    },
    {
      at: 2600,
      agent: {
        type: 'turn.completed',
        usage: { input_tokens: 24_310, cached_input_tokens: 19_200, output_tokens: 1_184 }
      }
    },
    { at: 2700, system: 'Agent exited with code 0; committing artifact' }
  ]
  return {
    pendingMs: 300,
    durationMs: 2900,
    steps,
    files: {
      'src/greeting.ts': 'export const greet = (name: string): string => `Hello, ${name}!`\n'
    },
    publish: [
      {
        filename: 'report.md',
        contentType: 'text/markdown',
        content: '# Report\n\n`greet()` returns `Hello, <name>!`; 61 tests pass.\n'
      },
      { filename: 'tests.csv', contentType: 'text/csv', content: 'suite,passed,failed\nall,61,0\n' }
    ]
  }
}
