import { toSharesDown, wMulDown, wTaylorCompounded } from './mathLib'
import type { MorphoBlueMarketRaw, MorphoBlueMarketState } from './types'

export type ComputeAccruedMarketParameters = {
  market: MorphoBlueMarketRaw
  /** `IIrm.borrowRate` for the period, WAD per second. */
  borrowRate: bigint
  /** Unix seconds to accrue to (the block timestamp of the next interaction). */
  nowSec: bigint
}

export type ComputeAccruedMarketReturnType = {
  market: MorphoBlueMarketRaw
  /** Interest added to both totals, loan token wei. */
  interest: bigint
  /** Supply shares minted to the fee recipient. */
  feeShares: bigint
}

/**
 * The market as `Morpho._accrueInterest` leaves it at `nowSec`: interest =
 * totalBorrowAssets × wTaylorCompounded(rate, elapsed) (wMulDown) added to both totals, the fee's
 * part of it minted as supply shares (`toSharesDown` against the total supply less the fee amount),
 * `lastUpdate` moved to `nowSec`. A time before `lastUpdate` accrues nothing (the chain never goes
 * back; such a time can only come from a caller's clock).
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/Morpho.sol (_accrueInterest)
 * @example
 * const { market } = computeAccruedMarket({ market: raw, borrowRate: 317097919n, nowSec: 1_764_000_000n })
 */
export function computeAccruedMarket({
  market,
  borrowRate,
  nowSec,
}: ComputeAccruedMarketParameters): ComputeAccruedMarketReturnType {
  const elapsed = nowSec - market.lastUpdate
  if (elapsed <= 0n) return { market, interest: 0n, feeShares: 0n }
  const interest = wMulDown(market.totalBorrowAssets, wTaylorCompounded(borrowRate, elapsed))
  const totalBorrowAssets = market.totalBorrowAssets + interest
  const totalSupplyAssets = market.totalSupplyAssets + interest
  let feeShares = 0n
  if (market.fee !== 0n) {
    const feeAmount = wMulDown(interest, market.fee)
    feeShares = toSharesDown(feeAmount, totalSupplyAssets - feeAmount, market.totalSupplyShares)
  }
  return {
    market: {
      ...market,
      totalBorrowAssets,
      totalSupplyAssets,
      totalSupplyShares: market.totalSupplyShares + feeShares,
      lastUpdate: nowSec,
    },
    interest,
    feeShares,
  }
}

/** The stored market's strings as bigint. */
export function toMarketRaw(market: MorphoBlueMarketState): MorphoBlueMarketRaw {
  return {
    totalSupplyAssets: BigInt(market.totalSupplyAssets),
    totalSupplyShares: BigInt(market.totalSupplyShares),
    totalBorrowAssets: BigInt(market.totalBorrowAssets),
    totalBorrowShares: BigInt(market.totalBorrowShares),
    lastUpdate: BigInt(market.lastUpdate),
    fee: BigInt(market.fee),
  }
}
