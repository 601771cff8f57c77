/**
 * Cascade fixtures: Aave v3 markets priced as an adapter prices them (WETH on ETH, USDC on USD),
 * Morpho Blue, Hyperliquid and dYdX v4 margin accounts on the same ETH price.
 */
import type { AaveV3RulesVersion, AaveV3Snapshot } from '../../../../src/engine/aave-v3'
import type { CascadeAccount } from '../../../../src/engine/cascade'
import type { MorphoBlueSnapshot } from '../../../../src/engine/morpho-blue'
import type { DydxV4Snapshot, HyperliquidSnapshot } from '../../../../src/engine/perps'
import type { PriceQuote } from '../../../../src/engine/types'
import { snapshotFixture, wei } from '../aave-v3/fixtures'
import { morphoSnapshot, usdcPerWeth } from '../morpho-blue/fixtures'

export const NOW = 1_700_000_000

export const weth = (priceUsd: string): PriceQuote => ({
  priceUsd,
  source: 'aave-oracle',
  timestampSec: NOW,
  class: 'crypto',
  asset: { symbol: 'WETH', underlying: 'ETH', exchangeRate: '1', rateSource: 'par' },
})
export const usdc = (priceUsd = '1'): PriceQuote => ({
  priceUsd,
  source: 'aave-oracle',
  timestampSec: NOW,
  class: 'stable',
  asset: { symbol: 'USDC', underlying: 'USD', exchangeRate: '1', rateSource: 'par' },
})

export type AaveAccountFixture = {
  /** Whole WETH supplied. */
  wethSupplied: string
  /** Whole USDC borrowed. */
  usdcBorrowed: string
  priceUsd?: string
  rules?: AaveV3RulesVersion
  liquidationThreshold?: number
  ltv?: number
  liquidationBonus?: number
  liquidationProtocolFee?: number
}

/** An Aave v3 account: WETH collateral, USDC variable debt, indexes at 1 (scaled = balance). */
export function aaveAccount(id: string, fixture: AaveAccountFixture): CascadeAccount {
  const snapshot: AaveV3Snapshot = snapshotFixture({
    rules: fixture.rules ?? 'v3.0-3.2',
    reserves: [
      {
        symbol: 'WETH',
        priceUsd: fixture.priceUsd ?? '2000',
        supplied: wei(fixture.wethSupplied),
        liquidationThreshold: fixture.liquidationThreshold ?? 8250,
        ltv: fixture.ltv ?? 8000,
        liquidationBonus: fixture.liquidationBonus ?? 10500,
        liquidationProtocolFee: fixture.liquidationProtocolFee ?? 0,
      },
      { symbol: 'USDC', decimals: 6, priceUsd: '1', borrowed: wei(fixture.usdcBorrowed, 6) },
    ],
  })
  snapshot.account = id
  snapshot.prices = { WETH: weth(fixture.priceUsd ?? '2000'), USDC: usdc() }
  return { id, snapshot: { ...snapshot, asOfSec: NOW }, nowSec: NOW }
}

/** A Morpho Blue WETH/USDC borrower at 86 % LLTV, WETH at `priceUsd` (an integer). */
export function morphoAccount(
  id: string,
  collateralWei: bigint,
  borrowShares: bigint,
  priceUsd = 2000n,
): CascadeAccount {
  const snapshot: MorphoBlueSnapshot = morphoSnapshot({
    collateral: collateralWei,
    borrowShares,
    oraclePrice: usdcPerWeth(priceUsd),
    asOfSec: NOW,
  })
  const wethQuote = snapshot.prices.WETH as PriceQuote
  snapshot.prices = {
    USDC: usdc(),
    WETH: { ...wethQuote, asset: { symbol: 'WETH', underlying: 'ETH', exchangeRate: '1', rateSource: 'par' } },
  }
  return { id, snapshot: { ...snapshot, account: id }, nowSec: NOW }
}

const perpQuote = (priceUsd: string): PriceQuote => ({ priceUsd, source: 'mark', timestampSec: NOW, class: 'crypto' })

/** A Hyperliquid cross account long `size` ETH, with `rawUsd` in its ledger. */
export function hyperliquidAccount(id: string, size: string, rawUsd: string, priceUsd = '2000'): CascadeAccount {
  const snapshot: HyperliquidSnapshot = {
    model: 'hyperliquid',
    venue: 'hyperliquid',
    account: id,
    marginAccountId: 'cross',
    asOfSec: NOW,
    marginMode: 'cross',
    rawUsd,
    prices: { ETH: perpQuote(priceUsd), USDC: { ...perpQuote('1'), class: 'stable' } },
    positions: [{ coin: 'ETH', szi: size, entryPx: priceUsd, leverage: 20 }],
    params: { assets: { ETH: { maxLeverage: 25 } } },
  }
  return { id, snapshot, nowSec: NOW }
}

/** A dYdX v4 subaccount long `size` ETH-USD (maintenance 3 %), with `quoteBalance`. */
export function dydxAccount(id: string, size: string, quoteBalance: string, priceUsd = '2000'): CascadeAccount {
  const snapshot: DydxV4Snapshot = {
    model: 'dydx-v4',
    venue: 'dydx-v4',
    account: id,
    marginAccountId: 'subaccount:0',
    asOfSec: NOW,
    quoteBalance,
    prices: { ETH: perpQuote(priceUsd), USDC: { ...perpQuote('1'), class: 'stable' } },
    positions: [{ market: 'ETH-USD', size, entryPrice: priceUsd }],
    params: {
      markets: {
        'ETH-USD': {
          underlying: 'ETH',
          initialMarginFraction: '0.05',
          maintenanceMarginFraction: '0.03',
          openInterest: '1000',
        },
      },
    },
  }
  return { id, snapshot, nowSec: NOW }
}
