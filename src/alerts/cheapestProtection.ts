import type { AlertRuleRow } from '../db/schema'
import { D, formatFigure, type Ratio } from '../engine'
import { type ProtectTarget, protectEvaluated } from '../portfolio/protectPortfolio'
import type { MarginAccountView } from '../portfolio/types'

/**
 * The target a fired rule points to: the level at which it re-arms (threshold ± hysteresis), so the
 * action found would also end the alert. Null for rules no single-account target expresses (equity,
 * or a probability, whose volatility the event builder does not read).
 */
export function targetOfRule(rule: Pick<AlertRuleRow, 'kind' | 'threshold' | 'hysteresis'>): ProtectTarget | null {
  const threshold = new D(rule.threshold)
  const band = new D(rule.hysteresis)
  switch (rule.kind) {
    case 'HEALTH_FACTOR_BELOW':
      return { kind: 'healthFactor', value: threshold.add(band) }
    case 'MARGIN_RATIO_ABOVE': {
      const value = threshold.sub(band)
      return value.gt(0) ? { kind: 'marginRatio', value } : null
    }
    case 'DISTANCE_TO_LIQUIDATION_BELOW': {
      const value = threshold.add(band)
      return value.gt(0) && value.lt(1) ? { kind: 'distanceToLiquidation', value } : null
    }
    default:
      return null
  }
}

/**
 * The cheapest single action (by its USD value) that brings every margin account of a fired alert's
 * target back past the rule's re-arm level, as figures (the calldata is one `protect` query away):
 * the same search and evaluation as `protect`. Null when the rule has no such target or nothing
 * reaches it.
 */
export function cheapestProtection(
  rule: Pick<AlertRuleRow, 'kind' | 'threshold' | 'hysteresis'>,
  views: readonly MarginAccountView[],
  nowMs: number,
) {
  const target = targetOfRule(rule)
  if (target === null || views.length === 0) return null
  const protection = protectEvaluated(
    { nowMs },
    { before: { views: [...views], sources: [] }, warnings: [], views, target, volatilities: new Map() },
  )
  const options = protection.marginAccounts.flatMap((m) => m.options).sort((a, b) => a.valueUsd.cmp(b.valueUsd))
  const best = options[0]
  if (!best) return null
  return {
    target: { kind: TARGET_KINDS[target.kind], value: formatFigure(target.value, 'Fraction') },
    marginAccount: best.marginAccount,
    kind: ACTION_KINDS[best.kind],
    asset: best.asset,
    amount: formatFigure(best.amount, 'Quantity'),
    valueUsd: formatFigure(best.valueUsd, 'UsdAmount'),
    fundedFrom: best.fundedFrom,
    interestRateMode: best.rateMode === null ? null : best.rateMode.toUpperCase(),
    after: {
      healthFactor: best.after.report.healthFactor ? ratioJson(best.after.report.healthFactor) : null,
      marginRatio: ratioJson(best.after.report.marginRatio),
    },
  }
}

const TARGET_KINDS = {
  healthFactor: 'HEALTH_FACTOR',
  marginRatio: 'MARGIN_RATIO',
  distanceToLiquidation: 'DISTANCE_TO_LIQUIDATION',
  liquidationProbability: 'LIQUIDATION_PROBABILITY',
} as const

const ACTION_KINDS = {
  addCollateral: 'ADD_COLLATERAL',
  repay: 'REPAY',
  reducePerp: 'REDUCE_PERP',
  closePerp: 'CLOSE_PERP',
  reduceOption: 'REDUCE_OPTION',
  closeOption: 'CLOSE_OPTION',
} as const

function ratioJson(ratio: Ratio) {
  return ratio.kind === 'finite'
    ? { kind: 'FINITE', value: formatFigure(ratio.value, 'Fraction') }
    : { kind: ratio.kind === 'infinite' ? 'INFINITE' : 'NONE', value: null }
}
