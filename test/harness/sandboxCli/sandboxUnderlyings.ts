/** The venues whose prices the sandbox moves. */
export type SandboxVenue = 'aave-v3' | 'morpho-blue' | 'hyperliquid' | 'dydx-v4'

/**
 * One price feed of an underlying on a venue: an Aave reserve's oracle (on every chain), a Morpho Blue
 * market's oracle (by its collateral: the price of the collateral in the loan token, USDC, which the Worker
 * takes at par, so USDC's own moves leave Morpho's oracles alone), a Hyperliquid coin, a dYdX market. `follows` names the feed of the same venue and chain whose ratio it keeps when
 * the underlying gets an absolute price (wstETH stays at its exchange rate to ETH).
 */
export type SandboxFeed = { venue: SandboxVenue; asset: string; follows?: string | undefined }

/**
 * Every underlying whose price `npm run sandbox -- price` moves, and the feeds that carry it in the
 * sandbox (test/harness/aave/sandboxMarket.ts, test/harness/simulators/seed.ts). Stablecoins move by
 * their own symbol, for depeg scenarios.
 */
export const SANDBOX_UNDERLYINGS: Readonly<Record<string, readonly SandboxFeed[]>> = {
  ETH: [
    { venue: 'aave-v3', asset: 'WETH' },
    { venue: 'aave-v3', asset: 'WSTETH', follows: 'WETH' },
    { venue: 'morpho-blue', asset: 'WETH' },
    { venue: 'hyperliquid', asset: 'ETH' },
    { venue: 'dydx-v4', asset: 'ETH-USD' },
  ],
  BTC: [
    { venue: 'aave-v3', asset: 'WBTC' },
    { venue: 'morpho-blue', asset: 'WBTC' },
    { venue: 'hyperliquid', asset: 'BTC' },
    { venue: 'dydx-v4', asset: 'BTC-USD' },
  ],
  SOL: [
    { venue: 'hyperliquid', asset: 'SOL' },
    { venue: 'dydx-v4', asset: 'SOL-USD' },
  ],
  LINK: [{ venue: 'aave-v3', asset: 'LINK' }],
  USDC: [{ venue: 'aave-v3', asset: 'USDC' }],
  DAI: [{ venue: 'aave-v3', asset: 'DAI' }],
}
