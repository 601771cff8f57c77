/**
 * One liquidation of one margin account, per venue, as the cascade runs it: the venue's own rule
 * decides how much is repaid and seized (Aave v3 per release through `computeLiquidationCall`,
 * Morpho Blue through `computeLiquidation`), or how much of a perp book is closed (Hyperliquid,
 * dYdX v4, as they document it). Each returns the margin account after it and the order it sends
 * to market; perps are booked only once the round's fill price is known (`settle`).
 */
import { aaveV3Features } from '../aave-v3/aaveV3Features'
import { type ComputeLiquidationCallReturnType, computeLiquidationCall } from '../aave-v3/computeLiquidationCall'
import { computeStableDebt } from '../aave-v3/computeStableDebt'
import { type AaveV3UserReserveState, computeUserReserves } from '../aave-v3/computeUserReserves'
import type { AaveV3Snapshot, AaveV3UserReserve } from '../aave-v3/types'
import { MAX_UINT256, rayDiv, rayDivCeil, rayDivFloor } from '../aave-v3/wadRay'
import { assetOf } from '../assetOf'
import { D, dec, fromRaw, toDecimalString, ZERO } from '../decimal'
import { evaluateMarginAccount, type MarginAccountSnapshot } from '../evaluateMarginAccount'
import { computeAccruedMarket, toMarketRaw } from '../morpho-blue/computeAccruedMarket'
import { computeHealth } from '../morpho-blue/computeHealth'
import { computeLiquidation } from '../morpho-blue/computeLiquidation'
import { computeOraclePrice } from '../morpho-blue/computeOraclePrice'
import { minBigint, toAssetsUp } from '../morpho-blue/mathLib'
import type { MorphoBlueSnapshot } from '../morpho-blue/types'
import type { DydxV4Snapshot } from '../perps/dydx-v4/types'
import type { HyperliquidSnapshot } from '../perps/hyperliquid/types'
import type { PriceQuote } from '../types'
import { applyChanges } from '../whatIf/applyChanges'
import type { CascadeLiquidation } from './types'

/** Units of an underlying an order sells (positive) or buys (negative). */
export type Order = { underlying: string; soldUnits: D }

/** Fill price of the round, per underlying, for a given side (`sell` or `buy`). */
export type FillPrices = (underlying: string, side: 'sell' | 'buy') => D | undefined

export type Liquidation = {
  orders: Order[]
  /** The figures and the margin account after it, once the round's fills are known (lending: fixed already). */
  settle: (fills: FillPrices) => { figures: CascadeLiquidation; snapshot: MarginAccountSnapshot }
}

/** The margin account's price of a key, USD. */
const priceOf = (prices: Record<string, PriceQuote>, key: string): D => dec(prices[key]?.priceUsd ?? '0')

/** Units of the underlying that `amount` of the asset priced at `key` stands for. */
function underlyingUnits(prices: Record<string, PriceQuote>, key: string, amount: D): Order {
  const asset = assetOf(prices, key)
  return { underlying: asset.underlying, soldUnits: amount.mul(asset.exchangeRate) }
}

// ─── Aave v3 ──────────────────────────────────────────────────────────────────────────────────

/**
 * The `liquidationCall` a liquidator would send: the largest debt against the largest collateral
 * (the pair that pays the most bonus), for as much as the release's close factor allows
 * (`debtToCover = type(uint256).max`); when that pair reverts, the next pairs in the same order.
 * `undefined` when every pair reverts (or none exists).
 */
