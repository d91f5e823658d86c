/**
 * Relayed lines against a runner-like parser (emulator/runner/workflow-commands.ts,
 * after actions/runner ActionCommandManager): whatever the remote text holds, it
 * starts, ends or changes no command, group or mask; only lines that could be
 * read as a command are fenced.
 */
import { describe, expect, it } from '@jest/globals'
import { commandLike, relayedText } from '../../src/render/printer.js'
import { toLines } from '../../src/text/lines.js'
import { parseStdout } from '../../emulator/runner/workflow-commands.js'

/** Remote text as the renderer relays it, between two lines of the action's own. */
function relay(text: string): ReturnType<typeof parseStdout> {
  return parseStdout(`::group::mine\n${relayedText(toLines(text))}::endgroup::\nafter\n`)
}

const INJECTIONS = [
  '::error::fake error',
  '::add-mask::the-word-secret',
  '::endgroup::',
  '::group::fake group',
  '::stop-commands::guess',
  '::guess::',
  '##[group]legacy group',
  '##[endgroup]',
  'text before ##[error]legacy error anywhere',
  '##[add-mask]legacy-mask',
  '  ::warning::indented',
  '\u00a0\u2003::notice::unicode spaces',
  '\u0085::error::next line char',
  '\ufeff::error::byte order mark',
  '::ERROR::upper case',
  'harmless\r::error::after a lone CR',
  'a\r\r##[group]after two CRs',
  '::set-output name=status::hacked'
]

describe('relayed text and the runner', () => {
  it.each(INJECTIONS)('%j stays inert', line => {
    const out = relay(line)
    expect(out.commands.map(c => c.command)).toEqual(
      expect.not.arrayContaining(['error', 'warning', 'notice', 'add-mask', 'set-output'])
    )
    expect(out.masks).toEqual([])
    expect(out.groups).toEqual([{ title: 'mine', closed: true }])
    // The action's own line after it is still plain text, outside any fence.
    expect(out.text.at(-1)).toBe('after')
    expect(out.commands.filter(c => c.command === 'endgroup')).toHaveLength(1)
  })

  it('all of them at once, in one block', () => {
    const out = relay(INJECTIONS.join('\n'))
    expect(out.masks).toEqual([])
    expect(out.groups).toEqual([{ title: 'mine', closed: true }])
    expect(
      out.commands.map(c => c.command).filter(c => c !== 'stop-commands' && c !== 'group')
    ).toEqual(['endgroup'])
  })

  it('fences only the lines that could be commands, a run of them in one fence', () => {
    const text = ['plain', '::error::a', '::error::b', 'plain again', 'std::vector<int>'].join('\n')
    const out = relay(text)
    expect(out.fenceLines).toBe(2)
    expect(out.text).toEqual([
      'plain',
      '::error::a',
      '::error::b',
      'plain again',
      'std::vector<int>',
      'after'
    ])
  })

  it('breaks ##[ so the log viewer draws no group from it, and reads the same', () => {
    const out = relay('##[group]legacy group')
    expect(out.fenceLines).toBe(0)
    expect(out.text[0]).toBe('##\u200b[group]legacy group')
  })

  it('knows what could be a command', () => {
    expect(commandLike('::x')).toBe(true)
    expect(commandLike(' \t::x')).toBe(true)
    expect(commandLike('\u2028::x')).toBe(true)
    expect(commandLike('a::x')).toBe(false)
    expect(commandLike(': :x')).toBe(false)
  })
})
