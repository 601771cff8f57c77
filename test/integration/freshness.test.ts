/**
 * Numbers you can trust when the world misbehaves, end to end on a private copy of the sandbox chains
 * (the real Aave v3 contracts, a PriceOracleSentinel on chain B), through the GraphQL API and the cron:
 * a feed older than its heartbeat, a zero price, a chain that stops producing blocks, the sequencer down
 * and then within its grace period, a hung primary RPC (a lagging provider, counted request by request:
 * test/node/chains/failover.test.ts; every provider down: account.test.ts). Each case asserts the
 * source's status and reason, and that the cron holds the alert rule (no firing on stale data). The
 * Aave figures equal `Pool.getUserAccountData` at the block the answer names, to the wei.
 */
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { decodeFunctionResult, encodeFunctionData, type Hex, parseAbi } from 'viem'
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { newId } from '../../src/alerts/ids'
import { evaluateSubscriptions } from '../../src/cron/evaluateSubscriptions'
import { createDatabase } from '../../src/db/client'
import { getRulesOf } from '../../src/db/queries/alertSubscriptions'
import { alertSubscriptions, webhookEndpoints } from '../../src/db/schema'
import { demoAccount } from '../harness/demoAccounts'
import { createTestKey } from '../helpers/apiKey'
import { post, postWith } from '../helpers/graphql'
import { jsonRpc } from '../helpers/jsonRpc'
import { receiverInbox } from '../helpers/receiver'

type FaultChains = {
  rpcUrls: Record<string, string[]>
  /** Per chain id, per reserve symbol: the reserve's price feed. */
  feeds: Record<string, Record<string, Hex>>
  /** Chain B's SequencerOracle and its owner. */
  sequencer: { chainId: number; oracle: Hex; owner: Hex; gracePeriodSec: number }
  /** A loopback RPC endpoint that never answers. */
  hungUrl: string
}

const fault = JSON.parse(inject('faultChains')) as FaultChains
const db = createDatabase(env.DB)
const near = demoAccount('near-liquidation').address
const everywhere = demoAccount('everywhere').address
const urlA = fault.rpcUrls['31337']?.[0] as string
const urlB = fault.rpcUrls['31338']?.[0] as string
const baseEnv: Partial<Env> = { RPC_URLS: JSON.stringify(fault.rpcUrls) }
const freshness = (chains: Record<string, unknown>) => JSON.stringify({ chains })

const rpc = jsonRpc

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function latestBlock(url: string): Promise<{ number: bigint; timestamp: number }> {
  const block = await rpc<{ number: Hex; timestamp: Hex }>(url, 'eth_getBlockByNumber', ['latest', false])
  return { number: BigInt(block.number), timestamp: Number(BigInt(block.timestamp)) }
}

/** Sends a transaction from an unlocked dev account and waits for its receipt (a hang backstop, not a speed limit). */
async function send(url: string, from: Hex, to: Hex, data: Hex): Promise<void> {
  const hash = await rpc<Hex>(url, 'eth_sendTransaction', [{ from, to, data, gas: '0x100000' }])
  for (let i = 0; i < 3000; i++) {
    const receipt = await rpc<{ status: Hex } | null>(url, 'eth_getTransactionReceipt', [hash])
    if (receipt) {
      if (receipt.status !== '0x1') throw new Error(`transaction ${hash} reverted`)
      return
    }
    await sleep(100)
  }
  throw new Error(`transaction ${hash} was never mined`)
}

const sequencerAbi = parseAbi(['function setAnswer(bool isDown, uint256 timestamp)'])
async function setSequencer(up: boolean, sinceSec: number): Promise<void> {
  const data = encodeFunctionData({ abi: sequencerAbi, functionName: 'setAnswer', args: [!up, BigInt(sinceSec)] })
  await send(urlB, fault.sequencer.owner, fault.sequencer.oracle, data)
}

const word = (value: bigint) => `0x${value.toString(16).padStart(64, '0')}`
/** The sandbox feed keeps its answer in slot 0 and a frozen `updatedAt` in slot 1 (0: live, follows the block). */
const feedOf = (chainId: number, symbol: string) => fault.feeds[String(chainId)]?.[symbol] as Hex
const getAnswer = async (url: string, feed: Hex) =>
  BigInt(await rpc<Hex>(url, 'eth_getStorageAt', [feed, '0x0', 'latest']))