export function liquidateAaveV3(snapshot: AaveV3Snapshot, nowSec: number, id: string): Liquidation | undefined {
  const { reserves } = computeUserReserves({ snapshot, nowSec })
  const value = (amount: bigint, state: AaveV3UserReserveState) => (amount * state.priceRaw * 10n ** 18n) / state.unit
  const collaterals = reserves
    .filter((s) => s.supplied > 0n && s.reserve.user.usageAsCollateralEnabled)
    .sort((a, b) => cmpDesc(value(a.supplied, a), value(b.supplied, b)))
  const debts = reserves
    .filter((s) => s.variableDebt + s.stableDebt > 0n)
    .sort((a, b) => cmpDesc(value(a.variableDebt + a.stableDebt, a), value(b.variableDebt + b.stableDebt, b)))
  for (const debt of debts) {
    for (const collateral of collaterals) {
      const call = computeLiquidationCall({
        snapshot,
        nowSec,
        collateralAsset: collateral.reserve.underlying,
        debtAsset: debt.reserve.underlying,
        debtToCover: MAX_UINT256,
      })
      if (call.status !== 'ok' || call.debtToRepay === 0n) continue
      return aaveLiquidation(snapshot, nowSec, id, reserves, collateral, debt, call)
    }
  }
  return undefined
}

function aaveLiquidation(
  snapshot: AaveV3Snapshot,
  nowSec: number,
  id: string,
  reserves: readonly AaveV3UserReserveState[],
  collateral: AaveV3UserReserveState,
  debt: AaveV3UserReserveState,
  call: Extract<ComputeLiquidationCallReturnType, { status: 'ok' }>,
): Liquidation {
  const decimals = snapshot.oracle.baseCurrencyDecimals
  const usd = (amount: bigint, priceRaw: bigint, state: AaveV3UserReserveState) =>
    fromRaw(amount * priceRaw, decimals).div(state.unit.toString())
  const deficitUsd = call.deficits.reduce((sum, deficit) => {
    const state = reserves.find((s) => s.reserve.underlying === deficit.asset)
    return state ? sum.add(usd(deficit.amount, state.priceRaw, state)) : sum
  }, ZERO)
  const seized = call.collateralToLiquidator + call.protocolFee
  const figures: CascadeLiquidation = {
    id,
    venue: snapshot.venue,
    kind: 'aave-v3-liquidation-call',
    debtRepaidUsd: usd(call.debtToRepay, call.debtPriceRaw, debt),
    collateralSeizedUsd: usd(seized, call.collateralPriceRaw, collateral),
    soldUsd: usd(call.collateralToLiquidator, call.collateralPriceRaw, collateral),
    badDebtUsd: deficitUsd,
    aave: {
      collateralAsset: collateral.reserve.underlying,
      debtAsset: debt.reserve.underlying,
      debtToRepay: call.debtToRepay,
      collateralToLiquidator: call.collateralToLiquidator,
      protocolFee: call.protocolFee,
      liquidationBonus: call.liquidationBonus,
    },
  }
  const unitsOf = (amount: bigint, state: AaveV3UserReserveState) => fromRaw(amount, state.reserve.decimals)
  const sold = underlyingUnits(
    snapshot.prices,
    collateral.reserve.priceKey,
    unitsOf(call.collateralToLiquidator, collateral),
  )
  const bought = underlyingUnits(snapshot.prices, debt.reserve.priceKey, unitsOf(call.debtToRepay, debt))
  const after = bookAaveLiquidation(snapshot, reserves, collateral, debt, call, nowSec)
  return {
    orders: [sold, { underlying: bought.underlying, soldUnits: bought.soldUnits.neg() }],
    settle: () => ({ figures, snapshot: after }),
  }
}

/**
 * The user's balances after `liquidationCall`, as LiquidationLogic books them at `nowSec`:
 * - collateral: the liquidator's aTokens burnt and the protocol fee transferred, each
 *   `amount.rayDiv(index)` scaled (rounded up from v3.5: TokenMath getATokenBurnScaledAmount /
 *   getATokenTransferScaledAmount); the whole balance taken turns the collateral flag off;
 * - debt (`_burnDebtTokens`): variable debt first, the rest stable (v3.0–v3.2), `amount.rayDiv(index)`
 *   scaled (rounded down from v3.5: getVTokenBurnScaledAmount); stable debt re-based to now;
 * - v3.3+ with no collateral left (`_burnBadDebt`): every active reserve's variable debt burnt into deficits.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/LiquidationLogic.sol
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.6.0/src/contracts/protocol/libraries/logic/LiquidationLogic.sol
 */
