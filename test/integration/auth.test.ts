/**
 * Sign-In with Ethereum, API keys and their limits, through the Worker's GraphQL API, with real
 * signatures (viem local accounts, anvil dev keys and fresh random keys), real D1 and the sandbox
 * anvil chain 31337 checking signatures (ERC-6492 deployless validator, EIP-1271 for the contract
 * wallet below).
 *
 * Every request goes through `fetchWith`, which awaits the Worker's `waitUntil` work (the
 * throttled `lastUsedAt` write), so the API's domain here is `api.solvent.test`. Each test asks
 * for nonces from its own client IP (`cf-connecting-ip`), so the per-IP nonce limit of one test
 * never spills into another.
 */
import { env } from 'cloudflare:workers'
import { createTestClient, getAddress, type Hex, http, type LocalAccount, publicActions } from 'viem'
import { generatePrivateKey, privateKeyToAccount, privateKeyToAddress } from 'viem/accounts'
import { createSiweMessage } from 'viem/siwe'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../src/alerts/ids'
import { KEY_LIMITS } from '../../src/auth/limits'
import { demoAccount } from '../harness/demoAccounts'
import { createTestKey } from '../helpers/apiKey'
import { codes, fetchWith, type GraphQLResponseBody } from '../helpers/graphql'

const DOMAIN = 'api.solvent.test'
const CHAIN_A = 31337
const healthy = privateKeyToAccount(demoAccount('healthy').privateKey)
const nearLiquidation = privateKeyToAccount(demoAccount('near-liquidation').privateKey)

const REQUEST_NONCE = 'mutation { requestNonce { nonce expiresAt domain uri chainIds } }'
const SIGN_IN = `mutation ($message: String!, $signature: String!, $label: String) {
  signIn(message: $message, signature: $signature, label: $label) {
    apiKey
    key { id owner prefix label chainId createdAt lastUsedAt revokedAt }
  }
}`
const ME = `{ me {
  address
  key { id owner prefix chainId lastUsedAt }
  apiKeys { id label createdAt revokedAt }
  limits { maxActiveKeysPerOwner maxWebhookEndpoints maxAlertSubscriptions maxRulesPerSubscription testEventsPerHour requestsPerMinute }
} }`
const REVOKE = 'mutation ($id: ID!) { revokeApiKey(id: $id) { id owner revokedAt } }'

type Nonce = { nonce: string; expiresAt: string; domain: string; uri: string; chainIds: number[] }
type ApiKeyView = {
  id: string
  owner: string
  prefix: string
  label: string | null
  chainId: number
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}
type SignInData = { signIn: { apiKey: string; key: ApiKeyView } }
type MeData = {
  me: {
    address: string
    key: Pick<ApiKeyView, 'id' | 'owner' | 'prefix' | 'chainId' | 'lastUsedAt'>
    apiKeys: Pick<ApiKeyView, 'id' | 'label' | 'createdAt' | 'revokedAt'>[]
    limits: Record<keyof typeof KEY_LIMITS, number>
  }
}

type Call = { headers?: Record<string, string>; vars?: Record<string, string> }

/** A GraphQL operation through the Worker's fetch handler, its background work awaited. */
async function gql<TData>(
  query: string,
  variables: Record<string, unknown> = {},
  { headers = {}, vars = {} }: Call = {},
) {
  const response = await fetchWith(vars as Partial<Env>, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  })
  return (await response.json()) as GraphQLResponseBody<TData>
}

let ips = 0
/** A client IP of its own (TEST-NET-2), so per-IP nonce limits never cross tests. */
const freshIp = () => ({ 'cf-connecting-ip': `198.51.100.${++ips}` })

async function requestNonce(call: Call = { headers: freshIp() }): Promise<Nonce> {
  const body = await gql<{ requestNonce: Nonce }>(REQUEST_NONCE, {}, call)
  if (!body.data?.requestNonce) throw new Error(`requestNonce failed: ${JSON.stringify(body.errors)}`)
  return body.data.requestNonce
}

type MessageFields = Partial<Parameters<typeof createSiweMessage>[0]>

