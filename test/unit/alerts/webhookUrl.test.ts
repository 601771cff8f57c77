import { describe, expect, it } from 'vitest'
import { validateWebhookUrl } from '../../../src/alerts/webhookUrl'
import { InvalidInputError } from '../../../src/errors/input'

const production = { allowLoopbackHttp: false }
const localDev = { allowLoopbackHttp: true }

/** The refusal of `url`: a BAD_USER_INPUT InvalidInputError, whose message is returned. */
function refusal(url: string, options = production): string {
  let error: unknown
  try {
    validateWebhookUrl(url, options)
  } catch (e) {
    error = e
  }
  expect(error, `${url} should be refused`).toBeInstanceOf(InvalidInputError)
  expect((error as InvalidInputError).code).toBe('BAD_USER_INPUT')
  return (error as InvalidInputError).shortMessage
}

type Target = readonly [url: string, reason: RegExp]

/** Loopback in every encoding URL knows: refused in production (any scheme); local dev may use it. */
const loopback: readonly Target[] = [
  ['https://127.0.0.1/', /127\.0\.0\.1 is a loopback address/],
  ['https://127.255.255.254/x', /loopback/],
  ['https://2130706433/', /127\.0\.0\.1 is a loopback address/], // decimal
  ['https://0x7f000001/', /127\.0\.0\.1 is a loopback/], // hex, one part
  ['https://0x7f.0.0.1/', /127\.0\.0\.1 is a loopback/], // hex, dotted
  ['https://0177.0.0.1/', /127\.0\.0\.1 is a loopback/], // octal
  ['https://127.1/', /127\.0\.0\.1 is a loopback/], // short form
  ['https://0x7f.1/', /127\.0\.0\.1 is a loopback/], // short hex
  ['https://%31%32%37.0.0.1/', /127\.0\.0\.1 is a loopback/], // percent-encoded
  ['https://127\u30020\u30020\u30021/', /127\.0\.0\.1 is a loopback/], // ideographic full stops
  ['https://127.0.0.1./', /127\.0\.0\.1 is a loopback/], // trailing dot
  ['https://[::1]/', /::1\] is the IPv6 loopback/],
  ['https://[0:0:0:0:0:0:0:1]/', /IPv6 loopback/],
  ['https://localhost/', /loopback name/],
  ['https://LOCALHOST./hook', /loopback name/], // upper case + trailing dot
  ['https://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/', /loopback name/], // full-width letters
  ['https://api.localhost/', /loopback name/],
]

