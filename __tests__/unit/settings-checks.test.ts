import { describe, expect, it } from '@jest/globals'
import { checkArtifactName } from '../../src/artifacts/upload.js'
import { InputError } from '../../src/base/errors.js'
import {
  replaceUploadNameForbidden,
  UPLOAD_NAME_FORBIDDEN_TEXT,
  uploadNameForbidden
} from '../../src/settings/checks.js'
import { getConnection, getSettings } from '../../src/settings/inputs.js'
import { DEFAULT_API_URLS } from '../../src/settings/names.js'
import { InputErrors } from '../../src/settings/problems.js'
import {
  BASE,
  harness,
  problem,
  problems,
  settings,
  start,
  TOKEN
} from '../support/settings-harness.js'

describe('vm0-token', () => {
  it('comes from the input, else env VM0_TOKEN; the input wins', () => {
    expect(settings({}).token).toBe(TOKEN)
    expect(
      settings({ 'vm0-token': '' }, { env: { VM0_TOKEN: ' vm0_live_env-token ' } }).token
    ).toBe('vm0_live_env-token')
    expect(settings({}, { env: { VM0_TOKEN: 'vm0_live_env-token' } }).token).toBe(TOKEN)
  })

  it('is required, with a message naming the input, the env variable and forks', () => {
    const message = problem({ 'vm0-token': '' }, 'vm0-token', { env: { VM0_TOKEN: '  ' } })
    expect(message).toContain('VM0_TOKEN')
    expect(message).toMatch(/pull requests from forks receive no secrets/)
  })

  it.each([['qwx rty'], ['qwx\nrty'], ['qwx\u0000rty']])(
    'rejects a token with whitespace or control characters (%j) without showing it',
    token => {
      const message = problem({ 'vm0-token': token }, 'vm0-token')
      expect(message).toContain('whitespace or control characters')
      expect(message).not.toMatch(/qwx|rty/)
    }
  )

  it('is masked before any other input is read (from the input)', () => {
    const h = harness({ ...BASE, 'vm0-token': ` ${TOKEN} ` })
    getSettings(h.deps)
    expect(h.calls.slice(0, 2)).toEqual(['get:vm0-token', `mask:${TOKEN}`])
  })

  it('is masked before any other input is read (from env)', () => {
    const h = harness(
      { ...BASE, 'vm0-token': '' },
      { env: { VM0_TOKEN: 'vm0_live_env-secret-token' } }
    )
    getSettings(h.deps)
    expect(h.calls.slice(0, 2)).toEqual(['get:vm0-token', 'mask:vm0_live_env-secret-token'])
  })

  it('never appears in any message', () => {
    const found = problems({
      'vm0-token': TOKEN,
      'api-url': TOKEN,
      timeout: 'soon',
      agent: '',
      prompt: ''
    })
    // Several inputs are wrong here: the loop below must have messages to check.
    expect(found.length).toBeGreaterThan(0)
    for (const e of found) expect(e.message).not.toContain(TOKEN.slice(4))
    expect(found.find(e => e.input === 'api-url')?.message).toContain("got '***'")
  })

  it('a token or secret pasted into another input is redacted from its message', () => {
    const message = problem(
      { secrets: 'K=pasted-secret-value', 'log-level': `pasted-secret-value ${TOKEN}` },
      'log-level'
    )
    expect(message).toContain("got '*** ***'")
  })
})

