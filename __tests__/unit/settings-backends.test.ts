import { describe, expect, it } from '@jest/globals'
import { BACKEND_NAMES, BACKEND_RULES } from '../../src/settings/backends.js'
import { type InputName } from '../../src/settings/names.js'
import type { Api } from '../../src/settings/settings.js'
import { BASE, harness, problem, problems, settings, TOKEN } from '../support/settings-harness.js'
import { getSettings } from '../../src/settings/inputs.js'

const PAT = 'vm0_pat_eyJhbGciOiJIUzI1NiJ9.SENTINEL.sig'
const PLATFORM: Record<string, string> = { 'vm0-token': PAT, agent: 'My Reviewer', prompt: 'Do it' }
const BASES: Record<Api, Record<string, string>> = { platform: PLATFORM, v1: BASE }
const UUID = '3f0c9a4e-1b2d-4c5e-8f70-112233445566'
const THREAD = '7e11a5d0-1b2d-4c5e-8f70-112233445566'

/** The sample of `name`, with what it needs alongside on `api` (a thread goes without an agent). */
function sample(name: InputName, api: Api): Record<string, string> {
  const inputs = SAMPLES[name] ?? {}
  return name === 'thread-id' && api === 'platform' ? { ...inputs, agent: '' } : inputs
}

/** A valid value for each input the backends treat differently, and what else it needs. */
const SAMPLES: Partial<Record<InputName, Record<string, string>>> = {
  'vm0-token': {},
  'api-url': { 'api-url': 'https://h.test' },
  agent: { agent: 'Code Reviewer' },
  'agent-version': { 'agent-version': 'v2' },
  'session-id': { 'session-id': UUID },
  'checkpoint-id': { 'checkpoint-id': UUID },
  'thread-id': { 'thread-id': THREAD },
  model: { model: 'claude-sonnet-4-5' },
  variables: { variables: 'A=1' },
  secrets: { secrets: 'S=secret-value-1' },
  volumes: { volumes: 'data=latest' },
  'artifact-name': { 'artifact-name': 'out' },
  'artifact-version': { 'artifact-version': 'latest' },
  collect: { collect: 'head' },
  'github-context': { 'github-context': 'true' },
  'if-no-files-found': { 'if-no-files-found': 'error' }
}

describe('api: which backend a step speaks', () => {
  it.each<[string, Record<string, string>, Api, string]>([
    ['a vm0_pat_ token', { 'vm0-token': PAT }, 'platform', 'https://api.okou.ai'],
    ['a vm0_live_ token', { 'vm0-token': TOKEN }, 'v1', 'https://api.vm0.ai'],
    [
      'api: platform',
      { 'vm0-token': 'opaque', api: 'platform' },
      'platform',
      'https://api.okou.ai'
    ],
    [
      'api: V1 over a vm0_pat_ token',
      { 'vm0-token': PAT, api: ' V1 ' },
      'v1',
      'https://api.vm0.ai'
    ],
    ['api: Auto', { 'vm0-token': PAT, api: 'Auto' }, 'platform', 'https://api.okou.ai']
  ])('%s → %s at %s by default', (_, inputs, api, apiUrl) => {
    const base = api === 'platform' ? PLATFORM : BASE
    expect(settings(inputs, {}, base)).toMatchObject({ api, apiUrl })
  })

  it.each<[Api, Record<string, string>]>([
    ['platform', PLATFORM],
    ['v1', BASE]
  ])('on %s, api-url and else env VM0_API_URL still win over the default', (api, base) => {
    const env = { VM0_API_URL: 'http://127.0.0.1:9/' }
    expect(settings({ 'api-url': 'https://own.test/' }, { env }, base).apiUrl).toBe(
      'https://own.test'
    )
    expect(settings({}, { env }, base)).toMatchObject({ api, apiUrl: 'http://127.0.0.1:9' })
  })

  it('refuses api: auto with a token of neither kind, naming api and vm0-token but not the token', () => {
    for (const opts of [{}, { env: { VM0_TOKEN: 'opaque-SENTINEL-1' } }]) {
      const token = 'vm0-token' in (opts.env ?? {}) ? '' : 'opaque-SENTINEL-1'
      const message = problem({ 'vm0-token': token }, 'api', opts)
      expect(message).toContain('`vm0-token`')
      expect(message).toContain('`vm0_pat_`')
      expect(message).toContain('`vm0_live_`')
      expect(message).toContain('`api: platform`')
      expect(message).toContain('`api: v1`')
      expect(message).not.toContain('SENTINEL')
    }
  })

  it('refuses api: platform with a vm0_live_ token before any request, naming the key to use', () => {
    const message = problem({ 'vm0-token': TOKEN, api: 'platform' }, 'api', {}, PLATFORM)
    expect(message).toContain('`api: platform` needs a personal key `vm0_pat_…`')
    expect(message).toContain('`api: v1`')
    expect(message).not.toContain(TOKEN)
  })

  it('refuses an unknown api value once, listing the choices', () => {
    expect(problem({ api: 'rest', 'vm0-token': 'opaque' }, 'api')).toBe(
      "`api` must be auto, platform or v1; got 'rest'"
    )
  })

  it('adds nothing to a missing or malformed token', () => {
    expect(problems({ 'vm0-token': '' }).map(e => e.input)).toEqual(['vm0-token'])
    expect(problems({ 'vm0-token': 'bad token' }).map(e => e.input)).toEqual(['vm0-token'])
  })
})

