/** The rule kinds of schema/alerts.graphql `AlertRuleKind`, as stored in `alert_rules.kind`. */
export const ALERT_RULE_KINDS = [
  'MARGIN_RATIO_ABOVE',
  'HEALTH_FACTOR_BELOW',
  'DISTANCE_TO_LIQUIDATION_BELOW',
  'EQUITY_BELOW',
  'LIQUIDATION_PROBABILITY_ABOVE',
  'PRE_LIQUIDATION_HEALTH_BELOW',
] as const

export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number]

/** Whether a rule fires when its value rises to the threshold (`above`) or falls to it (`below`). */
export function directionOf(kind: AlertRuleKind): 'above' | 'below' {
  return kind.endsWith('_ABOVE') ? 'above' : 'below'
}

export function isAlertRuleKind(value: string): value is AlertRuleKind {
  return (ALERT_RULE_KINDS as readonly string[]).includes(value)
}
