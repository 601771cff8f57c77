import { type D, formatFigure, type Ratio } from '../engine'
import type { MarginAccountView, PortfolioView } from '../portfolio/types'
import type { SourceState } from '../sources/createSourceLoader'

const usd = (value: D) => formatFigure(value, 'UsdAmount')
const ratio = (r: Ratio | null) => (r === null ? '-' : r.kind === 'finite' ? formatFigure(r.value, 'Fraction') : r.kind)

/**
 * What a risk update is "a change" of: every margin account's figures (equity, margins, ratios,
 * liquidation prices) and every source's status and stale reasons, never the clock (an update is
 * pushed when the risk changed, not when time passed), at the precision the API prints (interest accruing
 * in the tenth decimal of a dollar every block is not a change a client could see). The cron computes it from its own evaluation
 * and the live-push object from its view; equal strings mean nothing to push.
 */
export function fingerprintRisk(views: readonly MarginAccountView[], sources: readonly SourceState[]): string {
  const accounts = views
    .map((view) =>
      [
        view.id,
        usd(view.report.equityUsd),
        usd(view.report.initialMarginUsd),
        usd(view.report.maintenanceMarginUsd),
        ratio(view.report.marginRatio),
        ratio(view.report.healthFactor),
        view.report.liquidatable,
        ...view.report.positions.map((p) =>
          p.liquidationPrice.kind === 'price'
            ? `${p.id}@${formatFigure(p.liquidationPrice.priceUsd, 'UsdPrice')}`
            : `${p.id}@-`,
        ),
      ].join('|'),
    )
    .sort()
  const states = sources
    .map((s) =>
      [
        s.source.venue,
        s.source.chainId ?? '',
        s.source.market ?? '',
        s.source.account.address,
        s.status,
        ...s.reasons.map((r) => r.code),
      ].join('|'),
    )
    .sort()
  return JSON.stringify([accounts, states])
}

export const fingerprintView = (view: PortfolioView): string => fingerprintRisk(view.marginAccounts, view.sources)
