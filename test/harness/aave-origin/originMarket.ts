/**
 * A small v3.6 market with realistic parameters: 6, 8 and 18 decimal assets, an ETH-correlated e-mode
 * and a stablecoin e-mode. No LTV-zero flag is set at deployment: v3.6 refuses to let a user enter an
 * e-mode in which one of their collaterals has LTV 0 (`InvalidCollateralInEmode`), so an LTV-zero
 * e-mode position arises when the admin flags an asset under existing users (`setAssetLtvzeroInEMode`).
 */
import type { Address } from 'viem'
import type { AnvilClient } from '../aave/createAnvilClient'
import { supply } from './actions'
import type { AaveOriginMarket, AaveOriginMarketConfig } from './deployAaveOriginMarket'

export const ORIGIN_ETH_EMODE = 1
export const ORIGIN_STABLE_EMODE = 2

export const ORIGIN_MARKET: AaveOriginMarketConfig = {
  marketId: 'Solvent v3.6',
  reserves: [
    {
      symbol: 'WETH',
      decimals: 18,
      priceRaw: 3_000_00000000n,
      ltv: 8000,
      liquidationThreshold: 8250,
      liquidationBonus: 10500,
    },
    {
      symbol: 'WSTETH',
      decimals: 18,
      priceRaw: 3_400_00000000n,
      ltv: 7000,
      liquidationThreshold: 7500,
      liquidationBonus: 10700,
    },
    {
      symbol: 'USDC',
      decimals: 6,
      priceRaw: 1_00000000n,
      ltv: 7500,
      liquidationThreshold: 7800,
      liquidationBonus: 10450,
      rate: { optimalUsageRatio: 9000, baseVariableBorrowRate: 0, variableRateSlope1: 600, variableRateSlope2: 6000 },
    },
    {
      symbol: 'DAI',
      decimals: 18,
      priceRaw: 99_980000n,
      ltv: 6300,
      liquidationThreshold: 7700,
      liquidationBonus: 10500,
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
  ],
  eModeCategories: [
    {
      id: ORIGIN_ETH_EMODE,
      label: 'ETH correlated',
      ltv: 9000,
      liquidationThreshold: 9300,
      liquidationBonus: 10100,
      collateral: ['WETH', 'WSTETH'],
      borrowable: ['WETH'],
    },
    {
      id: ORIGIN_STABLE_EMODE,
      label: 'Stablecoins',
      ltv: 9300,
      liquidationThreshold: 9500,
      liquidationBonus: 10100,
      collateral: ['USDC', 'DAI'],
      borrowable: ['USDC', 'DAI'],
    },
  ],
}

/** Whole tokens a liquidity provider supplies to every reserve of `ORIGIN_MARKET`. */
export const ORIGIN_LIQUIDITY: Record<string, bigint> = {
  WETH: 10_000n,
  WSTETH: 10_000n,
  USDC: 50_000_000n,
  DAI: 50_000_000n,
  WBTC: 1_000n,
}

/** Supplies `ORIGIN_LIQUIDITY` from `provider` so that users can borrow every asset. */
export async function provideOriginLiquidity(client: AnvilClient, market: AaveOriginMarket, provider: Address) {
  for (const [symbol, whole] of Object.entries(ORIGIN_LIQUIDITY)) {
    const decimals = market.reserves[symbol]?.decimals ?? 18
    await supply(client, market, { user: provider, symbol, amount: whole * 10n ** BigInt(decimals) })
  }
}
