/** Where the archive download may go: every hop checked before it is requested. */
import { describe, expect, it } from '@jest/globals'
import type { LookupAddress } from 'node:dns'
import {
  type HostLookup,
  StorageHopError,
  checkStorageHop,
  classifyHost,
  guardedLookup,
  resolveStoragePolicy,
  storagePolicy
} from '../../src/artifacts/storage-hosts.js'

/** A lookup from a table (no DNS): a name not in it fails as an unknown name does. */
function fakeLookup(table: Record<string, string[]>, asked: string[] = []): HostLookup {
  return (hostname, _options, callback) => {
    asked.push(hostname)
    const addresses = table[hostname]
    if (addresses === undefined) {
      callback(
        Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
        []
      )
      return
    }
    callback(
      null,
      addresses.map(address => ({ address, family: address.includes(':') ? 6 : 4 }))
    )
  }
}

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
    ['[64:ff9b::a9fe:a9fe]', 'forbidden'],
    ['s3.us-east-1.amazonaws.com', 'other'],
    ['10.0.0.5', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'other'],
    ['172.15.255.255', 'other'],
    ['192.168.1.1', 'private'],
    ['192.169.0.1', 'other'],
    ['100.64.0.1', 'private'],
    ['100.127.255.255', 'private'],
    ['100.128.0.1', 'other'],
    ['[fc00::1]', 'private'],
    ['[fd12:3456::1]', 'private'],
    ['[fe00::1]', 'other'],
    ['[::ffff:10.0.0.1]', 'private'],
    ['[::ffff:c0a8:101]', 'private'],
    ['[64:ff9b::a00:1]', 'private'],
    ['[64:ff9b::7f00:1]', 'loopback'],
    ['203.0.113.7', 'other'],
    ['[2606:4700::1]', 'other']
  ])('%s is %s', (host, kind) => {
    expect(classifyHost(host)).toBe(kind)
  })

  it('sees through the number forms a URL normalises (2852039166 is 169.254.169.254)', () => {
    expect(classifyHost(new URL('http://2852039166/').hostname)).toBe('forbidden')
    expect(classifyHost(new URL('http://0x7f.1/').hostname)).toBe('loopback')
    expect(classifyHost(new URL('http://0xa000001/').hostname)).toBe('private')
    expect(classifyHost(new URL('http://[::ffff:192.168.0.1]/').hostname)).toBe('private')
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

  it('allows private storage only when the API URL is private or loopback', () => {
    const selfHosted = storagePolicy('https://10.1.2.3')
    for (const url of [
      'https://10.0.0.5/a',
      'https://172.20.0.3/a',
      'https://192.168.0.10/a',
      'https://100.64.1.1/a',
      'https://[fd00::5]/a',
      'https://[::ffff:10.0.0.5]/a'
    ]) {
      expect(hop(url, 'https:')).toThrow(
        /: a private address \(10\/8, 172\.16\/12, 192\.168\/16, 100\.64\/10, fc00::\/7; allowed only when `api-url` is on a private or loopback address/
      )
      expect(hop(url, 'https:', selfHosted)).not.toThrow()
      expect(hop(url, 'http:', local)).not.toThrow()
    }
  })

  it('a private API URL does not open loopback or link-local storage', () => {
    const selfHosted = storagePolicy('https://192.168.5.5')
    expect(hop('https://127.0.0.1/a', 'https:', selfHosted)).toThrow(/a loopback address/)
    expect(hop('https://169.254.169.254/a', 'https:', selfHosted)).toThrow(/link-local/)
  })

  it('without an API URL takes the strictest rules', () => {
    expect(storagePolicy(undefined)).toEqual({
      startProtocol: 'https:',
      allowLoopback: false,
      allowPrivate: false
    })
  })

  it('refuses schemes other than http(s)', () => {
    expect(hop('file:///etc/passwd', 'https:')).toThrow(/uses file:, not http\(s\)/)
  })
})

describe('resolveStoragePolicy', () => {
  const strict = { startProtocol: 'https:', allowLoopback: false, allowPrivate: false }

  it('a self-hosted API whose name resolves to a private address allows private storage', async () => {
    const lookup = fakeLookup({ 'vm0.corp.test': ['10.1.2.3'] })
    expect(await resolveStoragePolicy('https://vm0.corp.test', lookup)).toEqual({
      ...strict,
      allowPrivate: true
    })
  })

  it('a name resolving to loopback allows loopback and private storage', async () => {
    const lookup = fakeLookup({ 'dev.test': ['::1'] })
    expect(await resolveStoragePolicy('http://dev.test:4010', lookup)).toEqual({
      startProtocol: 'http:',
      allowLoopback: true,
      allowPrivate: true
    })
  })

  it('a public name, a name that does not resolve, or none stays strict', async () => {
    const lookup = fakeLookup({ 'api.vm0.test': ['203.0.113.7', '2001:db8::7'] })
    expect(await resolveStoragePolicy('https://api.vm0.test', lookup)).toEqual(strict)
    expect(await resolveStoragePolicy('https://gone.test', lookup)).toEqual(strict)
    expect(await resolveStoragePolicy(undefined, lookup)).toEqual(strict)
  })

  it('resolves a name once, and a name that failed again next time', async () => {
    const asked: string[] = []
    const lookup = fakeLookup({ 'vm0.corp.test': ['10.1.2.3'] }, asked)
    for (let i = 0; i < 3; i++) {
      expect((await resolveStoragePolicy('https://vm0.corp.test', lookup)).allowPrivate).toBe(true)
      expect((await resolveStoragePolicy('https://down.test', lookup)).allowPrivate).toBe(false)
    }
    expect(asked).toEqual(['vm0.corp.test', 'down.test', 'down.test', 'down.test'])
  })

  it('a cancelled workflow does not wait for the lookup', async () => {
    const hanging: HostLookup = () => undefined
    const cancel = new AbortController()
    const policy = resolveStoragePolicy('https://vm0.corp.test', hanging, cancel.signal)
    cancel.abort()
    expect(await policy).toEqual(strict)
  })

  it('an address spelled out is not looked up', async () => {
    const asked: string[] = []
    const lookup = fakeLookup({}, asked)
    expect((await resolveStoragePolicy('https://10.0.0.1', lookup)).allowPrivate).toBe(true)
    expect((await resolveStoragePolicy('http://[::1]:4010', lookup)).allowLoopback).toBe(true)
    expect(await resolveStoragePolicy('https://[2001:db8::1]', lookup)).toEqual(strict)
    expect(asked).toEqual([])
  })
})

describe('guardedLookup (what a connection resolves to)', () => {
  const table = {
    'public.test': ['203.0.113.9'],
    'rebound.test': ['10.0.0.5'],
    'mapped.test': ['::ffff:192.168.0.7'],
    'mixed.test': ['203.0.113.9', '127.0.0.1'],
    'metadata.test': ['169.254.169.254']
  }
  const remote = storagePolicy('https://api.vm0.ai')

  function resolve(
    hostname: string,
    policy = remote,
    all = false
  ): Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[] }> {
    return new Promise(done =>
      guardedLookup(policy, fakeLookup(table))(hostname, { all }, (error, address) =>
        done({ error, address })
      )
    )
  }

  it.each([
    ['rebound.test', 'a private address'],
    ['mapped.test', 'a private address'],
    ['mixed.test', 'a loopback address'],
    ['metadata.test', 'a link-local or cloud metadata address']
  ])('refuses %s: it resolves to %s', async (name, kind) => {
    const { error } = await resolve(name)
    expect(error).toBeInstanceOf(StorageHopError)
    expect(error?.code).toBe('ESTORAGEHOST')
    expect(error?.message).toContain(`Refused the storage host ${name}: it resolves to ${kind}`)
  })

  it('answers the address of an allowed name, one or all as asked', async () => {
    expect(await resolve('public.test')).toEqual({ error: null, address: '203.0.113.9' })
    expect(await resolve('public.test', remote, true)).toEqual({
      error: null,
      address: [{ address: '203.0.113.9', family: 4 }]
    })
  })

  it('lets a private name through for a private API, a loopback one only for a loopback API', async () => {
    expect((await resolve('rebound.test', storagePolicy('https://10.9.9.9'))).error).toBeNull()
    expect((await resolve('mixed.test', storagePolicy('https://10.9.9.9'))).error).not.toBeNull()
    expect((await resolve('mixed.test', storagePolicy('http://127.0.0.1:1'))).error).toBeNull()
  })

  it('passes a lookup failure on as it is', async () => {
    const { error } = await resolve('unknown.test')
    expect(error?.code).toBe('ENOTFOUND')
    expect(error).not.toBeInstanceOf(StorageHopError)
  })
})
