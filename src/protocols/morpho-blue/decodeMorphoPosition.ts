import { type Address, getAddress } from 'viem'
import {
  type AssetIdentity,
  computeCollateralPriceUsd,
  type D,
  type MorphoBlueSnapshot,
  type PriceQuote,
  toDecimalString,
} from '../../engine'
import type { AssetMapping } from '../assets/identifyAsset'
import { toAssetIdentity } from '../assets/identifyAsset'
import type { MorphoReference } from './types'

/** The loan token's USD price and where it comes from. */
export type MorphoLoanPrice = { priceUsd: D; source: string; timestampSec: number }

export type DecodeMorphoPositionParameters = {
  reference: MorphoReference
  account: Address
  blockNumber: bigint
  blockTimestamp: bigint
  /** `Morpho.market(id)`. */
  market: readonly [bigint, bigint, bigint, bigint, bigint, bigint]
  /** `Morpho.position(id, account)`. */
  position: readonly [bigint, bigint, bigint]
  /** `IOracle.price()`. */
  oraclePrice: bigint
  /** The rate from `market`'s lastUpdate to the block: `IIrm.borrowRateView(params, market)` at the same block; 0n without an IRM, a borrow, or anything left to accrue (a market read after `accrueInterest`). */
  borrowRate: bigint
  loanPrice: MorphoLoanPrice
  /** Registry mappings of the loan and collateral tokens, with their exchange rates where read. */
  assets: {
    loan: AssetMapping
    collateral: AssetMapping
    loanRate?: bigint | undefined
    collateralRate?: bigint | undefined
  }
}

/**
 * One account's position in one market as the engine's `MorphoBlueSnapshot`, or `undefined` when
 * it holds nothing there (no supply, borrow or collateral). Pure. The collateral's USD price is
 * the oracle's price times the loan token's (`computeCollateralPriceUsd`, exact), so the engine
 * recovers the oracle's integer from it.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/interfaces/IMorpho.sol
 */
export function decodeMorphoPosition({
  reference,
  account,
  blockNumber,
  blockTimestamp,
  market,
  position,
  oraclePrice,
  borrowRate,
  loanPrice,
  assets,
}: DecodeMorphoPositionParameters): MorphoBlueSnapshot | undefined {
  const [supplyShares, borrowShares, collateral] = position
  if (supplyShares === 0n && borrowShares === 0n && collateral === 0n) return undefined
  const [totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee] = market
  const { loanToken, collateralToken } = reference
  const asOfSec = Number(blockTimestamp)
  const loanKey = loanToken.symbol
  const collateralKey =
    collateralToken.symbol === loanToken.symbol ? `${collateralToken.symbol}:collateral` : collateralToken.symbol
  const loanIdentity = toAssetIdentity(assets.loan, assets.loanRate)
  const collateralIdentity = toAssetIdentity(assets.collateral, assets.collateralRate)
  const classOf = (identity: AssetIdentity): PriceQuote['class'] =>
    identity.underlying === 'USD' ? 'stable' : 'crypto'
  const collateralPriceUsd = computeCollateralPriceUsd({
    oraclePrice,
    loanPriceUsd: loanPrice.priceUsd,
    loanDecimals: loanToken.decimals,
    collateralDecimals: collateralToken.decimals,
  })
  return {
    model: 'morpho-blue',
    venue: 'morpho-blue',
    chainId: reference.chainId,
    account: getAddress(account),
    marginAccountId: `market:${reference.marketId}`,
    asOfSec,
    blockNumber: blockNumber.toString(),
    morpho: reference.morpho,
    marketId: reference.marketId,
    marketParams: {
      loanToken: loanToken.address,
      collateralToken: collateralToken.address,
      oracle: reference.oracle,
      irm: reference.irm,
      lltv: reference.lltv,
    },
    loanToken: { ...loanToken, priceKey: loanKey },
    collateralToken: { ...collateralToken, priceKey: collateralKey },
    market: {
      totalSupplyAssets: totalSupplyAssets.toString(),
      totalSupplyShares: totalSupplyShares.toString(),
      totalBorrowAssets: totalBorrowAssets.toString(),
      totalBorrowShares: totalBorrowShares.toString(),
      lastUpdate: Number(lastUpdate),
      fee: fee.toString(),
    },
    position: {
      supplyShares: supplyShares.toString(),
      borrowShares: borrowShares.toString(),
      collateral: collateral.toString(),
    },
    borrowRate: borrowRate.toString(),
    prices: {
      [loanKey]: {
        priceUsd: toDecimalString(loanPrice.priceUsd),
        source: loanPrice.source,
        timestampSec: loanPrice.timestampSec,
        class: classOf(loanIdentity),
        asset: loanIdentity,
      },
      [collateralKey]: {
        priceUsd: toDecimalString(collateralPriceUsd),
        source: `morpho-oracle ${reference.oracle}`,
        timestampSec: asOfSec,
        class: classOf(collateralIdentity),
        asset: collateralIdentity,
      },
    },
  }
}
