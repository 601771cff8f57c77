/**
 * The sandbox chains: built once, dumped, reloaded; both chains answer with their ids, the markets
 * (v3.0 on both, v3.6 on chain A) and the demo accounts are there, Multicall3 only on chain A, the wstETH rate stand-in on both.
 * They follow the wall clock: a block stamped now at start, then one every 2 s; mining stops and starts.
 * The chains move on their own, so every comparison of figures is pinned to one block.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Address, parseAbi } from 'viem'
import { afterAll, describe, expect, it } from 'vitest'
import { rateAbi } from '../../../src/protocols/assets/rateAbi'
import { borrow, poolAbi } from '../../harness/aave'
import { type StartChainsReturnType, startChains } from '../../harness/chains'
import { MULTICALL3_ADDRESS } from '../../harness/chains/deployMulticall3'
import { WSTETH_RATE_PROVIDER, WSTETH_RATE_RAW } from '../../harness/chains/deployRateProvider'
import { demoAccount } from '../../harness/demoAccounts'

const originPoolAbi = parseAbi(['function POOL_REVISION() view returns (uint256)'])

const cacheDir = mkdtempSync(join(tmpdir(), 'solvent-chains-'))
const started: StartChainsReturnType[] = []
afterAll(async () => {
  await Promise.all(started.map((chains) => chains.close()))
  rmSync(cacheDir, { recursive: true, force: true })
})

async function accountData(
  chains: StartChainsReturnType,
  chain: 'a' | 'b',
  name: 'healthy' | 'near-liquidation' | 'everywhere',
  blockNumber?: bigint,
) {
  const { client, market } = chains.chains[chain]
  return await client.readContract({
    address: market.pool,
    abi: poolAbi,
    functionName: 'getUserAccountData',
    args: [demoAccount(name).address],
    ...(blockNumber === undefined ? {} : { blockNumber }),
  })
}

/** Polls until `check` holds; the deadline is a hang backstop, not a measurement. */
async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 120_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const nowSec = () => BigInt(Math.floor(Date.now() / 1000))

