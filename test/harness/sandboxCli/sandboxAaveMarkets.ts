import type { SandboxAaveMarket } from '../sandbox'
import type { SandboxFileChain } from './selectSandboxChains'

/**
 * Every Aave market of a sandbox chain: `aaveMarkets` (chain A: the v3.0 `Sandbox` market and the v3.6
 * `Origin` one), or the one `aave` market of a file written before there were several.
 * @example
 * sandboxAaveMarkets(file.chains[0]).map((m) => m.market) // ['Sandbox', 'Origin']
 */
export function sandboxAaveMarkets(chain: SandboxFileChain): SandboxAaveMarket[] {
  return chain.aaveMarkets ?? [chain.aave]
}
