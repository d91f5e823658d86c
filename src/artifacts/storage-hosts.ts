/**
 * Where the archive download may go. The presigned URL and every redirect
 * after it come from remote answers, so each hop is checked before it is
 * requested, and each address a name resolves to is checked again when the
 * connection is made (a DNS answer that changed since, a rebinding, cannot
 * slip through):
 * - never from https: down to http: (the chain starts at the API URL's scheme);
 * - never to a link-local or cloud metadata address (169.254.0.0/16,
 *   fe80::/10, fd00:ec2::254, 100.100.100.200, metadata.google.internal):
 *   what answers there holds the runner's cloud credentials, and no
 *   deployment serves its storage there;
 * - to a loopback or unspecified address (127.0.0.0/8, ::1, 0.0.0.0/8, ::,
 *   localhost) only when the API URL's host is loopback (a local emulator
 *   and its storage);
 * - to a private address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, the
 *   carrier-grade NAT 100.64.0.0/10, fc00::/7) only when the API URL's
 *   host is private or loopback (a self-hosted deployment): otherwise a
 *   URL from the service could reach what a self-hosted runner sees on its
 *   own network.
 * IPv4-mapped (`::ffff:10.0.0.1`) and NAT64 (`64:ff9b::a00:1`) addresses
 * count as the IPv4 address they carry.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { BlockList, isIP } from 'node:net'
import { Agent } from 'undici'
import { ActionError } from '../base/errors.js'

/** What the storage hops may do, from the API URL. */
export interface StoragePolicy {
  /** The scheme the chain starts with: the API URL's. */
  startProtocol: 'https:' | 'http:'
  /** The API URL's host is loopback: loopback storage is allowed too. */
  allowLoopback: boolean
  /** The API URL's host is private or loopback: private storage is allowed too. */
  allowPrivate: boolean
}

/** A storage hop the policy refuses; never retried. */
export class StorageHopError extends ActionError {
  override name = 'StorageHopError'
}

/** `dns.lookup` as the download calls it (always with `all: true`); tests pass their own. */
export type HostLookup = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void
) => void

const defaultLookup: HostLookup = (hostname, options, callback) =>
  dnsLookup(hostname, options, callback)

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

const privateRanges = new BlockList()
privateRanges.addSubnet('10.0.0.0', 8, 'ipv4')
privateRanges.addSubnet('172.16.0.0', 12, 'ipv4')
privateRanges.addSubnet('192.168.0.0', 16, 'ipv4')
privateRanges.addSubnet('100.64.0.0', 10, 'ipv4')
privateRanges.addSubnet('fc00::', 7, 'ipv6')

const LOOPBACK_NAMES = /^(localhost|.*\.localhost)\.?$/i
const METADATA_NAMES = /^(metadata\.google\.internal|metadata\.goog|metadata|instance-data)\.?$/i

/**
 * `::ffff:a.b.c.d` and `64:ff9b::a.b.c.d` (or `::ffff:7f00:1`, as URLs spell
 * it) as the IPv4 address they stand for.
 */
function unmapped(ip: string): { address: string; type: 'ipv4' | 'ipv6' } {
  const mapped =
    /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(ip)
  if (mapped === null) return { address: ip, type: isIP(ip) === 4 ? 'ipv4' : 'ipv6' }
  if (mapped[1] !== undefined) return { address: mapped[1], type: 'ipv4' }
  const high = parseInt(mapped[2] ?? '0', 16)
  const low = parseInt(mapped[3] ?? '0', 16)
  return {
    address: [high >> 8, high & 255, low >> 8, low & 255].join('.'),
    type: 'ipv4'
  }
}

/** What a host is: a name or an address, IPv6 with or without brackets. */
export type HostKind = 'loopback' | 'private' | 'forbidden' | 'other'

/** What a host (a name or an address, IPv6 with or without brackets) is, from its spelling alone. */
export function classifyHost(host: string): HostKind {
  const bare = host.replace(/^\[(.*)\]$/, '$1')
  if (isIP(bare) === 0) {
    if (LOOPBACK_NAMES.test(bare)) return 'loopback'
    if (METADATA_NAMES.test(bare)) return 'forbidden'
    return 'other'
  }
  const { address, type } = unmapped(bare.toLowerCase())
  if (forbidden.check(address, type)) return 'forbidden'
  if (loopback.check(address, type)) return 'loopback'
  if (privateRanges.check(address, type)) return 'private'
  return 'other'
}

