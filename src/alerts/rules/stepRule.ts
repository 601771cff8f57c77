import { D, type Ratio } from '../../engine'
import { type AlertRuleKind, directionOf } from './kinds'

/** The part of a stored rule its state machine reads. */
export type RuleState = {
  kind: AlertRuleKind
  threshold: string
  hysteresis: string
  cooldownSeconds: number
  state: 'armed' | 'fired'
  sequence: number
  lastFiredAtMs: number | null
}

export type StepRuleReturnType =
  /** Nothing changes but the recorded value. */
  | { action: 'none' }
  /** The value crossed the threshold: state `fired`, sequence + 1, one event. */
  | { action: 'fire'; sequence: number }
  /** The value recovered past the hysteresis band: back to `armed`, no event. */
  | { action: 'rearm' }

/**
 * One rule's state machine, per evaluation:
 * - armed → fired when the value is at or past the threshold (ABOVE: ≥, INFINITE included; BELOW: ≤), unless
 *   the rule fired less than `cooldownSeconds` ago: it then stays armed and fires on the first tick after
 *   the cooldown if the value is still past the threshold.
 * - fired → armed only when the value is back past the threshold by more than the hysteresis band
 *   (ABOVE: < threshold − hysteresis; BELOW: > threshold + hysteresis, or INFINITE) or does not apply any
 *   more (NONE: e.g. the position was closed). A value hovering around the threshold therefore fires once
 *   per real crossing, not once per tick.
 * A NONE value never fires.
 */
export function stepRule(rule: RuleState, value: Ratio, nowMs: number): StepRuleReturnType {
  const threshold = new D(rule.threshold)
  const band = new D(rule.hysteresis)
  const above = directionOf(rule.kind) === 'above'
  if (rule.state === 'armed') {
    const breached = above
      ? value.kind === 'infinite' || (value.kind === 'finite' && value.value.gte(threshold))
      : value.kind === 'finite' && value.value.lte(threshold)
    const coolingDown = rule.lastFiredAtMs !== null && nowMs - rule.lastFiredAtMs < rule.cooldownSeconds * 1000
    return breached && !coolingDown ? { action: 'fire', sequence: rule.sequence + 1 } : { action: 'none' }
  }
  const recovered =
    value.kind === 'none' ||
    (above
      ? value.kind === 'finite' && value.value.lt(threshold.sub(band))
      : value.kind === 'infinite' || value.value.gt(threshold.add(band)))
  return recovered ? { action: 'rearm' } : { action: 'none' }
}
