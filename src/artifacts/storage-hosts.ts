/**
 * Where the archive download may go. The presigned URL and every redirect
 * after it come from remote answers, so each hop is checked before it is
 * requested, and each address a name resolves to before it is connected:
 * - never from https: down to http: (the chain starts at the API URL's scheme);
 * - never to a link-local or cloud metadata address (169.254.0.0/16,
 *   fe80::/10, fd00:ec2::254, 100.100.100.200, metadata.google.internal):
 *   what answers there holds the runner's cloud credentials;
 * - to a loopback address (127.0.0.0/8, ::1, 0.0.0.0, localhost) only when
 *   the API URL itself is loopback (a local emulator and its storage).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { BlockList, isIP } from 'node:net'
import { Agent } from 'undici'
import { ActionError } from '../base/errors.js'

/** What the storage hops may do, from the API URL. */
export interface StoragePolicy {
  /** The scheme the chain starts with: the API URL's. */
  startProtocol: 'https:' | 'http:'
  /** The API URL is loopback: loopback storage is allowed too. */
  allowLoopback: boolean
}

/** A storage hop the policy refuses; never retried. */
export class StorageHopError extends ActionError {
  override name = 'StorageHopError'
}

const loopback = new BlockList()
loopback.addSubnet('127.0.0.0', 8, 'ipv4')
loopback.addSubnet('0.0.0.0', 8, 'ipv4')
loopback.addAddress('::1', 'ipv6')
loopback.addAddress('::', 'ipv6')

const forbidden = new BlockList()
forbidden.addSubnet('169.254.0.0', 16, 'ipv4')
forbidden.addSubnet('fe80::', 10, 'ipv6')
forbidden.addAddress('fd00:ec2::254', 'ipv6')
forbidden.addAddress('100.100.100.200', 'ipv4')

const LOOPBACK_NAMES = /^(localhost|.*\.localhost)\.?$/i
const METADATA_NAMES = /^(metadata\.google\.internal|metadata\.goog|metadata|instance-data)\.?$/i

/** `::ffff:a.b.c.d` (or `::ffff:7f00:1`, as URLs spell it) as the IPv4 address it stands for. */
function unmapped(ip: string): { address: string; type: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(ip)
  if (mapped === null) return { address: ip, type: isIP(ip) === 4 ? 'ipv4' : 'ipv6' }
  if (mapped[1] !== undefined) return { address: mapped[1], type: 'ipv4' }
  const high = parseInt(mapped[2] ?? '0', 16)
  const low = parseInt(mapped[3] ?? '0', 16)
  return {
    address: [high >> 8, high & 255, low >> 8, low & 255].join('.'),
    type: 'ipv4'
  }
}

/** What a host (a name or an address, IPv6 with or without brackets) is. */
export function classifyHost(host: string): 'loopback' | 'forbidden' | 'other' {
  const bare = host.replace(/^\[(.*)\]$/, '$1')
  if (isIP(bare) === 0) {
    if (LOOPBACK_NAMES.test(bare)) return 'loopback'
    if (METADATA_NAMES.test(bare)) return 'forbidden'
    return 'other'
  }
  const { address, type } = unmapped(bare.toLowerCase())
  if (forbidden.check(address, type)) return 'forbidden'
  if (loopback.check(address, type)) return 'loopback'
  return 'other'
}

/** The policy for an API URL; without one, the strictest (https, no loopback). */
export function storagePolicy(apiUrl: string | undefined): StoragePolicy {
  let url: URL | null
  try {
    url = apiUrl === undefined ? null : new URL(apiUrl)
  } catch {
    url = null
  }
  return {
    startProtocol: url?.protocol === 'http:' ? 'http:' : 'https:',
    allowLoopback: url !== null && classifyHost(url.hostname) === 'loopback'
  }
}

/** Why `host` may not be reached under `policy`, or null when it may. */
function refusedHost(host: string, policy: StoragePolicy): string | null {
  const kind = classifyHost(host)
  if (kind === 'forbidden') return 'a link-local or cloud metadata address'
  if (kind === 'loopback' && !policy.allowLoopback) {
    return 'a loopback address (allowed only when `api-url` is loopback)'
  }
  return null
}

/**
 * Checks one hop of the download before it is requested: `url` reached from
 * a hop that used `previous` (the API URL's scheme for the first one).
 */
export function checkStorageHop(url: URL, previous: string, policy: StoragePolicy): void {
  const where = `the storage hop to ${url.host}`
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new StorageHopError(
      `The download URL of the output archive uses ${url.protocol}, not http(s); refusing it.`
    )
  }
  if (previous === 'https:' && url.protocol === 'http:') {
    throw new StorageHopError(
      `Refused ${where}: it goes from https down to http (cleartext). The download URL and ` +
        `its redirects came from the VM0 API and the storage; nothing was downloaded.`
    )
  }
  const why = refusedHost(url.hostname, policy)
  if (why !== null) {
    throw new StorageHopError(
      `Refused ${where}: ${why}. The download URL and its redirects came from the VM0 API ` +
        `and the storage; nothing was downloaded.`
    )
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number
) => void

/** dns.lookup that refuses a name resolving to an address the policy refuses (a DNS rebinding). */
function guardedLookup(policy: StoragePolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '')
      for (const { address } of addresses) {
        const why = refusedHost(address, policy)
        if (why !== null) {
          const refused = new StorageHopError(
            `Refused the storage host ${hostname}: it resolves to ${why}; nothing was downloaded.`
          )
          return callback(Object.assign(refused, { code: 'ESTORAGEHOST' }), '')
        }
      }
      if (options.all === true) return callback(null, addresses)
      const first = addresses[0]
      if (first === undefined) return callback(null, [])
      callback(null, first.address, first.family)
    })
  }
}

/** An undici agent whose connections only go to addresses the policy allows. */
export function guardedAgent(policy: StoragePolicy): Agent {
  return new Agent({ connect: { lookup: guardedLookup(policy) } })
}