/** Refused whatever the setting, each with what the refusal must say. */
const forbidden: readonly Target[] = [
  // private, CGNAT, link-local and metadata
  ['https://10.0.0.1/', /private address \(10\.0\.0\.0\/8\)/],
  ['https://10.255.255.255:8443/hook', /10\.0\.0\.0\/8/],
  ['https://167772161/', /10\.0\.0\.1 is a private address/], // decimal 10.0.0.1
  ['https://172.16.0.1/', /172\.16\.0\.0\/12/],
  ['https://172.31.255.255/', /172\.16\.0\.0\/12/],
  ['https://0xac.0x10.0.1/', /172\.16\.0\.1 is a private/],
  ['https://192.168.1.1/', /192\.168\.0\.0\/16/],
  ['https://0xc0a80101/', /192\.168\.1\.1 is a private/],
  ['https://100.64.0.1/', /carrier-grade NAT/],
  ['https://100.127.255.254/', /carrier-grade NAT/],
  ['https://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address.*metadata/],
  ['https://0251.0376.0251.0376/', /169\.254\.169\.254 is a link-local/], // octal metadata
  ['https://2852039166/', /169\.254\.169\.254 is a link-local/], // decimal metadata
  ['https://metadata.google.internal/computeMetadata/v1/', /\.internal never resolves/],
  ['https://METADATA.GOOGLE.INTERNAL./computeMetadata/v1/', /\.internal never resolves/],
  ['https://100.100.100.200/', /carrier-grade NAT/], // Alibaba Cloud metadata
  ['https://192.0.0.192/', /192\.0\.0\.0\/24/], // Oracle Cloud metadata
  // special-purpose IPv4
  ['https://0.0.0.0/', /this network/],
  ['https://0/', /0\.0\.0\.0 is a "this network"/],
  ['https://192.0.2.10/', /documentation/],
  ['https://198.51.100.7/', /documentation/],
  ['https://203.0.113.9/', /documentation/],
  ['https://198.18.0.1/', /benchmarking/],
  ['https://198.19.255.1/', /benchmarking/],
  ['https://224.0.0.1/', /multicast/],
  ['https://239.255.255.250/', /multicast/],
  ['https://240.0.0.1/', /reserved/],
  ['https://255.255.255.255/', /broadcast/],
  ['https://4294967295/', /broadcast/],
  // IPv6 local ranges
  ['https://[::]/', /unspecified/],
  ['https://[fc00::1]/', /unique local/],
  ['https://[fd12:3456:789a::1]/', /unique local/],
  ['https://[FE80::1]/', /link-local address \(fe80::\/10\)/],
  ['https://[febf:ffff::1]/', /link-local/],
  ['https://[fec0::1]/', /site-local/],
  ['https://[ff02::1]/', /multicast/],
  ['https://[2001:db8::1]/', /documentation/],
  ['https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', /Teredo/],
  ['https://[100::1]/', /discard-only/],
  ['https://[64:ff9b:1::a00:1]/', /local-use NAT64/],
  ['https://[3fff::1]/', /documentation/],
  ['https://[4000::1]/', /global unicast/],
  // IPv4 addresses in IPv6 clothing
  ['https://[::ffff:127.0.0.1]/', /IPv4-mapped form of 127\.0\.0\.1, a loopback/],
  ['https://[::ffff:7f00:1]/', /IPv4-mapped form of 127\.0\.0\.1/],
  ['https://[0:0:0:0:0:ffff:a9fe:a9fe]/', /IPv4-mapped form of 169\.254\.169\.254, a link-local/],
  ['https://[::ffff:10.0.0.1]/', /IPv4-mapped form of 10\.0\.0\.1/],
  ['https://[::127.0.0.1]/', /IPv4-compatible/],
  ['https://[::ffff:0:a00:1]/', /IPv4-translated/],
  ['https://[64:ff9b::192.168.1.1]/', /NAT64 form of 192\.168\.1\.1, a private/],
  ['https://[64:ff9b::7f00:1]/', /NAT64 form of 127\.0\.0\.1/],
  ['https://[2002:a00:1::]/', /6to4 form of 10\.0\.0\.1, a private/],
  ['https://[2002:a9fe:a9fe::1]/', /6to4 form of 169\.254\.169\.254/],
  // private-use and single-label names, and names that spell out a private address
  ['https://printer.local/', /\.local never resolves/],
  ['https://router.lan/', /\.lan never resolves/],
  ['https://nas.home.arpa/', /\.arpa never resolves/],
  ['https://1.0.0.10.in-addr.arpa/', /\.arpa never resolves/],
  ['https://db.corp/', /\.corp never resolves/],
  ['https://intranet/', /single-label/],
  ['https://metadata/', /single-label/],
  ['https://10.0.0.1.nip.io/', /spells out 10\.0\.0\.1, a private address/],
  ['https://app.127.0.0.1.sslip.io/', /spells out 127\.0\.0\.1/],
  ['https://app-192-168-0-1.sslip.io/', /spells out 192\.168\.0\.1/],
  ['https://169-254-169-254.nip.io/', /spells out 169\.254\.169\.254/],
  ['https://app-0a000001.nip.io/', /spells out 10\.0\.0\.1/], // nip.io's hex form
  ['https://a9fea9fe.nip.io/', /spells out 169\.254\.169\.254/],
  ['https://1.2.3.4.10.0.0.1.nip.io/', /spells out 10\.0\.0\.1/], // a public quad first does not hide the private one
  ['https://8-8-8-8-192-168-1-1.sslip.io/', /spells out 192\.168\.1\.1/],
  // scheme, credentials and shape
  ['http://hooks.example.com/x', /must use https/], // plain http to a public host
  ['http://93.184.216.34/', /must use https/],
  ['ftp://hooks.example.com/x', /must use https \(not ftp:\)/],
  ['javascript:alert(1)', /must use https \(not javascript:\)/],
  ['data:text/plain,hi', /must use https/],
  ['file:///etc/passwd', /must use https/],
  ['ws://hooks.example.com/', /must use https/],
  ['https://user:pass@hooks.example.com/x', /user name or password/],
  ['https://user@hooks.example.com/x', /user name or password/],
  ['https://hooks.example.com%2F@10.0.0.1/', /user name or password/],
  ['https://hooks.example.com:0/', /port 0/],
  ['https://hooks..example.com/', /not a valid host name/],
  ['https://.example.com/', /not a valid host name/],
  ['https://example.com../', /not a valid host name/],
  ['/relative/path', /not a valid absolute URL/],
  ['hooks.example.com/x', /not a valid absolute URL/],
  ['https://[fe80::1%25eth0]/', /not a valid absolute URL/], // zone ids are not URLs
  ['https://127.0.0.1.5/', /not a valid absolute URL/],
  ['https://4294967296/', /not a valid absolute URL/],
  [`https://hooks.example.com/${'a'.repeat(2048)}`, /longer than 2048/],
]

describe('validateWebhookUrl: forbidden targets', () => {
  it('covers well over 30 targets', () => {
    expect(loopback.length + forbidden.length).toBeGreaterThan(90)
  })

  it.each([...loopback, ...forbidden])('refuses %s', (url, reason) => {
    expect(refusal(url, production)).toMatch(reason)
  })

  it.each(forbidden)('refuses %s even with loopback allowed for local dev', (url, reason) => {
    expect(refusal(url, localDev)).toMatch(reason)
  })

  it.each(loopback)('accepts loopback %s when local dev allows it', (url) => {
    expect(validateWebhookUrl(url, localDev)).toMatch(/^https:\/\/(?:127\.|\[::1\]|localhost|api\.localhost)/)
  })
})

describe('validateWebhookUrl: loopback receivers in local development', () => {
  it('accepts http and https to loopback only when allowed', () => {
    expect(validateWebhookUrl('http://127.0.0.1:1234/x', localDev)).toBe('http://127.0.0.1:1234/x')
    expect(validateWebhookUrl('http://localhost:8787/hook', localDev)).toBe('http://localhost:8787/hook')
    expect(validateWebhookUrl('http://[::1]:9000/', localDev)).toBe('http://[::1]:9000/')
    expect(validateWebhookUrl('https://127.0.0.1:8443/', localDev)).toBe('https://127.0.0.1:8443/')
    expect(refusal('http://127.0.0.1:1234/x', production)).toMatch(/loopback receivers are allowed only in local/)
    expect(refusal('http://[::1]:9000/', production)).toMatch(/loopback/)
  })

  it('normalizes an encoded loopback like the literal one, so the dev setting sees through encodings too', () => {
    expect(validateWebhookUrl('http://2130706433:1234/x', localDev)).toBe('http://127.0.0.1:1234/x')
  })

  it('still refuses every non-loopback private address, and http to a public host', () => {
    expect(refusal('http://10.0.0.1/', localDev)).toMatch(/private/)
    expect(refusal('http://[::ffff:127.0.0.1]/', localDev)).toMatch(/IPv4-mapped/)
    expect(refusal('http://hooks.example.com/', localDev)).toMatch(/must use https/)
  })
})

describe('validateWebhookUrl: allowed targets', () => {
  const allowed: readonly (readonly [url: string, normalized: string])[] = [
    ['https://hooks.example.com/x', 'https://hooks.example.com/x'],
    ['https://HOOKS.Example.COM/x?y=1', 'https://hooks.example.com/x?y=1'],
    ['https://hooks.example.com.:443/x', 'https://hooks.example.com./x'],
    ['https://hooks.example.com:8443/x', 'https://hooks.example.com:8443/x'],
    ['https://93.184.216.34/', 'https://93.184.216.34/'],
    ['https://1.1.1.1/hook', 'https://1.1.1.1/hook'],
    ['https://[2606:4700::1111]/', 'https://[2606:4700::1111]/'],
    ['https://[2606:4700:0:0:0:0:0:1111]/', 'https://[2606:4700::1111]/'],
    ['https://[::ffff:93.184.216.34]/', 'https://[::ffff:5db8:d822]/'], // mapped public IPv4
    ['https://[64:ff9b::5db8:d822]/', 'https://[64:ff9b::5db8:d822]/'], // NAT64 of a public IPv4
    ['https://[2002:5db8:d822::1]/', 'https://[2002:5db8:d822::1]/'], // 6to4 of a public IPv4
    ['https://172.32.0.1/', 'https://172.32.0.1/'], // just past 172.16/12
    ['https://100.128.0.1/', 'https://100.128.0.1/'], // just past 100.64/10
    ['https://93.184.216.34.nip.io/', 'https://93.184.216.34.nip.io/'], // spells out a public address
    ['https://v1-2-3.example.com/', 'https://v1-2-3.example.com/'],
    ['https://xn--bcher-kva.example/', 'https://xn--bcher-kva.example/'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
    ['  https://hooks.example.com/a b  ', 'https://hooks.example.com/a%20b'],
  ]

  it.each(allowed)('accepts %s as %s', (url, normalized) => {
    expect(validateWebhookUrl(url, production)).toBe(normalized)
    expect(validateWebhookUrl(url, localDev)).toBe(normalized)
  })

  it('accepts a URL of exactly 2048 characters', () => {
    const url = `https://hooks.example.com/${'a'.repeat(2048 - 'https://hooks.example.com/'.length)}`
    expect(url).toHaveLength(2048)
    expect(validateWebhookUrl(url, production)).toBe(url)
  })

  it('is idempotent: a normalized URL validates to itself (it is checked again before each delivery)', () => {
    for (const [url] of allowed) {
      const normalized = validateWebhookUrl(url, production)
      expect(validateWebhookUrl(normalized, production)).toBe(normalized)
    }
  })
})
