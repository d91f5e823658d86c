/**
 * startRun with fakes: waiting for a free run slot (429), reconciling a
 * create whose outcome is unknown, and never sending a second create.
 */
import { describe, expect, it } from '@jest/globals'
import {
  ActionError,
  ConcurrencyLimitError,
  NotFoundError,
  TransportError,
  Vm0ApiError,
  WaitTimeoutError
} from '../../src/base/errors.js'
import type { Clock } from '../../src/base/clock.js'
import { FakeClock as SteppedClock } from '../support/fake-clock.js'
import {
  describeStart,
  findCreatedRuns,
  startRun,
  unknownOutcome,
  type RunStarter,
  type StartRequest
} from '../../src/run/start.js'
import type { Agent, CreateRunRequest, Run } from '../../src/vm0/types.js'

const T0 = Date.parse('2025-06-01T12:00:00.000Z')

function request(over: Partial<StartRequest> = {}): StartRequest {
  return {
    prompt: 'Fix the flaky test',
    agent: 'coder',
    agentId: null,
    agentVersion: null,
    sessionId: null,
    checkpointId: null,
    variables: {},
    secrets: {},
    volumes: {},
    artifactName: null,
    artifactVersion: null,
    ...over
  }
}

function run(over: Partial<Run> = {}): Run {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    agentId: 'a1',
    agentName: 'coder',
    status: 'running',
    prompt: 'Fix the flaky test',
    createdAt: new Date(T0).toISOString(),
    startedAt: null,
    completedAt: null,
    error: null,
    executionTimeMs: null,
    checkpointId: null,
    sessionId: null,
    artifactName: null,
    artifactVersion: null,
    output: null,
    ...over
  }
}

/** A clock whose sleeps pass at once and advance the time; it records each sleep. */
class FakeClock implements Clock {
  sleeps: number[] = []
  constructor(public time = T0) {}
  now(): number {
    return this.time
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return
    this.sleeps.push(ms)
    this.time += ms
  }
}

function limitError(): ConcurrencyLimitError {
  return new ConcurrencyLimitError(
    'Concurrent run limit exceeded',
    429,
    { type: 'rate_limit_error', code: 'concurrent_run_limit_exceeded', message: 'limit' },
    'req_1',
    'POST',
    '/v1/runs'
  )
}

function serverError(status = 500): Vm0ApiError {
  return new Vm0ApiError(
    `POST /v1/runs: ${status}`,
    status,
    { type: 'api_error', code: 'internal_error', message: 'Internal server error' },
    'req_abc',
    'POST',
    '/v1/runs'
  )
}

const reset = (): TransportError =>
  new TransportError('Could not get an answer: ECONNRESET', true, null)

type Step = Run | Error
/** A client whose creates answer the given steps in turn and whose run list is `listed()`. */
class FakeClient implements RunStarter {
  creates: CreateRunRequest[] = []
  lists = 0
  constructor(
    private steps: Step[],
    public listed: () => Run[] | Error = () => [],
    private onCreate: () => void = () => {}
  ) {}
  async createRun(req: CreateRunRequest): Promise<Run> {
    this.creates.push(req)
    this.onCreate()
    const step = this.steps.shift()
    if (step === undefined) throw new Error('unexpected create')
    if (step instanceof Error) throw step
    return step
  }
  async listRuns(): Promise<Run[]> {
    this.lists++
    const answer = this.listed()
    if (answer instanceof Error) throw answer
    return answer
  }
  async listAgents(): Promise<Agent[]> {
    return [
      { id: 'a1', name: 'coder', currentVersionId: null, createdAt: null, updatedAt: null },
      { id: 'a2', name: 'reviewer', currentVersionId: null, createdAt: null, updatedAt: null }
    ]
  }
}