describe('api-url', () => {
  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['', {}, DEFAULT_API_URLS.v1],
    ['', { VM0_API_URL: 'http://127.0.0.1:8080/' }, 'http://127.0.0.1:8080'],
    ['https://other.test', { VM0_API_URL: 'http://127.0.0.1:8080' }, 'https://other.test'],
    ['https://api.vm0.ai/', {}, 'https://api.vm0.ai'],
    ['https://host.test/base//', {}, 'https://host.test/base'],
    ['HTTPS://Host.Test:443/api', {}, 'https://host.test/api']
  ])('%j with env %j → %s', (input, env, expected) => {
    expect(settings({ 'api-url': input }, { env }).apiUrl).toBe(expected)
  })

  it.each([
    ['ftp://host.test'],
    ['api.vm0.ai'],
    ['not a url'],
    ['https://h.test/?x=1'],
    ['https://h.test/#f']
  ])('rejects %j, showing it and the accepted form', value => {
    const message = problem({ 'api-url': value }, 'api-url')
    expect(message).toContain(`'${value}'`)
    expect(message).toContain('http(s) URL')
  })

  it.each([
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://127.1/', 'http://127.0.0.1'],
    ['http://localhost:3000/api', 'http://localhost:3000/api'],
    ['http://vm0.localhost', 'http://vm0.localhost'],
    ['http://[::1]:9/', 'http://[::1]:9']
  ])('accepts http for the loopback host in %j', (input, expected) => {
    expect(settings({ 'api-url': input }).apiUrl).toBe(expected)
  })

  it.each([
    ['http://api.vm0.ai'],
    ['http://10.0.0.5:8080'],
    ['http://169.254.169.254'],
    ['http://localhost.evil.test'],
    ['http://[::ffff:127.0.0.1]'],
    ['http://0.0.0.0:8080']
  ])('refuses http for the non-loopback host in %j: the token would go in cleartext', value => {
    const message = problem({ 'api-url': value }, 'api-url')
    expect(message).toContain('must use https')
    expect(message).toContain('cleartext')
    expect(message).toContain('loopback')
    expect(message).toContain(`'${value}'`)
  })

  it('refuses a non-loopback http URL from env VM0_API_URL too, naming it', () => {
    const message = problem({}, 'api-url', { env: { VM0_API_URL: 'http://vm0.internal' } })
    expect(message).toContain('VM0_API_URL')
    expect(message).toContain('must use https')
  })

  it('names env VM0_API_URL when the bad value came from it', () => {
    const message = problem({}, 'api-url', { env: { VM0_API_URL: 'nope' } })
    expect(message).toContain('VM0_API_URL')
    expect(message).toContain("'nope'")
  })

  it('rejects credentials in the URL without showing them', () => {
    const message = problem({ 'api-url': 'https://user:hunter2@h.test/' }, 'api-url')
    expect(message).not.toContain('hunter2')
    expect(message).not.toContain('user')
    expect(message).toContain('***@h.test')
  })
})

describe('durations', () => {
  it.each<[string, number]>([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['1h30m15s', 5_415_000]
  ])('timeout %s → %d ms', (value, ms) => {
    expect(settings({ timeout: value }).timeoutMs).toBe(ms)
    expect(settings({ 'idle-timeout': value }).idleTimeoutMs).toBe(ms)
  })

  it.each([['timeout'], ['idle-timeout']])(
    '%s refuses a bare number, naming both readings (timeout-minutes means minutes)',
    name => {
      expect(problem({ [name]: '30' }, name)).toBe(
        `\`${name}\` needs a unit: got '30'; write 30s for seconds or 30m for minutes`
      )
    }
  )

  it('idle-timeout 0 (any form) turns it off', () => {
    expect(settings({ 'idle-timeout': '0' }).idleTimeoutMs).toBe(0)
    expect(settings({ 'idle-timeout': '0m' }).idleTimeoutMs).toBe(0)
  })

  it('gives the message the style guide asks for', () => {
    expect(problem({ timeout: 'soon' }, 'timeout')).toBe(
      "`timeout` must be a duration with a unit, like 90s, 30m, 2h or 1h30m; got 'soon'"
    )
  })

  it.each([['timeout'], ['idle-timeout']])('%s rejects bad forms and values over 24 days', name => {
    for (const value of ['1.5h', '-1', '10 m', '1d', 'PT1H']) {
      expect(problem({ [name]: value }, name)).toContain(`got '${value}'`)
    }
    expect(problem({ [name]: '1000h' }, name)).toContain("at most 576h (24 days); got '1000h'")
  })

  it('timeout must be more than 0', () => {
    expect(problem({ timeout: '0' }, 'timeout')).toContain(
      'more than 0 (a duration with a unit, like 90s'
    )
    expect(problem({ timeout: '0s' }, 'timeout')).toContain("got '0s'")
  })
})

