import { computeLiquidationDistance } from '../../computeLiquidationDistance'
import { type D, dec, min, ONE, ZERO } from '../../decimal'
import { EngineInputError } from '../../errors'
import { computeCollateral, priceOf } from '../../haircut'
import type { LiquidationPrice, ModelPositionRisk, RiskReport } from '../../types'
import { computePerpRiskReport } from '../computePerpRiskReport'
import { computeTieredLiquidationPrice, type TierLeg } from '../computeTieredLiquidationPrice'
import { findTierIndex } from '../findTierIndex'
import { type BracketSchedule, fixedMaintenance, parseSchedules, withExtraMaintenance } from './bracketSchedule'
import {
  type BinanceCoinMLiquidationLeg,
  computeBinanceCoinMLiquidationPrice,
} from './computeBinanceCoinMLiquidationPrice'
import type { TieredPerpPosition, TieredPerpRules, TieredPerpSnapshot } from './types'

export type EvaluateInverseTieredPerpParameters = {
  snapshot: TieredPerpSnapshot
  rules: TieredPerpRules
}

/**
 * Risk of a coin-margined (inverse) margin account, Binance COIN-M or Bybit inverse: the wallet,
 * margins and PnL are in the coin, each position is `contracts × contractSize` USD of face value `Q`:
 *
 * - uPnL = side × Q × (1/EP − 1/mark) coin; notional = Q / mark coin; bracket by that notional
 *   (the brackets are in the coin);
 * - maintenance margin = notional × MMR − cum coin (`rules.maintenanceAt = 'entry'`: Q / EP × MMR −
 *   cum, Bybit classic), plus the fee to close `Q / BP × rate` where the venue reserves one;
 * - initial margin = notional / leverage;
 * - liquidatable when wallet + uPnL <= maintenance margin (in the coin);
 * - liquidation price by Binance's COIN-M formula, the bracket walked at the liquidation notional:
 *   in `x = 1 / price` the surplus is linear with slope `Σ Q × (−side − MMR)`, so the tier walk of
 *   `computeTieredLiquidationPrice` applies to x with each leg's side reversed;
 * - bankruptcy price: the same formula without maintenance margin (or with the fee rate as the rate).
 *
 * Every figure is also given in USD (× the coin's price): the report's USD fields, with the coin
 * figures in `report.settlement`. One settlement coin per account: every position's underlying and
 * every wallet balance is that coin.
 *
 * @see https://www.binance.com/en/support/faq/how-to-calculate-liquidation-price-of-coin-m-futures-contracts-ceccfcfb4e3a45e3b48b0b1bb1a8ae46
 *   ("How to Calculate Liquidation Price of COIN-M Futures Contracts")
 * @see https://help.bybit.com/hc/en-us/articles/360039261334-How-to-calculate-Liquidation-Price-Inverse-Contract-
 *   ("How to calculate Liquidation Price (Inverse Contract)": MM at entry, fee to close at the bankruptcy price)
 * @see https://www.bybit.com/en/help-center/article/Liquidation-Price-Calculation-under-Isolated-Mode-Unified-Trading-Account
 * @example const report = evaluateInverseTieredPerp({ snapshot, rules: { contract: 'inverse', maintenanceAt: 'mark' } })
 */
