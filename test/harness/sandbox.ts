/**
 * Node-only: the whole local sandbox: the two anvil chains with Aave v3 (startChains) and the venue
 * simulators (startSimulators), plus the files that point `wrangler dev` at them:
 *
 * - `vars` for `wrangler dev --var` (RPC_URLS, AAVE_MARKETS, HYPERLIQUID_API_URL, DYDX_INDEXER_URL): nothing
 *   is written to .dev.vars, which stays the developer's own (and out of `wrangler types`);
 * - `.sandbox/sandbox.json` (gitignored): chain ids, RPC URLs, contract addresses, simulator URLs
 *   and the demo accounts with their descriptions, for scripts and people.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type StartChainsReturnType, startChains } from './chains'
import { demoAccounts } from './demoAccounts'
import { type StartSimulatorsReturnType, startSimulators } from './simulators'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export type StartSandboxOptions = {
  /** Write `.sandbox/sandbox.json` (default true). */
  writeFiles?: boolean | undefined
  /** Repository root the files go to (default this repository). */
  root?: string | undefined
}

export type SandboxFile = {
  chains: {
    name: string
    chainId: number
    rpcUrl: string
    multicall3: string | null
    aave: { market: string; rules: string } & Record<string, unknown>
  }[]
  simulators: { hyperliquidUrl: string; dydxIndexerUrl: string }
  demoAccounts: { name: string; description: string; address: string; dydxAddress: string | null }[]
  startup: StartChainsReturnType['startup']
}

export type StartSandboxReturnType = {
  chains: StartChainsReturnType
  simulators: StartSimulatorsReturnType
  /** The vars `wrangler dev` needs to use the sandbox. */
  vars: Record<'RPC_URLS' | 'AAVE_MARKETS' | 'ASSET_OVERRIDES' | 'HYPERLIQUID_API_URL' | 'DYDX_INDEXER_URL', string>
  file: SandboxFile
  close(): Promise<void>
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
  const vars = {
    RPC_URLS: JSON.stringify(c.rpcUrls),
    AAVE_MARKETS: JSON.stringify(c.aaveMarkets),
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
      aave: {
        market: chain.marketName,
        rules: 'v3.0-3.2',
        poolAddressesProvider: chain.market.addressesProvider,
        pool: chain.market.pool,
        oracle: chain.market.oracle,
        poolConfigurator: chain.market.poolConfigurator,
        reserves: chain.market.reserves,
      },
    })),
    simulators: { hyperliquidUrl: s.hyperliquidUrl, dydxIndexerUrl: s.dydxIndexerUrl },
    demoAccounts: demoAccounts.map((a) => ({
      name: a.name,
      description: a.description,
      address: a.address,
      dydxAddress: a.dydxAddress ?? null,
    })),
    startup: c.startup,
  }
  if (writeFiles) {
    mkdirSync(join(root, '.sandbox'), { recursive: true })
    writeFileSync(join(root, '.sandbox/sandbox.json'), `${JSON.stringify(file, null, 2)}\n`)
  }
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