describe('starting on the platform', () => {
  it('takes an agent by display name, any text on one line', () => {
    expect(settings({ agent: 'Code Reviewer (β)' }, {}, PLATFORM)).toMatchObject({
      api: 'platform',
      agent: 'Code Reviewer (β)',
      agentId: null,
      threadId: null,
      model: null
    })
  })

  it('takes an agent id that is a UUID, and refuses one that is not', () => {
    expect(settings({ agent: '', 'agent-id': UUID }, {}, PLATFORM).agentId).toBe(UUID)
    const message = problem({ agent: '', 'agent-id': 'reviewer' }, 'agent-id', {}, PLATFORM)
    expect(message).toContain('UUID')
    expect(message).toContain("got 'reviewer'")
  })

  it('an agent-id that is a name points to agent', () => {
    const message = problem({ agent: '', 'agent-id': 'demo-agent' }, 'agent-id', {}, PLATFORM)
    expect(message).toContain('to name an agent, use `agent` instead')
  })

  it('continues a thread alone, and refuses a thread id that is not a UUID', () => {
    expect(settings({ agent: '', 'thread-id': THREAD }, {}, PLATFORM)).toMatchObject({
      threadId: THREAD,
      agent: null,
      agentId: null
    })
    const message = problem({ agent: '', 'thread-id': 'latest' }, 'thread-id', {}, PLATFORM)
    expect(message).toContain('`thread-id` must be a VM0 thread id, a UUID')
  })

  it.each([
    ['agent', { agent: 'Reviewer' }],
    ['agent-id', { agent: '', 'agent-id': UUID }]
  ])('refuses thread-id with %s: a thread goes on with its own agent', (named, inputs) => {
    const message = problem({ ...inputs, 'thread-id': THREAD }, 'thread-id', {}, PLATFORM)
    expect(message).toContain(`\`${named}\` cannot choose another`)
    expect(message).toContain('to start a new one')
  })

  it('needs agent, agent-id or thread-id, and says so', () => {
    const message = problem({ agent: '' }, 'agent', {}, PLATFORM)
    for (const name of ['agent-id', 'thread-id', 'run-id']) expect(message).toContain(`\`${name}\``)
    expect(message).not.toContain('session-id')
  })

  it('needs a prompt', () => {
    expect(problem({ prompt: '' }, 'prompt', {}, PLATFORM)).toContain('A prompt is required')
  })

  it('keeps model, trimmed, and refuses one with control characters', () => {
    expect(settings({ model: ' claude-opus-4 ' }, {}, PLATFORM).model).toBe('claude-opus-4')
    expect(settings({ model: '  ' }, {}, PLATFORM).model).toBeNull()
    expect(problem({ model: 'a\nb' }, 'model', {}, PLATFORM)).toContain('one line of printable')
  })

  it('refuses model with thread-id: a message to a thread cannot choose its model', () => {
    const message = problem({ agent: '', 'thread-id': THREAD, model: 'm' }, 'model', {}, PLATFORM)
    expect(message).toContain('goes on with the model the thread has')
    expect(settings({ model: 'm' }, {}, PLATFORM).model).toBe('m')
  })

  it('attaches with run-id (and thread-id, where its files are), but not with model', () => {
    const attach = { 'vm0-token': PAT, 'run-id': UUID }
    expect(settings({}, {}, attach)).toMatchObject({ api: 'platform', runId: UUID, prompt: '' })
    expect(settings({ 'thread-id': THREAD }, {}, attach)).toMatchObject({
      runId: UUID,
      threadId: THREAD
    })
    for (const [name, value] of [['model', 'm']]) {
      expect(problem({ [name as string]: value as string }, name as string, {}, attach)).toContain(
        'starts nothing'
      )
    }
  })
})

