import type { FirstPassageTime } from '../../engine'
import {
  DEFAULT_HORIZONS_SEC,
  getLiquidationOutlook,
  type LiquidationOutlookView,
  type OutlookArguments,
} from '../../portfolio/liquidationOutlook'
import type { Maybe, Resolvers, VolatilityInput } from '../__generated__/resolvers'

type OutlookFieldArgs = { horizonsSeconds?: Maybe<readonly number[]>; volatilities?: Maybe<readonly VolatilityInput[]> }

export const outlookArguments = (args: OutlookFieldArgs): OutlookArguments => ({
  horizonsSec: args.horizonsSeconds ?? DEFAULT_HORIZONS_SEC,
  volatilities: args.volatilities ?? [],
})

const seconds = (time: FirstPassageTime) => (time.kind === 'finite' ? time.seconds : null)

const VOLATILITY_SOURCES = { history: 'HISTORY', caller: 'CALLER', default: 'DEFAULT' } as const

/** `liquidationOutlook` on margin accounts and summaries: computed only when a query selects it. */
export const predictiveResolvers = {
  MarginAccount: {
    liquidationOutlook: (view, args, context) => getLiquidationOutlook(context, [view], outlookArguments(args)),
  },
  RiskSummary: {
    liquidationOutlook: (summary, args, context) =>
      getLiquidationOutlook(context, summary.marginAccounts, outlookArguments(args)),
  },
  LiquidationOutlook: {
    expectedSecondsToLiquidation: (outlook: LiquidationOutlookView) => seconds(outlook.expected),
    medianSecondsToLiquidation: (outlook) => seconds(outlook.median),
  },
  UnderlyingVolatility: {
    source: (volatility) => VOLATILITY_SOURCES[volatility.source],
  },
  LiquidationProbability: {
    horizonSeconds: (probability) => probability.horizonSec,
  },
} satisfies Resolvers
