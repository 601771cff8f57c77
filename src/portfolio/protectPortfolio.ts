/**
 * `protect`: per margin account, the minimal actions that bring it to a target, each one then
 * evaluated by the `simulate` path (`simulateEvaluated`). Writes nothing.
 */

import type { Database } from '../db/client'
import {
  type AaveV3RateMode,
  applyChanges,
  computeLiquidationOutlook,
  D,
  dec,
  EngineInputError,
  evaluateMarginAccount,
  type MarginAccountSnapshot,
  ONE,
  type RiskReport,
  solveLiquidationBand,
  solveMinimalAmount,
  type WhatIfChange,
  ZERO,
} from '../engine'
import { InvalidInputError } from '../errors/input'
import type { SourceState } from '../sources/createSourceLoader'
import { computedAtSec, type EvaluateEntriesReturnType, evaluateEntries } from './evaluateEntries'
import { type GetPortfolioParameters, getEntries } from './getPortfolio'
import { resolveVolatilities, riskUnderlyings, type UnderlyingVolatilityView } from './liquidationOutlook'
import { simulateEvaluated } from './simulatePortfolio'
import type { MarginAccountView, PortfolioContext, SimulationView, WarningView } from './types'

/** What "protected" means for a margin account. */
export type ProtectTarget =
  /** Health factor at least `value` (lending venues). */
  | { kind: 'healthFactor'; value: D }
  /** Margin ratio (MM / equity) at most `value`. */
  | { kind: 'marginRatio'; value: D }
  /** No single underlying's move of ±`value` (a fraction), all other prices fixed, liquidates it. */
  | { kind: 'distanceToLiquidation'; value: D }
  /** Probability of liquidation within `horizonSec` at most `value` (the `liquidationOutlook` model). */
  | { kind: 'liquidationProbability'; value: D; horizonSec: number }

export type ProtectiveActionKind =
  | 'addCollateral'
  | 'repay'
  | 'reducePerp'
  | 'closePerp'
  | 'reduceOption'
  | 'closeOption'

export type ProtectiveActionView = {
  kind: ProtectiveActionKind
  /** The margin account acted on (its `MarginAccount.id`). */
  marginAccount: string
  /** The asset deposited or repaid, the perp's underlying (price key) or the option's id. */
  asset: string
  /** Units of `asset` (deposit, repay) or of the position (reduce, close), a multiple of `unit`. */
  amount: D
  /** The smallest step the amount was solved to (10^−decimals of a token). */
  unit: D
  /** `amount` at the snapshot's price, USD (the notional traded for a reduction). */
  valueUsd: D
  /** Repay by selling collateral: the collateral withdrawn to pay. */
  fundedFrom: string | null
  rateMode: AaveV3RateMode | null
  /** The what-if change: pass it to `simulate` to see the same figures. */
  change: WhatIfChange
  /** The margin account before, with its snapshot (what the transactions are built from). */
  before: MarginAccountView
  /** The margin account after the action, from the `simulate` path. */
  after: MarginAccountView
  simulation: SimulationView
}

export type ProtectionStatus = 'met' | 'actions' | 'unreachable' | 'not-applicable'

export type MarginAccountProtectionView = {
  marginAccount: MarginAccountView
  status: ProtectionStatus
  /** Why no action is offered (not-applicable, unreachable). */
  reason: string | null
  /** Cheapest first (by `valueUsd`). */
  options: ProtectiveActionView[]
}

export type ProtectionView = {
  target: ProtectTarget
  marginAccounts: MarginAccountProtectionView[]
  sources: SourceState[]
  warnings: WarningView[]
}

export type ProtectPortfolioParameters = GetPortfolioParameters & {
  /** Only this margin account (its id); every one when null. */
  marginAccount: string | null
  target: ProtectTarget
  volatilities: readonly { underlying: string; volatility: string }[]
}

/** A margin account's slack (≥ 0: the target is met) is this large when the target cannot bind (no debt, no exposure). */
const MET = new D('1e30')

/**
 * For each margin account (or the one named), the minimal actions that reach `target`: add each
 * collateral it holds, repay each debt (from outside funds, or by selling each collateral), reduce
 * each perp or option. Each amount is the smallest multiple of the asset's unit that reaches the
 * target (one unit less does not), and each option's figures come from `simulateEvaluated`.
 *
 * @throws {InvalidInputError} for a margin account the query does not hold, or a target out of range.
 */
