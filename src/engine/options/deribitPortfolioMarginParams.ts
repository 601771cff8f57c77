import type { PortfolioMarginParams } from './types'

/**
 * Deribit's portfolio margin parameters as its documentation page states them, for a caller to
 * start from and override field by field. Source: "Portfolio Margin",
 * https://www.deribit.com/pages/docs/portfoliomargin. Date: the page carries none (no "updated" line
 * in the stored copy, nor in any other stored copy searched); these values were read from the stored
 * copy on 2026-12-06, the retrieval date, which dates Solvent's reading and not Deribit's table.
 * Deribit's Risk Management changes the values "without prior notice", and the current article
 * https://support.deribit.com/hc/en-us/articles/25944756247837-Portfolio-Margin publishes the live
 * values on the margin page:
 *
 * - "maximum price move of +/- 10.00%": 9 evenly spaced buckets including 0 (the current article's
 *   bucketing);
 * - "maximum implied volatility change of (30/days to expiration)^0.30 × 38.00%": shocks −38 %, 0,
 *   +38 % scaled per expiry by `volShockTerm`; the page does not say whether the change is relative
 *   or in vol points: read as relative here (σ × 1.38), override `volShockMode` for points;
 * - imMultiplier 1.3 and riskFreeRate 0 are Solvent's defaults, not from the page;
 * - "Contingency component of 0.01 BTC per option for all net short options per strike":
 *   `netShortOptionContingency` 0.01 (units of the underlying per net short option).
 *
 * Not modelled: the page's 1 % contingency for offsetting futures (one perp per underlying here).
 * Not preset: the current article's extended table (−66 % … +500 % on vol-up, a fraction of P&L, a
 * dampener). The engine has it (`extendedTable`), with every parameter from the caller: Deribit
 * documents no formula combining them, and its only published values are those of a response
 * example of `private/pme/simulate` (https://docs.deribit.com/api-reference/account-management/private-simulate,
 * model_params timestamp 1718619740501 = 2024-06-17: extended_table_factor 1, BTC extended_dampener
 * 100000, with price_range 0.16 and volatility_range_up / down 0.5 / 0.25, a different and newer
 * parameter set than this page's).
 */
export const DERIBIT_PORTFOLIO_MARGIN_PARAMS = {
  priceMoves: ['-0.1', '-0.075', '-0.05', '-0.025', '0', '0.025', '0.05', '0.075', '0.1'],
  volShocks: ['-0.38', '0', '0.38'],
  volShockMode: 'relative',
  volShockTerm: { referenceDays: '30', exponent: '0.3' },
  netShortOptionContingency: '0.01',
  imMultiplier: '1.3',
  riskFreeRate: '0',
} as const satisfies PortfolioMarginParams
