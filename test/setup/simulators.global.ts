import type { TestProject } from 'vitest/node'
import { startSimulators } from '../harness/simulators'

/** Node side of the workerd tests: the Hyperliquid and dYdX simulators on loopback, seeded with the demo accounts. */
export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const simulators = await startSimulators()
  provide('hyperliquidUrl', simulators.hyperliquidUrl)
  provide('dydxIndexerUrl', simulators.dydxIndexerUrl)
  return () => simulators.close()
}