function bookAaveLiquidation(
  snapshot: AaveV3Snapshot,
  reserves: readonly AaveV3UserReserveState[],
  collateral: AaveV3UserReserveState,
  debt: AaveV3UserReserveState,
  call: Extract<ComputeLiquidationCallReturnType, { status: 'ok' }>,
  nowSec: number,
): AaveV3Snapshot {
  const rounding = aaveV3Features(snapshot.rules).protocolFavourRounding
  const aTokenScaled = rounding ? rayDivCeil : rayDiv
  const vTokenScaled = rounding ? rayDivFloor : rayDiv
  const users = new Map<string, AaveV3UserReserve>()
  const userOf = (state: AaveV3UserReserveState) => users.get(state.reserve.underlying) ?? { ...state.reserve.user }

  const c = userOf(collateral)
  const scaledTaken =
    aTokenScaled(call.collateralToLiquidator, collateral.normalizedIncome) +
    (call.protocolFee === 0n ? 0n : aTokenScaled(call.protocolFee, collateral.normalizedIncome))
  c.scaledATokenBalance = clampAtZero(BigInt(c.scaledATokenBalance) - scaledTaken).toString()
  if (call.collateralFullyLiquidated) c.usageAsCollateralEnabled = false
  users.set(collateral.reserve.underlying, c)

  const d = userOf(debt)
  const fromVariable = minBigint(call.debtToRepay, debt.variableDebt)
  if (fromVariable > 0n) {
    const burnt = vTokenScaled(fromVariable, debt.normalizedDebt)
    d.scaledVariableDebt = clampAtZero(BigInt(d.scaledVariableDebt) - burnt).toString()
  }
  const fromStable = call.debtToRepay - fromVariable
  if (fromStable > 0n) {
    const principal = computeStableDebt({ user: d, nowSec }) - fromStable
    Object.assign(
      d,
      principal <= 0n
        ? { principalStableDebt: '0', stableBorrowRate: '0', stableBorrowLastUpdateTimestamp: 0 }
        : { principalStableDebt: principal.toString(), stableBorrowLastUpdateTimestamp: nowSec },
    )
  }
  users.set(debt.reserve.underlying, d)

  if (call.badDebtWrittenOff) {
    for (const state of reserves) {
      if (!state.reserve.active || state.variableDebt === 0n) continue
      users.set(state.reserve.underlying, { ...userOf(state), scaledVariableDebt: '0' })
    }
  }
  return {
    ...snapshot,
    reserves: snapshot.reserves.map((reserve) => {
      const user = users.get(reserve.underlying)
      return user ? { ...reserve, user } : reserve
    }),
  }
}

// ─── Morpho Blue ──────────────────────────────────────────────────────────────────────────────

/**
 * `Morpho.liquidate` for the borrower's whole debt (Morpho has no close factor), or, when that
 * would seize more collateral than there is, for all of the collateral (which realizes the rest
 * as bad debt). The incentive factor is the market's (`computeLiquidationIncentiveFactor`).
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/Morpho.sol (liquidate)
 * @see https://docs.morpho.org/learn/concepts/liquidation/
 */
