import { computeLiquidationDistance } from '../../computeLiquidationDistance'
import { type D, dec, min, ONE, ZERO } from '../../decimal'
import { EngineInputError } from '../../errors'
import { computeCollateral, priceOf } from '../../haircut'
import type { LiquidationPrice, ModelPositionRisk, PriceQuote, RiskReport } from '../../types'
import { computePerpPositionRisk } from '../computePerpPositionRisk'
import { computePerpRiskReport } from '../computePerpRiskReport'
import { computeTieredLiquidationPrice, type TierLeg } from '../computeTieredLiquidationPrice'
import { computeUnrealizedPnl } from '../computeUnrealizedPnl'
import { findTierIndex, type TierSchedule } from '../findTierIndex'
import { type BinanceLiquidationLeg, computeBinanceLiquidationPrice } from './computeBinanceLiquidationPrice'
import type { TieredPerpBracket, TieredPerpPosition, TieredPerpSnapshot } from './types'

export type EvaluateTieredPerpParameters = {
  snapshot: TieredPerpSnapshot
  /** Evaluation time, unix seconds. Unused: funding settles into the wallet at funding times, so nothing accrues with time. */
  nowSec: number
}

export type EvaluateTieredPerpReturnType = RiskReport

/**
 * Risk of a Binance USDⓈ-M / Bybit linear margin account (cross wallet, or one isolated position):
 *
 * - notional = |size| × mark; bracket = the one whose floor <= notional;
 * - maintenance margin = notional × MMR − maintenance amount (cum) of that bracket;
 * - initial margin = notional / leverage, the leverage capped by the bracket's max leverage;
 * - margin balance = wallet (after collateral haircuts) + Σ uPnL; liquidatable when the margin
 *   ratio MM / margin balance reaches 100%;
 * - liquidation price per underlying by Binance's formula with the bracket at the liquidation
 *   notional (cross: others fixed, TMM1/UPNL1 from the other contracts; isolated: the isolated
 *   wallet only). A wallet balance in the moving asset (multi-assets mode) enters the formula as
 *   one more leg with rate 0, valued after its haircut.
 *
 * @see https://www.binance.com/en/support/faq/how-to-calculate-liquidation-price-of-usd%E2%93%A2-m-futures-contracts-b3c689c1f50a44cabb3a84e663b81d93
 * @see https://www.binance.com/en/futures/trading-rules/perpetual/leverage-margin
 * @see https://www.bybit.com/en/help-center/article/Liquidation-Price-USDT-Contract
 * @example const report = evaluateTieredPerp({ snapshot, nowSec }) // report.positions[i].liquidationPrice
 */
