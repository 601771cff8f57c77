import type { DydxSimulatorControl } from './dydxSimulator'
import { startDydxSimulator } from './dydxSimulator'
import type { HyperliquidSimulatorControl } from './hyperliquidSimulator'
import { startHyperliquidSimulator } from './hyperliquidSimulator'
import { seedDydxState, seedHyperliquidState } from './seed'

export type { VenueFailure } from './createVenueServer'
export type { DydxSimMarket, DydxSimPosition, DydxSimState, DydxSimSubaccount } from './dydxSimulator'
export { computeSubaccount } from './dydxSimulator'
export type {
  HyperliquidSimMarket,
  HyperliquidSimPosition,
  HyperliquidSimState,
  HyperliquidSimUser,
} from './hyperliquidSimulator'
export { computeClearinghouseState, formatHyperliquidDecimal } from './hyperliquidSimulator'
export { PRICE_CONTROL_PATH, type PriceChange } from './priceControl'
export { seedDydxState, seedHyperliquidState } from './seed'
export type { DydxSimulatorControl, HyperliquidSimulatorControl }

export type StartSimulatorsOptions = {
  /** Seed the demo accounts of test/harness/demoAccounts.ts (default true). Markets are always there. */
  seed?: boolean
}

export type StartSimulatorsReturnType = {
  /** Base URL for `HYPERLIQUID_API_URL` (the adapter posts to `${url}/info`). */
  hyperliquidUrl: string
  /** Base URL for `DYDX_INDEXER_URL` (the adapter gets `${url}/v4/...`). */
  dydxIndexerUrl: string
  close(): Promise<void>
  hyperliquid: HyperliquidSimulatorControl
  dydx: DydxSimulatorControl
}

/**
 * Starts the Hyperliquid and dYdX indexer simulators on 127.0.0.1 (OS-assigned ports). The
 * caller stops them with `close()`.
 *
 * @example
 * const sims = await startSimulators()
 * sims.hyperliquid.setMarkPrice('BTC', '96000.0')
 * await sims.close()
 */
export async function startSimulators(options: StartSimulatorsOptions = {}): Promise<StartSimulatorsReturnType> {
  const seed = options.seed ?? true
  const [hl, dydx] = await Promise.all([
    startHyperliquidSimulator(seedHyperliquidState(seed)),
    startDydxSimulator(seedDydxState(seed)),
  ])
  return {
    hyperliquidUrl: hl.url,
    dydxIndexerUrl: dydx.url,
    close: async () => {
      await Promise.all([hl.close(), dydx.close()])
    },
    hyperliquid: hl.control,
    dydx: dydx.control,
  }
}
