import { describe, expect, it } from '@jest/globals'
import {
  ActionError,
  AuthenticationError,
  InputError,
  NotFoundError,
  RunFailedError,
  StreamErrorEvent,
  TransportError,
  Vm0ApiError,
  WaitTimeoutError,
  errorMessage,
  errorStack,
  isInvalidStateError
} from '../../src/base/errors.js'

const body = (code: string | null) => ({ type: 'invalid_request_error', code, message: 'm' })
const apiError = (status: number, code: string | null): Vm0ApiError =>
  new Vm0ApiError('m', status, body(code), null, 'POST', '/v1/runs/x/cancel')

describe('error classes', () => {
  it('keep the cause they are given, whatever their own fields', () => {
    const cause = new Error('socket hang up')
    const errors = [
      new ActionError('a', { cause }),
      new InputError('timeout', 'bad', { cause }),
      new Vm0ApiError('v', 500, body(null), null, 'GET', '/v1/runs', { cause }),
      new AuthenticationError('v', 401, body(null), null, 'GET', '/v1/runs', { cause }),
      new TransportError('t', true, null, { cause }),
      new StreamErrorEvent('Run not found', 'run_not_found', { cause }),
      new WaitTimeoutError('w', { cause }),
      new RunFailedError('r1', 'failed', 'boom', { cause })
    ]
    for (const error of errors) expect(error.cause).toBe(cause)
  })

  it('name themselves, so a log line says which one it was', () => {
    expect(new NotFoundError('n', 404, body(null), null, 'GET', '/v1/x').name).toBe('NotFoundError')
    expect(new StreamErrorEvent('gone', null).name).toBe('StreamErrorEvent')
  })

  it("StreamErrorEvent carries the service's text and is no HTTP error", () => {
    const error = new StreamErrorEvent('Run not found', 'run_not_found')
    expect(error.message).toBe('The VM0 event stream reported: Run not found')
    expect(error).toMatchObject({ detail: 'Run not found', code: 'run_not_found' })
    expect(error).not.toBeInstanceOf(Vm0ApiError)
    expect(error).not.toBeInstanceOf(TransportError)
  })
})

describe('isInvalidStateError', () => {
  it('is true only for a VM0 answer with the invalid_state code', () => {
    expect(isInvalidStateError(apiError(400, 'invalid_state'))).toBe(true)
    expect(isInvalidStateError(apiError(400, 'invalid_request'))).toBe(false)
    expect(isInvalidStateError(new TransportError('invalid_state', true, 400))).toBe(false)
    expect(isInvalidStateError({ body: { code: 'invalid_state' } })).toBe(false)
    expect(isInvalidStateError(undefined)).toBe(false)
  })
})

describe('errorMessage', () => {
  it('gives one line for anything thrown', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom')
    expect(errorMessage('plain')).toBe('plain')
    expect(errorMessage({ a: 1 })).toBe('Unexpected error: {"a":1}')
  })
})

describe('errorStack', () => {
  it('gives the stack followed by those of the causes', () => {
    const root = new Error('root cause')
    const stack = errorStack(new ActionError('outer', { cause: root })) ?? ''
    expect(stack).toMatch(/^ActionError: outer\n\s+at /)
    expect(stack).toContain('\nCaused by: Error: root cause\n')
    expect(stack.indexOf('outer')).toBeLessThan(stack.indexOf('root cause'))
  })

  it('is undefined for a thrown value that is not an Error, and survives a cause cycle', () => {
    expect(errorStack('a string')).toBeUndefined()
    expect(errorStack(undefined)).toBeUndefined()
    const a = new Error('a')
    const b = new Error('b', { cause: a })
    a.cause = b
    expect(errorStack(a)?.match(/Caused by/g)).toHaveLength(1)
  })
})