export async function protectPortfolio(
  context: PortfolioContext & { db: Database },
  { marginAccount, target, volatilities, ...query }: ProtectPortfolioParameters,
): Promise<ProtectionView> {
  const { entries, sources, warnings } = await getEntries(context, query)
  const before = evaluateEntries(entries, sources)
  const views = marginAccount === null ? before.views : before.views.filter((view) => view.id === marginAccount)
  if (marginAccount !== null && views.length === 0)
    throw new InvalidInputError(`No margin account "${marginAccount}" in this query.`)
  const resolved =
    target.kind === 'liquidationProbability'
      ? await resolveVolatilities(context, views, [...new Set(views.flatMap(riskUnderlyings))], volatilities)
      : new Map<string, UnderlyingVolatilityView>()
  return protectEvaluated(context, { before, warnings, views, target, volatilities: resolved })
}

export type ProtectEvaluatedParameters = {
  /** Every margin account of the query, evaluated (the `simulate` path needs them all). */
  before: EvaluateEntriesReturnType
  warnings: WarningView[]
  /** The margin accounts to protect. */
  views: readonly MarginAccountView[]
  target: ProtectTarget
  /** Per underlying, for a probability target. */
  volatilities: ReadonlyMap<string, UnderlyingVolatilityView>
}

/** `protectPortfolio` over margin accounts already read and evaluated (no I/O). */
export function protectEvaluated(
  context: Pick<PortfolioContext, 'nowMs'>,
  { before, warnings, views, target, volatilities }: ProtectEvaluatedParameters,
): ProtectionView {
  return {
    target,
    marginAccounts: views.map((view) => protectOne(context, before, warnings, view, target, volatilities)),
    sources: before.sources,
    warnings,
  }
}

function protectOne(
  context: Pick<PortfolioContext, 'nowMs'>,
  before: EvaluateEntriesReturnType,
  warnings: WarningView[],
  view: MarginAccountView,
  target: ProtectTarget,
  volatilities: ReadonlyMap<string, UnderlyingVolatilityView>,
): MarginAccountProtectionView {
  if (target.kind === 'healthFactor' && view.report.healthFactor === null)
    return {
      marginAccount: view,
      status: 'not-applicable',
      reason: `A ${view.report.model} margin account has no health factor; target a margin ratio.`,
      options: [],
    }
  const slack = slackOf(target, volatilities)
  const slackBefore = slack({ snapshot: view.snapshot, report: view.report })
  if (slackBefore.gte(0)) return { marginAccount: view, status: 'met', reason: null, options: [] }
  const nowSec = computedAtSec(view.snapshot)
  const options: ProtectiveActionView[] = []
  for (const candidate of candidatesOf(view)) {
    let result: ReturnType<typeof solveMinimalAmount>
    try {
      result = solveMinimalAmount({
        snapshot: view.snapshot,
        nowSec,
        changesFor: (amount) => [candidate.change(amount)],
        slack,
        unit: candidate.unit,
        maxAmount: candidate.maxAmount,
        initial: candidate.initial,
        slackBefore,
      })
    } catch (error) {
      // A candidate the venue's rules refuse (a frozen reserve, a collateral too small to pay) or
      // whose amount leaves the contracts' integer range is no option.
      if (error instanceof EngineInputError || error instanceof RangeError) continue
      throw error
    }
    if (result.kind !== 'solution') continue
    const change = candidate.change(result.amount)
    const simulation = simulateEvaluated(context, before, warnings, [{ marginAccount: view.id, change }])
    const after = simulation.marginAccounts.find((other) => other.id === view.id)
    if (!after) continue
    const closes = candidate.maxAmount !== undefined && result.amount.eq(candidate.maxAmount)
    options.push({
      kind:
        closes && candidate.kind === 'reducePerp'
          ? 'closePerp'
          : closes && candidate.kind === 'reduceOption'
            ? 'closeOption'
            : candidate.kind,
      marginAccount: view.id,
      asset: candidate.asset,
      amount: result.amount,
      unit: candidate.unit,
      valueUsd: result.amount.mul(candidate.priceUsd),
      fundedFrom: candidate.fundedFrom,
      rateMode: candidate.rateMode,
      change,
      before: view,
      after,
      simulation,
    })
  }
  options.sort((a, b) => a.valueUsd.cmp(b.valueUsd))
  if (options.length === 0)
    return {
      marginAccount: view,
      status: 'unreachable',
      reason:
        'No single action on this margin account (adding collateral, repaying, reducing a position) reaches the target.',
      options,
    }
  return { marginAccount: view, status: 'actions', reason: null, options }
}

type After = { snapshot: MarginAccountSnapshot; report: RiskReport }

