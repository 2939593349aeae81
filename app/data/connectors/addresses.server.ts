import dns from 'node:dns'
import net from 'node:net'

// Where a webhook may connect: the organisation's service on the internet,
// never the portal's own host or a network behind it (loopback, private,
// link-local, carrier-grade NAT, unspecified, multicast, reserved), unless the
// operator allows that host. The URL parser has already turned every
// spelling of an IPv4 address (2130706433, 0x7f000001, 0177.0.0.1, 127.1)
// into dotted decimal; names are resolved here and every address they
// resolve to is checked, and the connection is then made to a checked address
// only, so a name that answers differently the second time (DNS rebinding)
// gains nothing. docs/decisions/012.

const IPV4_REFUSED: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network", and 0.0.0.0 itself, which reaches the local host
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, where cloud metadata services answer
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
]

const IPV6_REFUSED: Array<[string, number]> = [
  ['::', 96], // unspecified, loopback and the old IPv4-compatible addresses
  ['::ffff:0:0:0', 96], // IPv4-translated (SIIT), which a translator turns into the IPv4 address it carries
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 32], // Teredo, which tunnels to an IPv4 address of its own choosing
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // the old site-local
  ['ff00::', 8], // multicast
]

const refusedV4 = new net.BlockList()
for (const [address, prefix] of IPV4_REFUSED) refusedV4.addSubnet(address, prefix, 'ipv4')
const refusedV6 = new net.BlockList()
for (const [address, prefix] of IPV6_REFUSED) refusedV6.addSubnet(address, prefix, 'ipv6')

/** May a connector connect to this IP address (without brackets)? */
export function isPublicAddress(address: string): boolean {
  if (net.isIPv4(address)) return !refusedV4.check(address, 'ipv4')
  if (!net.isIPv6(address)) return false
  if (refusedV6.check(address, 'ipv6')) return false
  // An IPv6 address that carries an IPv4 one reaches that one: ::ffff:127.0.0.1, 64:ff9b::7f00:1, 2002:7f00:1::.
  const embedded = embeddedIPv4(hextets(address))
  return embedded === null || !refusedV4.check(embedded, 'ipv4')
}

/** The eight 16-bit groups of a valid IPv6 address. */
function hextets(address: string): number[] {
  let text = address.toLowerCase().split('%')[0]!
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(2).map(Number) as [number, number, number, number]
    text = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const first = head ? head.split(':') : []
  const last = tail ? tail.split(':') : []
  const groups = tail === undefined ? first : [...first, ...Array<string>(8 - first.length - last.length).fill('0'), ...last]
  return groups.map((group) => parseInt(group, 16))
}

function embeddedIPv4(h: number[]): string | null {
  const v4 = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.')
  const zeros = (from: number, to: number) => h.slice(from, to).every((group) => group === 0)
  if (zeros(0, 5) && h[5] === 0xffff) return v4(h[6]!, h[7]!) // IPv4-mapped
  if (h[0] === 0x64 && h[1] === 0xff9b && zeros(2, 6)) return v4(h[6]!, h[7]!) // NAT64
  if (h[0] === 0x2002) return v4(h[1]!, h[2]!) // 6to4
  return null
}

export type AllowedHost = { hostname: string; port: number | null }
export type Resolve = (hostname: string) => Promise<Array<{ address: string; family: number }>>

const systemResolve: Resolve = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true })

export type Destination = { ok: true; addresses: Array<{ address: string; family: number }> } | { ok: false; reason: 'refused' | 'unresolved' }

/**
 * The addresses a call to the URL may connect to, decided before anything is
 * sent: each one public, unless the operator allows this host (by name and
 * port) in the portal's configuration.
 */
export async function destinationOf(url: URL, opts: { allowedHosts: readonly AllowedHost[]; resolve?: Resolve }): Promise<Destination> {
  const port = Number(url.port || 443)
  const allowed = opts.allowedHosts.some((h) => h.hostname === url.hostname && (h.port === null || h.port === port))
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1')
  let addresses: Array<{ address: string; family: number }>
  if (net.isIP(hostname)) addresses = [{ address: hostname, family: net.isIP(hostname) }]
  else {
    try {
      addresses = await (opts.resolve ?? systemResolve)(hostname)
    } catch {
      return { ok: false, reason: 'unresolved' }
    }
  }
  if (addresses.length === 0) return { ok: false, reason: 'unresolved' }
  // Every address, not the first: the connection may try any of them.
  if (!allowed && !addresses.every((a) => isPublicAddress(a.address))) return { ok: false, reason: 'refused' }
  return { ok: true, addresses }
}

/**
 * A `lookup` for https.request that answers with the checked addresses and
 * asks no resolver again. Node calls it with `all: true` when it tries
 * several addresses in turn (autoSelectFamily), and without otherwise.
 */
export function pinnedLookup(addresses: Array<{ address: string; family: number }>): net.LookupFunction {
  return (_hostname, options, callback) => {
    const first = addresses[0]!
    if ((options as dns.LookupOptions).all) (callback as unknown as (error: null, addresses: dns.LookupAddress[]) => void)(null, addresses)
    else callback(null, first.address, first.family)
  }
}