describe('waiting for a free run slot (429 concurrent_run_limit_exceeded)', () => {
  it('waits with growing, capped backoff, says so once, and creates once it is free', async () => {
    const clock = new FakeClock()
    const active = run({ id: 'busy-1', prompt: 'other work' })
    const client = new FakeClient(
      [limitError(), limitError(), limitError(), run({ id: 'new' })],
      () => [active]
    )
    const lines: string[] = []
    const started = await startRun(client, request(), {
      timeoutMs: 3_600_000,
      clock,
      random: () => 1,
      log: l => lines.push(l)
    })
    expect(started.id).toBe('new')
    expect(client.creates).toHaveLength(4)
    expect(clock.sleeps).toEqual([1000, 2000, 4000])
    // Said once when the wait starts, with the active runs and the deadline; not at each retry.
    expect(lines).toEqual([
      'Waiting for a free VM0 run slot (1 run already active: busy-1); retrying until ' +
        `${new Date(T0 + 3_600_000).toISOString().replace('T', ' ').slice(0, 19)} UTC at the latest (the step's \`timeout\`).`
    ])
  })

  it('says a long wait again at most once a minute', async () => {
    const clock = new FakeClock()
    const client = new FakeClient([...Array.from({ length: 12 }, limitError), run()], () => [])
    const lines: string[] = []
    await startRun(client, request(), {
      timeoutMs: 3_600_000,
      clock,
      random: () => 1,
      log: l => lines.push(l)
    })
    // 1+2+4+8+16+30×7 s = 241 s of waiting: the start, then at 61 s, 121 s (or so) and 181 s.
    const waited = clock.sleeps.reduce((a, b) => a + b, 0)
    expect(waited).toBe(241_000)
    expect(lines[0]).toMatch(/^Waiting for a free VM0 run slot/)
    expect(
      lines.slice(1).every(l => /^Still waiting for a free VM0 run slot .* after \d+m/.test(l))
    ).toBe(true)
    expect(lines.length).toBeGreaterThanOrEqual(3)
    expect(lines.length).toBeLessThanOrEqual(1 + Math.floor(waited / 60_000))
  })

  it('caps the wait at 30 s and keeps half of it fixed (equal jitter)', async () => {
    const clock = new FakeClock()
    const steps: Step[] = Array.from({ length: 8 }, limitError)
    const client = new FakeClient([...steps, run()], () => [])
    await startRun(client, request(), { timeoutMs: 3_600_000, clock, random: () => 0 })
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000])
  })

  it('gives up at the timeout naming the limit and the active runs; no sleep after the last try', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(Array.from({ length: 50 }, limitError), () => [
      run({ id: 'busy-1', status: 'running' }),
      run({ id: 'old', status: 'completed' })
    ])
    const error = await startRun(client, request(), {
      timeoutMs: 10_000,
      clock,
      random: () => 1
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WaitTimeoutError)
    const message = (error as Error).message
    expect(message).toContain('`timeout` of 10s')
    expect(message).toContain('429 concurrent_run_limit_exceeded')
    expect(message).toContain('1 run already active: busy-1')
    expect(message).not.toContain('old')
    expect(message).toContain('No run was started')
    expect((error as Error).cause).toBeInstanceOf(ConcurrencyLimitError)
    // 1 + 2 + 4 s, then the rest of the 10 s, then one last try at the deadline.
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 3000])
    expect(client.creates).toHaveLength(5)
    expect(clock.time - T0).toBe(10_000)
  })

  it('still waits when the runs list cannot be read, without the count', async () => {
    const clock = new FakeClock()
    const client = new FakeClient([limitError(), run()], () => new Error('list down'))
    const lines: string[] = []
    await startRun(client, request(), { timeoutMs: 60_000, clock, log: l => lines.push(l) })
    expect(lines[0]).toMatch(
      /^Waiting for a free VM0 run slot \(the account's concurrent run limit is reached\); retrying until/
    )
  })

  it('stops waiting when the workflow is cancelled, starting nothing', async () => {
    const clock = new FakeClock()
    const interrupt = new AbortController()
    const client = new FakeClient([limitError(), limitError(), run()], () => [])
    clock.sleep = async (): Promise<void> => {
      interrupt.abort()
    }
    const error = await startRun(client, request(), {
      timeoutMs: 60_000,
      clock,
      signal: interrupt.signal
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect((error as Error).message).toMatch(/cancelled while waiting for a free VM0 run slot/)
    expect(client.creates).toHaveLength(1)
  })

  it('starts nothing when the workflow was cancelled before the start', async () => {
    const interrupt = new AbortController()
    interrupt.abort()
    const client = new FakeClient([run()])
    await expect(
      startRun(client, request(), { timeoutMs: 60_000, signal: interrupt.signal })
    ).rejects.toThrow(/no run was started/)
    expect(client.creates).toHaveLength(0)
  })
})

describe('a create whose outcome is unknown', () => {
  const rules = { tries: 3, intervalMs: 1000, limit: 20, skewMs: 60_000 }

  it.each([
    ['a connection reset after sending', reset()],
    ['a 502 proxy page', new TransportError('502 Bad Gateway', true, 502)],
    ['a 503 from VM0', serverError(503)],
    ['a 500 from VM0', serverError(500)]
  ])('after %s: attaches to the run it created, never creating again', async (_name, failure) => {
    const clock = new FakeClock()
    const mine = run({ id: 'mine', createdAt: new Date(T0 + 300).toISOString() })
    const client = new FakeClient([failure], () => [mine])
    const lines: string[] = []
    const started = await startRun(client, request(), {
      timeoutMs: 60_000,
      clock,
      log: l => lines.push(l)
    })
    expect(started.id).toBe('mine')
    expect(client.creates).toHaveLength(1)
    expect(lines.join('\n')).toMatch(/A VM0 run may have started/)
    expect(lines.at(-1)).toMatch(/Found run mine .*no second run was started/)
  })

  it('looks again briefly: a new run may take a moment to show in the list', async () => {
    const clock = new FakeClock()
    let lists = 0
    const client = new FakeClient([reset()], () =>
      ++lists < 3 ? [] : [run({ id: 'late', createdAt: new Date(T0 + 1500).toISOString() })]
    )
    const started = await startRun(client, request(), { timeoutMs: 60_000, clock })
    expect(started.id).toBe('late')
    expect(clock.sleeps).toEqual([1000, 1000])
    expect(client.creates).toHaveLength(1)
  })

  it('does not guess when several recent runs match (another job may own them)', async () => {
    const clock = new FakeClock()
    const client = new FakeClient([reset()], () => [
      run({ id: 'run-a', createdAt: new Date(T0 + 400).toISOString() }),
      run({ id: 'run-b', createdAt: new Date(T0 + 200).toISOString() })
    ])
    const error = await startRun(client, request(), { timeoutMs: 60_000, clock }).catch(
      (e: unknown) => e
    )
    expect(String(error)).toMatch(/2 recent runs have this prompt .*run-a, run-b.*`run-id`/)
    expect(client.creates).toHaveLength(1)
  })

  it('fails saying a run may exist and how to find it when none shows up', async () => {
    const clock = new FakeClock()
    const client = new FakeClient([reset()], () => [
      run({ id: 'other-prompt', prompt: 'Something else' })
    ])
    const error = await startRun(client, request(), { timeoutMs: 60_000, clock }).catch(
      (e: unknown) => e
    )
    const message = (error as Error).message
    expect(message).toMatch(/^A VM0 run may exist: the create request got no usable answer/)
    expect(message).toContain("agent 'coder'")
    expect(message).toContain(new Date(T0).toISOString())
    expect(message).toMatch(/VM0 CLI or dashboard/)
    expect(message).toMatch(/`run-id` input/)
    expect(message).toMatch(/not sent again/)
    expect(message).toMatch(/3 looks over 2 s/)
    expect((error as Error).cause).toBeInstanceOf(TransportError)
    expect(client.lists).toBe(rules.tries)
    expect(client.creates).toHaveLength(1)
  })

  it('on a 500 with no match, says the service rejected the request and no run started', async () => {
    const client = new FakeClient([serverError(500)], () => [])
    const error = await startRun(client, request(), {
      timeoutMs: 60_000,
      clock: new FakeClock()
    }).catch((e: unknown) => e)
    const message = (error as Error).message
    expect(message).toMatch(
      /^VM0 answered 500 internal_error to the create request \(request id req_abc\)/
    )
    expect(message).toMatch(/rejected the request and no run was started/)
    expect(message).toMatch(/`run-id` input/)
    expect(message).toContain('Check the inputs (prompt, agent, variables, volumes).')
    expect(client.creates).toHaveLength(1)
  })

  it('on a 500 to a create that continues a session, names session-id first', async () => {
    const client = new FakeClient([serverError(500)], () => [])
    const sessionId = '11111111-2222-4333-8444-555555555555'
    const error = await startRun(client, request({ agent: null, sessionId }), {
      timeoutMs: 60_000,
      clock: new FakeClock()
    }).catch((e: unknown) => e)
    expect((error as Error).message).toContain(
      'Check `session-id` first: the service answers 500 to one it does not know'
    )
  })

  it('says so when the runs list cannot be read', async () => {
    const client = new FakeClient([reset()], () => new Error('list is down'))
    await expect(
      startRun(client, request(), { timeoutMs: 60_000, clock: new FakeClock() })
    ).rejects.toThrow(/A VM0 run may exist: .*the runs list could not be read \(list is down\)/)
    expect(client.creates).toHaveLength(1)
  })

  it('does not reconcile errors that certainly started nothing', async () => {
    for (const failure of [
      new TransportError('ECONNREFUSED', false, null),
      new Vm0ApiError(
        'bad',
        400,
        { type: null, code: 'missing_parameter', message: null },
        null,
        'POST',
        '/v1/runs'
      )
    ]) {
      const client = new FakeClient([failure], () => [run()])
      await expect(
        startRun(client, request(), { timeoutMs: 60_000, clock: new FakeClock() })
      ).rejects.toBe(failure)
      expect(client.lists).toBe(0)
    }
  })

  /** A create that cancels the workflow as it is sent, then does what `create` says, on a fake clock. */
  async function cancelledDuringCreate(
    create: (opts: { signal?: AbortSignal } | undefined, clock: SteppedClock) => Promise<Run>,
    listed: Run[]
  ): Promise<{ started: Run; clock: SteppedClock; start: number }> {
    const clock = new SteppedClock()
    const interrupt = new AbortController()
    const client: RunStarter = {
      createRun: (_req, opts) => {
        interrupt.abort()
        return create(opts, clock)
      },
      listRuns: async () => listed,
      listAgents: async () => []
    }
    const start = clock.now()
    const options = { timeoutMs: 60_000, signal: interrupt.signal, createGraceMs: 7_000, clock }
    const started = await clock.run(startRun(client, request(), options))
    return { started, clock, start }
  }

  it('a create still in flight when the workflow is cancelled gets a short grace on the clock, then is looked for', async () => {
    let abortedAt: number | null = null
    const mine = run({ id: 'mine', createdAt: new Date(Date.UTC(2026, 0, 1)).toISOString() })
    const { started, start } = await cancelledDuringCreate(
      (opts, clock) =>
        new Promise((_resolve, reject) => {
          opts?.signal?.addEventListener('abort', () => {
            abortedAt = clock.now()
            reject(new Error('aborted by the grace timer'))
          })
        }),
      [mine]
    )
    expect(started.id).toBe('mine')
    expect(abortedAt).toBe(start + 7_000)
  })

  it('a create that answers within the grace is kept, and the grace timer is stopped', async () => {
    const { started, clock } = await cancelledDuringCreate(async (opts, clock) => {
      await clock.sleep(1_000)
      expect(opts?.signal?.aborted).toBe(false)
      return run({ id: 'answered' })
    }, [])
    expect(started.id).toBe('answered')
    // Nothing is left sleeping on the clock: the grace was disposed of.
    expect(clock.pending()).toBe(0)
  })
})

describe('unknownOutcome', () => {
  it.each<[string, unknown, boolean]>([
    ['a reset after sending', reset(), true],
    ['a refused connection', new TransportError('refused', false, null), false],
    ['a 504 proxy page', new TransportError('html 504', true, 504), true],
    ['a 500 from VM0', serverError(500), true],
    ['a 503 from VM0', serverError(503), true],
    ['a 429', limitError(), false],
    [
      'a 404',
      new NotFoundError('no', 404, { type: null, code: null, message: null }, null, 'POST', '/'),
      false
    ],
    ['a plain Error', new Error('bug'), false]
  ])('%s → %s', (_name, error, expected) => {
    expect(unknownOutcome(error)).toBe(expected)
  })
})

describe('findCreatedRuns', () => {
  const body: CreateRunRequest = { prompt: 'Fix the flaky test', agent: 'coder' }
  const at = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString()

  it('returns every run with the same prompt and agent created after the attempt began', () => {
    const runs = [
      run({ id: 'newest-other-agent', agentName: 'reviewer', createdAt: at(900) }),
      run({ id: 'newer', createdAt: at(500) }),
      run({ id: 'older', createdAt: at(100) })
    ]
    expect(findCreatedRuns(runs, body, T0, 60_000).map(r => r.id)).toEqual(['newer', 'older'])
  })

  it('allows for clock skew, but not for an old run', () => {
    expect(findCreatedRuns([run({ createdAt: at(-30_000) })], body, T0, 60_000)).toHaveLength(1)
    expect(findCreatedRuns([run({ createdAt: at(-61_000) })], body, T0, 60_000)).toEqual([])
    expect(findCreatedRuns([run({ createdAt: null })], body, T0, 60_000)).toEqual([])
  })

  it('requires the same prompt (a list may shorten a long one)', () => {
    expect(findCreatedRuns([run({ prompt: 'Fix the flaky tests' })], body, T0, 0)).toEqual([])
    expect(findCreatedRuns([run({ prompt: null })], body, T0, 0)).toEqual([])
    const long = 'x'.repeat(500)
    const shown = run({ prompt: `${long.slice(0, 200)}...` })
    expect(findCreatedRuns([shown], { prompt: long, agent: 'coder' }, T0, 0)).toHaveLength(1)
    const short = run({ prompt: 'Fix...' })
    expect(findCreatedRuns([short], body, T0, 0)).toEqual([])
  })

  it('matches the agent by name (any case, shared scope/name), by id, or not at all for sessions', () => {
    expect(findCreatedRuns([run({ agentName: 'CODER' })], body, T0, 0)).toHaveLength(1)
    expect(
      findCreatedRuns([run({ agentName: 'coder' })], { ...body, agent: 'team/coder' }, T0, 0)
    ).toHaveLength(1)
    const byId = { prompt: body.prompt, agentId: 'a1' }
    expect(findCreatedRuns([run({ agentId: 'a1' })], byId, T0, 0)).toHaveLength(1)
    expect(findCreatedRuns([run({ agentId: 'a2' })], byId, T0, 0)).toEqual([])
    const session = { prompt: body.prompt, sessionId: 's1' }
    expect(findCreatedRuns([run({ agentName: 'anything' })], session, T0, 0)).toHaveLength(1)
  })
})

describe('an agent name with capitals', () => {
  it('is sent lower-cased, as the service stores and matches names, and said once', async () => {
    const client = new FakeClient([run({ agentName: 'my-agent' })])
    await startRun(client, request({ agent: 'My-Agent' }), {
      timeoutMs: 60_000,
      clock: new FakeClock()
    })
    expect(client.creates.map(c => c.agent)).toEqual(['my-agent'])
    const said = describeStart(request({ agent: 'My-Agent' }))
    expect(said[0]).toBe("Target: agent 'my-agent'")
    expect(said.filter(l => l.includes('My-Agent'))).toEqual([
      "agent My-Agent: the service's names are lower-case; asking for my-agent"
    ])
  })

  it('says nothing when the name is already lower-case', () => {
    expect(describeStart(request({ agent: 'coder' })).join('\n')).not.toContain('lower-case')
  })

  it('that the service does not know names both the name asked for and the input', async () => {
    const missing = new NotFoundError(
      'No such agent',
      404,
      { type: null, code: null, message: null },
      null,
      'POST',
      '/v1/runs'
    )
    await expect(
      startRun(new FakeClient([missing]), request({ agent: 'Codr' }), {
        timeoutMs: 60_000,
        clock: new FakeClock()
      })
    ).rejects.toThrow("VM0 has no agent 'codr' (input `agent` 'Codr', lower-cased).")
  })
})

describe('an unknown agent', () => {
  it('still names the agents that exist', async () => {
    const missing = new NotFoundError(
      "No such agent: 'codr'",
      404,
      { type: 'not_found_error', code: 'resource_not_found', message: "No such agent: 'codr'" },
      'req_9',
      'POST',
      '/v1/runs'
    )
    const client = new FakeClient([missing])
    await expect(
      startRun(client, request({ agent: 'codr' }), { timeoutMs: 60_000, clock: new FakeClock() })
    ).rejects.toThrow(/no agent 'codr'.*coder, reviewer.*req_9/)
    expect(client.lists).toBe(0)
  })

  it('a display name (spaces, capitals) says a platform agent needs a vm0_pat_ key; a plain name does not', async () => {
    const missing = (): NotFoundError =>
      new NotFoundError(
        'No such agent',
        404,
        { type: null, code: null, message: null },
        null,
        'POST',
        '/v1/runs'
      )
    const start = (agent: string): Promise<Run> =>
      startRun(new FakeClient([missing()]), request({ agent }), {
        timeoutMs: 60_000,
        clock: new FakeClock()
      })
    await expect(start('Demo Agent')).rejects.toThrow(/display name .* `vm0_pat_…`/)
    await expect(start('codr')).rejects.not.toThrow(/vm0_pat_/)
  })
})