describe('artifact inputs', () => {
  it.each<[string, string | null]>([
    ['', null],
    ['latest', null],
    ['LATEST', null],
    ['deadbeef', 'deadbeef'],
    ['ABCDEF0123456789', 'ABCDEF0123456789'],
    ['f'.repeat(64), 'f'.repeat(64)]
  ])('artifact-version %j → %j', (value, expected) => {
    expect(start({ 'artifact-version': value }).artifactVersion).toBe(expected)
  })

  it.each([['v1.2'], ['deadbee'], ['f'.repeat(65)], ['newest']])(
    'artifact-version %j is refused',
    value => {
      expect(problem({ 'artifact-version': value }, 'artifact-version')).toContain(
        `8 to 64 hex characters, or \`latest\` (or empty) for the latest version; got '${value}'`
      )
    }
  )

  it('resolves path against the workspace', () => {
    expect(settings({ path: 'out/files' }).path).toBe('/ws/out/files')
    expect(settings({ path: '/abs/dir/' }).path).toBe('/abs/dir')
    expect(settings({ path: '../up' }).path).toBe('/up')
  })

  it('keeps a valid upload-name', () => {
    expect(settings({ 'upload-name': 'vm0 result (1)' }).uploadName).toBe('vm0 result (1)')
  })

  it.each([['.'], ['..'], ['...'], ['. .'], ['.. .']])(
    'upload-name %j is refused: only dots and spaces, not a name',
    value => {
      const message = problem({ 'upload-name': value }, 'upload-name')
      expect(message).toContain(
        '`upload-name` must be a name with a character other than dots and spaces'
      )
      expect(message).toContain(`'${value}'`)
      expect(message).toContain('give a name such as vm0-output')
      expect(settings({ 'upload-name': `${value}x` }).uploadName).toBe(`${value}x`)
    }
  )

  it.each([['"'], [':'], ['<'], ['>'], ['|'], ['*'], ['?'], ['\\'], ['/'], ['\r'], ['\n']])(
    'upload-name with %j is refused',
    char => {
      const value = `a${char}b`
      const message = problem({ 'upload-name': value }, 'upload-name')
      expect(message).toContain('" : < > | * ? \\ /')
      expect(message).not.toMatch(/[\r\n]/)
    }
  )
})

describe('what the VM0 client trusts', () => {
  // The client no longer checks the token or the base URL: what it used to refuse is refused here.
  it('refuses a blank token, a token with a line break and a non-http(s) API URL', () => {
    expect(problem({ 'vm0-token': ' ' }, 'vm0-token')).toContain('`vm0-token` is required')
    const broken = problem({ 'vm0-token': 'vm0_live_abc\ndef' }, 'vm0-token')
    expect(broken).toContain('whitespace or control characters')
    expect(broken).not.toContain('vm0_live_abc')
    expect(problem({ 'api-url': 'ftp://x' }, 'api-url')).toContain('must be an http(s) URL')
  })

  it.each([['\u0085'], ['\u009f'], ['\u007f'], ['\t']])(
    'refuses a token holding %j, which could not go into a header',
    char => {
      expect(problem({ 'vm0-token': `vm0${char}tok` }, 'vm0-token')).toContain(
        'whitespace or control characters'
      )
    }
  )
})

