/** Where the archive download may go: every hop checked before it is requested. */
import { describe, expect, it } from '@jest/globals'
import {
  StorageHopError,
  checkStorageHop,
  classifyHost,
  storagePolicy
} from '../../src/artifacts/storage-hosts.js'

describe('classifyHost', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['0.0.0.0', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['localhost', 'loopback'],
    ['LOCALHOST.', 'loopback'],
    ['storage.localhost', 'loopback'],
    ['169.254.169.254', 'forbidden'],
    ['169.254.170.2', 'forbidden'],
    ['[::ffff:a9fe:a9fe]', 'forbidden'],
    ['[fd00:ec2::254]', 'forbidden'],
    ['[fe80::1]', 'forbidden'],
    ['100.100.100.200', 'forbidden'],
    ['metadata.google.internal', 'forbidden'],
    ['s3.us-east-1.amazonaws.com', 'other'],
    ['10.0.0.5', 'other'],
    ['[2606:4700::1]', 'other']
  ])('%s is %s', (host, kind) => {
    expect(classifyHost(host)).toBe(kind)
  })

  it('sees through the number forms a URL normalises (2852039166 is 169.254.169.254)', () => {
    expect(classifyHost(new URL('http://2852039166/').hostname)).toBe('forbidden')
    expect(classifyHost(new URL('http://0x7f.1/').hostname)).toBe('loopback')
  })
})

describe('checkStorageHop', () => {
  const remote = storagePolicy('https://api.vm0.ai')
  const local = storagePolicy('http://127.0.0.1:4010')
  const hop = (url: string, previous: string, policy = remote): (() => void) => {
    return () => checkStorageHop(new URL(url), previous, policy)
  }

  it('allows https storage after an https API, and any storage scheme for an http one', () => {
    expect(hop('https://bucket.s3.amazonaws.com/a?X-Amz-Signature=1', 'https:')).not.toThrow()
    expect(hop('http://127.0.0.1:4011/a', 'http:', local)).not.toThrow()
  })

  it('refuses a downgrade from https to http, whatever the host', () => {
    expect(hop('http://bucket.s3.amazonaws.com/a', 'https:')).toThrow(StorageHopError)
    expect(hop('http://bucket.s3.amazonaws.com/a', 'https:')).toThrow(
      'Refused the storage hop to bucket.s3.amazonaws.com: it goes from https down to http (cleartext).'
    )
    expect(hop('http://127.0.0.1:4011/a', 'https:', local)).toThrow(/down to http/)
  })

  it('refuses metadata and link-local addresses even for a loopback API', () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://metadata.google.internal/computeMetadata/v1/'
    ]) {
      expect(hop(url, 'http:', local)).toThrow(/a link-local or cloud metadata address/)
    }
  })

  it('allows loopback storage exactly when the API URL is loopback', () => {
    expect(hop('https://127.0.0.1:4011/a', 'https:')).toThrow(
      'a loopback address (allowed only when `api-url` is loopback)'
    )
    expect(hop('https://localhost/a', 'https:')).toThrow(/loopback/)
    expect(hop('https://127.0.0.1:4011/a', 'https:', local)).not.toThrow()
  })

  it('without an API URL takes the strictest rules', () => {
    expect(storagePolicy(undefined)).toEqual({ startProtocol: 'https:', allowLoopback: false })
  })

  it('refuses schemes other than http(s)', () => {
    expect(hop('file:///etc/passwd', 'https:')).toThrow(/uses file:, not http\(s\)/)
  })
})
