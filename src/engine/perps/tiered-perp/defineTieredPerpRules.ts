import type { DecimalString } from '../../decimal'
import type { TieredPerpRules } from './types'

/** The venues whose published liquidation conventions the tiered-perp model follows. */
export type TieredPerpVenue = 'binance-usdm' | 'binance-coinm' | 'bybit-linear' | 'bybit-inverse' | 'generic-tiered'

export type DefineTieredPerpRulesParameters = {
  venue: TieredPerpVenue
  marginMode: 'cross' | 'isolated'
  /**
   * Bybit unified trading account (and a generic venue that charges it): the taker fee rate of the
   * fee to close. Omitted on Bybit: the classic account's formulas.
   */
  feeToCloseRate?: DecimalString | undefined
}

/**
 * Each venue's convention, as its documentation states it:
 *
 * - Binance USDⓈ-M: linear, maintenance margin at the mark (the bracket at the liquidation
 *   notional), no fee. "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts",
 *   https://www.binance.com/en/support/faq/how-to-calculate-liquidation-price-of-usd%E2%93%A2-m-futures-contracts-b3c689c1f50a44cabb3a84e663b81d93
 * - Binance COIN-M: inverse, the same convention in the coin. "How to Calculate Liquidation Price of
 *   COIN-M Futures Contracts",
 *   https://www.binance.com/en/support/faq/how-to-calculate-liquidation-price-of-coin-m-futures-contracts-ceccfcfb4e3a45e3b48b0b1bb1a8ae46
 * - Bybit linear, classic account, isolated: maintenance margin at the ENTRY price ("Position Value =
 *   Contract Size × Entry Price"; LP = Entry − (IM − MM) / size − extra margin / size). "Liquidation
 *   Price (USDT Contract)", https://www.bybit.com/en/help-center/article/Liquidation-Price-USDT-Contract
 * - Bybit inverse, classic account: maintenance margin at entry (Quantity / Entry × MMR) and the fee
 *   to close at the bankruptcy price (Quantity × 0.075 % / Bankruptcy Price). "How to calculate
 *   Liquidation Price (Inverse Contract)",
 *   https://help.bybit.com/hc/en-us/articles/360039261334-How-to-calculate-Liquidation-Price-Inverse-Contract-
 * - Bybit unified trading account (a fee rate given): maintenance margin at the mark plus the
 *   estimated fee to close. "Liquidation Price Calculation under Isolated Mode (Unified Trading
 *   Account)",
 *   https://www.bybit.com/en/help-center/article/Liquidation-Price-Calculation-under-Isolated-Mode-Unified-Trading-Account
 * - Bybit classic cross (no fee rate): the margin at the mark, as Binance (the account's equity
 *   against the sum of its positions' maintenance margins).
 * - A generic tiered venue: Binance's convention, with the fee to close when a rate is given.
 *
 * @example defineTieredPerpRules({ venue: 'bybit-linear', marginMode: 'isolated' }) // { contract: 'linear', maintenanceAt: 'entry' }
 */
export function defineTieredPerpRules({
  venue,
  marginMode,
  feeToCloseRate,
}: DefineTieredPerpRulesParameters): TieredPerpRules {
  const fee = feeToCloseRate === undefined ? {} : { feeToCloseRate }
  switch (venue) {
    case 'binance-usdm':
      return { contract: 'linear', maintenanceAt: 'mark' }
    case 'binance-coinm':
      return { contract: 'inverse', maintenanceAt: 'mark' }
    case 'generic-tiered':
      return { contract: 'linear', maintenanceAt: 'mark', ...fee }
    case 'bybit-linear':
      if (feeToCloseRate !== undefined) return { contract: 'linear', maintenanceAt: 'mark', ...fee }
      return { contract: 'linear', maintenanceAt: marginMode === 'isolated' ? 'entry' : 'mark' }
    case 'bybit-inverse':
      // Unified: MM at the mark plus the fee; classic: the article's MM at entry and 0.075 % taker fee.
      if (feeToCloseRate !== undefined) return { contract: 'inverse', maintenanceAt: 'mark', ...fee }
      return { contract: 'inverse', maintenanceAt: 'entry', feeToCloseRate: BYBIT_CLASSIC_INVERSE_TAKER_FEE }
  }
}

/** The taker fee of Bybit's classic inverse liquidation-price article ("Quantity × 0.00075 / Bankruptcy Price"). */
export const BYBIT_CLASSIC_INVERSE_TAKER_FEE = '0.00075'

/** Binance USDⓈ-M's convention: what a snapshot without `params.rules` is evaluated with. */
export const DEFAULT_TIERED_PERP_RULES: TieredPerpRules = { contract: 'linear', maintenanceAt: 'mark' }
