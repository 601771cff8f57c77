import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Ratio as EngineRatio } from '../../engine/decimal';
import type { ProtocolInfo } from '../../protocols/registry';
import type { Chain as ViemChain } from 'viem';
import type { GraphQLContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An EVM address. Accepted in any letter case (checksummed or not); always returned EIP-55 checksummed. */
  Address: { input: `0x${string}`; output: `0x${string}`; }
  /** An exact decimal number as a string, e.g. "1234.5678". Money is never a float: a JSON number is rejected on input. */
  BigDecimal: { input: string; output: string; }
  /** An EVM chain id (EIP-155), a positive integer, e.g. 1 for Ethereum, 42161 for Arbitrum One. */
  ChainId: { input: number; output: number; }
  /** An instant, ISO-8601 in UTC, e.g. "2026-11-24T06:00:00.000Z". */
  DateTime: { input: Date; output: Date | string; }
};

export type Account = {
  __typename?: 'Account';
  /** The address, EIP-55 checksummed. */
  address: Scalars['Address']['output'];
};

export type Chain = {
  __typename?: 'Chain';
  id: Scalars['ChainId']['output'];
  name: Scalars['String']['output'];
  /** The venues read on this chain. */
  protocols: Array<Protocol>;
};

export type Health = {
  __typename?: 'Health';
  environment: Scalars['String']['output'];
  /** When the cron trigger last completed a tick; null if it never ran on this database. */
  lastCronAt: Maybe<Scalars['DateTime']['output']>;
  /** SHA-256 of the GraphQL SDL this deployment serves (hex). Clients can detect schema changes with it. */
  schemaHash: Scalars['String']['output'];
  status: HealthStatus;
  /** Package version of the deployed Worker. */
  version: Scalars['String']['output'];
};

export type HealthStatus =
  /** Serving, but the cron trigger has not run recently. */
  | 'DEGRADED'
  /** Serving, and the cron trigger ran within the last few minutes (or has not been expected yet). */
  | 'OK';

export type Protocol = {
  __typename?: 'Protocol';
  /** EVM chains this venue is read on (empty for off-chain venues). */
  chains: Array<Chain>;
  /** Stable venue id, e.g. aave-v3, hyperliquid, dydx-v4. */
  id: Scalars['ID']['output'];
  kind: ProtocolKind;
  name: Scalars['String']['output'];
};

export type ProtocolKind =
  | 'DECLARED'
  | 'LENDING'
  | 'PERPETUALS';

export type Query = {
  __typename?: 'Query';
  /** An EVM account. Its margin accounts across venues and chains are fields of `Account`. */
  account: Account;
  /** The EVM chains this deployment reads (RPC configured). */
  chains: Array<Chain>;
  /** Liveness and build identity of this deployment. */
  health: Health;
  /**
   * Margin ratio (maintenance margin / equity) with Solvent's conventions: NONE without exposure,
   * INFINITE when equity is zero or negative while there is exposure, never a division error.
   */
  marginRatio: Ratio;
  /** The venues this deployment can read positions from. */
  protocols: Array<Protocol>;
};


export type QueryAccountArgs = {
  address: Scalars['Address']['input'];
};


export type QueryMarginRatioArgs = {
  equityUsd: Scalars['BigDecimal']['input'];
  maintenanceMarginUsd: Scalars['BigDecimal']['input'];
};

/** A ratio that may not exist; `value` is set only when `kind` is FINITE. */
export type Ratio = {
  __typename?: 'Ratio';
  kind: RatioKind;
  value: Maybe<Scalars['BigDecimal']['output']>;
};

export type RatioKind =
  | 'FINITE'
  /** The denominator is zero or negative while there is exposure: liquidatable. */
  | 'INFINITE'
  /** The ratio does not apply (for example no exposure, or no debt). */
  | 'NONE';



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Account: ResolverTypeWrapper<Account>;
  Address: ResolverTypeWrapper<Scalars['Address']['output']>;
  BigDecimal: ResolverTypeWrapper<Scalars['BigDecimal']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Chain: ResolverTypeWrapper<ViemChain>;
  ChainId: ResolverTypeWrapper<Scalars['ChainId']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Health: ResolverTypeWrapper<Health>;
  HealthStatus: HealthStatus;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Protocol: ResolverTypeWrapper<ProtocolInfo>;
  ProtocolKind: ProtocolKind;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Ratio: ResolverTypeWrapper<EngineRatio>;
  RatioKind: RatioKind;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Account: Account;
  Address: Scalars['Address']['output'];
  BigDecimal: Scalars['BigDecimal']['output'];
  Boolean: Scalars['Boolean']['output'];
  Chain: ViemChain;
  ChainId: Scalars['ChainId']['output'];
  DateTime: Scalars['DateTime']['output'];
  Health: Health;
  ID: Scalars['ID']['output'];
  Protocol: ProtocolInfo;
  Query: Record<PropertyKey, never>;
  Ratio: EngineRatio;
  String: Scalars['String']['output'];
};

export type AccountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Account'] = ResolversParentTypes['Account']> = {
  address?: Resolver<ResolversTypes['Address'], ParentType, ContextType>;
};

export interface AddressScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Address'], any> {
  name: 'Address';
}

export interface BigDecimalScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['BigDecimal'], any> {
  name: 'BigDecimal';
}

export type ChainResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Chain'] = ResolversParentTypes['Chain']> = {
  id?: Resolver<ResolversTypes['ChainId'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  protocols?: Resolver<Array<ResolversTypes['Protocol']>, ParentType, ContextType>;
};

export interface ChainIdScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['ChainId'], any> {
  name: 'ChainId';
}

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type HealthResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Health'] = ResolversParentTypes['Health']> = {
  environment?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastCronAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  schemaHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['HealthStatus'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ProtocolResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Protocol'] = ResolversParentTypes['Protocol']> = {
  chains?: Resolver<Array<ResolversTypes['Chain']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ProtocolKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  account?: Resolver<ResolversTypes['Account'], ParentType, ContextType, RequireFields<QueryAccountArgs, 'address'>>;
  chains?: Resolver<Array<ResolversTypes['Chain']>, ParentType, ContextType>;
  health?: Resolver<ResolversTypes['Health'], ParentType, ContextType>;
  marginRatio?: Resolver<ResolversTypes['Ratio'], ParentType, ContextType, RequireFields<QueryMarginRatioArgs, 'equityUsd' | 'maintenanceMarginUsd'>>;
  protocols?: Resolver<Array<ResolversTypes['Protocol']>, ParentType, ContextType>;
};

export type RatioResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Ratio'] = ResolversParentTypes['Ratio']> = {
  kind?: Resolver<ResolversTypes['RatioKind'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['BigDecimal']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  Account?: AccountResolvers<ContextType>;
  Address?: GraphQLScalarType;
  BigDecimal?: GraphQLScalarType;
  Chain?: ChainResolvers<ContextType>;
  ChainId?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  Health?: HealthResolvers<ContextType>;
  Protocol?: ProtocolResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Ratio?: RatioResolvers<ContextType>;
};

