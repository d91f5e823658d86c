/**
 * End to end: following a run live through the event stream, with drops
 * and proxy errors, in both dialects; and remote text that tries to issue
 * workflow commands. (A buffering proxy is timed on a fake clock in
 * __tests__/unit/follow-stream.test.ts.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { startEmulator, type Emulator, type RunScript } from '../../emulator/vm0/index.js'
import { runStep } from '../../emulator/runner/harness.js'

const EVENTS = 30
const HTML_503 = '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>'

/** A run of EVENTS assistant messages `everyMs` apart, a system line between each few, and a final result. */
function longScript(everyMs = 15): RunScript {
  const steps: RunScript['steps'] = []
  for (let i = 0; i < EVENTS; i++) {
    steps.push({
      at: 20 + i * everyMs,
      agent: {
        type: 'assistant',
        message: { content: [{ type: 'text', text: `event number ${i}` }] }
      }
    })
    if (i % 5 === 0) steps.push({ at: 20 + i * everyMs, system: `system line ${i}` })
  }
  steps.push({
    at: 20 + EVENTS * everyMs,
    agent: {
      type: 'result',
      subtype: 'success',
      result: 'all done',
      num_turns: EVENTS,
      total_cost_usd: 1
    }
  })
  return { pendingMs: 20, steps, durationMs: 60 + EVENTS * everyMs }
}

function countOf(lines: string[], text: string): number {
  return lines.filter(l => l === text).length
}

describe.each(['camel', 'snake'] as const)('streaming in the %s dialect', dialect => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator({ dialect, eventTickMs: 40, seed: 7 })
    emulator.addAgent('streamer', { script: longScript() })
  })
  afterAll(async () => {
    await emulator.close()
  })
  beforeEach(() => {
    emulator.reset()
    emulator.clearFaults()
    emulator.setScript('streamer', longScript())
  })
  const inputs = (): Record<string, string> => ({
    'vm0-token': emulator.token,
    'api-url': emulator.url,
    agent: 'streamer',
    prompt: 'stream please'
  })

  it('shows every event exactly once through drops every 3 events and 30% HTML 503s', async () => {
    // 1.5 s of events, so that even a slow machine reconnects a few times before the run ends
    // (what lands after the end comes from the logs endpoint, not the stream).
    emulator.setScript('streamer', longScript(50))
    emulator.addFault({
      method: 'GET',
      path: /^\/v1\/runs\//,
      probability: 0.3,
      times: Infinity,
      action: { kind: 'status', status: 503, body: HTML_503, contentType: 'text/html' }
    })
    emulator.addFault({
      method: 'GET',
      path: /\/events$/,
      times: Infinity,
      action: { kind: 'drop-stream', afterEvents: 3 }
    })
    const step = await runStep({ inputs: inputs() })
    expect(step.code).toBe(0)
    const { text } = step.parsed
    for (let i = 0; i < EVENTS; i++) expect(countOf(text, `Claude: event number ${i}`)).toBe(1)
    // Sandbox lines come in the service's batches, several to an entry: each printed once.
    for (let i = 0; i < EVENTS; i += 5) {
      expect(text.filter(l => new RegExp(`(^|\\s)system line ${i}$`).test(l))).toHaveLength(1)
    }
    expect(step.outputs.output).toBe('all done')
    expect(step.outputs.status).toBe('completed')
    // It really streamed, resuming from the last sequence seen (the first connection asks for
    // -1). How many times depends on how fast the machine reconnects: at least once.
    const streams = emulator.requests.filter(r => r.path.endsWith('/events'))
    expect(streams.length).toBeGreaterThanOrEqual(2)
    expect(streams[0]!.query.lastEventId).toBe('-1')
    const resumed = streams.map(r => Number(r.query.lastEventId))
    expect(resumed.some(n => n >= 2)).toBe(true)
    expect(step.stdout).not.toContain('Following the run by polling')
    expect(step.stdout).not.toContain('<html>')
  })

  it('falls back to polling, says so once, and still shows everything', async () => {
    emulator.addFault({
      method: 'GET',
      path: /\/events$/,
      times: Infinity,
      action: {
        kind: 'status',
        status: 404,
        body: '<html>Not Found</html>',
        contentType: 'text/html'
      }
    })
    const step = await runStep({ inputs: inputs() })
    expect(step.code).toBe(0)
    expect(
      step.stdout.match(/Following the run by polling instead of its event stream/g)
    ).toHaveLength(1)
    for (let i = 0; i < EVENTS; i++)
      expect(countOf(step.parsed.text, `Claude: event number ${i}`)).toBe(1)
    expect(step.outputs.output).toBe('all done')
  })
})

