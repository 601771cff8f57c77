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
import { type BracketSchedule, fixedMaintenance, parseSchedules, withExtraMaintenance } from './bracketSchedule'
import { type BinanceLiquidationLeg, computeBinanceLiquidationPrice } from './computeBinanceLiquidationPrice'
import { DEFAULT_TIERED_PERP_RULES } from './defineTieredPerpRules'
import { evaluateInverseTieredPerp } from './evaluateInverseTieredPerp'
import type { TieredPerpPosition, TieredPerpRules, TieredPerpSnapshot } from './types'

export type EvaluateTieredPerpParameters = {
  snapshot: TieredPerpSnapshot
  /** Evaluation time, unix seconds. Unused: funding settles into the wallet at funding times, so nothing accrues with time. */
  nowSec: number
}

export type EvaluateTieredPerpReturnType = RiskReport

/**
 * Risk of a Binance USDⓈ-M / Bybit linear margin account (cross wallet, or one isolated position),
 * or of a coin-margined one (`rules.contract = 'inverse'`, see `evaluateInverseTieredPerp`):
 *
 * - notional = |size| × mark; bracket = the one whose floor <= notional;
 * - maintenance margin = notional × MMR − maintenance amount (cum) of that bracket (`rules.maintenanceAt
 *   = 'entry'`, Bybit classic isolated: the same at the entry price), plus the fee to close at the
 *   bankruptcy price where the venue reserves one (`rules.feeToCloseRate`, Bybit unified account);
 * - initial margin = notional / leverage, the leverage capped by the bracket's max leverage;
 * - margin balance = wallet (after collateral haircuts) + Σ uPnL; liquidatable when the margin
 *   ratio MM / margin balance reaches 100%;
 * - liquidation price per underlying by Binance's formula with the bracket at the liquidation
 *   notional (cross: others fixed, TMM1/UPNL1 from the other contracts; isolated: the isolated
 *   wallet only). A wallet balance in the moving asset (multi-assets mode) enters the formula as
 *   one more leg with rate 0, valued after its haircut. With MM fixed at entry the same formula
 *   has rate 0 and cum = −MM, which is Bybit's `LP = Entry − (IM − MM) / size − extra / size`;
 * - bankruptcy price per underlying: the same formula with no maintenance margin (equity = 0), or
 *   with the fee rate as the rate where a fee to close is reserved (equity = size × BP × fee rate).
 *
 * @see https://www.binance.com/en/support/faq/how-to-calculate-liquidation-price-of-usd%E2%93%A2-m-futures-contracts-b3c689c1f50a44cabb3a84e663b81d93
 *   ("How to Calculate Liquidation Price of USDⓈ-M Futures Contracts": the formula, cross and isolated)
 * @see https://www.binance.com/en/futures/trading-rules/perpetual/leverage-margin
 * @see https://www.bybit.com/en/help-center/article/Liquidation-Price-USDT-Contract
 *   ("Liquidation Price (USDT Contract)": isolated, MM at entry; applied when `rules.maintenanceAt = 'entry'`)
 * @see https://www.bybit.com/en/help-center/article/Liquidation-Price-Calculation-under-Isolated-Mode-Unified-Trading-Account
 *   ("Liquidation Price Calculation under Isolated Mode (Unified Trading Account)": MM and IM with the estimated fee to close)
 * @example const report = evaluateTieredPerp({ snapshot, nowSec }) // report.positions[i].liquidationPrice
 */