export function liquidateMorphoBlue(snapshot: MorphoBlueSnapshot, nowSec: number, id: string): Liquidation | undefined {
  const { market } = computeAccruedMarket({
    market: toMarketRaw(snapshot.market),
    borrowRate: BigInt(snapshot.borrowRate),
    nowSec: BigInt(nowSec),
  })
  const position = {
    supplyShares: BigInt(snapshot.position.supplyShares),
    borrowShares: BigInt(snapshot.position.borrowShares),
    collateral: BigInt(snapshot.position.collateral),
  }
  if (position.borrowShares === 0n || position.collateral === 0n) return undefined
  const collateralPrice = computeOraclePrice({ snapshot })
  const lltv = BigInt(snapshot.marketParams.lltv)
  let result = computeLiquidation({ market, position, collateralPrice, lltv, repaidShares: position.borrowShares })
  if (result.status !== 'ok') {
    result = computeLiquidation({ market, position, collateralPrice, lltv, seizedAssets: position.collateral })
  }
  if (result.status !== 'ok' || result.repaidShares === 0n) return undefined
  const { loanToken, collateralToken, prices } = snapshot
  const loanUsd = (amount: bigint) => fromRaw(amount, loanToken.decimals).mul(priceOf(prices, loanToken.priceKey))
  const seizedUsd = fromRaw(result.seizedAssets, collateralToken.decimals).mul(
    priceOf(prices, collateralToken.priceKey),
  )
  const figures: CascadeLiquidation = {
    id,
    venue: snapshot.venue,
    kind: 'morpho-blue-liquidate',
    debtRepaidUsd: loanUsd(result.repaidAssets),
    collateralSeizedUsd: seizedUsd,
    soldUsd: seizedUsd,
    badDebtUsd: loanUsd(result.badDebtAssets),
    morpho: {
      seizedAssets: result.seizedAssets,
      repaidShares: result.repaidShares,
      repaidAssets: result.repaidAssets,
      badDebtAssets: result.badDebtAssets,
    },
  }
  const after: MorphoBlueSnapshot = {
    ...snapshot,
    market: {
      totalSupplyAssets: result.market.totalSupplyAssets.toString(),
      totalSupplyShares: result.market.totalSupplyShares.toString(),
      totalBorrowAssets: result.market.totalBorrowAssets.toString(),
      totalBorrowShares: result.market.totalBorrowShares.toString(),
      lastUpdate: Number(result.market.lastUpdate),
      fee: result.market.fee.toString(),
    },
    position: {
      supplyShares: result.position.supplyShares.toString(),
      borrowShares: result.position.borrowShares.toString(),
      collateral: result.position.collateral.toString(),
    },
  }
  const sold = underlyingUnits(prices, collateralToken.priceKey, fromRaw(result.seizedAssets, collateralToken.decimals))
  const bought = underlyingUnits(prices, loanToken.priceKey, fromRaw(result.repaidAssets, loanToken.decimals))
  return {
    orders: [sold, { underlying: bought.underlying, soldUnits: bought.soldUnits.neg() }],
    settle: () => ({ figures, snapshot: after }),
  }
}

/** Morpho Blue's debt and collateral, USD, at the snapshot's prices and `nowSec`. */
export function morphoBlueBalances(
  snapshot: MorphoBlueSnapshot,
  nowSec: number,
): { debtUsd: D; collateralUsd: D; healthy: boolean; health: D | undefined } {
  const { market } = computeAccruedMarket({
    market: toMarketRaw(snapshot.market),
    borrowRate: BigInt(snapshot.borrowRate),
    nowSec: BigInt(nowSec),
  })
  const position = {
    supplyShares: BigInt(snapshot.position.supplyShares),
    borrowShares: BigInt(snapshot.position.borrowShares),
    collateral: BigInt(snapshot.position.collateral),
  }
  const { healthy, healthFactor } = computeHealth({
    market,
    position,
    collateralPrice: computeOraclePrice({ snapshot }),
    lltv: BigInt(snapshot.marketParams.lltv),
  })
  const borrowAssets = toAssetsUp(position.borrowShares, market.totalBorrowAssets, market.totalBorrowShares)
  return {
    debtUsd: fromRaw(borrowAssets, snapshot.loanToken.decimals).mul(
      priceOf(snapshot.prices, snapshot.loanToken.priceKey),
    ),
    collateralUsd: fromRaw(position.collateral, snapshot.collateralToken.decimals).mul(
      priceOf(snapshot.prices, snapshot.collateralToken.priceKey),
    ),
    healthy,
    health: healthFactor === null ? undefined : fromRaw(healthFactor, 18),
  }
}

// ─── Perps ────────────────────────────────────────────────────────────────────────────────────