export function evaluateTieredPerp({ snapshot }: EvaluateTieredPerpParameters): EvaluateTieredPerpReturnType {
  const { prices, params } = snapshot
  if (snapshot.marginMode === 'isolated' && snapshot.positions.length !== 1) {
    throw new EngineInputError('An isolated tiered-perp margin account holds exactly one position.')
  }
  const collateral = computeCollateral({ balances: snapshot.wallet, prices, haircuts: params.haircuts })
  // Symbols often share one bracket table: parse each table (by identity) and each 1 / leverage once.
  const schedules = new Map<readonly TieredPerpBracket[], BracketSchedule>()
  const cache: LineCache = { leverages: new Map(), inverses: new Map() }
  const lines = snapshot.positions.map((position) => {
    const brackets = params.brackets[position.symbol]
    if (!brackets || brackets.length === 0) {
      throw new EngineInputError(`No brackets for "${position.symbol}" in the snapshot.`)
    }
    let schedule = schedules.get(brackets)
    if (!schedule) {
      schedule = toBracketSchedule(brackets)
      schedules.set(brackets, schedule)
    }
    return toLine(position, priceOf(prices, position.underlying), schedule, cache)
  })

  let unrealizedPnlUsd = ZERO
  let maintenanceMarginUsd = ZERO
  let initialMarginUsd = ZERO
  let grossNotionalUsd = ZERO
  const byUnderlying = new Map<string, Line[]>()
  for (const line of lines) {
    unrealizedPnlUsd = unrealizedPnlUsd.add(line.unrealizedPnlUsd)
    maintenanceMarginUsd = maintenanceMarginUsd.add(line.maintenanceMarginUsd)
    initialMarginUsd = initialMarginUsd.add(line.initialMarginUsd)
    grossNotionalUsd = grossNotionalUsd.add(line.notionalUsd)
    if (line.size.isZero()) continue
    const group = byUnderlying.get(line.position.underlying)
    if (group) group.push(line)
    else byUnderlying.set(line.position.underlying, [line])
  }
  const haircutEquityUsd = collateral.haircutValueUsd.add(unrealizedPnlUsd)
  const liquidatable = byUnderlying.size > 0 && haircutEquityUsd.lte(maintenanceMarginUsd)

  const liquidationPrices = new Map<string, LiquidationPrice>()
  // Only a wallet balance in the moving asset changes its liquidation price (multi-assets mode).
  const walletAssets = new Set(snapshot.wallet.map((balance) => balance.asset))
  const totals = { haircutCollateralUsd: collateral.haircutValueUsd, maintenanceMarginUsd, unrealizedPnlUsd }
  for (const [underlying, group] of byUnderlying) {
    liquidationPrices.set(
      underlying,
      liquidatable
        ? { kind: 'none', reason: 'already-liquidatable' }
        : solveUnderlying(underlying, group, snapshot, totals, walletAssets.has(underlying)),
    )
  }

  const positions: ModelPositionRisk[] = [...collateral.positions]
  for (const line of lines) {
    const { symbol, positionSide, underlying } = line.position
    const liquidationPrice = line.size.isZero() ? undefined : liquidationPrices.get(underlying)
    positions.push(
      computePerpPositionRisk({
        id: positionSide && positionSide !== 'BOTH' ? `perp:${symbol}:${positionSide}` : `perp:${symbol}`,
        priceKey: underlying,
        size: line.size,
        markPriceUsd: line.markPriceUsd,
        notionalUsd: line.notionalUsd,
        unrealizedPnlUsd: line.unrealizedPnlUsd,
        initialMarginUsd: line.initialMarginUsd,
        maintenanceMarginUsd: line.maintenanceMarginUsd,
        liquidationPrice: liquidationPrice ?? { kind: 'none', reason: 'no-exposure' },
      }),
    )
  }

  return computePerpRiskReport({
    model: 'tiered-perp',
    snapshot,
    equityUsd: collateral.valueUsd.add(unrealizedPnlUsd),
    haircutEquityUsd,
    initialMarginUsd,
    maintenanceMarginUsd,
    grossNotionalUsd,
    liquidatable,
    positions,
  })
}

/** Bracket table parsed on demand: most positions only ever read their first few brackets. */
type BracketSchedule = TierSchedule & {
  maintenanceAmountUsd: (index: number) => D
  maxLeverage: (index: number) => D
}

type Line = {
  position: TieredPerpPosition
  schedule: BracketSchedule
  size: D
  /** 1 long, −1 short (a zero size is never solved). */
  side: 1 | -1
  /** |size|. */
  absSize: D
  /** Bracket of the current notional. */
  tier: number
  entryPriceUsd: D
  markPriceUsd: D
  notionalUsd: D
  unrealizedPnlUsd: D
  maintenanceMarginUsd: D
  initialMarginUsd: D
}

function toBracketSchedule(brackets: readonly TieredPerpBracket[]): BracketSchedule {
  const lazy = (field: keyof TieredPerpBracket) => {
    const parsed: D[] = []
    return (index: number): D => {
      let value = parsed[index]
      if (value === undefined) {
        const bracket = brackets[index]
        if (!bracket) throw new RangeError(`No bracket ${index}.`)
        value = dec(bracket[field])
        parsed[index] = value
      }
      return value
    }
  }
  return {
    count: brackets.length,
    floorUsd: lazy('notionalFloorUsd'),
    rate: lazy('maintenanceMarginRate'),
    maintenanceAmountUsd: lazy('maintenanceAmountUsd'),
    maxLeverage: lazy('maxLeverage'),
  }
}

/** Per-call memo: parsed leverage settings, and 1 / leverage (few distinct leverages: one division each). */
type LineCache = { leverages: Map<string, D>; inverses: Map<string, D> }

