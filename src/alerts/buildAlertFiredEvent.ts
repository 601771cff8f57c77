import type { AlertEventRow, AlertRuleRow, AlertSubscriptionRow } from '../db/schema'
import { formatFigure, type Ratio, sum } from '../engine'
import type { MarginAccountView } from '../portfolio/types'
import { cheapestProtection } from './cheapestProtection'
import { buildEventBody, subscriptionJson } from './eventBody'
import { sha256Hex } from './ids'

export type BuildAlertFiredEventParameters = {
  subscription: AlertSubscriptionRow
  rule: AlertRuleRow
  sequence: number
  value: Ratio
  /** The target's margin accounts, nearest to liquidation first, with the snapshot each was computed from. */
  reports: readonly MarginAccountView[]
  nowMs: number
}

/**
 * The `alert.fired` event of a rule's `sequence`-th firing. Its id is derived from (rule, sequence), so
 * two ticks that see the same crossing build the same event, and the unique index keeps one.
 */
export async function buildAlertFiredEvent({
  subscription,
  rule,
  sequence,
  value,
  reports,
  nowMs,
}: BuildAlertFiredEventParameters): Promise<AlertEventRow> {
  const id = `evt_${(await sha256Hex(`${rule.id}:${sequence}`)).slice(0, 32)}`
  const nearest = reports[0]
  const data = {
    id,
    subscription: subscriptionJson(subscription),
    rule: {
      id: rule.id,
      kind: rule.kind,
      threshold: rule.threshold,
      hysteresis: rule.hysteresis,
      horizonSeconds: rule.horizonSeconds,
    },
    firing: sequence,
    value: ratioJson(value),
    observedAt: new Date(nowMs).toISOString(),
    equityUsd: formatFigure(sum(reports.map(({ report }) => report.equityUsd)), 'UsdAmount'),
    nearestToLiquidation: nearest
      ? {
          id: nearest.id,
          protocol: nearest.report.venue,
          chainId: nearest.report.chainId ?? null,
          account: nearest.report.account,
          marginAccountId: nearest.report.marginAccountId,
          equityUsd: formatFigure(nearest.report.equityUsd, 'UsdAmount'),
          maintenanceMarginUsd: formatFigure(nearest.report.maintenanceMarginUsd, 'UsdAmount'),
          marginRatio: ratioJson(nearest.report.marginRatio),
          healthFactor: nearest.report.healthFactor ? ratioJson(nearest.report.healthFactor) : null,
          liquidatable: nearest.report.liquidatable,
          // When the figures are from (DESIGN.md): the block (or venue time) they are computed at.
          blockNumber: nearest.snapshot.blockNumber ?? null,
          asOf: new Date(nearest.snapshot.asOfSec * 1000).toISOString(),
        }
      : null,
    // The way out at the time it fired: the cheapest single action back past the re-arm level (figures only).
    protection: cheapestProtection(rule, reports, nowMs),
  }
  return {
    id,
    endpointId: subscription.endpointId,
    keyId: subscription.keyId,
    subscriptionId: subscription.id,
    ruleId: rule.id,
    sequence,
    type: 'alert.fired',
    payload: buildEventBody('alert.fired', nowMs, data),
    createdAtMs: nowMs,
    handedOffAtMs: null,
  }
}

/** The GraphQL `Ratio` shape and precision, so webhook bodies read like API answers. */
function ratioJson(ratio: Ratio) {
  return ratio.kind === 'finite'
    ? { kind: 'FINITE', value: formatFigure(ratio.value, 'Fraction') }
    : { kind: ratio.kind === 'infinite' ? 'INFINITE' : 'NONE', value: null }
}