export function evaluateTieredPerp({ snapshot }: EvaluateTieredPerpParameters): EvaluateTieredPerpReturnType {
  const { prices, params } = snapshot
  if (snapshot.marginMode === 'isolated' && snapshot.positions.length !== 1) {
    throw new EngineInputError('An isolated tiered-perp margin account holds exactly one position.')
  }
  const rules = params.rules ?? DEFAULT_TIERED_PERP_RULES
  if (rules.contract === 'inverse') return evaluateInverseTieredPerp({ snapshot, rules })
  const feeRate = rules.feeToCloseRate === undefined ? null : dec(rules.feeToCloseRate)
  const collateral = computeCollateral({ balances: snapshot.wallet, prices, haircuts: params.haircuts })
  const lines = toLines(snapshot, rules, (position) => priceOf(prices, position.underlying))

  let unrealizedPnlUsd = ZERO
  let grossNotionalUsd = ZERO
  const byUnderlying = new Map<string, Line[]>()
  for (const line of lines) {
    unrealizedPnlUsd = unrealizedPnlUsd.add(line.unrealizedPnlUsd)
    grossNotionalUsd = grossNotionalUsd.add(line.notionalUsd)
    if (line.size.isZero()) continue
    const group = byUnderlying.get(line.position.underlying)
    if (group) group.push(line)
    else byUnderlying.set(line.position.underlying, [line])
  }
  const haircutEquityUsd = collateral.haircutValueUsd.add(unrealizedPnlUsd)

  // Bankruptcy prices first: the fee to close, part of maintenance margin, is taken at them.
  // Only a wallet balance in the moving asset changes its prices (multi-assets mode).
  const walletAssets = new Set(snapshot.wallet.map((balance) => balance.asset))
  const moving = new Map<string, Moving>()
  const bankruptcyPrices = new Map<string, LiquidationPrice>()
  for (const [underlying, group] of byUnderlying) {
    const context = movingContext(
      underlying,
      group,
      snapshot,
      collateral.haircutValueUsd,
      unrealizedPnlUsd,
      walletAssets,
    )
    moving.set(underlying, context)
    const bankruptcyPrice = solveBankruptcy(group, context, feeRate)
    bankruptcyPrices.set(underlying, bankruptcyPrice)
    if (!feeRate) continue
    for (const line of group) {
      const closeAt = bankruptcyPrice.kind === 'price' ? bankruptcyPrice.priceUsd : line.markPriceUsd
      line.feeToCloseUsd = line.absSize.mul(closeAt).mul(feeRate)
    }
  }

  let maintenanceMarginUsd = ZERO
  let initialMarginUsd = ZERO
  for (const line of lines) {
    line.maintenanceMarginUsd = line.maintenanceMarginUsd.add(line.feeToCloseUsd)
    maintenanceMarginUsd = maintenanceMarginUsd.add(line.maintenanceMarginUsd)
    initialMarginUsd = initialMarginUsd.add(line.initialMarginUsd)
  }
  const liquidatable = byUnderlying.size > 0 && haircutEquityUsd.lte(maintenanceMarginUsd)

  const liquidationPrices = new Map<string, LiquidationPrice>()
  for (const [underlying, group] of byUnderlying) {
    liquidationPrices.set(
      underlying,
      liquidatable
        ? { kind: 'none', reason: 'already-liquidatable' }
        : solveUnderlying(group, moving.get(underlying) as Moving, maintenanceMarginUsd),
    )
  }

  const positions: ModelPositionRisk[] = [...collateral.positions]
  for (const line of lines) {
    const { symbol, positionSide, underlying } = line.position
    const exposed = !line.size.isZero()
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
        liquidationPrice: (exposed && liquidationPrices.get(underlying)) || { kind: 'none', reason: 'no-exposure' },
        bankruptcyPrice: (exposed && bankruptcyPrices.get(underlying)) || { kind: 'none', reason: 'no-exposure' },
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

type Line = {
  position: TieredPerpPosition
  /** The brackets the liquidation price walks: the symbol's (MM at the mark), or one fixed bracket (MM at entry). */
  schedule: BracketSchedule
  size: D
  /** 1 long, −1 short (a zero size is never solved). */
  side: 1 | -1
  /** |size|. */
  absSize: D
  /** Bracket of the current notional in `schedule`. */
  tier: number
  entryPriceUsd: D
  markPriceUsd: D
  notionalUsd: D
  unrealizedPnlUsd: D
  /** Includes `feeToCloseUsd` once the bankruptcy prices are known. */
  maintenanceMarginUsd: D
  initialMarginUsd: D
  /** Fee to close at the bankruptcy price (0 where the venue reserves none). */
  feeToCloseUsd: D
}

/** Per-call memo: parsed leverage settings, and 1 / leverage (few distinct leverages: one division each). */
type LineCache = { leverages: Map<string, D>; inverses: Map<string, D> }

function toLines(
  snapshot: TieredPerpSnapshot,
  rules: TieredPerpRules,
  markOf: (position: TieredPerpPosition) => D,
): Line[] {
  const scheduleOf = parseSchedules(snapshot)
  const cache: LineCache = { leverages: new Map(), inverses: new Map() }
  return snapshot.positions.map((position) =>
    toLine(position, markOf(position), scheduleOf(position.symbol), cache, rules),
  )
}

function toLine(
  position: TieredPerpPosition,
  markPriceUsd: D,
  brackets: BracketSchedule,
  cache: LineCache,
  rules: TieredPerpRules,
): Line {
  const size = dec(position.size)
  const entryPriceUsd = dec(position.entryPriceUsd)
  const absSize = size.abs()
  const notionalUsd = absSize.mul(markPriceUsd)
  const tier = findTierIndex({ tiers: brackets, notionalUsd })
  let setting = cache.leverages.get(position.leverage)
  if (setting === undefined) {
    setting = dec(position.leverage)
    cache.leverages.set(position.leverage, setting)
  }
  const leverage = min(setting, brackets.maxLeverage(tier)).toString()
  let inverseLeverage = cache.inverses.get(leverage)
  if (inverseLeverage === undefined) {
    inverseLeverage = ONE.div(leverage)
    cache.inverses.set(leverage, inverseLeverage)
  }
  const common = {
    position,
    size,
    side: size.isNegative() ? (-1 as const) : (1 as const),
    absSize,
    entryPriceUsd,
    markPriceUsd,
    notionalUsd,
    unrealizedPnlUsd: computeUnrealizedPnl({ size, entryPriceUsd, markPriceUsd }),
    initialMarginUsd: notionalUsd.mul(inverseLeverage),
    feeToCloseUsd: ZERO,
  }
  if (rules.maintenanceAt === 'mark') {
    const maintenanceMarginUsd = notionalUsd.mul(brackets.rate(tier)).sub(brackets.maintenanceAmountUsd(tier))
    return { ...common, schedule: brackets, tier, maintenanceMarginUsd }
  }
  // Bybit classic isolated: "Position Value = Contract Size × Entry Price", its tier and MM fixed by the entry.
  const entryNotionalUsd = absSize.mul(entryPriceUsd)
  const entryTier = findTierIndex({ tiers: brackets, notionalUsd: entryNotionalUsd })
  const maintenanceMarginUsd = entryNotionalUsd
    .mul(brackets.rate(entryTier))
    .sub(brackets.maintenanceAmountUsd(entryTier))
  return { ...common, schedule: fixedMaintenance(maintenanceMarginUsd), tier: 0, maintenanceMarginUsd }
}

/** A balance has no maintenance requirement: one tier at rate 0. */
const NO_TIERS: TierSchedule = { count: 1, floorUsd: () => ZERO, rate: () => ZERO }

/** What moves with one underlying's price, other prices fixed: Binance's WB and UPNL1, and a wallet balance in it. */
type Moving = {
  priceUsd: D
  walletBalanceUsd: D
  otherUnrealizedPnlUsd: D
  balanceLeg: BinanceLiquidationLeg | undefined
}

function movingContext(
  underlying: string,
  perps: readonly Line[],
  snapshot: TieredPerpSnapshot,
  haircutCollateralUsd: D,
  unrealizedPnlUsd: D,
  walletAssets: ReadonlySet<string>,
): Moving {
  const priceUsd = (perps[0] as Line).markPriceUsd
  let otherUnrealizedPnlUsd = unrealizedPnlUsd
  for (const line of perps) otherUnrealizedPnlUsd = otherUnrealizedPnlUsd.sub(line.unrealizedPnlUsd)
  // A wallet balance in the moving asset (multi-assets mode) moves with it. Its collateral value at
  // a unit price is the amount that counts after haircuts: take it out of WB and add it back as a
  // leg with entry 0 and no requirement.
  let counted = ZERO
  if (walletAssets.has(underlying)) {
    const quote = snapshot.prices[underlying] as PriceQuote // present: the positions were valued with it
    counted = computeCollateral({
      balances: snapshot.wallet.filter((balance) => balance.asset === underlying),
      prices: { [underlying]: { ...quote, priceUsd: '1' } },
      haircuts: snapshot.params.haircuts,
    }).haircutValueUsd
  }
  const balanceLeg: BinanceLiquidationLeg | undefined = counted.isZero()
    ? undefined
    : {
        side: counted.isNegative() ? -1 : 1,
        position: counted.abs(),
        entryPriceUsd: ZERO,
        maintenanceMarginRate: ZERO,
        maintenanceAmountUsd: ZERO,
      }
  return {
    priceUsd,
    walletBalanceUsd: haircutCollateralUsd.sub(counted.mul(priceUsd)),
    otherUnrealizedPnlUsd,
    balanceLeg,
  }
}

/**
 * Bankruptcy price: Binance's formula with no maintenance margin anywhere (equity = 0), or with the
 * fee rate as each leg's rate where the venue reserves a fee to close (equity = Σ |size| × BP × rate:
 * Bybit's "Bankruptcy Price = Entry × (1 − IMR)" without fee, and with the fee its inverse article's
 * `BP = 1.00075 × Quantity / (Quantity / Entry + Balance)`).
 *
 * @see https://www.bybit.com/en/help-center/article/Bankruptcy-Price-USDT-Contract
 */
function solveBankruptcy(perps: readonly Line[], moving: Moving, feeRate: D | null): LiquidationPrice {
  const legs = perps.map(
    (line): BinanceLiquidationLeg => ({
      side: line.side,
      position: line.absSize,
      entryPriceUsd: line.entryPriceUsd,
      maintenanceMarginRate: feeRate ?? ZERO,
      maintenanceAmountUsd: ZERO,
    }),
  )
  if (moving.balanceLeg) legs.push(moving.balanceLeg)
  const priceUsd = computeBinanceLiquidationPrice({
    walletBalanceUsd: moving.walletBalanceUsd,
    otherMaintenanceMarginUsd: ZERO,
    otherUnrealizedPnlUsd: moving.otherUnrealizedPnlUsd,
    legs,
  })
  return priceUsd?.gt(0)
    ? computeLiquidationDistance({ liquidationPriceUsd: priceUsd, priceUsd: moving.priceUsd })
    : { kind: 'none', reason: 'unreachable' }
}

function solveUnderlying(perps: readonly Line[], moving: Moving, maintenanceMarginUsd: D): LiquidationPrice {
  let otherMaintenanceMarginUsd = maintenanceMarginUsd
  for (const line of perps) otherMaintenanceMarginUsd = otherMaintenanceMarginUsd.sub(line.maintenanceMarginUsd)
  const { priceUsd, walletBalanceUsd, otherUnrealizedPnlUsd, balanceLeg } = moving
  // The fee to close is fixed (taken at the bankruptcy price): it lowers every bracket's amount alike.
  const schedules = perps.map((line) => withExtraMaintenance(line.schedule, line.feeToCloseUsd))
  const legs: TierLeg[] = perps.map(
    (line, i): TierLeg => ({ side: line.side, absSize: line.absSize, tiers: schedules[i] as BracketSchedule }),
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
        const schedule = schedules[i] as BracketSchedule
        return {
          side: line.side,
          position: line.absSize,
          entryPriceUsd: line.entryPriceUsd,
          maintenanceMarginRate: schedule.rate(tier),
          maintenanceAmountUsd: schedule.maintenanceAmountUsd(tier),
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
