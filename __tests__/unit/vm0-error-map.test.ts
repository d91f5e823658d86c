import { describe, expect, it } from '@jest/globals'
import {
  AuthenticationError,
  ConcurrencyLimitError,
  NotFoundError,
  NotVm0ApiError,
  TransportError,
  Vm0ApiError
} from '../../src/base/errors.js'
import {
  answerError,
  excerpt,
  neverSent,
  networkError,
  type ErrorContext
} from '../../src/vm0/error-map.js'

const TOKEN = 'vm0_live_SECRETtokenSECRETtokenSECRETtokenSECRETt'
const ctx: ErrorContext = {
  method: 'GET',
  path: '/v1/agents/x',
  host: 'api.vm0.test',
  secrets: [TOKEN, 'hunter2']
}
const RID = 'req_0123456789abcdef0123456789abcdef'

function envelope(
  status: number,
  type: string,
  code: string,
  message: string,
  requestId: string | null = RID
) {
  return answerError(ctx, {
    status,
    statusText: null,
    contentType: 'application/json',
    requestId,
    text: JSON.stringify({ error: { type, code, message } })
  })
}

describe('answerError', () => {
  it('maps 401 to AuthenticationError quoting the service, saying what to do, never the token', () => {
    const e = envelope(401, 'authentication_error', 'invalid_api_key', `Invalid API key ${TOKEN}`)
    expect(e).toBeInstanceOf(AuthenticationError)
    expect(e.message).toBe(
      'VM0 rejected the token (401 invalid_api_key: Invalid API key ***). Check the `vm0-token` ' +
        'input / VM0_TOKEN secret: VM0 tokens expire after 90 days and can be revoked; create a ' +
        `new token with the VM0 CLI or dashboard and update the secret. Request id ${RID}.`
    )
    expect(JSON.stringify({ m: e.message, b: (e as Vm0ApiError).body })).not.toContain(TOKEN)
    expect((e as Vm0ApiError).requestId).toBe(RID)
  })

  it('maps permission_denied to AuthenticationError that says the token lacks permission', () => {
    const e = envelope(401, 'authentication_error', 'permission_denied', 'Forbidden')
    expect(e).toBeInstanceOf(AuthenticationError)
    expect(e.message).toContain('lacks permission')
  })

  it("maps 404 to NotFoundError with the service's message", () => {
    const e = envelope(404, 'not_found_error', 'resource_not_found', "No such agent: 'x'")
    expect(e).toBeInstanceOf(NotFoundError)
    expect(e.message).toBe(
      `No such agent: 'x' (404 resource_not_found, GET /v1/agents/x). Request id ${RID}.`
    )
  })

  it('maps the concurrency 429 to ConcurrencyLimitError', () => {
    const e = envelope(429, 'rate_limit_error', 'concurrent_run_limit_exceeded', 'Too many runs')
    expect(e).toBeInstanceOf(ConcurrencyLimitError)
    expect(e.message).toContain('active run')
    expect(e.message).toContain(RID)
  })

  it('explains 500 internal_error as a possibly invalid request', () => {
    const e = envelope(500, 'api_error', 'internal_error', 'Internal server error')
    expect(e).toBeInstanceOf(Vm0ApiError)
    expect(e.message).toContain('VM0 could not process GET /v1/agents/x (500 internal_error')
    expect(e.message).toContain('check the inputs')
    expect(e.message).toContain(RID)
  })

  it('redacts secrets the service echoes and omits a missing request id', () => {
    const e = envelope(
      400,
      'invalid_request_error',
      'invalid_parameter',
      'bad value hunter2 for x',
      null
    )
    expect(e.message).toBe(
      'VM0 rejected GET /v1/agents/x (400 invalid_parameter: bad value *** for x).'
    )
  })

  it('turns an HTML proxy page into a TransportError with a short excerpt', () => {
    const html = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head><body><h1>Bad Gateway</h1>${'x'.repeat(5000)}</body></html>`
    const e = answerError(ctx, {
      status: 502,
      statusText: 'Bad Gateway',
      contentType: 'text/html',
      requestId: null,
      text: html
    })
    expect(e).toBeInstanceOf(TransportError)
    expect(e).toMatchObject({ status: 502, sent: true })
    expect(e.message).toContain('502 Bad Gateway')
    expect(e.message).toContain('a proxy or gateway answered')
    expect(e.message).toContain('("502 Bad Gateway")')
    expect(e.message).not.toContain('<')
    expect(e.message.length).toBeLessThan(400)
  })

  it('treats an empty body and foreign JSON as a proxy answer', () => {
    const empty = answerError(ctx, {
      status: 504,
      statusText: null,
      contentType: null,
      requestId: null,
      text: ''
    })
    expect(empty).toBeInstanceOf(TransportError)
    expect(empty.message).toContain('504 Gateway Timeout with an empty body')
    const foreign = answerError(ctx, {
      status: 503,
      statusText: null,
      contentType: 'application/json',
      requestId: null,
      text: '{"message":"Service Unavailable"}'
    })
    expect(foreign).toBeInstanceOf(TransportError)
    expect(foreign.message).toContain('JSON that is not a VM0 error')
  })

  it('points at the API URL for a non-JSON 4xx', () => {
    const e = answerError(ctx, {
      status: 404,
      statusText: null,
      contentType: 'text/plain',
      requestId: null,
      text: 'Cannot GET /v1/agents/x'
    })
    expect(e).toBeInstanceOf(NotVm0ApiError)
    expect(e.message).toContain('`api-url`')
    expect(e.message).toContain('("Cannot GET /v1/agents/x")')
  })

  it('says an HTML 404 means `api-url` is not the VM0 API, naming the URL', () => {
    const e = answerError(
      { ...ctx, apiUrl: 'https://example.test/app' },
      {
        status: 404,
        statusText: 'Not Found',
        contentType: 'text/html',
        requestId: null,
        text: '<html><head><title>404: This page could not be found</title></head></html>'
      }
    )
    expect(e).toBeInstanceOf(NotVm0ApiError)
    expect(e.message).toBe(
      '`api-url` (https://example.test/app) does not look like the VM0 API: GET /v1/agents/x ' +
        'answered 404 Not Found with an HTML page ("404: This page could not be found"), not with ' +
        'a VM0 JSON error. Check that the `api-url` input points at the VM0 API (e.g. ' +
        'https://api.vm0.ai) and that the deployment serves its /v1 API.'
    )
    // A platform route: the platform's own API named, and no word of /v1.
    const platform = answerError(
      { ...ctx, path: '/api/zero/agents', apiUrl: 'https://example.test/app' },
      {
        status: 404,
        statusText: 'Not Found',
        contentType: 'text/html',
        requestId: null,
        text: '<html></html>'
      }
    )
    expect(platform.message).toContain('https://api.okou.ai')
    expect(platform.message).not.toContain('/v1')
  })

  it('keeps a 404 with the VM0 envelope a NotFoundError, and a 5xx page transient', () => {
    expect(envelope(404, 'not_found_error', 'resource_not_found', 'No such run')).toBeInstanceOf(
      NotFoundError
    )
    const page = answerError(ctx, {
      status: 503,
      statusText: null,
      contentType: 'text/html',
      requestId: null,
      text: '<html>down</html>'
    })
    expect(page).toBeInstanceOf(TransportError)
    expect(page).not.toBeInstanceOf(NotVm0ApiError)
  })
})

describe('the retired /v1 API', () => {
  const bare = {
    status: 404,
    statusText: 'Not Found',
    contentType: 'application/json',
    requestId: null,
    text: '{"error":"Not found"}'
  }

  it('words the bare 404 on a /v1 path: removed, the new keys, what the action does then', () => {
    const e = answerError(
      { ...ctx, path: '/v1/runs', method: 'POST', apiUrl: 'https://api.vm0.ai' },
      bare
    )
    expect(e).toBeInstanceOf(NotVm0ApiError)
    expect(e.message).toBe(
      'POST /v1/runs answered 404 {"error":"Not found"}: the server at `api-url` (https://api.vm0.ai) ' +
        'does not serve the `/v1` API. The hosted VM0 service removed `/v1` on 2026-03-02, and ' +
        '`vm0_live_` tokens no longer work there; its keys are now personal keys `vm0_pat_…`, made ' +
        'in the web app under Settings → API keys. Put such a key in the `VM0_TOKEN` secret and, ' +
        "with `api: auto` (the default), the action speaks today's platform; leave `api-url` empty " +
        'for the hosted service. A deployment built before March 2026 serves `/v1`: if you meant ' +
        'one, check `api-url`.'
    )
    expect((e as NotVm0ApiError).status).toBe(404)
  })

  it('leaves a path outside /v1 (the platform client) to the usual mapping', () => {
    const e = answerError({ ...ctx, path: '/api/v1/chat-threads/messages' }, bare)
    expect(e).toBeInstanceOf(NotVm0ApiError)
    expect(e.message).not.toContain('2026-03-02')
    expect(e.message).toContain('does not look like the VM0 API')
  })

  it('accepts the body in any spacing and case, but only that body', () => {
    const say = (text: string): boolean =>
      answerError(ctx, { ...bare, text }).message.includes('2026-03-02')
    expect(say('{ "error" : "not found." }\n')).toBe(true)
    expect(say('{"error":"Not found","code":"X"}')).toBe(false)
    expect(say('{"error":"Gone"}')).toBe(false)
    expect(say('Not found')).toBe(false)
    expect(answerError(ctx, { ...bare, status: 410 }).message).not.toContain('2026-03-02')
  })
})

describe('excerpt', () => {
  it('is one printable line of at most 80 characters without secrets', () => {
    const out = excerpt(`line1\n\tline2\u0007 ${TOKEN} ${'y'.repeat(200)}`, 'text/plain', [TOKEN])
    expect(out).not.toMatch(/[\n\t\u0007]/)
    expect(out).not.toContain(TOKEN)
    expect(out.length).toBeLessThanOrEqual(80)
  })
})

describe('network errors', () => {
  const err = (code: string, syscall?: string): Error =>
    Object.assign(new Error(code), { code, syscall })

  it.each([
    ['ECONNREFUSED', 'connect', false],
    ['ENOTFOUND', 'getaddrinfo', false],
    ['EAI_AGAIN', 'getaddrinfo', false],
    ['UND_ERR_CONNECT_TIMEOUT', undefined, false],
    ['EHOSTUNREACH', 'connect', false],
    ['EHOSTUNREACH', 'read', true],
    ['ECONNRESET', 'read', true],
    ['UND_ERR_SOCKET', undefined, true],
    ['UND_ERR_HEADERS_TIMEOUT', undefined, true]
  ])('%s (%s) → sent %s', (code, syscall, sent) => {
    expect(neverSent(err(code, syscall))).toBe(!sent)
    const e = networkError(ctx, err(code, syscall))
    expect(e.sent).toBe(sent)
    expect(e.status).toBeNull()
    expect((e.cause as Error).message).toBe(code)
  })

  it('reads happy-eyeballs AggregateErrors: never sent only if every attempt was refused', () => {
    expect(
      neverSent(
        new AggregateError([err('ECONNREFUSED', 'connect'), err('ECONNREFUSED', 'connect')])
      )
    ).toBe(true)
    expect(
      neverSent(new AggregateError([err('ECONNREFUSED', 'connect'), err('ECONNRESET', 'read')]))
    ).toBe(false)
  })

  it('treats unknown failures as possibly sent', () => {
    expect(neverSent(new Error('weird'))).toBe(false)
    expect(neverSent('string')).toBe(false)
  })

  it('appends the create hint only when the request may have been sent', () => {
    const hinted = { ...ctx, method: 'POST', path: '/v1/runs', sentHint: 'A run may have started.' }
    expect(networkError(hinted, err('ECONNRESET', 'read')).message).toContain(
      'A run may have started.'
    )
    expect(
      networkError({ ...ctx, apiUrl: 'http://127.0.0.1:9' }, err('ECONNREFUSED', 'connect')).message
    ).toContain(
      'refused the connection (ECONNREFUSED); check the `api-url` input (http://127.0.0.1:9)'
    )
    expect(networkError(hinted, err('ECONNREFUSED', 'connect')).message).not.toContain(
      'A run may have started.'
    )
  })
})
