/**
 * The actor check in the pipeline: on an event a person triggered, a refused
 * actor ends the step before the VM0 client exists (no request could reach
 * VM0), with `status: skipped`, the reason in `error`, and a failure or, with
 * `fail-on-error: false`, a notice; an allowed one starts the run as before.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CoreRecord, coreModule } from '../support/core-fixture.js'
import { FakeVm0, aRun } from '../support/fake-vm0.js'
import type { Printer } from '../../src/render/printer.js'
import type { Follow } from '../../src/run/wait.js'
import type { PermissionAnswer, ReadPermission } from '../../src/github/actor.js'

const record = new CoreRecord()
jest.unstable_mockModule('@actions/core', () => coreModule(record))
const { run } = await import('../../src/main.js')

const TOKEN = 'vm0_live_actor_check_test_token_0123456789'
let dir: string
let client: FakeVm0
let createClient: jest.Mock<() => FakeVm0>
const printer: Printer = {
  info: () => {},
  untrusted: () => {},
  startGroup: () => {},
  endGroup: () => {},
  warning: () => {},
  error: () => {}
}
const follow: Follow = async () => ({
  end: { kind: 'ended', run: aRun({ status: 'completed' }) },
  result: null,
  logTail: [],
  timing: { startMs: null, endMs: null, spans: [], droppedSpans: 0, tools: [] },
  lastStatus: 'completed',
  troubleLine: null,
  transcriptFile: null
})

/** Runs the action on an `issue_comment` by `login`, the permission API answering `answer`. */
async function commentBy(
  login: string,
  answer: PermissionAnswer,
  inputs: Record<string, string> = {}
): Promise<jest.Mock<ReadPermission>> {
  const eventPath = join(dir, 'event.json')
  writeFileSync(
    eventPath,
    JSON.stringify({
      sender: { login },
      issue: { number: 4 },
      comment: { user: { login }, author_association: 'NONE' }
    })
  )
  record.inputs = {
    'vm0-token': TOKEN,
    agent: 'reviewer',
    prompt: 'hello',
    'github-token': 'ghs_actor_check',
    summary: 'false',
    ...inputs
  }
  const read = jest.fn<ReadPermission>(async () => answer)
  await run({
    printer,
    env: {
      RUNNER_TEMP: dir,
      GITHUB_EVENT_NAME: 'issue_comment',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'octo-org/octo-repo'
    },
    signal: new AbortController().signal,
    createClient,
    follow,
    collect: async () => ({ files: null, error: null }),
    permissionReader: () => read
  })
  return read
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vm0-main-actor-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))
beforeEach(() => {
  record.reset()
  client = new FakeVm0()
  client.current = aRun({ status: 'completed' })
  createClient = jest.fn(() => client)
})

describe('a refused actor', () => {
  it('starts nothing: no VM0 client, status skipped, the reason in error, the step failed', async () => {
    const read = await commentBy('mallory', { kind: 'read', permission: 'read', roleName: 'read' })
    expect(read).toHaveBeenCalledWith('octo-org', 'octo-repo', 'mallory')
    expect(createClient).not.toHaveBeenCalled()
    expect(client.calls).toEqual([])
    expect(record.result).toEqual({
      status: 'skipped',
      error: expect.stringContaining('`mallory` triggered this `issue_comment` event'),
      failed: expect.stringContaining('add `mallory` to `allowed-actors`')
    })
    expect(record.outputs.has('run-id')).toBe(false)
  })

  it('with fail-on-error: false, passes with a notice saying so', async () => {
    await commentBy(
      'mallory',
      { kind: 'read', permission: 'none', roleName: null },
      { 'fail-on-error': 'false' }
    )
    expect(createClient).not.toHaveBeenCalled()
    expect(record.failed).toBeNull()
    expect(record.outputs.get('status')).toBe('skipped')
    expect(record.log.filter(l => l.startsWith('notice: No run was started'))).toEqual([
      expect.stringContaining('(fail-on-error: false, so the step passes.)')
    ])
  })
})

describe('an allowed actor', () => {
  it('a writer starts the run, and the log says why they may', async () => {
    await commentBy('alice', { kind: 'read', permission: 'write', roleName: 'write' })
    expect(client.calls).toContain('createRun')
    expect(record.failed).toBeNull()
    expect(record.log).toContain('alice may start a run: they have `write` access.')
  })

  it('a name in allowed-actors starts the run without asking GitHub', async () => {
    const read = await commentBy(
      'mallory',
      { kind: 'read', permission: 'none', roleName: null },
      { 'allowed-actors': 'mallory' }
    )
    expect(read).not.toHaveBeenCalled()
    expect(client.calls).toContain('createRun')
  })
})
