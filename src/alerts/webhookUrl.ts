import { InvalidInputError } from '../errors/input'

export type ValidateWebhookUrlOptions = {
  /** Local development only: allow `http://127.0.0.1:…` / `http://localhost:…` / `http://[::1]:…` receivers. */
  allowLoopbackHttp: boolean
}

export type ValidateWebhookUrlErrorType = InvalidInputError

/** Longest webhook URL accepted, before and after normalization. */
export const MAX_WEBHOOK_URL_LENGTH = 2048

/**
 * Checks a webhook URL before it is stored and again before every delivery attempt (SSRF guard), so
 * Solvent cannot be pointed at a private network, a cloud metadata service or itself.
 * Returns the normalized URL (WHATWG serialization) or throws BAD_USER_INPUT saying why.
 *
 * It is pure and resolves no names (Workers cannot resolve DNS). The host is judged as the WHATWG URL
 * parser normalizes it: decimal (`2130706433`), hex (`0x7f.0.0.1`), octal (`0177.0.0.1`), short (`127.1`),
 * percent-encoded, full-width and upper-case forms all become the dotted quad or lower-case name they
 * stand for, and IPv6 literals their compressed form, before any rule looks at them. What a pure check
 * cannot see (a public name whose DNS answer is private, DNS rebinding) is covered by the platform:
 * Cloudflare's edge refuses to fetch private, loopback and link-local ranges from a Worker, and the
 * delivery code never follows redirects (a 3xx is a failed attempt), so a public receiver cannot bounce
 * a delivery inward.
 *
 * Rules: https only; plain http only when `allowLoopbackHttp` is set and the host is loopback
 * (127.0.0.0/8, ::1, `localhost`, `*.localhost`); without it loopback is refused in any scheme. No
 * user name or password. Any port from 1 is accepted: every internal address is already refused, and a
 * public host's port is its owner's choice (a TLS handshake to a non-HTTPS service fails at once), so a
 * port deny-list would only break legitimate receivers on 8443 and the like.
 *
 * @example
 * validateWebhookUrl('https://HOOKS.example.com/x', { allowLoopbackHttp: false }) // 'https://hooks.example.com/x'
 * validateWebhookUrl('https://0x7f000001/', { allowLoopbackHttp: false }) // throws: 127.0.0.1 is a loopback address
 */
export function validateWebhookUrl(raw: string, options: ValidateWebhookUrlOptions): string {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) {
    throw new InvalidInputError(`The webhook URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters.`)
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InvalidInputError('The webhook URL is not a valid absolute URL.')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidInputError(`The webhook URL must use https (not ${url.protocol}).`)
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidInputError('The webhook URL must not carry a user name or password.')
  }
  if (url.port === '0') throw new InvalidInputError('The webhook URL cannot use port 0.')
  if (url.href.length > MAX_WEBHOOK_URL_LENGTH) {
    throw new InvalidInputError(`The webhook URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters once normalized.`)
  }

  const host = classifyHost(url.hostname)
  if (host.kind === 'forbidden') {
    throw new InvalidInputError(
      `The webhook URL's host ${url.hostname} is ${host.reason}; webhooks go only to public internet hosts.`,
    )
  }
  if (host.kind === 'loopback' && !options.allowLoopbackHttp) {
    throw new InvalidInputError(
      `The webhook URL's host ${url.hostname} is ${host.reason}; loopback receivers are allowed only in local development.`,
    )
  }
  if (url.protocol === 'http:' && host.kind !== 'loopback') {
    throw new InvalidInputError(
      'The webhook URL must use https (plain http only reaches loopback in local development).',
    )
  }
  return url.href
}

type HostClass = { kind: 'public' } | { kind: 'loopback'; reason: string } | { kind: 'forbidden'; reason: string }

const PUBLIC: HostClass = { kind: 'public' }

