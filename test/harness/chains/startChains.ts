/**
 * Node-only: the two local anvil chains of the sandbox, each with the real Aave v3.0 market
 * (@aave/core-v3 artifacts, market `Sandbox`) and the demo accounts seeded; chain A also runs a real Aave v3.6
 * market (@aave-dao/aave-v3-origin compiled from source, market `Origin`) with the v3.6 demo accounts, and
 * Morpho Blue (@morpho-org/morpho-blue compiled from source: WETH/USDC and WBTC/USDC) with the Morpho demo account.
 *
 * Deployment is deterministic (genesis one hour before the current UTC day, +1 s per block), so the
 * state is built once per version of the harness and per day, dumped with `anvil_dumpState` into a cache
 * file and loaded with `anvil_loadState` on every later start (see `buildChainsState`).
 *
 * The chains follow the wall clock (issue 10: a chain whose clock stood at its genesis served data of any
 * age as fresh). On start each chain mines a block stamped now, then one every 2 s (`mining.ts`), so the
 * latest block is never more than a block time old and its timestamp, the `nowSec` on-chain figures are
 * computed at, is the present. `stopMining()` lets the latest block age (a stale chain, on purpose);
 * `startMining()` catches up and resumes. A transaction sent through the harness is mined at once
 * (`expectSuccess` mines it). What this means for tests: "latest" moves every 2 s, so a test compares
 * figures with the contracts at ONE block (pin reads to a block number), never assumes that no block comes
 * between two reads, and stops mining around a part that needs a still chain.
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
import { type SandboxMorpho, sandboxMorphoMarketsVar } from '../morpho/seedSandboxMorpho'
import { loadChainsState, type OriginMarketAddresses } from './chainsState'
import { WSTETH_RATE_PROVIDER } from './deployRateProvider'
import { SANDBOX_BLOCK_TIME_SEC, startMining, stopMining, syncChainClock } from './mining'
import { SANDBOX_CHAINS, type SandboxChainName } from './sandboxChains'

/** Market name of the v3.6 market on chain A (`market:Origin` margin accounts). */
export const ORIGIN_MARKET_NAME = 'Origin'

export type StartChainsOptions = {
  /** Where the built state is cached; `false` builds it from scratch every time. Default: node_modules/.cache. */
  cacheDir?: string | false | undefined
  /** Seconds between blocks once started (default `SANDBOX_BLOCK_TIME_SEC`); `false` starts with mining stopped. */
  blockTimeSec?: number | false | undefined
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
  /** Chain A: the Aave v3.6 market (`ORIGIN_MARKET_NAME` margin accounts); chain B: none. */
  origin: OriginMarketAddresses | undefined
  /** Chain B: the sequencer oracle and PriceOracleSentinel (L2-like); chain A: none (L1-like). */
  sequencer: SequencerSentinel | undefined
  /** Chain A: Morpho Blue with the WETH/USDC and WBTC/USDC markets (seedSandboxMorpho); chain B: none. */
  morpho: SandboxMorpho | undefined
  /** The loaded state's latest block: the seeded demo accounts exactly as built, before any time passed. */
  seededBlock: bigint
  anvil: Anvil
  client: AnvilClient
  /** The chain stops producing blocks (its latest block ages); harness transactions are still mined. */
  stopMining(): Promise<void>
  /** A block now, then one every `blockTimeSec` (the start's, by default). */
  startMining(blockTimeSec?: number): Promise<void>
}

export type StartChainsReturnType = {
  /** The `RPC_URLS` var: `{ "<chainId>": ["http://127.0.0.1:…"] }`. */
  rpcUrls: Record<string, string[]>
  /** The `AAVE_MARKETS` var: each chain's v3.0 market, then chain A's v3.6 market. */
  aaveMarkets: AaveMarketConfig[]
  /** The `MORPHO_MARKETS` var: chain A's two Morpho Blue markets. */
  morphoMarkets: ReturnType<typeof sandboxMorphoMarketsVar>
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
 * // env.MORPHO_MARKETS = JSON.stringify(chains.morphoMarkets)
 * await chains.close()
 */
export async function startChains({
  cacheDir,
  blockTimeSec = SANDBOX_BLOCK_TIME_SEC,
}: StartChainsOptions = {}): Promise<StartChainsReturnType> {
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
        // No mining until the state is loaded: a block mined on anvil's own genesis first would sit under it.
        const anvil = await startAnvil({ chainId: definition.chainId, args: ['--no-mining'] })
        anvils.push(anvil)
        const client = createAnvilClient(anvil)
        await client.loadState({ state: state.chains[name].dump })
        const defaultBlockTime = blockTimeSec === false ? SANDBOX_BLOCK_TIME_SEC : blockTimeSec
        // A block stamped now in either case: the chain's clock is the wall clock from its first read on.
        if (blockTimeSec === false) await syncChainClock(client)
        else await startMining(client, blockTimeSec)
        const chain: SandboxChain = {
          name,
          chainId: definition.chainId,
          rpcUrl: anvil.rpcUrl,
          multicall3: state.chains[name].multicall3,
          marketName: definition.marketName,
          market: state.chains[name].market,
          origin: state.chains[name].origin,
          sequencer: state.chains[name].sequencer,
          morpho: state.chains[name].morpho,
          seededBlock: BigInt(state.chains[name].latestBlock),
          anvil,
          client,
          stopMining: () => stopMining(client),
          startMining: (interval = defaultBlockTime) => startMining(client, interval),
        }
        return [name, chain] as const
      }),
    )
    const chains = Object.fromEntries(entries) as Record<SandboxChainName, SandboxChain>
    const list = Object.values(chains)
    return {
      rpcUrls: Object.fromEntries(list.map((chain) => [String(chain.chainId), [chain.rpcUrl]])),
      aaveMarkets: list.flatMap((chain) => [
        {
          chainId: chain.chainId,
          market: chain.marketName,
          poolAddressesProvider: chain.market.addressesProvider,
          stableSymbols: ['USDC', 'DAI'],
        },
        ...(chain.origin
          ? [
              {
                chainId: chain.chainId,
                market: ORIGIN_MARKET_NAME,
                poolAddressesProvider: chain.origin.addressesProvider,
                stableSymbols: ['USDC', 'DAI'],
              },
            ]
          : []),
      ]),
      morphoMarkets: list.flatMap((chain) =>
        chain.morpho ? sandboxMorphoMarketsVar(chain.morpho, chain.chainId) : [],
      ),
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
