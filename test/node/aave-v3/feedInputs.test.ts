/**
 * The Aave adapter's `inputs` on the sandbox chains (real Aave v3.0 contracts): the price feeds and
 * the L2 sequencer a source's figures rest on, read in the same multicall and block as the figures.
 * Chain A is L1-like (no sentinel), chain B L2-like (PriceOracleSentinel over a SequencerOracle).
 * Whether a reading is stale is `assessFreshness`'s call, not tested here.
 */
import { type Address, getAddress, parseAbi } from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { forgetEndpointHealth } from '../../../src/chains/endpointHealth'
import type { AaveV3Snapshot } from '../../../src/engine/aave-v3'
import { computeUserAccountData } from '../../../src/engine/aave-v3'
import { aaveV3, clearAaveReferenceCache } from '../../../src/protocols/aave-v3'
import type { AccountRef, SourceResult } from '../../../src/protocols/types'
import {
  ANVIL_DEPLOYER,
  expectSuccess,
  freezeFeed,
  loadArtifact,
  poolAbi,
  SANDBOX_MARKET,
  setPrice,
  setSequencer,
  unfreezeFeed,
} from '../../harness/aave'
import { type SandboxChain, type StartChainsReturnType, startChains } from '../../harness/chains'
import { SANDBOX_SEQUENCER_GRACE_PERIOD_SEC } from '../../harness/chains/sandboxChains'
import { type DemoAccount, demoAccount } from '../../harness/demoAccounts'

type DemoAccountName = DemoAccount['name']

let chains: StartChainsReturnType
let a: SandboxChain
let b: SandboxChain
const baselines = new Map<SandboxChain, `0x${string}`>()

beforeAll(async () => {
  chains = await startChains()
  a = chains.chains.a
  b = chains.chains.b
})

afterAll(async () => {
  await chains?.close()
})

beforeEach(async () => {
  for (const chain of [a, b]) {
    const id = baselines.get(chain)
    if (id) await chain.client.revert({ id })
    baselines.set(chain, await chain.client.snapshot())
  }
  clearAaveReferenceCache()
  // A revert takes the chain back to an older head, which the chain client would refuse as a lagging RPC.
  forgetEndpointHealth()
})

const env = (extra: Record<string, string> = {}) =>
  ({
    RPC_URLS: JSON.stringify(chains.rpcUrls),
    AAVE_MARKETS: JSON.stringify(chains.aaveMarkets),
    ASSET_OVERRIDES: JSON.stringify(chains.assetOverrides),
    SEQUENCER_FEEDS: '',
    ...extra,
  }) as unknown as Env

const accountOf = (name: DemoAccountName): AccountRef => ({
  kind: 'evm',
  address: getAddress(demoAccount(name).address),
})

/** Reads one demo account's Aave source on one chain through the adapter. */
async function read(chain: SandboxChain, name: DemoAccountName, extraEnv: Record<string, string> = {}) {
  const e = env(extraEnv)
  const sources = aaveV3.sources(accountOf(name), e).filter((s) => s.chainId === chain.chainId)
  const [result] = await aaveV3.read(sources, { env: e, fetch, nowMs: Date.now() })
  if (!result) throw new Error('no result')
  return result
}