/** `hostname` as `URL` serializes it: a dotted quad, a bracketed compressed IPv6 literal or a lower-case name. */
function classifyHost(hostname: string): HostClass {
  if (hostname.startsWith('[')) {
    const ip = parseIpv6(hostname.slice(1, -1))
    return ip === null ? { kind: 'forbidden', reason: 'not a valid IPv6 address' } : classifyIpv6(ip)
  }
  const ipv4 = parseIpv4(hostname)
  if (ipv4 !== null) return classifyIpv4(ipv4)
  return classifyName(hostname)
}

// ---- IPv4 ----

/**
 * Ranges that are not public unicast (IANA IPv4 Special-Purpose Address Registry, RFC 6890, plus
 * multicast and reserved space). 127.0.0.0/8 is handled apart as loopback.
 */
const IPV4_FORBIDDEN: readonly (readonly [base: string, prefixLength: number, reason: string])[] = [
  ['0.0.0.0', 8, 'a "this network" address (0.0.0.0/8)'],
  ['10.0.0.0', 8, 'a private address (10.0.0.0/8)'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address (100.64.0.0/10)'],
  ['169.254.0.0', 16, 'a link-local address (169.254.0.0/16, where cloud metadata services answer)'],
  ['172.16.0.0', 12, 'a private address (172.16.0.0/12)'],
  ['192.0.0.0', 24, 'an IETF protocol assignment (192.0.0.0/24)'],
  ['192.0.2.0', 24, 'a documentation address (192.0.2.0/24)'],
  ['192.88.99.0', 24, 'a 6to4 relay anycast address (192.88.99.0/24)'],
  ['192.168.0.0', 16, 'a private address (192.168.0.0/16)'],
  ['198.18.0.0', 15, 'a benchmarking address (198.18.0.0/15)'],
  ['198.51.100.0', 24, 'a documentation address (198.51.100.0/24)'],
  ['203.0.113.0', 24, 'a documentation address (203.0.113.0/24)'],
  ['224.0.0.0', 4, 'a multicast address (224.0.0.0/4)'],
  ['255.255.255.255', 32, 'the broadcast address'],
  ['240.0.0.0', 4, 'a reserved address (240.0.0.0/4)'],
]

const IPV4_LOOPBACK = { base: ipv4Number(127, 0, 0, 0), prefixLength: 8 }

const ipv4Ranges = IPV4_FORBIDDEN.map(([base, prefixLength, reason]) => ({
  base: parseIpv4(base) ?? 0,
  prefixLength,
  reason,
}))

function classifyIpv4(ip: number): HostClass {
  if (inIpv4Range(ip, IPV4_LOOPBACK.base, IPV4_LOOPBACK.prefixLength)) {
    return { kind: 'loopback', reason: 'a loopback address (127.0.0.0/8)' }
  }
  const range = ipv4Ranges.find((r) => inIpv4Range(ip, r.base, r.prefixLength))
  return range ? { kind: 'forbidden', reason: range.reason } : PUBLIC
}

function inIpv4Range(ip: number, base: number, prefixLength: number): boolean {
  const shift = 32 - prefixLength
  return shift === 32 || ip >>> shift === base >>> shift
}

/** A canonical dotted quad (what `URL` produces for every IPv4 encoding) as an unsigned 32-bit number. */
function parseIpv4(text: string): number | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)
  if (!match) return null
  const octets = match.slice(1).map(Number)
  if (octets.some((octet) => octet > 255)) return null
  const [a = 0, b = 0, c = 0, d = 0] = octets
  return ipv4Number(a, b, c, d)
}

function ipv4Number(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0
}

function formatIpv4(ip: number): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.')
}

// ---- IPv6 ----

type Ipv6Rule = {
  base: bigint
  prefixLength: number
  /** Forbidden outright, or (for the ranges that carry an IPv4 address) judged by the embedded IPv4. */
  verdict: { reason: string } | { embeddedIpv4: (ip: bigint) => number; form: string }
}

const low32 = (ip: bigint) => Number(ip & 0xffff_ffffn)

