/**
 * Node-only: the whole local sandbox: the two anvil chains with Aave v3 (startChains: they follow the wall
 * clock, a block every 2 s, so their data is as fresh as a live chain's) and the venue simulators
 * (startSimulators), plus the files that point `wrangler dev` at them:
 *
 * - `vars` for `wrangler dev --var` (RPC_URLS, AAVE_MARKETS, MORPHO_MARKETS, HYPERLIQUID_API_URL, DYDX_INDEXER_URL): nothing
 *   is written to .dev.vars, which stays the developer's own (and out of `wrangler types`);
 * - `.sandbox/sandbox.json` (gitignored): chain ids, RPC URLs, each chain's Aave markets with the release each
 *   runs (`rules` and `poolRevision`, read from the Pool's `POOL_REVISION()`) and their contract addresses, chain A's
 *   Morpho Blue (address, IRM, each market's id and params, its oracle), (chain
 *   A: the v3.0 `Sandbox` market and the v3.6 `Origin` one; chain B's sequencer oracle too), simulator URLs and their price-control routes, each chain's `evm_snapshot` of the seeded state, the
 *   demo accounts with their descriptions and (once `npm run dev` has it answering) the Worker's URLs, for
 *   `npm run sandbox`, scripts and people.
 */
import type { Address, Hex } from 'viem'
import { aaveV3RulesLabel, aaveV3RulesOfRevision } from '../../src/engine/aave-v3/aaveV3Features'
import { poolAbi } from '../../src/protocols/aave-v3/abi'
import type { AnvilClient } from './aave'
import { ORIGIN_MARKET_NAME, type StartChainsReturnType, startChains } from './chains'
import { demoAccounts } from './demoAccounts'
import type { SandboxMorpho } from './morpho/seedSandboxMorpho'
import { ROOT, writeSandboxFile } from './sandboxFile'
import { PRICE_CONTROL_PATH, type StartSimulatorsReturnType, startSimulators } from './simulators'

export type StartSandboxOptions = {
  /** Write `.sandbox/sandbox.json` (default true). */
  writeFiles?: boolean | undefined
  /** Repository root the files go to (default this repository). */
  root?: string | undefined
}

/** One Aave market of a sandbox chain, as `.sandbox/sandbox.json` names it. */
export type SandboxAaveMarket = {
  /** Market name: margin accounts read `…:market:<market>`. */
  market: string
  /** The release the Pool runs (`v3.0-3.2`, `v3.6`, …), from its `POOL_REVISION()`, as the Worker reports it. */
  rules: string
  /** `Pool.POOL_REVISION()` read from the chain; absent in a file written before it was added. */
  poolRevision?: number | undefined
  reserves: Record<string, { symbol: string; decimals: number; aggregator: string } & Record<string, unknown>>
} & Record<string, unknown>

export type SandboxFile = {
  chains: {
    name: string
    chainId: number
    rpcUrl: string
    multicall3: string | null
    /** The chain's v3.0 market (`Sandbox`), as before there were several: also the first of `aaveMarkets`. */
    aave: SandboxAaveMarket
    /** Every Aave market on the chain (chain A: `Sandbox` v3.0-3.2 and `Origin` v3.6); absent in an older file. */
    aaveMarkets?: SandboxAaveMarket[] | undefined
    /** `evm_snapshot` id of the seeded state: `npm run sandbox -- reset` reverts to it (then takes a new one). */
    snapshotId: Hex
    /**
     * Chain B (L2-like): its sequencer uptime oracle and the market's PriceOracleSentinel over it, which
     * `npm run sandbox -- sequencer` moves; null on chain A, absent in a file written before it was added.
     */
    sequencer?: { oracle: string; sentinel: string; gracePeriodSec: number } | null | undefined
    /**
     * Chain A: Morpho Blue (morpho-blue 1.0.0) and its markets with their ids and params (`lltv` WAD) and oracles
     * (`npm run sandbox -- price` moves them with Aave's feeds); null on chain B, absent in an older file.
     */
    morpho?: SandboxMorpho | null | undefined
  }[]
  simulators: {
    hyperliquidUrl: string
    dydxIndexerUrl: string
    /** Price-control routes (`GET|POST …/prices`, `POST …/reset`; test/harness/simulators/priceControl.ts). */
    hyperliquidControlUrl: string
    dydxControlUrl: string
  }
  demoAccounts: { name: string; description: string; address: string; dydxAddress: string | null }[]
  startup: StartChainsReturnType['startup']
  /** The local Worker, filled in by `npm run dev` once it answers. */
  worker?: { url: string; graphqlUrl: string; tickUrl: string } | undefined
}

export type StartSandboxReturnType = {
  chains: StartChainsReturnType
  simulators: StartSimulatorsReturnType
  /** The vars `wrangler dev` needs to use the sandbox. */
  vars: Record<
    'RPC_URLS' | 'AAVE_MARKETS' | 'MORPHO_MARKETS' | 'ASSET_OVERRIDES' | 'HYPERLIQUID_API_URL' | 'DYDX_INDEXER_URL',
    string
  >
  file: SandboxFile
  close(): Promise<void>
}