/** The policy for the kind of the API URL's host (the most local kind it resolves to). */
function policyFor(protocol: string | null, apiHost: HostKind | null): StoragePolicy {
  return {
    startProtocol: protocol === 'http:' ? 'http:' : 'https:',
    allowLoopback: apiHost === 'loopback',
    allowPrivate: apiHost === 'loopback' || apiHost === 'private'
  }
}

function parsedUrl(apiUrl: string | undefined): URL | null {
  try {
    return apiUrl === undefined ? null : new URL(apiUrl)
  } catch {
    return null
  }
}

/**
 * The policy for an API URL from its spelling alone; without one, the
 * strictest (https, no loopback or private storage).
 */
export function storagePolicy(apiUrl: string | undefined): StoragePolicy {
  const url = parsedUrl(apiUrl)
  return policyFor(url?.protocol ?? null, url === null ? null : classifyHost(url.hostname))
}

/**
 * The policy for an API URL whose host may be a name: a self-hosted
 * deployment at `https://vm0.corp.example` on 10.1.2.3 keeps its storage on
 * its private network too. The name is resolved once a run; when it
 * cannot be, the strict policy of its spelling applies.
 */
export async function resolveStoragePolicy(
  apiUrl: string | undefined,
  lookup: HostLookup = defaultLookup,
  signal?: AbortSignal
): Promise<StoragePolicy> {
  const url = parsedUrl(apiUrl)
  const spelled = storagePolicy(apiUrl)
  const bare = url?.hostname.replace(/^\[(.*)\]$/, '$1') ?? ''
  if (url === null || classifyHost(bare) !== 'other' || isIP(bare) !== 0) {
    return spelled
  }
  const known = resolvedApiHosts.get(lookup)?.get(url.hostname)
  if (known !== undefined) return policyFor(url.protocol, known)
  // A cancelled workflow does not wait for a slow resolver: strict, and the request then aborts.
  const addresses = await new Promise<LookupAddress[] | null>(resolve => {
    const aborted = (): void => resolve(null)
    signal?.addEventListener('abort', aborted, { once: true })
    lookup(url.hostname, { all: true }, (error, found) => {
      signal?.removeEventListener('abort', aborted)
      resolve(error ? null : found)
    })
  })
  if (addresses === null) return spelled
  const kinds = new Set(addresses.map(a => classifyHost(a.address)))
  const kind = kinds.has('loopback') ? 'loopback' : kinds.has('private') ? 'private' : 'other'
  // Once per run, not once per published file; a failed lookup is tried again next time.
  const cache = resolvedApiHosts.get(lookup) ?? new Map<string, HostKind>()
  resolvedApiHosts.set(lookup, cache.set(url.hostname, kind))
  return policyFor(url.protocol, kind)
}

/** What each API host name resolved to, per lookup function (tests pass their own). */
const resolvedApiHosts = new WeakMap<HostLookup, Map<string, HostKind>>()

/** Why `host` may not be reached under `policy`, or null when it may. */
function refusedHost(host: string, policy: StoragePolicy): string | null {
  const kind = classifyHost(host)
  if (kind === 'forbidden') return 'a link-local or cloud metadata address'
  if (kind === 'loopback' && !policy.allowLoopback) {
    return 'a loopback address (allowed only when `api-url` is loopback)'
  }
  if (kind === 'private' && !policy.allowPrivate) {
    return (
      'a private address (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7; allowed only ' +
      'when `api-url` is on a private or loopback address, as a self-hosted deployment is)'
    )
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

/**
 * A `lookup` for `net.connect` that refuses a name when any address it
 * resolves to is refused: the address checked is the one connected to.
 */
export function guardedLookup(policy: StoragePolicy, lookup: HostLookup = defaultLookup) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
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
export function guardedAgent(policy: StoragePolicy, lookup?: HostLookup): Agent {
  return new Agent({ connect: { lookup: guardedLookup(policy, lookup) } })
}