/** Most specific first. Anything left outside 2000::/3 (the only global unicast space IANA allocates) is refused too. */
const IPV6_RULES: readonly Ipv6Rule[] = [
  { base: 0n, prefixLength: 128, verdict: { reason: 'the unspecified address (::)' } },
  { base: ipv6('::ffff:0:0'), prefixLength: 96, verdict: { embeddedIpv4: low32, form: 'an IPv4-mapped form' } },
  { base: 0n, prefixLength: 96, verdict: { reason: 'an IPv4-compatible address (::/96, deprecated)' } },
  { base: ipv6('::ffff:0:0:0'), prefixLength: 96, verdict: { reason: 'an IPv4-translated address (::ffff:0:0:0/96)' } },
  { base: ipv6('64:ff9b::'), prefixLength: 96, verdict: { embeddedIpv4: low32, form: 'a NAT64 form' } },
  { base: ipv6('64:ff9b:1::'), prefixLength: 48, verdict: { reason: 'a local-use NAT64 address (64:ff9b:1::/48)' } },
  { base: ipv6('100::'), prefixLength: 64, verdict: { reason: 'a discard-only address (100::/64)' } },
  {
    base: ipv6('2001::'),
    prefixLength: 23,
    verdict: { reason: 'an IETF protocol assignment (2001::/23, including Teredo 2001::/32)' },
  },
  { base: ipv6('2001:db8::'), prefixLength: 32, verdict: { reason: 'a documentation address (2001:db8::/32)' } },
  {
    base: ipv6('2002::'),
    prefixLength: 16,
    verdict: { embeddedIpv4: (ip) => Number((ip >> 80n) & 0xffff_ffffn), form: 'a 6to4 form' },
  },
  { base: ipv6('3fff::'), prefixLength: 20, verdict: { reason: 'a documentation address (3fff::/20)' } },
  { base: ipv6('5f00::'), prefixLength: 16, verdict: { reason: 'an SRv6 segment identifier (5f00::/16)' } },
  { base: ipv6('fc00::'), prefixLength: 7, verdict: { reason: 'a unique local address (fc00::/7)' } },
  { base: ipv6('fe80::'), prefixLength: 10, verdict: { reason: 'a link-local address (fe80::/10)' } },
  { base: ipv6('fec0::'), prefixLength: 10, verdict: { reason: 'a site-local address (fec0::/10, deprecated)' } },
  { base: ipv6('ff00::'), prefixLength: 8, verdict: { reason: 'a multicast address (ff00::/8)' } },
]

const IPV6_LOOPBACK = 1n
const GLOBAL_UNICAST = { base: ipv6('2000::'), prefixLength: 3 }

function classifyIpv6(ip: bigint): HostClass {
  if (ip === IPV6_LOOPBACK) return { kind: 'loopback', reason: 'the IPv6 loopback address (::1)' }
  for (const rule of IPV6_RULES) {
    if (!inIpv6Range(ip, rule.base, rule.prefixLength)) continue
    if ('reason' in rule.verdict) return { kind: 'forbidden', reason: rule.verdict.reason }
    // An IPv4 address in IPv6 clothing is judged as that IPv4 address; even loopback is refused here,
    // because no local receiver is reached this way by accident.
    const embedded = rule.verdict.embeddedIpv4(ip)
    const inner = classifyIpv4(embedded)
    return inner.kind === 'public'
      ? PUBLIC
      : { kind: 'forbidden', reason: `${rule.verdict.form} of ${formatIpv4(embedded)}, ${inner.reason}` }
  }
  if (!inIpv6Range(ip, GLOBAL_UNICAST.base, GLOBAL_UNICAST.prefixLength)) {
    return { kind: 'forbidden', reason: 'outside the global unicast range (2000::/3)' }
  }
  return PUBLIC
}

function inIpv6Range(ip: bigint, base: bigint, prefixLength: number): boolean {
  const shift = BigInt(128 - prefixLength)
  return ip >> shift === base >> shift
}

