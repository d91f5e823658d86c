import { afterEach, describe, expect, it, jest } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as nodePath from 'node:path'
import { InputError } from '../../src/base/errors.js'
import { getSettings } from '../../src/settings/inputs.js'
import { InputErrors } from '../../src/settings/problems.js'
import { parseBoolean } from '../../src/settings/reader.js'
import type { Settings, SettingsDeps } from '../../src/settings/settings.js'
import {
  BASE,
  harness,
  KNOWN,
  problem,
  settings,
  start,
  TOKEN
} from '../support/settings-harness.js'

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
      collect: { kind: 'run' },
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
      maxOutputBytes: 2 * 1024 ** 3,
      maxOutputFiles: 50_000,
      compressionLevel: 'auto',
      ifNoFilesFound: 'warn',
      includeHiddenFiles: false,
      overwrite: false,
      summary: true,
      commentOnPr: false,
      githubToken: null,
      allowedActors: [],
      api: 'v1',
      threadId: null,
      model: null
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
    expect(inputs.get('api')?.['default']).toBe('auto')
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

  it('gives no default where it depends on the backend or where a backend refuses the input', () => {
    // The runner passes a default as if the user had set it: `collect: run` would be refused
    // on the platform, and `if-no-files-found: warn` would warn there about a run that
    // published nothing.
    for (const name of ['collect', 'if-no-files-found']) {
      expect([name, inputs.get(name)?.['default']]).toEqual([name, undefined])
    }
    const platform = { 'vm0-token': 'vm0_pat_x', agent: 'A', prompt: 'p' }
    expect(settings({}, {}, platform)).toMatchObject({
      ifNoFilesFound: 'ignore',
      collect: { kind: 'run' }
    })
    expect(settings({}).ifNoFilesFound).toBe('warn')
  })

  it('documents every output and runs node24 with a post step', () => {
    const outputs = entries('outputs')
    expect([...outputs.keys()].sort()).toEqual(
      [
        'run-id',
        'thread-id',
        'status',
        'error',
        'output',
        'output-file',
        'transcript-file',
        'comment-body',
        'execution-time-ms',
        'session-id',
        'checkpoint-id',
        'cost-usd',
        'num-turns',
        'input-tokens',
        'output-tokens',
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
    // The token's own derived forms (base64 at three offsets, …) are masked with it.
    const beforeGithubToken = h.calls.slice(0, h.calls.indexOf('get:github-token'))
    expect(beforeGithubToken.slice(0, 2)).toEqual(['get:vm0-token', `mask:${TOKEN}`])
    const base64 = `mask:${Buffer.from(TOKEN).toString('base64').slice(0, 20)}`
    expect(beforeGithubToken.some(c => c.startsWith(base64))).toBe(true)
    expect(beforeGithubToken.every(c => c.startsWith('mask:') || c === 'get:vm0-token')).toBe(true)
  })

  it('reads every declared input exactly once', () => {
    const h = harness(BASE)
    getSettings(h.deps)
    const gets = h.calls.filter(c => c.startsWith('get:')).map(c => c.slice(4))
    expect([...gets].sort()).toEqual([...KNOWN].sort())
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

  it('reads an absolute prompt-file inside the workspace', () => {
    expect(
      start({ prompt: '', 'prompt-file': '/ws/p.txt' }, { files: { '/ws/p.txt': 'x' } })
    ).toMatchObject({ prompt: 'x', promptFile: '/ws/p.txt' })
  })

  it.each([['/proc/self/environ'], ['/tmp/p.txt'], ['../outside.md'], ['a/../../ws2/p.md']])(
    'refuses prompt-file %j outside the workspace without reading it',
    name => {
      const h = harness(
        { ...BASE, prompt: '', 'prompt-file': name },
        { files: { '/proc/self/environ': 'INPUT_VM0-TOKEN=x', '/tmp/p.txt': 'x' } }
      )
      let message = ''
      try {
        getSettings(h.deps)
      } catch (error) {
        message = error instanceof InputError ? error.message : 'other'
      }
      expect(message).toContain('`prompt-file` must be a file inside the workspace /ws')
      expect(message).toContain(`'${name}'`)
      expect(h.read).toEqual([])
    }
  )

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

  it('refuses a prompt-file that leads out of the workspace through a symbolic link', () => {
    const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'inputs-test-'))
    try {
      const ws = nodePath.join(dir, 'ws')
      fs.mkdirSync(nodePath.join(ws, 'prompts'), { recursive: true })
      fs.writeFileSync(nodePath.join(dir, 'outside.md'), 'secret outside')
      fs.writeFileSync(nodePath.join(ws, 'prompts', 'real.md'), 'inside prompt')
      fs.symlinkSync(nodePath.join(dir, 'outside.md'), nodePath.join(ws, 'out.md'))
      fs.symlinkSync('/proc/self/environ', nodePath.join(ws, 'env.md'))
      fs.symlinkSync(nodePath.join(dir, 'outside.md'), nodePath.join(ws, 'prompts', 'up'))
      // A link that stays inside is followed.
      fs.symlinkSync('real.md', nodePath.join(ws, 'prompts', 'alias.md'))
      const read = (name: string): string => {
        const deps: SettingsDeps = {
          getInput: n => ({ ...BASE, prompt: '', 'prompt-file': name })[n] ?? '',
          setSecret: () => undefined,
          env: {},
          workspace: ws
        }
        try {
          return `ok:${getSettings(deps).prompt}`
        } catch (error) {
          return error instanceof InputError ? error.message : 'other'
        }
      }
      expect(read('prompts/alias.md')).toBe('ok:inside prompt')
      for (const name of ['out.md', 'env.md', 'prompts/up']) {
        const message = read(name)
        expect(message).toContain('must be a file inside the workspace')
        expect(message).toContain('through a symbolic link')
        expect(message).not.toContain('secret outside')
      }
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

  const A = 'aaaaaaaa-1b2d-4c5e-8f70-112233445566'
  const S = '5e55105e-1b2d-4c5e-8f70-112233445566'
  const C = 'c0ffee00-1b2d-4c5e-8f70-112233445566'
  it.each([
    [{ agent: 'a' }, { agent: 'a' }],
    [
      { agent: '', 'agent-id': A },
      { agentId: A, agent: null }
    ],
    [{ agent: '', 'session-id': S }, { sessionId: S }],
    [{ agent: '', 'checkpoint-id': C.toUpperCase() }, { checkpointId: C.toUpperCase() }],
    [
      {
        agent: '',
        'agent-id': A,
        'session-id': S,
        'checkpoint-id': C,
        'agent-version': 'v2'
      },
      { agent: null, agentId: A, sessionId: S, checkpointId: C, agentVersion: 'v2' }
    ]
  ])('%j keeps %j', (inputs, expected) => {
    expect(start(inputs)).toMatchObject(expected)
  })

  it('refuses agent and agent-id together: the run and the report would name different agents', () => {
    expect(problem({ agent: 'reviewer', 'agent-id': A }, 'agent-id')).toBe(
      `\`agent\` and \`agent-id\` both name the agent to run; give one of them (got 'reviewer' and '${A}')`
    )
  })

  it.each([
    ['agent-id', 'agent', 'id-1'],
    ['session-id', 'session', 's-1'],
    ['checkpoint-id', 'checkpoint', `${C}x`]
  ])('refuses a %s that is not a UUID, naming the input and the form', (name, what, value) => {
    const message = problem({ agent: '', [name]: value }, name)
    expect(message).toContain(`\`${name}\` must be a VM0 ${what} id, a UUID such as`)
    expect(message).toContain(`got '${value}'`)
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

  it.each([
    ['has space'],
    ['../etc'],
    ['a/b'],
    ['-leading'],
    ['x'.repeat(129)],
    ['run_123'],
    ['3f0c9a4e1b2d4c5e8f70112233445566']
  ])('rejects run id %j', id => {
    const message = problem({ 'run-id': id }, 'run-id', {}, ATTACH)
    expect(message).toContain('got')
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
    ['compression-level', 'auto', 'compressionLevel', 'auto'],
    ['compression-level', 'AUTO', 'compressionLevel', 'auto'],
    ['compression-level', '', 'compressionLevel', 'auto'],
    ['collect', '', 'collect', { kind: 'run' }],
    ['collect', 'Run', 'collect', { kind: 'run' }],
    ['collect', 'HEAD', 'collect', { kind: 'head' }],
    ['collect', 'ABCDEF12', 'collect', { kind: 'version', id: 'abcdef12' }],
    ['retention-days', '1', 'retentionDays', 1],
    ['retention-days', '90', 'retentionDays', 90],
    ['retention-days', '', 'retentionDays', null],
    ['retention-days', '0', 'retentionDays', null],
    ['retention-days', '400', 'retentionDays', 400],
    ['max-output-size', '2GiB', 'maxOutputBytes', 2 * 1024 ** 3],
    ['max-output-size', ' 500 mb ', 'maxOutputBytes', 500_000_000],
    ['max-output-size', '1.5GiB', 'maxOutputBytes', 1.5 * 1024 ** 3],
    ['max-output-size', '1048576', 'maxOutputBytes', 1024 ** 2],
    ['max-output-size', '1TiB', 'maxOutputBytes', 1024 ** 4],
    ['max-output-size', '', 'maxOutputBytes', 2 * 1024 ** 3],
    ['max-output-files', '1', 'maxOutputFiles', 1],
    ['max-output-files', '10000000', 'maxOutputFiles', 10_000_000],
    ['max-output-files', '', 'maxOutputFiles', 50_000]
  ])('%s %j → %s = %j', (name, value, field, expected) => {
    expect(settings({ [name]: value })[field]).toEqual(expected)
  })

  it.each<[string, string, string]>([
    ['log-level', 'verbose', "`log-level` must be full, summary or none; got 'verbose'"],
    ['if-no-files-found', 'fail', "`if-no-files-found` must be warn, error or ignore; got 'fail'"],
    [
      'compression-level',
      '10',
      "`compression-level` must be `auto` or a whole number from 0 to 9; got '10'"
    ],
    ['compression-level', '-1', "got '-1'"],
    ['compression-level', '5.5', "got '5.5'"],
    ['compression-level', '6x', "got '6x'"],
    ['compression-level', 'high', "got 'high'"],
    [
      'collect',
      'latest',
      "`collect` must be `run` (the version this run wrote), `head` (the artifact's current version) or a version id of 8 to 64 hex characters; got 'latest'"
    ],
    ['collect', 'abc', "got 'abc'"],
    [
      'retention-days',
      '-1',
      "`retention-days` must be a whole number of days, or 0 or empty for the repository's default; got '-1'"
    ],
    ['retention-days', '7d', "got '7d'"],
    ['retention-days', '1e1', "got '1e1'"],
    [
      'max-output-size',
      'huge',
      "`max-output-size` must be a size such as 2GiB, 500MiB or 1073741824 (bytes; units B, KiB, MiB, GiB, TiB, KB, MB, GB, TB); got 'huge'"
    ],
    ['max-output-size', '2 GiBs', "got '2 GiBs'"],
    ['max-output-size', '-1GiB', "got '-1GiB'"],
    ['max-output-size', '2PiB', "got '2PiB'"],
    ['max-output-size', '1023KiB', '`max-output-size` must be from 1MiB to 1TiB'],
    ['max-output-size', '1.1TiB', "got '1.1TiB'"],
    [
      'max-output-files',
      '0',
      "`max-output-files` must be a whole number from 1 to 10000000; got '0'"
    ],
    ['max-output-files', '50k', "got '50k'"]
  ])('%s %j → %s', (name, value, expected) => {
    expect(problem({ [name]: value }, name)).toContain(expected)
  })
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

describe('allowed-actors', () => {
  it('takes logins and bots separated by commas, spaces or lines, or * alone', () => {
    expect(settings({ 'allowed-actors': ' alice, renovate[bot]\nBob ' }).allowedActors).toEqual([
      'alice',
      'renovate[bot]',
      'Bob'
    ])
    expect(settings({ 'allowed-actors': '*' }).allowedActors).toEqual(['*'])
    expect(settings({}).allowedActors).toEqual([])
  })

  it('refuses what is not a login, naming the value and the accepted form', () => {
    const message = problem({ 'allowed-actors': 'alice, @bob' }, 'allowed-actors')
    expect(message).toContain("got '@bob'")
    expect(message).toContain('GitHub logins (a bot as `name[bot]`) separated by commas')
  })

  it('refuses * beside names: it would make the names meaningless', () => {
    const message = problem({ 'allowed-actors': 'alice, *' }, 'allowed-actors')
    expect(message).toContain('stands alone')
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
    process.env['INPUT_VM0-TOKEN'] = 'vm0_live_default-deps-token'
    process.env['INPUT_AGENT'] = 'agent-x'
    process.env['INPUT_PROMPT'] = '  hello  '
    process.env['INPUT_IDLE-TIMEOUT'] = '5m'
    process.env['GITHUB_WORKSPACE'] = '/gh/workspace'
    process.env['INPUT_PATH'] = 'out'
    const s = getSettings()
    expect(s.token).toBe('vm0_live_default-deps-token')
    expect(s).toMatchObject({ agent: 'agent-x', prompt: 'hello' })
    expect(s.idleTimeoutMs).toBe(300_000)
    expect(s.path).toBe('/gh/workspace/out')
    expect(written.join('')).toContain('::add-mask::vm0_live_default-deps-token')
  })
})
