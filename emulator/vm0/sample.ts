/** A realistic short Claude Code session, for the demo and for tests that want one. */
import type { PublishedFileSpec, RunScript, ScriptStep } from './types.js'

/** The session the sample's events name (`session_id`), and that its runs keep. */
export const SAMPLE_SESSION_ID = '4f7c2a9e-1b3d-4c5e-8f60-7a8b9c0d1e2f'
const SESSION = SAMPLE_SESSION_ID

const GREETING_BEFORE = "export const greet = (name: string) => 'Hello ' + name\n"
const GREETING_AFTER = 'export const greet = (name: string): string => `Hello, ${name}!`\n'

/** The sandbox starting, the agent's init and its first words. */
function startingUp(): ScriptStep[] {
  return [
    { at: 0, system: 'Sandbox ready: image vm0/claude-code, 2 vCPU, 4 GiB' },
    { at: 0, system: 'Mounted artifact at /home/user/workspace' },
    {
      at: 150,
      agent: {
        type: 'system',
        subtype: 'init',
        session_id: SESSION,
        cwd: '/home/user/workspace',
        model: 'claude-sonnet-4-5',
        tools: ['Bash', 'Read', 'Edit', 'Write', 'Glob', 'Grep'],
        permissionMode: 'bypassPermissions'
      }
    },
    {
      at: 500,
      agent: {
        type: 'assistant',
        message: {
          role: 'assistant',
          content: [{ type: 'text', text: "I'll look at the project layout first." }]
        },
        session_id: SESSION
      }
    }
  ]
}

/** A look around with Bash, and the network call it made. */
function listingFiles(): ScriptStep[] {
  return [
    {
      at: 750,
      agent: {
        type: 'assistant',
        message: {
          role: 'assistant',
          content: [
            {
              type: 'tool_use',
              id: 'toolu_01A2b3C4d5E6f7G8h9J0k1L2',
              name: 'Bash',
              input: { command: 'ls -la src', description: 'List the source files' }
            }
          ]
        },
        session_id: SESSION
      }
    },
    {
      at: 900,
      network: {
        method: 'GET',
        url: 'https://registry.npmjs.org/typescript',
        status: 200,
        duration: 143
      }
    },
    {
      at: 1000,
      agent: {
        type: 'user',
        message: {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_01A2b3C4d5E6f7G8h9J0k1L2',
              content: 'total 8\n-rw-r--r-- 1 user user  58 Jan  1 00:00 greeting.ts\n',
              is_error: false
            }
          ]
        },
        session_id: SESSION
      }
    }
  ]
}

/** The Edit of the greeting, and a failing network call while it runs. */
function editingTheGreeting(): ScriptStep[] {
  return [
    {
      at: 1400,
      agent: {
        type: 'assistant',
        message: {
          role: 'assistant',
          content: [
            {
              type: 'text',
              text: 'The greeting lacks a return type and punctuation; fixing it.'
            },
            {
              type: 'tool_use',
              id: 'toolu_01M3n4P5q6R7s8T9u0V1w2X3',
              name: 'Edit',
              input: {
                file_path: '/home/user/workspace/src/greeting.ts',
                old_string: GREETING_BEFORE,
                new_string: GREETING_AFTER
              }
            }
          ]
        },
        session_id: SESSION
      }
    },
    {
      at: 1500,
      network: {
        method: 'GET',
        url: 'https://api.github.com/repos/acme/widgets/issues/42',
        status: 404,
        duration: 87
      }
    },
    { at: 1550, system: 'warning: GitHub issue lookup failed (404), continuing without it' },
    {
      at: 1700,
      agent: {
        type: 'user',
        message: {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_01M3n4P5q6R7s8T9u0V1w2X3',
              content: 'The file /home/user/workspace/src/greeting.ts has been updated.'
            }
          ]
        },
        session_id: SESSION
      }
    }
  ]
}

/** A summary, the final `result` with cost, turns and duration, and the commit. */
function finishing(): ScriptStep[] {
  return [
    {
      at: 2300,
      agent: {
        type: 'assistant',
        message: {
          role: 'assistant',
          content: [{ type: 'text', text: 'Updated `greet` and added a CHANGELOG entry.' }]
        },
        session_id: SESSION
      }
    },
    {
      at: 2700,
      agent: {
        type: 'result',
        subtype: 'success',
        is_error: false,
        result:
          'Fixed the greeting in src/greeting.ts (typed return, punctuation) and noted it in CHANGELOG.md.',
        session_id: SESSION,
        total_cost_usd: 0.0421,
        num_turns: 4,
        duration_ms: 2550,
        duration_api_ms: 2210,
        usage: {
          input_tokens: 5230,
          output_tokens: 412,
          cache_read_input_tokens: 12000,
          cache_creation_input_tokens: 0
        }
      }
    },
    { at: 2850, system: 'Agent exited with code 0; committing artifact' }
  ]
}

/** On the platform the agent publishes files instead of committing an artifact: a report and its data. */
function published(): PublishedFileSpec[] {
  return [
    {
      filename: 'report.md',
      contentType: 'text/markdown',
      content:
        '# Report\n\nFixed `greet()` in src/greeting.ts: typed return value, friendlier punctuation.\n'
    },
    {
      filename: 'results.json',
      contentType: 'application/json',
      content: '{"filesChanged":2,"testsPassed":61,"testsFailed":0}\n'
    }
  ]
}

/**
 * About three seconds: init, a look around with Bash, an Edit, a failing
 * network call, a summary and a final `result` with cost, turns and duration;
 * the run leaves two output files.
 */
export function sampleScript(): RunScript {
  return {
    pendingMs: 300,
    durationMs: 3000,
    // The session the events mention, so a continued run stays coherent.
    sessionId: SESSION,
    steps: [...startingUp(), ...listingFiles(), ...editingTheGreeting(), ...finishing()],
    files: {
      'src/greeting.ts': GREETING_AFTER,
      'CHANGELOG.md': '# Changelog\n\n- greet(): typed return value, friendlier punctuation\n'
    },
    publish: published(),
    metrics: [
      { cpuPercent: 18.4, memoryUsedMb: 620, memoryTotalMb: 4096 },
      { cpuPercent: 64.2, memoryUsedMb: 1180, memoryTotalMb: 4096 },
      { cpuPercent: 41.7, memoryUsedMb: 1320, memoryTotalMb: 4096 },
      { cpuPercent: 22.9, memoryUsedMb: 990, memoryTotalMb: 4096 },
      { cpuPercent: 9.3, memoryUsedMb: 700, memoryTotalMb: 4096 }
    ]
  }
}