/** An IPv6 address without brackets as a 128-bit number; null when malformed. */
function parseIpv6(text: string): bigint | null {
  // A dotted IPv4 tail (`::ffff:1.2.3.4`) becomes two hex groups; `URL` never serializes one, but be exact.
  const lastColon = text.lastIndexOf(':')
  const last = text.slice(lastColon + 1)
  let hex = text
  if (last.includes('.')) {
    const ipv4 = parseIpv4(last)
    if (ipv4 === null) return null
    hex = `${text.slice(0, lastColon + 1)}${(ipv4 >>> 16).toString(16)}:${(ipv4 & 0xffff).toString(16)}`
  }
  const halves = hex.split('::')
  if (halves.length > 2) return null
  const head = halves[0] ? halves[0].split(':') : []
  const tail = halves[1] ? halves[1].split(':') : []
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]
  let value = 0n
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return null
    value = (value << 16n) | BigInt(Number.parseInt(group, 16))
  }
  return value
}

function ipv6(text: string): bigint {
  const value = parseIpv6(text)
  if (value === null) throw new Error(`Bad IPv6 constant ${text}`)
  return value
}

// ---- Names ----

/**
 * Suffixes that never resolve on the public internet: RFC 6761 special-use names (`localhost` is
 * loopback, handled apart), mDNS `.local`, `.home.arpa` and the rest of `.arpa`, ICANN's private-use
 * `.internal` (where `metadata.google.internal` lives), and the home/corporate names RFC 6762
 * appendix G lists.
 */
const PRIVATE_SUFFIXES = [
  'local',
  'internal',
  'arpa',
  'lan',
  'home',
  'corp',
  'intranet',
  'private',
  'localdomain',
  'test',
  'invalid',
] as const

function classifyName(hostname: string): HostClass {
  // `localhost.` and `localhost` are the same name; URL keeps the root dot, the rules below must not.
  const name = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname
  const labels = name.split('.')
  if (name === '' || labels.some((label) => label === '')) return { kind: 'forbidden', reason: 'not a valid host name' }
  if (name === 'localhost' || name.endsWith('.localhost')) {
    return { kind: 'loopback', reason: 'a loopback name (localhost)' }
  }
  if (labels.length === 1)
    return { kind: 'forbidden', reason: 'a single-label name, which resolves only on a local network' }
  const tld = labels.at(-1) ?? ''
  if ((PRIVATE_SUFFIXES as readonly string[]).includes(tld)) {
    return { kind: 'forbidden', reason: `a private-use name (.${tld} never resolves on the public internet)` }
  }
  for (const embedded of embeddedIpv4s(labels)) {
    const inner = classifyIpv4(embedded)
    if (inner.kind !== 'public') {
      return {
        kind: 'forbidden',
        reason: `a name that spells out ${formatIpv4(embedded)}, ${inner.reason} (wildcard DNS such as nip.io resolves it there)`,
      }
    }
  }
  return PUBLIC
}

/**
 * Every IPv4 address a name carries in plain sight, the ways wildcard DNS services (nip.io, sslip.io)
 * resolve one: four numeric labels in a row (`10.0.0.1.nip.io`), a dashed quad inside a label
 * (`app-10-0-0-1.sslip.io`), or eight hex digits as a label or a dash-separated part of one
 * (`0a000001.nip.io`, `app-a9fea9fe.nip.io`). All of them count, not the first: a service reads the
 * one nearest its own suffix, so `1.2.3.4.10.0.0.1.nip.io` must not pass on its public prefix. A
 * harmless name that happens to look like one (a label `deadbeef`) is judged by that address too:
 * refusing a rare public name is the safe error.
 */
function embeddedIpv4s(labels: readonly string[]): number[] {
  const found: number[] = []
  const add = (ip: number | null) => {
    if (ip !== null) found.push(ip)
  }
  for (let i = 0; i + 4 <= labels.length; i++) add(parseIpv4(labels.slice(i, i + 4).join('.')))
  for (const label of labels) {
    const parts = label.split('-')
    for (let i = 0; i + 4 <= parts.length; i++) add(parseIpv4(parts.slice(i, i + 4).join('.')))
    for (const part of parts) if (/^[0-9a-f]{8}$/.test(part)) add(Number.parseInt(part, 16))
  }
  return found
}
