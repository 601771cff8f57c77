import { D, type DecimalString, dec, ONE } from '../decimal'
import { EngineInputError } from '../errors'
import { SECONDS_PER_YEAR } from '../math/constants'

type EwmaInput =
  | {
      /** Prices, oldest first, one every `periodSec` (at least 2). */
      prices: readonly (D | DecimalString)[]
      logReturns?: never
    }
  | {
      /** Log returns ln(Pₜ/Pₜ₋₁), oldest first, one per period (at least 1). */
      logReturns: readonly (D | DecimalString)[]
      prices?: never
    }

export type ComputeEwmaVolatilityParameters = EwmaInput & {
  /** Decay factor λ in (0, 1); RiskMetrics uses 0.94 for daily data. Default 0.94. */
  decay?: D | DecimalString | undefined
  /** Spacing of the observations in seconds (86 400 for daily closes). */
  periodSec: number
}

export type ComputeEwmaVolatilityReturnType = {
  /** σ² forecast for the next period (per period, fraction²). */
  variancePerPeriod: D
  /** √variancePerPeriod. */
  volatilityPerPeriod: D
  /** volatilityPerPeriod × √(periods per 365-day year): annualised, fraction (0.65 = 65%). */
  volatility: D
  /** Number of returns used. */
  returns: number
}

/**
 * Exponentially weighted (RiskMetrics) volatility:
 *
 *   σ²ₜ = λ·σ²ₜ₋₁ + (1 − λ)·r²ₜ,  rₜ = ln(Pₜ/Pₜ₋₁), zero mean assumed (RiskMetrics 1996, §5.2.1).
 *
 * - Seed: σ²₁ = r₁², the first squared return (a RiskMetrics back-test seeds with |x| of its first
 *   return); its weight λⁿ⁻¹ fades, below 0.2% after 100 daily returns at λ = 0.94.
 * - The last σ² (after the latest return) is the forecast for the next period.
 * - Annualisation: σ_year = σ_period · √(365 × 86 400 / periodSec), the square-root-of-time rule on
 *   a 365-day year (crypto trades every day), so daily data scales by √365.
 *
 * @see https://www.msci.com/documents/10199/5915b101-4206-4ba0-aee2-3449d5c7e95a  (RiskMetrics Technical Document, 4th ed. 1996, §5.2.1)
 * @see http://www.riskeye.com/paper/node18.html  (the recursion with λ = 0.94 and its seed)
 * @example
 * computeEwmaVolatility({ logReturns: ['0.01', '-0.02', '0.015'], periodSec: 86_400 })
 * // variancePerPeriod 0.00012442, volatility ≈ 0.2131
 */
export function computeEwmaVolatility(parameters: ComputeEwmaVolatilityParameters): ComputeEwmaVolatilityReturnType {
  const decay = dec(parameters.decay ?? '0.94')
  if (!decay.gt(0) || !decay.lt(1)) throw new EngineInputError(`EWMA decay must be in (0, 1), got ${decay.toString()}.`)
  if (!(parameters.periodSec > 0)) throw new EngineInputError(`periodSec must be > 0, got ${parameters.periodSec}.`)
  const returns =
    parameters.prices !== undefined ? logReturnsOf(parameters.prices) : parameters.logReturns.map((r) => dec(r))
  const [first, ...rest] = returns
  if (first === undefined) throw new EngineInputError('EWMA needs at least one return (two prices).')
  const weight = ONE.sub(decay)
  let variance = first.mul(first)
  for (const r of rest) variance = decay.mul(variance).add(weight.mul(r).mul(r))
  const volatilityPerPeriod = variance.sqrt()
  return {
    variancePerPeriod: variance,
    volatilityPerPeriod,
    volatility: volatilityPerPeriod.mul(new D(SECONDS_PER_YEAR).div(parameters.periodSec).sqrt()),
    returns: returns.length,
  }
}

function logReturnsOf(prices: readonly (D | DecimalString)[]): D[] {
  const values = prices.map((price) => {
    const value = dec(price)
    if (!value.gt(0)) throw new EngineInputError(`Prices must be > 0, got ${value.toString()}.`)
    return value
  })
  return values.slice(1).map((value, i) => value.div(values[i] as D).ln())
}
