/**
 * Morpho Blue snapshots for pure tests: a WETH/USDC market at 86 % LLTV with a USDC oracle at par,
 * amounts in token wei.
 */

import { dec } from '../../../../src/engine/decimal'
import { computeCollateralPriceUsd, type MorphoBlueSnapshot } from '../../../../src/engine/morpho-blue'

export const WAD = 10n ** 18n
export const LLTV_86 = 86n * 10n ** 16n
export const LLTV_77 = 77n * 10n ** 16n
/** USDC per WETH in the oracle's 36 + 6 − 18 = 24 decimals. */
export const usdcPerWeth = (usdc: bigint) => usdc * 10n ** 24n

export type MarketFixture = {
  collateral?: bigint
  borrowShares?: bigint
  supplyShares?: bigint
  totalSupplyAssets?: bigint
  totalSupplyShares?: bigint
  totalBorrowAssets?: bigint
  totalBorrowShares?: bigint
  lastUpdate?: number
  fee?: bigint
  oraclePrice?: bigint
  borrowRate?: bigint
  lltv?: bigint
  asOfSec?: number
}

export function morphoSnapshot(fixture: MarketFixture = {}): MorphoBlueSnapshot {
  const oraclePrice = fixture.oraclePrice ?? usdcPerWeth(3_000n)
  const asOfSec = fixture.asOfSec ?? 1_764_000_000
  return {
    model: 'morpho-blue',
    venue: 'morpho-blue',
    chainId: 1,
    account: '0x00000000000000000000000000000000000000a1',
    marginAccountId: 'market:0x01',
    asOfSec,
    morpho: '0x00000000000000000000000000000000000000b1',
    marketId: '0x01',
    marketParams: {
      loanToken: '0x00000000000000000000000000000000000000c1',
      collateralToken: '0x00000000000000000000000000000000000000c2',
      oracle: '0x00000000000000000000000000000000000000c3',
      irm: '0x00000000000000000000000000000000000000c4',
      lltv: (fixture.lltv ?? LLTV_86).toString(),
    },
    loanToken: { address: '0x00000000000000000000000000000000000000c1', symbol: 'USDC', decimals: 6, priceKey: 'USDC' },
    collateralToken: {
      address: '0x00000000000000000000000000000000000000c2',
      symbol: 'WETH',
      decimals: 18,
      priceKey: 'WETH',
    },
    market: {
      totalSupplyAssets: (fixture.totalSupplyAssets ?? 1_000_000n * 10n ** 6n).toString(),
      totalSupplyShares: (fixture.totalSupplyShares ?? 1_000_000n * 10n ** 12n).toString(),
      totalBorrowAssets: (fixture.totalBorrowAssets ?? 15_000n * 10n ** 6n).toString(),
      totalBorrowShares: (fixture.totalBorrowShares ?? 15_000n * 10n ** 12n).toString(),
      lastUpdate: fixture.lastUpdate ?? asOfSec,
      fee: (fixture.fee ?? 0n).toString(),
    },
    position: {
      supplyShares: (fixture.supplyShares ?? 0n).toString(),
      borrowShares: (fixture.borrowShares ?? 15_000n * 10n ** 12n).toString(),
      collateral: (fixture.collateral ?? 10n * WAD).toString(),
    },
    borrowRate: (fixture.borrowRate ?? 0n).toString(),
    prices: {
      USDC: { priceUsd: '1', source: 'par', timestampSec: asOfSec, class: 'stable' },
      WETH: {
        priceUsd: computeCollateralPriceUsd({
          oraclePrice,
          loanPriceUsd: dec('1'),
          loanDecimals: 6,
          collateralDecimals: 18,
        }).toFixed(),
        source: 'morpho-oracle',
        timestampSec: asOfSec,
        class: 'crypto',
      },
    },
  }
}

/** The snapshot with the collateral priced at `oraclePrice` (loan price unchanged). */
export function withOraclePrice(snapshot: MorphoBlueSnapshot, oraclePrice: bigint): MorphoBlueSnapshot {
  const loanPriceUsd = dec(snapshot.prices[snapshot.loanToken.priceKey]?.priceUsd ?? '1')
  const priceUsd = computeCollateralPriceUsd({
    oraclePrice,
    loanPriceUsd,
    loanDecimals: snapshot.loanToken.decimals,
    collateralDecimals: snapshot.collateralToken.decimals,
  }).toFixed()
  const key = snapshot.collateralToken.priceKey
  const current = snapshot.prices[key]
  if (!current) throw new Error(`no ${key} price`)
  return { ...snapshot, prices: { ...snapshot.prices, [key]: { ...current, priceUsd } } }
}

/** The snapshot with `key` priced at `priceUsd`. */
export function withPriceUsd(snapshot: MorphoBlueSnapshot, key: string, priceUsd: string): MorphoBlueSnapshot {
  const current = snapshot.prices[key]
  if (!current) throw new Error(`no ${key} price`)
  return { ...snapshot, prices: { ...snapshot.prices, [key]: { ...current, priceUsd } } }
}
