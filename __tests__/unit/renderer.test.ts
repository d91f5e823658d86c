import { describe, expect, it } from '@jest/globals'
import { parseAgentEvent } from '../../src/agent/parse.js'
import { Renderer, type LogLevel } from '../../src/render/renderer.js'
import type { LogEntry } from '../../src/vm0/types.js'
import { CapturePrinter } from '../support/capture-printer.js'
import { parseStdout } from '../../emulator/runner/workflow-commands.js'

const assistantText = (text: string): object => ({
  type: 'assistant',
  message: { content: [{ type: 'text', text }] }
})
const toolUse = (id: string, name: string, input: object): object => ({
  type: 'assistant',
  message: { content: [{ type: 'tool_use', id, name, input }] }
})
const toolResult = (id: string, content: unknown, isError = false): object => ({
  type: 'user',
  message: { content: [{ type: 'tool_result', tool_use_id: id, content, is_error: isError }] }
})
const result = {
  type: 'result',
  subtype: 'success',
  result: 'All tests pass.',
  total_cost_usd: 0.1234,
  num_turns: 3,
  duration_ms: 4200
}

function log(type: string, message: string, extra: Partial<LogEntry> = {}): LogEntry {
  return {
    timestamp: '2026-01-01T00:00:00.000Z',
    type,
    level: 'info',
    message,
    sequenceNumber: null,
    eventType: null,
    eventData: null,
    network: null,
    ...extra
  }
}

/** The renderer as the tracker feeds it: raw agent events are read by agent/ first. */
interface Feed {
  status(status: string): void
  agentEvent(raw: unknown): void
  logEntry(entry: LogEntry): void
  runError(message: string): void
}

function render(level: LogLevel, feed: (r: Feed) => void): ReturnType<typeof parseStdout> {
  const printer = new CapturePrinter()
  const renderer = new Renderer(printer, { level })
  feed({
    status: s => renderer.status(s),
    agentEvent: raw => renderer.agentEvent(parseAgentEvent(raw)),
    logEntry: e => renderer.logEntry(e),
    runError: m => renderer.runError(m)
  })
  renderer.finish()
  return parseStdout(printer.stdout)
}

