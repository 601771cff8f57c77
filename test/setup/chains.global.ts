import type { TestProject } from 'vitest/node'
import { ANVIL_DEPLOYER } from '../harness/aave'
import { type StartChainsReturnType, startChains } from '../harness/chains'
import { startCountingProxy } from '../harness/countingProxy'
import { startHungEndpoint } from '../harness/rpcFaults'

/**
 * Node side of the workerd tests: two anvil chains with the real Aave v3 market and the demo accounts
 * seeded, shared by every test file that only reads them; and a private copy of the same two chains for
 * the alert tests, which move oracle prices; and another for the freshness tests, which stop a chain's
 * blocks, freeze feeds and take the sequencer down, with an RPC endpoint that never answers; and
 * counting proxies in front of the shared chains, for the tests that count requests.
 */
export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  // One after the other: the first start may build the cached chain state the second then loads.
  const chains = await startChains()
  const alertChains = await startChains()
  const faultChains = await startChains()
  const hung = await startHungEndpoint()
  const counting = await Promise.all(
    Object.entries(chains.rpcUrls).map(async ([chainId, [url]]) => {
      if (!url) throw new Error(`Sandbox chain ${chainId} has no RPC URL.`)
      return [chainId, await startCountingProxy(url)] as const
    }),
  )
  provide('rpcUrls', JSON.stringify(chains.rpcUrls))
  provide('countingRpcUrls', JSON.stringify(Object.fromEntries(counting.map(([id, proxy]) => [id, [proxy.url]]))))
  provide('aaveMarkets', JSON.stringify(chains.aaveMarkets))
  // Every copy of the chains loads the same state: the Morpho addresses and market ids are the same on each.
  provide('morphoMarkets', JSON.stringify(chains.morphoMarkets))
  provide('assetOverrides', JSON.stringify(chains.assetOverrides))
  const aggregators = feedsOf(alertChains.chains.a.market.reserves)
  provide('alertChains', JSON.stringify({ rpcUrls: alertChains.rpcUrls, aggregators }))
  const sequencer = faultChains.chains.b.sequencer
  if (!sequencer) throw new Error('Sandbox chain B has no sequencer oracle.')
  provide(
    'faultChains',
    JSON.stringify({
      rpcUrls: faultChains.rpcUrls,
      feeds: Object.fromEntries(
        Object.values(faultChains.chains).map((chain) => [String(chain.chainId), feedsOf(chain.market.reserves)]),
      ),
      sequencer: {
        chainId: faultChains.chains.b.chainId,
        oracle: sequencer.sequencerOracle,
        owner: ANVIL_DEPLOYER,
        gracePeriodSec: sequencer.gracePeriodSec,
      },
      hungUrl: hung.url,
    }),
  )
  return async () => {
    await Promise.all([
      chains.close(),
      alertChains.close(),
      faultChains.close(),
      hung.close(),
      ...counting.map(([, proxy]) => proxy.close()),
    ])
  }
}

type Reserves = StartChainsReturnType['chains']['a']['market']['reserves']

/** Reserve symbol -> its price feed. */
const feedsOf = (reserves: Reserves) =>
  Object.fromEntries(Object.entries(reserves).map(([symbol, reserve]) => [symbol, reserve.aggregator]))
