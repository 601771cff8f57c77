import { type DepthModel, evaluateMarginAccount } from '../../engine'
import { InvalidInputError } from '../../errors/input'
import { cascadePortfolio } from '../../portfolio/cascadePortfolio'
import { computedAtSec } from '../../portfolio/evaluateEntries'
import type { DepthModelInput, QueryResolvers, Resolvers } from '../__generated__/resolvers'
import { parseAddresses, queryOf } from './portfolio'
import { checkLimit } from './portfolioInputs'

/** At most one market per underlying and this many per query. */
export const CASCADE_MARKETS_LIMIT = 10

const LIQUIDATION_KINDS = {
  'aave-v3-liquidation-call': 'AAVE_V3_LIQUIDATION_CALL',
  'morpho-blue-liquidate': 'MORPHO_BLUE_LIQUIDATE',
  'perp-market-close': 'PERP_MARKET_CLOSE',
  'hyperliquid-backstop': 'HYPERLIQUID_BACKSTOP',
} as const

/** The depth model an input names, with the fields its kind needs (the engine checks their ranges). */
function toDepthModel(underlying: string, input: DepthModelInput): DepthModel {
  const need = (field: keyof DepthModelInput): string => {
    const value = input[field]
    if (typeof value !== 'string') {
      throw new InvalidInputError(`The ${input.kind} depth model of ${underlying} needs "${field}".`)
    }
    return value
  }
  switch (input.kind) {
    case 'CONSTANT_PRODUCT':
      return {
        kind: 'constant-product',
        reserveBase: need('reserveBase'),
        reserveQuoteUsd: need('reserveQuoteUsd'),
        fee: need('fee'),
      }
    case 'ORDER_BOOK':
      return { kind: 'order-book', depthUsd: need('depthUsd') }
    case 'SQUARE_ROOT':
      return {
        kind: 'square-root',
        dailyVolumeUsd: need('dailyVolumeUsd'),
        dailyVolatility: need('dailyVolatility'),
        ...(input.coefficient != null ? { coefficient: input.coefficient } : {}),
      }
    case 'NONE':
      return { kind: 'none' }
  }
}

const cascade: NonNullable<QueryResolvers['cascade']> = async (_parent, args, context) => {
  checkLimit('cascade markets', args.markets.length, CASCADE_MARKETS_LIMIT)
  return await cascadePortfolio(context, {
    ...queryOf(context, parseAddresses(args.addresses), args),
    maxRounds: args.maxRounds ?? 20,
    markets: args.markets.map((market) => ({
      underlying: market.underlying,
      depth: toDepthModel(market.underlying, market.depth),
      ...(market.shock != null ? { shock: market.shock } : {}),
      ...(market.priceUsd != null ? { priceUsd: market.priceUsd } : {}),
    })),
  })
}

export const cascadeResolvers: Resolvers = {
  Query: { cascade },
  Cascade: {
    rounds: (view) => view.rounds,
    pricePath: (view) => view.pricePath,
    fixedPoint: (view) => view.fixedPoint,
    liquidatedCount: (view) => view.accounts.filter((a) => a.liquidatedInRounds.length > 0).length,
    badDebt: (view) => view.badDebt,
    toxic: (view) => view.toxic,
    marginAccounts: (view) =>
      view.accounts.flatMap((outcome) => {
        const before = view.before.get(outcome.id)
        return before ? [{ outcome, before }] : []
      }),
    sources: (view) => view.sources,
    warnings: (view) => view.warnings,
  },
  CascadeRound: {
    prices: (round) => round.pricesUsd,
    liquidatedCount: (round) => round.liquidations.length,
  },
  CascadeLiquidation: {
    marginAccount: (liquidation) => liquidation.id,
    protocol: (liquidation) => liquidation.venue,
    kind: (liquidation) => LIQUIDATION_KINDS[liquidation.kind],
    aaveCall: (liquidation) => liquidation.aave ?? null,
    morphoCall: (liquidation) => liquidation.morpho ?? null,
  },
  AaveLiquidationCall: {
    debtToRepay: (call) => call.debtToRepay.toString(),
    collateralToLiquidator: (call) => call.collateralToLiquidator.toString(),
    protocolFee: (call) => call.protocolFee.toString(),
    liquidationBonus: (call) => Number(call.liquidationBonus),
  },
  MorphoLiquidationCall: {
    seizedAssets: (call) => call.seizedAssets.toString(),
    repaidShares: (call) => call.repaidShares.toString(),
    repaidAssets: (call) => call.repaidAssets.toString(),
    badDebtAssets: (call) => call.badDebtAssets.toString(),
  },
  ProtocolBadDebt: { protocol: (row) => row.venue },
  ToxicMarginAccount: {
    marginAccount: (toxic) => toxic.id,
    protocol: (toxic) => toxic.venue,
  },
  CascadeMarginAccount: {
    id: ({ outcome }) => outcome.id,
    protocol: ({ outcome }) => outcome.venue,
    account: ({ outcome }) => outcome.snapshot.account,
    marginAccountId: ({ outcome }) => outcome.snapshot.marginAccountId,
    liquidatedInRounds: ({ outcome }) => outcome.liquidatedInRounds,
    liquidatableAtEnd: ({ outcome }) => outcome.liquidatableAtEnd,
    unmodelled: ({ outcome }) => outcome.unmodelled,
    before: ({ before }) => before,
    // Evaluated only when asked: the margin account at the cascade's last prices and balances.
    after: ({ outcome, before }) => ({
      ...before,
      snapshot: outcome.snapshot,
      report: evaluateMarginAccount({ snapshot: outcome.snapshot, nowSec: computedAtSec(before.snapshot) }),
      venueReported: undefined,
    }),
  },
}
