/**
 * Redaction of what a reader sees (issue #20): a secret written with
 * Markdown backslash escapes or HTML character references, or with variation
 * selectors, joiners and other invisible characters between its characters,
 * is found and hidden whole, in every function a channel goes through.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TranscriptFile } from '../../src/run/transcript.js'
import { seenText } from '../../src/text/sanitize.js'
import {
  createRedactor,
  holdsKnownSecret,
  redactLine,
  redactPresignedUrls,
  registerSecrets,
  safeCutEnd
} from '../../src/text/secrets.js'
import { remoteText } from '../../src/text/remote.js'
import { cutLine, firstWords, toLines } from '../../src/text/lines.js'
import { cpuMs } from '../support/cpu-time.js'
import { secretsShown } from '../support/shown.js'

const TOKEN = 'ghp_R3d4ct-Me.Pl3ase_0k'
const LOGGED = 'Log-Secret_V4lue.For+The-Step'

/** Every ASCII punctuation character of `s` backslash-escaped, as Markdown allows. */
const escaped = (s: string): string => s.replace(/[!-/:-@[-`{-~]/g, c => `\\${c}`)
/** Each character of `s` with `sep` after it. */
const interleaved = (s: string, sep: string): string => [...s].join(sep)

const INVISIBLES = [
  '\ufe0f',
  '\ufe00',
  '\u{e0100}',
  '\u{e01ef}',
  '\u200d',
  '\u200c',
  '\u200b',
  '\u2060',
  '\u00ad',
  '\ufeff',
  '\u0000',
  '\u180e',
  '\u{e0041}',
  '\u034f'
]

/** The forms of a secret that render or print as the secret itself. */
function shownForms(secret: string): Record<string, string> {
  const forms: Record<string, string> = {
    'backslash escapes': escaped(secret),
    'escaped underscore only': secret.replace('_', '\\_'),
    'decimal reference': secret.replace('_', '&#95;'),
    'hex reference': secret.replace('_', '&#x5f;'),
    'named reference': secret.replace('_', '&lowbar;'),
    'other named references': secret.replace('.', '&period;').replace('_', '&UnderBar;'),
    'reference of a letter': `&#x${secret.charCodeAt(0).toString(16)};${secret.slice(1)}`,
    'escapes and references mixed': escaped(secret).replace('\\_', '&#95;'),
    'reference of an invisible between': `${secret.slice(0, 5)}&#8203;${secret.slice(5)}`,
    'escapes and invisibles mixed': [...secret].map(escaped).join('\ufe0f')
  }
  for (const sep of INVISIBLES) {
    const code = sep.codePointAt(0)!.toString(16).toUpperCase()
    forms[`U+${code} between every character`] = interleaved(secret, sep)
  }
  return forms
}

describe('seenText', () => {
  it('decodes escapes and references and leaves out invisibles, mapping each unit to its origin', () => {
    const seen = seenText('a\\_b&#95;c&lowbar;d\ufe0fe\u{e0100}f')
    expect(seen.text).toBe('a_b_c_def')
    expect([...seen.starts!]).toEqual([0, 1, 3, 4, 9, 10, 18, 20, 23, 24])
  })

  it('reads escapes and references as CommonMark does', () => {
    expect(seenText('\\a \\\\_ \\').text).toBe('\\a \\_ \\')
    expect(seenText('&#0; &#x110000; &#xD800; &#12345678; &nope; &amp &AMP;').text).toBe(
      '\ufffd \ufffd \ufffd &#12345678; &nope; &amp &'
    )
    expect(seenText('\\&#95; &#92;_').text).toBe('&#95; \\_')
    expect(seenText('&ngE;').text).toBe('≧̸')
  })

  it('keeps text without escapes, references or invisibles as it is', () => {
    const seen = seenText('plain text, emoji 😀 and tabs\tand\nlines')
    expect(seen).toEqual({ text: 'plain text, emoji 😀 and tabs\tand\nlines', starts: null })
    expect(seenText('x\u001b[31mred\u001b[0m').text).toBe('xred')
  })
})

describe('a secret shown through escapes, references or invisibles', () => {
  const redact = createRedactor([TOKEN])
  const markup = redact.markup!

  it.each(Object.entries(shownForms(TOKEN)))('%s: hidden whole by redact and markup', (_, form) => {
    // The form does show the secret (the oracle agrees it is a leak to hide).
    expect(secretsShown(`see ${form} here`, [TOKEN])).toEqual([TOKEN])
    expect(redact(`see ${form} here`)).toBe('see *** here')
    expect(markup(`see ${form} here`)).toBe('see *** here')
  })

  it('hides the JSON and URL forms and the secret inside Markdown the action built', () => {
    expect(markup(`| \`${escaped(TOKEN)}\` |`)).toBe('| `***` |')
    expect(redact(JSON.stringify({ v: interleaved(TOKEN, '\u200b') }))).toBe('{"v":"***"}')
    expect(markup(JSON.stringify({ v: interleaved(TOKEN, '\ufe0f') }))).toBe('{"v":"***"}')
  })

  it('leaves other escapes, references and invisibles where they are', () => {
    const text = 'a\\_b &amp; @\u200bowner ❤️ ghp\\_R3d4ct 👨\u200d👩'
    expect(markup(text)).toBe(text)
    expect(redact(`x ${TOKEN}\ufe0f y`)).toBe('x *** y')
  })

  it('masks a signed URL whose parameter name or value is escaped or split', () => {
    for (const url of [
      'https://b.s3.example/k?X\\-Amz\\-Signature\\=SIGVALUE99&a=1',
      'https://b.s3.example/k?X-Amz-Sig\ufe0fnature=SIG\u200bVALUE99&a=1',
      'https://b.s3.example/k?a=1&#38;X&#45;Amz-Signature=SIGVALUE99',
      'https\\://b.s3.example/k?sig=SIGVALUE99'
    ]) {
      const out = redactPresignedUrls(url)
      expect(secretsShown(out, ['SIGVALUE99', 'SIGVALUE'])).toEqual([])
      expect(out).toContain('b.s3.example/k?')
    }
  })
})

describe('registered secrets in the step log', () => {
  registerSecrets([LOGGED])

  it.each(Object.entries(shownForms(LOGGED)))('%s: redactLine hides it whole', (_, form) => {
    expect(holdsKnownSecret(`a ${form} b`)).toBe(true)
    expect(redactLine(`a ${form} b`)).toBe('a *** b')
  })

  it('never cuts inside a secret with invisibles between its characters', () => {
    const split = interleaved(LOGGED, '\ufe0f')
    const text = `prefix ${split} suffix`
    expect(safeCutEnd(text, 20)).toBe(7)
    expect(safeCutEnd(text, text.length - 3)).toBe(text.length - 3)
    expect(remoteText(text, 30)).toBe('prefix …')
  })

  it('log lines cut across an escaped or invisible-split secret leave none of it', () => {
    for (const form of [
      interleaved(LOGGED, '\ufe0f'),
      escaped(LOGGED),
      interleaved(LOGGED, '\u0000')
    ]) {
      const line = `prefix ${form} suffix`
      expect(cutLine(line, 20)).toBe(`prefix  … [${line.length - 7} more characters cut]`)
      expect(firstWords(line, 24)).toBe('prefix …')
      const printed = toLines(`${line}\n${'z'.repeat(190)}${form}`, 200).map(redactLine)
      expect(printed.join('\n')).not.toMatch(/Log|Secret|V4lue/)
      expect(printed[0]).toBe('prefix *** suffix')
    }
  })
})

describe('the transcript file', () => {
  it('goes through the same clean-up and redaction: no secret split by NULs or zero-width spaces', () => {
    const dir = mkdtempSync(join(tmpdir(), 'transcript-'))
    const file = TranscriptFile.create(dir, 'run-1', createRedactor([TOKEN]), () => undefined)!
    const forms = shownForms(TOKEN)
    file.write({ type: 'assistant', text: Object.values(forms).join(' | '), [TOKEN]: 'key' })
    file.write({ nested: [{ line: `a\r\nb \u001b[2J${interleaved(TOKEN, '\u0000')}` }], n: 3 })
    file.close()
    const lines = readFileSync(file.path, 'utf8').split('\n').filter(Boolean)
    const events = lines.map(l => JSON.parse(l) as Record<string, unknown>)
    expect(events[0]).toEqual({
      type: 'assistant',
      text: Object.values(forms)
        .map(() => '***')
        .join(' | '),
      '***': 'key'
    })
    expect(events[1]).toEqual({ nested: [{ line: 'a\nb ***' }], n: 3 })
    expect(secretsShown(lines.join('\n'), [TOKEN])).toEqual([])
  })
})

// CPU time, not the wall clock: a linear pass takes tens of milliseconds a megabyte; a quadratic
// one (a rescan per near-miss or per escape) takes minutes on 5 MB.
describe('linear time on 5 MB of near-misses', () => {
  const MB5 = 5 * 1024 * 1024
  const fill = (unit: string): string => unit.repeat(Math.ceil(MB5 / unit.length))
  const redact = createRedactor([TOKEN, LOGGED, 'x'.repeat(40)])

  it.each([
    ['near-misses with escapes', `${escaped(TOKEN.slice(0, -1))}!`],
    ['near-misses with invisibles', `${interleaved(TOKEN.slice(0, -2), '\ufe0f')}\u200b `],
    ['near-misses with references', `${TOKEN.slice(0, 4)}&#95;${TOKEN.slice(5, -1)}&lowbar `],
    ['backslashes', '\\'],
    ['unfinished references', '&#x5f'],
    ['long reference names', `&${'a'.repeat(40)}`],
    ['escape sequences', '\u001b[0'],
    ['a periodic secret split by invisibles, matching everywhere', 'x'.repeat(39) + '\u200b']
  ])('%s', (_, unit) => {
    const text = fill(unit)
    expect(cpuMs(() => redact(text))).toBeLessThan(5000)
    expect(cpuMs(() => redact.markup!(text))).toBeLessThan(5000)
    expect(cpuMs(() => redactLine(text))).toBeLessThan(5000)
    expect(cpuMs(() => safeCutEnd(text, MB5 / 2))).toBeLessThan(5000)
  })

  it('5 MB of the secret in invisible-split form is hidden whole, in linear time', () => {
    const text = fill(`${interleaved(TOKEN, '\u2060')} `)
    let out = ''
    expect(cpuMs(() => (out = redact.markup!(text)))).toBeLessThan(5000)
    expect(out.startsWith('*** *** ***')).toBe(true)
    expect(out).not.toContain('\u2060')
  })
})
