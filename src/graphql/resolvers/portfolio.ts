import {
  aaveV3RulesLabel,
  computeExposures,
  computeGreekTotals,
  D,
  dec,
  type LiquidationPrice,
  type PositionRisk,
} from '../../engine'
import { InvalidInputError } from '../../errors/input'
import { computedAtSec } from '../../portfolio/evaluateEntries'
import type { GetPortfolioParameters } from '../../portfolio/getPortfolio'
import { getPortfolio, nowSecOf } from '../../portfolio/getPortfolio'
import { liquidatedViews, simulatePortfolio, stressPortfolio } from '../../portfolio/simulatePortfolio'
import type { MarginAccountView, PortfolioView, SummaryView } from '../../portfolio/types'
import { parseAccount } from '../../protocols/address'
import type { AccountRef } from '../../protocols/types'
import type {
  DeclaredMarginAccountInput,
  Maybe,
  QueryResolvers,
  Resolvers,
  RiskSummaryResolvers,
} from '../__generated__/resolvers'
import type { GraphQLContext } from '../context'
import { checkLimit, LIMITS, toDeclaredSnapshot, toWhatIfChange } from './portfolioInputs'

type QueryArgs = {
  declared?: Maybe<readonly DeclaredMarginAccountInput[]>
  maxAgeSeconds: number
  protocols?: Maybe<readonly string[]>
  chains?: Maybe<readonly number[]>
}

/** The domain query of a GraphQL query: limits checked, declared margin accounts turned into snapshots. */
export function queryOf(
  context: GraphQLContext,
  accounts: readonly AccountRef[],
  args: QueryArgs,
): GetPortfolioParameters {
  checkLimit('addresses', accounts.length, LIMITS.addresses)
  checkLimit('declared margin accounts', args.declared?.length ?? 0, LIMITS.declared)
  const names = new Set<string>()
  for (const input of args.declared ?? []) {
    if (names.has(input.name)) throw new InvalidInputError(`Declared margin account "${input.name}" is named twice.`)
    names.add(input.name)
  }
  const nowSec = nowSecOf(context)
  return {
    accounts,
    declared: (args.declared ?? []).map((input) => toDeclaredSnapshot(input, nowSec)),
    filters: { maxAgeSeconds: args.maxAgeSeconds, protocols: args.protocols, chains: args.chains },
  }
}

export function parseAddresses(addresses: readonly string[]): AccountRef[] {
  checkLimit('addresses', addresses.length, LIMITS.addresses)
  return [...new Map(addresses.map(parseAccount).map((ref) => [`${ref.kind}:${ref.address}`, ref])).values()]
}

const account: NonNullable<QueryResolvers['account']> = async (_parent, args, context) =>
  await getPortfolio(context, queryOf(context, [parseAccount(args.address)], args))

const portfolio: NonNullable<QueryResolvers['portfolio']> = async (_parent, args, context) =>
  await getPortfolio(context, queryOf(context, parseAddresses(args.addresses), args))

const simulate: NonNullable<QueryResolvers['simulate']> = async (_parent, args, context) => {
  checkLimit('changes', args.changes.length, LIMITS.changes)
  const changes = args.changes.map(toWhatIfChange)
  return await simulatePortfolio(context, { ...queryOf(context, parseAddresses(args.addresses), args), changes })
}

const DEFAULT_SCENARIOS = ['-0.1', '-0.2', '-0.3', '-0.5'].map((move) => ({
  name: `all crypto ${move}`,
  underlying: null,
  move,
}))

const stress: NonNullable<QueryResolvers['stress']> = async (_parent, args, context) => {
  const scenarios = args.scenarios ?? DEFAULT_SCENARIOS
  checkLimit('scenarios', scenarios.length, LIMITS.scenarios)
  return await stressPortfolio(context, {
    ...queryOf(context, parseAddresses(args.addresses), args),
    scenarios: scenarios.map((scenario) => ({
      name: scenario.name ?? `${scenario.underlying ?? 'all crypto'} ${scenario.move}`,
      underlying: scenario.underlying ?? null,
      move: scenario.move,
    })),
  })
}

/** Cursor pagination over the risk-ordered margin accounts; the cursor is the opaque margin account id. */
function paginate(views: readonly MarginAccountView[], first: number, after: string | null | undefined) {
  if (!Number.isInteger(first) || first < 1 || first > LIMITS.pageSize) {
    throw new InvalidInputError(`"first" must be an integer from 1 to ${LIMITS.pageSize}.`)
  }
  let start = 0
  if (after != null) {
    const id = decodeCursor(after)
    const index = views.findIndex((view) => view.id === id)
    if (index < 0) throw new InvalidInputError('Unknown cursor: pass an endCursor from this query.')
    start = index + 1
  }
  const nodes = views.slice(start, start + first)
  const last = nodes.at(-1)
  return {
    nodes,
    totalCount: views.length,
    pageInfo: { hasNextPage: start + first < views.length, endCursor: last ? encodeCursor(last.id) : null },
  }
}

