import { describe, expect, it } from '@jest/globals'
import { AgentReader } from '../../src/agent/parse.js'
import { Renderer, headAndTail, type LogLevel } from '../../src/render/renderer.js'
import type { LogEntry } from '../../src/vm0/types.js'
import { CapturePrinter } from '../support/capture-printer.js'
import { aLogEntry } from '../support/log-entry.js'
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
  return aLogEntry(type, message, extra)
}

/** The renderer as the tracker feeds it: raw agent events are read by agent/ first. */
interface Feed {
  status(status: string): void
  agentEvent(raw: unknown): void
  logEntry(entry: LogEntry): void
  tick(): void
  advance(ms: number): void
}

function render(level: LogLevel, feed: (r: Feed) => void): ReturnType<typeof parseStdout> {
  const printer = new CapturePrinter()
  let now = 0
  const renderer = new Renderer(printer, { level, now: () => now })
  const reader = new AgentReader()
  feed({
    status: s => renderer.status(s),
    agentEvent: raw => renderer.agentEvent(reader.read(raw)),
    logEntry: e => renderer.sandboxLines([e]),
    tick: () => renderer.tick(),
    advance: ms => void (now += ms)
  })
  renderer.finish()
  return parseStdout(printer.stdout)
}

describe('Renderer (full)', () => {
  it('groups each tool call under a scannable title with its result; short texts are one line', () => {
    const out = render('full', r => {
      r.status('running')
      r.agentEvent(assistantText('I will run the tests now.'))
      r.agentEvent(assistantText('Plan:\n1. run\n2. fix'))
      r.agentEvent(toolUse('t1', 'Bash', { command: 'npm test' }))
      r.agentEvent(toolResult('t1', 'PASS app.test.js'))
      r.agentEvent(
        toolUse('t2', 'Edit', { file_path: 'src/app.ts', old_string: 'a', new_string: 'b\nc' })
      )
      r.agentEvent(toolUse('t3', 'Grep', { pattern: 'TODO', path: 'src/' }))
      r.agentEvent(result)
    })
    expect(out.groups).toEqual([
      { title: 'Claude: Plan: 1. run 2. fix', closed: true },
      { title: 'Bash: npm test', closed: true },
      { title: 'Edit: src/app.ts', closed: true },
      { title: 'Grep: TODO in src/', closed: true }
    ])
    expect(out.displayed).toEqual([
      'Run status: running',
      'Claude: I will run the tests now.',
      '▾ Claude: Plan: 1. run 2. fix',
      'Plan:',
      '1. run',
      '2. fix',
      '▾ Bash: npm test',
      '$ npm test',
      'PASS app.test.js',
      '▾ Edit: src/app.ts',
      'src/app.ts: replace 1 line(s) with 2 line(s)',
      '▾ Grep: TODO in src/',
      '{"pattern":"TODO","path":"src/"}',
      '✔ Agent finished · 4.2 s · 3 turns · $0.1234',
      'Final answer:',
      'All tests pass.'
    ])
    // Nothing here needs a fence.
    expect(out.fenceLines).toBe(0)
  })

  it('marks a failed call in its title and keeps the head and tail of its output, with no annotation', () => {
    const long = Array.from({ length: 400 }, (_, i) => `line ${i}`).join('\n')
    const out = render('full', r => {
      r.agentEvent(toolUse('t1', 'Bash', { command: 'npm test' }))
      r.agentEvent(toolResult('t1', [{ type: 'text', text: `Exit code 1\n${long}` }], true))
      r.logEntry(
        log('network', 'GET https://x.test/a - 404 (12ms)', {
          level: 'error',
          network: { method: 'GET', url: 'https://x.test/a', status: 404, duration: 12 }
        })
      )
    })
    expect(out.groups.map(g => g.title)).toEqual(['✗ Bash: npm test (exit 1)'])
    expect(out.text).toContain('Exit code 1')
    expect(out.text).toContain('line 13')
    expect(out.text).toContain('… 361 lines cut …')
    expect(out.text).toContain('line 399')
    expect(out.text).toContain('line 375')
    expect(out.text).not.toContain('line 200')
    expect(out.text.at(-1)).toBe('[network] GET https://x.test/a - 404 (12ms)')
    expect(out.commands.filter(c => ['warning', 'error'].includes(c.command))).toEqual([])
  })

  it('prints sandbox lines where they arrive, never inside a call: a call still running prints after them', () => {
    const out = render('full', r => {
      r.logEntry(log('system', 'Sandbox ready'))
      r.agentEvent(toolUse('t1', 'Bash', { command: 'npm ci' }))
      r.logEntry(log('network', 'GET https://registry.npmjs.org/a - 200 (5ms)'))
      r.agentEvent(toolResult('t1', 'added 1 package'))
      r.logEntry(log('system', 'Out of memory'))
      r.agentEvent(assistantText('Done.'))
    })
    expect(out.displayed).toEqual([
      '[system] Sandbox ready',
      '[network] GET https://registry.npmjs.org/a - 200 (5ms)',
      '▾ Bash: npm ci',
      '$ npm ci',
      'added 1 package',
      '[system] Out of memory',
      'Claude: Done.'
    ])
    expect(out.groups.every(g => g.closed)).toBe(true)
  })

  it('prints network lines of one read as one block in their own order, titled with the newest time', () => {
    const net = (ms: number, url: string): LogEntry =>
      log('network', `GET ${url} - 200 (5ms)`, {
        timestamp: new Date(Date.UTC(2026, 0, 1, 12, 3, 0) + ms).toISOString()
      })
    const printer = new CapturePrinter()
    const renderer = new Renderer(printer, { level: 'full', now: () => 0 })
    renderer.sandboxLines([
      net(0, 'https://a.test/'),
      net(9000, 'https://b.test/'),
      net(4000, 'https://c.test/')
    ])
    expect(parseStdout(printer.stdout).displayed).toEqual([
      '▾ Network requests, up to 12:03:09 UTC (3 requests)',
      '[network] GET https://a.test/ - 200 (5ms)',
      '[network] GET https://b.test/ - 200 (5ms)',
      '[network] GET https://c.test/ - 200 (5ms)'
    ])
  })

  it('announces a call that runs long, then prints it whole when its result comes', () => {
    const out = render('full', r => {
      r.agentEvent(toolUse('t1', 'Bash', { command: 'sleep 60' }))
      r.advance(5000)
      r.tick()
      r.advance(6000)
      r.tick()
      r.tick()
      r.agentEvent(toolResult('t1', ''))
    })
    expect(out.displayed).toEqual([
      '… Bash: sleep 60 (running)',
      '▾ Bash: sleep 60',
      '$ sleep 60',
      '(no output)'
    ])
  })

  it('prints a call without a result at the end, and results of parallel calls under their titles', () => {
    const out = render('full', r => {
      r.agentEvent(toolUse('a', 'Read', { file_path: 'a.ts' }))
      r.agentEvent(toolUse('b', 'Read', { file_path: 'b.ts' }))
      r.agentEvent(toolResult('a', 'A', true))
      r.agentEvent(toolResult('b', 'B'))
      r.agentEvent(toolUse('c', 'Bash', { command: 'make' }))
    })
    expect(out.groups.map(g => g.title)).toEqual([
      'Read: a.ts',
      '✗ Read: a.ts (result)',
      'Read: b.ts',
      'Bash: make'
    ])
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

  it('prints the input tokens as the input-tokens output counts them: Claude without the cache, Codex with it', () => {
    const claude = render('full', r =>
      r.agentEvent({
        ...result,
        usage: {
          input_tokens: 5230,
          output_tokens: 1184,
          cache_read_input_tokens: 12000,
          cache_creation_input_tokens: 300
        }
      })
    )
    expect(claude.text[0]).toBe(
      '✔ Agent finished · 4.2 s · 3 turns · $0.1234 · 5230 in / 1184 out tokens (12000 cache reads)'
    )
    // Codex's input_tokens already hold its cached input: not added twice.
    const codex = render('full', r => {
      r.agentEvent({ type: 'thread.started', thread_id: 'th_1' })
      r.agentEvent({
        type: 'turn.completed',
        usage: { input_tokens: 24310, cached_input_tokens: 19200, output_tokens: 1184 }
      })
    })
    expect(codex.text.at(-1)).toMatch(/· 24310 in \/ 1184 out tokens \(19200 cache reads\)$/)
  })

  it('renders unknown events in one line, and survives junk', () => {
    const out = render('full', r => {
      r.agentEvent({ type: 'mystery', value: 1 })
      r.agentEvent(null)
      r.agentEvent('a bare string')
      r.agentEvent({ type: 'assistant', message: 'not an object' })
      r.agentEvent({ type: 'user', message: { content: [{ type: 'tool_result' }] } })
      r.agentEvent({ type: 'item.completed', item: { type: 'mystery_item', x: 1 } })
    })
    expect(out.text).toEqual(
      expect.arrayContaining([
        '[mystery] {"type":"mystery","value":1}',
        '[mystery_item] {"type":"mystery_item","x":1}'
      ])
    )
  })
})

describe('headAndTail', () => {
  it('keeps both ends and says how much is cut between', () => {
    const lines = Array.from({ length: 10 }, (_, i) => String(i))
    expect(headAndTail(lines, 2, 3)).toEqual(['0', '1', '… 5 lines cut …', '7', '8', '9'])
    expect(headAndTail(lines, 4, 5)).toEqual(lines)
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

describe('the renderer in bounded memory', () => {
  const render = (): {
    renderer: Renderer
    printer: CapturePrinter
    read: (raw: object) => void
  } => {
    const printer = new CapturePrinter()
    const renderer = new Renderer(printer, { level: 'full', now: () => 0 })
    const reader = new AgentReader()
    return { renderer, printer, read: raw => renderer.agentEvent(reader.read(raw)) }
  }

  it.each([0, 1, 5, 39, 40, 41, 42, 10_000])(
    'prints a batch of %i sandbox lines that came while a call ran whole, before the call, outside its group',
    n => {
      const { renderer, printer, read } = render()
      read(toolUse('t1', 'Bash', { command: 'make' }))
      const lines = Array.from({ length: n }, (_, i) => `[system] line ${i}`)
      renderer.sandboxLines([
        log('system', lines.map(l => l.slice('[system] '.length)).join('\n'), {
          timestamp: '2026-01-01T12:03:41.500Z'
        })
      ])
      read(toolResult('t1', 'done'))
      renderer.finish()
      const out = parseStdout(printer.stdout)
      // A batch of several lines is a group of its own; one line alone is printed plainly.
      const block = n > 1 ? [`▾ Sandbox log, up to 12:03:41 UTC (${n} lines)`] : []
      expect(out.displayed).toEqual([...block, ...lines, '▾ Bash: make', '$ make', 'done'])
      expect(out.groups.every(g => g.closed)).toBe(true)
    }
  )

  it('remembers at most a thousand calls, the latest', () => {
    const { renderer, printer, read } = render()
    for (let i = 0; i < 5000; i++) {
      read(toolUse(`t${i}`, 'Bash', { command: `step ${i}` }))
      read(toolResult(`t${i}`, 'ok'))
    }
    expect(renderer.rememberedCalls).toBe(1000)
    // A late result of a recent call still names it.
    read(toolResult('t4999', 'again'))
    expect(parseStdout(printer.stdout).groups.at(-1)?.title).toBe('Bash: step 4999 (result)')
    // One of the first was forgotten: its late result is shown untitled.
    read(toolResult('t0', 'late'))
    expect(parseStdout(printer.stdout).groups.at(-1)?.title).toBe('Tool result')
  })
})
