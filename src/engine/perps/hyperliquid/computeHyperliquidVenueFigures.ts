import { type D, dec, ZERO } from '../../decimal'
import { EngineInputError } from '../../errors'
import { evaluateHyperliquid } from './evaluateHyperliquid'
import type { HyperliquidSnapshot } from './types'

/** The engine's version of a `clearinghouseState` margin summary. */
export type HyperliquidMarginSummaryFigures = {
  /** rawUsd + Σ szi × markPx. */
  accountValue: D
  /** Σ |szi| × markPx. */
  totalNtlPos: D
  totalRawUsd: D
  /** Σ marginUsed. */
  totalMarginUsed: D
}

/** The engine's version of one `clearinghouseState.assetPositions[].position`. */
export type HyperliquidPositionFigures = {
  coin: string
  szi: D
  /** |szi| × markPx. */
  positionValue: D
  /** szi × (markPx − entryPx). */
  unrealizedPnl: D
  /** unrealizedPnl / (|szi| × entryPx / leverage). */
  returnOnEquity: D
  /** `null` where the API returns null (no liquidation price at a positive price). */
  liquidationPx: D | null
  /** Cross: positionValue / leverage. Isolated: the isolated account value, rawUsd + szi × markPx. */
  marginUsed: D
}

export type ComputeHyperliquidVenueFiguresParameters = {
  /** Every margin account of one user, from one read: at most one cross account plus its isolated positions. */
  accounts: readonly HyperliquidSnapshot[]
}

export type ComputeHyperliquidVenueFiguresReturnType = {
  /** All margin accounts. */
  marginSummary: HyperliquidMarginSummaryFigures
  /** The cross account only. */
  crossMarginSummary: HyperliquidMarginSummaryFigures
  /** Σ maintenance margin of the cross positions. */
  crossMaintenanceMarginUsed: D
  /** In account order: the cross positions, then each isolated one. */
  assetPositions: HyperliquidPositionFigures[]
}

/**
 * Recomputes what Hyperliquid's `clearinghouseState` reports, from the engine's own evaluation of
 * each margin account, so the engine can be checked against the venue.
 *
 * Rounding of the real API (compare within one unit of the printed precision): USD amounts
 * (`accountValue`, `totalRawUsd`, `totalMarginUsed`, `marginUsed`, `rawUsd`,
 * `crossMaintenanceMarginUsed`, `withdrawable`) are whole micro-USDC, i.e. at most 6 decimals
 * (HyperCore books USDC in 1e-6 units: the SDK's `float_to_usd_int`, `ntli` of
 * `updateIsolatedMargin`); prices such as `liquidationPx` are printed with at most 8 decimals (the
 * SDK's `float_to_wire` precision); trailing zeros are trimmed ("0.0" for zero). `positionValue`
 * and `unrealizedPnl` are exact products of `szi` (szDecimals) and prices (<= 6 decimals), and
 * `returnOnEquity` is a ratio printed to the example's precision (`-0.0026789`).
 * The venue computes from its unrounded balances, so a figure recomputed from printed inputs can
 * also differ by what one micro-USDC of input moves it: for `liquidationPx`,
 * `1e-6 / (|szi| × (1 − l × side))` (the docs' example: 2866.26938 recomputed vs 2866.26936529 printed).
 *
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint/perpetuals
 * @see https://github.com/hyperliquid-dex/hyperliquid-python-sdk/blob/master/hyperliquid/utils/signing.py
 * @example const figures = computeHyperliquidVenueFigures({ accounts: [cross, isolatedEth] }) // figures.marginSummary.accountValue
 */
export function computeHyperliquidVenueFigures({
  accounts,
}: ComputeHyperliquidVenueFiguresParameters): ComputeHyperliquidVenueFiguresReturnType {
  if (accounts.filter((account) => account.marginMode === 'cross').length > 1) {
    throw new EngineInputError('A Hyperliquid user has one cross account.')
  }
  const empty = (): HyperliquidMarginSummaryFigures => ({
    accountValue: ZERO,
    totalNtlPos: ZERO,
    totalRawUsd: ZERO,
    totalMarginUsed: ZERO,
  })
  let marginSummary = empty()
  let crossMarginSummary = empty()
  let crossMaintenanceMarginUsed = ZERO
  const assetPositions: HyperliquidPositionFigures[] = []

  for (const account of accounts) {
    const report = evaluateHyperliquid({ snapshot: account, nowSec: account.asOfSec })
    const isolated = account.marginMode === 'isolated'
    const summary: HyperliquidMarginSummaryFigures = {
      accountValue: report.equityUsd,
      totalNtlPos: report.grossNotionalUsd,
      totalRawUsd: dec(account.rawUsd),
      totalMarginUsed: isolated ? report.equityUsd : report.initialMarginUsd,
    }
    account.positions.forEach((position, i) => {
      const risk = report.positions[i]
      if (!risk) return
      const szi = dec(position.szi)
      assetPositions.push({
        coin: position.coin,
        szi,
        positionValue: risk.notionalUsd,
        unrealizedPnl: risk.unrealizedPnlUsd,
        returnOnEquity: szi.isZero()
          ? ZERO
          : risk.unrealizedPnlUsd.mul(position.leverage).div(szi.abs().mul(dec(position.entryPx))),
        liquidationPx: risk.liquidationPrice.kind === 'price' ? risk.liquidationPrice.priceUsd : null,
        marginUsed: isolated ? report.equityUsd : risk.initialMarginUsd,
      })
    })
    if (!isolated) {
      crossMarginSummary = summary
      crossMaintenanceMarginUsed = report.maintenanceMarginUsd
    }
    marginSummary = addSummaries(marginSummary, summary)
  }
  return { marginSummary, crossMarginSummary, crossMaintenanceMarginUsed, assetPositions }
}

function addSummaries(
  a: HyperliquidMarginSummaryFigures,
  b: HyperliquidMarginSummaryFigures,
): HyperliquidMarginSummaryFigures {
  return {
    accountValue: a.accountValue.add(b.accountValue),
    totalNtlPos: a.totalNtlPos.add(b.totalNtlPos),
    totalRawUsd: a.totalRawUsd.add(b.totalRawUsd),
    totalMarginUsed: a.totalMarginUsed.add(b.totalMarginUsed),
  }
}