export function evaluateInverseTieredPerp({ snapshot, rules }: EvaluateInverseTieredPerpParameters): RiskReport {
  const coin = snapshot.positions[0]?.underlying ?? snapshot.wallet[0]?.asset
  if (coin === undefined) throw new EngineInputError('An inverse margin account needs a position or a wallet balance.')
  for (const item of [...snapshot.positions.map((p) => p.underlying), ...snapshot.wallet.map((b) => b.asset)]) {
    if (item !== coin) {
      throw new EngineInputError(`An inverse margin account is margined in one coin ("${coin}"), not also "${item}".`)
    }
  }
  const priceUsd = priceOf(snapshot.prices, coin)
  const x = ONE.div(priceUsd)
  const feeRate = rules.feeToCloseRate === undefined ? null : dec(rules.feeToCloseRate)
  // The margin is the coin itself: no haircut applies to it.
  const collateral = computeCollateral({ balances: snapshot.wallet, prices: snapshot.prices })
  const walletBalance = snapshot.wallet.reduce((total, balance) => total.add(dec(balance.amount)), ZERO)
  const scheduleOf = parseSchedules(snapshot)
  const lines = snapshot.positions.map((position) => toLine(position, x, scheduleOf(position.symbol), rules))
  const exposed = lines.filter((line) => !line.faceUsd.isZero())

  let unrealizedPnl = ZERO
  for (const line of lines) unrealizedPnl = unrealizedPnl.add(line.unrealizedPnl)
  const equity = walletBalance.add(unrealizedPnl)

  const bankruptcyPriceUsd =
    exposed.length === 0
      ? null
      : solve(
          walletBalance,
          exposed,
          () => feeRate ?? ZERO,
          () => ZERO,
        )
  const bankruptcyPrice = toPrice(bankruptcyPriceUsd, priceUsd)
  let maintenanceMargin = ZERO
  let initialMargin = ZERO
  for (const line of lines) {
    if (feeRate && !line.faceUsd.isZero()) {
      // Bybit: "Quantity × 0.00075 / Bankruptcy Price"; at the mark when there is no bankruptcy price.
      line.feeToClose = line.faceUsd.mul(feeRate).div(bankruptcyPriceUsd?.gt(0) ? bankruptcyPriceUsd : priceUsd)
      line.maintenanceMargin = line.maintenanceMargin.add(line.feeToClose)
    }
    maintenanceMargin = maintenanceMargin.add(line.maintenanceMargin)
    initialMargin = initialMargin.add(line.initialMargin)
  }
  const liquidatable = exposed.length > 0 && equity.lte(maintenanceMargin)

  let liquidationPrice: LiquidationPrice = { kind: 'none', reason: 'already-liquidatable' }
  if (!liquidatable && exposed.length > 0) {
    const schedules = exposed.map((line) => withExtraMaintenance(line.schedule, line.feeToClose))
    // In x = 1/price a long's surplus falls as x rises: each leg's side is reversed.
    const legs = exposed.map(
      (line, i): TierLeg => ({
        side: line.side === 1 ? -1 : 1,
        absSize: line.faceUsd,
        tiers: schedules[i] as BracketSchedule,
      }),
    )
    const root = computeTieredLiquidationPrice({
      priceUsd: x,
      legs,
      currentTierIndexes: exposed.map((line) => line.tier),
      solve: (tiers) => {
        const price = solve(
          walletBalance,
          exposed,
          (i) => (schedules[i] as BracketSchedule).rate(tiers[i] as number),
          (i) => (schedules[i] as BracketSchedule).maintenanceAmountUsd(tiers[i] as number),
        )
        return price === null ? null : ONE.div(price)
      },
    })
    liquidationPrice = toPrice(root === null ? null : ONE.div(root), priceUsd)
  }

  const positions: ModelPositionRisk[] = [...collateral.positions]
  for (const line of lines) {
    const { symbol, positionSide } = line.position
    const none = { kind: 'none', reason: 'no-exposure' } as const
    const open = !line.faceUsd.isZero()
    // USD value of the position = uPnL × price = side × Q × (price / EP − 1): linear in the price.
    const delta = open ? line.faceUsd.div(line.entryPriceUsd).mul(line.side) : ZERO
    positions.push({
      id: positionSide && positionSide !== 'BOTH' ? `perp:${symbol}:${positionSide}` : `perp:${symbol}`,
      kind: 'perp',
      priceKey: coin,
      // Coin equivalent of the face value at the mark, signed: size × mark = notional.
      size: line.notional.mul(line.side),
      markPriceUsd: priceUsd,
      notionalUsd: line.faceUsd,
      unrealizedPnlUsd: line.unrealizedPnl.mul(priceUsd),
      initialMarginUsd: line.initialMargin.mul(priceUsd),
      maintenanceMarginUsd: line.maintenanceMargin.mul(priceUsd),
      liquidationPrice: open ? liquidationPrice : none,
      bankruptcyPrice: open ? bankruptcyPrice : none,
      delta,
      deltaUsd: delta.mul(priceUsd),
      gamma: ZERO,
      gammaUsd: ZERO,
      // A perp has no volatility or time exposure (funding is not theta).
      vegaUsdPerVolatility: ZERO,
      thetaUsdPerDay: ZERO,
    })
  }

  return computePerpRiskReport({
    model: 'tiered-perp',
    snapshot,
    equityUsd: equity.mul(priceUsd),
    haircutEquityUsd: equity.mul(priceUsd),
    initialMarginUsd: initialMargin.mul(priceUsd),
    maintenanceMarginUsd: maintenanceMargin.mul(priceUsd),
    grossNotionalUsd: lines.reduce((total, line) => total.add(line.faceUsd), ZERO),
    liquidatable,
    positions,
    settlement: { asset: coin, walletBalance, unrealizedPnl, equity, initialMargin, maintenanceMargin },
  })
}