/** The EIP-4361 message a wallet would build from `requestNonce`'s answer, with `fields` overriding. */
function siweMessage(address: `0x${string}`, { nonce, domain, uri }: Nonce, fields: MessageFields = {}): string {
  return createSiweMessage({
    address,
    domain,
    uri,
    version: '1',
    chainId: CHAIN_A,
    nonce,
    issuedAt: new Date(),
    statement: 'Sign in to Solvent.',
    ...fields,
  })
}

function signIn(message: string, signature: string, label?: string, call: Call = {}) {
  return gql<SignInData>(SIGN_IN, { message, signature, label }, call)
}

/** requestNonce → sign → signIn as `account`; returns the key. */
async function signInAs(account: LocalAccount, label?: string): Promise<SignInData['signIn']> {
  const message = siweMessage(account.address, await requestNonce())
  const body = await signIn(message, await account.signMessage({ message }), label)
  if (!body.data?.signIn) throw new Error(`signIn failed: ${JSON.stringify(body.errors)}`)
  return body.data.signIn
}

const bearer = (apiKey: string) => ({ headers: { authorization: `Bearer ${apiKey}` } })

async function countKeys(): Promise<number> {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM api_keys').first<{ n: number }>()
  return row?.n ?? 0
}

/** Every value of every D1 table, as one string. */
async function dumpDatabase(): Promise<string> {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>()
  const dumps = await Promise.all(
    tables.map(async ({ name }) => JSON.stringify((await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results)),
  )
  return dumps.join('\n')
}

describe('sign-in with Ethereum', () => {
  it('requestNonce → sign → signIn gives a key that works, is listed and is stored only as a hash', async () => {
    const before = Date.now()
    const nonce = await requestNonce()
    expect(nonce.nonce).toMatch(/^[0-9a-f]{32}$/)
    expect(nonce.domain).toBe(DOMAIN)
    expect(nonce.uri).toBe(`https://${DOMAIN}`)
    expect(nonce.chainIds).toEqual(expect.arrayContaining([1, CHAIN_A, 31338]))
    const ttlMs = Date.parse(nonce.expiresAt) - before
    expect(ttlMs).toBeGreaterThan(9.9 * 60_000)
    expect(ttlMs).toBeLessThanOrEqual(10 * 60_000 + 5_000)

    // The message names the address in lower case: the key's owner is still EIP-55.
    const message = siweMessage(healthy.address.toLowerCase() as `0x${string}`, nonce)
    const body = await signIn(message, await healthy.signMessage({ message }), 'laptop')
    expect(body.errors).toBeUndefined()
    const { apiKey, key } = body.data?.signIn ?? ({} as SignInData['signIn'])
    expect(apiKey).toMatch(/^slv_[0-9a-f]{64}$/)
    expect(key).toMatchObject({
      owner: healthy.address,
      prefix: apiKey.slice(0, 12),
      label: 'laptop',
      chainId: CHAIN_A,
      lastUsedAt: null,
      revokedAt: null,
    })
    expect(key.id).toMatch(/^key_[0-9a-f]{32}$/)

    const me = await gql<MeData>(ME, {}, bearer(apiKey))
    expect(me.errors).toBeUndefined()
    expect(me.data?.me).toMatchObject({
      address: healthy.address,
      key: { id: key.id, owner: healthy.address, prefix: key.prefix, chainId: CHAIN_A },
      limits: KEY_LIMITS,
    })
    expect(me.data?.me.apiKeys.map((k) => k.id)).toContain(key.id)

    // A second key of the same owner: both listed, newest first.
    const second = await signInAs(healthy, 'phone')
    const listed = await gql<MeData>(ME, {}, bearer(second.apiKey))
    const ids = listed.data?.me.apiKeys.map((k) => k.id) ?? []
    expect(ids.indexOf(second.key.id)).toBeLessThan(ids.indexOf(key.id))
    expect(ids.indexOf(key.id)).toBeGreaterThanOrEqual(0)

    // Only the hash is stored: the raw key (or its random part) appears nowhere in D1.
    const row = await env.DB.prepare('SELECT key_hash, prefix, owner FROM api_keys WHERE id = ?')
      .bind(key.id)
      .first<{ key_hash: string; prefix: string; owner: string }>()
    expect(row).toEqual({ key_hash: await sha256Hex(apiKey), prefix: apiKey.slice(0, 12), owner: healthy.address })
    const dump = await dumpDatabase()
    expect(dump).toContain(row?.key_hash)
    for (const raw of [apiKey, second.apiKey]) expect(dump).not.toContain(raw.slice(12))

    // The nonce is spent.
    const used = await env.DB.prepare('SELECT used_at_ms FROM siwe_nonces WHERE nonce = ?')
      .bind(nonce.nonce)
      .first<{ used_at_ms: number | null }>()
    expect(used?.used_at_ms).toBeGreaterThanOrEqual(before)
  })

  it('records lastUsedAt after a request, at most once a minute', async () => {
    const { apiKey, key } = await signInAs(healthy)
    const lastUsed = async () =>
      (
        await env.DB.prepare('SELECT last_used_at_ms AS at FROM api_keys WHERE id = ?')
          .bind(key.id)
          .first<{ at: number | null }>()
      )?.at ?? null
    expect(await lastUsed()).toBeNull()
    const before = Date.now()
    await gql<MeData>(ME, {}, bearer(apiKey))
    const first = await lastUsed()
    expect(first).toBeGreaterThanOrEqual(before)
    await gql<MeData>(ME, {}, bearer(apiKey))
    expect(await lastUsed()).toBe(first)
    const me = await gql<MeData>(ME, {}, bearer(apiKey))
    expect(Date.parse(me.data?.me.key.lastUsedAt ?? '')).toBe(first)
  })

  describe('refusals: UNAUTHENTICATED with a reason, and no key written', () => {
    const minutes = (n: number) => new Date(Date.now() + n * 60_000)
    const cases: [string, MessageFields, RegExp][] = [
      ['a wrong domain', { domain: 'evil.example' }, /domain "evil\.example", not this API \("api\.solvent\.test"\)/],
      ['an expired message', { issuedAt: minutes(-2), expirationTime: minutes(-1) }, /^The message expired at /],
      ['a stale issuedAt', { issuedAt: minutes(-11) }, /issued at .*, more than 10 minutes ago/],
      ['an issuedAt in the future', { issuedAt: minutes(5) }, /Issued At .* is in the future/],
      ['a notBefore in the future', { notBefore: minutes(5) }, /not valid before/],
      ['an unconfigured chain id', { chainId: 999_999 }, /Chain 999999 is not a chain this API signs in on/],
      ['an unknown nonce', { nonce: 'neverIssued1234' }, /nonce is unknown/],
    ]
    const reasons = new Map<string, string>()

    it.each(cases)('refuses %s', async (name, fields, reason) => {
      const message = siweMessage(healthy.address, await requestNonce(), fields)
      const keys = await countKeys()
      const body = await signIn(message, await healthy.signMessage({ message }))
      expect(codes(body)).toEqual(['UNAUTHENTICATED'])
      expect(body.data).toBeNull()
      expect(body.errors?.[0]?.message).toMatch(reason)
      reasons.set(name, body.errors?.[0]?.message ?? '')
      expect(await countKeys()).toBe(keys)
    })

    it('refuses a malformed message and a signature that is not hex', async () => {
      const keys = await countKeys()
      const malformed = await signIn('Please sign in, thanks', await healthy.signMessage({ message: 'x' }))
      expect(codes(malformed)).toEqual(['UNAUTHENTICATED'])
      expect(malformed.errors?.[0]?.message).toMatch(/not an EIP-4361 sign-in message/)
      reasons.set('malformed', malformed.errors?.[0]?.message ?? '')

      const message = siweMessage(healthy.address, await requestNonce())
      const notHex = await signIn(message, 'not a signature')
      expect(codes(notHex)).toEqual(['UNAUTHENTICATED'])
      expect(notHex.errors?.[0]?.message).toMatch(/not a 0x-prefixed hex string/)
      expect(await countKeys()).toBe(keys)
    })

    it('refuses a signature by another key, and the nonce is spent by that one attempt', async () => {
      const message = siweMessage(healthy.address, await requestNonce())
      const keys = await countKeys()
      const forged = await signIn(message, await nearLiquidation.signMessage({ message }))
      expect(codes(forged)).toEqual(['UNAUTHENTICATED'])
      expect(forged.errors?.[0]?.message).toMatch(
        new RegExp(`signature does not verify for ${healthy.address} on chain ${CHAIN_A}`),
      )
      reasons.set('bad signature', forged.errors?.[0]?.message ?? '')

      // The right signature cannot use the nonce the forged attempt consumed.
      const late = await signIn(message, await healthy.signMessage({ message }))
      expect(codes(late)).toEqual(['UNAUTHENTICATED'])
      expect(late.errors?.[0]?.message).toMatch(/nonce was already used/)
      expect(await countKeys()).toBe(keys)
    })

    it('refuses a replayed message: one nonce signs in once', async () => {
      const message = siweMessage(healthy.address, await requestNonce())
      const signature = await healthy.signMessage({ message })
      expect((await signIn(message, signature)).data?.signIn.key.owner).toBe(healthy.address)
      const keys = await countKeys()
      const replay = await signIn(message, signature)
      expect(codes(replay)).toEqual(['UNAUTHENTICATED'])
      expect(replay.errors?.[0]?.message).toMatch(/nonce was already used/)
      reasons.set('replay', replay.errors?.[0]?.message ?? '')
      expect(await countKeys()).toBe(keys)
    })

    it('lets exactly one of two concurrent sign-ins with the same message through', async () => {
      const message = siweMessage(healthy.address, await requestNonce())
      const signature = await healthy.signMessage({ message })
      const keys = await countKeys()
      const results = await Promise.all([signIn(message, signature), signIn(message, signature)])
      expect(results.filter((body) => body.data?.signIn).length).toBe(1)
      expect(results.flatMap((body) => body.errors?.map((error) => error.message) ?? [])).toEqual([
        expect.stringMatching(/nonce was already used/),
      ])
      expect(await countKeys()).toBe(keys + 1)
    })

    it('refuses an expired nonce', async () => {
      const nonce = await requestNonce()
      await env.DB.prepare('UPDATE siwe_nonces SET expires_at_ms = ? WHERE nonce = ?')
        .bind(Date.now() - 1, nonce.nonce)
        .run()
      const message = siweMessage(healthy.address, nonce)
      const body = await signIn(message, await healthy.signMessage({ message }))
      expect(codes(body)).toEqual(['UNAUTHENTICATED'])
      expect(body.errors?.[0]?.message).toMatch(/nonce expired/)
      reasons.set('expired nonce', body.errors?.[0]?.message ?? '')
    })

    it('gave each refusal its own message', () => {
      expect(reasons.size).toBe(cases.length + 4)
      expect(new Set(reasons.values()).size).toBe(reasons.size)
    })
  })

  it('refuses a label longer than 64 characters as BAD_USER_INPUT', async () => {
    const message = siweMessage(healthy.address, await requestNonce())
    const body = await signIn(message, await healthy.signMessage({ message }), 'x'.repeat(65))
    expect(codes(body)).toEqual(['BAD_USER_INPUT'])
  })
})

describe('revokeApiKey', () => {
  it(`caps an address at ${KEY_LIMITS.maxActiveKeysPerOwner} active keys per chain (every other limit is per key)`, async () => {
    const owner = privateKeyToAccount(generatePrivateKey())
    for (let i = 0; i < KEY_LIMITS.maxActiveKeysPerOwner - 1; i++) await createTestKey(owner.address)
    const last = await signInAs(owner, 'last')
    const message = siweMessage(owner.address, await requestNonce())
    const refused = await signIn(message, await owner.signMessage({ message }))
    expect(codes(refused)).toEqual(['RATE_LIMITED'])
    // Revoking one frees a slot.
    await gql(REVOKE, { id: last.key.id }, bearer(last.apiKey))
    await signInAs(owner, 'again')
  })

  it('revokes a key of the same owner at once; another owner’s key is NOT_FOUND', async () => {
    const a = await signInAs(healthy, 'a')
    const b = await signInAs(healthy, 'b')
    const other = await createTestKey(nearLiquidation.address)

    const revoked = await gql<{ revokeApiKey: ApiKeyView }>(REVOKE, { id: b.key.id }, bearer(a.apiKey))
    expect(revoked.errors).toBeUndefined()
    expect(revoked.data?.revokeApiKey).toMatchObject({ id: b.key.id, owner: healthy.address })
    const revokedAt = revoked.data?.revokeApiKey.revokedAt
    expect(Date.parse(revokedAt ?? '')).toBeGreaterThan(0)

    expect(codes(await gql(ME, {}, bearer(b.apiKey)))).toEqual(['UNAUTHENTICATED'])
    const me = await gql<MeData>(ME, {}, bearer(a.apiKey))
    expect(me.data?.me.apiKeys.find((k) => k.id === b.key.id)?.revokedAt).toBe(revokedAt)
    expect(me.data?.me.apiKeys.find((k) => k.id === a.key.id)?.revokedAt).toBeNull()

    // Revoking again keeps the first revocation time.
    const again = await gql<{ revokeApiKey: ApiKeyView }>(REVOKE, { id: b.key.id }, bearer(a.apiKey))
    expect(again.data?.revokeApiKey.revokedAt).toBe(revokedAt)

    // Another owner's key, and an id that does not exist, answer alike; the other key keeps working.
    for (const id of [other.id, 'key_0000']) {
      const refused = await gql(REVOKE, { id }, bearer(a.apiKey))
      expect(codes(refused)).toEqual(['NOT_FOUND'])
    }
    expect((await gql<MeData>(ME, {}, { headers: other.headers })).data?.me.address).toBe(nearLiquidation.address)
    expect(codes(await gql(REVOKE, { id: a.key.id }))).toEqual(['UNAUTHENTICATED'])
  })
})

describe('rate limits', () => {
  it('limits nonce requests per client IP (SIWE_NONCES_PER_MINUTE) with retryAfterSeconds', async () => {
    const call = { headers: freshIp(), vars: { SIWE_NONCES_PER_MINUTE: '3' } }
    const bodies = []
    for (let i = 0; i < 7; i++) bodies.push(await gql<{ requestNonce: Nonce }>(REQUEST_NONCE, {}, call))
    // A minute boundary can split the seven into two windows, but never lets more than three per window pass.
    for (const body of bodies.slice(0, 3)) expect(body.errors).toBeUndefined()
    const refused = bodies.slice(3).filter((body) => body.errors)
    expect(refused.length).toBeGreaterThanOrEqual(1)
    for (const body of refused) {
      expect(codes(body)).toEqual(['RATE_LIMITED'])
      const retryAfter = body.errors?.[0]?.extensions?.retryAfterSeconds as number
      expect(retryAfter).toBeGreaterThanOrEqual(1)
      expect(retryAfter).toBeLessThanOrEqual(60)
    }
    // Another IP is not affected.
    const other = await gql<{ requestNonce: Nonce }>(REQUEST_NONCE, {}, { ...call, headers: freshIp() })
    expect(other.errors).toBeUndefined()
  })

  it('limits requests per key per minute (KEY_LIMITS.requestsPerMinute)', async () => {
    const { id, headers } = await createTestKey()
    expect((await gql<MeData>(ME, {}, { headers })).errors).toBeUndefined()
    // Fill this minute's window and the next (should the minute turn before the request) to the limit.
    const windowStart = Date.now() - (Date.now() % 60_000)
    for (const start of [windowStart, windowStart + 60_000]) {
      await env.DB.prepare(
        'INSERT INTO rate_limit_windows (bucket, window_start_ms, count) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET count = excluded.count',
      )
        .bind(`${id}:requests`, start, KEY_LIMITS.requestsPerMinute)
        .run()
    }
    const body = await gql<MeData>(ME, {}, { headers })
    expect(codes(body)).toEqual(['RATE_LIMITED'])
    expect(body.errors?.[0]?.message).toMatch(/^Too many requests for this API key; retry in \d+ s\.$/)
    expect(body.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1)
    // Another key is not affected.
    expect((await gql<MeData>(ME, {}, { headers: (await createTestKey()).headers })).errors).toBeUndefined()
  })
})

/**
 * Runtime bytecode of a minimal EIP-1271 contract wallet: `isValidSignature(bytes32 hash, bytes
 * signature)` answers the magic value 0x1626ba7e when `signature` is a 65-byte ECDSA signature (r, s,
 * v) of `hash` by `owner`, and 0xffffffff otherwise; any other call reverts. There is no solc here and
 * no compiled wallet in node_modules, so it is written by hand, one opcode per line:
 *
 * ```
 * off  bytes        opcode                 effect (stack top first)
 * 00   60 00        PUSH1 0x00
 * 02   35           CALLDATALOAD           [calldata[0..32]]
 * 03   60 e0        PUSH1 0xe0
 * 05   1c           SHR                    [selector]
 * 06   63 1626ba7e  PUSH4 0x1626ba7e       isValidSignature(bytes32,bytes)
 * 0b   14           EQ
 * 0c   60 13        PUSH1 0x13
 * 0e   57           JUMPI                  to 0x13 when the selector matches
 * 0f   60 00        PUSH1 0x00
 * 11   80           DUP1
 * 12   fd           REVERT                 any other call: revert(0, 0)
 * 13   5b           JUMPDEST               ecrecover input at memory 0x00: hash, v, r, s
 * 14   60 04        PUSH1 0x04
 * 16   35           CALLDATALOAD           [hash]
 * 17   60 00        PUSH1 0x00
 * 19   52           MSTORE                 mem[0x00] = hash
 * 1a   60 24        PUSH1 0x24
 * 1c   35           CALLDATALOAD           [ABI offset of `signature`, from 0x04]
 * 1d   60 04        PUSH1 0x04
 * 1f   01           ADD                    [p] = where the signature's length word is
 * 20   80           DUP1                   [p, p]
 * 21   60 20        PUSH1 0x20
 * 23   01           ADD
 * 24   35           CALLDATALOAD           [r, p]
 * 25   60 40        PUSH1 0x40
 * 27   52           MSTORE                 mem[0x40] = r; [p]
 * 28   80           DUP1
 * 29   60 40        PUSH1 0x40
 * 2b   01           ADD
 * 2c   35           CALLDATALOAD           [s, p]
 * 2d   60 60        PUSH1 0x60
 * 2f   52           MSTORE                 mem[0x60] = s; [p]
 * 30   80           DUP1
 * 31   60 60        PUSH1 0x60
 * 33   01           ADD
 * 34   35           CALLDATALOAD           [word starting with v, p]
 * 35   60 00        PUSH1 0x00
 * 37   1a           BYTE                   [v, p] (its first byte)
 * 38   60 20        PUSH1 0x20
 * 3a   52           MSTORE                 mem[0x20] = v; [p]
 * 3b   35           CALLDATALOAD           [signature length]
 * 3c   60 41        PUSH1 0x41
 * 3e   14           EQ
 * 3f   15           ISZERO
 * 40   60 7d        PUSH1 0x7d
 * 42   57           JUMPI                  not 65 bytes: to 0x7d (invalid)
 * 43   60 20        PUSH1 0x20             retSize
 * 45   60 80        PUSH1 0x80             retOffset
 * 47   60 80        PUSH1 0x80             argsSize
 * 49   60 00        PUSH1 0x00             argsOffset
 * 4b   60 01        PUSH1 0x01             the ecrecover precompile
 * 4d   5a           GAS
 * 4e   fa           STATICCALL             mem[0x80] = signer (left 0 for a bad signature)
 * 4f   50           POP                    the success flag
 * 50   60 80        PUSH1 0x80
 * 52   51           MLOAD                  [signer]
 * 53   73 <owner>   PUSH20 owner
 * 68   14           EQ
 * 69   15           ISZERO
 * 6a   60 7d        PUSH1 0x7d
 * 6c   57           JUMPI                  not the owner: to 0x7d (invalid)
 * 6d   63 1626ba7e  PUSH4 0x1626ba7e
 * 72   60 e0        PUSH1 0xe0
 * 74   1b           SHL                    bytes4 magic, left-aligned as ABI returns it
 * 75   60 00        PUSH1 0x00
 * 77   52           MSTORE
 * 78   60 20        PUSH1 0x20
 * 7a   60 00        PUSH1 0x00
 * 7c   f3           RETURN                 return(0, 32): valid
 * 7d   5b           JUMPDEST
 * 7e   63 ffffffff  PUSH4 0xffffffff
 * 83   60 e0        PUSH1 0xe0
 * 85   1b           SHL
 * 86   60 00        PUSH1 0x00
 * 88   52           MSTORE
 * 89   60 20        PUSH1 0x20
 * 8b   60 00        PUSH1 0x00
 * 8d   f3           RETURN                 return(0, 32): not valid
 * ```
 */
function ownerWalletRuntime(owner: `0x${string}`): Hex {
  const code = [
    '6000 35 60e0 1c 631626ba7e 14 6013 57 6000 80 fd',
    '5b 6004 35 6000 52',
    '6024 35 6004 01',
    '80 6020 01 35 6040 52',
    '80 6040 01 35 6060 52',
    '80 6060 01 35 6000 1a 6020 52',
    '35 6041 14 15 607d 57',
    '6020 6080 6080 6000 6001 5a fa 50',
    `6080 51 73${owner.slice(2).toLowerCase()} 14 15 607d 57`,
    '631626ba7e 60e0 1b 6000 52 6020 6000 f3',
    '5b 63ffffffff 60e0 1b 6000 52 6020 6000 f3',
  ]
    .join('')
    .replaceAll(' ', '')
  if (code.length / 2 !== 0x8e) throw new Error(`wallet bytecode is ${code.length / 2} bytes, expected 0x8e`)
  return `0x${code}`
}

describe('smart accounts (EIP-1271) on the sandbox chain', () => {
  /**
   * A contract wallet at a fresh random address, owned by a fresh random key. `anvil_setCode` puts
   * the runtime code in place without a transaction, at an address nothing else reads, so the other
   * test files reading Aave on this chain (each pinned to its own block) see nothing change, and no
   * demo or dev account is touched.
   */
  async function deployWallet(): Promise<{ wallet: `0x${string}`; owner: LocalAccount }> {
    const rpcUrl = (JSON.parse(env.RPC_URLS ?? '{}') as Record<string, string[]>)[String(CHAIN_A)]?.[0]
    if (!rpcUrl) throw new Error('RPC_URLS has no sandbox chain A')
    const owner = privateKeyToAccount(generatePrivateKey())
    const wallet = privateKeyToAddress(generatePrivateKey())
    const anvil = createTestClient({ mode: 'anvil', transport: http(rpcUrl) }).extend(publicActions)
    await anvil.setCode({ address: wallet, bytecode: ownerWalletRuntime(owner.address) })
    expect(await anvil.getCode({ address: wallet })).toBe(ownerWalletRuntime(owner.address))
    return { wallet, owner }
  }

  it("signs in as a contract wallet with its owner's signature, and refuses anyone else's", async () => {
    const { wallet, owner } = await deployWallet()

    const message = siweMessage(wallet, await requestNonce())
    const body = await signIn(message, await owner.signMessage({ message }), 'multisig')
    expect(body.errors).toBeUndefined()
    expect(body.data?.signIn.key).toMatchObject({ owner: getAddress(wallet), chainId: CHAIN_A, label: 'multisig' })
    const me = await gql<MeData>(ME, {}, bearer(body.data?.signIn.apiKey ?? ''))
    expect(me.data?.me.address).toBe(getAddress(wallet))

    const keys = await countKeys()
    const stranger = siweMessage(wallet, await requestNonce())
    const refused = await signIn(stranger, await healthy.signMessage({ message: stranger }))
    expect(codes(refused)).toEqual(['UNAUTHENTICATED'])
    expect(refused.errors?.[0]?.message).toMatch(/signature does not verify/)
    expect(await countKeys()).toBe(keys)
  })
})

describe('chain outage during verification', () => {
  // Port 9 (discard) on loopback: nothing listens, connections are refused at once.
  const deadChain = { RPC_URLS: JSON.stringify({ [CHAIN_A]: ['http://127.0.0.1:9'] }) }

  it('is UPSTREAM_UNAVAILABLE when the signature needs the chain, while EOA signatures still verify offline', async () => {
    const call = { headers: freshIp(), vars: deadChain }
    const keys = await countKeys()
    const message = siweMessage(healthy.address, await requestNonce(call))
    const body = await signIn(message, await nearLiquidation.signMessage({ message }), undefined, call)
    expect(codes(body)).toEqual(['UPSTREAM_UNAVAILABLE'])
    expect(body.errors?.[0]?.message).toBe(`Chain ${CHAIN_A} did not answer.`)
    expect(await countKeys()).toBe(keys)

    // An EOA's own signature needs no chain: viem falls back to ECDSA recovery.
    const ok = siweMessage(healthy.address, await requestNonce(call))
    const signedIn = await signIn(ok, await healthy.signMessage({ message: ok }), undefined, call)
    expect(signedIn.errors).toBeUndefined()
    expect(signedIn.data?.signIn.key.owner).toBe(healthy.address)
  })
})