describe('getConnection (the post step)', () => {
  function connection(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
    const h = harness(inputs, { env })
    let result: unknown
    try {
      result = getConnection(h.deps)
    } catch (error) {
      result = error
    }
    return { result, h }
  }

  it('reads only vm0-token, api and api-url, masking the token first', () => {
    const { result, h } = connection({ 'vm0-token': ` ${TOKEN} `, 'api-url': 'https://h.test/' })
    expect(result).toEqual({ api: 'v1', token: TOKEN, apiUrl: 'https://h.test' })
    const gets = h.calls.filter(c => c.startsWith('get:'))
    expect(gets).toEqual(['get:vm0-token', 'get:api', 'get:api-url'])
    // The token and its derived forms (base64 at three offsets, …) are masked before the URL is read.
    const masks = h.calls.slice(1, h.calls.indexOf('get:api'))
    expect(masks[0]).toBe(`mask:${TOKEN}`)
    expect(masks.length).toBeGreaterThan(1)
    expect(masks.every(c => c.startsWith('mask:'))).toBe(true)
  })

  it('does not fail on inputs it does not use', () => {
    const { result } = connection({ 'vm0-token': TOKEN, timeout: 'soon', wait: 'maybe' })
    expect(result).toEqual({ api: 'v1', token: TOKEN, apiUrl: DEFAULT_API_URLS.v1 })
  })

  it('uses the env fallbacks', () => {
    const env = { VM0_TOKEN: 'vm0_pat_env-token', VM0_API_URL: 'http://127.0.0.1:9/' }
    expect(connection({}, env).result).toEqual({
      api: 'platform',
      token: 'vm0_pat_env-token',
      apiUrl: 'http://127.0.0.1:9'
    })
  })

  it('resolves the backend as the main step does, with its default URL', () => {
    expect(connection({ 'vm0-token': 'vm0_pat_abc' }).result).toEqual({
      api: 'platform',
      token: 'vm0_pat_abc',
      apiUrl: 'https://api.okou.ai'
    })
    expect(connection({ 'vm0-token': 'opaque-token', api: 'V1' }).result).toEqual({
      api: 'v1',
      token: 'opaque-token',
      apiUrl: 'https://api.vm0.ai'
    })
    const unknown = connection({ 'vm0-token': 'opaque-token' }).result as InputError
    expect(unknown).toBeInstanceOf(InputError)
    expect(unknown.input).toBe('api')
    expect(unknown.message).not.toContain('opaque-token')
  })

  it('throws the first problem alone, as the settings word it, with the token redacted', () => {
    const { result } = connection({ 'vm0-token': '', 'api-url': 'nope' })
    expect(result).toBeInstanceOf(InputError)
    expect(result).not.toBeInstanceOf(InputErrors)
    expect((result as InputError).input).toBe('vm0-token')
    const pasted = connection({ 'vm0-token': TOKEN, 'api-url': TOKEN }).result as InputError
    expect(pasted.message).toBe(
      "`api-url` must be an http(s) URL such as https://api.vm0.ai; got '***'"
    )
  })
})

describe('upload-name rule (shared with the upload)', () => {
  it('lists each forbidden character once, in order', () => {
    expect(uploadNameForbidden('a/b:c/d')).toEqual(['/', ':'])
    expect(uploadNameForbidden('fine name (1)')).toEqual([])
    expect(uploadNameForbidden('" : < > | * ? \r \n \\ /')).toEqual([
      '"',
      ':',
      '<',
      '>',
      '|',
      '*',
      '?',
      '\r',
      '\n',
      '\\',
      '/'
    ])
  })

  it('replaces every forbidden character with -', () => {
    expect(replaceUploadNameForbidden('my/site:v2\r\n')).toBe('my-site-v2--')
    expect(replaceUploadNameForbidden('ok')).toBe('ok')
  })

  it('is the rule both the upload-name input and the upload refuse by', () => {
    const message = problem({ 'upload-name': 'a*b' }, 'upload-name')
    expect(message).toContain(`must not contain any of ${UPLOAD_NAME_FORBIDDEN_TEXT} (`)
    expect(() => checkArtifactName('a*b')).toThrow(`(none of ${UPLOAD_NAME_FORBIDDEN_TEXT})`)
  })
})
