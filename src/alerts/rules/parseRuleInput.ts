import { D } from '../../engine'
import { InvalidInputError } from '../../errors/input'
import { type AlertRuleKind, directionOf } from './kinds'

export type RuleInput = {
  kind: AlertRuleKind
  threshold: string
  hysteresis?: string | null | undefined
  cooldownSeconds?: number | null | undefined
  horizonSeconds?: number | null | undefined
}

/** A rule's parameters once checked, with defaults applied. */
export type RuleParameters = {
  kind: AlertRuleKind
  threshold: string
  hysteresis: string
  cooldownSeconds: number
  horizonSeconds: number | null
}

/** Default band of probability rules (absolute), halved for thresholds under 0.1. */
const PROBABILITY_HYSTERESIS = new D('0.05')
const DEFAULT_COOLDOWN_SECONDS = 3_600
const MAX_COOLDOWN_SECONDS = 7 * 86_400
const MIN_HORIZON_SECONDS = 60
const MAX_HORIZON_SECONDS = 30 * 86_400

/**
 * Checks one rule of `createAlertSubscription` (BAD_USER_INPUT saying what is wrong) and fills defaults:
 * hysteresis a tenth of the threshold (for probabilities 0.05, at most half the threshold), cooldown one hour.
 */
export function parseRuleInput(input: RuleInput, index: number): RuleParameters {
  const where = `rules[${index}] (${input.kind})`
  const threshold = new D(input.threshold)
  const probability = input.kind === 'LIQUIDATION_PROBABILITY_ABOVE'
  if (threshold.isNegative()) throw new InvalidInputError(`${where}: threshold must not be negative.`)
  if (probability && !(threshold.gt(0) && threshold.lte(1)))
    throw new InvalidInputError(`${where}: threshold is a probability, greater than 0 and at most 1.`)
  if (
    (input.kind === 'MARGIN_RATIO_ABOVE' ||
      input.kind === 'HEALTH_FACTOR_BELOW' ||
      input.kind === 'PRE_LIQUIDATION_HEALTH_BELOW') &&
    !threshold.gt(0)
  )
    throw new InvalidInputError(`${where}: threshold must be greater than 0.`)
  if (input.kind === 'DISTANCE_TO_LIQUIDATION_BELOW' && threshold.gt(1))
    throw new InvalidInputError(`${where}: threshold is a fraction of the price (0.05 = 5 %), at most 1.`)

  const hysteresis =
    input.hysteresis != null
      ? new D(input.hysteresis)
      : probability
        ? D.min(PROBABILITY_HYSTERESIS, threshold.div(2))
        : threshold.abs().div(10)
  if (hysteresis.isNegative()) throw new InvalidInputError(`${where}: hysteresis must not be negative.`)
  // An ABOVE rule re-arms below threshold − hysteresis; its values (margin ratio, probability) are never
  // negative, so a band reaching 0 would leave the rule fired for good after its first event.
  if (directionOf(input.kind) === 'above' && hysteresis.gte(threshold))
    throw new InvalidInputError(`${where}: hysteresis must be less than the threshold, or the rule could never re-arm.`)

  const cooldownSeconds = input.cooldownSeconds ?? DEFAULT_COOLDOWN_SECONDS
  if (!Number.isInteger(cooldownSeconds) || cooldownSeconds < 0 || cooldownSeconds > MAX_COOLDOWN_SECONDS)
    throw new InvalidInputError(`${where}: cooldownSeconds must be an integer from 0 to ${MAX_COOLDOWN_SECONDS}.`)

  const horizon = input.horizonSeconds ?? null
  if (probability) {
    if (
      horizon === null ||
      !Number.isInteger(horizon) ||
      horizon < MIN_HORIZON_SECONDS ||
      horizon > MAX_HORIZON_SECONDS
    )
      throw new InvalidInputError(
        `${where}: horizonSeconds is required, an integer from ${MIN_HORIZON_SECONDS} to ${MAX_HORIZON_SECONDS}.`,
      )
  } else if (horizon !== null) {
    throw new InvalidInputError(`${where}: horizonSeconds applies to LIQUIDATION_PROBABILITY_ABOVE only.`)
  }
  return {
    kind: input.kind,
    threshold: threshold.toFixed(),
    hysteresis: hysteresis.toFixed(),
    cooldownSeconds,
    horizonSeconds: horizon,
  }
}
