/**
 * A small market with realistic parameters (6, 8 and 18 decimal assets, two e-mode categories,
 * one with a v3.0 price source) shared by the tests and the local sandbox.
 */
import type { Address } from 'viem'
import { supply } from './actions'
import type { AnvilClient } from './createAnvilClient'
import type { AaveMarket, AaveMarketConfig } from './deployAaveMarket'

export const ETH_EMODE = 1
export const STABLE_EMODE = 2

export const SANDBOX_MARKET: AaveMarketConfig = {
  marketId: 'Solvent sandbox',
  reserves: [
    {
      symbol: 'WETH',
      decimals: 18,
      priceRaw: 3_000_00000000n,
      ltv: 8000,
      liquidationThreshold: 8250,
      liquidationBonus: 10500,
      eModeCategory: ETH_EMODE,
    },
    {
      symbol: 'WSTETH',
      decimals: 18,
      priceRaw: 3_400_00000000n,
      ltv: 7000,
      liquidationThreshold: 7500,
      liquidationBonus: 10700,
      eModeCategory: ETH_EMODE,
    },
    {
      symbol: 'USDC',
      decimals: 6,
      priceRaw: 1_00000000n,
      ltv: 7500,
      liquidationThreshold: 8000,
      liquidationBonus: 10450,
      stableBorrowingEnabled: true,
      eModeCategory: STABLE_EMODE,
    },
    {
      symbol: 'DAI',
      decimals: 18,
      priceRaw: 99_980000n,
      ltv: 6300,
      liquidationThreshold: 7700,
      liquidationBonus: 10500,
      eModeCategory: STABLE_EMODE,
    },
    {
      symbol: 'WBTC',
      decimals: 8,
      priceRaw: 60_000_00000000n,
      ltv: 7000,
      liquidationThreshold: 7500,
      liquidationBonus: 10650,
      liquidationProtocolFee: 2000,
    },
    {
      symbol: 'LINK',
      decimals: 18,
      priceRaw: 15_00000000n,
      ltv: 5000,
      liquidationThreshold: 6500,
      liquidationBonus: 10750,
    },
  ],
  eModeCategories: [
    {
      id: ETH_EMODE,
      label: 'ETH correlated',
      ltv: 9000,
      liquidationThreshold: 9300,
      liquidationBonus: 10100,
      priceSource: 'WETH',
    },
    { id: STABLE_EMODE, label: 'Stablecoins', ltv: 9300, liquidationThreshold: 9500, liquidationBonus: 10100 },
  ],
}

/** Whole tokens a liquidity provider supplies to every reserve of `SANDBOX_MARKET`. */
export const SANDBOX_LIQUIDITY: Record<string, bigint> = {
  WETH: 10_000n,
  WSTETH: 10_000n,
  USDC: 50_000_000n,
  DAI: 50_000_000n,
  WBTC: 1_000n,
  LINK: 1_000_000n,
}

/** Supplies `SANDBOX_LIQUIDITY` from `provider` so that users can borrow every asset. */
export async function provideLiquidity(client: AnvilClient, market: AaveMarket, provider: Address): Promise<void> {
  for (const [symbol, whole] of Object.entries(SANDBOX_LIQUIDITY)) {
    const decimals = market.reserves[symbol]?.decimals ?? 18
    await supply(client, market, { user: provider, symbol, amount: whole * 10n ** BigInt(decimals) })
  }
}
