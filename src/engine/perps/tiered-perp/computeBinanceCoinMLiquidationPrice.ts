import { type D, ZERO } from '../../decimal'

/** One position of "contract 1" in Binance's COIN-M formula (BOTH in one-way mode, or LONG / SHORT in hedge mode). */
export type BinanceCoinMLiquidationLeg = {
  /** Side: 1 long, −1 short. */
  side: 1 | -1
  /** |contracts| × contract size (CS): the position's face value, USD. */
  faceUsd: D
  /** EP: entry price, USD per coin. */
  entryPriceUsd: D
  /** MMR of the bracket at the liquidation notional (in the coin). */
  maintenanceMarginRate: D
  /** cum: maintenance amount of that bracket, in the coin. */
  maintenanceAmount: D
}

export type ComputeBinanceCoinMLiquidationPriceParameters = {
  /** WB: wallet balance, in the coin (cross: crossWalletBalance; isolated: the isolated wallet). */
  walletBalance: D
  /** TMM1: maintenance margin of all other contracts, in the coin (isolated: 0). */
  otherMaintenanceMargin: D
  /** UPNL1: unrealized PnL of all other contracts, in the coin (isolated: 0). */
  otherUnrealizedPnl: D
  legs: readonly BinanceCoinMLiquidationLeg[]
}

/**
 * Binance COIN-M liquidation price of contract 1, other prices fixed. Written over legs with
 * `Q = |contracts| × CS` (USD face value):
 *
 * `LP = (Σ Q × MMR + Σ side × Q) / (WB − TMM1 + UPNL1 + Σ cum + Σ side × Q / EP)`
 *
 * which is the article's `[(B × MMR_B + L × MMR_L + S × MMR_S) + Side_B × B + L − S] × CS /
 * [(WB + cum_B + cum_L + cum_S) + (Side_B × B / EP_B + L / EP_L − S / EP_S) × CS]` with TMM1 and UPNL1
 * of the cross wallet's other contracts. It is the root of `equity = maintenance margin` in the coin:
 * `WB + Σ side × Q × (1/EP − 1/P) = Σ (Q/P × MMR − cum)`, linear in 1/P. MMR and cum are those of the
 * bracket at the liquidation notional `Q / LP`. Returns `null` when either side of the fraction is
 * zero (no finite price); a result <= 0 means no liquidation price (Binance shows "--").
 *
 * @see https://www.binance.com/en/support/faq/how-to-calculate-liquidation-price-of-coin-m-futures-contracts-ceccfcfb4e3a45e3b48b0b1bb1a8ae46
 *   ("How to Calculate Liquidation Price of COIN-M Futures Contracts")
 * @example
 * // 1 BTC in the wallet, long 100 BTCUSD contracts of 100 USD at 50,000, MMR 0.4 %, cum 0:
 * // LP = 10,000 × 1.004 / (1 + 0.2) = 8,366.67
 */
export function computeBinanceCoinMLiquidationPrice({
  walletBalance,
  otherMaintenanceMargin,
  otherUnrealizedPnl,
  legs,
}: ComputeBinanceCoinMLiquidationPriceParameters): D | null {
  let numerator = ZERO
  let denominator = walletBalance.sub(otherMaintenanceMargin).add(otherUnrealizedPnl)
  for (const leg of legs) {
    const signed = leg.side === 1 ? leg.faceUsd : leg.faceUsd.neg()
    numerator = numerator.add(leg.faceUsd.mul(leg.maintenanceMarginRate)).add(signed)
    denominator = denominator.add(leg.maintenanceAmount).add(signed.div(leg.entryPriceUsd))
  }
  return numerator.isZero() || denominator.isZero() ? null : numerator.div(denominator)
}