const encodeCursor = (id: string) => btoa(unescape(encodeURIComponent(id)))
function decodeCursor(cursor: string): string {
  try {
    return decodeURIComponent(escape(atob(cursor)))
  } catch {
    throw new InvalidInputError('Malformed cursor.')
  }
}

/** A total of the summary, or null when nothing could be read (never a 0 for unknown). */
const total = (summary: SummaryView, figure: D) => (summary.known ? figure : null)

const summaryResolvers: RiskSummaryResolvers = {
  asOf: (summary) => new Date(summary.asOfMs),
  complete: (summary) => summary.missingSources.length === 0,
  missingSources: (summary) => summary.missingSources,
  stale: (summary) => summary.staleSources.length > 0,
  staleSources: (summary) => summary.staleSources,
  equityUsd: (summary) => total(summary, summary.aggregate.equityUsd),
  haircutEquityUsd: (summary) => total(summary, summary.aggregate.haircutEquityUsd),
  initialMarginUsd: (summary) => total(summary, summary.aggregate.initialMarginUsd),
  maintenanceMarginUsd: (summary) => total(summary, summary.aggregate.maintenanceMarginUsd),
  freeCollateralUsd: (summary) => total(summary, summary.aggregate.freeCollateralUsd),
  grossNotionalUsd: (summary) => total(summary, summary.aggregate.grossNotionalUsd),
  exposures: (summary) => summary.aggregate.exposures,
  nearestToLiquidation: (summary) =>
    summary.aggregate.nearestToLiquidation === null
      ? null
      : (summary.marginAccounts.find((view) => view.report === summary.aggregate.nearestToLiquidation) ?? null),
  liquidatableCount: (summary) => summary.aggregate.liquidatableCount,
  marginAccountCount: (summary) => summary.aggregate.marginAccountCount,
  byProtocol: (summary) => summary.byProtocol,
}

const FUNDING_SOURCES = { external: 'EXTERNAL', collateral: 'COLLATERAL' } as const

const LIQUIDATION_REASONS = {
  'no-exposure': 'NO_EXPOSURE',
  unreachable: 'UNREACHABLE',
  'already-liquidatable': 'ALREADY_LIQUIDATABLE',
  'no-requirement': 'NO_REQUIREMENT',
} as const

/** Venue figures agree with the engine's within this relative tolerance (the venues print ~6 significant decimals). */
const DIVERGENCE_TOLERANCE = new D('1e-6')

function reportedFigures(view: MarginAccountView) {
  const computed: Record<string, D | undefined> = {
    accountValue: view.report.equityUsd,
    equity: view.report.equityUsd,
    totalMarginUsed: view.report.initialMarginUsd,
    crossMaintenanceMarginUsed: view.report.maintenanceMarginUsd,
    freeCollateral: view.report.freeCollateralUsd,
  }
  for (const position of view.report.positions) {
    if (position.liquidationPrice.kind === 'price')
      computed[`liquidationPx:${position.priceKey}`] = position.liquidationPrice.priceUsd
  }
  return Object.entries(view.venueReported ?? {}).map(([name, value]) => {
    const mine = computed[name]
    const venue = dec(value)
    const tolerance = venue.abs().mul(DIVERGENCE_TOLERANCE).add('0.000001')
    const diverges = mine === undefined ? false : mine.sub(venue).abs().gt(tolerance)
    // Printed as the venue prints it, so the two figures can be compared digit for digit.
    const decimals = value.split('.')[1]?.length ?? 0
    return { name, venue: value, computed: mine?.toDecimalPlaces(decimals, D.ROUND_HALF_EVEN) ?? null, diverges }
  })
}

const positionKind = { perp: 'PERP', option: 'OPTION', collateral: 'COLLATERAL', debt: 'DEBT' } as const

const secondsToDate = (sec: number | null): Date | null => (sec === null ? null : new Date(sec * 1000))

