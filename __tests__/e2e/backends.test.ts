/**
 * End to end: the bundled dist/ run as the runner runs it, on the inputs of
 * the two backends. Inputs a backend cannot carry fail the step before any
 * request, each with its alternative; a `vm0_live_` token against a server
 * that answers `/v1` as the hosted platform does (404 `{"error":"Not found"}`)
 * fails saying the API was retired and what to do. The server is a small
 * loopback one that counts what reaches it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { runStep } from '../../emulator/runner/harness.js'
import { errorsOf } from '../support/network-suite.js'

const PAT = 'vm0_pat_eyJhbGciOiJIUzI1NiJ9.e2eBackendsKey.signature0123456789'
const LIVE = 'vm0_live_e2eBackendsToken0123456789abcdefABCDEF'
const SECRET = 'e2e-refused-secret-value-4242'

/** What the step printed, without the mask commands that must name each secret. */
const shown = (stdout: string): string =>
  stdout
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')

let server: Server
let url = ''
const requests: string[] = []

beforeAll(async () => {
  // The platform's answer to any path it does not serve.
  server = createServer((req, res) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`)
    const body = '{"error":"Not found"}'
    res.writeHead(404, { 'content-type': 'application/json', 'content-length': body.length })
    res.end(body)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise<void>(resolve => server.close(() => resolve()))
})

describe('inputs a backend cannot carry', () => {
  it('fail the platform step before any request, each with its alternative, no secret shown', async () => {
    const before = requests.length
    const step = await runStep({
      inputs: {
        'vm0-token': PAT,
        'api-url': url,
        agent: 'Code Reviewer',
        prompt: 'Review it',
        variables: 'A=1',
        secrets: `TOKEN=${SECRET}`,
        'session-id': '3f0c9a4e-1b2d-4c5e-8f70-112233445566'
      },
      killAfterMs: 120_000
    })
    expect(step.code).toBe(1)
    expect(requests.length - before).toBe(0)
    const failure = errorsOf(step).join('\n')
    expect(failure).toContain('`session-id` cannot be used with the VM0 platform')
    expect(failure).toContain('use `thread-id`')
    expect(failure).toContain('`variables` cannot be used with the VM0 platform')
    expect(failure).toContain('put what the agent needs in the prompt')
    expect(failure).toContain('configure secrets and connectors on the agent in the web app')
    expect(shown(step.stdout)).not.toContain(SECRET)
    expect(shown(step.stdout)).not.toContain(PAT)
    expect(step.outputs['status'] ?? '').toBe('')
  }, 180_000)

  it('fail a /v1 step given thread-id or model before any request', async () => {
    const before = requests.length
    const step = await runStep({
      inputs: {
        'vm0-token': LIVE,
        'api-url': url,
        agent: 'reviewer',
        prompt: 'Review it',
        model: 'claude-sonnet-4-5'
      },
      killAfterMs: 120_000
    })
    expect(step.code).toBe(1)
    expect(requests.length - before).toBe(0)
    expect(errorsOf(step).join('\n')).toContain('`model` cannot be used with the `/v1` API')
  }, 180_000)
})

describe('the retired /v1 API', () => {
  it('a vm0_live_ token answered 404 {"error":"Not found"} says /v1 was removed and what to do', async () => {
    const before = requests.length
    const step = await runStep({
      inputs: { 'vm0-token': LIVE, 'api-url': url, agent: 'reviewer', prompt: 'Review it' },
      killAfterMs: 120_000
    })
    expect(step.code).toBe(1)
    expect(requests.slice(before)).toEqual(['POST /v1/runs'])
    const failure = errorsOf(step).join('\n')
    expect(failure).toContain('removed `/v1` on 2026-03-02')
    expect(failure).toContain('`vm0_pat_…`')
    expect(failure).toContain('Settings → API keys')
    expect(shown(step.stdout)).not.toContain(LIVE)
  }, 180_000)
})
