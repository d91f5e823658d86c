import { describe, expect, it } from '@jest/globals'
import {
  MIN_SECRET_LENGTH,
  createRedactor,
  redactPresignedUrls,
  secretNeedles
} from '../../src/text/secrets.js'
import { cutChars, oneLine, plainText } from '../../src/text/sanitize.js'

describe('createRedactor', () => {
  it('hides each value, longest first, and each line of a multi-line value', () => {
    const redact = createRedactor(['abcd', 'abcdef', 'first-line\nsecond-line'])
    expect(redact('x abcdef y abcd z')).toBe('x *** y *** z')
    expect(redact('second-line alone')).toBe('*** alone')
  })

  it(`ignores values shorter than ${MIN_SECRET_LENGTH} characters: they would garble text`, () => {
    const redact = createRedactor(['1', '{', 'ab', 'xyz'])
    expect(redact('{"ok": true, "count": 12, "xyz": 1}')).toBe(
      '{"ok": true, "count": 12, "xyz": 1}'
    )
    expect(secretNeedles(['abc', 'abcd', ' '])).toEqual(['abcd'])
  })

  it('hides the query of presigned URLs only', () => {
    expect(redactPresignedUrls('see https://x.blob.core.windows.net/c/b?sv=1&sig=abc done')).toBe(
      'see https://x.blob.core.windows.net/c/b?*** done'
    )
    expect(redactPresignedUrls('https://example.com/page?q=1')).toBe('https://example.com/page?q=1')
    expect(createRedactor([])('GET https://b.s3.amazonaws.com/k?X-Amz-Signature=abc')).toBe(
      'GET https://b.s3.amazonaws.com/k?***'
    )
  })
})

describe('sanitize', () => {
  it('plainText drops escapes and controls, keeps newlines and tabs', () => {
    expect(plainText('a\u001b[31mb\u001b[0m\r\nc\td\u0007\u2028')).toBe('ab\nc\td')
  })
  it('oneLine flattens controls, zero-width characters and escapes, then cuts with …', () => {
    expect(oneLine('a\n\u001b[2Jb\u200bc\u0000d', 100)).toBe('a b c d')
    expect(oneLine('x'.repeat(10), 5)).toBe('xxxx…')
  })
  it('cutChars never splits a surrogate pair', () => {
    expect(cutChars('ab😀', 3)).toBe('ab')
    expect(cutChars('ab😀', 4)).toBe('ab😀')
  })
})