const setAnswer = (url: string, feed: Hex, raw: bigint) => rpc(url, 'anvil_setStorageAt', [feed, '0x0', word(raw)])
const freeze = (url: string, feed: Hex, updatedAtSec: number) =>
  rpc(url, 'anvil_setStorageAt', [feed, '0x1', word(BigInt(updatedAtSec))])

const poolAbi = parseAbi([
  'function getUserAccountData(address user) view returns (uint256 totalCollateralBase, uint256 totalDebtBase, uint256 availableBorrowsBase, uint256 currentLiquidationThreshold, uint256 ltv, uint256 healthFactor)',
])
/** The Pool's own health factor for `user` at `blockNumber`, as an 18-decimal string. */
async function poolHealthFactor(url: string, pool: Hex, user: Hex, blockNumber: bigint): Promise<string> {
  const data = encodeFunctionData({ abi: poolAbi, functionName: 'getUserAccountData', args: [user] })
  const raw = await rpc<Hex>(url, 'eth_call', [{ to: pool, data }, `0x${blockNumber.toString(16)}`])
  const [, , , , , healthFactor] = decodeFunctionResult({ abi: poolAbi, functionName: 'getUserAccountData', data: raw })
  const digits = healthFactor.toString().padStart(19, '0')
  return `${digits.slice(0, -18)}.${digits.slice(-18)}`.replace(/\.?0+$/, '')
}

type Reason = { code: string; asset: string | null; ageSeconds: number | null; limitSeconds: number | null }
type SourceView = {
  chainId: number | null
  status: string
  errorCode: string | null
  blockNumber: string | null
  blockTimestamp: string | null
  computedAt: string | null
  reasons: Reason[]
  feeds: { asset: string; state: string; heartbeatSeconds: number }[]
  sequencer: { up: boolean; gracePeriodSeconds: number; liquidationsAllowed: boolean } | null
}
type MarginAccountView = {
  chainId: number
  stale: boolean
  blockNumber: string
  computedAt: string
  blockTimestamp: string
  healthFactor: { kind: string; value: string | null }
  staleReasons: { code: string }[]
}
type AccountView = {
  account: {
    summary: { complete: boolean; stale: boolean }
    marginAccounts: { nodes: MarginAccountView[] }
    sources: SourceView[]
  }
}

const QUERY = `query ($a: String!) { account(address: $a, maxAgeSeconds: 0, protocols: ["aave-v3"]) {
  summary { complete stale }
  marginAccounts { nodes { chainId stale blockNumber blockTimestamp computedAt healthFactor { kind value } staleReasons { code } } }
  sources { chainId status errorCode blockNumber blockTimestamp computedAt reasons { code asset ageSeconds limitSeconds }
    feeds { asset state heartbeatSeconds } sequencer { up gracePeriodSeconds liquidationsAllowed } } } }`

async function ask(address: string, vars: Partial<Env> = {}) {
  const { status, body } = await postWith<AccountView>({ ...baseEnv, ...vars }, QUERY, { a: address })
  expect(status).toBe(200)
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
  return body.data?.account as AccountView['account']
}
const sourceOn = (account: AccountView['account'], chainId: number) =>
  account.sources.find((source) => source.chainId === chainId) as SourceView

// ---- the cron: a rule that would fire (health factor under 1.2) is held instead while data is not current.

const secret = `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))))}`

async function watch(address: `0x${string}`): Promise<string> {
  const key = await createTestKey(address)
  const endpointId = newId('ep')
  const nowMs = Date.now()
  await db.insert(webhookEndpoints).values({
    id: endpointId,
    keyId: key.id,
    url: receiverInbox(`freshness-${endpointId}`).url,
    secret,
    status: 'active',
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  })
  const { body } = await post<{ createAlertSubscription: { id: string } }>(
    `mutation ($input: CreateAlertSubscriptionInput!) { createAlertSubscription(input: $input) { id } }`,
    {
      headers: key.headers,
      variables: {
        input: {
          endpointId,
          addresses: [address],
          protocols: ['aave-v3'],
          rules: [{ kind: 'HEALTH_FACTOR_BELOW', threshold: '10', cooldownSeconds: 0 }],
        },
      },
    },
  )
  expect(body.errors).toBeUndefined()
  return body.data?.createAlertSubscription.id as string
}