describe('startChains', () => {
  it('builds the state, then reloads the dumped state to the same chains', async () => {
    const fresh = await startChains({ cacheDir })
    started.push(fresh)
    expect(fresh.startup.fromCache).toBe(false)
    const reloaded = await startChains({ cacheDir })
    started.push(reloaded)
    expect(reloaded.startup.fromCache).toBe(true)
    console.info(`chains: fresh build ${fresh.startup.ms} ms, from the dumped state ${reloaded.startup.ms} ms`)

    for (const name of ['a', 'b'] as const) {
      const [a, b] = [fresh.chains[name], reloaded.chains[name]]
      expect(b.seededBlock).toBe(a.seededBlock)
      // The same block, hash and all; every later block is each chain's own (stamped by its own clock).
      expect(await b.client.getBlock({ blockNumber: b.seededBlock })).toEqual(
        await a.client.getBlock({ blockNumber: a.seededBlock }),
      )
      expect(await accountData(reloaded, name, 'everywhere', b.seededBlock)).toEqual(
        await accountData(fresh, name, 'everywhere', a.seededBlock),
      )
    }
  })

  it('builds at a genesis one hour before the current UTC day, so a start is less than 25 hours of interest after it', async () => {
    const chains = started[1] as StartChainsReturnType
    const genesis = await chains.chains.a.client.getBlock({ blockNumber: 0n })
    const dayStart = (nowSec() / 86_400n) * 86_400n
    // A test running across midnight UTC may hold the previous day's state.
    expect([dayStart - 3_600n, dayStart - 86_400n - 3_600n]).toContain(genesis.timestamp)
    const seeded = await chains.chains.a.client.getBlock({ blockNumber: chains.chains.a.seededBlock })
    expect(seeded.timestamp).toBeLessThan(dayStart)
  })

  it('follows the wall clock: a block stamped now on start, then a block every 2 s', async () => {
    const before = nowSec()
    const chains = await startChains({ cacheDir })
    started.push(chains)
    const after = nowSec()
    for (const chain of Object.values(chains.chains)) {
      const first = await chain.client.getBlock({ blockNumber: chain.seededBlock + 1n })
      expect(first.timestamp).toBeGreaterThanOrEqual(before)
      expect(first.timestamp).toBeLessThanOrEqual(after)
      expect(await chain.client.request({ method: 'anvil_getIntervalMining' } as never)).toBe(2)
      // Blocks keep coming with no transaction, each stamped with the wall clock.
      await waitFor(async () => (await chain.client.getBlockNumber({ cacheTime: 0 })) > first.number + 1n, 'two blocks')
      const later = await chain.client.getBlock({ blockNumber: first.number + 2n })
      expect(later.transactions).toEqual([])
      expect(later.timestamp).toBeGreaterThan(first.timestamp)
      expect(later.timestamp).toBeLessThanOrEqual(nowSec())
    }
  })

  it('stops mining (the latest block ages, harness transactions still go through) and starts again', async () => {
    const chains = started[2] as StartChainsReturnType
    const { client, market } = chains.chains.a
    await chains.chains.a.stopMining()
    const stopped = await client.getBlock({ blockTag: 'latest' })
    // Two block times and more pass with no block.
    await waitFor(async () => nowSec() > stopped.timestamp + 5n, 'the wall clock to move on')
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(stopped.number)
    // A transaction sent through the harness is mined at once, in one block, and nothing else is.
    const receipt = await borrow(client, market, {
      user: demoAccount('healthy').address as Address,
      symbol: 'USDC',
      amount: 1_000_000n,
    })
    expect(receipt.blockNumber).toBe(stopped.number + 1n)
    await waitFor(async () => nowSec() > stopped.timestamp + 7n, 'the wall clock to move on')
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(receipt.blockNumber)

    const before = nowSec()
    await chains.chains.a.startMining()
    const caughtUp = await client.getBlock({ blockNumber: receipt.blockNumber + 1n })
    expect(caughtUp.timestamp).toBeGreaterThanOrEqual(before)
    await waitFor(async () => (await client.getBlockNumber({ cacheTime: 0 })) > caughtUp.number, 'the next block')
  })

  it('answers on two chain ids with the Aave market and the seeded demo accounts', async () => {
    const chains = started[1] as StartChainsReturnType
    expect(await chains.chains.a.client.getChainId()).toBe(31337)
    expect(await chains.chains.b.client.getChainId()).toBe(31338)
    expect(Object.keys(chains.rpcUrls)).toEqual(['31337', '31338'])
    expect(chains.aaveMarkets.map((m) => [m.chainId, m.market])).toEqual([
      [31337, 'Sandbox'],
      [31337, 'Origin'],
      [31338, 'Sandbox'],
    ])

    // As seeded (test/harness/chains/seedDemoAccounts.ts): figures at the seeded block.
    const hf = async (chain: 'a' | 'b', name: 'healthy' | 'near-liquidation' | 'everywhere', blockNumber?: bigint) =>
      (await accountData(chains, chain, name, blockNumber ?? chains.chains[chain].seededBlock))[5]
    expect(await hf('a', 'healthy')).toBe(2_500_000_000_000_000_000n)
    expect(Number(await hf('a', 'near-liquidation')) / 1e18).toBeCloseTo(1.05, 3)
    expect(Number(await hf('a', 'everywhere')) / 1e18).toBeCloseTo(2.8125, 3)
    expect(Number(await hf('b', 'everywhere')) / 1e18).toBeCloseTo(1.1625, 3)
    // Only "everywhere" holds anything on chain B.
    expect((await accountData(chains, 'b', 'healthy', chains.chains.b.seededBlock))[0]).toBe(0n)

    // Now, up to 25 hours of interest later, each keeps its character: near-liquidation still about 1.05 and
    // above 1, every figure a little lower than seeded (debt accrues faster than the collateral's yield).
    const a = await chains.chains.a.client.getBlockNumber({ cacheTime: 0 })
    const b = await chains.chains.b.client.getBlockNumber({ cacheTime: 0 })
    const near = await hf('a', 'near-liquidation', a)
    expect(Number(near) / 1e18).toBeCloseTo(1.05, 2)
    expect(near).toBeGreaterThan(10n ** 18n)
    expect(near).toBeLessThan(await hf('a', 'near-liquidation'))
    expect(Number(await hf('a', 'healthy', a)) / 1e18).toBeCloseTo(2.5, 2)
    expect(Number(await hf('a', 'everywhere', a)) / 1e18).toBeCloseTo(2.8125, 2)
    expect(Number(await hf('b', 'everywhere', b)) / 1e18).toBeCloseTo(1.1625, 2)
  })

  it('runs the v3.6 Origin market on chain A only (POOL_REVISION 10), with the v3.6 demo accounts as seeded', async () => {
    const chains = started[1] as StartChainsReturnType
    expect(chains.chains.b.origin).toBeUndefined()
    const { client, origin, seededBlock } = chains.chains.a
    if (!origin) throw new Error('chain A has no Origin market')
    expect(origin.pool).not.toBe(chains.chains.a.market.pool)
    expect(await client.readContract({ address: origin.pool, abi: originPoolAbi, functionName: 'POOL_REVISION' })).toBe(
      10n,
    )
    const hf = async (name: 'v36-emode-ltvzero' | 'v36-small' | 'v36-near-095') =>
      (
        await client.readContract({
          address: origin.pool,
          abi: poolAbi,
          functionName: 'getUserAccountData',
          args: [demoAccount(name).address],
          blockNumber: seededBlock,
        })
      )[5]
    // seedOriginDemo: 64,000 USD of ETH collateral at the e-mode's 93% against 15 WETH; 1,500 DAI at 77% against
    // 900 USDC; the near account set at 0.955 (then a few blocks of interest while chain A's v3.0 accounts are seeded).
    expect(Number(await hf('v36-emode-ltvzero')) / 1e18).toBeCloseTo((64_000 * 0.93) / 45_000, 3)
    expect(Number(await hf('v36-small')) / 1e18).toBeCloseTo((1_500 * 0.9998 * 0.77) / 900, 3)
    const near = await hf('v36-near-095')
    expect(Number(near) / 1e18).toBeCloseTo(0.955, 4)
    expect(near).toBeGreaterThan(95n * 10n ** 16n)
    expect(near).toBeLessThan(10n ** 18n)
  })

  it('has Multicall3 on chain A only', async () => {
    const chains = started[1] as StartChainsReturnType
    expect(await chains.chains.a.client.getCode({ address: MULTICALL3_ADDRESS })).toMatch(/^0x[0-9a-f]{100,}/)
    expect(await chains.chains.b.client.getCode({ address: MULTICALL3_ADDRESS })).toBeUndefined()
  })

  it('answers stEthPerToken() with the WSTETH / WETH oracle ratio on both chains, for ASSET_OVERRIDES', async () => {
    const chains = started[1] as StartChainsReturnType
    expect(WSTETH_RATE_RAW).toBe(1_133_333_333_333_333_333n)
    for (const name of ['a', 'b'] as const) {
      const { client, market, chainId } = chains.chains[name]
      const rate = await client.readContract({
        address: WSTETH_RATE_PROVIDER,
        abi: rateAbi,
        functionName: 'stEthPerToken',
      })
      expect(rate).toBe(WSTETH_RATE_RAW)
      expect(chains.assetOverrides).toContainEqual({
        chainId,
        address: market.reserves.WSTETH?.underlying,
        rateContract: WSTETH_RATE_PROVIDER,
      })
    }
  })

  it('stops every anvil it started', async () => {
    const chains = await startChains({ cacheDir })
    await chains.close()
    for (const chain of Object.values(chains.chains))
      expect(chain.anvil.process.exitCode !== null || chain.anvil.process.signalCode !== null).toBe(true)
  })
})