export const portfolioResolvers: Resolvers = {
  Query: { account, portfolio, simulate, stress },
  Account: {
    address: (view) => view.addresses[0] ?? '',
    summary: (view) => view.summary,
    marginAccounts: (view, { first, after }) => paginate(view.marginAccounts, first ?? 50, after),
    sources: (view) => view.sources,
    warnings: (view) => view.warnings,
  },
  Portfolio: {
    addresses: (view: PortfolioView) => view.addresses,
    summary: (view) => view.summary,
    marginAccounts: (view, { first, after }) => paginate(view.marginAccounts, first ?? 50, after),
    sources: (view) => view.sources,
    warnings: (view) => view.warnings,
  },
  RiskSummary: summaryResolvers,
  Warning: {
    protocol: (warning) => warning.protocol ?? null,
    chainId: (warning) => warning.chainId ?? null,
    address: (warning) => warning.address ?? null,
  },
  MarginAccount: {
    id: (view) => view.id,
    protocol: (view) => view.snapshot.venue,
    chainId: (view) => view.snapshot.chainId ?? null,
    market: (view) => view.source?.source.market ?? null,
    account: (view) => view.snapshot.account,
    marginAccountId: (view) => view.snapshot.marginAccountId,
    model: (view) => view.snapshot.model,
    rules: (view) => (view.snapshot.model === 'aave-v3' ? aaveV3RulesLabel(view.snapshot) : null),
    declared: (view) => view.snapshot.declared === true,
    stale: (view) => view.source?.status === 'stale',
    staleReasons: (view) => view.source?.reasons ?? [],
    asOf: (view) => new Date(view.snapshot.asOfSec * 1000),
    blockNumber: (view) => view.snapshot.blockNumber ?? view.source?.blockNumber ?? null,
    blockTimestamp: (view) => (view.snapshot.chainId === undefined ? null : new Date(view.snapshot.asOfSec * 1000)),
    computedAt: (view) => new Date(computedAtSec(view.snapshot) * 1000),
    ageSeconds: (view, _args, context) => Math.max(0, nowSecOf(context) - view.snapshot.asOfSec),
    equityUsd: (view) => view.report.equityUsd,
    haircutEquityUsd: (view) => view.report.haircutEquityUsd,
    initialMarginUsd: (view) => view.report.initialMarginUsd,
    maintenanceMarginUsd: (view) => view.report.maintenanceMarginUsd,
    marginRatio: (view) => view.report.marginRatio,
    freeCollateralUsd: (view) => view.report.freeCollateralUsd,
    leverage: (view) => view.report.leverage,
    grossNotionalUsd: (view) => view.report.grossNotionalUsd,
    healthFactor: (view) => view.report.healthFactor,
    liquidatable: (view) => view.report.liquidatable,
    positions: (view) => view.report.positions,
    exposures: (view) => computeExposures(view.report.positions),
    vegaUsdPerVolatility: (view) => computeGreekTotals(view.report.positions).vegaUsdPerVolatility,
    thetaUsdPerDay: (view) => computeGreekTotals(view.report.positions).thetaUsdPerDay,
    venueReported: (view) => reportedFigures(view),
    settlement: (view) => view.report.settlement ?? null,
  },
  Position: {
    kind: (position: PositionRisk) => positionKind[position.kind],
    bankruptcyPrice: (position: PositionRisk) => position.bankruptcyPrice ?? null,
  },
  Asset: {
    address: (asset) => asset.address ?? null,
    chainId: (asset) => asset.chainId ?? null,
    exchangeRateSource: (asset) => asset.rateSource,
  },
  LiquidationPrice: {
    priceUsd: (lp: LiquidationPrice) => (lp.kind === 'price' ? lp.priceUsd : null),
    distance: (lp) => (lp.kind === 'price' ? lp.distance : null),
    reason: (lp) => (lp.kind === 'none' ? LIQUIDATION_REASONS[lp.reason] : null),
  },
  SourceStatus: {
    protocol: (s) => s.source.venue,
    chainId: (s) => s.source.chainId ?? null,
    market: (s) => s.source.market ?? null,
    account: (s) => s.source.account.address,
    status: (s) => (s.status === 'ok' ? 'OK' : s.status === 'stale' ? 'STALE' : 'ERROR'),
    errorCode: (s) => s.error?.code ?? null,
    errorMessage: (s) => s.error?.message ?? null,
    reasons: (s) => s.reasons,
    asOf: (s) => secondsToDate(s.asOfSec),
    ageSeconds: (s) => s.ageSeconds,
    blockNumber: (s) => s.blockNumber,
    blockTimestamp: (s) => (s.source.chainId === undefined ? null : secondsToDate(s.asOfSec)),
    computedAt: (s) => secondsToDate(s.asOfSec),
    readAt: (s) => (s.readAtMs === null ? null : new Date(s.readAtMs)),
    feeds: (s) => s.feeds,
    sequencer: (s) => s.sequencer,
    latencyMs: (s) => s.latencyMs,
    marginAccountCount: (s) => s.snapshots.length,
  },
  StaleReason: {
    asset: (r) => r.asset ?? null,
    ageSeconds: (r) => r.ageSeconds ?? null,
    limitSeconds: (r) => r.limitSeconds ?? null,
  },
  FeedStatus: {
    state: (f) => f.status,
    updatedAt: (f) => secondsToDate(f.updatedAtSec),
  },
  SequencerStatus: {
    since: (q) => new Date(q.sinceSec * 1000),
  },
  Simulation: {
    before: (s) => s.before,
    after: (s) => s.after,
    marginAccounts: (s) => s.marginAccounts,
    sources: (s) => s.sources,
    warnings: (s) => s.warnings,
    funding: (s) => s.funding,
  },
  Funding: {
    source: (f) => FUNDING_SOURCES[f.source],
  },
  StressResult: {
    equityUsd: (r) => (r.known ? r.equityUsd : null),
    equityChangeUsd: (r) => (r.known ? r.equityChangeUsd : null),
    liquidatedCount: (r) => r.liquidated.length,
    liquidated: (r) => liquidatedViews(r),
    warnings: (r) => r.warnings,
  },
}