/** Hyperliquid: above this notional a market liquidation sends 20 % of the position (then a 30 s cooldown: the next round). */
export const HYPERLIQUID_PARTIAL_LIQUIDATION_NOTIONAL_USD = new D(100_000)
export const HYPERLIQUID_PARTIAL_LIQUIDATION_FRACTION = new D('0.2')
/** Hyperliquid: below this share of maintenance margin the backstop liquidator vault takes over. */
export const HYPERLIQUID_BACKSTOP_FRACTION = new D(2).div(3)
/** dYdX v4 `max_liquidation_fee_ppm` (15,000 ppm): the most a liquidation pays the insurance fund, as a share of the notional closed. */
export const DYDX_V4_MAX_LIQUIDATION_FEE = new D('0.015')

/**
 * Hyperliquid, as its documentation states: below maintenance margin the positions are closed by
 * market orders into the book (positions above 100k USDC notional 20 % at a time); when the
 * account value is already below 2/3 of maintenance margin, the backstop liquidator vault takes
 * the positions over at mark and keeps what margin is left (no order reaches the market). A
 * market close books the round's fill price; negative account value left after it is absorbed by
 * the venue (bad debt).
 *
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations
 */
export function liquidateHyperliquid(
  snapshot: HyperliquidSnapshot,
  nowSec: number,
  id: string,
): Liquidation | undefined {
  const report = evaluateMarginAccount({ snapshot, nowSec })
  if (!report.liquidatable || snapshot.positions.length === 0) return undefined
  const base = { id, venue: snapshot.venue, debtRepaidUsd: ZERO, collateralSeizedUsd: ZERO }
  if (report.equityUsd.lt(report.maintenanceMarginUsd.mul(HYPERLIQUID_BACKSTOP_FRACTION))) {
    const figures: CascadeLiquidation = {
      ...base,
      kind: 'hyperliquid-backstop',
      collateralSeizedUsd: report.equityUsd.gt(0) ? report.equityUsd : ZERO,
      soldUsd: ZERO,
      badDebtUsd: report.equityUsd.lt(0) ? report.equityUsd.neg() : ZERO,
    }
    return { orders: [], settle: () => ({ figures, snapshot: { ...snapshot, positions: [], rawUsd: '0' } }) }
  }
  const closes = snapshot.positions.map((position) => {
    const size = dec(position.szi)
    const notional = size.abs().mul(priceOf(snapshot.prices, position.coin))
    const closed = notional.gt(HYPERLIQUID_PARTIAL_LIQUIDATION_NOTIONAL_USD)
      ? size.mul(HYPERLIQUID_PARTIAL_LIQUIDATION_FRACTION)
      : size
    return { key: position.coin, soldUnits: closed, target: size.sub(closed) }
  })
  return perpLiquidation(snapshot, nowSec, id, closes, (after, equityUsd) => {
    const bad = equityUsd.lt(0) ? equityUsd.neg() : ZERO
    return {
      snapshot: bad.isZero() ? after : { ...after, rawUsd: toDecimalString(dec(after.rawUsd).add(bad)) },
      feeUsd: ZERO,
      badDebtUsd: bad,
    }
  })
}

/**
 * dYdX v4: a subaccount below maintenance margin has its positions closed by liquidation orders
 * (the per-block position and subaccount limits are not modelled: each round closes them whole),
 * paying the insurance fund a fee of at most 1.5 % of the notional closed, never more than the
 * subaccount has left; a subaccount left with negative collateral is covered by the insurance
 * fund (bad debt).
 *
 * @see https://docs.dydx.xyz/concepts/trading/liquidations
 * @see https://github.com/dydxprotocol/v4-chain/blob/main/proto/dydxprotocol/clob/liquidations_config.proto
 */
