import type { Chain } from 'viem'
import { getChainConfig } from '../../chains/getChainConfig'
import { computeMarginRatio, dec } from '../../engine'
import { adapters, type ProtocolInfo } from '../../protocols/registry'
import type { Resolvers } from '../__generated__/resolvers'
import {
  AddressScalar,
  BigDecimalScalar,
  ChainIdScalar,
  DateTimeScalar,
  FractionScalar,
  QuantityScalar,
  UsdAmountScalar,
  UsdPriceScalar,
} from '../scalars'
import { authResolvers } from './auth'
import { cascadeResolvers } from './cascade'
import { dashboardResolvers } from './dashboard'
import { health } from './health'
import { morphoResolvers } from './morpho'
import { portfolioResolvers } from './portfolio'
import { predictiveResolvers } from './predictive'
import { protectResolvers } from './protect'
import { subscriptionsResolvers } from './subscriptions'
import { webhooksResolvers } from './webhooks'

function protocolsOf(env: Env): ProtocolInfo[] {
  return Object.values(adapters).map((adapter) => ({
    id: adapter.id,
    name: adapter.name,
    kind: adapter.kind,
    chains: adapter.chains?.(env) ?? [],
  }))
}

/** The chains with RPC endpoints in this deployment (RPC_URLS, or each production chain's default). */
function configuredChains(env: Env): Chain[] {
  return [...getChainConfig(env).values()].map((endpoint) => endpoint.chain)
}

const { Query: _query, ...portfolioTypes } = portfolioResolvers
const { Query: _cascadeQuery, ...cascadeTypes } = cascadeResolvers
const { Query: dashboardQuery, ...dashboardTypes } = dashboardResolvers

/** Alerts: each part owns its Query / Mutation fields and types; `Me` gathers fields from all of them. */
const alertParts = [authResolvers, webhooksResolvers, subscriptionsResolvers]
const merged = (type: 'Query' | 'Mutation' | 'Me') => Object.assign({}, ...alertParts.map((part) => part[type] ?? {}))
const alertTypes: Resolvers = Object.assign(
  {},
  ...alertParts.map(({ Query: _q, Mutation: _m, Me: _me, ...types }) => types),
)

export const resolvers: Resolvers = {
  ...portfolioTypes,
  ...cascadeTypes,
  ...alertTypes,
  ...predictiveResolvers,
  ...{ ...protectResolvers, Query: undefined },
  MarginAccount: {
    ...portfolioTypes.MarginAccount,
    ...morphoResolvers.MarginAccount,
    ...predictiveResolvers.MarginAccount,
  },
  RiskSummary: { ...portfolioTypes.RiskSummary, ...predictiveResolvers.RiskSummary },
  ...dashboardTypes,
  Mutation: merged('Mutation'),
  Me: merged('Me'),
  Address: AddressScalar,
  BigDecimal: BigDecimalScalar,
  UsdAmount: UsdAmountScalar,
  UsdPrice: UsdPriceScalar,
  Quantity: QuantityScalar,
  Fraction: FractionScalar,
  ChainId: ChainIdScalar,
  DateTime: DateTimeScalar,
  Query: {
    health,
    protocols: (_parent, _args, { env }) => protocolsOf(env),
    chains: (_parent, _args, { env }) => configuredChains(env),
    ...portfolioResolvers.Query,
    ...cascadeResolvers.Query,
    ...merged('Query'),
    ...protectResolvers.Query,
    ...dashboardQuery,
    marginRatio: (_parent, { equityUsd, maintenanceMarginUsd }) =>
      computeMarginRatio({ equityUsd: dec(equityUsd), maintenanceMarginUsd: dec(maintenanceMarginUsd) }),
  },
  Protocol: {
    chains: (protocol, _args, { env }) => configuredChains(env).filter((chain) => protocol.chains.includes(chain.id)),
  },
  Chain: {
    protocols: (chain, _args, { env }) => protocolsOf(env).filter((protocol) => protocol.chains.includes(chain.id)),
  },
  Ratio: {
    kind: (ratio) => (ratio.kind === 'finite' ? 'FINITE' : ratio.kind === 'infinite' ? 'INFINITE' : 'NONE'),
    value: (ratio) => (ratio.kind === 'finite' ? ratio.value : null),
  },
}
