import { afterEach, describe, expect, it, jest } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as nodePath from 'node:path'
import { InputError } from '../../src/base/errors.js'
import { getSettings } from '../../src/settings/inputs.js'
import { DEFAULT_API_URL, Inputs } from '../../src/settings/names.js'
import { InputErrors } from '../../src/settings/problems.js'
import { parseBoolean } from '../../src/settings/reader.js'
import type { Settings, SettingsDeps } from '../../src/settings/settings.js'

const KNOWN = new Set<string>(Object.values(Inputs))
const WS = '/ws'
const TOKEN = 'vm0_tok_SENTINEL_4242'
const BASE: Record<string, string> = { 'vm0-token': TOKEN, agent: 'my-agent', prompt: 'Do it' }

interface Harness {
  deps: SettingsDeps
  /** `get:<name>` and `mask:<value>` in the order they happened. */
  calls: string[]
  masked: string[]
  read: string[]
}

function harness(
  inputs: Record<string, string>,
  opts: { env?: NodeJS.ProcessEnv; files?: Record<string, string>; workspace?: string } = {}
): Harness {
  const calls: string[] = []
  const masked: string[] = []
  const read: string[] = []
  const deps: SettingsDeps = {
    getInput: name => {
      if (!KNOWN.has(name)) throw new Error(`read an undeclared input: ${name}`)
      calls.push(`get:${name}`)
      return inputs[name] ?? ''
    },
    setSecret: value => {
      calls.push(`mask:${value}`)
      masked.push(value)
    },
    env: opts.env ?? {},
    readFile: p => {
      read.push(p)
      const content = opts.files?.[p]
      if (content === undefined) {
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), {
          code: 'ENOENT'
        })
      }
      return content
    },
    ...(opts.workspace === undefined ? { workspace: WS } : {})
  }
  if (opts.workspace !== undefined && opts.workspace !== '') deps.workspace = opts.workspace
  return { deps, calls, masked, read }
}

function settings(
  inputs: Record<string, string>,
  opts?: Parameters<typeof harness>[1],
  base = BASE
): Settings {
  return getSettings(harness({ ...base, ...inputs }, opts).deps)
}

/** Settings of a run to start (not attach). */
function start(inputs: Record<string, string>, opts?: Parameters<typeof harness>[1]): Settings {
  const s = settings(inputs, opts)
  expect(s.runId).toBeNull()
  return s
}

/** The InputErrors thrown, one per problem; fails the test when nothing is thrown. */
function problems(
  inputs: Record<string, string>,
  opts?: Parameters<typeof harness>[1],
  base = BASE
): InputError[] {
  try {
    getSettings(harness({ ...base, ...inputs }, opts).deps)
  } catch (error) {
    if (error instanceof InputErrors) {
      expect(error.errors.length).toBeGreaterThan(1)
      return [...error.errors]
    }
    if (error instanceof InputError) return [error]
    throw error
  }
  throw new Error(`expected an InputError for ${JSON.stringify(inputs)}`)
}

/** Exactly one problem, naming `input`; returns its message. */
function problem(
  inputs: Record<string, string>,
  input: string,
  opts?: Parameters<typeof harness>[1],
  base = BASE
): string {
  const found = problems(inputs, opts, base)
  expect(found.map(e => e.input)).toEqual([input])
  const message = found[0]?.message ?? ''
  expect(message).toContain(`\`${input}`)
  return message
}