export function liquidateDydxV4(snapshot: DydxV4Snapshot, nowSec: number, id: string): Liquidation | undefined {
  const report = evaluateMarginAccount({ snapshot, nowSec })
  if (!report.liquidatable || snapshot.positions.length === 0) return undefined
  const closes = snapshot.positions.map((position) => {
    const market = snapshot.params.markets[position.market]
    return {
      key: market?.underlying ?? position.market,
      soldUnits: dec(position.size),
      target: ZERO,
      market: position.market,
    }
  })
  return perpLiquidation(snapshot, nowSec, id, closes, (after, equityUsd, notionalUsd) => {
    const fee = D.min(notionalUsd.mul(DYDX_V4_MAX_LIQUIDATION_FEE), D.max(equityUsd, ZERO))
    const bad = equityUsd.lt(0) ? equityUsd.neg() : ZERO
    return {
      snapshot: { ...after, quoteBalance: toDecimalString(dec(after.quoteBalance).sub(fee).add(bad)) },
      feeUsd: fee,
      badDebtUsd: bad,
    }
  })
}

type PerpClose = { key: string; soldUnits: D; target: D; market?: string | undefined }

/**
 * Closes perps (to `target` each) at the round's fill: `applyChanges` trades at mark (settling
 * funding where the venue does), then the ledger takes the difference between mark and fill
 * (size sold × (fill − mark)), then the venue's own fee and bad-debt rule (`finish`).
 */
function perpLiquidation<snapshot extends HyperliquidSnapshot | DydxV4Snapshot>(
  snapshot: snapshot,
  nowSec: number,
  id: string,
  closes: readonly PerpClose[],
  finish: (after: snapshot, equityUsd: D, notionalUsd: D) => { snapshot: snapshot; feeUsd: D; badDebtUsd: D },
): Liquidation {
  const orders = closes.map((close) => underlyingUnits(snapshot.prices, close.key, close.soldUnits))
  return {
    orders,
    settle: (fills) => {
      let after = applyChanges({
        snapshot,
        nowSec,
        changes: closes.map((close) => ({
          kind: 'setPerpPosition' as const,
          underlying: close.key,
          size: toDecimalString(close.target),
          ...(close.market !== undefined ? { market: close.market } : {}),
        })),
      })
      let slippage = ZERO
      let notionalUsd = ZERO
      closes.forEach((close, i) => {
        const order = orders[i] as Order
        const mark = priceOf(snapshot.prices, close.key)
        const underlyingPrice = mark.div(assetOf(snapshot.prices, close.key).exchangeRate)
        const fill = fills(order.underlying, close.soldUnits.gt(0) ? 'sell' : 'buy') ?? underlyingPrice
        // Sold units × (fill − price), in underlying terms: negative when the fill is worse than mark.
        slippage = slippage.add(order.soldUnits.mul(fill.sub(underlyingPrice)))
        notionalUsd = notionalUsd.add(order.soldUnits.abs().mul(fill))
      })
      after = addToLedger(after, slippage)
      const equityUsd = evaluateMarginAccount({ snapshot: after, nowSec }).equityUsd
      const finished = finish(after, equityUsd, notionalUsd)
      return {
        snapshot: finished.snapshot,
        figures: {
          id,
          venue: snapshot.venue,
          kind: 'perp-market-close',
          debtRepaidUsd: ZERO,
          collateralSeizedUsd: finished.feeUsd,
          soldUsd: notionalUsd,
          badDebtUsd: finished.badDebtUsd,
        },
      }
    },
  }
}

function addToLedger<snapshot extends HyperliquidSnapshot | DydxV4Snapshot>(snapshot: snapshot, usd: D): snapshot {
  if (usd.isZero()) return snapshot
  return snapshot.model === 'hyperliquid'
    ? { ...snapshot, rawUsd: toDecimalString(dec(snapshot.rawUsd).add(usd)) }
    : { ...snapshot, quoteBalance: toDecimalString(dec((snapshot as DydxV4Snapshot).quoteBalance).add(usd)) }
}

const clampAtZero = (value: bigint) => (value < 0n ? 0n : value)
const cmpDesc = (a: bigint, b: bigint) => (a > b ? -1 : a < b ? 1 : 0)
