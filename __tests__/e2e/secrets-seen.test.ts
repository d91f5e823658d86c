/**
 * End to end (issue #20): a secret the agent writes so that it shows intact
 * once rendered or printed (Markdown backslash escapes, HTML character
 * references, variation selectors, joiners, NULs and other invisible
 * characters between its characters) reaches no channel: the step log as the
 * runner shows it, the job summary, the PR comment, the outputs, the output
 * file and the transcript file. What a reader sees is worked out by the test
 * itself (`support/shown.ts`: invisibles dropped; Markdown rendered by
 * commonmark.js), not by the action's own code. Build first (`npm run build`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { startGitHubApi, type GitHubApi } from '../../emulator/github-api.js'
import { startEmulator, type Emulator, type ScriptStep } from '../../emulator/vm0/index.js'
import { createJob, runStep, type StepResult } from '../../emulator/runner/harness.js'
import { secretsShown } from '../support/shown.js'

const SECRET = 'sk_live-Esc4ped.Secret_V4lue!Zq9'
const SIGNATURE = 'c0ffee5ig4ature0123456789abcdef'
const SIGNED_URL = `https://bucket.s3.example/report.txt?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=${SIGNATURE}`

/** Every ASCII punctuation character backslash-escaped, as Markdown allows. */
const escaped = (s: string): string => s.replace(/[!-/:-@[-`{-~]/g, c => `\\${c}`)
const between = (s: string, sep: string): string => [...s].join(sep)
const SEPARATORS = [
  '\ufe0f',
  '\u{e0100}',
  '\u200d',
  '\u200c',
  '\u200b',
  '\u2060',
  '\u00ad',
  '\ufeff',
  '\u0000'
]

/** The forms of a value that render or print as the value itself. */
function forms(value: string): string[] {
  const first = value.codePointAt(0)!
  return [
    escaped(value),
    `&#${first};${escaped(value.slice(1))}`,
    `&#x${first.toString(16)};${value.slice(1).replace(/_/g, '&lowbar;')}`,
    [...value].map(escaped).join('\ufe0f'),
    ...SEPARATORS.map(sep => between(value, sep))
  ]
}

const agentEvents = (text: string): ScriptStep[] => [
  { at: 0, agent: { type: 'assistant', message: { content: [{ type: 'text', text }] } } },
  {
    at: 10,
    agent: {
      type: 'assistant',
      message: {
        content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: `echo ${text}` } }]
      }
    }
  },
  {
    at: 20,
    agent: {
      type: 'user',
      message: { content: [{ type: 'tool_result', tool_use_id: 't1', content: text }] }
    }
  }
]

describe('secrets in the forms a reader sees intact (#20)', () => {
  let emu: Emulator
  let github: GitHubApi
  let leaks: string
  let forbidden: string[]

  beforeAll(async () => {
    emu = await startEmulator({ eventTickMs: 40, artifactCommits: 'always' })
    github = await startGitHubApi()
    forbidden = [SECRET, emu.token, SIGNATURE]
    leaks = [
      ...forms(SECRET),
      ...forms(emu.token),
      escaped(SIGNED_URL),
      SIGNED_URL.replace('Signature', 'Sig\ufe0fnature').replace('&', '&amp;')
    ].join('\n\n')
    emu.addAgent('seen', {
      script: {
        steps: [
          ...agentEvents(leaks),
          {
            at: 30,
            agent: {
              type: 'result',
              subtype: 'success',
              result: `Answer:\n\n${leaks}`,
              num_turns: 1
            }
          }
        ],
        durationMs: 60
      }
    })
  })
  afterAll(async () => {
    await github.close()
    await emu.close()
  })

  /** Each channel's text, as a reader gets it. */
  function channels(s: StepResult): Record<string, string> {
    const transcript = readFileSync(s.outputs['transcript-file'] ?? '', 'utf8')
    const strings: string[] = []
    for (const line of transcript.split('\n').filter(Boolean)) {
      JSON.parse(line, (_, v: unknown) => (typeof v === 'string' ? strings.push(v) : 0, v))
    }
    return {
      'step log': s.parsed.displayed.join('\n'),
      summary: s.summary,
      comment: github
        .comments(7)
        .map(c => c.body)
        .join('\n'),
      ...s.outputs,
      'output-file': readFileSync(s.outputs['output-file'] ?? '', 'utf8'),
      'transcript file': transcript,
      'transcript strings': strings.join('\n')
    }
  }

  it('shows none of them in any channel', async () => {
    // The oracle sees every secret in what the agent wrote: each form is a leak to stop.
    expect(secretsShown(leaks, forbidden)).toEqual(forbidden)
    const s = await runStep({
      inputs: {
        'vm0-token': emu.token,
        'api-url': emu.url,
        agent: 'seen',
        prompt: 'go',
        secrets: `API_KEY=${SECRET}`,
        'comment-on-pr': 'true'
      },
      env: { GITHUB_API_URL: github.url, GITHUB_REF: 'refs/pull/7/merge' },
      event: { number: 7, pull_request: { number: 7 } },
      eventName: 'pull_request',
      job: createJob()
    })
    expect(s.code).toBe(0)
    const seen = channels(s)
    const shown = Object.entries(seen).flatMap(([name, text]) =>
      secretsShown(text, forbidden).map(secret => `${name}: ${secret}`)
    )
    expect(shown).toEqual([])
    // The channels did carry the agent's text (redacted), so an empty one proves nothing.
    for (const name of ['step log', 'summary', 'comment', 'output', 'output-file']) {
      expect({ name, redactions: (seen[name] ?? '').split('***').length > 10 }).toEqual({
        name,
        redactions: true
      })
    }
    expect(seen['transcript strings']).toContain('bucket.s3.example/report.txt')
  })
})