function ok(result: SourceResult) {
  if (result.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result.error)}`)
  return result
}

const feedOf = (symbol: string) => a.market.reserves[symbol]?.aggregator as Address
const priceOf = (symbol: string) => SANDBOX_MARKET.reserves.find((r) => r.symbol === symbol)?.priceRaw.toString()

/** The engine's figures from the source's snapshot equal Pool.getUserAccountData at the reported block, to the wei. */
async function expectPoolFigures(chain: SandboxChain, result: Extract<SourceResult, { status: 'ok' }>) {
  const snapshot = result.snapshots[0]?.snapshot as AaveV3Snapshot
  const [totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThreshold, ltv, healthFactor] =
    await chain.client.readContract({
      address: chain.market.pool,
      abi: poolAbi,
      functionName: 'getUserAccountData',
      args: [snapshot.account as Address],
      blockNumber: result.blockNumber,
    })
  const { hasZeroLtvCollateral: _, ...ours } = computeUserAccountData({ snapshot, nowSec: result.asOfSec })
  expect(ours).toEqual({
    totalCollateralBase,
    totalDebtBase,
    availableBorrowsBase,
    currentLiquidationThreshold,
    ltv,
    healthFactor,
  })
}

describe('price feeds', () => {
  it('lists the live feeds of the reserves the account holds, read at the block of the figures', async () => {
    const result = ok(await read(a, 'everywhere')) // WBTC supplied; WETH and USDC borrowed
    expect(result.inputs).toEqual({
      feeds: ['WETH', 'USDC', 'WBTC'].map((asset) => ({
        asset,
        feed: feedOf(asset),
        answer: priceOf(asset),
        updatedAtSec: result.asOfSec, // a live feed: updated in the very block
      })),
    })
    expect(result.inputs?.sequencer).toBeUndefined() // chain A has no sequencer feed
    await expectPoolFigures(a, result)
  })

  it("adds the e-mode category's price source feed once (chain B: WETH prices the ETH category)", async () => {
    const result = ok(await read(b, 'everywhere')) // ETH e-mode: WSTETH supplied, WETH borrowed
    expect(result.inputs?.feeds).toEqual([
      { asset: 'WETH', feed: feedOf('WETH'), answer: priceOf('WETH'), updatedAtSec: result.asOfSec },
      { asset: 'WSTETH', feed: feedOf('WSTETH'), answer: priceOf('WSTETH'), updatedAtSec: result.asOfSec },
    ])
    await expectPoolFigures(b, result)
  })

  it("reports a frozen feed's updatedAt, and follows it again once unfrozen", async () => {
    const before = ok(await read(a, 'healthy'))
    const frozenAt = before.asOfSec - 7_200
    await freezeFeed(a.client, a.market, { symbol: 'WETH', updatedAtSec: frozenAt })
    await a.client.mine({ blocks: 1 })
    const frozen = ok(await read(a, 'healthy'))
    expect(frozen.inputs?.feeds).toEqual([
      { asset: 'WETH', feed: feedOf('WETH'), answer: priceOf('WETH'), updatedAtSec: frozenAt },
      { asset: 'USDC', feed: feedOf('USDC'), answer: priceOf('USDC'), updatedAtSec: frozen.asOfSec },
    ])
    await expectPoolFigures(a, frozen) // a stale feed still prices the Pool: the figures are exact
    await unfreezeFeed(a.client, a.market, { symbol: 'WETH' })
    await a.client.mine({ blocks: 1 })
    const live = ok(await read(a, 'healthy'))
    expect(live.inputs?.feeds?.[0]?.updatedAtSec).toBe(live.asOfSec)
  })

  it('a feed without latestRoundData reads as nulls, and the source is still read', async () => {
    // @aave/core-v3's MockAggregator has latestAnswer() only: the AaveOracle still prices with it.
    const artifact = loadArtifact('MockAggregator')
    const hash = await a.client.deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode,
      args: [1n],
      account: ANVIL_DEPLOYER,
    })
    const { contractAddress } = await expectSuccess(a.client, hash)
    const code = await a.client.getCode({ address: contractAddress as Address })
    await a.client.setCode({ address: feedOf('USDC'), bytecode: code as `0x${string}` }) // slot 0 keeps its answer
    const result = ok(await read(a, 'healthy'))
    expect(result.inputs?.feeds?.find((f) => f.asset === 'USDC')).toEqual({
      asset: 'USDC',
      feed: feedOf('USDC'),
      answer: null,
      updatedAtSec: null,
    })
    await expectPoolFigures(a, result)
  })

  it('a feed answering zero fails the sources holding that reserve, with their inputs; the others still decode', async () => {
    await setPrice(a.client, a.market, { symbol: 'WBTC', priceRaw: 0n })
    await a.client.mine({ blocks: 1 })
    const everywhere = await read(a, 'everywhere') // holds WBTC
    expect(everywhere).toMatchObject({
      status: 'error',
      error: { code: 'UPSTREAM_UNAVAILABLE', message: expect.stringMatching(/WBTC.*answered 0 \(<= 0\)/) },
    })
    expect(everywhere.inputs?.feeds).toContainEqual({
      asset: 'WBTC',
      feed: feedOf('WBTC'),
      answer: '0',
      updatedAtSec: expect.any(Number),
    })
    // The Pool itself cannot value that account: its price reverts.
    await expect(
      a.client.readContract({
        address: a.market.pool,
        abi: poolAbi,
        functionName: 'getUserAccountData',
        args: [demoAccount('everywhere').address as Address],
      }),
    ).rejects.toThrow()
    const healthy = ok(await read(a, 'healthy')) // WETH and USDC only
    await expectPoolFigures(a, healthy)
    expect(healthy.snapshots[0]?.snapshot.prices.WBTC).toBeUndefined() // no price, never a zero
  })

  it('a negative answer is reported as read', async () => {
    await setPrice(a.client, a.market, { symbol: 'USDC', priceRaw: -1n })
    await a.client.mine({ blocks: 1 })
    const healthy = await read(a, 'healthy')
    expect(healthy).toMatchObject({ status: 'error', error: { message: expect.stringMatching(/USDC.*answered -1/) } })
    expect(healthy.inputs?.feeds?.find((f) => f.asset === 'USDC')?.answer).toBe('-1')
  })
})

describe('L2 sequencer', () => {
  const sentinelAbi = parseAbi(['function isLiquidationAllowed() view returns (bool)'])
  const sequencerOf = (chain: SandboxChain) => {
    if (!chain.sequencer) throw new Error(`chain ${chain.name} has no sequencer`)
    return chain.sequencer
  }

  it("reads the sentinel's sequencer oracle and grace period: up for a day", async () => {
    const sequencer = sequencerOf(b)
    const result = ok(await read(b, 'everywhere'))
    expect(result.inputs?.sequencer).toEqual({
      feed: sequencer.sequencerOracle,
      up: true,
      sinceSec: expect.any(Number),
      gracePeriodSec: SANDBOX_SEQUENCER_GRACE_PERIOD_SEC,
      sentinel: sequencer.sentinel,
    })
    expect(result.asOfSec - (result.inputs?.sequencer?.sinceSec ?? 0)).toBeGreaterThan(
      SANDBOX_SEQUENCER_GRACE_PERIOD_SEC,
    )
  })

  it('sequencer down: up false since it went down; back: up true within the grace period', async () => {
    const sequencer = sequencerOf(b)
    const now = Number((await b.client.getBlock()).timestamp)
    await setSequencer(b.client, sequencer, { up: false, sinceSec: now - 120 })
    const down = ok(await read(b, 'everywhere'))
    expect(down.inputs?.sequencer).toMatchObject({ up: false, sinceSec: now - 120 })
    await expectPoolFigures(b, down)

    await setSequencer(b.client, sequencer, { up: true, sinceSec: now - 60 })
    const back = ok(await read(b, 'everywhere'))
    expect(back.inputs?.sequencer).toMatchObject({
      up: true,
      sinceSec: now - 60,
      gracePeriodSec: SANDBOX_SEQUENCER_GRACE_PERIOD_SEC,
    })
    const sinceSec = back.inputs?.sequencer?.sinceSec ?? 0
    expect(back.asOfSec - sinceSec).toBeLessThanOrEqual(SANDBOX_SEQUENCER_GRACE_PERIOD_SEC)
    // The Pool's own sentinel agrees, at the same block: liquidations wait for the grace period.
    expect(
      await b.client.readContract({
        address: sequencer.sentinel,
        abi: sentinelAbi,
        functionName: 'isLiquidationAllowed',
        blockNumber: back.blockNumber,
      }),
    ).toBe(false)
  })

  it('uses SEQUENCER_FEEDS on a chain whose market has no sentinel, with the default grace period', async () => {
    const artifact = loadArtifact('SequencerOracle')
    const hash = await a.client.deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode,
      args: [ANVIL_DEPLOYER],
      account: ANVIL_DEPLOYER,
    })
    const feed = (await expectSuccess(a.client, hash)).contractAddress as Address
    const now = Number((await a.client.getBlock()).timestamp)
    await setSequencer(a.client, { sequencerOracle: feed }, { up: true, sinceSec: now - 10 })
    const result = ok(await read(a, 'healthy', { SEQUENCER_FEEDS: JSON.stringify({ [a.chainId]: feed }) }))
    expect(result.inputs?.sequencer).toEqual({
      feed: getAddress(feed),
      up: true,
      sinceSec: now - 10,
      gracePeriodSec: 3600,
      sentinel: null,
    })
  })

  it('a sequencer feed that does not answer makes the source an error (its state is unknown), with the feeds', async () => {
    const result = await read(a, 'healthy', { SEQUENCER_FEEDS: JSON.stringify({ [a.chainId]: ANVIL_DEPLOYER }) })
    expect(result).toMatchObject({ status: 'error', error: { code: 'UPSTREAM_UNAVAILABLE' } })
    expect(result.inputs?.feeds?.map((f) => f.asset)).toEqual(['WETH', 'USDC'])
  })
})
