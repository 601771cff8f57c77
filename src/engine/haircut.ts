/**
 * Collateral haircuts: the fraction removed from a collateral's value before it counts as
 * margin (Bybit "collateral value ratio" = 1 − haircut, Binance multi-assets "collateral ratio",
 * Deribit cross-collateral "haircut"). Only positive balances are haircut: a negative balance
 * (a borrowed/owed asset) counts at full value against equity.
 *
 * @see https://www.bybit.com/en/help-center/article/Collateral-Info-UTA  (collateral value ratio)
 * @see https://www.binance.com/en/support/faq/multi-assets-mode (collateral ratio per asset)
 */

import { type D, type DecimalString, dec, ONE, ZERO } from './decimal'
import { EngineInputError } from './errors'
import type { ModelPositionRisk, PriceQuote } from './types'

export type CollateralBalance = {
  /** Price key in `SnapshotHeader.prices` (`USDC`, `ETH`, ...). */
  asset: string
  /** Signed units of the asset; negative means owed. */
  amount: DecimalString
}

export type ComputeCollateralParameters = {
  balances: readonly CollateralBalance[]
  prices: Record<string, PriceQuote>
  /** Fraction in [0, 1] removed per asset; missing means 0. */
  haircuts?: Record<string, DecimalString> | undefined
}

export type ComputeCollateralReturnType = {
  /** Σ amount × price, before haircuts. */
  valueUsd: D
  /** Σ amount × price × (1 − haircut) for positive amounts, full value for negative ones. */
  haircutValueUsd: D
  /** One `collateral` position per non-zero balance (delta = amount, no liquidation price). */
  positions: ModelPositionRisk[]
}

export function priceOf(prices: Record<string, PriceQuote>, asset: string): D {
  const quote = prices[asset]
  if (!quote) throw new EngineInputError(`No price for "${asset}" in the snapshot.`)
  return dec(quote.priceUsd)
}

export function computeCollateral({
  balances,
  prices,
  haircuts = {},
}: ComputeCollateralParameters): ComputeCollateralReturnType {
  let valueUsd = ZERO
  let haircutValueUsd = ZERO
  const positions: ModelPositionRisk[] = []
  for (const balance of balances) {
    const amount = dec(balance.amount)
    if (amount.isZero()) continue
    const price = priceOf(prices, balance.asset)
    const value = amount.mul(price)
    const haircut = haircuts[balance.asset] === undefined ? ZERO : dec(haircuts[balance.asset] as string)
    if (haircut.lt(0) || haircut.gt(1)) throw new EngineInputError(`Haircut of "${balance.asset}" is outside [0, 1].`)
    valueUsd = valueUsd.add(value)
    haircutValueUsd = haircutValueUsd.add(amount.isPositive() ? value.mul(ONE.sub(haircut)) : value)
    positions.push({
      id: `collateral:${balance.asset}`,
      kind: 'collateral',
      priceKey: balance.asset,
      size: amount,
      markPriceUsd: price,
      notionalUsd: value.abs(),
      unrealizedPnlUsd: ZERO,
      initialMarginUsd: ZERO,
      maintenanceMarginUsd: ZERO,
      liquidationPrice: { kind: 'none', reason: 'no-exposure' },
      delta: amount,
      deltaUsd: value,
      gamma: ZERO,
      gammaUsd: ZERO,
      vegaUsdPerVolatility: ZERO,
      thetaUsdPerDay: ZERO,
    })
  }
  return { valueUsd, haircutValueUsd, positions }
}