function toLine(position: TieredPerpPosition, markPriceUsd: D, schedule: BracketSchedule, cache: LineCache): Line {
  const size = dec(position.size)
  const entryPriceUsd = dec(position.entryPriceUsd)
  const absSize = size.abs()
  const notionalUsd = absSize.mul(markPriceUsd)
  const tier = findTierIndex({ tiers: schedule, notionalUsd })
  let setting = cache.leverages.get(position.leverage)
  if (setting === undefined) {
    setting = dec(position.leverage)
    cache.leverages.set(position.leverage, setting)
  }
  const leverage = min(setting, schedule.maxLeverage(tier)).toString()
  let inverseLeverage = cache.inverses.get(leverage)
  if (inverseLeverage === undefined) {
    inverseLeverage = ONE.div(leverage)
    cache.inverses.set(leverage, inverseLeverage)
  }
  return {
    position,
    schedule,
    size,
    side: size.isNegative() ? -1 : 1,
    absSize,
    tier,
    entryPriceUsd,
    markPriceUsd,
    notionalUsd,
    unrealizedPnlUsd: computeUnrealizedPnl({ size, entryPriceUsd, markPriceUsd }),
    maintenanceMarginUsd: notionalUsd.mul(schedule.rate(tier)).sub(schedule.maintenanceAmountUsd(tier)),
    initialMarginUsd: notionalUsd.mul(inverseLeverage),
  }
}

/** A balance has no maintenance requirement: one tier at rate 0. */
const NO_TIERS: TierSchedule = { count: 1, floorUsd: () => ZERO, rate: () => ZERO }

function solveUnderlying(
  underlying: string,
  perps: readonly Line[],
  snapshot: TieredPerpSnapshot,
  totals: { haircutCollateralUsd: D; maintenanceMarginUsd: D; unrealizedPnlUsd: D },
  heldInWallet: boolean,
): LiquidationPrice {
  const priceUsd = (perps[0] as Line).markPriceUsd
  let otherMaintenanceMarginUsd = totals.maintenanceMarginUsd
  let otherUnrealizedPnlUsd = totals.unrealizedPnlUsd
  for (const line of perps) {
    otherMaintenanceMarginUsd = otherMaintenanceMarginUsd.sub(line.maintenanceMarginUsd)
    otherUnrealizedPnlUsd = otherUnrealizedPnlUsd.sub(line.unrealizedPnlUsd)
  }
  // A wallet balance in the moving asset (multi-assets mode) moves with it. Its collateral value at
  // a unit price is the amount that counts after haircuts: take it out of WB and add it back as a
  // leg with entry 0 and no requirement.
  let counted = ZERO
  if (heldInWallet) {
    const quote = snapshot.prices[underlying] as PriceQuote // present: the positions were valued with it
    counted = computeCollateral({
      balances: snapshot.wallet.filter((balance) => balance.asset === underlying),
      prices: { [underlying]: { ...quote, priceUsd: '1' } },
      haircuts: snapshot.params.haircuts,
    }).haircutValueUsd
  }
  const walletBalanceUsd = totals.haircutCollateralUsd.sub(counted.mul(priceUsd))
  const balanceLeg: BinanceLiquidationLeg | undefined = counted.isZero()
    ? undefined
    : {
        side: counted.isNegative() ? -1 : 1,
        position: counted.abs(),
        entryPriceUsd: ZERO,
        maintenanceMarginRate: ZERO,
        maintenanceAmountUsd: ZERO,
      }
  const legs: TierLeg[] = perps.map(
    (line): TierLeg => ({ side: line.side, absSize: line.absSize, tiers: line.schedule }),
  )
  const currentTierIndexes = perps.map((line) => line.tier)
  if (balanceLeg) {
    legs.push({ side: balanceLeg.side, absSize: balanceLeg.position, tiers: NO_TIERS })
    currentTierIndexes.push(0)
  }
  const liquidationPriceUsd = computeTieredLiquidationPrice({
    priceUsd,
    legs,
    currentTierIndexes,
    solve: (tiers) => {
      const binanceLegs = perps.map((line, i): BinanceLiquidationLeg => {
        const tier = tiers[i] as number
        return {
          side: line.side,
          position: line.absSize,
          entryPriceUsd: line.entryPriceUsd,
          maintenanceMarginRate: line.schedule.rate(tier),
          maintenanceAmountUsd: line.schedule.maintenanceAmountUsd(tier),
        }
      })
      if (balanceLeg) binanceLegs.push(balanceLeg)
      return computeBinanceLiquidationPrice({
        walletBalanceUsd,
        otherMaintenanceMarginUsd,
        otherUnrealizedPnlUsd,
        legs: binanceLegs,
      })
    },
  })
  return liquidationPriceUsd === null
    ? { kind: 'none', reason: 'unreachable' }
    : computeLiquidationDistance({ liquidationPriceUsd, priceUsd })
}
