import type { TestProject } from 'vitest/node'
import { startChains } from '../harness/chains'

/**
 * Node side of the workerd tests: two anvil chains with the real Aave v3 market and the demo accounts
 * seeded, shared by every test file that only reads them; and a private copy of the same two chains for
 * the alert tests, which move oracle prices.
 */
export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  // One after the other: the first start may build the cached chain state the second then loads.
  const chains = await startChains()
  const alertChains = await startChains()
  provide('rpcUrls', JSON.stringify(chains.rpcUrls))
  provide('aaveMarkets', JSON.stringify(chains.aaveMarkets))
  provide('assetOverrides', JSON.stringify(chains.assetOverrides))
  const aggregators = Object.fromEntries(
    Object.entries(alertChains.chains.a.market.reserves).map(([symbol, reserve]) => [symbol, reserve.aggregator]),
  )
  provide('alertChains', JSON.stringify({ rpcUrls: alertChains.rpcUrls, aggregators }))
  return async () => {
    await Promise.all([chains.close(), alertChains.close()])
  }
}
