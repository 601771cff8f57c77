import { type D, ZERO } from '../../decimal'

/** One position of "contract 1" in Binance's formula (BOTH in one-way mode, or LONG / SHORT in hedge mode). */
export type BinanceLiquidationLeg = {
  /** Side: 1 long, −1 short (a LONG position is 1, a SHORT one −1). */
  side: 1 | -1
  /** Position: absolute size, units of the underlying. */
  position: D
  /** EP: entry price, USD. */
  entryPriceUsd: D
  /** MMR: maintenance margin rate of the bracket at the liquidation notional. */
  maintenanceMarginRate: D
  /** cum: maintenance amount of that bracket, USD. */
  maintenanceAmountUsd: D
}

export type ComputeBinanceLiquidationPriceParameters = {
  /** WB: wallet balance, USD (cross: cross wallet balance; isolated: the isolated wallet). */
  walletBalanceUsd: D
  /** TMM1: maintenance margin of all other contracts, USD (isolated: 0). */
  otherMaintenanceMarginUsd: D
  /** UPNL1: unrealized PnL of all other contracts, USD (isolated: 0). */
  otherUnrealizedPnlUsd: D
  /** The positions of contract 1: one in one-way mode, up to two (LONG, SHORT) in hedge mode. */
  legs: readonly BinanceLiquidationLeg[]
}

/**
 * Binance USDⓈ-M liquidation price of contract 1, other prices fixed:
 *
 * `LP = (WB − TMM1 + UPNL1 + cumB + cumL + cumS − Side1BOTH × Position1BOTH × EP1BOTH
 *        − Position1LONG × EP1LONG + Position1SHORT × EP1SHORT)
 *       / (Position1BOTH × MMRB + Position1LONG × MMRL + Position1SHORT × MMRS
 *        − Side1BOTH × Position1BOTH − Position1LONG + Position1SHORT)`
 *
 * written over legs as `(WB − TMM1 + UPNL1 + Σ cum − Σ side × position × EP) / (Σ position × MMR − Σ side × position)`.
 * MMR and cum must be those of the bracket at the liquidation notional (`computeTieredLiquidationPrice`
 * walks the brackets). Returns `null` when the denominator is zero. A result <= 0 means no
 * liquidation price (Binance shows "--").
 *
 * @see https://www.binance.com/en/support/faq/how-to-calculate-liquidation-price-of-usd%E2%93%A2-m-futures-contracts-b3c689c1f50a44cabb3a84e663b81d93
 * @example
 * // The FAQ's cross-margin example, contract 1 = ETHUSDT: 1153.26
 * computeBinanceLiquidationPrice({
 *   walletBalanceUsd: dec('1535443.01'), otherMaintenanceMarginUsd: dec('71200.81144'), otherUnrealizedPnlUsd: dec('-56354.57'),
 *   legs: [{ side: 1, position: dec('3683.979'), entryPriceUsd: dec('1456.84'), maintenanceMarginRate: dec('0.10'), maintenanceAmountUsd: dec('135365') }],
 * })
 */
export function computeBinanceLiquidationPrice({
  walletBalanceUsd,
  otherMaintenanceMarginUsd,
  otherUnrealizedPnlUsd,
  legs,
}: ComputeBinanceLiquidationPriceParameters): D | null {
  let numerator = walletBalanceUsd.sub(otherMaintenanceMarginUsd).add(otherUnrealizedPnlUsd)
  let denominator = ZERO
  for (const leg of legs) {
    const signed = leg.side === 1 ? leg.position : leg.position.neg()
    numerator = numerator.add(leg.maintenanceAmountUsd).sub(signed.mul(leg.entryPriceUsd))
    denominator = denominator.add(leg.position.mul(leg.maintenanceMarginRate)).sub(signed)
  }
  return denominator.isZero() ? null : numerator.div(denominator)
}
