import { describe, expect, it } from '@jest/globals'
import { resultOf } from '../../src/agent/model.js'
import { parseAgentEvent } from '../../src/agent/parse.js'

const items = (raw: unknown): unknown[] => parseAgentEvent(raw).items

describe('Claude Code events in the neutral model', () => {
  it('reads a turn into its text, thinking and tool calls, in order', () => {
    expect(
      items({
        type: 'assistant',
        message: {
          content: [
            { type: 'thinking', thinking: 'hmm' },
            { type: 'text', text: 'Running the tests.' },
            { type: 'text', text: '   ' },
            {
              type: 'tool_use',
              id: 't1',
              name: 'Bash',
              input: { command: 'npm test', timeout: 5 }
            },
            {
              type: 'tool_use',
              id: 't2',
              name: 'Edit',
              input: { file_path: 'a.ts', old_string: 'x', new_string: 'y\nz' }
            }
          ]
        }
      })
    ).toEqual([
      { kind: 'thinking', text: 'hmm' },
      { kind: 'message', author: 'Claude', text: 'Running the tests.' },
      {
        kind: 'tool-call',
        id: 't1',
        name: 'Bash',
        title: 'Bash: npm test',
        subject: 'npm test',
        input: ['$ npm test', '{"timeout":5}']
      },
      {
        kind: 'tool-call',
        id: 't2',
        name: 'Edit',
        title: 'Edit: a.ts',
        subject: 'a.ts',
        input: ['a.ts: replace 1 line(s) with 2 line(s)']
      }
    ])
  })

  it('reads tool results whatever form their content takes', () => {
    expect(
      items({
        type: 'user',
        message: {
          content: [
            {
              type: 'tool_result',
              tool_use_id: 't1',
              content: [{ type: 'text', text: 'a' }, { n: 1 }],
              is_error: true
            },
            { type: 'tool_result' },
            { type: 'text', text: 'not a result' }
          ]
        }
      })
    ).toEqual([
      { kind: 'tool-result', callId: 't1', output: 'a\n{"n":1}', isError: true, exitCode: null },
      { kind: 'tool-result', callId: null, output: '', isError: false, exitCode: null }
    ])
  })

  it('reads the session start and the final result', () => {
    expect(items({ type: 'system', subtype: 'init', model: 'opus', tools: ['a', 'b'] })).toEqual([
      { kind: 'session', agent: 'Claude Code', model: 'opus', toolCount: 2 }
    ])
    const event = parseAgentEvent({
      type: 'result',
      subtype: 'error_max_turns',
      result: 'gave up',
      cost_usd: 0.5,
      num_turns: 9,
      duration_ms: 100
    })
    expect(resultOf(event)).toEqual({
      text: 'gave up',
      costUsd: 0.5,
      numTurns: 9,
      durationMs: 100,
      isError: true,
      subtype: 'error_max_turns',
      usage: null
    })
    const withUsage = parseAgentEvent({
      type: 'result',
      subtype: 'success',
      result: 'ok',
      usage: { input_tokens: 12, output_tokens: 340, cache_read_input_tokens: 5600 }
    })
    expect(resultOf(withUsage)?.usage).toEqual({
      inputTokens: 12,
      outputTokens: 340,
      cacheReadTokens: 5600
    })
    expect(resultOf(parseAgentEvent({ type: 'assistant' }))).toBeNull()
  })

  it("titles searches with their pattern and where they looked, and reads a failed command's exit code", () => {
    const title = (name: string, input: object): unknown =>
      (
        items({
          type: 'assistant',
          message: { content: [{ type: 'tool_use', id: 'x', name, input }] }
        })[0] as { title: string }
      ).title
    expect(title('Grep', { pattern: 'TODO', path: 'src/' })).toBe('Grep: TODO in src/')
    expect(title('Grep', { pattern: 'TODO' })).toBe('Grep: TODO')
    expect(title('Glob', { pattern: '**/*.ts' })).toBe('Glob: **/*.ts')
    expect(title('WebSearch', { query: 'vm0 api' })).toBe('WebSearch: vm0 api')
    expect(
      items({
        type: 'user',
        message: {
          content: [
            { type: 'tool_result', tool_use_id: 't', content: 'Exit code 2\nboom', is_error: true }
          ]
        }
      })
    ).toEqual([
      { kind: 'tool-result', callId: 't', output: 'Exit code 2\nboom', isError: true, exitCode: 2 }
    ])
  })

  it('gives anything else one line, and never throws on junk', () => {
    expect(items({ type: 'system', subtype: 'compact', message: 'compacted' })).toEqual([
      { kind: 'other', text: '[system] compacted' }
    ])
    for (const junk of [null, 'bare', 42, { type: 'assistant', message: 'x' }, []]) {
      expect(() => parseAgentEvent(junk)).not.toThrow()
    }
    expect(items('bare')).toEqual([{ kind: 'other', text: '"bare"' }])
  })

  it('gives every event a one-line form for the log tail', () => {
    expect(parseAgentEvent({ type: 'assistant', text: 'short' }).line).toBe('[assistant] short')
    expect(parseAgentEvent({ type: 'x', big: 'y'.repeat(400) }).line).toMatch(
      /^\[x\] \{.{290,300}…$/
    )
  })
})
