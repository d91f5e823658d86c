import { describe, expect, it } from '@jest/globals'
import { resultOf } from '../../src/agent/model.js'
import { AgentReader } from '../../src/agent/parse.js'
import { unwrapCommand } from '../../src/agent/codex.js'

describe('Codex events in the neutral model', () => {
  it('reads a session: commands with output and exit code, messages, reasoning, file changes, usage', () => {
    const reader = new AgentReader()
    const items = (raw: unknown): unknown[] => reader.read(raw).items
    expect(items({ type: 'thread.started', thread_id: 'th_1' })).toEqual([
      { kind: 'session', agent: 'Codex', model: null, toolCount: null }
    ])
    expect(items({ type: 'turn.started' })).toEqual([])
    expect(
      items({ type: 'item.completed', item: { id: 'i0', type: 'reasoning', text: '**Looking**' } })
    ).toEqual([{ kind: 'thinking', text: '**Looking**' }])
    const started = {
      type: 'item.started',
      item: {
        id: 'i1',
        type: 'command_execution',
        command: "bash -lc 'npm test'",
        aggregated_output: '',
        exit_code: null,
        status: 'in_progress'
      }
    }
    const call = {
      kind: 'tool-call',
      id: 'i1',
      name: 'command',
      title: '$ npm test',
      input: [],
      subject: 'npm test'
    }
    expect(items(started)).toEqual([call])
    expect(
      items({
        type: 'item.completed',
        item: { ...started.item, aggregated_output: 'FAIL x\n', exit_code: 1, status: 'failed' }
      })
    ).toEqual([
      call,
      { kind: 'tool-result', callId: 'i1', output: 'FAIL x\n', isError: true, exitCode: 1 }
    ])
    expect(
      items({
        type: 'item.completed',
        item: {
          id: 'i2',
          type: 'file_change',
          changes: [{ path: 'src/a.ts', kind: 'update' }],
          status: 'completed'
        }
      })
    ).toEqual([
      { kind: 'file-change', changes: [{ kind: 'update', path: 'src/a.ts' }], failed: false }
    ])
    items({ type: 'item.completed', item: { id: 'i3', type: 'agent_message', text: 'first' } })
    items({ type: 'item.completed', item: { id: 'i4', type: 'agent_message', text: 'Fixed it.' } })
    const end = reader.read({
      type: 'turn.completed',
      usage: { input_tokens: 1200, cached_input_tokens: 800, output_tokens: 90 }
    })
    expect(resultOf(end)).toEqual({
      text: 'Fixed it.',
      costUsd: null,
      numTurns: 1,
      durationMs: null,
      isError: false,
      subtype: 'turn.completed',
      usage: { inputTokens: 1200, outputTokens: 90, cacheReadTokens: 800 }
    })
  })

  it('a failed turn is an error result with its reason shown; an error event is one line', () => {
    const reader = new AgentReader()
    expect(reader.read({ type: 'error', message: 'stream disconnected' }).items).toEqual([
      { kind: 'other', text: '✖ Codex error: stream disconnected' }
    ])
    const failed = reader.read({ type: 'turn.failed', error: { message: 'quota exceeded' } })
    expect(failed.items[0]).toEqual({ kind: 'other', text: '✖ Codex turn failed: quota exceeded' })
    expect(resultOf(failed)).toMatchObject({ isError: true, subtype: 'turn.failed', text: null })
  })

  it('unknown events and items fall back to one line, junk never throws', () => {
    const reader = new AgentReader()
    expect(reader.read({ type: 'thread.mystery', x: 1 }).items).toEqual([
      { kind: 'other', text: '[thread.mystery] {"type":"thread.mystery","x":1}' }
    ])
    for (const junk of [
      { type: 'item.completed' },
      { type: 'item.completed', item: 'x' },
      { type: 'item.completed', item: { type: 'command_execution', command: 42 } },
      { type: 'turn.completed', usage: 'none' },
      { type: 'item.completed', item: { type: 'file_change', changes: 'x' } }
    ]) {
      expect(() => reader.read(junk)).not.toThrow()
    }
  })

  it('Claude Code results keep their usage too', () => {
    const event = new AgentReader().read({
      type: 'result',
      subtype: 'success',
      result: 'ok',
      usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 100 }
    })
    expect(resultOf(event)?.usage).toEqual({
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 100
    })
  })

  it('shows the command a shell wrapper runs', () => {
    expect(unwrapCommand("bash -lc 'npm test'")).toBe('npm test')
    expect(unwrapCommand('/bin/bash -lc "ls -la"')).toBe('ls -la')
    expect(unwrapCommand('zsh -c make')).toBe('make')
    expect(unwrapCommand('npm test')).toBe('npm test')
  })
})