type Line = {
  position: TieredPerpPosition
  side: 1 | -1
  /** |contracts| × contract size, USD. */
  faceUsd: D
  entryPriceUsd: D
  /** Q / mark, coin. */
  notional: D
  schedule: BracketSchedule
  tier: number
  unrealizedPnl: D
  maintenanceMargin: D
  initialMargin: D
  feeToClose: D
}

function toLine(position: TieredPerpPosition, x: D, brackets: BracketSchedule, rules: TieredPerpRules): Line {
  const contracts = dec(position.size)
  const faceUsd = contracts.abs().mul(dec(position.contractSizeUsd ?? '1'))
  const side = contracts.isNegative() ? -1 : 1
  const entryPriceUsd = dec(position.entryPriceUsd)
  const notional = faceUsd.mul(x)
  const tier = findTierIndex({ tiers: brackets, notionalUsd: notional })
  const leverage = min(dec(position.leverage), brackets.maxLeverage(tier))
  const inverseEntry = faceUsd.isZero() ? ZERO : ONE.div(entryPriceUsd)
  const unrealizedPnl = faceUsd.mul(side).mul(inverseEntry.sub(x))
  const base = { position, side, faceUsd, entryPriceUsd, notional, unrealizedPnl, feeToClose: ZERO } as const
  const initialMargin = notional.div(leverage)
  if (rules.maintenanceAt === 'mark') {
    const maintenanceMargin = notional.mul(brackets.rate(tier)).sub(brackets.maintenanceAmountUsd(tier))
    return { ...base, schedule: brackets, tier, maintenanceMargin, initialMargin }
  }
  // Bybit classic: "Quantity / Average Entry Price × Maintenance Margin", fixed by the entry.
  const entryNotional = faceUsd.mul(inverseEntry)
  const entryTier = findTierIndex({ tiers: brackets, notionalUsd: entryNotional })
  const maintenanceMargin = entryNotional.mul(brackets.rate(entryTier)).sub(brackets.maintenanceAmountUsd(entryTier))
  return { ...base, schedule: fixedMaintenance(maintenanceMargin), tier: 0, maintenanceMargin, initialMargin }
}

/** Binance's COIN-M formula over every position of the account (they all move with the coin). */
function solve(
  walletBalance: D,
  lines: readonly Line[],
  rate: (index: number) => D,
  amount: (index: number) => D,
): D | null {
  return computeBinanceCoinMLiquidationPrice({
    walletBalance,
    otherMaintenanceMargin: ZERO,
    otherUnrealizedPnl: ZERO,
    legs: lines.map(
      (line, i): BinanceCoinMLiquidationLeg => ({
        side: line.side,
        faceUsd: line.faceUsd,
        entryPriceUsd: line.entryPriceUsd,
        maintenanceMarginRate: rate(i),
        maintenanceAmount: amount(i),
      }),
    ),
  })
}

function toPrice(liquidationPriceUsd: D | null, priceUsd: D): LiquidationPrice {
  return liquidationPriceUsd?.gt(0)
    ? computeLiquidationDistance({ liquidationPriceUsd, priceUsd })
    : { kind: 'none', reason: 'unreachable' }
}