/** The release a Pool runs, read from the chain (`POOL_REVISION()`), labelled as the Worker labels it. */
async function poolRelease(client: AnvilClient, pool: Address): Promise<{ rules: string; poolRevision: number }> {
  const revision = await client.readContract({ address: pool, abi: poolAbi, functionName: 'POOL_REVISION' })
  const poolRevision = Number(revision)
  return { rules: aaveV3RulesLabel({ rules: aaveV3RulesOfRevision(revision) ?? 'v3.6', poolRevision }), poolRevision }
}

/**
 * Starts the chains and the simulators, then writes `.sandbox/sandbox.json`.
 * @example
 * const sandbox = await startSandbox()
 * // wrangler dev --var RPC_URLS:… (see sandbox.vars)
 * await sandbox.close()
 */
export async function startSandbox({
  writeFiles = true,
  root = ROOT,
}: StartSandboxOptions = {}): Promise<StartSandboxReturnType> {
  const [chains, simulators] = await Promise.allSettled([startChains(), startSimulators()])
  if (chains.status === 'rejected' || simulators.status === 'rejected') {
    if (chains.status === 'fulfilled') await chains.value.close()
    if (simulators.status === 'fulfilled') await simulators.value.close()
    throw chains.status === 'rejected' ? chains.reason : (simulators as PromiseRejectedResult).reason
  }
  const c = chains.value
  const s = simulators.value
  const snapshotIds = Object.fromEntries(
    await Promise.all(
      Object.values(c.chains).map(async (chain) => [chain.name, await chain.client.snapshot()] as const),
    ).catch(async (error: unknown) => {
      await Promise.all([c.close(), s.close()])
      throw error
    }),
  )
  const markets = await Promise.all(
    Object.values(c.chains).map(async (chain) => {
      const list: SandboxAaveMarket[] = [
        {
          market: chain.marketName,
          ...(await poolRelease(chain.client, chain.market.pool)),
          poolAddressesProvider: chain.market.addressesProvider,
          pool: chain.market.pool,
          oracle: chain.market.oracle,
          poolConfigurator: chain.market.poolConfigurator,
          reserves: chain.market.reserves,
        },
      ]
      if (chain.origin)
        list.push({
          market: ORIGIN_MARKET_NAME,
          ...(await poolRelease(chain.client, chain.origin.pool)),
          poolAddressesProvider: chain.origin.addressesProvider,
          pool: chain.origin.pool,
          oracle: chain.origin.oracle,
          poolConfigurator: chain.origin.poolConfigurator,
          dataProvider: chain.origin.dataProvider,
          reserves: chain.origin.reserves,
        })
      return [chain.name, list] as const
    }),
  ).catch(async (error: unknown) => {
    await Promise.all([c.close(), s.close()])
    throw error
  })
  const marketsOf = Object.fromEntries(markets)
  const vars = {
    RPC_URLS: JSON.stringify(c.rpcUrls),
    AAVE_MARKETS: JSON.stringify(c.aaveMarkets),
    MORPHO_MARKETS: JSON.stringify(c.morphoMarkets),
    ASSET_OVERRIDES: JSON.stringify(c.assetOverrides),
    HYPERLIQUID_API_URL: s.hyperliquidUrl,
    DYDX_INDEXER_URL: s.dydxIndexerUrl,
  }
  const file: SandboxFile = {
    chains: Object.values(c.chains).map((chain) => ({
      name: chain.name,
      chainId: chain.chainId,
      rpcUrl: chain.rpcUrl,
      multicall3: chain.multicall3 ?? null,
      aave: marketsOf[chain.name]?.[0] as SandboxAaveMarket,
      aaveMarkets: marketsOf[chain.name] ?? [],
      snapshotId: snapshotIds[chain.name] as Hex,
      sequencer: chain.sequencer
        ? {
            oracle: chain.sequencer.sequencerOracle,
            sentinel: chain.sequencer.sentinel,
            gracePeriodSec: chain.sequencer.gracePeriodSec,
          }
        : null,
      morpho: chain.morpho ?? null,
    })),
    simulators: {
      hyperliquidUrl: s.hyperliquidUrl,
      dydxIndexerUrl: s.dydxIndexerUrl,
      hyperliquidControlUrl: `${s.hyperliquidUrl}${PRICE_CONTROL_PATH}`,
      dydxControlUrl: `${s.dydxIndexerUrl}${PRICE_CONTROL_PATH}`,
    },
    demoAccounts: demoAccounts.map((a) => ({
      name: a.name,
      description: a.description,
      address: a.address,
      dydxAddress: a.dydxAddress ?? null,
    })),
    startup: c.startup,
  }
  if (writeFiles) writeSandboxFile(file, root)
  return {
    chains: c,
    simulators: s,
    vars,
    file,
    close: async () => {
      await Promise.all([c.close(), s.close()])
    },
  }
}