describe('defaults', () => {
  it('fills every setting from code defaults when inputs are empty', () => {
    expect(settings({})).toEqual({
      token: TOKEN,
      apiUrl: 'https://api.vm0.ai',
      runId: null,
      prompt: 'Do it',
      promptFile: null,
      agent: 'my-agent',
      agentId: null,
      agentVersion: null,
      sessionId: null,
      checkpointId: null,
      variables: {},
      secrets: {},
      volumes: {},
      artifactName: null,
      artifactVersion: null,
      githubContext: false,
      wait: true,
      timeoutMs: 2 * 60 * 60 * 1000,
      idleTimeoutMs: 0,
      cancelOnTimeout: true,
      logLevel: 'full',
      failOnError: true,
      path: null,
      upload: true,
      uploadName: null,
      retentionDays: null,
      compressionLevel: 6,
      ifNoFilesFound: 'warn',
      includeHiddenFiles: false,
      overwrite: false,
      summary: true,
      commentOnPr: false,
      githubToken: null
    } satisfies Settings)
  })

  it('treats whitespace-only inputs as empty', () => {
    const s = settings({
      'agent-version': '   ',
      'artifact-name': ' \n ',
      path: '  ',
      'upload-name': '\t',
      'retention-days': ' ',
      timeout: ' ',
      wait: '  '
    })
    expect(s.agentVersion).toBeNull()
    expect(s).toMatchObject({
      artifactName: null,
      path: null,
      uploadName: null,
      retentionDays: null,
      timeoutMs: 7_200_000,
      wait: true
    })
  })

  it('trims surrounding whitespace of every input', () => {
    const s = settings({
      'vm0-token': `  ${TOKEN}\n`,
      agent: '  my-agent  ',
      'api-url': ' https://example.test/ ',
      'log-level': ' summary ',
      'compression-level': ' 9 ',
      'artifact-name': ' out '
    })
    expect(s.token).toBe(TOKEN)
    expect(s.agent).toBe('my-agent')
    expect(s).toMatchObject({
      apiUrl: 'https://example.test',
      logLevel: 'summary',
      compressionLevel: 9,
      artifactName: 'out'
    })
  })
})

describe('action.yml', () => {
  const yml = fs.readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')

  /** Just enough YAML for this file: `section:` / `  name:` / `    key: value` (+ folded text). */
  function entries(section: string): Map<string, Record<string, string>> {
    const out = new Map<string, Record<string, string>>()
    let inSection = false
    let current: Record<string, string> | null = null
    let lastKey = ''
    for (const line of yml.split('\n')) {
      if (/^\S/.test(line)) {
        inSection = line === `${section}:`
        current = null
        continue
      }
      if (!inSection) continue
      const name = /^ {2}([a-z0-9-]+):\s*$/.exec(line)
      if (name?.[1]) {
        current = {}
        out.set(name[1], current)
        continue
      }
      const prop = /^ {4}([a-z-]+):\s*(.*)$/.exec(line)
      if (prop?.[1] !== undefined && current) {
        lastKey = prop[1]
        current[lastKey] = (prop[2] ?? '').replace(/^'(.*)'$/, '$1')
        continue
      }
      const more = /^ {6}(.*)$/.exec(line)
      if (more && current) current[lastKey] = `${current[lastKey] ?? ''} ${more[1] ?? ''}`
    }
    return out
  }

  const inputs = entries('inputs')

  it('declares exactly the inputs the code reads, each documented and optional', () => {
    expect([...inputs.keys()].sort()).toEqual([...KNOWN].sort())
    for (const [name, props] of inputs) {
      expect([name, props['required']]).toEqual([name, 'false'])
      expect([name, (props['description'] ?? '').replace('>-', '').trim().length > 20]).toEqual([
        name,
        true
      ])
    }
  })

  it('gives no default to vm0-token and api-url (env fallbacks happen in code)', () => {
    expect(inputs.get('vm0-token')).not.toHaveProperty('default')
    expect(inputs.get('api-url')).not.toHaveProperty('default')
    expect(inputs.get('github-token')?.['default']).toBe('${{ github.token }}')
  })

  it('has defaults that the code reads exactly like empty inputs', () => {
    const applied: Record<string, string> = {}
    for (const [name, props] of inputs) {
      const value = props['default']
      if (value !== undefined) applied[name] = value
    }
    applied['github-token'] = 'ghs_runner_token'
    const withYmlDefaults = settings(applied)
    const withEmpty = settings({})
    expect({ ...withYmlDefaults, githubToken: null }).toEqual(withEmpty)
    expect(withYmlDefaults.githubToken).toBe('ghs_runner_token')
  })

  it('documents every output and runs node24 with a post step', () => {
    const outputs = entries('outputs')
    expect([...outputs.keys()].sort()).toEqual(
      [
        'run-id',
        'status',
        'error',
        'output',
        'output-file',
        'execution-time-ms',
        'session-id',
        'checkpoint-id',
        'cost-usd',
        'num-turns',
        'metrics',
        'artifact-version',
        'artifacts-path',
        'artifact-id',
        'artifact-url',
        'artifact-digest'
      ].sort()
    )
    for (const [, props] of outputs) expect((props['description'] ?? '').length).toBeGreaterThan(10)
    expect(yml).toMatch(
      /^runs:\n {2}using: node24\n {2}main: dist\/index\.js\n {2}post: dist\/post\/index\.js$/m
    )
  })
})

