import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/base/errors.js'
import { getSettings } from '../../src/settings/inputs.js'
import { parsePairs, SECRETS_SPEC, VARIABLES_SPEC, VOLUMES_SPEC } from '../../src/settings/pairs.js'
import { InputErrors } from '../../src/settings/problems.js'
import { BASE, harness, problem, problems, settings, start } from '../support/settings-harness.js'

describe('variables and secrets: parsing', () => {
  it.each(['variables', 'secrets'])('%s: KEY=value lines', name => {
    const raw = [
      '# a comment',
      '',
      'A=1',
      '  B = two words  ',
      'C=x=y==',
      '_UNDER_9=',
      '\r',
      'URL=https://h.test/?a=b#frag'
    ].join('\r\n')
    const input = name === 'secrets' ? raw.replace('_UNDER_9=', '_UNDER_9=z') : raw
    const run = start({ [name]: input })
    const parsed = name === 'secrets' ? run.secrets : run.variables
    expect(parsed).toEqual({
      A: '1',
      B: 'two words',
      C: 'x=y==',
      _UNDER_9: name === 'secrets' ? 'z' : '',
      URL: 'https://h.test/?a=b#frag'
    })
  })

  it.each(['variables', 'secrets'])('%s: a JSON object of strings', name => {
    const run = start({ [name]: ' {"A": "1", "B": "multi\\nline", "__proto__": "p"} ' })
    const parsed = name === 'secrets' ? run.secrets : run.variables
    expect(Object.entries(parsed)).toEqual([
      ['A', '1'],
      ['B', 'multi\nline'],
      ['__proto__', 'p']
    ])
  })

  it.each<[string, string, RegExp]>([
    ['A=1\nnot a pair', 'line 2', /KEY=value/],
    ['A=1\n1BAD=x', 'line 2', /not starting with a digit/],
    ['A=1\n\nA=2', "line 3: 'A' is already set on line 1", /give each key once/],
    ['BAD-KEY=1', 'line 1', /KEY=value/],
    ['{"A": 1}', "key 'A' must have a string value; got a number", /quote it/],
    ['{"A": true}', "key 'A'", /got a boolean/],
    ['{"A": null}', "key 'A'", /got null/],
    ['{"A": {"b": "c"}}', "key 'A'", /got an object/],
    ['{"A": ["x"]}', "key 'A'", /got an array/],
    ['{"A": "1",}', 'not valid JSON', /JSON object of strings/]
  ])('variables %j → error mentioning %s', (input, fragment, form) => {
    const message = problem({ variables: input }, 'variables')
    expect(message).toContain(fragment)
    expect(message).toMatch(form)
  })

  it('variables: a bad line is shown; a JSON array is refused', () => {
    expect(problem({ variables: 'oops' }, 'variables')).toContain("got 'oops'")
    expect(() => settings({ variables: '[1]' })).toThrow(/line 1/)
  })

  it('secrets: an empty value is refused and names the key', () => {
    const message = problem({ secrets: 'API_KEY=' }, 'secrets')
    expect(message).toContain("'API_KEY'")
    expect(message).toMatch(/forks receive no secrets/)
  })
})

const SECRET = 'S3CRET-VALUE-xyzzy'

describe('secrets: masking', () => {
  it('masks every value, and each specific line of a multi-line value', () => {
    const h = harness({
      ...BASE,
      secrets: JSON.stringify({
        KEY: `-----BEGIN KEY-----\n${SECRET}\n  indented-line \n-----END KEY-----`,
        B: 'bee-secret'
      })
    })
    getSettings(h.deps)
    expect(h.masked).toEqual(
      expect.arrayContaining([
        `-----BEGIN KEY-----\n${SECRET}\n  indented-line \n-----END KEY-----`,
        SECRET,
        '  indented-line ',
        'indented-line',
        'bee-secret'
      ])
    )
    // Armour lines are mostly punctuation: masked, they would garble every key in the log.
    expect(h.masked).not.toContain('-----BEGIN KEY-----')
    expect(h.masked).not.toContain('-----END KEY-----')
    expect(h.masked).not.toContain('')
  })

  it('masks values of the line form, including commented-out pairs, but not prose comments', () => {
    const h = harness({
      ...BASE,
      secrets: `# prose here\nA=${SECRET}\n# OLD=old-secret\nB=b==`
    })
    getSettings(h.deps)
    expect(h.masked).toEqual(expect.arrayContaining([SECRET, 'old-secret', 'b==']))
    expect(h.masked).not.toContain('prose here')
    expect(h.masked).not.toContain('A')
  })
})