/** One cron tick with `vars`: the subscription is held (no firing, rule untouched) and its reason names `code`. */
async function expectHeld(subscriptionId: string, vars: Partial<Env>, code: string): Promise<void> {
  const report = await evaluateSubscriptions({
    env: { ...env, ...baseEnv, ...vars } as Env,
    db,
    nowMs: Date.now(),
    // A subscription just evaluated is not due for a minute: evaluate it again now.
    everySubscription: true,
  })
  expect(report).toMatchObject({ subscriptions: 1, skipped: 1, fired: 0 })
  expect(await getRulesOf(db, [subscriptionId])).toMatchObject([{ state: 'armed', sequence: 0 }])
  const [row] = await db.select().from(alertSubscriptions).where(eq(alertSubscriptions.id, subscriptionId))
  expect(row?.dataUnavailableSinceMs).not.toBeNull()
  expect(row?.dataUnavailableReason).toContain(code)
}

beforeAll(async () => {
  // A block at the wall clock on both chains, so that the first reads are current.
  for (const url of [urlA, urlB]) await rpc(url, 'evm_mine', [])
})

afterEach(async () => {
  await db.update(alertSubscriptions).set({ status: 'paused' })
})

// Tests wait for blocks (a chain's 2 s interval, a chain left to age): the timeout is a hang backstop only.
describe('freshness on the sandbox chains', { timeout: 300_000 }, () => {
  it('states one time for every figure: the block, its timestamp and computedAt agree, and equal the Pool at that block', async () => {
    const account = await ask(everywhere)
    expect(account.summary).toEqual({ complete: true, stale: false })
    for (const node of account.marginAccounts.nodes) {
      expect(node.stale).toBe(false)
      expect(node.computedAt).toBe(node.blockTimestamp)
      const source = sourceOn(account, node.chainId)
      expect(source).toMatchObject({ status: 'OK', reasons: [], blockNumber: node.blockNumber })
      expect(source.computedAt).toBe(node.computedAt)
      const url = node.chainId === 31337 ? urlA : urlB
      const pool = await poolOf(url)
      expect(node.healthFactor.value).toBe(await poolHealthFactor(url, pool, everywhere, BigInt(node.blockNumber)))
    }
  })

  it('flags a feed older than its heartbeat ORACLE_STALE, and holds the alert rule', async () => {
    const feed = feedOf(31337, 'WETH')
    const { timestamp } = await latestBlock(urlA)
    await freeze(urlA, feed, timestamp - 600)
    try {
      // The default heartbeat (24 h) accepts a 10-minute-old answer; a 5-minute one for this feed does not.
      expect(sourceOn(await ask(near), 31337).status).toBe('OK')
      const vars = { FRESHNESS: freshness({ 31337: { feeds: { [feed]: 300 } } }) }
      const source = sourceOn(await ask(near, vars), 31337)
      expect(source.status).toBe('STALE')
      expect(source.reasons).toEqual([
        expect.objectContaining({ code: 'ORACLE_STALE', asset: 'WETH', limitSeconds: 300 }),
      ])
      expect(source.reasons[0]?.ageSeconds).toBeGreaterThanOrEqual(600)
      expect(source.feeds).toContainEqual({ asset: 'WETH', state: 'STALE', heartbeatSeconds: 300 })
      await expectHeld(await watch(near), vars, 'ORACLE_STALE')
    } finally {
      await freeze(urlA, feed, 0)
    }
  })

  it('flags a feed answering zero ORACLE_INVALID, never a price of 0, and holds the alert rule', async () => {
    const feed = feedOf(31337, 'WETH')
    const answer = await getAnswer(urlA, feed)
    await setAnswer(urlA, feed, 0n)
    try {
      const account = await ask(near)
      const source = sourceOn(account, 31337)
      // The Pool cannot price WETH: nothing new to serve (the last read, if any, is served STALE).
      expect(['ERROR', 'STALE']).toContain(source.status)
      expect(source.reasons).toContainEqual(expect.objectContaining({ code: 'ORACLE_INVALID', asset: 'WETH' }))
      expect(account.summary.complete && !account.summary.stale).toBe(false)
      await expectHeld(await watch(near), {}, 'ORACLE_INVALID')
    } finally {
      await setAnswer(urlA, feed, answer)
    }
  })

  it('flags a chain that stops producing blocks CHAIN_BEHIND once its block is older than the limit, and holds the rule', async () => {
    const vars = { FRESHNESS: freshness({ 31337: { maxBlockAgeSeconds: 2 } }) }
    await rpc(urlA, 'evm_setIntervalMining', [0])
    try {
      const stopped = await latestBlock(urlA)
      // Wait until the chain's last block is past the limit: a wait for a condition, bounded as a hang backstop.
      for (let i = 0; i < 600 && Math.floor(Date.now() / 1000) - stopped.timestamp <= 3; i++) await sleep(100)
      const source = sourceOn(await ask(near, vars), 31337)
      expect(source.status).toBe('STALE')
      expect(source.blockNumber).toBe(String(stopped.number))
      expect(source.reasons).toEqual([expect.objectContaining({ code: 'CHAIN_BEHIND', limitSeconds: 2 })])
      await expectHeld(await watch(near), vars, 'CHAIN_BEHIND')
    } finally {
      await rpc(urlA, 'evm_setIntervalMining', [2])
    }
  })

  it('reports the sequencer down, then within its grace period, with liquidations disabled, and holds the rule', async () => {
    const { timestamp } = await latestBlock(urlB)
    await setSequencer(false, timestamp)
    try {
      const down = sourceOn(await ask(everywhere), 31338)
      expect(down).toMatchObject({ status: 'STALE', sequencer: { up: false, liquidationsAllowed: false } })
      expect(down.reasons.map((reason) => reason.code)).toEqual(['SEQUENCER_DOWN'])
      const subscription = await watch(everywhere)
      await expectHeld(subscription, {}, 'SEQUENCER_DOWN')

      await setSequencer(true, timestamp)
      const grace = sourceOn(await ask(everywhere), 31338)
      expect(grace).toMatchObject({
        status: 'STALE',
        sequencer: { up: true, gracePeriodSeconds: fault.sequencer.gracePeriodSec, liquidationsAllowed: false },
      })
      expect(grace.reasons).toEqual([
        expect.objectContaining({ code: 'SEQUENCER_GRACE', limitSeconds: fault.sequencer.gracePeriodSec }),
      ])
      await expectHeld(subscription, {}, 'SEQUENCER_GRACE')
    } finally {
      await setSequencer(true, timestamp - 2 * fault.sequencer.gracePeriodSec)
    }
    const back = sourceOn(await ask(everywhere), 31338)
    expect(back).toMatchObject({ status: 'OK', reasons: [], sequencer: { up: true, liquidationsAllowed: true } })
  })

  it('answers through a healthy secondary when the primary RPC hangs', async () => {
    const vars = {
      RPC_URLS: JSON.stringify({ ...fault.rpcUrls, 31337: [fault.hungUrl, urlA] }),
      RPC_TIMEOUT_MS: '2000',
    }
    const source = sourceOn(await ask(near, vars), 31337)
    expect(source).toMatchObject({ status: 'OK', reasons: [] })
    // The second query in this isolate starts with the endpoint that answered.
    expect(sourceOn(await ask(near, vars), 31337).status).toBe('OK')
  })
})

/** The market's Pool on a fault chain (the same addresses as the shared chains: same deployer, same nonces). */
async function poolOf(url: string): Promise<Hex> {
  const markets = JSON.parse(env.AAVE_MARKETS) as { chainId: number; poolAddressesProvider: Hex }[]
  const chainId = url === urlA ? 31337 : 31338
  const provider = markets.find((market) => market.chainId === chainId)?.poolAddressesProvider as Hex
  const abi = parseAbi(['function getPool() view returns (address)'])
  const raw = await rpc<Hex>(url, 'eth_call', [
    { to: provider, data: encodeFunctionData({ abi, functionName: 'getPool' }) },
    'latest',
  ])
  return decodeFunctionResult({ abi, functionName: 'getPool', data: raw })
}
