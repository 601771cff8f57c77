/**
 * Node-only: the two local anvil chains of the sandbox, each with the real Aave v3 market
 * (@aave/core-v3 artifacts) and the demo accounts seeded.
 *
 * Deployment is deterministic (fixed genesis timestamp, +1 s per block), so the state is built
 * once per version of the harness, dumped with `anvil_dumpState` into a cache file and loaded with
 * `anvil_loadState` on every later start (see `buildChainsState`). Nothing mines blocks on its own
 * (anvil automines on transactions only), so a read pinned to the latest block is stable: interest
 * accrues only when someone sends a transaction, and the block's own timestamp is the `nowSec`
 * the engine is evaluated at.
 */
import type { Address } from 'viem'
import type { AaveMarketConfig } from '../../../src/protocols/aave-v3/types'
import type { AssetOverride } from '../../../src/protocols/assets/getAssetOverrides'
import {
  type AaveMarket,
  type Anvil,
  type AnvilClient,
  createAnvilClient,
  type SequencerSentinel,
  startAnvil,
} from '../aave'
import { type ChainsState, loadChainsState } from './chainsState'
import { WSTETH_RATE_PROVIDER } from './deployRateProvider'
import { SANDBOX_CHAINS, SANDBOX_GENESIS_TIMESTAMP, type SandboxChainName } from './sandboxChains'

export type StartChainsOptions = {
  /** Where the built state is cached; `false` builds it from scratch every time. Default: node_modules/.cache. */
  cacheDir?: string | false | undefined
}

export type SandboxChain = {
  name: SandboxChainName
  chainId: number
  rpcUrl: string
  /** Whether Multicall3 sits at its canonical address (chain A) or reads go deployless (chain B). */
  multicall3: Address | undefined
  /** Aave market name on this chain (`market:<name>` margin accounts). */
  marketName: string
  market: AaveMarket
  /** Chain B: the sequencer oracle and PriceOracleSentinel (L2-like); chain A: none (L1-like). */
  sequencer: SequencerSentinel | undefined
  anvil: Anvil
  client: AnvilClient
}

export type StartChainsReturnType = {
  /** The `RPC_URLS` var: `{ "<chainId>": ["http://127.0.0.1:…"] }`. */
  rpcUrls: Record<string, string[]>
  /** The `AAVE_MARKETS` var. */
  aaveMarkets: AaveMarketConfig[]
  /** The `ASSET_OVERRIDES` var: WSTETH reads its rate from the sandbox's stand-in (`deployRateProvider`). */
  assetOverrides: AssetOverride[]
  chains: Record<SandboxChainName, SandboxChain>
  /** How the state was obtained and how long startup took. */
  startup: { fromCache: boolean; ms: number }
  close(): Promise<void>
}

/**
 * Starts chain A (31337) and chain B (31338) on loopback, OS-assigned ports.
 * @example
 * const chains = await startChains()
 * // env.RPC_URLS = JSON.stringify(chains.rpcUrls); env.AAVE_MARKETS = JSON.stringify(chains.aaveMarkets)
 * await chains.close()
 */
export async function startChains({ cacheDir }: StartChainsOptions = {}): Promise<StartChainsReturnType> {
  const started = performance.now()
  const { state, fromCache } = await loadChainsState({ cacheDir })
  const anvils: Anvil[] = []
  const close = async () => {
    await Promise.all(anvils.map((anvil) => anvil.stop()))
  }
  try {
    const entries = await Promise.all(
      (Object.keys(SANDBOX_CHAINS) as SandboxChainName[]).map(async (name) => {
        const definition = SANDBOX_CHAINS[name]
        const anvil = await startAnvil({ chainId: definition.chainId, timestamp: SANDBOX_GENESIS_TIMESTAMP })
        anvils.push(anvil)
        const client = createAnvilClient(anvil)
        await restore(client, state, name)
        const chain: SandboxChain = {
          name,
          chainId: definition.chainId,
          rpcUrl: anvil.rpcUrl,
          multicall3: state.chains[name].multicall3,
          marketName: definition.marketName,
          market: state.chains[name].market,
          sequencer: state.chains[name].sequencer,
          anvil,
          client,
        }
        return [name, chain] as const
      }),
    )
    const chains = Object.fromEntries(entries) as Record<SandboxChainName, SandboxChain>
    const list = Object.values(chains)
    return {
      rpcUrls: Object.fromEntries(list.map((chain) => [String(chain.chainId), [chain.rpcUrl]])),
      aaveMarkets: list.map((chain) => ({
        chainId: chain.chainId,
        market: chain.marketName,
        poolAddressesProvider: chain.market.addressesProvider,
        rules: 'v3.0-3.2',
        stableSymbols: ['USDC', 'DAI'],
      })),
      assetOverrides: list.flatMap((chain) => {
        const wsteth = chain.market.reserves.WSTETH
        return wsteth
          ? [{ chainId: chain.chainId, address: wsteth.underlying, rateContract: WSTETH_RATE_PROVIDER }]
          : []
      }),
      chains,
      startup: { fromCache, ms: Math.round(performance.now() - started) },
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}

/** Loads a chain's dumped state and keeps block times deterministic (+1 s per block from the last one). */
async function restore(client: AnvilClient, state: ChainsState, name: SandboxChainName): Promise<void> {
  const chainState = state.chains[name]
  await client.loadState({ state: chainState.dump })
  await client.setBlockTimestampInterval({ interval: 1 })
  await client.setNextBlockTimestamp({ timestamp: BigInt(chainState.latestTimestamp + 1) })
}