describe('vm0-token', () => {
  it('comes from the input, else env VM0_TOKEN; the input wins', () => {
    expect(settings({}).token).toBe(TOKEN)
    expect(settings({ 'vm0-token': '' }, { env: { VM0_TOKEN: ' env-token ' } }).token).toBe(
      'env-token'
    )
    expect(settings({}, { env: { VM0_TOKEN: 'env-token' } }).token).toBe(TOKEN)
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
    const h = harness({ ...BASE, 'vm0-token': '' }, { env: { VM0_TOKEN: 'env-secret-token' } })
    getSettings(h.deps)
    expect(h.calls.slice(0, 2)).toEqual(['get:vm0-token', 'mask:env-secret-token'])
  })

  it('never appears in any message', () => {
    const found = problems({
      'vm0-token': TOKEN,
      'api-url': TOKEN,
      timeout: 'soon',
      agent: '',
      prompt: ''
    })
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

describe('masking order', () => {
  it('masks the token, github-token and every secrets value before reading anything else', () => {
    const h = harness({
      ...BASE,
      'github-token': 'ghs_abc',
      secrets: 'A=alpha-secret\nB=beta-secret',
      variables: 'X=1'
    })
    getSettings(h.deps)
    const firstOther = h.calls.findIndex(
      c => c.startsWith('get:') && !['get:vm0-token', 'get:github-token', 'get:secrets'].includes(c)
    )
    for (const value of [TOKEN, 'ghs_abc', 'alpha-secret', 'beta-secret']) {
      const at = h.calls.indexOf(`mask:${value}`)
      expect([value, at >= 0 && at < firstOther]).toEqual([value, true])
    }
    expect(h.calls.slice(0, 3)).toEqual(['get:vm0-token', `mask:${TOKEN}`, 'get:github-token'])
  })

  it('reads every declared input exactly once', () => {
    const h = harness(BASE)
    getSettings(h.deps)
    const gets = h.calls.filter(c => c.startsWith('get:')).map(c => c.slice(4))
    expect([...gets].sort()).toEqual([...KNOWN].sort())
  })
})

describe('api-url', () => {
  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['', {}, DEFAULT_API_URL],
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

describe('prompt and prompt-file', () => {
  it('keeps the inner content of the prompt, trimming only its ends', () => {
    expect(start({ prompt: '\n  First line\n\n  indented\t\n\n' }).prompt).toBe(
      'First line\n\n  indented'
    )
  })

  it('reads prompt-file relative to the workspace', () => {
    const h = harness(
      { ...BASE, prompt: '', 'prompt-file': 'prompts/task.md' },
      { files: { '/ws/prompts/task.md': '\uFEFF\n# Task\n\nDo  it\n' } }
    )
    const run = getSettings(h.deps)
    expect(h.read).toEqual(['/ws/prompts/task.md'])
    expect(run).toMatchObject({ prompt: '# Task\n\nDo  it', promptFile: '/ws/prompts/task.md' })
  })

  it('reads an absolute prompt-file as is', () => {
    expect(
      start({ prompt: '', 'prompt-file': '/tmp/p.txt' }, { files: { '/tmp/p.txt': 'x' } })
    ).toMatchObject({ prompt: 'x', promptFile: '/tmp/p.txt' })
  })

  it('uses GITHUB_WORKSPACE when no workspace is given', () => {
    const run = start(
      { prompt: '', 'prompt-file': 'p.md' },
      { workspace: '', env: { GITHUB_WORKSPACE: '/gh/ws' }, files: { '/gh/ws/p.md': 'hello' } }
    )
    expect(run.promptFile).toBe('/gh/ws/p.md')
  })

  it('rejects both', () => {
    const message = problem({ 'prompt-file': 'p.md' }, 'prompt')
    expect(message).toContain('prompt-file')
    expect(message).toContain("'p.md'")
  })

  it('requires one of them', () => {
    const message = problem({ prompt: '  ' }, 'prompt')
    expect(message).toContain('prompt-file')
    expect(message).toContain('run-id')
  })

  it('names the path and the OS reason when the file cannot be read', () => {
    const message = problem({ prompt: '', 'prompt-file': 'missing.md' }, 'prompt-file')
    expect(message).toContain("'missing.md'")
    expect(message).toContain('/ws/missing.md')
    expect(message).toContain('ENOENT: no such file or directory')
  })

  it('reports real file system errors (missing file, directory)', () => {
    const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'inputs-test-'))
    try {
      fs.mkdirSync(nodePath.join(dir, 'sub'))
      fs.writeFileSync(nodePath.join(dir, 'ok.md'), '  real prompt \n')
      const real = (name: string): string => {
        const deps: SettingsDeps = {
          getInput: n => ({ ...BASE, prompt: '', 'prompt-file': name })[n] ?? '',
          setSecret: () => undefined,
          env: {},
          workspace: dir
        }
        try {
          return `ok:${getSettings(deps).prompt}`
        } catch (error) {
          return error instanceof InputError ? error.message : 'other'
        }
      }
      expect(real('ok.md')).toBe('ok:real prompt')
      expect(real('nope.md')).toContain(`${nodePath.join(dir, 'nope.md')}: ENOENT`)
      expect(real('sub')).toContain('EISDIR')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('rejects an empty prompt file', () => {
    const message = problem({ prompt: '', 'prompt-file': 'e.md' }, 'prompt-file', {
      files: { '/ws/e.md': ' \n\t\n' }
    })
    expect(message).toContain('/ws/e.md is empty')
  })
})

describe('agent selection', () => {
  it('requires agent, agent-id, session-id or checkpoint-id', () => {
    const message = problem({ agent: '' }, 'agent')
    for (const name of ['agent-id', 'session-id', 'checkpoint-id', 'run-id']) {
      expect(message).toContain(`\`${name}\``)
    }
  })

  it.each([
    [{ agent: 'a' }, { agent: 'a' }],
    [
      { agent: '', 'agent-id': 'id-1' },
      { agentId: 'id-1', agent: null }
    ],
    [{ agent: '', 'session-id': 's-1' }, { sessionId: 's-1' }],
    [{ agent: '', 'checkpoint-id': 'c-1' }, { checkpointId: 'c-1' }],
    [
      {
        agent: 'a',
        'agent-id': 'i',
        'session-id': 's',
        'checkpoint-id': 'c',
        'agent-version': 'v2'
      },
      { agent: 'a', agentId: 'i', sessionId: 's', checkpointId: 'c', agentVersion: 'v2' }
    ]
  ])('%j keeps %j', (inputs, expected) => {
    expect(start(inputs)).toMatchObject(expected)
  })
})

describe('run-id (attach)', () => {
  const ATTACH = { 'vm0-token': TOKEN, 'run-id': '3f0c9a4e-1b2d-4c5e-8f70-112233445566' }

  it('attaches without prompt or agent', () => {
    const s = settings({ 'artifact-name': 'out', 'github-context': 'false' }, {}, ATTACH)
    expect(s).toMatchObject({
      runId: '3f0c9a4e-1b2d-4c5e-8f70-112233445566',
      prompt: '',
      promptFile: null,
      agent: null,
      agentId: null,
      agentVersion: null,
      sessionId: null,
      checkpointId: null,
      variables: {},
      secrets: {},
      volumes: {},
      artifactName: 'out',
      artifactVersion: null,
      githubContext: false
    })
  })

  it.each([
    ['prompt', 'hi'],
    ['prompt-file', 'p.md'],
    ['agent', 'a'],
    ['agent-id', 'i'],
    ['agent-version', 'v'],
    ['session-id', 's'],
    ['checkpoint-id', 'c'],
    ['variables', 'A=1'],
    ['secrets', 'A=1'],
    ['volumes', 'v=latest'],
    ['artifact-version', 'latest'],
    ['github-context', 'true']
  ])('rejects %s with run-id', (name, value) => {
    const message = problem({ [name]: value }, name, {}, ATTACH)
    expect(message).toContain('`run-id`')
    expect(message).toContain('starts nothing')
  })

  it.each([['has space'], ['../etc'], ['a/b'], ['-leading'], ['x'.repeat(129)]])(
    'rejects run id %j',
    id => {
      const message = problem({ 'run-id': id }, 'run-id', {}, ATTACH)
      expect(message).toContain('got')
    }
  )
})

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

describe('secrets: masking and secrecy', () => {
  const SECRET = 'S3CRET-VALUE-xyzzy'

  it('masks every value, and each line of a multi-line value', () => {
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
        '-----BEGIN KEY-----',
        SECRET,
        '  indented-line ',
        'indented-line',
        '-----END KEY-----',
        'bee-secret'
      ])
    )
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

describe('durations', () => {
  it.each<[string, number]>([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['1h30m15s', 5_415_000],
    ['600', 600_000]
  ])('timeout %s → %d ms', (value, ms) => {
    expect(settings({ timeout: value }).timeoutMs).toBe(ms)
    expect(settings({ 'idle-timeout': value }).idleTimeoutMs).toBe(ms)
  })

  it('idle-timeout 0 (any form) turns it off', () => {
    expect(settings({ 'idle-timeout': '0' }).idleTimeoutMs).toBe(0)
    expect(settings({ 'idle-timeout': '0m' }).idleTimeoutMs).toBe(0)
  })

  it('gives the message the style guide asks for', () => {
    expect(problem({ timeout: 'soon' }, 'timeout')).toBe(
      "`timeout` must be a duration like 90s, 30m, 2h or 1h30m, or a number of seconds; got 'soon'"
    )
  })

  it.each([['timeout'], ['idle-timeout']])('%s rejects bad forms and values over 24 days', name => {
    for (const value of ['1.5h', '-1', '10 m', '1d', 'PT1H']) {
      expect(problem({ [name]: value }, name)).toContain(`got '${value}'`)
    }
    expect(problem({ [name]: '1000h' }, name)).toContain("at most 576h (24 days); got '1000h'")
  })

  it('timeout must be more than 0', () => {
    expect(problem({ timeout: '0' }, 'timeout')).toContain('more than 0 (a duration like 90s')
    expect(problem({ timeout: '0s' }, 'timeout')).toContain("got '0s'")
  })
})

describe('booleans', () => {
  const BOOLEANS: [string, keyof Settings][] = [
    ['wait', 'wait'],
    ['cancel-on-timeout', 'cancelOnTimeout'],
    ['fail-on-error', 'failOnError'],
    ['upload', 'upload'],
    ['include-hidden-files', 'includeHiddenFiles'],
    ['overwrite', 'overwrite'],
    ['summary', 'summary'],
    ['comment-on-pr', 'commentOnPr'],
    ['github-context', 'githubContext']
  ]
  const VALUES: [string, boolean][] = [
    ['true', true],
    ['TRUE', true],
    ['Yes', true],
    ['1', true],
    ['false', false],
    ['False', false],
    ['NO', false],
    ['0', false]
  ]

  it.each(BOOLEANS)('%s accepts true/false/yes/no/1/0 in any case', (name, field) => {
    for (const [value, expected] of VALUES) {
      const s = settings({ [name]: value, 'github-token': 't' })
      const actual = s[field]
      expect([name, value, actual]).toEqual([name, value, expected])
    }
  })

  it.each(BOOLEANS)('%s rejects other values naming the accepted forms', name => {
    for (const value of ['maybe', 'on', 'off', 'y', '2', 'truee']) {
      expect(problem({ [name]: value }, name)).toBe(
        `\`${name}\` must be true, false, yes, no, 1 or 0 (any case); got '${value}'`
      )
    }
  })

  it('parseBoolean', () => {
    expect([' yes ', 'No', 'x', ''].map(parseBoolean)).toEqual([true, false, null, null])
  })
})

describe('choices and numbers', () => {
  it.each<[string, string, keyof Settings, unknown]>([
    ['log-level', 'full', 'logLevel', 'full'],
    ['log-level', 'Summary', 'logLevel', 'summary'],
    ['log-level', 'NONE', 'logLevel', 'none'],
    ['if-no-files-found', 'warn', 'ifNoFilesFound', 'warn'],
    ['if-no-files-found', 'Error', 'ifNoFilesFound', 'error'],
    ['if-no-files-found', 'ignore', 'ifNoFilesFound', 'ignore'],
    ['compression-level', '0', 'compressionLevel', 0],
    ['compression-level', '9', 'compressionLevel', 9],
    ['retention-days', '1', 'retentionDays', 1],
    ['retention-days', '90', 'retentionDays', 90],
    ['retention-days', '', 'retentionDays', null]
  ])('%s %j → %s = %j', (name, value, field, expected) => {
    expect(settings({ [name]: value })[field]).toEqual(expected)
  })

  it.each<[string, string, string]>([
    ['log-level', 'verbose', "`log-level` must be full, summary or none; got 'verbose'"],
    ['if-no-files-found', 'fail', "`if-no-files-found` must be warn, error or ignore; got 'fail'"],
    ['compression-level', '10', "`compression-level` must be a whole number from 0 to 9; got '10'"],
    ['compression-level', '-1', "got '-1'"],
    ['compression-level', '5.5', "got '5.5'"],
    ['compression-level', '6x', "got '6x'"],
    ['compression-level', 'high', "got 'high'"],
    [
      'retention-days',
      '0',
      "`retention-days` must be a whole number from 1 to 90, or empty for the repository default; got '0'"
    ],
    ['retention-days', '91', "got '91'"],
    ['retention-days', '7d', "got '7d'"],
    ['retention-days', '1e1', "got '1e1'"]
  ])('%s %j → %s', (name, value, expected) => {
    expect(problem({ [name]: value }, name)).toContain(expected)
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

describe('github-token and comment-on-pr', () => {
  it('masks github-token and keeps it', () => {
    const h = harness({ ...BASE, 'github-token': ' ghs_123 ' })
    expect(getSettings(h.deps).githubToken).toBe('ghs_123')
    expect(h.masked).toContain('ghs_123')
  })

  it('comment-on-pr needs a github-token', () => {
    const message = problem({ 'comment-on-pr': 'true', 'github-token': '' }, 'github-token')
    expect(message).toContain('`comment-on-pr: true`')
    expect(settings({ 'comment-on-pr': 'true', 'github-token': 'ghs_1' }).commentOnPr).toBe(true)
  })
})

describe('several problems', () => {
  it('reports every problem, one line each, in one InputErrors', () => {
    let thrown: unknown
    try {
      getSettings(
        harness({
          'vm0-token': '',
          prompt: '',
          agent: '',
          timeout: 'soon',
          wait: 'maybe',
          'compression-level': '11'
        }).deps
      )
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(InputErrors)
    expect(thrown).toBeInstanceOf(InputError)
    const error = thrown as InputErrors
    expect(error.errors.map(e => e.input)).toEqual([
      'vm0-token',
      'prompt',
      'agent',
      'wait',
      'timeout',
      'compression-level'
    ])
    expect(error.input).toBe('vm0-token')
    expect(error.message.split('\n')).toEqual(error.errors.map(e => e.message))
    for (const e of error.errors) expect(e.message).not.toContain('\n')
  })

  it('a single problem is a plain InputError', () => {
    let thrown: unknown
    try {
      getSettings(harness({ ...BASE, wait: 'maybe' }).deps)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(InputError)
    expect(thrown).not.toBeInstanceOf(InputErrors)
  })

  it('shows long or multi-line values escaped and cut', () => {
    const message = problem({ 'log-level': `a\nb${'x'.repeat(200)}` }, 'log-level')
    expect(message).toContain("got 'a\\nbxxx")
    expect(message).toContain('…')
    expect(message.length).toBeLessThan(200)
  })
})

describe('default dependencies', () => {
  const saved = { ...process.env }
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
    jest.restoreAllMocks()
  })

  it('reads INPUT_<NAME> (hyphens kept) and masks with ::add-mask::', () => {
    const written: string[] = []
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    })
    process.env['INPUT_VM0-TOKEN'] = 'default-deps-token'
    process.env['INPUT_AGENT'] = 'agent-x'
    process.env['INPUT_PROMPT'] = '  hello  '
    process.env['INPUT_IDLE-TIMEOUT'] = '5m'
    process.env['GITHUB_WORKSPACE'] = '/gh/workspace'
    process.env['INPUT_PATH'] = 'out'
    const s = getSettings()
    expect(s.token).toBe('default-deps-token')
    expect(s).toMatchObject({ agent: 'agent-x', prompt: 'hello' })
    expect(s.idleTimeoutMs).toBe(300_000)
    expect(s.path).toBe('/gh/workspace/out')
    expect(written.join('')).toContain('::add-mask::default-deps-token')
  })
})
