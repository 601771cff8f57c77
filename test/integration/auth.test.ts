/**
 * Sign-In with Ethereum, API keys and their limits, through the Worker's GraphQL API, with real
 * signatures (viem local accounts, anvil dev keys and fresh random keys), real D1 and the sandbox
 * anvil chain 31337 checking signatures (ERC-6492 deployless validator, EIP-1271 for the contract
 * wallet below: test/harness/wallets/OwnedWallet.sol, compiled by solc in the global setup, whose
 * owner changes, and its CREATE2 factory for counterfactual accounts).
 *
 * Every request goes through `fetchWith`, which awaits the Worker's `waitUntil` work (the
 * throttled `lastUsedAt` write), so the API's domain here is `api.solvent.test`. Each test asks
 * for nonces from its own client IP (`cf-connecting-ip`), so the per-IP nonce limit of one test
 * never spills into another.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import {
  type Address,
  concat,
  createTestClient,
  encodeAbiParameters,
  encodeFunctionData,
  getAddress,
  getContractAddress,
  type Hex,
  http,
  type LocalAccount,
  pad,
  publicActions,
  serializeErc6492Signature,
  toHex,
  verifyMessage,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount, privateKeyToAddress } from 'viem/accounts'
import { createSiweMessage } from 'viem/siwe'
import { describe, expect, inject, it } from 'vitest'
import { sha256Hex } from '../../src/alerts/ids'
import { KEY_LIMITS } from '../../src/auth/limits'
import { WALLET_KEY_REVALIDATION_INTERVAL_MS } from '../../src/auth/revalidateWalletKey'
import { revalidateWalletKeys } from '../../src/cron/revalidateWalletKeys'
import { createDatabase } from '../../src/db/client'
import worker from '../../src/index'
import { demoAccount } from '../harness/demoAccounts'
import type { WalletArtifacts } from '../harness/wallets/compileWallets'
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

/** From a client IP of its own by default, so the per-IP limit on signature checks never crosses tests. */
function signIn(message: string, signature: string, label?: string, call: Call = { headers: freshIp() }) {
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

    it("refuses a garbage signature on someone else's pending nonce, and leaves the nonce to its owner", async () => {
      const message = siweMessage(healthy.address, await requestNonce())
      const keys = await countKeys()
      // Whoever saw the message tries it with another key's signature, then with 65 random bytes.
      const forged = await signIn(message, await nearLiquidation.signMessage({ message }))
      expect(codes(forged)).toEqual(['UNAUTHENTICATED'])
      expect(forged.errors?.[0]?.message).toMatch(
        new RegExp(`signature does not verify for ${healthy.address} on chain ${CHAIN_A}; the nonce is still usable`),
      )
      reasons.set('bad signature', forged.errors?.[0]?.message ?? '')
      const garbage = await signIn(message, toHex(crypto.getRandomValues(new Uint8Array(65))))
      expect(codes(garbage)).toEqual(['UNAUTHENTICATED'])
      expect(garbage.errors?.[0]?.message).toMatch(/signature does not verify/)
      expect(await countKeys()).toBe(keys)
      const nonce = /Nonce: (\w+)/.exec(message)?.[1]
      const stored = await env.DB.prepare('SELECT used_at_ms FROM siwe_nonces WHERE nonce = ?')
        .bind(nonce)
        .first<{ used_at_ms: number | null }>()
      expect(stored).toEqual({ used_at_ms: null })

      // The owner's own signature still signs in with that nonce, once.
      const signature = await healthy.signMessage({ message })
      const owned = await signIn(message, signature)
      expect(owned.errors).toBeUndefined()
      expect(owned.data?.signIn.key.owner).toBe(healthy.address)
      expect(await countKeys()).toBe(keys + 1)
      expect(codes(await signIn(message, signature))).toEqual(['UNAUTHENTICATED'])
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

    it('lets exactly one of three concurrent valid sign-ins through, whatever garbage races them', async () => {
      const message = siweMessage(healthy.address, await requestNonce())
      const signature = await healthy.signMessage({ message })
      const forged = await nearLiquidation.signMessage({ message })
      const keys = await countKeys()
      const results = await Promise.all([
        signIn(message, forged),
        signIn(message, signature),
        signIn(message, forged),
        signIn(message, signature),
        signIn(message, signature),
      ])
      expect(results.filter((body) => body.data?.signIn).length).toBe(1)
      expect([0, 2].map((i) => results[i]?.errors?.[0]?.message)).toEqual([
        expect.stringMatching(/signature does not verify|nonce was already used/),
        expect.stringMatching(/signature does not verify|nonce was already used/),
      ])
      expect([1, 3, 4].flatMap((i) => results[i]?.errors?.map((error) => error.message) ?? [])).toEqual([
        expect.stringMatching(/nonce was already used/),
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

  it('limits signature checks per client IP (as many as nonces), without spending the nonce', async () => {
    const vars = { SIWE_NONCES_PER_MINUTE: '3' }
    const message = siweMessage(healthy.address, await requestNonce())
    const forged = await nearLiquidation.signMessage({ message })
    const attacker = { headers: freshIp(), vars }
    const bodies = []
    for (let i = 0; i < 7; i++) bodies.push(await signIn(message, forged, undefined, attacker))
    // A minute boundary can split the seven into two windows, but never lets more than three per window be checked.
    for (const body of bodies.slice(0, 3)) expect(body.errors?.[0]?.message).toMatch(/signature does not verify/)
    const limited = bodies.slice(3).filter((body) => codes(body)[0] === 'RATE_LIMITED')
    expect(limited.length).toBeGreaterThanOrEqual(1)
    expect(limited[0]?.errors?.[0]?.message).toMatch(/Too many sign-in attempts from this IP address/)
    expect(limited[0]?.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1)
    // The owner, from its own IP, still signs in with the nonce the attacker hammered.
    const owned = await signIn(message, await healthy.signMessage({ message }), undefined, { headers: freshIp(), vars })
    expect(owned.data?.signIn.key.owner).toBe(healthy.address)
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

const walletArtifacts = JSON.parse(inject('walletArtifacts')) as WalletArtifacts

const rpcUrlA = (): string => {
  const url = (JSON.parse(env.RPC_URLS ?? '{}') as Record<string, string[]>)[String(CHAIN_A)]?.[0]
  if (!url) throw new Error('RPC_URLS has no sandbox chain A')
  return url
}
const anvil = () => createTestClient({ mode: 'anvil', transport: http(rpcUrlA()) }).extend(publicActions)

/** `owner` as the 32-byte word of storage slot 0, where OwnedWallet keeps it. */
const ownerSlot = (owner: Address) => pad(owner.toLowerCase() as Hex, { size: 32 })

type WalletKeyColumns = {
  revoked_at_ms: number | null
  revoked_reason: string | null
  sign_in_message: string | null
  sign_in_signature: string | null
  wallet_validated_at_ms: number | null
}
const walletColumns = (id: string) =>
  env.DB.prepare(
    'SELECT revoked_at_ms, revoked_reason, sign_in_message, sign_in_signature, wallet_validated_at_ms FROM api_keys WHERE id = ?',
  )
    .bind(id)
    .first<WalletKeyColumns>()

/** The cron's re-validation step as the tick at `nowMs` runs it. */
const revalidateAt = (nowMs: number) => revalidateWalletKeys({ env, db: createDatabase(env.DB), nowMs })

/** The whole cron tick at `scheduledTime`, as the trigger runs it. */
async function tick(scheduledTime: number): Promise<void> {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime }), env, ctx)
  await waitOnExecutionContext(ctx)
}

const CREATE_ENDPOINT = 'mutation ($url: String!) { createWebhookEndpoint(url: $url) { endpoint { id } secret } }'
const countEndpoints = async () =>
  (await env.DB.prepare('SELECT count(*) AS n FROM webhook_endpoints').first<{ n: number }>())?.n ?? 0

describe('smart accounts (EIP-1271, ERC-6492) on the sandbox chain', () => {
  /**
   * An OwnedWallet (test/harness/wallets, compiled with solc) at a fresh random address, owned by a fresh
   * random key. `anvil_setCode` and `anvil_setStorageAt` put it in place without a transaction, at an
   * address nothing else reads, so the other test files reading Aave on this chain (each pinned to its own
   * block) see no new block, and no demo or dev account is touched.
   */
  async function placeWallet(): Promise<{ wallet: Address; owner: LocalAccount }> {
    const owner = privateKeyToAccount(generatePrivateKey())
    const wallet = privateKeyToAddress(generatePrivateKey())
    await anvil().setCode({ address: wallet, bytecode: walletArtifacts.wallet.deployedBytecode })
    await changeOwner(wallet, owner.address)
    return { wallet, owner }
  }

  /** What `transferOwnership` writes (slot 0), without mining a block; read back through `owner()`. */
  async function changeOwner(wallet: Address, owner: Address): Promise<void> {
    const client = anvil()
    await client.setStorageAt({ address: wallet, index: 0, value: ownerSlot(owner) })
    const abi = walletArtifacts.wallet.abi
    expect(await client.readContract({ address: wallet, abi, functionName: 'owner' })).toBe(owner)
  }

  /** Signs in as `wallet` with `owner`'s signature; the key. */
  async function signInAsWallet(wallet: Address, owner: LocalAccount, label?: string) {
    const message = siweMessage(wallet, await requestNonce())
    const body = await signIn(message, await owner.signMessage({ message }), label)
    if (!body.data?.signIn) throw new Error(`signIn failed: ${JSON.stringify(body.errors)}`)
    return { ...body.data.signIn, message }
  }

  it("signs in as a contract wallet with its owner's signature, refuses anyone else's, and keeps what re-validation needs", async () => {
    const { wallet, owner } = await placeWallet()
    const before = Date.now()
    const { apiKey, key, message } = await signInAsWallet(wallet, owner, 'multisig')
    expect(key).toMatchObject({ owner: getAddress(wallet), chainId: CHAIN_A, label: 'multisig' })
    const me = await gql<MeData>(ME, {}, bearer(apiKey))
    expect(me.data?.me.address).toBe(getAddress(wallet))
    const stored = await walletColumns(key.id)
    expect(stored).toMatchObject({ revoked_at_ms: null, revoked_reason: null, sign_in_message: message })
    expect(await verifyMessage({ address: owner.address, message, signature: stored?.sign_in_signature as Hex })).toBe(
      true,
    )
    expect(stored?.wallet_validated_at_ms).toBeGreaterThanOrEqual(before)

    // An EOA's key keeps nothing: its ECDSA signature stays valid for good.
    const eoa = await signInAs(healthy)
    expect(await walletColumns(eoa.key.id)).toEqual({
      revoked_at_ms: null,
      revoked_reason: null,
      sign_in_message: null,
      sign_in_signature: null,
      wallet_validated_at_ms: null,
    })

    const keys = await countKeys()
    const stranger = siweMessage(wallet, await requestNonce())
    const refused = await signIn(stranger, await healthy.signMessage({ message: stranger }))
    expect(codes(refused)).toEqual(['UNAUTHENTICATED'])
    expect(refused.errors?.[0]?.message).toMatch(/signature does not verify/)
    expect(await countKeys()).toBe(keys)
  })

  it(`re-validates contract-wallet keys every ${WALLET_KEY_REVALIDATION_INTERVAL_MS / 60_000} minutes in the cron, and revokes one whose wallet changed owner`, async () => {
    const { wallet, owner } = await placeWallet()
    const { apiKey, key } = await signInAsWallet(wallet, owner)
    const signedInAt = (await walletColumns(key.id))?.wallet_validated_at_ms ?? 0
    const eoa = await signInAs(healthy)

    // Not due before the interval has passed.
    const early = await revalidateAt(signedInAt + WALLET_KEY_REVALIDATION_INTERVAL_MS - 1)
    expect((await walletColumns(key.id))?.wallet_validated_at_ms).toBe(signedInAt)
    expect(early.revoked).toBe(0)

    // Due: the wallet still accepts the signature, and says so again.
    const due = signedInAt + WALLET_KEY_REVALIDATION_INTERVAL_MS
    const accepted = await revalidateAt(due)
    expect(accepted).toMatchObject({ revoked: 0, unavailable: 0 })
    expect(accepted.accepted).toBeGreaterThanOrEqual(1)
    expect((await walletColumns(key.id))?.wallet_validated_at_ms).toBe(due)
    expect((await gql<MeData>(ME, {}, bearer(apiKey))).errors).toBeUndefined()

    // The owner hands the wallet to someone else: the old owner's signature no longer stands, and the
    // next tick that finds the key due (the whole cron tick, as the trigger runs it) revokes the key.
    await changeOwner(wallet, privateKeyToAddress(generatePrivateKey()))
    await tick(due + WALLET_KEY_REVALIDATION_INTERVAL_MS)
    const revoked = await walletColumns(key.id)
    expect(revoked).toMatchObject({
      revoked_at_ms: due + WALLET_KEY_REVALIDATION_INTERVAL_MS,
      revoked_reason: 'wallet-refused',
    })
    const me = await gql<MeData>(ME, {}, bearer(apiKey))
    expect(codes(me)).toEqual(['UNAUTHENTICATED'])

    // The EOA key was never asked about, and works.
    expect(await walletColumns(eoa.key.id)).toMatchObject({ revoked_at_ms: null, wallet_validated_at_ms: null })
    expect((await gql<MeData>(ME, {}, bearer(eoa.apiKey))).errors).toBeUndefined()
  })

  it('re-validates before every alerts write, and refuses the write once the wallet changed owner', async () => {
    const { wallet, owner } = await placeWallet()
    const { apiKey, key } = await signInAsWallet(wallet, owner)
    const created = await gql<{ createWebhookEndpoint: { endpoint: { id: string } } }>(
      CREATE_ENDPOINT,
      { url: 'https://hooks.example.com/solvent' },
      bearer(apiKey),
    )
    expect(created.errors).toBeUndefined()
    const afterWrite = (await walletColumns(key.id))?.wallet_validated_at_ms ?? 0

    // The chain cannot be asked: the write is refused (unknown whether the key still speaks for the
    // wallet), nothing is written and the key is left as it was.
    const endpoints = await countEndpoints()
    const deadChain = { RPC_URLS: JSON.stringify({ [CHAIN_A]: ['http://127.0.0.1:9'] }) }
    const unavailable = await gql(
      CREATE_ENDPOINT,
      { url: 'https://hooks.example.com/2' },
      { ...bearer(apiKey), vars: deadChain },
    )
    expect(codes(unavailable)).toEqual(['UPSTREAM_UNAVAILABLE'])
    expect(await countEndpoints()).toBe(endpoints)
    expect(await walletColumns(key.id)).toMatchObject({ revoked_at_ms: null, wallet_validated_at_ms: afterWrite })

    // Minutes before the cron would look again, the owner changes: the next write is refused at once.
    await changeOwner(wallet, privateKeyToAddress(generatePrivateKey()))
    const refused = await gql(CREATE_ENDPOINT, { url: 'https://hooks.example.com/3' }, bearer(apiKey))
    expect(codes(refused)).toEqual(['UNAUTHENTICATED'])
    expect(refused.errors?.[0]?.message).toMatch(/no longer accepts the signature this API key was created with/)
    expect(await countEndpoints()).toBe(endpoints)
    expect(await walletColumns(key.id)).toMatchObject({ revoked_reason: 'wallet-refused' })
    const deleteOld = `mutation { deleteWebhookEndpoint(id: "${created.data?.createWebhookEndpoint.endpoint.id}") }`
    expect(codes(await gql(deleteOld, {}, bearer(apiKey)))).toEqual(['UNAUTHENTICATED'])
    expect(await countEndpoints()).toBe(endpoints)
  })

  describe('ERC-6492: a counterfactual account, its factory on chain, the account not deployed', () => {
    /** An OwnedWalletFactory at a fresh random address (runtime code: it has no constructor or immutables). */
    async function placeFactory(): Promise<Address> {
      const factory = privateKeyToAddress(generatePrivateKey())
      await anvil().setCode({ address: factory, bytecode: walletArtifacts.factory.deployedBytecode })
      return factory
    }

    /** The address `factory.createAccount(owner, salt)` deploys to (CREATE2) and the call that does it. */
    function counterfactual(factory: Address, owner: Address, salt: Hex) {
      const initCode = concat([walletArtifacts.wallet.bytecode, encodeAbiParameters([{ type: 'address' }], [owner])])
      return {
        address: getContractAddress({ opcode: 'CREATE2', from: factory, salt, bytecode: initCode }),
        factoryData: encodeFunctionData({
          abi: walletArtifacts.factory.abi,
          functionName: 'createAccount',
          args: [owner, salt],
        }),
      }
    }

    it('signs in with a wrapped signature, keeps the account undeployed, and re-validates it', async () => {
      const factory = await placeFactory()
      const owner = privateKeyToAccount(generatePrivateKey())
      const salt = toHex(crypto.getRandomValues(new Uint8Array(32)))
      const account = counterfactual(factory, owner.address, salt)
      expect(await anvil().getCode({ address: account.address })).toBeUndefined()

      const message = siweMessage(account.address, await requestNonce())
      const signature = serializeErc6492Signature({
        address: factory,
        data: account.factoryData,
        signature: await owner.signMessage({ message }),
      })
      const body = await signIn(message, signature, 'counterfactual')
      expect(body.errors).toBeUndefined()
      const key = body.data?.signIn.key
      expect(key).toMatchObject({ owner: account.address, chainId: CHAIN_A, label: 'counterfactual' })
      // Verified inside an eth_call: the account is still not deployed.
      expect(await anvil().getCode({ address: account.address })).toBeUndefined()
      const stored = await walletColumns(key?.id ?? '')
      expect(stored).toMatchObject({ sign_in_message: message, sign_in_signature: signature })

      // The cron asks again through the same factory call, and the account still accepts it.
      const due = (stored?.wallet_validated_at_ms ?? 0) + WALLET_KEY_REVALIDATION_INTERVAL_MS
      await revalidateAt(due)
      expect(await walletColumns(key?.id ?? '')).toMatchObject({ revoked_at_ms: null, wallet_validated_at_ms: due })
    })

    it("refuses a wrapped signature whose factory call deploys someone else's account", async () => {
      const factory = await placeFactory()
      const owner = privateKeyToAccount(generatePrivateKey())
      const salt = toHex(crypto.getRandomValues(new Uint8Array(32)))
      const victim = counterfactual(factory, privateKeyToAddress(generatePrivateKey()), salt)
      const own = counterfactual(factory, owner.address, salt)
      const keys = await countKeys()

      const message = siweMessage(victim.address, await requestNonce())
      const inner = await owner.signMessage({ message })
      for (const data of [own.factoryData, victim.factoryData]) {
        const body = await signIn(message, serializeErc6492Signature({ address: factory, data, signature: inner }))
        expect(codes(body)).toEqual(['UNAUTHENTICATED'])
        expect(body.errors?.[0]?.message).toMatch(/signature does not verify/)
      }
      expect(await countKeys()).toBe(keys)
    })
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
