import { describe, expect, it } from '@jest/globals'
import { CodexReader } from '../../src/agent/codex.js'
import type { AgentEvent, AgentItem } from '../../src/agent/model.js'
import { TimingCollector, stoppedAt, type RunTimeline } from '../../src/follow/timing.js'
import { resourceSection, timelineSection } from '../../src/report/charts.js'
import { ganttText } from '../../src/report/gantt.js'
import { buildSummary } from '../../src/report/summary.js'
import { codexSampleScript } from '../../emulator/vm0/sample-codex.js'

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0)
const iso = (ms: number): string => new Date(T0 + ms).toISOString()
const event = (...items: AgentItem[]): AgentEvent => ({ items, line: '' })

/**
 * The gantt lexer of mermaid 10 and 11 (gantt.jison), for one line: its
 * rules in order, the first that matches wins, case-insensitive. Only the
 * rules a line of ours could meet; anything else is INVALID.
 */
const RULES: Array<[string, RegExp | null]> = [
  ['open_directive', /^%%\{/i],
  ['acc_title', /^accTitle\s*:\s*/i],
  ['acc_descr', /^accDescr\s*:\s*/i],
  ['acc_descr_multiline', /^accDescr\s*\{\s*/i],
  ['comment', /^%%(?!\{)*[^\n]*/i],
  ['comment', /^[^}]%%*[^\n]*/i],
  ['comment', /^%%*[^\n]*[\n]*/i],
  ['NL', /^[\n]+/i],
  ['space', /^\s+/i],
  ['comment', /^#[^\n]*/i],
  ['href', /^href[\s]+["]/i],
  ['call', /^call[\s]+/i],
  ['click', /^click[\s]+/i],
  ['gantt', /^gantt/i],
  ['dateFormat', /^dateFormat\s[^#\n;]+/i],
  ['inclusiveEndDates', /^inclusiveEndDates/i],
  ['topAxis', /^topAxis/i],
  ['axisFormat', /^axisFormat\s[^#\n;]+/i],
  ['tickInterval', /^tickInterval\s[^#\n;]+/i],
  ['includes', /^includes\s[^#\n;]+/i],
  ['excludes', /^excludes\s[^#\n;]+/i],
  ['todayMarker', /^todayMarker\s[^\n;]+/i],
  ['weekday', /^weekday\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)/i],
  ['weekend', /^weekend\s+(?:friday|saturday)/i],
  ['date', /^\d\d\d\d-\d\d-\d\d/i],
  ['title', /^title\s[^#\n;]+/i],
  ['accDescription', /^accDescription\s[^#\n;]+/i],
  ['section', /^section\s[^#:\n;]+/i],
  ['taskTxt', /^[^#:\n;]+/i],
  ['taskData', /^:[^#\n;]+/i],
  [':', /^:/i],
  ['INVALID', null]
]

function lex(line: string): Array<[string, string]> {
  const tokens: Array<[string, string]> = []
  let rest = line
  while (rest !== '') {
    for (const [name, re] of RULES) {
      const text = re === null ? rest.slice(0, 1) : (re.exec(rest)?.[0] ?? '')
      if (text === '') continue
      if (name !== 'space') tokens.push([name, text])
      rest = rest.slice(text.length)
      break
    }
  }
  return tokens
}

/** The lines of each Mermaid block in `markdown`. */
function mermaidBlocks(markdown: string): string[][] {
  const blocks: string[][] = []
  let current: string[] | null = null
  for (const line of markdown.split('\n')) {
    if (current === null && line === '```mermaid') current = []
    else if (current !== null && /^ {0,3}`{3,}\s*$/.test(line)) {
      blocks.push(current)
      current = null
    } else current?.push(line)
  }
  expect(current).toBeNull()
  return blocks
}

interface Task {
  label: string
  tag: string
  start: number
  end: number
}

/**
 * Parses a gantt block as mermaid's lexer does and returns its tasks; fails
 * on any line that is not one whole statement of the grammar.
 */
function parseGantt(block: string[]): { tasks: Task[]; sections: string[]; header: string[] } {
  expect(block[0]).toBe('gantt')
  const tasks: Task[] = []
  const sections: string[] = []
  const header: string[] = []
  for (const line of block.slice(1)) {
    const tokens = lex(line)
    const kinds = tokens.map(t => t[0])
    if (
      kinds.length === 1 &&
      ['dateFormat', 'axisFormat', 'tickInterval', 'todayMarker'].includes(kinds[0]!)
    ) {
      header.push(tokens[0]![1])
      continue
    }
    // mermaid looks for `%%{…}%%` directives anywhere in the diagram before it parses.
    expect({ line, percent: line.includes('%') }).toEqual({ line, percent: false })
    if (kinds.length === 1 && kinds[0] === 'section') {
      sections.push(tokens[0]![1].slice('section '.length))
      continue
    }
    expect({ line, kinds }).toEqual({ line, kinds: ['taskTxt', 'taskData'] })
    const data = /^: (active, |crit, )?(\d+), (\d+)$/.exec(tokens[1]![1])
    expect({ line, data: data !== null }).toEqual({ line, data: true })
    const start = Number(data![2])
    const end = Number(data![3])
    expect(end).toBeGreaterThan(start)
    tasks.push({ label: tokens[0]![1].trim(), tag: data![1] ?? '', start, end })
  }
  return { tasks, sections, header }
}

function ganttOf(markdown: string): ReturnType<typeof parseGantt> {
  const blocks = mermaidBlocks(markdown).filter(b => b[0] === 'gantt')
  expect(blocks).toHaveLength(1)
  return parseGantt(blocks[0]!)
}

/** Feeds one call (and its result `tookMs` later) to the collector; returns the time after it. */
function callAt(
  timing: TimingCollector,
  at: number,
  call: { id: string; name: string; subject: string; tookMs: number; failed?: boolean }
): number {
  const title = `${call.name}: ${call.subject.length > 70 ? `${call.subject.slice(0, 69)}…` : call.subject}`
  const item: AgentItem = {
    kind: 'tool-call',
    id: call.id,
    name: call.name,
    title,
    input: [],
    subject: call.subject
  }
  timing.observe(event(item), iso(at))
  const result: AgentItem = {
    kind: 'tool-result',
    callId: call.id,
    output: '',
    isError: call.failed ?? false,
    exitCode: null
  }
  timing.observe(event(result), iso(at + call.tookMs))
  return at + call.tookMs
}

const ROOT = '/home/user/workspace/widgets/packages/core/src/components'

/**
 * A typical Claude Code run of 41 calls: a look around (12 Reads of files
 * deep in one folder, greps), the tests, edits, a fetch, the tests again.
 */
function fortyOneCalls(): TimingCollector {
  const timing = new TimingCollector({ now: () => T0 })
  timing.observe(
    event({ kind: 'session', agent: 'Claude Code', model: null, toolCount: 20 }),
    iso(0)
  )
  timing.observe(
    event({ kind: 'message', author: 'Claude', text: 'Let me look at the components first.' }),
    iso(4000)
  )
  let t = 4000
  let n = 0
  const next = (name: string, subject: string, tookMs: number, failed = false): void => {
    t += 250 // the model's time before each call
    t = callAt(timing, t, { id: `c${n++}`, name, subject, tookMs, failed })
  }
  const files = [
    'button',
    'dialog',
    'menu',
    'tabs',
    'tooltip',
    'table',
    'form',
    'input',
    'select',
    'toast',
    'card',
    'badge'
  ]
  for (const f of files) next('Read', `${ROOT}/${f}.tsx`, 150)
  next('Grep', 'useTheme in src/', 400)
  next('Grep', 'TODO in packages/', 350)
  next('Glob', '**/*.test.tsx', 200)
  next('Bash', 'cd /home/user/workspace/widgets && npm test', 18_000, true)
  for (const f of ['button', 'dialog', 'menu', 'tabs']) next('Edit', `${ROOT}/${f}.tsx`, 300)
  next('WebFetch', 'https://react.dev/reference/react/useId', 2500)
  next('Read', `${ROOT}/../hooks/use-theme.ts`, 150)
  next('Read', '/home/user/workspace/widgets/packages/core/src/index.ts', 150)
  next('Read', '/home/user/workspace/widgets/packages/docs/src/index.ts', 150)
  for (const f of ['card', 'badge', 'toast', 'table']) next('Edit', `${ROOT}/${f}.tsx`, 300)
  next('Bash', 'npm test', 16_000)
  next('Bash', 'npm run lint', 6000)
  next('Bash', 'npx tsc --noEmit', 9000)
  for (let i = 0; i < 8; i++) next('TodoWrite', `{"todos":[${i}]}`, 100)
  next('Bash', 'git diff --stat', 300)
  next('Write', `${ROOT}/CHANGES.md`, 200)
  expect(n).toBe(41)
  timing.observe(
    event({ kind: 'message', author: 'Claude', text: 'Done: every component uses useId now.' }),
    iso(t + 3000)
  )
  return timing
}

describe('the gantt chart', () => {
  it('a 41-call run: every line is one statement of the grammar, every label distinct and meaningful', () => {
    const section = timelineSection(fortyOneCalls().timeline()).join('\n')
    const { tasks, sections, header } = ganttOf(section)
    // Elapsed seconds for a run of about a minute: ticks that differ, in any time zone.
    expect(header).toEqual([
      'dateFormat x',
      'axisFormat %ss',
      'tickInterval 10second',
      'todayMarker off'
    ])
    expect(tasks[0]!.start).toBe(0)
    const labels = tasks.map(t => t.label)
    expect(new Set(labels).size).toBe(labels.length)
    // The file name, the command, the host and path; the slow steps whole.
    expect(labels).toContain('npm test (1st, 18s)')
    expect(labels).toContain('npm test (2nd, 16s)')
    expect(labels).toContain('npm run lint (6s)')
    expect(labels).toContain('WebFetch react.dev/reference/react/useId (2.5s)')
    // The twelve Reads at the start share one row; the tiny TodoWrites another.
    expect(labels).toContain('12 × Read, 1.8s')
    expect(labels).toContain('8 × TodoWrite, 800ms')
    // No row reads as the cut prefix the paths share.
    for (const label of labels) expect(label).not.toMatch(/home.runner/)
    expect(sections).toEqual(expect.arrayContaining(['Agent', 'Read', 'Bash', 'Edit', 'WebFetch']))
    // The failed run of the tests is marked.
    expect(tasks.find(t => t.label.startsWith('npm test (1st'))?.tag).toBe('crit, ')
    expect(section).toContain(
      'Runs of short consecutive calls share a row; the table counts every call.'
    )
    expect(section).toMatch(/^\| `Read` \| 15 \| 0 \| 2\.2s \|$/m)
  })

  it('names files by their name, widened by a folder only where two share it', () => {
    const timing = new TimingCollector({ now: () => T0 })
    let t = 0
    t = callAt(timing, t, { id: 'a', name: 'Read', subject: '/w/app/src/index.ts', tookMs: 5000 })
    t = callAt(timing, t, { id: 'b', name: 'Read', subject: '/w/app/docs/index.ts', tookMs: 5000 })
    t = callAt(timing, t, {
      id: 'c',
      name: 'Edit',
      subject: '/w/app/src/very/deep/button.tsx',
      tookMs: 5000
    })
    t = callAt(timing, t, { id: 'd', name: 'Read', subject: '/w/app/src/index.ts', tookMs: 5000 })
    callAt(timing, t, { id: 'e', name: 'Write', subject: 'C:\\w\\app\\notes.md', tookMs: 5000 })
    const labels = ganttOf(timelineSection(timing.timeline()).join('\n')).tasks.map(t => t.label)
    // In their sections (Read, then Edit), in time order within each.
    expect(labels).toEqual([
      'Read …/src/index.ts (1st, 5s)',
      'Read …/docs/index.ts (5s)',
      'Read …/src/index.ts (2nd, 5s)',
      'Edit button.tsx (5s)',
      'Write notes.md (5s)'
    ])
  })

  const hostile = [
    'gantt',
    'Gantt chart',
    '2026-01-01 deploy',
    'section',
    'click me',
    'title: x',
    'dateFormat YYYY',
    'accDescr { x }',
    'a:b#c;d',
    'line one\nline two\r\nthree',
    '```\nfenced',
    '%%{init: {"theme": "dark"}}%%',
    'x%%comment',
    '50% done',
    'weekday monday',
    '日本語のツール 🚀',
    '\u202eevil\u200b',
    '<img src=x>&amp;',
    'it\'s "quoted" \\ back',
    '   ',
    ':',
    '#'
  ]

  it('no tool name or subject can break it: every line parses, no character dropped', () => {
    const timing = new TimingCollector({ now: () => T0 })
    let t = 0
    hostile.forEach((name, i) => {
      t = callAt(timing, t, {
        id: `h${i}`,
        name,
        subject: `${name} https://example.com/a:b`,
        tookMs: 1000 + i
      })
      t = callAt(timing, t, { id: `k${i}`, name: 'Bash', subject: name, tookMs: 1000 + i })
    })
    const { tasks, sections } = ganttOf(timelineSection(timing.timeline()).join('\n'))
    // The 40 longest of 44 rows; each parsed as one task.
    expect(tasks).toHaveLength(40)
    expect(sections.length).toBeGreaterThan(1)
    // What the label says stays readable: look-alikes, not blanks.
    expect(ganttText('https://example.com/a:b')).toBe('https∶//example.com/a∶b')
    expect(ganttText('a:b#c;d')).toBe('a∶b＃c；d')
    expect(ganttText('gantt')).toBe('› gantt')
    expect(ganttText('2026-01-01 deploy')).toBe('› 2026-01-01 deploy')
    expect(ganttText('日本語のツール 🚀')).toBe('日本語のツール 🚀')
    expect(ganttText('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`)
  })

  it('a short run gets an elapsed axis from 0 whose ticks differ; a long one the clock', () => {
    const short = new TimingCollector({ now: () => T0 })
    callAt(short, 0, { id: 'a', name: 'Bash', subject: 'npm test', tookMs: 3000 })
    const { header, tasks } = ganttOf(timelineSection(short.timeline()).join('\n'))
    expect(header).toEqual([
      'dateFormat x',
      'axisFormat %ss',
      'tickInterval 1second',
      'todayMarker off'
    ])
    expect(tasks).toEqual([{ label: 'npm test (3s)', tag: '', start: 0, end: 3000 }])
    const long = new TimingCollector({ now: () => T0 })
    callAt(long, 0, { id: 'a', name: 'Bash', subject: 'npm test', tookMs: 20 * 60_000 })
    const clock = ganttOf(timelineSection(long.timeline()).join('\n'))
    expect(clock.header).toEqual(['dateFormat x', 'axisFormat %H:%M', 'todayMarker off'])
    expect(clock.tasks[0]!.start).toBe(T0)
  })
})

describe('a wait that stopped with a call running', () => {
  /** A run whose 18 s call is still running when the 20 s timeout hits. */
  function timedOut(): RunTimeline {
    let now = T0
    const timing = new TimingCollector({ now: () => now })
    timing.observe(
      event({ kind: 'message', author: 'Claude', text: 'Running the slow suite' }),
      iso(0)
    )
    callAt(timing, 500, { id: 'a', name: 'Read', subject: '/w/package.json', tookMs: 1200 })
    const call: AgentItem = {
      kind: 'tool-call',
      id: 'slow',
      name: 'Bash',
      title: 'Bash: npm run e2e',
      input: [],
      subject: 'npm run e2e'
    }
    timing.observe(event(call), iso(2000))
    now = T0 + 20_000
    const seen = timing.timeline()
    return stoppedAt(seen, seen.readAtMs!)
  }

  it('shows the call in the chart and the table, marked running, with its time so far', () => {
    const timeline = timedOut()
    const section = timelineSection(timeline).join('\n')
    const { tasks } = ganttOf(section)
    expect(tasks.at(-1)).toEqual({
      label: 'npm run e2e (running, 18s so far)',
      tag: 'active, ',
      start: 2000,
      end: 20_000
    })
    expect(section).toContain('| `Bash` | 1 | 0 | 18s (1 running) |')
  })

  it('the summary names it under its title', () => {
    const md = buildSummary({
      status: 'timeout',
      ending: { stop: 'timeout', limitMs: 20_000, cancelled: true },
      agent: 'slow-agent',
      runId: 'run-1',
      durationMs: 18_700,
      timeline: timedOut()
    })
    expect(md).toContain('## ⏱ slow-agent timed out after 20s (cancelled by the action)')
    expect(md).toContain('**timeout** · 18.7s')
    expect(md).toContain('Still running when the wait stopped: `Bash: npm run e2e` (18s so far).')
  })

  it('a run that ended keeps its unanswered calls as such, not running', () => {
    const timing = new TimingCollector({ now: () => T0 + 99_000 })
    callAt(timing, 0, { id: 'a', name: 'Read', subject: '/w/a.ts', tookMs: 1000 })
    timing.observe(
      event({
        kind: 'tool-call',
        id: 'x',
        name: 'Bash',
        title: 'Bash: ls',
        input: [],
        subject: 'ls'
      }),
      iso(2000)
    )
    timing.observe(event({ kind: 'message', author: 'Claude', text: 'Done' }), iso(5000))
    const { tasks } = ganttOf(timelineSection(timing.timeline()).join('\n'))
    expect(tasks.find(t => t.label.startsWith('ls'))).toEqual({
      label: 'ls (no result)',
      tag: 'active, ',
      start: 2000,
      end: 5000
    })
  })
})

describe('a Codex run', () => {
  it('times each command from its start to its completion, in the chart and the table', () => {
    const reader = new CodexReader()
    const timing = new TimingCollector({ now: () => T0 })
    for (const step of codexSampleScript().steps ?? []) {
      if ('agent' in step) timing.observe(event(...reader.read(step.agent)), iso(step.at))
    }
    const section = timelineSection(timing.timeline()).join('\n')
    // Two commands, 700 ms and 600 ms (the step log's figures), not four of 0 ms.
    expect(section).toMatch(/^\| `command` \| 2 \| 1 \| 1\.3s \|$/m)
    const { tasks } = ganttOf(section)
    const commands = tasks.filter(t => t.label.startsWith('npm test'))
    expect(commands).toEqual([
      { label: 'npm test (1st, 700ms)', tag: 'crit, ', start: 300, end: 1000 },
      { label: 'npm test (2nd, 600ms)', tag: '', start: 1600, end: 2200 }
    ])
    // The completed item tells the command again: not a turn of the model during it.
    for (const other of tasks.filter(t => !commands.includes(t))) {
      for (const c of commands) expect(other.end <= c.start || other.start >= c.end).toBe(true)
    }
  })
})

describe('the resource charts', () => {
  it('draw each line in an explicit colour at a sane height, in a directive before the chart', () => {
    const points = Array.from({ length: 30 }, (_, i) => ({
      timeMs: T0 + i * 1000,
      cpuPercent: i,
      memoryUsedMb: 500 + i
    }))
    const md = resourceSection(
      { avgCpuPercent: 10, maxMemoryUsedMb: 529, memoryTotalMb: 4096, points } as never,
      null
    ).join('\n')
    const blocks = mermaidBlocks(md)
    expect(blocks).toHaveLength(2)
    const colours = blocks.map(block => {
      const init = /^%%\{init: (.*)\}%%$/.exec(block[0]!)
      expect(init).not.toBeNull()
      expect(block[1]).toBe('xychart-beta')
      const config = JSON.parse(init![1]!) as {
        xyChart: { height: number }
        themeVariables: { xyChart: { plotColorPalette: string } }
      }
      expect(config.xyChart.height).toBeLessThanOrEqual(320)
      return config.themeVariables.xyChart.plotColorPalette
    })
    for (const colour of colours) expect(colour).toMatch(/^#[0-9a-f]{6}$/i)
    // Not mermaid's pale default of the first line.
    expect(colours.map(c => c.toLowerCase())).not.toContain('#ececff')
  })
})
