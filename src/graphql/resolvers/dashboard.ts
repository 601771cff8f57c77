import { getRiskHistory } from '../../db/queries/riskMinutes'
import { SolventError } from '../../errors/base'
import { InvalidInputError } from '../../errors/input'
import { sweepPrices } from '../../portfolio/sweepPrices'
import type { PortfolioView } from '../../portfolio/types'
import { parseAccount } from '../../protocols/address'
import type { AccountRef } from '../../protocols/types'
import type { Resolvers } from '../__generated__/resolvers'
import type { GraphQLContext } from '../context'
import { parseAddresses, queryOf } from './portfolio'

/** The longest history one query reads: the retention (7 days). */
const MAX_HISTORY_MINUTES = 7 * 24 * 60

/** A stream of risk views from the live-push object serving this request; refused anywhere else. */
function streamOf(context: GraphQLContext, accounts: readonly AccountRef[]): AsyncIterable<PortfolioView> {
  if (!context.hub)
    throw new SolventError('Subscriptions are served over Server-Sent Events: send "accept: text/event-stream".', {
      code: 'BAD_USER_INPUT',
    })
  return context.hub.stream(accounts)
}

export const dashboardResolvers: Resolvers = {
  Query: {
    priceSweep: async (_parent, args, context) =>
      await sweepPrices(context, {
        ...queryOf(context, parseAddresses(args.addresses), args),
        underlyings: args.underlyings ?? null,
        fromMove: args.fromMove ?? '-0.5',
        toMove: args.toMove ?? '0.5',
        steps: args.steps ?? 41,
      }),
    riskHistory: async (_parent, { addresses, sinceMinutes }, context) => {
      const minutes = sinceMinutes ?? 1440
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_HISTORY_MINUTES)
        throw new InvalidInputError(`"sinceMinutes" must be an integer from 1 to ${MAX_HISTORY_MINUTES}.`)
      const accounts = parseAddresses(addresses).map((ref) => ref.address)
      return await getRiskHistory(context.db, accounts, context.nowMs - minutes * 60_000)
    },
  },
  Subscription: {
    accountRisk: {
      subscribe: (_parent, { address }, context) => streamOf(context, [parseAccount(address)]),
      resolve: (view: PortfolioView) => view,
    },
    portfolioRisk: {
      subscribe: (_parent, { addresses }, context) => streamOf(context, parseAddresses(addresses)),
      resolve: (view: PortfolioView) => view,
    },
  },
  PriceSweep: {
    liquidationMarks: (sweep) => sweep.marks,
  },
  PriceSweepPoint: {
    equityUsd: (point) => (point.summary.known ? point.summary.aggregate.equityUsd : null),
    haircutEquityUsd: (point) => (point.summary.known ? point.summary.aggregate.haircutEquityUsd : null),
    maintenanceMarginUsd: (point) => (point.summary.known ? point.summary.aggregate.maintenanceMarginUsd : null),
    liquidatableCount: (point) => point.summary.aggregate.liquidatableCount,
  },
  LiquidationMark: {
    position: (mark) => mark.positionId,
  },
  RiskHistoryPoint: {
    at: (point) => new Date(point.atMs),
  },
}
