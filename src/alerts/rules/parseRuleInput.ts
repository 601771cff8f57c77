import { D } from '../../engine/decimal'
import { InvalidInputError } from '../../errors/input'
import type { AlertRuleKind } from './kinds'

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

const DEFAULT_COOLDOWN_SECONDS = 3_600
const MAX_COOLDOWN_SECONDS = 7 * 86_400
const MIN_HORIZON_SECONDS = 60
const MAX_HORIZON_SECONDS = 30 * 86_400

/**
 * Checks one rule of `createAlertSubscription` (BAD_USER_INPUT saying what is wrong) and fills defaults:
 * hysteresis a tenth of the threshold (0.05 for probabilities), cooldown one hour.
 */
export function parseRuleInput(input: RuleInput, index: number): RuleParameters {
  const where = `rules[${index}] (${input.kind})`
  const threshold = new D(input.threshold)
  const probability = input.kind === 'LIQUIDATION_PROBABILITY_ABOVE'
  if (threshold.isNegative()) throw new InvalidInputError(`${where}: threshold must not be negative.`)
  if (probability && !(threshold.gt(0) && threshold.lte(1)))
    throw new InvalidInputError(`${where}: threshold is a probability, greater than 0 and at most 1.`)
  if ((input.kind === 'MARGIN_RATIO_ABOVE' || input.kind === 'HEALTH_FACTOR_BELOW') && !threshold.gt(0))
    throw new InvalidInputError(`${where}: threshold must be greater than 0.`)
  if (input.kind === 'DISTANCE_TO_LIQUIDATION_BELOW' && threshold.gt(100))
    throw new InvalidInputError(`${where}: threshold is a percent of the price, at most 100.`)

  const hysteresis =
    input.hysteresis != null ? new D(input.hysteresis) : probability ? new D('0.05') : threshold.abs().div(10)
  if (hysteresis.isNegative()) throw new InvalidInputError(`${where}: hysteresis must not be negative.`)

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