describe('remote text that looks like workflow commands', () => {
  let emulator: Emulator
  const injected = [
    '::add-mask::the-word-secret',
    '::error file=app.js,line=1::fake error from the agent',
    '::set-output name=status::hacked',
    '::endgroup::',
    '::group::fake group',
    '::stop-commands::guess',
    '::guess::',
    '::warning::fake warning',
    '  ::notice::indented notice',
    '##[group]legacy group',
    'plain text, then ##[error]a legacy error mid-line',
    '##[endgroup]',
    '::ADD-MASK::upper-case-mask'
  ]
  /** Lines that a lone carriage return would split, if it reached the runner as one. */
  const carriageReturn = 'progress 50%\r::error::after a lone CR\r::add-mask::cr-mask'
  beforeAll(async () => {
    emulator = await startEmulator({ eventTickMs: 40 })
    emulator.addAgent('mischief', {
      script: {
        steps: [
          { at: 0, system: '::add-mask::from-system-log' },
          {
            at: 5,
            agent: {
              type: 'assistant',
              message: { content: [{ type: 'text', text: injected.join('\n') }] }
            }
          },
          {
            at: 10,
            agent: {
              type: 'assistant',
              message: {
                content: [
                  {
                    type: 'tool_use',
                    id: 't1',
                    name: 'Bash',
                    input: { command: '::error::in a title' }
                  }
                ]
              }
            }
          },
          {
            at: 15,
            agent: {
              type: 'user',
              message: {
                content: [
                  {
                    type: 'tool_result',
                    tool_use_id: 't1',
                    content: `${injected.join('\n')}\n${carriageReturn}`
                  }
                ]
              }
            }
          },
          {
            at: 20,
            network: { method: 'GET', url: 'https://x.test/::error::net', status: 200, duration: 1 }
          },
          {
            at: 25,
            agent: {
              type: 'result',
              subtype: 'success',
              result: `::set-output name=output::pwned\n${injected[0]}`
            }
          }
        ],
        durationMs: 40
      }
    })
  })
  afterAll(async () => {
    await emulator.close()
  })

  it('prints it as text: no mask, annotation, output or group comes from it', async () => {
    const step = await runStep({
      inputs: {
        'vm0-token': emulator.token,
        'api-url': emulator.url,
        agent: 'mischief',
        prompt: 'p'
      }
    })
    expect(step.code).toBe(0)
    const { parsed } = step
    // Only the action's own masks: the VM0 token and the job's github-token (with their
    // base64 forms at three offsets, which the runner would miss inside a longer base64 text).
    const own = (mask: string): boolean =>
      [emulator.token, 'ghs_harness_token'].some(
        secret =>
          mask === secret ||
          [0, 1, 2].some(shift =>
            Buffer.from(secret).subarray(shift).toString('base64').startsWith(mask)
          )
      )
    expect(parsed.masks.filter(mask => !own(mask))).toEqual([])
    expect(parsed.masks).toEqual(expect.arrayContaining([emulator.token, 'ghs_harness_token']))
    const obeyed = parsed.commands.map(c => c.command)
    expect(obeyed.filter(c => ['error', 'warning', 'notice', 'set-output'].includes(c))).toEqual([])
    expect(parsed.groups.map(g => g.title)).toEqual([
      'Starting run',
      'Claude: ::add-mask::the-word-secret ::error file=app.js,line=1::fake…',
      'Bash: ::error::in a title'
    ])
    expect(parsed.groups.every(g => g.closed)).toBe(true)
    // As text, `##[` broken by a zero-width space so the log viewer draws nothing from it.
    for (const line of injected) expect(parsed.text).toContain(line.replace('##[', '##\u200b['))
    expect(parsed.text).toEqual(
      expect.arrayContaining(['progress 50%', '::error::after a lone CR', '::add-mask::cr-mask'])
    )
    // Few fence lines even here: one fence per run of command-like lines.
    expect(parsed.fenceLines).toBeLessThan(parsed.displayed.length / 4)
    expect(parsed.text).toContain('[system] ::add-mask::from-system-log')
    expect(step.outputs.status).toBe('completed')
    expect(step.outputs.output).toBe('::set-output name=output::pwned\n::add-mask::the-word-secret')
  })
})
