/**
 * The post step in-process, with @actions/core mocked by the typed fixture
 * and a scripted client: it cancels only a run the main step left held, and
 * a failed clean-up is a warning, never a failed post step.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { CoreRecord, coreModule } from '../support/core-fixture.js'
import { FakeVm0, RUN_ID, aRun, apiError } from '../support/fake-vm0.js'

const record = new CoreRecord()
jest.unstable_mockModule('@actions/core', () => coreModule(record))
const { post } = await import('../../src/run/post.js')
const { STATE_API, STATE_RUN_ID } = await import('../../src/run/state.js')
const { RouteMissingError } = await import('../../src/platform/errors.js')

const TOKEN = 'vm0_live_post_step_test_token_0123456789'
let client: FakeVm0
let connections: Array<{ token: string; apiUrl: string }>

function postStep(state: Record<string, string>): Promise<void> {
  const env = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]))
  return post({
    env,
    createClient: connection => {
      connections.push(connection)
      return client
    }
  })
}

beforeEach(() => {
  record.reset()
  record.inputs = { 'vm0-token': TOKEN, 'api-url': 'https://api.vm0.ai' }
  client = new FakeVm0()
  connections = []
})

describe('the post step', () => {
  it('nothing held: no client, no request, nothing printed', async () => {
    await postStep({})
    await postStep({ [STATE_RUN_ID]: '' })
    expect(connections).toEqual([])
    expect(client.calls).toEqual([])
    expect(record.log).toEqual([])
    expect(record.warnings).toEqual([])
  })

  it('a held run still active: one read, one cancel, said in the log', async () => {
    client.current = aRun({ status: 'running' })
    await postStep({ [STATE_RUN_ID]: RUN_ID })
    expect(connections).toEqual([{ api: 'v1', token: TOKEN, apiUrl: 'https://api.vm0.ai' }])
    expect(client.calls).toEqual([`getRun ${RUN_ID}`, `cancelRun ${RUN_ID}`])
    expect(record.log).toEqual([
      `Cancelled VM0 run ${RUN_ID} (status cancelled): the main step was interrupted.`
    ])
    expect(record.failed).toBeNull()
  })

  it('a held run that already ended: read, not cancelled', async () => {
    client.current = aRun({ status: 'completed' })
    await postStep({ [STATE_RUN_ID]: RUN_ID })
    expect(client.calls).toEqual([`getRun ${RUN_ID}`])
    expect(record.log).toEqual([`VM0 run ${RUN_ID} already ended (completed); nothing to cancel.`])
  })

  it('the run ended between the read and the cancel (invalid_state): quiet', async () => {
    client.cancelled = apiError(409, 'invalid_state', 'Run is not active')
    await postStep({ [STATE_RUN_ID]: RUN_ID })
    expect(client.calls).toEqual([`getRun ${RUN_ID}`, `cancelRun ${RUN_ID}`])
    expect(record.warnings).toEqual([])
    expect(record.failed).toBeNull()
  })

  it.each([
    ['the cancel fails', () => (client.cancelled = apiError(503, 'unavailable', 'Down'))],
    ['the read fails', () => (client.current = apiError(500, 'internal', 'Boom'))],
    [
      'something not an Error is thrown',
      () =>
        (client.current = () => {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- what a careless dependency may throw
          throw 'connection lost'
        })
    ]
  ])('%s: a warning naming the run, never a failed post step', async (_name, arrange) => {
    arrange()
    await expect(postStep({ [STATE_RUN_ID]: RUN_ID })).resolves.toBeUndefined()
    expect(record.failed).toBeNull()
    expect(record.warnings).toHaveLength(1)
    expect(record.warnings[0]).toMatch(
      new RegExp(
        `^Could not make sure VM0 run ${RUN_ID} was cancelled: .+\\. Check it with the VM0 CLI if it is still running\\.$`
      )
    )
  })

  it('a platform run whose run route is missing: cancelled without the read', async () => {
    client.current = () => {
      throw new RouteMissingError('GET /api/runs/:id', 'the run status')
    }
    await postStep({ [STATE_RUN_ID]: RUN_ID, [STATE_API]: 'platform' })
    expect(client.calls).toEqual([`getRun ${RUN_ID}`, `cancelRun ${RUN_ID}`])
    expect(record.warnings).toEqual([])
  })

  it('a platform run that could not be cancelled: the warning points to the web app', async () => {
    client.cancelled = apiError(503, 'unavailable', 'Down')
    await postStep({ [STATE_RUN_ID]: RUN_ID, [STATE_API]: 'platform' })
    expect(record.warnings).toHaveLength(1)
    expect(record.warnings[0]).toMatch(/Stop it in the web app if it is still running\.$/)
  })

  it('a token that cannot be read: a warning, and no request', async () => {
    record.inputs = { 'api-url': 'https://api.vm0.ai' }
    const saved = process.env.VM0_TOKEN
    delete process.env.VM0_TOKEN
    try {
      await postStep({ [STATE_RUN_ID]: RUN_ID })
    } finally {
      if (saved !== undefined) process.env.VM0_TOKEN = saved
    }
    expect(connections).toEqual([])
    expect(record.failed).toBeNull()
    expect(record.warnings[0]).toContain('vm0-token')
  })
})
