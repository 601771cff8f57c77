/**
 * The sandbox chains: built once, dumped, reloaded; both chains answer with their ids, the market
 * and the demo accounts are there, Multicall3 only on chain A, the wstETH rate stand-in on both.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { rateAbi } from '../../../src/protocols/assets/rateAbi'
import { poolAbi } from '../../harness/aave'
import { type StartChainsReturnType, startChains } from '../../harness/chains'
import { MULTICALL3_ADDRESS } from '../../harness/chains/deployMulticall3'
import { WSTETH_RATE_PROVIDER, WSTETH_RATE_RAW } from '../../harness/chains/deployRateProvider'
import { demoAccount } from '../../harness/demoAccounts'

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
) {
  const { client, market } = chains.chains[chain]
  return await client.readContract({
    address: market.pool,
    abi: poolAbi,
    functionName: 'getUserAccountData',
    args: [demoAccount(name).address],
  })
}

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
      const [a, b] = [fresh.chains[name].client, reloaded.chains[name].client]
      expect(await b.getBlock()).toMatchObject({
        number: (await a.getBlock()).number,
        timestamp: (await a.getBlock()).timestamp,
      })
      expect(await accountData(reloaded, name, 'everywhere')).toEqual(await accountData(fresh, name, 'everywhere'))
    }
  })

  it('answers on two chain ids with the Aave market and the seeded demo accounts', async () => {
    const chains = started[1] as StartChainsReturnType
    expect(await chains.chains.a.client.getChainId()).toBe(31337)
    expect(await chains.chains.b.client.getChainId()).toBe(31338)
    expect(Object.keys(chains.rpcUrls)).toEqual(['31337', '31338'])
    expect(chains.aaveMarkets.map((m) => [m.chainId, m.market])).toEqual([
      [31337, 'Sandbox'],
      [31338, 'Sandbox'],
    ])

    const hf = async (chain: 'a' | 'b', name: 'healthy' | 'near-liquidation' | 'everywhere') =>
      (await accountData(chains, chain, name))[5]
    expect(await hf('a', 'healthy')).toBe(2_500_000_000_000_000_000n)
    expect(Number(await hf('a', 'near-liquidation')) / 1e18).toBeCloseTo(1.05, 3)
    expect(Number(await hf('a', 'everywhere')) / 1e18).toBeCloseTo(2.8125, 3)
    expect(Number(await hf('b', 'everywhere')) / 1e18).toBeCloseTo(1.1625, 3)
    // Only "everywhere" holds anything on chain B.
    expect((await accountData(chains, 'b', 'healthy'))[0]).toBe(0n)
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
