import type { AlertRuleRow, AlertSubscriptionRow } from '../db/schema'
import { newId } from './ids'
import type { RuleParameters } from './rules/parseRuleInput'

export type NewSubscriptionRowsParameters = {
  keyId: string
  endpointId: string
  /** Normalized, deduplicated addresses of the watched account(s). */
  addresses: readonly string[]
  /** Narrowing to these protocols; null watches every protocol. */
  protocols: readonly string[] | null
  label: string | null
  rules: readonly RuleParameters[]
  nowMs: number
  /** `active` (due at once: the next cron tick evaluates it) unless said otherwise. */
  status?: AlertSubscriptionRow['status'] | undefined
}

/**
 * The rows of a new subscription and its rules, with fresh ids: every rule armed at sequence 0, nothing
 * evaluated yet. The one place that says what a new subscription looks like (the API and the tests' seeds).
 */
export function newSubscriptionRows({
  keyId,
  endpointId,
  addresses,
  protocols,
  label,
  rules,
  nowMs,
  status = 'active',
}: NewSubscriptionRowsParameters): { subscription: AlertSubscriptionRow; rules: AlertRuleRow[] } {
  const subscription: AlertSubscriptionRow = {
    id: newId('sub'),
    keyId,
    endpointId,
    label,
    addresses: JSON.stringify(addresses),
    protocols: protocols === null ? null : JSON.stringify([...new Set(protocols)]),
    status,
    nextEvalAtMs: nowMs,
    leaseUntilMs: null,
    lastEvaluatedAtMs: null,
    dataUnavailableSinceMs: null,
    dataUnavailableReason: null,
    createdAtMs: nowMs,
  }
  return {
    subscription,
    rules: rules.map((rule) => ({
      id: newId('rule'),
      subscriptionId: subscription.id,
      ...rule,
      state: 'armed',
      sequence: 0,
      lastValue: null,
      lastEvaluatedAtMs: null,
      lastFiredAtMs: null,
      lastRearmedAtMs: null,
    })),
  }
}