describe('Renderer (full)', () => {
  it('groups each turn and tool call under a scannable title, results in their call', () => {
    const out = render('full', r => {
      r.status('running')
      r.agentEvent(assistantText('I will run the tests now.\nThen fix them.'))
      r.agentEvent(toolUse('t1', 'Bash', { command: 'npm test' }))
      r.agentEvent(toolResult('t1', 'PASS app.test.js'))
      r.agentEvent(
        toolUse('t2', 'Edit', { file_path: 'src/app.ts', old_string: 'a', new_string: 'b\nc' })
      )
      r.agentEvent(result)
    })
    expect(out.groups).toEqual([
      { title: 'Claude: I will run the tests now. Then fix them.', closed: true },
      { title: 'Bash: npm test', closed: true },
      { title: 'Edit: src/app.ts', closed: true }
    ])
    expect(out.text).toEqual(
      expect.arrayContaining([
        'Run status: running',
        'I will run the tests now.',
        '$ npm test',
        'PASS app.test.js',
        'src/app.ts: replace 1 line(s) with 2 line(s)',
        '✔ Agent finished · 4.2 s · 3 turns · $0.1234',
        'All tests pass.'
      ])
    )
    // The tool result is printed inside its call's group, before the next group opens.
    const text = out.text.join('\n')
    expect(text.indexOf('PASS app.test.js')).toBeLessThan(text.indexOf('src/app.ts: replace'))
  })

  it('prints command-like lines from the agent as text, never as commands', () => {
    const out = render('full', r => {
      r.agentEvent(
        assistantText('::add-mask::hello\n::error::fake\n::endgroup::\n::set-output name=x::y')
      )
      r.logEntry(log('system', '::warning::from sandbox'))
    })
    expect(out.masks).toEqual([])
    expect(
      out.commands
        .map(c => c.command)
        .filter(c => !['stop-commands', 'group', 'endgroup'].includes(c))
    ).toEqual([])
    expect(out.text).toEqual(
      expect.arrayContaining(['::add-mask::hello', '::error::fake', '::endgroup::'])
    )
    expect(out.groups.every(g => g.closed)).toBe(true)
  })

  it('keeps the result subtype on one line, so it cannot start a command', () => {
    const out = render('full', r => {
      r.agentEvent({
        type: 'result',
        subtype: 'x\n::add-mask::leak\n::stop-commands::t',
        is_error: true
      })
    })
    expect(out.masks).toEqual([])
    expect(out.commands.map(c => c.command)).not.toContain('add-mask')
    expect(out.text.join('\n')).toContain('✖ Agent finished with an error (x ::add-mask::leak')
  })

  it('uses a fresh fence token every time', () => {
    const out = render('full', r => {
      r.agentEvent(assistantText('one'))
      r.agentEvent(assistantText('two'))
    })
    const tokens = out.commands.filter(c => c.command === 'stop-commands').map(c => c.data)
    expect(tokens).toHaveLength(2)
    expect(new Set(tokens).size).toBe(2)
    expect(tokens[0]).toMatch(/^[0-9a-f]{32}$/)
  })

  it('cuts long tool results with a note and warns on failed tools and network errors', () => {
    const long = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n')
    const out = render('full', r => {
      r.agentEvent(toolUse('t1', 'Bash', { command: 'make' }))
      r.agentEvent(toolResult('t1', [{ type: 'text', text: long }], true))
      r.logEntry(
        log('network', 'GET https://x.test/a - 404 (12ms)', {
          level: 'error',
          network: { method: 'GET', url: 'https://x.test/a', status: 404, duration: 12 }
        })
      )
      r.logEntry(
        log('network', 'GET https://x.test/b - 200 (3ms)', {
          network: { method: 'GET', url: 'https://x.test/b', status: 200, duration: 3 }
        })
      )
    })
    expect(out.text).toContain('… [60 more lines cut]')
    expect(out.text).not.toContain('line 41')
    const warnings = out.commands.filter(c => c.command === 'warning').map(c => c.data)
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toMatch(/^Bash failed: line 0 line 1 line 2 .*…$/)
    expect(warnings[0]!.length).toBeLessThanOrEqual(215)
    expect(warnings[1]).toBe(
      'Network request failed in the sandbox: [network] GET https://x.test/a - 404 (12ms)'
    )
  })

  it('keeps annotations under the per-step limit', () => {
    const out = render('full', r => {
      for (let i = 0; i < 30; i++) {
        r.agentEvent(toolUse(`t${i}`, 'Bash', { command: 'false' }))
        r.agentEvent(toolResult(`t${i}`, 'exit 1', true))
      }
      r.runError('boom')
    })
    expect(out.commands.filter(c => c.command === 'warning')).toHaveLength(7)
    expect(out.commands.filter(c => c.command === 'error')).toHaveLength(1)
  })

  it('renders Codex-style and unknown events in one line, and survives junk', () => {
    const out = render('full', r => {
      r.agentEvent({
        type: 'item.completed',
        item: { type: 'agent_message', text: 'codex says hi' }
      })
      r.agentEvent({ type: 'mystery', value: 1 })
      r.agentEvent(null)
      r.agentEvent('a bare string')
      r.agentEvent({ type: 'assistant', message: 'not an object' })
      r.agentEvent({ type: 'user', message: { content: [{ type: 'tool_result' }] } })
    })
    expect(out.text).toEqual(
      expect.arrayContaining([
        '[item.completed] codex says hi',
        '[mystery] {"type":"mystery","value":1}'
      ])
    )
  })
})

describe('Renderer levels', () => {
  const feed = (r: Feed): void => {
    r.status('running')
    r.agentEvent(assistantText('thinking aloud'))
    r.logEntry(log('system', 'sandbox line'))
    r.agentEvent(result)
    r.status('completed')
  }
  it('summary shows status changes and the final answer only', () => {
    const out = render('summary', feed)
    expect(out.groups).toEqual([])
    expect(out.text).toEqual(
      expect.arrayContaining(['Run status: running', 'All tests pass.', 'Run status: completed'])
    )
    expect(out.text.join('\n')).not.toMatch(/thinking aloud|sandbox line/)
  })
  it('none shows nothing from the agent', () => {
    const out = render('none', feed)
    expect(out.text.filter(l => l !== '')).toEqual([])
  })
})