describe('inputs a backend cannot carry', () => {
  const cases: [Api, InputName, string][] = []
  for (const name of Object.keys(BACKEND_RULES) as InputName[]) {
    for (const api of ['platform', 'v1'] as const) {
      const rule = BACKEND_RULES[name]?.[api]
      if (rule && !rule.use) cases.push([api, name, rule.instead])
    }
  }

  it('covers what the issue lists', () => {
    expect(cases.map(([api, name]) => `${api}:${name}`).sort()).toEqual(
      [
        'platform:variables',
        'platform:secrets',
        'platform:volumes',
        'platform:session-id',
        'platform:checkpoint-id',
        'platform:artifact-name',
        'platform:artifact-version',
        'platform:collect',
        'platform:agent-version',
        'v1:thread-id',
        'v1:model'
      ].sort()
    )
  })

  it.each(cases)(
    'on %s, %s is refused naming the backend and the alternative',
    (api, name, instead) => {
      const given = sample(name, api)
      const message = problem(given, name, {}, BASES[api])
      expect(message).toContain(`\`${name}\` cannot be used with ${BACKEND_NAMES[api]}`)
      expect(message).toContain(
        api === 'platform' ? 'the `vm0_pat_…` token' : 'the `vm0_live_…` token'
      )
      expect(message).toContain(instead)
      // Said once, also when the same input could not be used with run-id either.
      const attach = { 'vm0-token': BASES[api]['vm0-token'] ?? '', 'run-id': UUID }
      const withRunId = problems({ ...given, agent: '' }, {}, attach)
      expect(withRunId.filter(e => e.input === name)).toHaveLength(1)
    }
  )

  it('names api: platform when the choice came from the input', () => {
    const message = problem(
      { 'vm0-token': 'opaque', api: 'platform', variables: 'A=1' },
      'variables',
      {},
      PLATFORM
    )
    expect(message).toContain('chosen by `api: platform`')
    expect(message).toContain(
      'put what the agent needs in the prompt, or use `github-context: true`'
    )
  })

  it.each(
    (['platform', 'v1'] as const).flatMap(api =>
      Object.entries(BACKEND_RULES)
        .filter(([, rules]) => rules[api].use)
        .map(([name]) => [api, name] as [Api, InputName])
    )
  )('on %s, %s is taken', (api, name) => {
    expect(() => settings(sample(name, api), {}, BASES[api])).not.toThrow()
  })

  it('lists several refused inputs together, in order, before anything is sent', () => {
    const found = problems(
      { variables: 'A=1', secrets: 'TOKEN=hunter2-secret', 'session-id': UUID, collect: 'run' },
      {},
      PLATFORM
    )
    expect(found.map(e => e.input)).toEqual(['session-id', 'variables', 'secrets', 'collect'])
    expect(found.find(e => e.input === 'secrets')?.message).toContain(
      'configure secrets and connectors on the agent in the web app'
    )
  })

  it('masks a refused secrets input and never shows its values', () => {
    const h = harness({ ...PLATFORM, secrets: 'KEY=hunter2-secret\nbroken line' })
    let message = ''
    try {
      getSettings(h.deps)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain('`secrets` cannot be used with the VM0 platform')
    expect(h.masked).toContain('hunter2-secret')
    expect(message).not.toContain('hunter2')
    expect(message).not.toContain('broken')
  })

  it('does not parse what it refuses: one line per input', () => {
    expect(problems({ variables: 'not a pair', volumes: 'x' }, {}, PLATFORM)).toHaveLength(2)
  })
})

describe('if-no-files-found', () => {
  it('empty means ignore on the platform and warn on /v1; a value given wins', () => {
    expect(settings({}, {}, PLATFORM).ifNoFilesFound).toBe('ignore')
    expect(settings({}, {}, BASE).ifNoFilesFound).toBe('warn')
    expect(settings({ 'if-no-files-found': 'warn' }, {}, PLATFORM).ifNoFilesFound).toBe('warn')
    expect(settings({ 'if-no-files-found': 'error' }, {}, PLATFORM).ifNoFilesFound).toBe('error')
  })
})

describe('github-context', () => {
  it('is taken on both backends when starting', () => {
    expect(settings({ 'github-context': 'yes' }, {}, PLATFORM).githubContext).toBe(true)
    expect(settings({ 'github-context': 'yes' }, {}, BASE).githubContext).toBe(true)
  })
})