/** The target as a slack (≥ 0: met) of the margin account after a change. */
function slackOf(
  target: ProtectTarget,
  volatilities: ReadonlyMap<string, UnderlyingVolatilityView>,
): (after: After) => D {
  switch (target.kind) {
    case 'healthFactor':
      return ({ report }) => {
        const hf = report.healthFactor
        if (hf === null || hf.kind !== 'finite') return MET
        return hf.value.sub(target.value)
      }
    case 'marginRatio':
      return ({ report }) => {
        if (report.maintenanceMarginUsd.isZero()) return MET
        return report.haircutEquityUsd.mul(target.value).sub(report.maintenanceMarginUsd)
      }
    case 'distanceToLiquidation':
      return ({ snapshot, report }) => {
        if (report.liquidatable) return ONE.neg()
        const nowSec = computedAtSec(snapshot)
        let worst = MET
        for (const underlying of underlyingsOf(snapshot, report)) {
          for (const move of [target.value.neg(), target.value]) {
            const moved = applyChanges({
              snapshot,
              changes: [{ kind: 'movePrice', underlying, move: move.toFixed() }],
              nowSec,
            })
            const shocked = evaluateMarginAccount({ snapshot: moved, nowSec })
            const surplus = shocked.haircutEquityUsd.sub(shocked.maintenanceMarginUsd)
            const value = shocked.liquidatable && surplus.gt(0) ? ZERO.sub('1e-18') : surplus
            if (value.lt(worst)) worst = value
          }
        }
        return worst
      }
    case 'liquidationProbability':
      return ({ snapshot, report }) => {
        const nowSec = computedAtSec(snapshot)
        if (report.liquidatable) return target.value.sub(1)
        const factors = underlyingsOf(snapshot, report).flatMap((underlying) => {
          const band = solveLiquidationBand({ snapshot, nowSec, underlying })
          const volatility = volatilities.get(underlying)?.volatility
          if (band.kind !== 'band' || volatility === undefined) return []
          return [{ underlying, volatility, down: band.down?.move ?? null, up: band.up?.move ?? null }]
        })
        const outlook = computeLiquidationOutlook({
          factors,
          horizonsSec: [target.horizonSec],
          liquidatableNow: false,
        })
        return target.value.sub(outlook.probabilities[0]?.probability ?? ONE)
      }
  }
}

/** The crypto underlyings a report moves with (stablecoins keep their price). */
function underlyingsOf(snapshot: MarginAccountSnapshot, report: RiskReport): string[] {
  return riskUnderlyings({ snapshot, report } as MarginAccountView)
}

type Candidate = {
  kind: 'addCollateral' | 'repay' | 'reducePerp' | 'reduceOption'
  asset: string
  unit: D
  priceUsd: D
  maxAmount?: D | undefined
  initial: D
  fundedFrom: string | null
  rateMode: AaveV3RateMode | null
  change: (amount: D) => WhatIfChange
}

/** 10^−decimals. */
const unitOf = (decimals: number) => new D(10).pow(-decimals)
/** Off-chain ledgers (Hyperliquid, dYdX) count USDC to 6 decimals, as the bridged token. */
const USDC_UNIT = unitOf(6)
/**
 * Position sizes are solved to 10⁻⁸ units: the venues' own size steps (Hyperliquid `szDecimals`, dYdX
 * `stepBaseQuantums`) are not in the snapshot, so an order may need rounding up to the market's step.
 */
const SIZE_UNIT = unitOf(8)

/** A perp's size step: Hyperliquid's szDecimals where the snapshot has it, else `SIZE_UNIT`. */
function sizeUnitOf(snapshot: MarginAccountSnapshot, coin: string): D {
  const szDecimals = snapshot.model === 'hyperliquid' ? snapshot.params.assets[coin]?.szDecimals : undefined
  return szDecimals === undefined ? SIZE_UNIT : unitOf(szDecimals)
}

