import { dec, toRaw } from '../decimal'
import { EngineInputError } from '../errors'
import type { WhatIfChange } from '../whatIf/types'
import { computeAccruedMarket, toMarketRaw } from './computeAccruedMarket'
import { toSharesDown, toSharesUp, zeroFloorSub } from './mathLib'
import type { MorphoBlueSnapshot, MorphoBlueToken } from './types'

export type ApplyMorphoBlueChangeParameters = {
  snapshot: MorphoBlueSnapshot
  change: Extract<WhatIfChange, { kind: 'deposit' | 'withdraw' | 'borrow' | 'repay' }>
  /** Unix seconds the change happens at: the market is accrued to it first, as the Morpho entry points do. */
  nowSec: number
}

/**
 * A deposit, withdrawal, borrow or repay booked as the Morpho contract books it at `nowSec`,
 * after `_accrueInterest` (except `supplyCollateral`, which does not accrue):
 * - the collateral token: `supplyCollateral` / `withdrawCollateral` move `position.collateral`;
 * - the loan token, deposit / withdraw: `supply` mints `assets.toSharesDown(…)` supply shares,
 *   `withdraw` burns `assets.toSharesUp(…)`;
 * - borrow: `assets.toSharesUp(totalBorrowAssets, totalBorrowShares)` borrow shares;
 * - repay: `assets.toSharesDown(…)` shares off, the borrow total floored at 0 (`zeroFloorSub`).
 *
 * A change the contract would refuse for a reason other than health is refused here too: more
 * collateral, supply or debt than the account has (underflow), or a borrow or withdrawal the
 * market's liquidity does not cover (`insufficient liquidity`). A borrow or withdrawal that
 * leaves the position unhealthy is applied, so the report shows how far.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/Morpho.sol (supply, withdraw, borrow, repay, supplyCollateral, withdrawCollateral)
 * @example
 * applyMorphoBlueChange({ snapshot, change: { kind: 'borrow', asset: 'USDC', amount: '1000' }, nowSec })
 */
export function applyMorphoBlueChange({
  snapshot,
  change,
  nowSec,
}: ApplyMorphoBlueChangeParameters): MorphoBlueSnapshot {
  const token = morphoBlueTokenOf(snapshot, change.asset)
  const amount = dec(change.amount)
  if (amount.lte(0)) throw new EngineInputError('Amounts must be positive; use withdraw or repay to reduce.')
  const assets = toRaw(amount, token.decimals)
  if (assets === 0n) {
    throw new EngineInputError(`${change.amount} ${token.symbol} is less than one unit of the token.`)
  }
  const isCollateral = token === snapshot.collateralToken
  // `supplyCollateral` is the one entry point that does not accrue interest (it needs no market total).
  const stored = toMarketRaw(snapshot.market)
  const market =
    isCollateral && change.kind === 'deposit'
      ? stored
      : computeAccruedMarket({ market: stored, borrowRate: BigInt(snapshot.borrowRate), nowSec: BigInt(nowSec) }).market
  const position = {
    supplyShares: BigInt(snapshot.position.supplyShares),
    borrowShares: BigInt(snapshot.position.borrowShares),
    collateral: BigInt(snapshot.position.collateral),
  }

  if (isCollateral) {
    if (change.kind === 'borrow' || change.kind === 'repay') {
      throw new EngineInputError(
        `${token.symbol} is the collateral of this Morpho market: it cannot be borrowed or repaid.`,
      )
    }
    if (change.kind === 'withdraw' && assets > position.collateral) {
      throw new EngineInputError(`Cannot withdraw more ${token.symbol} than the collateral supplied.`)
    }
    position.collateral += change.kind === 'deposit' ? assets : -assets
  } else if (change.kind === 'deposit') {
    const shares = toSharesDown(assets, market.totalSupplyAssets, market.totalSupplyShares)
    position.supplyShares += shares
    market.totalSupplyShares += shares
    market.totalSupplyAssets += assets
  } else if (change.kind === 'withdraw') {
    const shares = toSharesUp(assets, market.totalSupplyAssets, market.totalSupplyShares)
    if (shares > position.supplyShares)
      throw new EngineInputError(`Cannot withdraw more ${token.symbol} than is supplied.`)
    position.supplyShares -= shares
    market.totalSupplyShares -= shares
    market.totalSupplyAssets -= assets
    if (market.totalBorrowAssets > market.totalSupplyAssets) throw insufficientLiquidity(token)
  } else if (change.kind === 'borrow') {
    const shares = toSharesUp(assets, market.totalBorrowAssets, market.totalBorrowShares)
    position.borrowShares += shares
    market.totalBorrowShares += shares
    market.totalBorrowAssets += assets
    if (market.totalBorrowAssets > market.totalSupplyAssets) throw insufficientLiquidity(token)
  } else {
    const shares = toSharesDown(assets, market.totalBorrowAssets, market.totalBorrowShares)
    if (shares > position.borrowShares) throw new EngineInputError(`Cannot repay more ${token.symbol} than is owed.`)
    position.borrowShares -= shares
    market.totalBorrowShares -= shares
    market.totalBorrowAssets = zeroFloorSub(market.totalBorrowAssets, assets)
  }

  return {
    ...snapshot,
    market: {
      totalSupplyAssets: market.totalSupplyAssets.toString(),
      totalSupplyShares: market.totalSupplyShares.toString(),
      totalBorrowAssets: market.totalBorrowAssets.toString(),
      totalBorrowShares: market.totalBorrowShares.toString(),
      lastUpdate: Number(market.lastUpdate),
      fee: market.fee.toString(),
    },
    position: {
      supplyShares: position.supplyShares.toString(),
      borrowShares: position.borrowShares.toString(),
      collateral: position.collateral.toString(),
    },
  }
}

/** The market token a what-if names, by symbol or price key (case-insensitive). */
export function morphoBlueTokenOf(snapshot: MorphoBlueSnapshot, asset: string): MorphoBlueToken {
  const name = asset.toUpperCase()
  const matches = (token: MorphoBlueToken) =>
    token.symbol.toUpperCase() === name || token.priceKey.toUpperCase() === name
  if (matches(snapshot.collateralToken)) return snapshot.collateralToken
  if (matches(snapshot.loanToken)) return snapshot.loanToken
  throw new EngineInputError(
    `"${asset}" is neither the loan token (${snapshot.loanToken.symbol}) nor the collateral (${snapshot.collateralToken.symbol}) of this Morpho market.`,
  )
}

function insufficientLiquidity(token: MorphoBlueToken): EngineInputError {
  return new EngineInputError(
    `The Morpho market does not have the ${token.symbol} liquidity for this (insufficient liquidity).`,
  )
}
