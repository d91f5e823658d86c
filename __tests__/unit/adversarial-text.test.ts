/**
 * F3: a 5 MB hostile final answer (or tool result) must not stall the action.
 * Each step that handles the answer after the run ended (redaction, the job
 * summary, the PR comment body, the log rendering) stays under 1 s of CPU.
 */
import { describe, expect, it } from '@jest/globals'
import { parseAgentEvent } from '../../src/agent/parse.js'
import { Renderer } from '../../src/render/renderer.js'
import { PrCommenter, type GitHubClient } from '../../src/report/pr-comment.js'
import { buildSummary } from '../../src/report/summary.js'
import { createRedactor, registerSecrets } from '../../src/text/secrets.js'
import { CapturePrinter } from '../support/capture-printer.js'

const MB5 = 5 * 1024 * 1024
const SECRETS = [
  'vm0_live_Zq3xW9pL2mN8vB4cR7tY1uK6',
  'ghs_0123456789abcdefghijABCDEFGHIJ',
  'p@ss w0rd+/='
]

const ANSWERS: Record<string, string> = {
  'https:// repeated': 'https://'.repeat(MB5 / 8),
  'https://x? with & repeated': `https://x.s3.amazonaws.com/k?${'a=1&'.repeat(MB5 / 4)}`,
  'a run of backticks': '`'.repeat(MB5),
  'a run of <': '<'.repeat(MB5),
  'a run of @': '@'.repeat(MB5),
  'a run of newlines before text': `${'\n'.repeat(MB5)}x`,
  'escape starts': '\u001b['.repeat(MB5 / 2),
  'OSC starts': '\u001b]'.repeat(MB5 / 2),
  'secret prefixes': 'vm0_live_Zq3xW9pL2mN8vB4cR7tY1uK'.repeat(MB5 / 32),
  // What micromark (the summary's Markdown parser) is slow on: delimiters it pairs with a
  // backwards search, deep nesting, many small paragraphs, and ordinary Markdown in bulk.
  'emphasis delimiters': '*_'.repeat(MB5 / 2),
  'emphasis delimiters in short paragraphs': `${'*_'.repeat(100)}\n\n`.repeat(MB5 / 202),
  'unmatched brackets': 'a]'.repeat(MB5 / 2),
  'deep quotes': '> '.repeat(MB5 / 2),
  'deep quote with lazy lines': `${'> '.repeat(8)}x\n${'y\n'.repeat(MB5 / 2)}`,
  'fence lines': '```\n'.repeat(MB5 / 4),
  'one long fenced block': `\`\`\`\n${'*_[a]\n'.repeat(MB5 / 6)}`,
  'many short paragraphs': 'word\n\n'.repeat(MB5 / 6),
  'Markdown of every kind':
    '## T\n\n*a* **b** `c` [d](https://e.example) @f #1\n\n- g\n  - h\n\n| i | j |\n| - | - |\n| k | l |\n\n```\nm\n```\n\n> n\n\n'.repeat(
      MB5 / 120
    )
}

/**
 * Asserts a step's CPU time (user + system of this process) stays under 1 s:
 * the work itself, which is what would block the event loop, measured so that
 * other processes sharing the machine do not count.
 */
async function timed(what: string, fn: () => unknown): Promise<void> {
  const before = process.cpuUsage()
  await fn()
  const used = process.cpuUsage(before)
  const ms = (used.user + used.system) / 1000
  if (process.env.SHOW_MS) process.stdout.write(`${what}: ${Math.round(ms)} ms\n`)
  expect({ what, fast: ms < 1000 }).toEqual({ what, fast: true })
}

/** A GitHub client that records the comment bodies it is given. */
function recordingClient(bodies: string[]): GitHubClient {
  const client = {
    paginate: { iterator: async function* () {} },
    rest: {
      issues: {
        listComments: async () => ({ data: [], headers: {} }),
        createComment: async ({ body }: { body: string }) => {
          bodies.push(body)
          return { data: { id: 1 } }
        },
        updateComment: async ({ body }: { body: string }) => {
          bodies.push(body)
          return { data: { id: 1 } }
        }
      }
    }
  }
  return client as unknown as GitHubClient
}

describe('a 5 MB adversarial answer', () => {
  const redact = createRedactor(SECRETS)
  registerSecrets(SECRETS)

  for (const [name, answer] of Object.entries(ANSWERS)) {
    it(`is redacted, summarised, commented and rendered in under 1 s per step: ${name}`, async () => {
      await timed('redactor', () => redact(answer))
      await timed('summary', () =>
        buildSummary({ status: 'failed', agent: 'a', runId: 'r', answer, error: answer, redact })
      )
      const bodies: string[] = []
      const commenter = new PrCommenter({
        octokit: () => recordingClient(bodies),
        log: { info: () => {}, notice: () => {}, warning: () => {} }
      })
      const ctx = {
        token: 't',
        owner: 'o',
        repo: 'r',
        prNumber: 1,
        eventName: 'pull_request',
        workflow: 'w',
        job: 'j',
        agent: 'a',
        runUrl: null
      }
      await timed('comment body', () =>
        commenter.finishComment(ctx, {
          status: 'failed',
          runId: 'r',
          answer,
          error: answer,
          redact
        })
      )
      expect(bodies).toHaveLength(1)
      await timed('render of a long tool result', () => {
        const renderer = new Renderer(new CapturePrinter(), { level: 'full' })
        const call = { type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'cat out' } }
        renderer.agentEvent(parseAgentEvent({ type: 'assistant', message: { content: [call] } }))
        renderer.agentEvent(
          parseAgentEvent({
            type: 'user',
            message: {
              content: [{ type: 'tool_result', tool_use_id: 't1', content: answer, is_error: true }]
            }
          })
        )
        renderer.finish()
      })
    })
  }
})
