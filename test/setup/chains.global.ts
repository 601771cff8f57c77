import type { TestProject } from 'vitest/node'
import { startChains } from '../harness/chains'

/** Node side of the workerd tests: two anvil chains with the real Aave v3 market and the demo accounts seeded. */
export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const chains = await startChains()
  provide('rpcUrls', JSON.stringify(chains.rpcUrls))
  provide('aaveMarkets', JSON.stringify(chains.aaveMarkets))
  return () => chains.close()
}
