/**
 * The README's troubleshooting section quotes the messages the action
 * prints: each phrase below stands for one entry and must appear both there
 * and, word for word, in src/. Rewording a message without the README (or
 * the reverse) fails here.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** One phrase per entry (two where the entry quotes two messages), free of interpolations. */
const PHRASES = [
  'is required: set the input (e.g.',
  'The key is wrong, expired or revoked.',
  'VM0 tokens expire after 90 days',
  'No agent this key can see is named',
  'agents this key can see are named',
  'does not serve the `/v1` API. The hosted VM0 service removed `/v1` on 2026-03-02',
  'No run was started: ',
  'and by default only users with write access to the repository may start a paid VM0 run',
  'cannot be used with',
  'No VM0 run slot came free within the',
  'The run did not end within the',
  'Nothing arrived from the run for the',
  'the token may not comment on',
  'does not look like the VM0 API'
]

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]
  )
}

/** The sources' text with template-literal escapes undone and `' +` line joins removed. */
const SOURCES = files(join(ROOT, 'src'))
  .filter(path => path.endsWith('.ts'))
  .map(path => readFileSync(path, 'utf8'))
  .join('\n')
  .replace(/\\`/g, '`')
  .replace(/['`]\s*\+\s*\n\s*['`]/g, '')

const README = readFileSync(join(ROOT, 'README.md'), 'utf8')
const SECTION = README.slice(
  README.indexOf('## Troubleshooting'),
  README.indexOf('\n## ', README.indexOf('## Troubleshooting') + 1)
)
/** The section as one line, as a reader sees it (a quoted message wraps in the source). */
const SECTION_TEXT = SECTION.replace(/\s*\n\s*/g, ' ')

describe('the README troubleshooting section', () => {
  it('has ten entries', () => {
    expect(SECTION.match(/^\d+\. \*\*/gm)?.length).toBe(10)
  })

  it.each(PHRASES)('quotes "%s" as the action prints it', phrase => {
    expect([SECTION_TEXT.includes(phrase), SOURCES.includes(phrase)]).toEqual([true, true])
  })
})