describe('secrets: a malformed input stays secret', () => {
  const bad: [string, string][] = [
    ['line without equals', `A=ok\n${SECRET}`],
    ['continuation of a multi-line value', `KEY=-----BEGIN-----\n${SECRET}\n-----END-----`],
    ['invalid key holding the secret', `${SECRET}=x`],
    ['duplicate key', `A=${SECRET}\nA=${SECRET}`],
    ['empty value next to a secret', `A=${SECRET}\nB=`],
    ['JSON number', `{"A": "${SECRET}", "B": 12345678}`],
    ['JSON with invalid key', `{"${SECRET}": "x"}`],
    ['invalid JSON quoting the secret', `{"A": ${SECRET}}`],
    ['invalid JSON, trailing', `{"A": "${SECRET}"`],
    ['JSON nested object', `{"A": {"inner": "${SECRET}"}}`]
  ]

  it.each(bad)('%s: rejected, masked first, and the value is never in the message', (_, input) => {
    const h = harness({ ...BASE, secrets: input, timeout: 'soon' })
    let thrown: unknown
    try {
      getSettings(h.deps)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(InputError)
    const error = thrown as InputError
    const all = error instanceof InputErrors ? error.errors : [error]
    expect(all.some(e => e.input === 'secrets')).toBe(true)
    expect(error.message).not.toContain(SECRET)
    expect(error.message).not.toContain('xyzzy')
    for (const e of all) expect(e.message).not.toContain('xyzzy')
    expect(String(error.stack)).not.toContain('xyzzy')
    expect(h.masked.some(m => m.includes(SECRET))).toBe(true)
    const firstOther = h.calls.findIndex(
      c => c.startsWith('get:') && !['get:vm0-token', 'get:github-token', 'get:secrets'].includes(c)
    )
    expect(h.calls.findIndex(c => c.startsWith('mask:') && c.includes(SECRET))).toBeLessThan(
      firstOther
    )
  })

  it('the JSON number value itself is masked', () => {
    const h = harness({ ...BASE, secrets: '{"PIN": 98765432}' })
    expect(() => getSettings(h.deps)).toThrow(/'PIN' must have a string value/)
    expect(h.masked).toContain('98765432')
    expect(problems({ secrets: '{"PIN": 98765432}' })[0]?.message).not.toContain('98765432')
  })
})

describe('volumes', () => {
  it('parses name=version lines', () => {
    expect(
      start({
        volumes: '# data\ndata=latest\nmodels = ABCDEF12\nbig=' + 'a'.repeat(64) + '\nx=LATEST'
      }).volumes
    ).toEqual({ data: 'latest', models: 'ABCDEF12', big: 'a'.repeat(64), x: 'latest' })
  })

  it.each<[string, string]>([
    ['data=v1', "'v1'"],
    ['data=abcdef1', "'abcdef1'"],
    ['data=' + 'a'.repeat(65), 'hex'],
    ['data', "got 'data'"],
    ['my data=latest', "got 'my data=latest'"],
    ['=latest', "got '=latest'"],
    ['d=latest\nd=latest', 'already set on line 1'],
    ['{"d": "latest"}', 'name=version']
  ])('%j → error with %s', (input, fragment) => {
    expect(problem({ volumes: input }, 'volumes')).toContain(fragment)
  })
})

describe('parsePairs: which grammar', () => {
  function parse(raw: string, spec: Parameters<typeof parsePairs>[1]) {
    const found: string[] = []
    const parsed = parsePairs(raw, spec, (input, message) => found.push(`${input}: ${message}`))
    return { parsed, found }
  }

  it('reads JSON only where the input allows it and the text starts with {', () => {
    expect(parse(' {"A": "1"}', VARIABLES_SPEC)).toEqual({ parsed: { A: '1' }, found: [] })
    expect(parse('A={"x": 1}', VARIABLES_SPEC).parsed).toEqual({ A: '{"x": 1}' })
    const volumes = parse('{"d": "latest"}', VOLUMES_SPEC)
    expect(volumes.parsed).toEqual({})
    expect(volumes.found).toEqual([
      'volumes: `volumes` line 1 must be name=version (name: no spaces; version: `latest` or 8 to 64 hex characters); got \'{"d": "latest"}\''
    ])
  })

  it('keeps the valid entries next to the refused ones, in both grammars', () => {
    expect(parse('A=1\nbad\nB=2', VARIABLES_SPEC).parsed).toEqual({ A: '1', B: '2' })
    expect(parse('{"A": "1", "B": 2, "C": "3"}', VARIABLES_SPEC).parsed).toEqual({
      A: '1',
      C: '3'
    })
    expect(parse('A=x\nB=', SECRETS_SPEC).parsed).toEqual({ A: 'x' })
  })

  it('an empty or blank input is {} with no problem', () => {
    expect(parse(' \n ', SECRETS_SPEC)).toEqual({ parsed: {}, found: [] })
  })

  it('secret JSON errors give at most the position, never the text', () => {
    const cut = parse('{"A": "hidden-value"', SECRETS_SPEC).found
    // Node 24 gives line and column; older versions only the position.
    expect(cut).toHaveLength(1)
    expect(cut[0]).toMatch(
      /^secrets: `secrets` is not valid JSON \((line 1, column 21|at character 20)\); it must be KEY=value lines or a JSON object of strings$/
    )
    const quoted = parse('{"A": oops-secret}', SECRETS_SPEC).found
    expect(quoted).toHaveLength(1)
    expect(quoted[0]).not.toContain('oops')
    expect(parse('{"A": oops-variable}', VARIABLES_SPEC).found[0]).toContain('oops')
  })
})