/** Every single action the margin account's venue allows that could bring it toward a target. */
function candidatesOf(view: MarginAccountView): Candidate[] {
  const { snapshot, report } = view
  const shortfall = report.maintenanceMarginUsd.add(report.equityUsd.abs()).add(1)
  const priceOf = (key: string) => {
    const quote = snapshot.prices[key]
    return quote && dec(quote.priceUsd).gt(0) ? dec(quote.priceUsd) : ONE
  }
  const deposit = (asset: string, priceKey: string, unit: D): Candidate => ({
    kind: 'addCollateral',
    asset,
    unit,
    priceUsd: priceOf(priceKey),
    initial: shortfall.div(priceOf(priceKey)),
    fundedFrom: null,
    rateMode: null,
    change: (amount) => ({ kind: 'deposit', asset, amount: amount.toFixed() }),
  })
  const reductions = (): Candidate[] =>
    report.positions.flatMap((position): Candidate[] => {
      if (position.size.isZero()) return []
      const full = position.size.abs()
      const sign = position.size.isNegative() ? -1 : 1
      if (position.kind === 'perp')
        return [
          {
            kind: 'reducePerp',
            asset: position.priceKey,
            unit: sizeUnitOf(snapshot, position.priceKey),
            priceUsd: position.markPriceUsd,
            maxAmount: full,
            initial: full,
            fundedFrom: null,
            rateMode: null,
            change: (amount) => ({
              kind: 'setPerpPosition',
              underlying: position.priceKey,
              size: full.sub(amount).mul(sign).toFixed(),
            }),
          },
        ]
      if (position.kind === 'option' && snapshot.model === 'portfolio-margin') {
        const option = snapshot.options.find((o) => position.id === o.id || position.id === `option:${o.id}`)
        if (!option) return []
        return [
          {
            kind: 'reduceOption',
            asset: option.id,
            unit: SIZE_UNIT,
            priceUsd: position.markPriceUsd,
            maxAmount: full,
            initial: full,
            fundedFrom: null,
            rateMode: null,
            change: (amount) => ({
              kind: 'setOptionPosition',
              option: { ...option, size: full.sub(amount).mul(sign).toFixed() },
            }),
          },
        ]
      }
      return []
    })
  switch (snapshot.model) {
    case 'aave-v3': {
      const collateral = snapshot.reserves.filter(
        (r) => r.user.usageAsCollateralEnabled && BigInt(r.user.scaledATokenBalance) > 0n && r.liquidationThreshold > 0,
      )
      const out: Candidate[] = collateral
        .filter((r) => r.active && !r.frozen && !r.paused)
        .map((r) => deposit(r.symbol, r.priceKey, unitOf(r.decimals)))
      for (const reserve of snapshot.reserves) {
        const debts: [AaveV3RateMode, boolean][] = [
          ['variable', BigInt(reserve.user.scaledVariableDebt) > 0n],
          ['stable', BigInt(reserve.user.principalStableDebt) > 0n],
        ]
        for (const [rateMode, owed] of debts) {
          if (!owed) continue
          const position = report.positions.find((p) => p.kind === 'debt' && p.asset.key === reserve.priceKey)
          const maxAmount = position?.size.abs()
          for (const fundedFrom of [null, ...collateral.map((c) => c.symbol)])
            out.push({
              kind: 'repay',
              asset: reserve.symbol,
              unit: unitOf(reserve.decimals),
              priceUsd: priceOf(reserve.priceKey),
              maxAmount: maxAmount?.toDecimalPlaces(reserve.decimals, D.ROUND_DOWN),
              initial: shortfall.div(priceOf(reserve.priceKey)),
              fundedFrom,
              rateMode,
              change: (amount) => ({
                kind: 'repay',
                asset: reserve.symbol,
                amount: amount.toFixed(),
                rateMode,
                ...(fundedFrom === null ? {} : { fundedFrom }),
              }),
            })
        }
      }
      return out
    }
    case 'morpho-blue': {
      const { collateralToken, loanToken } = snapshot
      const debt = report.positions.find((p) => p.kind === 'debt')
      const repay = (fundedFrom: string | null): Candidate => ({
        kind: 'repay',
        asset: loanToken.symbol,
        unit: unitOf(loanToken.decimals),
        priceUsd: priceOf(loanToken.priceKey),
        maxAmount: debt?.size.abs().toDecimalPlaces(loanToken.decimals, D.ROUND_DOWN),
        initial: shortfall.div(priceOf(loanToken.priceKey)),
        fundedFrom,
        rateMode: null,
        change: (amount) => ({
          kind: 'repay',
          asset: loanToken.symbol,
          amount: amount.toFixed(),
          ...(fundedFrom === null ? {} : { fundedFrom }),
        }),
      })
      return [
        deposit(collateralToken.symbol, collateralToken.priceKey, unitOf(collateralToken.decimals)),
        ...(debt ? [repay(null), repay(collateralToken.symbol)] : []),
      ]
    }
    case 'hyperliquid':
    case 'dydx-v4':
      return [deposit('USDC', 'USDC', USDC_UNIT), ...reductions()]
    case 'tiered-perp':
      return [...snapshot.wallet.map((b) => deposit(b.asset, b.asset, SIZE_UNIT)), ...reductions()]
    case 'portfolio-margin':
      return [...snapshot.collateral.map((b) => deposit(b.asset, b.asset, SIZE_UNIT)), ...reductions()]
  }
}
