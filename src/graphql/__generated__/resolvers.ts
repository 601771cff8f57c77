import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Ratio as EngineRatio } from '../../engine/decimal';
import type { ProtocolInfo } from '../../protocols/registry';
import type { Chain as ViemChain } from 'viem';
import type { PortfolioView, SummaryView, ProtocolRowView, ChainSummaryView, WarningView, FundingView, MarginAccountView, SimulationView, StressResultView } from '../../portfolio/types';
import type { LiquidationOutlookView, UnderlyingVolatilityView, BandView, LiquidationProbabilityView } from '../../portfolio/liquidationOutlook';
import type { ProtectionView, ProtectTarget as DomainProtectTarget, MarginAccountProtectionView, ProtectiveActionView } from '../../portfolio/protectPortfolio';
import type { PlannedCall } from '../../protocols/actions/planProtectiveCalls';
import type { PlannedVenueAction } from '../../protocols/actions/planVenueAction';
import type { PositionRisk, PositionAsset, LiquidationPrice as EngineLiquidationPrice, PreLiquidationRisk } from '../../engine/types';
import type { UnderlyingExposure } from '../../engine/aggregate';
import type { SourceState as SourceStateView } from '../../sources/createSourceLoader';
import type { StaleReason as StaleReasonView, FeedStatus as FeedStatusView, SequencerStatus as SequencerStatusView } from '../../sources/assessFreshness';
import type { ApiKeyRow, WebhookEndpointRow, AlertSubscriptionRow } from '../../db/schema';
import type { MeView, AlertRuleView, DeliveryView, DeliveryAttemptView } from '../../alerts/types';
import type { CascadeView, CascadeMarginAccountView, ProtocolBadDebtView, PricePathView, UnderlyingPriceView, AaveLiquidationCallView, MorphoLiquidationCallView } from '../../portfolio/cascadePortfolio';
import type { CascadeRound as EngineCascadeRound, CascadeFlow as EngineCascadeFlow, CascadeLiquidation as EngineCascadeLiquidation, ToxicAccount as EngineToxicAccount } from '../../engine/cascade/types';
import type { SweepView, SweepPointView, SweepMarkView } from '../../portfolio/sweepPrices';
import type { RiskHistorySeriesView, RiskHistoryPointView } from '../../db/queries/riskMinutes';
import type { GraphQLContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
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
  /**
   * An exact decimal number as a string, e.g. "1234.5678", never rounded. Money is never a float: a JSON number is
   * rejected on input, and every decimal scalar below is a string in both directions.
   */
  BigDecimal: { input: string; output: import('../../engine/decimal').D | string; }
  /** An EVM chain id (EIP-155), a positive integer, e.g. 1 for Ethereum, 42161 for Arbitrum One. */
  ChainId: { input: number; output: number; }
  /** An instant, ISO-8601 in UTC, e.g. "2026-11-24T06:00:00.000Z". */
  DateTime: { input: Date; output: Date | string; }
  /**
   * A dimensionless ratio or move, 1 = 100 % ("-0.2" is a 20 % fall, "1.05" a health factor of 1.05): a decimal string
   * rounded half to even to 18 decimal places (a wad, so Aave health factors equal the Pool's to the wei). Every ratio,
   * share, probability and relative move in this API, input or output, is a Fraction; nothing is in percent.
   */
  Fraction: { input: string; output: import('../../engine/decimal').D | string; }
  /**
   * Units of an asset or underlying (signed where the field says so): a decimal string rounded half to even to 18 decimal
   * places.
   */
  Quantity: { input: string; output: import('../../engine/decimal').D | string; }
  /**
   * A USD amount: a decimal string rounded half to even to 8 decimal places (10⁻⁸ USD, the unit of the Aave oracle and
   * of Chainlink USD feeds), trailing zeros trimmed.
   */
  UsdAmount: { input: string; output: import('../../engine/decimal').D | string; }
  /** USD per one unit of an asset or underlying: a decimal string rounded half to even to 10 significant digits. */
  UsdPrice: { input: string; output: import('../../engine/decimal').D | string; }
};

export type AaveLiquidationCall = {
  __typename?: 'AaveLiquidationCall';
  collateralAsset: Scalars['String']['output'];
  collateralToLiquidator: Scalars['String']['output'];
  debtAsset: Scalars['String']['output'];
  debtToRepay: Scalars['String']['output'];
  /** Bps above 100.00 %. */
  liquidationBonus: Scalars['Int']['output'];
  protocolFee: Scalars['String']['output'];
};

/** Equity, margin and exposure of a set of margin accounts. Liquidation is never netted across venues. */
export type Account = {
  __typename?: 'Account';
  /** The address, normalized: EVM EIP-55 checksummed, dYdX lower case. */
  address: Scalars['String']['output'];
  marginAccounts: MarginAccountConnection;
  sources: Array<SourceStatus>;
  summary: RiskSummary;
  /** What the caller should know about this answer, e.g. a chain filter no venue runs on. */
  warnings: Array<Warning>;
};


/** Equity, margin and exposure of a set of margin accounts. Liquidation is never netted across venues. */
export type AccountMarginAccountsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type AlertRule = {
  __typename?: 'AlertRule';
  cooldownSeconds: Scalars['Int']['output'];
  /** How many times the rule has fired. */
  firedCount: Scalars['Int']['output'];
  horizonSeconds: Maybe<Scalars['Int']['output']>;
  hysteresis: Scalars['BigDecimal']['output'];
  id: Scalars['ID']['output'];
  kind: AlertRuleKind;
  lastEvaluatedAt: Maybe<Scalars['DateTime']['output']>;
  lastFiredAt: Maybe<Scalars['DateTime']['output']>;
  /** ARMED or FIRED: the state the rule resumes from (the same as `state` unless UNKNOWN). */
  lastKnownState: AlertRuleState;
  /** The value at the last evaluation (NONE when it does not apply, e.g. no Aave position for a health factor). */
  lastValue: Maybe<Ratio>;
  state: AlertRuleState;
  threshold: Scalars['BigDecimal']['output'];
};

export type AlertRuleInput = {
  /** Minimum time between two firings of this rule. */
  cooldownSeconds?: InputMaybe<Scalars['Int']['input']>;
  /** LIQUIDATION_PROBABILITY_ABOVE only: the horizon, 60 s to 30 days. */
  horizonSeconds?: InputMaybe<Scalars['Int']['input']>;
  /**
   * How far past the threshold, in the rule's unit, the value must recover before a fired rule re-arms.
   * Default: a tenth of the threshold (for probabilities 0.05, at most half the threshold). For *_ABOVE
   * rules it must be less than the threshold, since their values never fall below 0.
   */
  hysteresis?: InputMaybe<Scalars['BigDecimal']['input']>;
  kind: AlertRuleKind;
  threshold: Scalars['BigDecimal']['input'];
};

export type AlertRuleKind =
  /** Fires when any position's distance to its liquidation price, a Fraction (0.05 = 5 %), falls to `threshold` or below. */
  | 'DISTANCE_TO_LIQUIDATION_BELOW'
  /** Fires when the target's total equity falls to `threshold` USD or below. */
  | 'EQUITY_BELOW'
  /** Fires when the lowest health factor (Aave) falls to `threshold` or below. */
  | 'HEALTH_FACTOR_BELOW'
  /**
   * Fires when the probability that any position's price touches its liquidation price within
   * `horizonSeconds` rises to `threshold` (0 to 1) or above: geometric Brownian motion with EWMA (0.94)
   * volatility from the minute prices the cron records.
   */
  | 'LIQUIDATION_PROBABILITY_ABOVE'
  /** Fires when the highest margin ratio (MM / equity) of any margin account rises to `threshold` or above. */
  | 'MARGIN_RATIO_ABOVE'
  /**
   * Fires when the lowest health factor at a pre-liquidation threshold (Morpho Blue preLltv, where the borrower
   * authorized a PreLiquidation contract; modeled, see MorphoPreLiquidation) falls to `threshold` or below: 1 is
   * where pre-liquidation starts. Margin accounts without one are not measured (NONE when none has one).
   */
  | 'PRE_LIQUIDATION_HEALTH_BELOW';

export type AlertRuleState =
  /** Watching: fires when the value crosses the threshold. */
  | 'ARMED'
  /** Fired; re-arms once the value recovers past the hysteresis band. */
  | 'FIRED'
  /**
   * Held: the target's data is unavailable (a source STALE or ERROR, see the subscription's
   * `dataUnavailableReason`), so the rule neither fires nor re-arms. `lastKnownState` keeps its history;
   * it resumes from there once the data is back.
   */
  | 'UNKNOWN';

export type AlertSubscription = {
  __typename?: 'AlertSubscription';
  /** The watched addresses, normalized. */
  addresses: Array<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** What keeps the data unavailable, e.g. `aave-v3 42161 Core: STALE (SEQUENCER_DOWN)`. */
  dataUnavailableReason: Maybe<Scalars['String']['output']>;
  /**
   * Set while the target's data is unavailable (a source STALE or ERROR): the rules are UNKNOWN (held)
   * since then. The endpoint received a `data.unavailable` event when it began and receives
   * `data.restored` when it ends.
   */
  dataUnavailableSince: Maybe<Scalars['DateTime']['output']>;
  endpoint: WebhookEndpoint;
  id: Scalars['ID']['output'];
  label: Maybe<Scalars['String']['output']>;
  /** The last tick that evaluated the rules (a tick that held them does not count). */
  lastEvaluatedAt: Maybe<Scalars['DateTime']['output']>;
  nextEvaluationAt: Scalars['DateTime']['output'];
  protocols: Maybe<Array<Scalars['ID']['output']>>;
  rules: Array<AlertRule>;
  status: AlertSubscriptionStatus;
};

export type AlertSubscriptionConnection = {
  __typename?: 'AlertSubscriptionConnection';
  nodes: Array<AlertSubscription>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type AlertSubscriptionStatus =
  | 'ACTIVE'
  | 'PAUSED';

export type ApiKey = {
  __typename?: 'ApiKey';
  /** Chain id of the SIWE message that created the key. */
  chainId: Scalars['ChainId']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  label: Maybe<Scalars['String']['output']>;
  lastUsedAt: Maybe<Scalars['DateTime']['output']>;
  /** The address that signed in. */
  owner: Scalars['Address']['output'];
  /** The first characters of the key, to tell keys apart. */
  prefix: Scalars['String']['output'];
  revokedAt: Maybe<Scalars['DateTime']['output']>;
};

/** An asset a venue holds: a token on a chain, a perp market's base coin, a declared asset. */
export type Asset = {
  __typename?: 'Asset';
  /** Token address, for on-chain assets. */
  address: Maybe<Scalars['String']['output']>;
  chainId: Maybe<Scalars['ChainId']['output']>;
  /** Units of the underlying one unit of the asset stands for: 1 for wrapped and pegged assets, the on-chain rate for liquid staking tokens, 1000 for Hyperliquid k coins. */
  exchangeRate: Scalars['Quantity']['output'];
  /** Where exchangeRate comes from (par, own, an on-chain call such as stEthPerToken() at 0x…), or why the asset is its own underlying (unavailable: …). */
  exchangeRateSource: Scalars['String']['output'];
  /** USD price of one unit, exactly as the venue quotes it. */
  priceUsd: Scalars['BigDecimal']['output'];
  /** The venue's own name for it: WETH, wstETH, USDC.e, a Hyperliquid coin, a dYdX market's base. */
  symbol: Scalars['String']['output'];
  /** The underlying it maps onto; its own symbol when the registry maps it nowhere. */
  underlying: Scalars['String']['output'];
};

export type BalanceInput = {
  amount: Scalars['BigDecimal']['input'];
  asset: Scalars['String']['input'];
};

/** One notional bracket. Inverse rules: floor and maintenance amount in the coin. */
export type BracketInput = {
  /** Binance cum / Bybit MM deduction. Omitted: derived from the floors and rates by the venues' published recursion. */
  maintenanceAmount?: InputMaybe<Scalars['BigDecimal']['input']>;
  maintenanceMarginRate: Scalars['Fraction']['input'];
  maxLeverage: Scalars['BigDecimal']['input'];
  /** Lowest notional of the bracket (the first is 0). */
  notionalFloor: Scalars['BigDecimal']['input'];
};

/**
 * Built-in bracket tables, each a venue's published table at a date. Venues change their tables: a
 * caller that needs today's should pass `brackets`.
 */
export type BracketTable =
  /**
   * Binance USDⓈ-M BTCUSDT leverage brackets as published in 2021 (the table of the liquidation-price
   * FAQ's worked example), https://www.binance.com/en/futures/trading-rules/perpetual/leverage-margin
   */
  | 'BINANCE_USDM_BTCUSDT_2021'
  /**
   * Binance USDⓈ-M ETHUSDT leverage brackets as published in 2021 (the table of the liquidation-price
   * FAQ's worked example), https://www.binance.com/en/futures/trading-rules/perpetual/leverage-margin
   */
  | 'BINANCE_USDM_ETHUSDT_2021'
  /**
   * Bybit USDT perpetual BTCUSDT tiers (risk limit 2,000,000 at 100x, 0.5 % … 75,000,000+ at 14x, 4.5 %) from
   * Bybit's "Margin Parameters" page; the stored copy is undated, read 2026-12-06:
   * https://bybitx.global/pt-PT/announcement-info/margin-parameters
   */
  | 'BYBIT_LINEAR_BTCUSDT_READ_2026_12';

/**
 * One EVM call, ready for a wallet (`eth_sendTransaction` with from = the account): nothing is signed
 * or sent by Solvent. Send in order; an approval precedes the call that spends it.
 */
export type Call = {
  __typename?: 'Call';
  chainId: Scalars['ChainId']['output'];
  /** ABI-encoded calldata, 0x-prefixed hex. */
  data: Scalars['String']['output'];
  /** What the call does, e.g. `USDC.approve(Pool, 1500000000)`. */
  description: Scalars['String']['output'];
  to: Scalars['Address']['output'];
  /** Wei, a decimal integer string. */
  value: Scalars['String']['output'];
};

export type Cascade = {
  __typename?: 'Cascade';
  /**
   * Per protocol: debt nothing backs at the end, USD: debt written off during the cascade (Aave v3.3+
   * deficits, Morpho realized bad debt, perp losses a venue's fund absorbed) plus, at the final prices,
   * each lending account's debt above its collateral and each perp account's negative equity.
   */
  badDebt: Array<ProtocolBadDebt>;
  /** The last round left nobody to liquidate: another round would change nothing. False: `maxRounds` stopped it. */
  fixedPoint: Scalars['Boolean']['output'];
  /** Margin accounts liquidated at least once. */
  liquidatedCount: Scalars['Int']['output'];
  /** Every margin account: what the cascade did to it. */
  marginAccounts: Array<CascadeMarginAccount>;
  /** Per underlying: the price before the shock, after it, then after each round. */
  pricePath: Array<PricePath>;
  rounds: Array<CascadeRound>;
  sources: Array<SourceStatus>;
  /** Margin accounts whose debt exceeds 1 / (1 + bonus) of their collateral at the end: a liquidation leaves them worse. */
  toxic: Array<ToxicMarginAccount>;
  warnings: Array<Warning>;
};

/** One round's orders in one underlying: they cross at the round's price, the net goes through the depth model. */
export type CascadeFlow = {
  __typename?: 'CascadeFlow';
  /** Units bought (debt repaid in this underlying, closed shorts). */
  boughtUnits: Scalars['Quantity']['output'];
  /** The model could not fill the whole order (a pool or a book emptied). */
  exhausted: Scalars['Boolean']['output'];
  /** Average price the net order filled at. */
  fillPriceUsd: Scalars['UsdPrice']['output'];
  priceAfterUsd: Scalars['UsdPrice']['output'];
  priceUsd: Scalars['UsdPrice']['output'];
  /** What the net order lost to the price moving against it, a pool's fee included. */
  slippageUsd: Scalars['UsdAmount']['output'];
  /** Units sold by liquidations (seized collateral, closed longs). */
  soldUnits: Scalars['Quantity']['output'];
  underlying: Scalars['String']['output'];
};

export type CascadeLiquidation = {
  __typename?: 'CascadeLiquidation';
  /** Aave v3: the call as the Pool would execute it, token wei (integer strings). */
  aaveCall: Maybe<AaveLiquidationCall>;
  badDebtUsd: Scalars['UsdAmount']['output'];
  /** Lending: collateral taken incl. the protocol's fee; dYdX: the insurance-fund fee; Hyperliquid backstop: the margin kept. */
  collateralSeizedUsd: Scalars['UsdAmount']['output'];
  debtRepaidUsd: Scalars['UsdAmount']['output'];
  kind: CascadeLiquidationKind;
  /** The margin account's id, as `MarginAccount.id`. */
  marginAccount: Scalars['ID']['output'];
  /** Morpho Blue: the call as Morpho would execute it. */
  morphoCall: Maybe<MorphoLiquidationCall>;
  protocol: Scalars['ID']['output'];
  soldUsd: Scalars['UsdAmount']['output'];
};

export type CascadeLiquidationKind =
  /** Aave v3 Pool.liquidationCall for the most the release's close factor allows, largest debt against largest collateral. */
  | 'AAVE_V3_LIQUIDATION_CALL'
  /** Hyperliquid's backstop vault took the positions over at mark (account value below 2/3 of maintenance margin). */
  | 'HYPERLIQUID_BACKSTOP'
  /** Morpho Blue liquidate for the whole debt, or all of the collateral. */
  | 'MORPHO_BLUE_LIQUIDATE'
  /** Perp positions closed by market orders (Hyperliquid: 20 % at a time above 100k USD notional). */
  | 'PERP_MARKET_CLOSE';

export type CascadeMarginAccount = {
  __typename?: 'CascadeMarginAccount';
  account: Scalars['String']['output'];
  after: MarginAccount;
  /** Before the shock and after the last round, as `MarginAccount` reports them. */
  before: MarginAccount;
  /** As `MarginAccount.id`. */
  id: Scalars['ID']['output'];
  /** Still below maintenance at the end (nothing left to seize, or `maxRounds` stopped the cascade). */
  liquidatableAtEnd: Scalars['Boolean']['output'];
  liquidatedInRounds: Array<Scalars['Int']['output']>;
  marginAccountId: Scalars['String']['output'];
  protocol: Scalars['ID']['output'];
  /** Its venue's liquidation is not simulated (Binance-style tiered perps, declared portfolio margin): evaluated only. */
  unmodelled: Scalars['Boolean']['output'];
};

/** One underlying's part in a cascade. */
export type CascadeMarketInput = {
  depth: DepthModelInput;
  /** Price of one unit before the shock; omitted, read from the first margin account pricing an asset on it. */
  priceUsd?: InputMaybe<Scalars['BigDecimal']['input']>;
  /** Relative move before round 1, e.g. "-0.2" for a 20 % fall; 0 when omitted. */
  shock?: InputMaybe<Scalars['Fraction']['input']>;
  /** An underlying (ETH, BTC): every asset on it moves (WETH, wstETH at its rate, ETH perps). */
  underlying: Scalars['String']['input'];
};

export type CascadeRound = {
  __typename?: 'CascadeRound';
  collateralSeizedUsd: Scalars['UsdAmount']['output'];
  debtRepaidUsd: Scalars['UsdAmount']['output'];
  /** What each market absorbed this round. */
  flows: Array<CascadeFlow>;
  liquidatedCount: Scalars['Int']['output'];
  liquidations: Array<CascadeLiquidation>;
  /** Every market's price this round's liquidations ran at (oracles and marks follow the market). */
  prices: Array<UnderlyingPrice>;
  /** From 1. */
  round: Scalars['Int']['output'];
  slippageUsd: Scalars['UsdAmount']['output'];
  /** Collateral the liquidators sold and perp notional closed. */
  soldUsd: Scalars['UsdAmount']['output'];
  /** Liquidatable margin accounts every liquidation of which would revert this round (ids). */
  stuck: Array<Scalars['ID']['output']>;
};

export type Chain = {
  __typename?: 'Chain';
  id: Scalars['ChainId']['output'];
  name: Scalars['String']['output'];
  /** The venues read on this chain. */
  protocols: Array<Protocol>;
};

/** One chain of a protocol. */
export type ChainSummary = {
  __typename?: 'ChainSummary';
  chainId: Scalars['ChainId']['output'];
  equityUsd: Scalars['UsdAmount']['output'];
  maintenanceMarginUsd: Scalars['UsdAmount']['output'];
  marginAccountCount: Scalars['Int']['output'];
};

/** One what-if change; which fields apply depends on `kind` (see each field). */
export type ChangeInput = {
  amount?: InputMaybe<Scalars['BigDecimal']['input']>;
  /** DEPOSIT, WITHDRAW, BORROW, REPAY. */
  asset?: InputMaybe<Scalars['String']['input']>;
  /**
   * DEPOSIT, REPAY (optional): an asset of the same margin account that pays for it. Its USD-equivalent
   * at the margin account's prices is withdrawn first (Aave: like repaying with collateral, without swap
   * fees or slippage). Omitted, the funds come from outside. `Simulation.funding` states which.
   */
  fundedFrom?: InputMaybe<Scalars['String']['input']>;
  /**
   * REPAY on Aave v3 (optional): which debt to repay, as the Pool's `interestRateMode`. Required when the
   * margin account owes the asset at both rates; otherwise the debt it has.
   */
  interestRateMode?: InputMaybe<InterestRateMode>;
  kind: ChangeKind;
  /** SET_PERP_POSITION (optional). */
  leverage?: InputMaybe<Scalars['BigDecimal']['input']>;
  /** Required for position and balance changes: the id of the margin account to change. */
  marginAccount?: InputMaybe<Scalars['ID']['input']>;
  /** SET_PERP_POSITION: the venue market/symbol when it differs from the underlying (optional). */
  market?: InputMaybe<Scalars['String']['input']>;
  /** MOVE_PRICE, MOVE_ALL_CRYPTO: relative move, e.g. "-0.1" for a 10 % fall. */
  move?: InputMaybe<Scalars['Fraction']['input']>;
  /** SET_OPTION_POSITION. */
  option?: InputMaybe<OptionInput>;
  /** SET_PRICE. */
  priceUsd?: InputMaybe<Scalars['BigDecimal']['input']>;
  /** SHIFT_VOLATILITY: added to the annualized volatility, e.g. "0.05" takes 0.80 to 0.85. */
  shift?: InputMaybe<Scalars['Fraction']['input']>;
  /** SET_PERP_POSITION: signed target size (0 closes). */
  size?: InputMaybe<Scalars['BigDecimal']['input']>;
  /**
   * MOVE_PRICE, SET_PRICE: an underlying (ETH moves WETH, wstETH at its exchange rate, ETH perps; a set
   * price gives each asset price × its exchange rate) or one asset (USDC); unknown names are BAD_USER_INPUT.
   * SET_PERP_POSITION; SHIFT_VOLATILITY (optional).
   */
  underlying?: InputMaybe<Scalars['String']['input']>;
};

export type ChangeKind =
  | 'BORROW'
  | 'DEPOSIT'
  | 'MOVE_ALL_CRYPTO'
  | 'MOVE_PRICE'
  | 'REPAY'
  | 'SET_OPTION_POSITION'
  | 'SET_PERP_POSITION'
  | 'SET_PRICE'
  | 'SHIFT_VOLATILITY'
  | 'WITHDRAW';

export type CreateAlertSubscriptionInput = {
  /** One address, or several (EVM 0x… and dYdX dydx1…) watched as a portfolio. At most 20. */
  addresses: Array<Scalars['String']['input']>;
  endpointId: Scalars['ID']['input'];
  label?: InputMaybe<Scalars['String']['input']>;
  /** Narrows the target to these protocols (default: every protocol). */
  protocols?: InputMaybe<Array<Scalars['ID']['input']>>;
  rules: Array<AlertRuleInput>;
};

/** One symbol's brackets: give `brackets`, or name a built-in `table`. */
export type DeclaredBracketsInput = {
  brackets?: InputMaybe<Array<BracketInput>>;
  /** The venue symbol the positions name (PerpInput.symbol), e.g. BTCUSDT. */
  symbol: Scalars['String']['input'];
  table?: InputMaybe<BracketTable>;
};

/**
 * A margin account the caller states: collateral, options and perps, margined by scenario (portfolio
 * margin); or, with `rules`, a perp/futures account held on an exchange, evaluated by that venue's own
 * published liquidation formulas (then `collateral` is the wallet balance and `perps` its positions).
 */
export type DeclaredMarginAccountInput = {
  /** With `rules`: each symbol's maintenance brackets, given or named (a built-in, dated table). */
  brackets?: InputMaybe<Array<DeclaredBracketsInput>>;
  /** The wallet balance (with `rules`: in the settlement asset, USDT, or the coin of an inverse account). */
  collateral?: InputMaybe<Array<BalanceInput>>;
  /**
   * With `rules`: the taker fee rate of the fee to close (Bybit unified trading account: added to
   * maintenance margin, reserved at the bankruptcy price). Omitted on Bybit: the classic account's formulas.
   */
  feeToCloseRate?: InputMaybe<Scalars['Fraction']['input']>;
  /** With `rules`: CROSS (the wallet backs every position) or ISOLATED (exactly one position, `collateral` its isolated margin). */
  marginMode?: InputMaybe<MarginMode>;
  /** Names the margin account (unique within the query). */
  name: Scalars['String']['input'];
  options?: InputMaybe<Array<OptionInput>>;
  params?: InputMaybe<PortfolioMarginParamsInput>;
  perps?: InputMaybe<Array<PerpInput>>;
  prices: Array<PriceInput>;
  /** Evaluate as an exchange's tiered perp/futures account by these venue rules (no options then). */
  rules?: InputMaybe<DeclaredVenueRules>;
  /** Where it is held (free text, e.g. deribit). With `rules`, defaults to the rules' venue (binance-usdm, bybit-linear, ...). */
  venue?: InputMaybe<Scalars['String']['input']>;
};

/**
 * Whose published liquidation convention a declared perp/futures account follows. Figures are the
 * engine's, by the formula each venue documents (cited in the engine's code).
 */
export type DeclaredVenueRules =
  /** Binance COIN-M: inverse, margin and PnL in the coin (contracts × contract size in USD), the same convention. */
  | 'BINANCE_COINM'
  /** Binance USDⓈ-M: linear, maintenance margin at the mark with the bracket at the liquidation notional (cum). */
  | 'BINANCE_USDM'
  /** Bybit inverse: classic (MM at entry, 0.075 % fee to close at the bankruptcy price); with `feeToCloseRate`, the unified account's formula. */
  | 'BYBIT_INVERSE'
  /** Bybit USDT/USDC linear: classic isolated takes maintenance margin at the entry price; with `feeToCloseRate`, the unified account's formula. */
  | 'BYBIT_LINEAR'
  /** Any venue with notional brackets: Binance's convention, plus the fee to close when `feeToCloseRate` is given. */
  | 'GENERIC_TIERED';

export type Delivery = {
  __typename?: 'Delivery';
  attemptCount: Scalars['Int']['output'];
  /** Attempts, oldest first. */
  attempts: Array<DeliveryAttempt>;
  createdAt: Scalars['DateTime']['output'];
  /** The event id, the `webhook-id` header of every attempt. */
  eventId: Scalars['ID']['output'];
  eventType: Scalars['String']['output'];
  /** When the next attempt is due (PENDING only). */
  nextAttemptAt: Maybe<Scalars['DateTime']['output']>;
  /** The exact JSON body delivered. */
  payload: Scalars['String']['output'];
  status: DeliveryStatus;
};

export type DeliveryAttempt = {
  __typename?: 'DeliveryAttempt';
  at: Scalars['DateTime']['output'];
  /** Why the attempt failed, when it did. */
  error: Maybe<Scalars['String']['output']>;
  latencyMs: Scalars['Int']['output'];
  /** 1 for the first attempt. */
  number: Scalars['Int']['output'];
  /** HTTP status of the answer; null when there was none (timeout, connection refused, refused redirect). */
  statusCode: Maybe<Scalars['Int']['output']>;
};

export type DeliveryConnection = {
  __typename?: 'DeliveryConnection';
  nodes: Array<Delivery>;
  pageInfo: PageInfo;
};

export type DeliveryCounts = {
  __typename?: 'DeliveryCounts';
  dead: Scalars['Int']['output'];
  delivered: Scalars['Int']['output'];
  pending: Scalars['Int']['output'];
};

export type DeliveryStatus =
  /** Every attempt of the retry schedule failed: dead-lettered, replayable with `replayEvent`. */
  | 'DEAD'
  /** A 2xx answer acknowledged it. */
  | 'DELIVERED'
  /** Waiting for its first attempt or a retry. */
  | 'PENDING';

/** A depth model: `kind` says which fields apply. */
export type DepthModelInput = {
  /** SQUARE_ROOT: Y, 1 when omitted. */
  coefficient?: InputMaybe<Scalars['BigDecimal']['input']>;
  /** SQUARE_ROOT: daily volatility, e.g. "0.04". */
  dailyVolatility?: InputMaybe<Scalars['Fraction']['input']>;
  /** SQUARE_ROOT: daily traded volume, USD. */
  dailyVolumeUsd?: InputMaybe<Scalars['BigDecimal']['input']>;
  /** ORDER_BOOK: USD of resting orders within 2 % of the price, on the side the order takes. */
  depthUsd?: InputMaybe<Scalars['BigDecimal']['input']>;
  /** CONSTANT_PRODUCT: swap fee, e.g. "0.003". */
  fee?: InputMaybe<Scalars['Fraction']['input']>;
  kind: DepthModelKind;
  /** CONSTANT_PRODUCT: units of the underlying in the pool. */
  reserveBase?: InputMaybe<Scalars['BigDecimal']['input']>;
  /** CONSTANT_PRODUCT: USD in the pool. */
  reserveQuoteUsd?: InputMaybe<Scalars['BigDecimal']['input']>;
};

/** How a market absorbs a forced sale or purchase; see `DepthModelInput`. */
export type DepthModelKind =
  /** A Uniswap v2 pool x·y = k with a swap fee (getAmountOut / getAmountIn), moved at constant k to the start price. */
  | 'CONSTANT_PRODUCT'
  /** Infinitely deep: no price impact (the cascade is then `stress` repeated over partial liquidations). */
  | 'NONE'
  /** `depthUsd` resting within 2 % of the price: a notional N moves the price by 2 % × N / depthUsd (linear impact, Kyle's λ); fills average half the move. */
  | 'ORDER_BOOK'
  /** The square-root law: impact = coefficient × dailyVolatility × √(N / dailyVolumeUsd) (Bouchaud et al., Tóth et al. 2011); fills average 2/3 of it. */
  | 'SQUARE_ROOT';

export type Exposure = {
  __typename?: 'Exposure';
  /** Σ delta in units of the underlying (each asset's delta × its exchange rate). */
  delta: Scalars['Quantity']['output'];
  deltaUsd: Scalars['UsdAmount']['output'];
  /** Σ gamma: change of delta (units of the underlying) per USD of the underlying's price. */
  gamma: Scalars['Quantity']['output'];
  /** Change of deltaUsd for a 0.01 (1 %) move of the underlying. */
  gammaUsd: Scalars['UsdAmount']['output'];
  grossNotionalUsd: Scalars['UsdAmount']['output'];
  /**
   * Σ theta: change of value, USD, as one calendar day passes with prices and volatilities fixed
   * (Black–Scholes theta at a fixed spot, Black-76 theta at a fixed given forward, ÷ 365; a long
   * option's is usually negative). Interest accrual on balances and perp funding are not theta, so
   * collateral, debt, perps and expired options contribute exactly 0.
   */
  thetaUsdPerDay: Scalars['UsdAmount']['output'];
  /** ETH, BTC, USD, ...: every asset on it (WETH, wstETH, ETH perps; any venue, any chain) nets into this one row. */
  underlying: Scalars['String']['output'];
  /**
   * Σ vega: change of value, USD, per +1.00 of annualized implied volatility (a Fraction like every
   * volatility in this API: +0.01 is one vol point, worth vegaUsdPerVolatility × 0.01), each option
   * at its own volatility, from the engine's Black–Scholes / Black-76 pricer (Black vega × size).
   * Exactly 0, not unknown, when only collateral, debt and perps are held: their value has no volatility in it.
   */
  vegaUsdPerVolatility: Scalars['UsdAmount']['output'];
};

export type FeedState =
  | 'FRESH'
  /** Answers zero or less. */
  | 'INVALID'
  /** Older than its heartbeat. */
  | 'STALE'
  /** No `latestRoundData` to date it (not a Chainlink aggregator): its age is unknown. */
  | 'UNVERIFIED';

/** A price feed a source's figures rest on, read in the same block. */
export type FeedStatus = {
  __typename?: 'FeedStatus';
  ageSeconds: Maybe<Scalars['Int']['output']>;
  /** The feed's latest answer, raw integer (its own decimals). */
  answer: Maybe<Scalars['String']['output']>;
  asset: Scalars['String']['output'];
  feed: Scalars['String']['output'];
  heartbeatSeconds: Scalars['Int']['output'];
  state: FeedState;
  updatedAt: Maybe<Scalars['DateTime']['output']>;
};

/** Where the funds of one DEPOSIT or REPAY came from. */
export type Funding = {
  __typename?: 'Funding';
  /** Units of `asset`. */
  amount: Scalars['Quantity']['output'];
  /** EXTERNAL: the asset paid in; COLLATERAL: the asset withdrawn to pay. */
  asset: Scalars['String']['output'];
  /** Index of the change in `changes`, from 0. */
  change: Scalars['Int']['output'];
  source: FundingSource;
  /** USD value of `amount` at the margin account's prices after the earlier changes. */
  valueUsd: Scalars['UsdAmount']['output'];
};

export type FundingSource =
  /** Withdrawn from another asset of the same margin account (`fundedFrom`): equity is unchanged at unchanged prices. */
  | 'COLLATERAL'
  /** From outside the margin accounts: equity rises by its value. */
  | 'EXTERNAL';

export type Health = {
  __typename?: 'Health';
  environment: Scalars['String']['output'];
  /**
   * How far the cron's evaluations are behind, in seconds: how long the longest-waiting due subscription
   * has been waiting (queued shards included); 0 when none is due. Past 90 s `status` is DEGRADED.
   */
  evaluationLagSeconds: Scalars['Int']['output'];
  /** When the cron trigger last completed a tick; null if it never ran on this database. */
  lastCronAt: Maybe<Scalars['DateTime']['output']>;
  /** When an evaluation shard last went to the dead-letter queue after its retries; null if never. */
  lastDeadLetterAt: Maybe<Scalars['DateTime']['output']>;
  /** SHA-256 of the GraphQL SDL this deployment serves (hex). Clients can detect schema changes with it. */
  schemaHash: Scalars['String']['output'];
  status: HealthStatus;
  /** Package version of the deployed Worker. */
  version: Scalars['String']['output'];
};

export type HealthStatus =
  /** Serving, but the cron trigger has not run recently, or evaluations lag behind (`evaluationLagSeconds`). */
  | 'DEGRADED'
  /** Serving, and the cron trigger ran within the last few minutes (or has not been expected yet). */
  | 'OK';

/** Aave v3 debt kinds; stable-rate debt exists on v3.0–v3.1 markets. */
export type InterestRateMode =
  | 'STABLE'
  | 'VARIABLE';

/** What one API key may do. */
export type KeyLimits = {
  __typename?: 'KeyLimits';
  /** Unrevoked keys one address may hold per chain (every other limit is per key). */
  maxActiveKeysPerOwner: Scalars['Int']['output'];
  maxAlertSubscriptions: Scalars['Int']['output'];
  maxRulesPerSubscription: Scalars['Int']['output'];
  maxWebhookEndpoints: Scalars['Int']['output'];
  requestsPerMinute: Scalars['Int']['output'];
  testEventsPerHour: Scalars['Int']['output'];
};

/** The moves of one underlying, all other prices fixed, at which the margin account (or the first of the summed ones) is liquidated. */
export type LiquidationBand = {
  __typename?: 'LiquidationBand';
  /** The fall that liquidates, a negative fraction (-0.3: a 30 % fall); null when no fall does. */
  down: Maybe<Scalars['Fraction']['output']>;
  underlying: Scalars['String']['output'];
  /** The rise that liquidates, a positive fraction; null when no rise (up to +1,000 %) does. */
  up: Maybe<Scalars['Fraction']['output']>;
};

/** A position's liquidation price (equity = maintenance margin, every other price fixed), placed on a sweep. */
export type LiquidationMark = {
  __typename?: 'LiquidationMark';
  /** The asset whose price it is (WETH, wstETH, a perp's coin). */
  asset: Scalars['String']['output'];
  /** As the position's `liquidationPrice.distance`. */
  distance: Scalars['Fraction']['output'];
  marginAccount: MarginAccount;
  /**
   * Today's price of the asset at the position's own venue, as the position's `markPriceUsd` (an oracle, a
   * perp's mark): the price `priceUsd` and `distance` are measured from. Venues price one underlying
   * differently, so two marks on one sweep each have their own.
   */
  markPriceUsd: Scalars['UsdPrice']['output'];
  position: Scalars['ID']['output'];
  /** As the position's `liquidationPrice.priceUsd`. */
  priceUsd: Scalars['UsdPrice']['output'];
  /** The sweep's reference price moved by `distance`: where the mark sits on the sweep's price axis. */
  referencePriceUsd: Maybe<Scalars['UsdPrice']['output']>;
};

/**
 * Probability and time of liquidation under a random-walk model of prices. Assumptions, all of them:
 * - each crypto underlying's price follows a geometric Brownian motion with zero drift and constant
 *   annualized volatility (`volatilities`), watched continuously, without jumps or gaps; stablecoins
 *   (USD) keep their price; a year is 365 days;
 * - liquidation is the first time one underlying's price leaves its `bands` entry, each band being
 *   computed with every other price fixed (the engine's own evaluation of the venue's rules, so it
 *   includes every asset on the underlying: WETH, wstETH at its exchange rate, ETH perps);
 * - distinct underlyings move independently: correlation between different underlyings (ETH and BTC)
 *   is NOT modelled, and a joint fall of two underlyings, which can liquidate before either band is
 *   left, is not counted, so with several risky underlyings the probability is a lower estimate;
 * - the same underlying is one factor everywhere (one price path for all its assets and venues);
 * - funding, interest accrual, oracle update rules and liquidation delays are ignored over the horizon.
 */
export type LiquidationOutlook = {
  __typename?: 'LiquidationOutlook';
  /** Per underlying, the band of moves inside which nothing is liquidated (all other prices fixed). */
  bands: Array<LiquidationBand>;
  /** Expected time to liquidation, seconds; null when infinite (the expectation diverges or liquidation may never come). 0 when liquidatable now. */
  expectedSecondsToLiquidation: Maybe<Scalars['BigDecimal']['output']>;
  /** Liquidatable now: every probability is 1 and both times are 0. */
  liquidatableNow: Scalars['Boolean']['output'];
  /** The time by which liquidation has probability ½, seconds; null when the probability of ever being liquidated is below ½. */
  medianSecondsToLiquidation: Maybe<Scalars['BigDecimal']['output']>;
  /** Probability of liquidation within each requested horizon, in the order requested. */
  probabilities: Array<LiquidationProbability>;
  /** Probability of ever being liquidated under the model. */
  probabilityEver: Scalars['Fraction']['output'];
  /** The volatility used per underlying the figures depend on, and where it comes from. */
  volatilities: Array<UnderlyingVolatility>;
};

/** The price (of the position's markPriceUsd) at which equity = maintenance margin, all other prices fixed; or why there is none. */
export type LiquidationPrice = {
  __typename?: 'LiquidationPrice';
  /** (liquidation price − current) / current, signed: -0.25 means the price must fall 25 %. */
  distance: Maybe<Scalars['Fraction']['output']>;
  priceUsd: Maybe<Scalars['UsdPrice']['output']>;
  reason: Maybe<NoLiquidationPriceReason>;
};

export type LiquidationProbability = {
  __typename?: 'LiquidationProbability';
  horizonSeconds: Scalars['Int']['output'];
  probability: Scalars['Fraction']['output'];
};

/** What a venue liquidates as one: a cross account, an isolated position, an Aave market position, a subaccount. */
export type MarginAccount = {
  __typename?: 'MarginAccount';
  account: Scalars['String']['output'];
  /** How old the data is: the request's clock − `asOf`, seconds. */
  ageSeconds: Scalars['Int']['output'];
  /** Venue time of the data: the block's timestamp on chain, the venue's clock off chain, the request time when declared. */
  asOf: Scalars['DateTime']['output'];
  /** The block read (on chain; the indexer's height for dYdX). */
  blockNumber: Maybe<Scalars['String']['output']>;
  /** The block's timestamp, on chain (null off chain). */
  blockTimestamp: Maybe<Scalars['DateTime']['output']>;
  chainId: Maybe<Scalars['ChainId']['output']>;
  /** The time the figures are computed at: `asOf` itself, so on-chain figures equal the contracts' at `blockNumber`. */
  computedAt: Scalars['DateTime']['output'];
  /** Positions the caller stated, not read from a venue. */
  declared: Scalars['Boolean']['output'];
  equityUsd: Scalars['UsdAmount']['output'];
  /** Net exposure per underlying within this margin account (delta, gamma, vega, theta), as `RiskSummary.exposures` does across the portfolio. */
  exposures: Array<Exposure>;
  freeCollateralUsd: Scalars['UsdAmount']['output'];
  grossNotionalUsd: Scalars['UsdAmount']['output'];
  haircutEquityUsd: Scalars['UsdAmount']['output'];
  /** Lending venues only. */
  healthFactor: Maybe<Ratio>;
  /** Stable id: protocol:chain:market:account:marginAccountId. */
  id: Scalars['ID']['output'];
  initialMarginUsd: Scalars['UsdAmount']['output'];
  /** Gross notional / equity. */
  leverage: Ratio;
  liquidatable: Scalars['Boolean']['output'];
  /**
   * How likely and how soon this margin account is liquidated if prices move at random (see
   * `LiquidationOutlook` for the model). Computed only when asked. `horizonsSeconds` defaults to 1 h,
   * 24 h and 7 d (at most 10 horizons, each from 1 s to 10 years); `volatilities` overrides the
   * estimate of an underlying.
   */
  liquidationOutlook: LiquidationOutlook;
  maintenanceMarginUsd: Scalars['UsdAmount']['output'];
  marginAccountId: Scalars['String']['output'];
  /** Maintenance margin / equity; 1 or more is liquidatable. */
  marginRatio: Ratio;
  market: Maybe<Scalars['String']['output']>;
  /** The margin model the engine applied (aave-v3, morpho-blue, hyperliquid, dydx-v4, tiered-perp, portfolio-margin). */
  model: Scalars['String']['output'];
  positions: Array<Position>;
  /** Morpho Blue: the pre-liquidation level the borrower authorized for this market (modeled, see MorphoPreLiquidation); null elsewhere or without one. */
  preLiquidation: Maybe<MorphoPreLiquidation>;
  protocol: Scalars['ID']['output'];
  /**
   * The protocol release whose rules the figures follow, read from the chain (Aave: the Pool's
   * `POOL_REVISION`, e.g. `v3.6`; `v3.6+` for a Pool newer than any release Solvent implements, read
   * with the newest rules). Null where a venue has one rule set.
   */
  rules: Maybe<Scalars['String']['output']>;
  /** Coin-margined (inverse) accounts: the figures in the settlement coin; the USD figures are these × its price. */
  settlement: Maybe<SettlementFigures>;
  /** The figures are not current: `staleReasons` says why (an old block, a stale feed, the sequencer, a failed refresh). */
  stale: Scalars['Boolean']['output'];
  staleReasons: Array<StaleReason>;
  /** Σ theta of the margin account's positions, USD per calendar day (see `Exposure.thetaUsdPerDay`). */
  thetaUsdPerDay: Scalars['UsdAmount']['output'];
  /** Σ vega of the margin account's positions, USD per +1.00 of volatility (see `Exposure.vegaUsdPerVolatility`). */
  vegaUsdPerVolatility: Scalars['UsdAmount']['output'];
  /** The venue's own figures next to the engine's, where the venue reports them. */
  venueReported: Array<ReportedFigure>;
};


/** What a venue liquidates as one: a cross account, an isolated position, an Aave market position, a subaccount. */
export type MarginAccountLiquidationOutlookArgs = {
  horizonsSeconds?: InputMaybe<Array<Scalars['Int']['input']>>;
  volatilities?: InputMaybe<Array<VolatilityInput>>;
};

export type MarginAccountConnection = {
  __typename?: 'MarginAccountConnection';
  nodes: Array<MarginAccount>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type MarginAccountProtection = {
  __typename?: 'MarginAccountProtection';
  /** The margin account as it is now. */
  marginAccount: MarginAccount;
  /** Cheapest first (by `valueUsd`). */
  options: Array<ProtectiveAction>;
  reason: Maybe<Scalars['String']['output']>;
  status: ProtectionStatus;
};

export type MarginMode =
  | 'CROSS'
  | 'ISOLATED';

export type Me = {
  __typename?: 'Me';
  address: Scalars['Address']['output'];
  /** This key's subscriptions, oldest first. */
  alertSubscriptions: AlertSubscriptionConnection;
  /** Every key of this address, revoked ones included. */
  apiKeys: Array<ApiKey>;
  /** The key this request authenticated with. */
  key: ApiKey;
  limits: KeyLimits;
  /** This key's endpoints. */
  webhookEndpoints: Array<WebhookEndpoint>;
};


export type MeAlertSubscriptionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type MorphoLiquidationCall = {
  __typename?: 'MorphoLiquidationCall';
  badDebtAssets: Scalars['String']['output'];
  repaidAssets: Scalars['String']['output'];
  repaidShares: Scalars['String']['output'];
  seizedAssets: Scalars['String']['output'];
};

/**
 * Morpho Blue pre-liquidation: an earlier margin level a borrower opts into by authorizing a PreLiquidation
 * contract (morpho-org/pre-liquidation) on Morpho for one market. MODELED: the PreLiquidation contracts are not
 * compiled from source here; Solvent reads their documented `preLiquidationParams()` (preLltv, preLCF1/2, preLIF1/2,
 * preLiquidationOracle), the borrower's `Morpho.isAuthorized(borrower, contract)`, and applies the documented
 * condition (debt above collateral × oracle price × preLltv while still healthy at LLTV) with Morpho's own integer
 * arithmetic. Only contracts the deployment lists per market (`MORPHO_MARKETS[].preLiquidations`) are known.
 */
export type MorphoPreLiquidation = {
  __typename?: 'MorphoPreLiquidation';
  /** Close factor at the current LTV (linear from preLCF1 at preLltv to preLCF2 at LLTV); null unless pre-liquidatable. */
  closeFactor: Maybe<Scalars['Fraction']['output']>;
  /** The PreLiquidation contract the borrower authorized. */
  contract: Scalars['String']['output'];
  /** Collateral × oracle price × preLltv / debt, from the contract's integers (wDivDown); below 1: pre-liquidatable. NONE without debt. */
  healthFactor: Ratio;
  /** Incentive factor at the current LTV (linear from preLIF1 at preLltv to preLIF2 at LLTV); null unless pre-liquidatable. */
  incentiveFactor: Maybe<Scalars['Fraction']['output']>;
  /** Of the collateral's USD price: the lowest at which pre-liquidation cannot yet start (one oracle unit below, it can), other prices fixed. */
  liquidationPrice: LiquidationPrice;
  preLCF1: Scalars['Fraction']['output'];
  preLCF2: Scalars['Fraction']['output'];
  preLIF1: Scalars['Fraction']['output'];
  preLIF2: Scalars['Fraction']['output'];
  /** The position can be pre-liquidated now: over preLltv and not liquidatable. */
  preLiquidatable: Scalars['Boolean']['output'];
  /** The oracle the pre-liquidation condition is judged with. */
  preLiquidationOracle: Scalars['String']['output'];
  /** Pre-liquidation loan-to-value: above it (and at or under the market's LLTV) the position can be pre-liquidated. */
  preLltv: Scalars['Fraction']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Watches an address (or a portfolio of addresses) and alerts the endpoint when a rule fires. */
  createAlertSubscription: AlertSubscription;
  /**
   * Registers a webhook URL: https (loopback http only where the deployment allows it for local development),
   * never a private, loopback, link-local, CGNAT or metadata address. Returns the signing secret, shown once.
   */
  createWebhookEndpoint: WebhookEndpointWithSecret;
  /** Deletes the subscription and its rules. Events already handed to the endpoint are still delivered. Returns the id. */
  deleteAlertSubscription: Scalars['ID']['output'];
  /** Deletes the endpoint, its pending deliveries and the subscriptions that alert it. Returns the id. */
  deleteWebhookEndpoint: Scalars['ID']['output'];
  pauseAlertSubscription: AlertSubscription;
  /** Holds deliveries (events keep queueing) until resumed. */
  pauseWebhookEndpoint: WebhookEndpoint;
  /** Delivers a stored event again, under the same event id (`webhook-id`), with a fresh retry schedule. */
  replayEvent: Delivery;
  /**
   * Starts Sign-In with Ethereum (EIP-4361): a single-use nonce that expires after a few minutes. Put it,
   * with the returned `domain` and `uri`, in the SIWE message the wallet signs, then call `signIn`.
   */
  requestNonce: SiweNonce;
  resumeAlertSubscription: AlertSubscription;
  /** Resumes deliveries, including to an endpoint that was disabled after answering 410 Gone. */
  resumeWebhookEndpoint: WebhookEndpoint;
  /** Revokes one of the owner's API keys (any key of the same address may revoke it). Takes effect at once. */
  revokeApiKey: ApiKey;
  /**
   * A new signing secret, shown once. The previous secret keeps signing alongside it for 24 hours
   * (Standard Webhooks multi-signature), so receivers can switch without losing events.
   */
  rotateWebhookSecret: WebhookEndpointWithSecret;
  /** Queues a signed `test` event to the endpoint; it is delivered like any other event. */
  sendTestEvent: Delivery;
  /**
   * Verifies a signed EIP-4361 message (domain, nonce, chain id, expiration and issued-at freshness; smart
   * accounts through EIP-1271 / ERC-6492 on the message's chain) and returns a new API key, shown once.
   */
  signIn: SignInResult;
};


export type MutationCreateAlertSubscriptionArgs = {
  input: CreateAlertSubscriptionInput;
};


export type MutationCreateWebhookEndpointArgs = {
  description?: InputMaybe<Scalars['String']['input']>;
  url: Scalars['String']['input'];
};


export type MutationDeleteAlertSubscriptionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteWebhookEndpointArgs = {
  id: Scalars['ID']['input'];
};


export type MutationPauseAlertSubscriptionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationPauseWebhookEndpointArgs = {
  id: Scalars['ID']['input'];
};


export type MutationReplayEventArgs = {
  id: Scalars['ID']['input'];
};


export type MutationResumeAlertSubscriptionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationResumeWebhookEndpointArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeApiKeyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRotateWebhookSecretArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSendTestEventArgs = {
  endpointId: Scalars['ID']['input'];
};


export type MutationSignInArgs = {
  label?: InputMaybe<Scalars['String']['input']>;
  message: Scalars['String']['input'];
  signature: Scalars['String']['input'];
};

export type NoLiquidationPriceReason =
  | 'ALREADY_LIQUIDATABLE'
  | 'NO_EXPOSURE'
  | 'NO_REQUIREMENT'
  | 'UNREACHABLE';

export type OptionInput = {
  /** Average price paid, USD (for unrealized PnL). */
  averagePriceUsd?: InputMaybe<Scalars['BigDecimal']['input']>;
  expiry: Scalars['DateTime']['input'];
  id: Scalars['ID']['input'];
  /** Annualized, e.g. "0.8" for 80 %. */
  impliedVolatility?: InputMaybe<Scalars['Fraction']['input']>;
  /** Mark price of one unit, USD; or give impliedVolatility. */
  markPriceUsd?: InputMaybe<Scalars['BigDecimal']['input']>;
  right: OptionRight;
  /** Signed size in units of the underlying (negative = written). */
  size: Scalars['BigDecimal']['input'];
  strike: Scalars['BigDecimal']['input'];
  underlying: Scalars['String']['input'];
};

export type OptionRight =
  | 'CALL'
  | 'PUT';

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PerpInput = {
  /** With inverse rules: USD face value of one contract (Binance COIN-M BTCUSD 100, others 10; Bybit 1). Default 1. */
  contractSizeUsd?: InputMaybe<Scalars['BigDecimal']['input']>;
  entryPriceUsd: Scalars['BigDecimal']['input'];
  /** With `rules`: the leverage setting (initial margin = notional / leverage, capped by the bracket). Default: the first bracket's maximum. */
  leverage?: InputMaybe<Scalars['BigDecimal']['input']>;
  /** Signed size in units of the underlying; inverse rules: signed number of contracts. */
  size: Scalars['BigDecimal']['input'];
  /** With `rules`: the venue symbol whose brackets apply. Default: underlying + USDT (linear) or USD (inverse). */
  symbol?: InputMaybe<Scalars['String']['input']>;
  underlying: Scalars['String']['input'];
};

export type Portfolio = {
  __typename?: 'Portfolio';
  /** The addresses read, normalized (EVM checksummed, dYdX lower case). */
  addresses: Array<Scalars['String']['output']>;
  marginAccounts: MarginAccountConnection;
  sources: Array<SourceStatus>;
  summary: RiskSummary;
  /** What the caller should know about this answer, e.g. a chain filter no venue runs on. */
  warnings: Array<Warning>;
};


export type PortfolioMarginAccountsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** Deribit-style scenario margin parameters; every field has a documented default (or the preset's). */
export type PortfolioMarginParamsInput = {
  /** USD subtracted from each extended row's counted loss (Deribit extended_dampener), ≥ 0. */
  extendedDampener?: InputMaybe<Scalars['BigDecimal']['input']>;
  /** The fraction of each extended row's loss that counts (Deribit extended_table_factor), ≥ 0. */
  extendedPnlFraction?: InputMaybe<Scalars['Fraction']['input']>;
  /**
   * Deribit's extended table: these extreme price moves, revalued on the largest of `volShocks` only, each
   * row's loss counted as max(0, extendedPnlFraction × loss − extendedDampener); perps move only to the
   * edge of `priceMoves`. Give the three extended fields together; no default, no preset sets them
   * (Deribit publishes the parts, not how they combine). For reference: Deribit's support article lists
   * −0.66, −0.33, 0.5, 1, 2, 3, 4, 5 as example moves, and its `private/pme/simulate` response example
   * (model parameters of 2024-06-17) has extended_table_factor 1 and, for BTC, extended_dampener 100000.
   */
  extendedPriceMoves?: InputMaybe<Array<Scalars['Fraction']['input']>>;
  /** Haircut per collateral asset, a fraction in [0, 1] (given as `amount`). */
  haircuts?: InputMaybe<Array<BalanceInput>>;
  /** IM = MM × multiplier. Default 1.3. */
  imMultiplier?: InputMaybe<Scalars['BigDecimal']['input']>;
  /** Add-on per unit of net short option per (expiry, strike), in units of the underlying (Deribit: 0.01). */
  netShortOptionContingency?: InputMaybe<Scalars['BigDecimal']['input']>;
  /** Start from a venue's documented parameters (each field below overrides it). Omitted: Solvent's defaults. */
  preset?: InputMaybe<PortfolioMarginPreset>;
  /** Relative price moves of the scenario grid. Default: -0.15 … +0.15 in 21 steps. */
  priceMoves?: InputMaybe<Array<Scalars['Fraction']['input']>>;
  /** Annual, continuously compounded. Default 0. */
  riskFreeRate?: InputMaybe<Scalars['Fraction']['input']>;
  /** RELATIVE: a shock s gives σ × (1 + s); ABSOLUTE: σ + s (vol points). Default RELATIVE. */
  volShockMode?: InputMaybe<VolShockMode>;
  volShockTermExponent?: InputMaybe<Scalars['BigDecimal']['input']>;
  /** Expiry-dependent shocks: each option's shocks × (volShockTermReferenceDays / days to expiry)^volShockTermExponent. Both or neither. */
  volShockTermReferenceDays?: InputMaybe<Scalars['BigDecimal']['input']>;
  /** Relative volatility shocks: -0.3 scales each volatility by 0.7. Default: -0.3, -0.15, 0, 0.15, 0.3. */
  volShocks?: InputMaybe<Array<Scalars['Fraction']['input']>>;
};

/**
 * Documented portfolio-margin parameter sets. DERIBIT_DOCS: Deribit's "Portfolio Margin" page
 * (https://www.deribit.com/pages/docs/portfoliomargin; the page has no date, read 2026-12-06): ±10 % in 9 buckets, vol shocks
 * ±38 % × (30 / days to expiry)^0.30, 0.01 per net short option per strike; IM = 1.3 × MM (Solvent's).
 */
export type PortfolioMarginPreset =
  | 'DERIBIT_DOCS';

export type Position = {
  __typename?: 'Position';
  /** What the venue holds. */
  asset: Asset;
  /**
   * Tiered perps (declared exchange accounts): the price at which the margin is exhausted (equity = 0,
   * or = the fee to close where the venue reserves one) and the venue closes the position. Null elsewhere.
   */
  bankruptcyPrice: Maybe<LiquidationPrice>;
  /** dValue/dPrice, units of the underlying. */
  delta: Scalars['Quantity']['output'];
  deltaUsd: Scalars['UsdAmount']['output'];
  /** d²Value/dPrice², units of the underlying per USD. */
  gamma: Scalars['Quantity']['output'];
  /** Change of deltaUsd for a 0.01 (1 %) move of the underlying. */
  gammaUsd: Scalars['UsdAmount']['output'];
  id: Scalars['ID']['output'];
  initialMarginUsd: Scalars['UsdAmount']['output'];
  kind: PositionKind;
  /** Of the price in markPriceUsd. */
  liquidationPrice: LiquidationPrice;
  maintenanceMarginUsd: Scalars['UsdAmount']['output'];
  /** The price the venue values the position at: the asset's own, or (Aave v3.0–3.1 e-mode) the category's price source. */
  markPriceUsd: Scalars['UsdPrice']['output'];
  notionalUsd: Scalars['UsdAmount']['output'];
  /** Signed size in units of the asset (debt negative). */
  size: Scalars['Quantity']['output'];
  /**
   * Theta: change of the position's value, USD, as one calendar day passes with prices and volatilities fixed
   * (Black–Scholes theta at a fixed spot, Black-76 theta at a fixed given forward, ÷ 365; a long
   * option's is usually negative). Interest accrual on balances and perp funding are not theta, so
   * collateral, debt, perps and expired options contribute exactly 0.
   */
  thetaUsdPerDay: Scalars['UsdAmount']['output'];
  /** The underlying whose price risk the position carries (ETH for WETH, wstETH and ETH perps; USD for stablecoins). */
  underlying: Scalars['String']['output'];
  unrealizedPnlUsd: Scalars['UsdAmount']['output'];
  /**
   * Vega: change of the position's value, USD, per +1.00 of annualized implied volatility (a Fraction like every
   * volatility in this API: +0.01 is one vol point, worth vegaUsdPerVolatility × 0.01), each option
   * at its own volatility, from the engine's Black–Scholes / Black-76 pricer (Black vega × size).
   * Exactly 0, not unknown, for collateral, debt and perps: their value has no volatility in it.
   */
  vegaUsdPerVolatility: Scalars['UsdAmount']['output'];
};

export type PositionKind =
  | 'COLLATERAL'
  | 'DEBT'
  | 'OPTION'
  | 'PERP';

export type PriceInput = {
  priceUsd: Scalars['BigDecimal']['input'];
  /** Stablecoins do not move in all-crypto scenarios. */
  stable?: InputMaybe<Scalars['Boolean']['input']>;
  underlying: Scalars['String']['input'];
};

export type PricePath = {
  __typename?: 'PricePath';
  pricesUsd: Array<Scalars['UsdPrice']['output']>;
  underlying: Scalars['String']['output'];
};

/** One underlying swept over a price range. */
export type PriceSweep = {
  __typename?: 'PriceSweep';
  /** Every position on the underlying with a liquidation price. */
  liquidationMarks: Array<LiquidationMark>;
  /** Ordered by move. */
  points: Array<PriceSweepPoint>;
  /**
   * Today's price of one unit of the underlying: the price of the underlying itself or of an asset on it at
   * exchange rate 1 (WETH for ETH), in the margin account nearest to liquidation that prices it. Null when
   * no margin account prices it.
   */
  referencePriceUsd: Maybe<Scalars['UsdPrice']['output']>;
  /** The margin account and price key the reference price comes from. */
  referenceSource: Maybe<Scalars['String']['output']>;
  underlying: Scalars['String']['output'];
  warnings: Array<Warning>;
};

export type PriceSweepPoint = {
  __typename?: 'PriceSweepPoint';
  /** Null when nothing could be read. */
  equityUsd: Maybe<Scalars['UsdAmount']['output']>;
  haircutEquityUsd: Maybe<Scalars['UsdAmount']['output']>;
  /** Margin accounts liquidatable at this move. */
  liquidatableCount: Scalars['Int']['output'];
  maintenanceMarginUsd: Maybe<Scalars['UsdAmount']['output']>;
  /** Relative move of the underlying, e.g. -0.2 for a 20 % fall. */
  move: Scalars['Fraction']['output'];
  /** The reference price moved: referencePriceUsd × (1 + move). */
  priceUsd: Maybe<Scalars['UsdPrice']['output']>;
};

/** A `ChangeInput` for `simulate`, as `protect` proposes it. */
export type ProposedChange = {
  __typename?: 'ProposedChange';
  amount: Maybe<Scalars['BigDecimal']['output']>;
  asset: Maybe<Scalars['String']['output']>;
  fundedFrom: Maybe<Scalars['String']['output']>;
  interestRateMode: Maybe<InterestRateMode>;
  kind: ChangeKind;
  marginAccount: Scalars['ID']['output'];
  /** SET_OPTION_POSITION: the option's id; its new size is `size`. */
  option: Maybe<Scalars['ID']['output']>;
  size: Maybe<Scalars['BigDecimal']['output']>;
  underlying: Maybe<Scalars['String']['output']>;
};

export type ProtectTarget = {
  __typename?: 'ProtectTarget';
  horizonSeconds: Maybe<Scalars['Int']['output']>;
  kind: ProtectTargetKind;
  value: Scalars['Fraction']['output'];
};

export type ProtectTargetInput = {
  /** LIQUIDATION_PROBABILITY: the horizon, seconds. Default 86400 (24 h). */
  horizonSeconds?: InputMaybe<Scalars['Int']['input']>;
  kind: ProtectTargetKind;
  value: Scalars['Fraction']['input'];
};

export type ProtectTargetKind =
  /** No move of ±`value` (a fraction) of any single underlying, all other prices fixed, liquidates the margin account. */
  | 'DISTANCE_TO_LIQUIDATION'
  /** Health factor at least `value` (lending venues; other margin accounts are NOT_APPLICABLE). */
  | 'HEALTH_FACTOR'
  /** Probability of liquidation within `horizonSeconds` at most `value`, under the `LiquidationOutlook` model. */
  | 'LIQUIDATION_PROBABILITY'
  /** Margin ratio (maintenance margin / equity) at most `value`. */
  | 'MARGIN_RATIO';

export type Protection = {
  __typename?: 'Protection';
  marginAccounts: Array<MarginAccountProtection>;
  sources: Array<SourceStatus>;
  target: ProtectTarget;
  warnings: Array<Warning>;
};

export type ProtectionStatus =
  /** See `options`. */
  | 'ACTIONS'
  /** The margin account already meets the target: nothing to do. */
  | 'MET'
  /** The target does not apply to this margin account (a health factor on a perp venue). */
  | 'NOT_APPLICABLE'
  /** No single action on this margin account reaches the target (`reason`). */
  | 'UNREACHABLE';

/** One action that alone brings the margin account to the target. */
export type ProtectiveAction = {
  __typename?: 'ProtectiveAction';
  /** The margin account after the action, as `simulate` evaluates it. */
  after: MarginAccount;
  /** Units of `asset` (deposit, repay) or of the position taken off (reduce, close). */
  amount: Scalars['Quantity']['output'];
  /** The asset deposited or repaid (its symbol), the perp's market key, or the option's id. */
  asset: Scalars['String']['output'];
  /** EVM venues: the calls to send from the account, in order, approvals included. Empty off chain, and for a REPAY funded by selling another collateral (that needs a swap, which Solvent does not route). */
  calls: Array<Call>;
  /** The same action as a `simulate` change (apply it to `marginAccount` to see the same figures). */
  change: ProposedChange;
  /** REPAY by selling collateral: the collateral withdrawn to pay (at the margin account's prices, without swap fees or slippage). */
  fundedFrom: Maybe<Scalars['String']['output']>;
  /** Aave REPAY: which debt. */
  interestRateMode: Maybe<InterestRateMode>;
  kind: ProtectiveActionKind;
  /** The step the amount is solved to: 10^-decimals of a token; 1e-8 for position sizes (a venue's own size step may need the order rounded up to it). */
  unit: Scalars['Quantity']['output'];
  /** `amount` at the margin account's price, USD: the funds brought in, the debt repaid, or the notional traded. */
  valueUsd: Scalars['UsdAmount']['output'];
  /** Hyperliquid and dYdX: the unsigned action, in the venue's own format. Null on chain. */
  venueAction: Maybe<VenueAction>;
};

export type ProtectiveActionKind =
  | 'ADD_COLLATERAL'
  | 'CLOSE_OPTION'
  | 'CLOSE_PERP'
  | 'REDUCE_OPTION'
  | 'REDUCE_PERP'
  | 'REPAY';

export type Protocol = {
  __typename?: 'Protocol';
  /** EVM chains this venue is read on (empty for off-chain venues). */
  chains: Array<Chain>;
  /** Stable venue id, e.g. aave-v3, hyperliquid, dydx-v4. */
  id: Scalars['ID']['output'];
  kind: ProtocolKind;
  name: Scalars['String']['output'];
};

export type ProtocolBadDebt = {
  __typename?: 'ProtocolBadDebt';
  protocol: Scalars['ID']['output'];
  usd: Scalars['UsdAmount']['output'];
};

export type ProtocolKind =
  | 'DECLARED'
  | 'LENDING'
  | 'PERPETUALS';

export type ProtocolSummary = {
  __typename?: 'ProtocolSummary';
  /**
   * The same figures per chain, by chain id; they sum exactly to the protocol's. Empty for venues
   * that are not on an EVM chain (Hyperliquid, dYdX, declared margin accounts).
   */
  chains: Array<ChainSummary>;
  /** Every source of the protocol answered; false: its figures lack a chain or market (see `RiskSummary.missingSources`). */
  complete: Scalars['Boolean']['output'];
  /** Σ over every margin account of the protocol, on every chain. */
  equityUsd: Scalars['UsdAmount']['output'];
  maintenanceMarginUsd: Scalars['UsdAmount']['output'];
  marginAccountCount: Scalars['Int']['output'];
  protocol: Scalars['ID']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * One account's equity and liquidation risk across every venue and chain this deployment reads:
   * an EVM address (0x…) or a dYdX address (dydx1…). Sources whose data (block or venue time) is
   * younger than `maxAgeSeconds` come from the cache; 0 forces a fresh read. `protocols` and `chains` narrow the lookup (e.g. Aave v3 summed
   * over every chain); a value that selects nothing is answered with a warning (see `warnings`).
   */
  account: Account;
  /** One of the caller's alert subscriptions; null when there is none with this id (or it belongs to another key). */
  alertSubscription: Maybe<AlertSubscription>;
  /**
   * A liquidation cascade over a portfolio: the `markets` shock the prices once, then, round after
   * round, every margin account is evaluated with its own venue's rules, those below maintenance are
   * liquidated as their venue does (Aave v3 per release with its close factor and bonus, Morpho
   * Blue with its incentive factor, Hyperliquid and dYdX v4 by market orders as they document), what
   * liquidators sell and buy goes through each underlying's depth model, and the prices move, until
   * a round liquidates nothing (`fixedPoint`) or `maxRounds` (1 to 100). Underlyings without a market
   * (USD, typically) do not move. Round 1 runs at exactly the prices `stress` sets for the same shock.
   * Reads `addresses` (at most 20) and `declared` margin accounts as `portfolio` does; there is no
   * operator view of every watched account (API keys carry no operator role). Writes nothing.
   */
  cascade: Cascade;
  /** The EVM chains this deployment reads (RPC configured). */
  chains: Array<Chain>;
  /** Liveness and build identity of this deployment. */
  health: Health;
  /**
   * Margin ratio (maintenance margin / equity) with Solvent's conventions: NONE without exposure,
   * INFINITE when equity is zero or negative while there is exposure, never a division error.
   */
  marginRatio: Ratio;
  /**
   * The caller's API key, its owner and everything it owns. Requires `Authorization: Bearer <apiKey>`
   * (from `signIn`); answers UNAUTHENTICATED without one.
   */
  me: Me;
  /**
   * Several accounts at once, EVM (0x…) and dYdX (dydx1…) together, plus positions the caller declares
   * (e.g. options held elsewhere). At most 20 addresses and 10 declared margin accounts.
   */
  portfolio: Portfolio;
  /**
   * Equity and maintenance margin over a range of prices, per underlying, from the engine: every
   * margin account of the addresses (and the declared ones) is moved by each relative move of the
   * underlying (ETH moves WETH, wstETH at its exchange rate and ETH perps together, as in `stress`) and
   * evaluated again. `underlyings` omitted: every crypto underlying held, most exposed first (at most 8).
   * Moves run from `fromMove` to `toMove` in `steps` points (2 to 101), plus 0 (today's price). Writes nothing.
   */
  priceSweep: Array<PriceSweep>;
  /**
   * The way out: for each margin account (or the one named by `marginAccount`) that misses `target`,
   * the minimal single actions that reach it (add a collateral it holds, repay a debt from outside
   * funds or by selling a collateral, reduce or close a perp or an option), cheapest first. Each
   * amount is the smallest multiple of the asset's unit that reaches the target (one unit less does
   * not), and each action's figures (`after`) come from the same evaluation `simulate` runs on its
   * `change`. EVM actions carry the calls to send, Hyperliquid and dYdX actions the unsigned venue
   * action. Writes nothing, signs nothing, sends nothing.
   */
  protect: Protection;
  /** The venues this deployment can read positions from. */
  protocols: Array<Protocol>;
  /**
   * What the cron recorded for the addresses, one point per margin account per minute (kept 7 days):
   * equity, maintenance margin, margin ratio and health factor. Only watched accounts are recorded: those
   * of an alert subscription or with an open `accountRisk` / `portfolioRisk` subscription.
   */
  riskHistory: Array<RiskHistorySeries>;
  /**
   * What-if: applies `changes` to the fetched (and declared) margin accounts and evaluates again.
   * Price moves and volatility shifts apply everywhere; other changes to the margin account named by
   * `marginAccount`. Writes nothing.
   */
  simulate: Simulation;
  /**
   * Price-shock scenarios (one underlying, or every crypto underlying together): equity after each shock
   * and which margin accounts would be liquidated. Without `scenarios`: uniform −10, −20, −30 and −50 %.
   * A shock on an underlying moves every asset on it on every venue (ETH: WETH, wstETH at its exchange
   * rate, ETH perps); a shock on an asset (USDC) moves that asset only. Writes nothing.
   */
  stress: Array<StressResult>;
  /** One of the caller's webhook endpoints; null when there is none with this id (or it belongs to another key). */
  webhookEndpoint: Maybe<WebhookEndpoint>;
};


export type QueryAccountArgs = {
  address: Scalars['String']['input'];
  chains?: InputMaybe<Array<Scalars['ChainId']['input']>>;
  maxAgeSeconds?: InputMaybe<Scalars['Int']['input']>;
  protocols?: InputMaybe<Array<Scalars['ID']['input']>>;
};


export type QueryAlertSubscriptionArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCascadeArgs = {
  addresses?: Array<Scalars['String']['input']>;
  chains?: InputMaybe<Array<Scalars['ChainId']['input']>>;
  declared?: InputMaybe<Array<DeclaredMarginAccountInput>>;
  markets: Array<CascadeMarketInput>;
  maxAgeSeconds?: InputMaybe<Scalars['Int']['input']>;
  maxRounds?: InputMaybe<Scalars['Int']['input']>;
  protocols?: InputMaybe<Array<Scalars['ID']['input']>>;
};


export type QueryMarginRatioArgs = {
  equityUsd: Scalars['BigDecimal']['input'];
  maintenanceMarginUsd: Scalars['BigDecimal']['input'];
};


export type QueryPortfolioArgs = {
  addresses: Array<Scalars['String']['input']>;
  chains?: InputMaybe<Array<Scalars['ChainId']['input']>>;
  declared?: InputMaybe<Array<DeclaredMarginAccountInput>>;
  maxAgeSeconds?: InputMaybe<Scalars['Int']['input']>;
  protocols?: InputMaybe<Array<Scalars['ID']['input']>>;
};


export type QueryPriceSweepArgs = {
  addresses?: Array<Scalars['String']['input']>;
  chains?: InputMaybe<Array<Scalars['ChainId']['input']>>;
  declared?: InputMaybe<Array<DeclaredMarginAccountInput>>;
  fromMove?: InputMaybe<Scalars['Fraction']['input']>;
  maxAgeSeconds?: InputMaybe<Scalars['Int']['input']>;
  protocols?: InputMaybe<Array<Scalars['ID']['input']>>;
  steps?: InputMaybe<Scalars['Int']['input']>;
  toMove?: InputMaybe<Scalars['Fraction']['input']>;
  underlyings?: InputMaybe<Array<Scalars['String']['input']>>;
};


export type QueryProtectArgs = {
  addresses?: Array<Scalars['String']['input']>;
  chains?: InputMaybe<Array<Scalars['ChainId']['input']>>;
  declared?: InputMaybe<Array<DeclaredMarginAccountInput>>;
  marginAccount?: InputMaybe<Scalars['ID']['input']>;
  maxAgeSeconds?: InputMaybe<Scalars['Int']['input']>;
  protocols?: InputMaybe<Array<Scalars['ID']['input']>>;
  target: ProtectTargetInput;
  volatilities?: InputMaybe<Array<VolatilityInput>>;
};


export type QueryRiskHistoryArgs = {
  addresses: Array<Scalars['String']['input']>;
  sinceMinutes?: InputMaybe<Scalars['Int']['input']>;
};


export type QuerySimulateArgs = {
  addresses?: Array<Scalars['String']['input']>;
  chains?: InputMaybe<Array<Scalars['ChainId']['input']>>;
  changes: Array<ChangeInput>;
  declared?: InputMaybe<Array<DeclaredMarginAccountInput>>;
  maxAgeSeconds?: InputMaybe<Scalars['Int']['input']>;
  protocols?: InputMaybe<Array<Scalars['ID']['input']>>;
};


export type QueryStressArgs = {
  addresses?: Array<Scalars['String']['input']>;
  chains?: InputMaybe<Array<Scalars['ChainId']['input']>>;
  declared?: InputMaybe<Array<DeclaredMarginAccountInput>>;
  maxAgeSeconds?: InputMaybe<Scalars['Int']['input']>;
  protocols?: InputMaybe<Array<Scalars['ID']['input']>>;
  scenarios?: InputMaybe<Array<StressScenarioInput>>;
};


export type QueryWebhookEndpointArgs = {
  id: Scalars['ID']['input'];
};

/** A ratio that may not exist; `value` is set only when `kind` is FINITE. */
export type Ratio = {
  __typename?: 'Ratio';
  kind: RatioKind;
  value: Maybe<Scalars['Fraction']['output']>;
};

export type RatioKind =
  | 'FINITE'
  /** The denominator is zero or negative while there is exposure: liquidatable. */
  | 'INFINITE'
  /** The ratio does not apply (for example no exposure, or no debt). */
  | 'NONE';

export type ReportedFigure = {
  __typename?: 'ReportedFigure';
  /** The engine's figure, at the same precision as the venue's. */
  computed: Maybe<Scalars['BigDecimal']['output']>;
  /** The engine and the venue disagree beyond the venue's printed rounding. */
  diverges: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  /** The venue's own figure, exactly as it reported it. */
  venue: Scalars['BigDecimal']['output'];
};

export type RiskHistoryPoint = {
  __typename?: 'RiskHistoryPoint';
  /** Start of the minute recorded. */
  at: Scalars['DateTime']['output'];
  equityUsd: Scalars['UsdAmount']['output'];
  /** Lending venues only. */
  healthFactor: Maybe<Ratio>;
  liquidatable: Scalars['Boolean']['output'];
  maintenanceMarginUsd: Scalars['UsdAmount']['output'];
  marginRatio: Ratio;
};

/** One margin account's minute records. */
export type RiskHistorySeries = {
  __typename?: 'RiskHistorySeries';
  account: Scalars['String']['output'];
  /** The margin account's id (as `MarginAccount.id`). */
  marginAccount: Scalars['ID']['output'];
  /** Oldest first. */
  points: Array<RiskHistoryPoint>;
  protocol: Scalars['ID']['output'];
};

/**
 * The margin accounts read, summed. Each is computed at its own block or venue time (see
 * `MarginAccount.computedAt`). When a source served nothing, `complete` is false, `missingSources`
 * names it and the totals cover only what was read; when nothing at all could be read, the totals are
 * null: an account nobody could read never shows an equity of 0.
 */
export type RiskSummary = {
  __typename?: 'RiskSummary';
  /** The request's clock, which data ages and staleness are judged against. */
  asOf: Scalars['DateTime']['output'];
  /**
   * One row per protocol (by id), e.g. Aave v3 summed over every chain, with its chains nested.
   * Rows never overlap: they sum to the summary's totals (each printed figure is rounded on its own, so to within a unit of the last place per row).
   */
  byProtocol: Array<ProtocolSummary>;
  /** Every source answered (none is ERROR). False: the totals are partial or null, see `missingSources`. */
  complete: Scalars['Boolean']['output'];
  /** Σ equity of every margin account read, USD, before haircuts; null when nothing could be read. */
  equityUsd: Maybe<Scalars['UsdAmount']['output']>;
  /** Net exposure per underlying across venues and chains. */
  exposures: Array<Exposure>;
  freeCollateralUsd: Maybe<Scalars['UsdAmount']['output']>;
  grossNotionalUsd: Maybe<Scalars['UsdAmount']['output']>;
  haircutEquityUsd: Maybe<Scalars['UsdAmount']['output']>;
  initialMarginUsd: Maybe<Scalars['UsdAmount']['output']>;
  liquidatableCount: Scalars['Int']['output'];
  /**
   * How likely and how soon any of the summed margin accounts is liquidated (the first one to go),
   * with the same model as `MarginAccount.liquidationOutlook`: the same underlying is one factor
   * across venues and chains (ETH on Aave and an ETH perp on Hyperliquid move together), distinct
   * underlyings move independently.
   */
  liquidationOutlook: LiquidationOutlook;
  maintenanceMarginUsd: Maybe<Scalars['UsdAmount']['output']>;
  marginAccountCount: Scalars['Int']['output'];
  /** The sources that served nothing (ERROR): what the totals lack. */
  missingSources: Array<SourceStatus>;
  /** The margin account closest to liquidation (highest margin ratio). */
  nearestToLiquidation: Maybe<MarginAccount>;
  /** Some figure is served although it is not current (a STALE source, see `staleSources`). */
  stale: Scalars['Boolean']['output'];
  /** The sources served with a reason not to trust them as current (STALE). */
  staleSources: Array<SourceStatus>;
};


/**
 * The margin accounts read, summed. Each is computed at its own block or venue time (see
 * `MarginAccount.computedAt`). When a source served nothing, `complete` is false, `missingSources`
 * names it and the totals cover only what was read; when nothing at all could be read, the totals are
 * null: an account nobody could read never shows an equity of 0.
 */
export type RiskSummaryLiquidationOutlookArgs = {
  horizonsSeconds?: InputMaybe<Array<Scalars['Int']['input']>>;
  volatilities?: InputMaybe<Array<VolatilityInput>>;
};

/** A chain's L2 sequencer, as its Chainlink uptime feed reports it in the block read. */
export type SequencerStatus = {
  __typename?: 'SequencerStatus';
  gracePeriodSeconds: Scalars['Int']['output'];
  /** Whether the market liquidates now: not while down or in the grace period (Aave still liquidates below health factor 0.95). */
  liquidationsAllowed: Scalars['Boolean']['output'];
  /** When the status last changed. */
  since: Scalars['DateTime']['output'];
  up: Scalars['Boolean']['output'];
};

/** A margin account's figures in the asset it is margined and settled in (an inverse contract's coin). */
export type SettlementFigures = {
  __typename?: 'SettlementFigures';
  asset: Scalars['String']['output'];
  equity: Scalars['Quantity']['output'];
  initialMargin: Scalars['Quantity']['output'];
  maintenanceMargin: Scalars['Quantity']['output'];
  unrealizedPnl: Scalars['Quantity']['output'];
  walletBalance: Scalars['Quantity']['output'];
};

export type SignInResult = {
  __typename?: 'SignInResult';
  /** The API key: send it as `Authorization: Bearer <apiKey>`. Shown once; only its hash is stored. */
  apiKey: Scalars['String']['output'];
  key: ApiKey;
};

export type Simulation = {
  __typename?: 'Simulation';
  after: RiskSummary;
  before: RiskSummary;
  /** Σ `valueUsd` of the EXTERNAL funding rows: money brought in from outside, included in `after`'s equity. */
  externalFundsUsd: Scalars['UsdAmount']['output'];
  /** Where the funds of each DEPOSIT and REPAY came from, in the order of `changes`. */
  funding: Array<Funding>;
  /** Every margin account after the changes. */
  marginAccounts: Array<MarginAccount>;
  sources: Array<SourceStatus>;
  /** What the caller should know about this answer, e.g. a chain filter no venue runs on. */
  warnings: Array<Warning>;
};

export type SiweNonce = {
  __typename?: 'SiweNonce';
  /** EVM chains a message may name (smart-account signatures are checked on that chain). */
  chainIds: Array<Scalars['ChainId']['output']>;
  /** The `domain` the SIWE message must carry (RFC 3986 authority of this API). */
  domain: Scalars['String']['output'];
  expiresAt: Scalars['DateTime']['output'];
  nonce: Scalars['String']['output'];
  /** The `uri` the SIWE message should carry. */
  uri: Scalars['String']['output'];
};

export type SourceState =
  /** Nothing to serve: `errorCode` and `errorMessage` say why (and `reasons`, when a feed was at fault). */
  | 'ERROR'
  /** Current figures: read now, or cached within `maxAgeSeconds`, and nothing amiss. */
  | 'OK'
  /** Figures are served but are not current: `reasons` says why. Alert rules never fire on them. */
  | 'STALE';

export type SourceStatus = {
  __typename?: 'SourceStatus';
  account: Scalars['String']['output'];
  /** How old the data is: the request's clock − `asOf`, seconds. */
  ageSeconds: Maybe<Scalars['Int']['output']>;
  /** Venue time of the data served: the block's timestamp on chain, the venue's clock off chain. */
  asOf: Maybe<Scalars['DateTime']['output']>;
  /** The block read, on chain (the indexer's height for dYdX). */
  blockNumber: Maybe<Scalars['String']['output']>;
  /** The block's timestamp, on chain. */
  blockTimestamp: Maybe<Scalars['DateTime']['output']>;
  chainId: Maybe<Scalars['ChainId']['output']>;
  /** The time the figures are computed at (= `asOf`). */
  computedAt: Maybe<Scalars['DateTime']['output']>;
  /** Set when the source failed (ERROR), or when a refresh failed and cached data is served (STALE, REFRESH_FAILED). */
  errorCode: Maybe<Scalars['String']['output']>;
  errorMessage: Maybe<Scalars['String']['output']>;
  /** The price feeds the figures rest on (Aave: the oracle's Chainlink sources of the reserves the account holds). */
  feeds: Array<FeedStatus>;
  /** Latency of the read made for this request; null when served from the cache. */
  latencyMs: Maybe<Scalars['Int']['output']>;
  marginAccountCount: Scalars['Int']['output'];
  market: Maybe<Scalars['String']['output']>;
  protocol: Scalars['ID']['output'];
  /** When the data was read from the venue (earlier than the request when served from the cache). */
  readAt: Maybe<Scalars['DateTime']['output']>;
  /** Why the figures are not current; empty when OK. */
  reasons: Array<StaleReason>;
  /** The chain's L2 sequencer, on chains that have an uptime feed. */
  sequencer: Maybe<SequencerStatus>;
  status: SourceState;
};

/** Why a source's figures are not current. */
export type StaleReason = {
  __typename?: 'StaleReason';
  /** How old the thing judged is (block, venue clock, feed update, sequencer status), seconds. */
  ageSeconds: Maybe<Scalars['Int']['output']>;
  /** The asset whose price feed it is (ORACLE_*). */
  asset: Maybe<Scalars['String']['output']>;
  code: StaleReasonCode;
  /** The limit it was judged against (block-age limit, heartbeat, grace period), seconds. */
  limitSeconds: Maybe<Scalars['Int']['output']>;
  message: Scalars['String']['output'];
};

export type StaleReasonCode =
  /** The chain's latest block is older than the chain's limit (`limitSeconds`). */
  | 'CHAIN_BEHIND'
  /** A price feed the figures rest on answers zero or a negative price. */
  | 'ORACLE_INVALID'
  /** A price feed the figures rest on last updated longer ago than its heartbeat. */
  | 'ORACLE_STALE'
  /** This request's refresh failed: the last figures read are served from the cache. */
  | 'REFRESH_FAILED'
  /** The chain's L2 sequencer is down (Chainlink uptime feed): data may be behind and the market holds liquidations. */
  | 'SEQUENCER_DOWN'
  /** The sequencer is back, within the market's grace period: liquidations stay disabled (above health factor 0.95). */
  | 'SEQUENCER_GRACE'
  /** An off-chain venue's (or its indexer's) clock is older than the venue's limit. */
  | 'VENUE_BEHIND';

export type StressResult = {
  __typename?: 'StressResult';
  equityChangeUsd: Maybe<Scalars['UsdAmount']['output']>;
  /** Null when nothing could be read (see the query's sources). */
  equityUsd: Maybe<Scalars['UsdAmount']['output']>;
  /** The margin accounts liquidated under this shock. */
  liquidated: Array<MarginAccount>;
  liquidatedCount: Scalars['Int']['output'];
  /** The price move applied, e.g. -0.2 for a 20 % fall. */
  move: Scalars['Fraction']['output'];
  name: Scalars['String']['output'];
  /** The underlying shocked; null for every crypto underlying together. */
  underlying: Maybe<Scalars['String']['output']>;
  /** What the caller should know about the query, e.g. a chain filter no venue runs on (the same for every scenario). */
  warnings: Array<Warning>;
};

export type StressScenarioInput = {
  /** Relative price move, e.g. "-0.2" for a 20 % fall. */
  move: Scalars['Fraction']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
  /** An underlying (ETH) or one asset (USDC); unknown names are BAD_USER_INPUT. Omit for every crypto underlying together. */
  underlying?: InputMaybe<Scalars['String']['input']>;
};

/**
 * Pushed over Server-Sent Events (GraphQL over SSE, `accept: text/event-stream`): the current answer at
 * once, then a new one each time an evaluation (the cron, every minute) changes it. Limits and budgets as
 * for queries; each update is read from the snapshots the evaluation wrote.
 */
export type Subscription = {
  __typename?: 'Subscription';
  /** One address, as `account(address)`. */
  accountRisk: Account;
  /** Several addresses (at most 20), as `portfolio(addresses)`. */
  portfolioRisk: Portfolio;
};


/**
 * Pushed over Server-Sent Events (GraphQL over SSE, `accept: text/event-stream`): the current answer at
 * once, then a new one each time an evaluation (the cron, every minute) changes it. Limits and budgets as
 * for queries; each update is read from the snapshots the evaluation wrote.
 */
export type SubscriptionAccountRiskArgs = {
  address: Scalars['String']['input'];
};


/**
 * Pushed over Server-Sent Events (GraphQL over SSE, `accept: text/event-stream`): the current answer at
 * once, then a new one each time an evaluation (the cron, every minute) changes it. Limits and budgets as
 * for queries; each update is read from the snapshots the evaluation wrote.
 */
export type SubscriptionPortfolioRiskArgs = {
  addresses: Array<Scalars['String']['input']>;
};

export type ToxicMarginAccount = {
  __typename?: 'ToxicMarginAccount';
  /** Debt / collateral at the end. */
  loanToValue: Scalars['Fraction']['output'];
  marginAccount: Scalars['ID']['output'];
  protocol: Scalars['ID']['output'];
  /** The first round whose evaluation found it in the zone (1: right after the shock). */
  sinceRound: Scalars['Int']['output'];
  /** 1 / (1 + bonus) of the collateral a liquidation takes first. */
  threshold: Scalars['Fraction']['output'];
};

export type UnderlyingPrice = {
  __typename?: 'UnderlyingPrice';
  priceUsd: Scalars['UsdPrice']['output'];
  underlying: Scalars['String']['output'];
};

export type UnderlyingVolatility = {
  __typename?: 'UnderlyingVolatility';
  /** HISTORY: the price key whose recorded prices were used (WETH, ETH, ...). */
  priceKey: Maybe<Scalars['String']['output']>;
  /** HISTORY: the number of returns used. */
  returns: Maybe<Scalars['Int']['output']>;
  source: VolatilitySource;
  underlying: Scalars['String']['output'];
  /** Annualized volatility, e.g. 0.8 for 80 %. */
  volatility: Scalars['Fraction']['output'];
};

/** An unsigned off-chain venue action: sign and submit it with the venue's own tooling. */
export type VenueAction = {
  __typename?: 'VenueAction';
  /** The action, JSON. */
  action: Scalars['String']['output'];
  description: Scalars['String']['output'];
  /**
   * The format: `hyperliquid:order` (the `action` of a POST /exchange `order` request, with its
   * `asset` index still to be set from `meta`), `hyperliquid:usdSend`-style transfers are not built;
   * `dydx:MsgPlaceOrder` (the fields of dydxprotocol.clob.MsgPlaceOrder), `dydx:MsgDepositToSubaccount`.
   */
  format: Scalars['String']['output'];
  venue: Scalars['String']['output'];
};

export type VolShockMode =
  | 'ABSOLUTE'
  | 'RELATIVE';

/** An annualized volatility the caller gives for one underlying (ETH, BTC, ...). */
export type VolatilityInput = {
  underlying: Scalars['String']['input'];
  /** Annualized, e.g. "0.8" for 80 %; at least 0. */
  volatility: Scalars['Fraction']['input'];
};

export type VolatilitySource =
  /** Given by the caller (`volatilities`). */
  | 'CALLER'
  /** Too little recorded history: the documented default of 0.8 (80 % a year), a placeholder, not an estimate. */
  | 'DEFAULT'
  /** EWMA (RiskMetrics, λ = 0.94) of the minute prices the cron records, over the last 6 hours (at least 10 returns). */
  | 'HISTORY';

/** Something about an answer the caller should know; the answer itself is complete. */
export type Warning = {
  __typename?: 'Warning';
  address: Maybe<Scalars['String']['output']>;
  chainId: Maybe<Scalars['ChainId']['output']>;
  code: WarningCode;
  message: Scalars['String']['output'];
  /** What the warning is about, when it is one protocol, chain or address. */
  protocol: Maybe<Scalars['ID']['output']>;
};

export type WarningCode =
  /** A chain or protocol filter value, or an address, selected no source: nothing was read for it. */
  | 'NO_SOURCE_SELECTED';

export type WebhookEndpoint = {
  __typename?: 'WebhookEndpoint';
  createdAt: Scalars['DateTime']['output'];
  /** Events handed to this endpoint, newest first. */
  deliveries: DeliveryConnection;
  deliveryCounts: DeliveryCounts;
  description: Maybe<Scalars['String']['output']>;
  /** When the endpoint was DISABLED; null otherwise. Resuming it clears both. */
  disabledAt: Maybe<Scalars['DateTime']['output']>;
  /** Why the endpoint is DISABLED (the receiver answered 410 Gone, with the event that got it); null otherwise. */
  disabledReason: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  status: WebhookEndpointStatus;
  updatedAt: Scalars['DateTime']['output'];
  url: Scalars['String']['output'];
};


export type WebhookEndpointDeliveriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<DeliveryStatus>;
};

export type WebhookEndpointStatus =
  | 'ACTIVE'
  /** The receiver answered 410 Gone: nothing is delivered until `resumeWebhookEndpoint`. */
  | 'DISABLED'
  /** Paused by its owner: events queue and are delivered after `resumeWebhookEndpoint`. */
  | 'PAUSED';

export type WebhookEndpointWithSecret = {
  __typename?: 'WebhookEndpointWithSecret';
  endpoint: WebhookEndpoint;
  /** The Standard Webhooks signing secret (`whsec_…`). Shown once. */
  secret: Scalars['String']['output'];
};



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
  AaveLiquidationCall: ResolverTypeWrapper<AaveLiquidationCallView>;
  Account: ResolverTypeWrapper<PortfolioView>;
  Address: ResolverTypeWrapper<Scalars['Address']['output']>;
  AlertRule: ResolverTypeWrapper<AlertRuleView>;
  AlertRuleInput: AlertRuleInput;
  AlertRuleKind: AlertRuleKind;
  AlertRuleState: AlertRuleState;
  AlertSubscription: ResolverTypeWrapper<AlertSubscriptionRow>;
  AlertSubscriptionConnection: ResolverTypeWrapper<Omit<AlertSubscriptionConnection, 'nodes'> & { nodes: Array<ResolversTypes['AlertSubscription']> }>;
  AlertSubscriptionStatus: AlertSubscriptionStatus;
  ApiKey: ResolverTypeWrapper<ApiKeyRow>;
  Asset: ResolverTypeWrapper<PositionAsset>;
  BalanceInput: BalanceInput;
  BigDecimal: ResolverTypeWrapper<Scalars['BigDecimal']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  BracketInput: BracketInput;
  BracketTable: BracketTable;
  Call: ResolverTypeWrapper<PlannedCall>;
  Cascade: ResolverTypeWrapper<CascadeView>;
  CascadeFlow: ResolverTypeWrapper<EngineCascadeFlow>;
  CascadeLiquidation: ResolverTypeWrapper<EngineCascadeLiquidation>;
  CascadeLiquidationKind: CascadeLiquidationKind;
  CascadeMarginAccount: ResolverTypeWrapper<CascadeMarginAccountView>;
  CascadeMarketInput: CascadeMarketInput;
  CascadeRound: ResolverTypeWrapper<EngineCascadeRound>;
  Chain: ResolverTypeWrapper<ViemChain>;
  ChainId: ResolverTypeWrapper<Scalars['ChainId']['output']>;
  ChainSummary: ResolverTypeWrapper<ChainSummaryView>;
  ChangeInput: ChangeInput;
  ChangeKind: ChangeKind;
  CreateAlertSubscriptionInput: CreateAlertSubscriptionInput;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeclaredBracketsInput: DeclaredBracketsInput;
  DeclaredMarginAccountInput: DeclaredMarginAccountInput;
  DeclaredVenueRules: DeclaredVenueRules;
  Delivery: ResolverTypeWrapper<DeliveryView>;
  DeliveryAttempt: ResolverTypeWrapper<DeliveryAttemptView>;
  DeliveryConnection: ResolverTypeWrapper<Omit<DeliveryConnection, 'nodes'> & { nodes: Array<ResolversTypes['Delivery']> }>;
  DeliveryCounts: ResolverTypeWrapper<DeliveryCounts>;
  DeliveryStatus: DeliveryStatus;
  DepthModelInput: DepthModelInput;
  DepthModelKind: DepthModelKind;
  Exposure: ResolverTypeWrapper<UnderlyingExposure>;
  FeedState: FeedState;
  FeedStatus: ResolverTypeWrapper<FeedStatusView>;
  Fraction: ResolverTypeWrapper<Scalars['Fraction']['output']>;
  Funding: ResolverTypeWrapper<FundingView>;
  FundingSource: FundingSource;
  Health: ResolverTypeWrapper<Health>;
  HealthStatus: HealthStatus;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  InterestRateMode: InterestRateMode;
  KeyLimits: ResolverTypeWrapper<KeyLimits>;
  LiquidationBand: ResolverTypeWrapper<BandView>;
  LiquidationMark: ResolverTypeWrapper<SweepMarkView>;
  LiquidationOutlook: ResolverTypeWrapper<LiquidationOutlookView>;
  LiquidationPrice: ResolverTypeWrapper<EngineLiquidationPrice>;
  LiquidationProbability: ResolverTypeWrapper<LiquidationProbabilityView>;
  MarginAccount: ResolverTypeWrapper<MarginAccountView>;
  MarginAccountConnection: ResolverTypeWrapper<Omit<MarginAccountConnection, 'nodes'> & { nodes: Array<ResolversTypes['MarginAccount']> }>;
  MarginAccountProtection: ResolverTypeWrapper<MarginAccountProtectionView>;
  MarginMode: MarginMode;
  Me: ResolverTypeWrapper<MeView>;
  MorphoLiquidationCall: ResolverTypeWrapper<MorphoLiquidationCallView>;
  MorphoPreLiquidation: ResolverTypeWrapper<PreLiquidationRisk>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  NoLiquidationPriceReason: NoLiquidationPriceReason;
  OptionInput: OptionInput;
  OptionRight: OptionRight;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PerpInput: PerpInput;
  Portfolio: ResolverTypeWrapper<PortfolioView>;
  PortfolioMarginParamsInput: PortfolioMarginParamsInput;
  PortfolioMarginPreset: PortfolioMarginPreset;
  Position: ResolverTypeWrapper<PositionRisk>;
  PositionKind: PositionKind;
  PriceInput: PriceInput;
  PricePath: ResolverTypeWrapper<PricePathView>;
  PriceSweep: ResolverTypeWrapper<SweepView>;
  PriceSweepPoint: ResolverTypeWrapper<SweepPointView>;
  ProposedChange: ResolverTypeWrapper<ProposedChange>;
  ProtectTarget: ResolverTypeWrapper<DomainProtectTarget>;
  ProtectTargetInput: ProtectTargetInput;
  ProtectTargetKind: ProtectTargetKind;
  Protection: ResolverTypeWrapper<ProtectionView>;
  ProtectionStatus: ProtectionStatus;
  ProtectiveAction: ResolverTypeWrapper<ProtectiveActionView>;
  ProtectiveActionKind: ProtectiveActionKind;
  Protocol: ResolverTypeWrapper<ProtocolInfo>;
  ProtocolBadDebt: ResolverTypeWrapper<ProtocolBadDebtView>;
  ProtocolKind: ProtocolKind;
  ProtocolSummary: ResolverTypeWrapper<ProtocolRowView>;
  Quantity: ResolverTypeWrapper<Scalars['Quantity']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Ratio: ResolverTypeWrapper<EngineRatio>;
  RatioKind: RatioKind;
  ReportedFigure: ResolverTypeWrapper<ReportedFigure>;
  RiskHistoryPoint: ResolverTypeWrapper<RiskHistoryPointView>;
  RiskHistorySeries: ResolverTypeWrapper<RiskHistorySeriesView>;
  RiskSummary: ResolverTypeWrapper<SummaryView>;
  SequencerStatus: ResolverTypeWrapper<SequencerStatusView>;
  SettlementFigures: ResolverTypeWrapper<SettlementFigures>;
  SignInResult: ResolverTypeWrapper<Omit<SignInResult, 'key'> & { key: ResolversTypes['ApiKey'] }>;
  Simulation: ResolverTypeWrapper<SimulationView>;
  SiweNonce: ResolverTypeWrapper<SiweNonce>;
  SourceState: SourceState;
  SourceStatus: ResolverTypeWrapper<SourceStateView>;
  StaleReason: ResolverTypeWrapper<StaleReasonView>;
  StaleReasonCode: StaleReasonCode;
  StressResult: ResolverTypeWrapper<StressResultView>;
  StressScenarioInput: StressScenarioInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ToxicMarginAccount: ResolverTypeWrapper<EngineToxicAccount>;
  UnderlyingPrice: ResolverTypeWrapper<UnderlyingPriceView>;
  UnderlyingVolatility: ResolverTypeWrapper<UnderlyingVolatilityView>;
  UsdAmount: ResolverTypeWrapper<Scalars['UsdAmount']['output']>;
  UsdPrice: ResolverTypeWrapper<Scalars['UsdPrice']['output']>;
  VenueAction: ResolverTypeWrapper<PlannedVenueAction>;
  VolShockMode: VolShockMode;
  VolatilityInput: VolatilityInput;
  VolatilitySource: VolatilitySource;
  Warning: ResolverTypeWrapper<WarningView>;
  WarningCode: WarningCode;
  WebhookEndpoint: ResolverTypeWrapper<WebhookEndpointRow>;
  WebhookEndpointStatus: WebhookEndpointStatus;
  WebhookEndpointWithSecret: ResolverTypeWrapper<Omit<WebhookEndpointWithSecret, 'endpoint'> & { endpoint: ResolversTypes['WebhookEndpoint'] }>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AaveLiquidationCall: AaveLiquidationCallView;
  Account: PortfolioView;
  Address: Scalars['Address']['output'];
  AlertRule: AlertRuleView;
  AlertRuleInput: AlertRuleInput;
  AlertSubscription: AlertSubscriptionRow;
  AlertSubscriptionConnection: Omit<AlertSubscriptionConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['AlertSubscription']> };
  ApiKey: ApiKeyRow;
  Asset: PositionAsset;
  BalanceInput: BalanceInput;
  BigDecimal: Scalars['BigDecimal']['output'];
  Boolean: Scalars['Boolean']['output'];
  BracketInput: BracketInput;
  Call: PlannedCall;
  Cascade: CascadeView;
  CascadeFlow: EngineCascadeFlow;
  CascadeLiquidation: EngineCascadeLiquidation;
  CascadeMarginAccount: CascadeMarginAccountView;
  CascadeMarketInput: CascadeMarketInput;
  CascadeRound: EngineCascadeRound;
  Chain: ViemChain;
  ChainId: Scalars['ChainId']['output'];
  ChainSummary: ChainSummaryView;
  ChangeInput: ChangeInput;
  CreateAlertSubscriptionInput: CreateAlertSubscriptionInput;
  DateTime: Scalars['DateTime']['output'];
  DeclaredBracketsInput: DeclaredBracketsInput;
  DeclaredMarginAccountInput: DeclaredMarginAccountInput;
  Delivery: DeliveryView;
  DeliveryAttempt: DeliveryAttemptView;
  DeliveryConnection: Omit<DeliveryConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['Delivery']> };
  DeliveryCounts: DeliveryCounts;
  DepthModelInput: DepthModelInput;
  Exposure: UnderlyingExposure;
  FeedStatus: FeedStatusView;
  Fraction: Scalars['Fraction']['output'];
  Funding: FundingView;
  Health: Health;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  KeyLimits: KeyLimits;
  LiquidationBand: BandView;
  LiquidationMark: SweepMarkView;
  LiquidationOutlook: LiquidationOutlookView;
  LiquidationPrice: EngineLiquidationPrice;
  LiquidationProbability: LiquidationProbabilityView;
  MarginAccount: MarginAccountView;
  MarginAccountConnection: Omit<MarginAccountConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['MarginAccount']> };
  MarginAccountProtection: MarginAccountProtectionView;
  Me: MeView;
  MorphoLiquidationCall: MorphoLiquidationCallView;
  MorphoPreLiquidation: PreLiquidationRisk;
  Mutation: Record<PropertyKey, never>;
  OptionInput: OptionInput;
  PageInfo: PageInfo;
  PerpInput: PerpInput;
  Portfolio: PortfolioView;
  PortfolioMarginParamsInput: PortfolioMarginParamsInput;
  Position: PositionRisk;
  PriceInput: PriceInput;
  PricePath: PricePathView;
  PriceSweep: SweepView;
  PriceSweepPoint: SweepPointView;
  ProposedChange: ProposedChange;
  ProtectTarget: DomainProtectTarget;
  ProtectTargetInput: ProtectTargetInput;
  Protection: ProtectionView;
  ProtectiveAction: ProtectiveActionView;
  Protocol: ProtocolInfo;
  ProtocolBadDebt: ProtocolBadDebtView;
  ProtocolSummary: ProtocolRowView;
  Quantity: Scalars['Quantity']['output'];
  Query: Record<PropertyKey, never>;
  Ratio: EngineRatio;
  ReportedFigure: ReportedFigure;
  RiskHistoryPoint: RiskHistoryPointView;
  RiskHistorySeries: RiskHistorySeriesView;
  RiskSummary: SummaryView;
  SequencerStatus: SequencerStatusView;
  SettlementFigures: SettlementFigures;
  SignInResult: Omit<SignInResult, 'key'> & { key: ResolversParentTypes['ApiKey'] };
  Simulation: SimulationView;
  SiweNonce: SiweNonce;
  SourceStatus: SourceStateView;
  StaleReason: StaleReasonView;
  StressResult: StressResultView;
  StressScenarioInput: StressScenarioInput;
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
  ToxicMarginAccount: EngineToxicAccount;
  UnderlyingPrice: UnderlyingPriceView;
  UnderlyingVolatility: UnderlyingVolatilityView;
  UsdAmount: Scalars['UsdAmount']['output'];
  UsdPrice: Scalars['UsdPrice']['output'];
  VenueAction: PlannedVenueAction;
  VolatilityInput: VolatilityInput;
  Warning: WarningView;
  WebhookEndpoint: WebhookEndpointRow;
  WebhookEndpointWithSecret: Omit<WebhookEndpointWithSecret, 'endpoint'> & { endpoint: ResolversParentTypes['WebhookEndpoint'] };
};

export type AaveLiquidationCallResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AaveLiquidationCall'] = ResolversParentTypes['AaveLiquidationCall']> = {
  collateralAsset?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  collateralToLiquidator?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  debtAsset?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  debtToRepay?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  liquidationBonus?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  protocolFee?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AccountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Account'] = ResolversParentTypes['Account']> = {
  address?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  marginAccounts?: Resolver<ResolversTypes['MarginAccountConnection'], ParentType, ContextType, RequireFields<AccountMarginAccountsArgs, 'first'>>;
  sources?: Resolver<Array<ResolversTypes['SourceStatus']>, ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['RiskSummary'], ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['Warning']>, ParentType, ContextType>;
};

export interface AddressScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Address'], any> {
  name: 'Address';
}

export type AlertRuleResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AlertRule'] = ResolversParentTypes['AlertRule']> = {
  cooldownSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  firedCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  horizonSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  hysteresis?: Resolver<ResolversTypes['BigDecimal'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['AlertRuleKind'], ParentType, ContextType>;
  lastEvaluatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastFiredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastKnownState?: Resolver<ResolversTypes['AlertRuleState'], ParentType, ContextType>;
  lastValue?: Resolver<Maybe<ResolversTypes['Ratio']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['AlertRuleState'], ParentType, ContextType>;
  threshold?: Resolver<ResolversTypes['BigDecimal'], ParentType, ContextType>;
};

export type AlertSubscriptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AlertSubscription'] = ResolversParentTypes['AlertSubscription']> = {
  addresses?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  dataUnavailableReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  dataUnavailableSince?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  endpoint?: Resolver<ResolversTypes['WebhookEndpoint'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  label?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastEvaluatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  nextEvaluationAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  protocols?: Resolver<Maybe<Array<ResolversTypes['ID']>>, ParentType, ContextType>;
  rules?: Resolver<Array<ResolversTypes['AlertRule']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['AlertSubscriptionStatus'], ParentType, ContextType>;
};

export type AlertSubscriptionConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AlertSubscriptionConnection'] = ResolversParentTypes['AlertSubscriptionConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['AlertSubscription']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ApiKeyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ApiKey'] = ResolversParentTypes['ApiKey']> = {
  chainId?: Resolver<ResolversTypes['ChainId'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  label?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['Address'], ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type AssetResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Asset'] = ResolversParentTypes['Asset']> = {
  address?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  chainId?: Resolver<Maybe<ResolversTypes['ChainId']>, ParentType, ContextType>;
  exchangeRate?: Resolver<ResolversTypes['Quantity'], ParentType, ContextType>;
  exchangeRateSource?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  priceUsd?: Resolver<ResolversTypes['BigDecimal'], ParentType, ContextType>;
  symbol?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  underlying?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface BigDecimalScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['BigDecimal'], any> {
  name: 'BigDecimal';
}

export type CallResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Call'] = ResolversParentTypes['Call']> = {
  chainId?: Resolver<ResolversTypes['ChainId'], ParentType, ContextType>;
  data?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['Address'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CascadeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Cascade'] = ResolversParentTypes['Cascade']> = {
  badDebt?: Resolver<Array<ResolversTypes['ProtocolBadDebt']>, ParentType, ContextType>;
  fixedPoint?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  liquidatedCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  marginAccounts?: Resolver<Array<ResolversTypes['CascadeMarginAccount']>, ParentType, ContextType>;
  pricePath?: Resolver<Array<ResolversTypes['PricePath']>, ParentType, ContextType>;
  rounds?: Resolver<Array<ResolversTypes['CascadeRound']>, ParentType, ContextType>;
  sources?: Resolver<Array<ResolversTypes['SourceStatus']>, ParentType, ContextType>;
  toxic?: Resolver<Array<ResolversTypes['ToxicMarginAccount']>, ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['Warning']>, ParentType, ContextType>;
};

export type CascadeFlowResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CascadeFlow'] = ResolversParentTypes['CascadeFlow']> = {
  boughtUnits?: Resolver<ResolversTypes['Quantity'], ParentType, ContextType>;
  exhausted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  fillPriceUsd?: Resolver<ResolversTypes['UsdPrice'], ParentType, ContextType>;
  priceAfterUsd?: Resolver<ResolversTypes['UsdPrice'], ParentType, ContextType>;
  priceUsd?: Resolver<ResolversTypes['UsdPrice'], ParentType, ContextType>;
  slippageUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  soldUnits?: Resolver<ResolversTypes['Quantity'], ParentType, ContextType>;
  underlying?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CascadeLiquidationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CascadeLiquidation'] = ResolversParentTypes['CascadeLiquidation']> = {
  aaveCall?: Resolver<Maybe<ResolversTypes['AaveLiquidationCall']>, ParentType, ContextType>;
  badDebtUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  collateralSeizedUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  debtRepaidUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['CascadeLiquidationKind'], ParentType, ContextType>;
  marginAccount?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  morphoCall?: Resolver<Maybe<ResolversTypes['MorphoLiquidationCall']>, ParentType, ContextType>;
  protocol?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  soldUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
};

export type CascadeMarginAccountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CascadeMarginAccount'] = ResolversParentTypes['CascadeMarginAccount']> = {
  account?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  after?: Resolver<ResolversTypes['MarginAccount'], ParentType, ContextType>;
  before?: Resolver<ResolversTypes['MarginAccount'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  liquidatableAtEnd?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  liquidatedInRounds?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  marginAccountId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  protocol?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  unmodelled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type CascadeRoundResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CascadeRound'] = ResolversParentTypes['CascadeRound']> = {
  collateralSeizedUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  debtRepaidUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  flows?: Resolver<Array<ResolversTypes['CascadeFlow']>, ParentType, ContextType>;
  liquidatedCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  liquidations?: Resolver<Array<ResolversTypes['CascadeLiquidation']>, ParentType, ContextType>;
  prices?: Resolver<Array<ResolversTypes['UnderlyingPrice']>, ParentType, ContextType>;
  round?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  slippageUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  soldUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  stuck?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type ChainResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Chain'] = ResolversParentTypes['Chain']> = {
  id?: Resolver<ResolversTypes['ChainId'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  protocols?: Resolver<Array<ResolversTypes['Protocol']>, ParentType, ContextType>;
};

export interface ChainIdScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['ChainId'], any> {
  name: 'ChainId';
}

export type ChainSummaryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ChainSummary'] = ResolversParentTypes['ChainSummary']> = {
  chainId?: Resolver<ResolversTypes['ChainId'], ParentType, ContextType>;
  equityUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  maintenanceMarginUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  marginAccountCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeliveryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Delivery'] = ResolversParentTypes['Delivery']> = {
  attemptCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  attempts?: Resolver<Array<ResolversTypes['DeliveryAttempt']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  eventType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  nextAttemptAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  payload?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['DeliveryStatus'], ParentType, ContextType>;
};

export type DeliveryAttemptResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DeliveryAttempt'] = ResolversParentTypes['DeliveryAttempt']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  latencyMs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  statusCode?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type DeliveryConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DeliveryConnection'] = ResolversParentTypes['DeliveryConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Delivery']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type DeliveryCountsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DeliveryCounts'] = ResolversParentTypes['DeliveryCounts']> = {
  dead?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  delivered?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pending?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ExposureResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Exposure'] = ResolversParentTypes['Exposure']> = {
  delta?: Resolver<ResolversTypes['Quantity'], ParentType, ContextType>;
  deltaUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  gamma?: Resolver<ResolversTypes['Quantity'], ParentType, ContextType>;
  gammaUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  grossNotionalUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  thetaUsdPerDay?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  underlying?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  vegaUsdPerVolatility?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
};

export type FeedStatusResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FeedStatus'] = ResolversParentTypes['FeedStatus']> = {
  ageSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  answer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  asset?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  feed?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  heartbeatSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['FeedState'], ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export interface FractionScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Fraction'], any> {
  name: 'Fraction';
}

export type FundingResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Funding'] = ResolversParentTypes['Funding']> = {
  amount?: Resolver<ResolversTypes['Quantity'], ParentType, ContextType>;
  asset?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  change?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['FundingSource'], ParentType, ContextType>;
  valueUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
};

export type HealthResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Health'] = ResolversParentTypes['Health']> = {
  environment?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  evaluationLagSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastCronAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lastDeadLetterAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  schemaHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['HealthStatus'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type KeyLimitsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['KeyLimits'] = ResolversParentTypes['KeyLimits']> = {
  maxActiveKeysPerOwner?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxAlertSubscriptions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxRulesPerSubscription?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxWebhookEndpoints?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  requestsPerMinute?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  testEventsPerHour?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type LiquidationBandResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LiquidationBand'] = ResolversParentTypes['LiquidationBand']> = {
  down?: Resolver<Maybe<ResolversTypes['Fraction']>, ParentType, ContextType>;
  underlying?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  up?: Resolver<Maybe<ResolversTypes['Fraction']>, ParentType, ContextType>;
};

export type LiquidationMarkResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LiquidationMark'] = ResolversParentTypes['LiquidationMark']> = {
  asset?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  distance?: Resolver<ResolversTypes['Fraction'], ParentType, ContextType>;
  marginAccount?: Resolver<ResolversTypes['MarginAccount'], ParentType, ContextType>;
  markPriceUsd?: Resolver<ResolversTypes['UsdPrice'], ParentType, ContextType>;
  position?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  priceUsd?: Resolver<ResolversTypes['UsdPrice'], ParentType, ContextType>;
  referencePriceUsd?: Resolver<Maybe<ResolversTypes['UsdPrice']>, ParentType, ContextType>;
};

export type LiquidationOutlookResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LiquidationOutlook'] = ResolversParentTypes['LiquidationOutlook']> = {
  bands?: Resolver<Array<ResolversTypes['LiquidationBand']>, ParentType, ContextType>;
  expectedSecondsToLiquidation?: Resolver<Maybe<ResolversTypes['BigDecimal']>, ParentType, ContextType>;
  liquidatableNow?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  medianSecondsToLiquidation?: Resolver<Maybe<ResolversTypes['BigDecimal']>, ParentType, ContextType>;
  probabilities?: Resolver<Array<ResolversTypes['LiquidationProbability']>, ParentType, ContextType>;
  probabilityEver?: Resolver<ResolversTypes['Fraction'], ParentType, ContextType>;
  volatilities?: Resolver<Array<ResolversTypes['UnderlyingVolatility']>, ParentType, ContextType>;
};

export type LiquidationPriceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LiquidationPrice'] = ResolversParentTypes['LiquidationPrice']> = {
  distance?: Resolver<Maybe<ResolversTypes['Fraction']>, ParentType, ContextType>;
  priceUsd?: Resolver<Maybe<ResolversTypes['UsdPrice']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['NoLiquidationPriceReason']>, ParentType, ContextType>;
};

export type LiquidationProbabilityResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LiquidationProbability'] = ResolversParentTypes['LiquidationProbability']> = {
  horizonSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  probability?: Resolver<ResolversTypes['Fraction'], ParentType, ContextType>;
};

export type MarginAccountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MarginAccount'] = ResolversParentTypes['MarginAccount']> = {
  account?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ageSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  asOf?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  blockNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  blockTimestamp?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  chainId?: Resolver<Maybe<ResolversTypes['ChainId']>, ParentType, ContextType>;
  computedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  declared?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  equityUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  exposures?: Resolver<Array<ResolversTypes['Exposure']>, ParentType, ContextType>;
  freeCollateralUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  grossNotionalUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  haircutEquityUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  healthFactor?: Resolver<Maybe<ResolversTypes['Ratio']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  initialMarginUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  leverage?: Resolver<ResolversTypes['Ratio'], ParentType, ContextType>;
  liquidatable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  liquidationOutlook?: Resolver<ResolversTypes['LiquidationOutlook'], ParentType, ContextType, RequireFields<MarginAccountLiquidationOutlookArgs, 'horizonsSeconds'>>;
  maintenanceMarginUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  marginAccountId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  marginRatio?: Resolver<ResolversTypes['Ratio'], ParentType, ContextType>;
  market?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  model?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  positions?: Resolver<Array<ResolversTypes['Position']>, ParentType, ContextType>;
  preLiquidation?: Resolver<Maybe<ResolversTypes['MorphoPreLiquidation']>, ParentType, ContextType>;
  protocol?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  rules?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  settlement?: Resolver<Maybe<ResolversTypes['SettlementFigures']>, ParentType, ContextType>;
  stale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  staleReasons?: Resolver<Array<ResolversTypes['StaleReason']>, ParentType, ContextType>;
  thetaUsdPerDay?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  vegaUsdPerVolatility?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  venueReported?: Resolver<Array<ResolversTypes['ReportedFigure']>, ParentType, ContextType>;
};

export type MarginAccountConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MarginAccountConnection'] = ResolversParentTypes['MarginAccountConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['MarginAccount']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MarginAccountProtectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MarginAccountProtection'] = ResolversParentTypes['MarginAccountProtection']> = {
  marginAccount?: Resolver<ResolversTypes['MarginAccount'], ParentType, ContextType>;
  options?: Resolver<Array<ResolversTypes['ProtectiveAction']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ProtectionStatus'], ParentType, ContextType>;
};

export type MeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Me'] = ResolversParentTypes['Me']> = {
  address?: Resolver<ResolversTypes['Address'], ParentType, ContextType>;
  alertSubscriptions?: Resolver<ResolversTypes['AlertSubscriptionConnection'], ParentType, ContextType, RequireFields<MeAlertSubscriptionsArgs, 'first'>>;
  apiKeys?: Resolver<Array<ResolversTypes['ApiKey']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
  limits?: Resolver<ResolversTypes['KeyLimits'], ParentType, ContextType>;
  webhookEndpoints?: Resolver<Array<ResolversTypes['WebhookEndpoint']>, ParentType, ContextType>;
};

export type MorphoLiquidationCallResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MorphoLiquidationCall'] = ResolversParentTypes['MorphoLiquidationCall']> = {
  badDebtAssets?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  repaidAssets?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  repaidShares?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  seizedAssets?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MorphoPreLiquidationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MorphoPreLiquidation'] = ResolversParentTypes['MorphoPreLiquidation']> = {
  closeFactor?: Resolver<Maybe<ResolversTypes['Fraction']>, ParentType, ContextType>;
  contract?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  healthFactor?: Resolver<ResolversTypes['Ratio'], ParentType, ContextType>;
  incentiveFactor?: Resolver<Maybe<ResolversTypes['Fraction']>, ParentType, ContextType>;
  liquidationPrice?: Resolver<ResolversTypes['LiquidationPrice'], ParentType, ContextType>;
  preLCF1?: Resolver<ResolversTypes['Fraction'], ParentType, ContextType>;
  preLCF2?: Resolver<ResolversTypes['Fraction'], ParentType, ContextType>;
  preLIF1?: Resolver<ResolversTypes['Fraction'], ParentType, ContextType>;
  preLIF2?: Resolver<ResolversTypes['Fraction'], ParentType, ContextType>;
  preLiquidatable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  preLiquidationOracle?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  preLltv?: Resolver<ResolversTypes['Fraction'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  createAlertSubscription?: Resolver<ResolversTypes['AlertSubscription'], ParentType, ContextType, RequireFields<MutationCreateAlertSubscriptionArgs, 'input'>>;
  createWebhookEndpoint?: Resolver<ResolversTypes['WebhookEndpointWithSecret'], ParentType, ContextType, RequireFields<MutationCreateWebhookEndpointArgs, 'url'>>;
  deleteAlertSubscription?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationDeleteAlertSubscriptionArgs, 'id'>>;
  deleteWebhookEndpoint?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationDeleteWebhookEndpointArgs, 'id'>>;
  pauseAlertSubscription?: Resolver<ResolversTypes['AlertSubscription'], ParentType, ContextType, RequireFields<MutationPauseAlertSubscriptionArgs, 'id'>>;
  pauseWebhookEndpoint?: Resolver<ResolversTypes['WebhookEndpoint'], ParentType, ContextType, RequireFields<MutationPauseWebhookEndpointArgs, 'id'>>;
  replayEvent?: Resolver<ResolversTypes['Delivery'], ParentType, ContextType, RequireFields<MutationReplayEventArgs, 'id'>>;
  requestNonce?: Resolver<ResolversTypes['SiweNonce'], ParentType, ContextType>;
  resumeAlertSubscription?: Resolver<ResolversTypes['AlertSubscription'], ParentType, ContextType, RequireFields<MutationResumeAlertSubscriptionArgs, 'id'>>;
  resumeWebhookEndpoint?: Resolver<ResolversTypes['WebhookEndpoint'], ParentType, ContextType, RequireFields<MutationResumeWebhookEndpointArgs, 'id'>>;
  revokeApiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'id'>>;
  rotateWebhookSecret?: Resolver<ResolversTypes['WebhookEndpointWithSecret'], ParentType, ContextType, RequireFields<MutationRotateWebhookSecretArgs, 'id'>>;
  sendTestEvent?: Resolver<ResolversTypes['Delivery'], ParentType, ContextType, RequireFields<MutationSendTestEventArgs, 'endpointId'>>;
  signIn?: Resolver<ResolversTypes['SignInResult'], ParentType, ContextType, RequireFields<MutationSignInArgs, 'message' | 'signature'>>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PortfolioResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Portfolio'] = ResolversParentTypes['Portfolio']> = {
  addresses?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  marginAccounts?: Resolver<ResolversTypes['MarginAccountConnection'], ParentType, ContextType, RequireFields<PortfolioMarginAccountsArgs, 'first'>>;
  sources?: Resolver<Array<ResolversTypes['SourceStatus']>, ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['RiskSummary'], ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['Warning']>, ParentType, ContextType>;
};

export type PositionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Position'] = ResolversParentTypes['Position']> = {
  asset?: Resolver<ResolversTypes['Asset'], ParentType, ContextType>;
  bankruptcyPrice?: Resolver<Maybe<ResolversTypes['LiquidationPrice']>, ParentType, ContextType>;
  delta?: Resolver<ResolversTypes['Quantity'], ParentType, ContextType>;
  deltaUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  gamma?: Resolver<ResolversTypes['Quantity'], ParentType, ContextType>;
  gammaUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  initialMarginUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['PositionKind'], ParentType, ContextType>;
  liquidationPrice?: Resolver<ResolversTypes['LiquidationPrice'], ParentType, ContextType>;
  maintenanceMarginUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  markPriceUsd?: Resolver<ResolversTypes['UsdPrice'], ParentType, ContextType>;
  notionalUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  size?: Resolver<ResolversTypes['Quantity'], ParentType, ContextType>;
  thetaUsdPerDay?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  underlying?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unrealizedPnlUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  vegaUsdPerVolatility?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
};

export type PricePathResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PricePath'] = ResolversParentTypes['PricePath']> = {
  pricesUsd?: Resolver<Array<ResolversTypes['UsdPrice']>, ParentType, ContextType>;
  underlying?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PriceSweepResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PriceSweep'] = ResolversParentTypes['PriceSweep']> = {
  liquidationMarks?: Resolver<Array<ResolversTypes['LiquidationMark']>, ParentType, ContextType>;
  points?: Resolver<Array<ResolversTypes['PriceSweepPoint']>, ParentType, ContextType>;
  referencePriceUsd?: Resolver<Maybe<ResolversTypes['UsdPrice']>, ParentType, ContextType>;
  referenceSource?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  underlying?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['Warning']>, ParentType, ContextType>;
};

export type PriceSweepPointResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PriceSweepPoint'] = ResolversParentTypes['PriceSweepPoint']> = {
  equityUsd?: Resolver<Maybe<ResolversTypes['UsdAmount']>, ParentType, ContextType>;
  haircutEquityUsd?: Resolver<Maybe<ResolversTypes['UsdAmount']>, ParentType, ContextType>;
  liquidatableCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maintenanceMarginUsd?: Resolver<Maybe<ResolversTypes['UsdAmount']>, ParentType, ContextType>;
  move?: Resolver<ResolversTypes['Fraction'], ParentType, ContextType>;
  priceUsd?: Resolver<Maybe<ResolversTypes['UsdPrice']>, ParentType, ContextType>;
};

export type ProposedChangeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProposedChange'] = ResolversParentTypes['ProposedChange']> = {
  amount?: Resolver<Maybe<ResolversTypes['BigDecimal']>, ParentType, ContextType>;
  asset?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  fundedFrom?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  interestRateMode?: Resolver<Maybe<ResolversTypes['InterestRateMode']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ChangeKind'], ParentType, ContextType>;
  marginAccount?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  option?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  size?: Resolver<Maybe<ResolversTypes['BigDecimal']>, ParentType, ContextType>;
  underlying?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ProtectTargetResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProtectTarget'] = ResolversParentTypes['ProtectTarget']> = {
  horizonSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ProtectTargetKind'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Fraction'], ParentType, ContextType>;
};

export type ProtectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Protection'] = ResolversParentTypes['Protection']> = {
  marginAccounts?: Resolver<Array<ResolversTypes['MarginAccountProtection']>, ParentType, ContextType>;
  sources?: Resolver<Array<ResolversTypes['SourceStatus']>, ParentType, ContextType>;
  target?: Resolver<ResolversTypes['ProtectTarget'], ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['Warning']>, ParentType, ContextType>;
};

export type ProtectiveActionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProtectiveAction'] = ResolversParentTypes['ProtectiveAction']> = {
  after?: Resolver<ResolversTypes['MarginAccount'], ParentType, ContextType>;
  amount?: Resolver<ResolversTypes['Quantity'], ParentType, ContextType>;
  asset?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  calls?: Resolver<Array<ResolversTypes['Call']>, ParentType, ContextType>;
  change?: Resolver<ResolversTypes['ProposedChange'], ParentType, ContextType>;
  fundedFrom?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  interestRateMode?: Resolver<Maybe<ResolversTypes['InterestRateMode']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ProtectiveActionKind'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['Quantity'], ParentType, ContextType>;
  valueUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  venueAction?: Resolver<Maybe<ResolversTypes['VenueAction']>, ParentType, ContextType>;
};

export type ProtocolResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Protocol'] = ResolversParentTypes['Protocol']> = {
  chains?: Resolver<Array<ResolversTypes['Chain']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ProtocolKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ProtocolBadDebtResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProtocolBadDebt'] = ResolversParentTypes['ProtocolBadDebt']> = {
  protocol?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  usd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
};

export type ProtocolSummaryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ProtocolSummary'] = ResolversParentTypes['ProtocolSummary']> = {
  chains?: Resolver<Array<ResolversTypes['ChainSummary']>, ParentType, ContextType>;
  complete?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  equityUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  maintenanceMarginUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  marginAccountCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  protocol?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export interface QuantityScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Quantity'], any> {
  name: 'Quantity';
}

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  account?: Resolver<ResolversTypes['Account'], ParentType, ContextType, RequireFields<QueryAccountArgs, 'address' | 'maxAgeSeconds'>>;
  alertSubscription?: Resolver<Maybe<ResolversTypes['AlertSubscription']>, ParentType, ContextType, RequireFields<QueryAlertSubscriptionArgs, 'id'>>;
  cascade?: Resolver<ResolversTypes['Cascade'], ParentType, ContextType, RequireFields<QueryCascadeArgs, 'addresses' | 'markets' | 'maxAgeSeconds' | 'maxRounds'>>;
  chains?: Resolver<Array<ResolversTypes['Chain']>, ParentType, ContextType>;
  health?: Resolver<ResolversTypes['Health'], ParentType, ContextType>;
  marginRatio?: Resolver<ResolversTypes['Ratio'], ParentType, ContextType, RequireFields<QueryMarginRatioArgs, 'equityUsd' | 'maintenanceMarginUsd'>>;
  me?: Resolver<ResolversTypes['Me'], ParentType, ContextType>;
  portfolio?: Resolver<ResolversTypes['Portfolio'], ParentType, ContextType, RequireFields<QueryPortfolioArgs, 'addresses' | 'maxAgeSeconds'>>;
  priceSweep?: Resolver<Array<ResolversTypes['PriceSweep']>, ParentType, ContextType, RequireFields<QueryPriceSweepArgs, 'addresses' | 'fromMove' | 'maxAgeSeconds' | 'steps' | 'toMove'>>;
  protect?: Resolver<ResolversTypes['Protection'], ParentType, ContextType, RequireFields<QueryProtectArgs, 'addresses' | 'maxAgeSeconds' | 'target'>>;
  protocols?: Resolver<Array<ResolversTypes['Protocol']>, ParentType, ContextType>;
  riskHistory?: Resolver<Array<ResolversTypes['RiskHistorySeries']>, ParentType, ContextType, RequireFields<QueryRiskHistoryArgs, 'addresses' | 'sinceMinutes'>>;
  simulate?: Resolver<ResolversTypes['Simulation'], ParentType, ContextType, RequireFields<QuerySimulateArgs, 'addresses' | 'changes' | 'maxAgeSeconds'>>;
  stress?: Resolver<Array<ResolversTypes['StressResult']>, ParentType, ContextType, RequireFields<QueryStressArgs, 'addresses' | 'maxAgeSeconds'>>;
  webhookEndpoint?: Resolver<Maybe<ResolversTypes['WebhookEndpoint']>, ParentType, ContextType, RequireFields<QueryWebhookEndpointArgs, 'id'>>;
};

export type RatioResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Ratio'] = ResolversParentTypes['Ratio']> = {
  kind?: Resolver<ResolversTypes['RatioKind'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Fraction']>, ParentType, ContextType>;
};

export type ReportedFigureResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReportedFigure'] = ResolversParentTypes['ReportedFigure']> = {
  computed?: Resolver<Maybe<ResolversTypes['BigDecimal']>, ParentType, ContextType>;
  diverges?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  venue?: Resolver<ResolversTypes['BigDecimal'], ParentType, ContextType>;
};

export type RiskHistoryPointResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RiskHistoryPoint'] = ResolversParentTypes['RiskHistoryPoint']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  equityUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  healthFactor?: Resolver<Maybe<ResolversTypes['Ratio']>, ParentType, ContextType>;
  liquidatable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  maintenanceMarginUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  marginRatio?: Resolver<ResolversTypes['Ratio'], ParentType, ContextType>;
};

export type RiskHistorySeriesResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RiskHistorySeries'] = ResolversParentTypes['RiskHistorySeries']> = {
  account?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  marginAccount?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  points?: Resolver<Array<ResolversTypes['RiskHistoryPoint']>, ParentType, ContextType>;
  protocol?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type RiskSummaryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RiskSummary'] = ResolversParentTypes['RiskSummary']> = {
  asOf?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  byProtocol?: Resolver<Array<ResolversTypes['ProtocolSummary']>, ParentType, ContextType>;
  complete?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  equityUsd?: Resolver<Maybe<ResolversTypes['UsdAmount']>, ParentType, ContextType>;
  exposures?: Resolver<Array<ResolversTypes['Exposure']>, ParentType, ContextType>;
  freeCollateralUsd?: Resolver<Maybe<ResolversTypes['UsdAmount']>, ParentType, ContextType>;
  grossNotionalUsd?: Resolver<Maybe<ResolversTypes['UsdAmount']>, ParentType, ContextType>;
  haircutEquityUsd?: Resolver<Maybe<ResolversTypes['UsdAmount']>, ParentType, ContextType>;
  initialMarginUsd?: Resolver<Maybe<ResolversTypes['UsdAmount']>, ParentType, ContextType>;
  liquidatableCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  liquidationOutlook?: Resolver<ResolversTypes['LiquidationOutlook'], ParentType, ContextType, RequireFields<RiskSummaryLiquidationOutlookArgs, 'horizonsSeconds'>>;
  maintenanceMarginUsd?: Resolver<Maybe<ResolversTypes['UsdAmount']>, ParentType, ContextType>;
  marginAccountCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  missingSources?: Resolver<Array<ResolversTypes['SourceStatus']>, ParentType, ContextType>;
  nearestToLiquidation?: Resolver<Maybe<ResolversTypes['MarginAccount']>, ParentType, ContextType>;
  stale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  staleSources?: Resolver<Array<ResolversTypes['SourceStatus']>, ParentType, ContextType>;
};

export type SequencerStatusResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SequencerStatus'] = ResolversParentTypes['SequencerStatus']> = {
  gracePeriodSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  liquidationsAllowed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  since?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  up?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type SettlementFiguresResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SettlementFigures'] = ResolversParentTypes['SettlementFigures']> = {
  asset?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  equity?: Resolver<ResolversTypes['Quantity'], ParentType, ContextType>;
  initialMargin?: Resolver<ResolversTypes['Quantity'], ParentType, ContextType>;
  maintenanceMargin?: Resolver<ResolversTypes['Quantity'], ParentType, ContextType>;
  unrealizedPnl?: Resolver<ResolversTypes['Quantity'], ParentType, ContextType>;
  walletBalance?: Resolver<ResolversTypes['Quantity'], ParentType, ContextType>;
};

export type SignInResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SignInResult'] = ResolversParentTypes['SignInResult']> = {
  apiKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
};

export type SimulationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Simulation'] = ResolversParentTypes['Simulation']> = {
  after?: Resolver<ResolversTypes['RiskSummary'], ParentType, ContextType>;
  before?: Resolver<ResolversTypes['RiskSummary'], ParentType, ContextType>;
  externalFundsUsd?: Resolver<ResolversTypes['UsdAmount'], ParentType, ContextType>;
  funding?: Resolver<Array<ResolversTypes['Funding']>, ParentType, ContextType>;
  marginAccounts?: Resolver<Array<ResolversTypes['MarginAccount']>, ParentType, ContextType>;
  sources?: Resolver<Array<ResolversTypes['SourceStatus']>, ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['Warning']>, ParentType, ContextType>;
};

export type SiweNonceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SiweNonce'] = ResolversParentTypes['SiweNonce']> = {
  chainIds?: Resolver<Array<ResolversTypes['ChainId']>, ParentType, ContextType>;
  domain?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  nonce?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  uri?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SourceStatusResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SourceStatus'] = ResolversParentTypes['SourceStatus']> = {
  account?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ageSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  asOf?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  blockNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  blockTimestamp?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  chainId?: Resolver<Maybe<ResolversTypes['ChainId']>, ParentType, ContextType>;
  computedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  errorCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  errorMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  feeds?: Resolver<Array<ResolversTypes['FeedStatus']>, ParentType, ContextType>;
  latencyMs?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  marginAccountCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  market?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  protocol?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  readAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  reasons?: Resolver<Array<ResolversTypes['StaleReason']>, ParentType, ContextType>;
  sequencer?: Resolver<Maybe<ResolversTypes['SequencerStatus']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['SourceState'], ParentType, ContextType>;
};

export type StaleReasonResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['StaleReason'] = ResolversParentTypes['StaleReason']> = {
  ageSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  asset?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  code?: Resolver<ResolversTypes['StaleReasonCode'], ParentType, ContextType>;
  limitSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type StressResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['StressResult'] = ResolversParentTypes['StressResult']> = {
  equityChangeUsd?: Resolver<Maybe<ResolversTypes['UsdAmount']>, ParentType, ContextType>;
  equityUsd?: Resolver<Maybe<ResolversTypes['UsdAmount']>, ParentType, ContextType>;
  liquidated?: Resolver<Array<ResolversTypes['MarginAccount']>, ParentType, ContextType>;
  liquidatedCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  move?: Resolver<ResolversTypes['Fraction'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  underlying?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['Warning']>, ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  accountRisk?: SubscriptionResolver<ResolversTypes['Account'], "accountRisk", ParentType, ContextType, RequireFields<SubscriptionAccountRiskArgs, 'address'>>;
  portfolioRisk?: SubscriptionResolver<ResolversTypes['Portfolio'], "portfolioRisk", ParentType, ContextType, RequireFields<SubscriptionPortfolioRiskArgs, 'addresses'>>;
};

export type ToxicMarginAccountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ToxicMarginAccount'] = ResolversParentTypes['ToxicMarginAccount']> = {
  loanToValue?: Resolver<ResolversTypes['Fraction'], ParentType, ContextType>;
  marginAccount?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  protocol?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  sinceRound?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  threshold?: Resolver<ResolversTypes['Fraction'], ParentType, ContextType>;
};

export type UnderlyingPriceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UnderlyingPrice'] = ResolversParentTypes['UnderlyingPrice']> = {
  priceUsd?: Resolver<ResolversTypes['UsdPrice'], ParentType, ContextType>;
  underlying?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type UnderlyingVolatilityResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UnderlyingVolatility'] = ResolversParentTypes['UnderlyingVolatility']> = {
  priceKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  returns?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['VolatilitySource'], ParentType, ContextType>;
  underlying?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  volatility?: Resolver<ResolversTypes['Fraction'], ParentType, ContextType>;
};

export interface UsdAmountScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['UsdAmount'], any> {
  name: 'UsdAmount';
}

export interface UsdPriceScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['UsdPrice'], any> {
  name: 'UsdPrice';
}

export type VenueActionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VenueAction'] = ResolversParentTypes['VenueAction']> = {
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  format?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  venue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type WarningResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Warning'] = ResolversParentTypes['Warning']> = {
  address?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  chainId?: Resolver<Maybe<ResolversTypes['ChainId']>, ParentType, ContextType>;
  code?: Resolver<ResolversTypes['WarningCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  protocol?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type WebhookEndpointResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookEndpoint'] = ResolversParentTypes['WebhookEndpoint']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deliveries?: Resolver<ResolversTypes['DeliveryConnection'], ParentType, ContextType, RequireFields<WebhookEndpointDeliveriesArgs, 'first'>>;
  deliveryCounts?: Resolver<ResolversTypes['DeliveryCounts'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  disabledAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  disabledReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['WebhookEndpointStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type WebhookEndpointWithSecretResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['WebhookEndpointWithSecret'] = ResolversParentTypes['WebhookEndpointWithSecret']> = {
  endpoint?: Resolver<ResolversTypes['WebhookEndpoint'], ParentType, ContextType>;
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  AaveLiquidationCall?: AaveLiquidationCallResolvers<ContextType>;
  Account?: AccountResolvers<ContextType>;
  Address?: GraphQLScalarType;
  AlertRule?: AlertRuleResolvers<ContextType>;
  AlertSubscription?: AlertSubscriptionResolvers<ContextType>;
  AlertSubscriptionConnection?: AlertSubscriptionConnectionResolvers<ContextType>;
  ApiKey?: ApiKeyResolvers<ContextType>;
  Asset?: AssetResolvers<ContextType>;
  BigDecimal?: GraphQLScalarType;
  Call?: CallResolvers<ContextType>;
  Cascade?: CascadeResolvers<ContextType>;
  CascadeFlow?: CascadeFlowResolvers<ContextType>;
  CascadeLiquidation?: CascadeLiquidationResolvers<ContextType>;
  CascadeMarginAccount?: CascadeMarginAccountResolvers<ContextType>;
  CascadeRound?: CascadeRoundResolvers<ContextType>;
  Chain?: ChainResolvers<ContextType>;
  ChainId?: GraphQLScalarType;
  ChainSummary?: ChainSummaryResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Delivery?: DeliveryResolvers<ContextType>;
  DeliveryAttempt?: DeliveryAttemptResolvers<ContextType>;
  DeliveryConnection?: DeliveryConnectionResolvers<ContextType>;
  DeliveryCounts?: DeliveryCountsResolvers<ContextType>;
  Exposure?: ExposureResolvers<ContextType>;
  FeedStatus?: FeedStatusResolvers<ContextType>;
  Fraction?: GraphQLScalarType;
  Funding?: FundingResolvers<ContextType>;
  Health?: HealthResolvers<ContextType>;
  KeyLimits?: KeyLimitsResolvers<ContextType>;
  LiquidationBand?: LiquidationBandResolvers<ContextType>;
  LiquidationMark?: LiquidationMarkResolvers<ContextType>;
  LiquidationOutlook?: LiquidationOutlookResolvers<ContextType>;
  LiquidationPrice?: LiquidationPriceResolvers<ContextType>;
  LiquidationProbability?: LiquidationProbabilityResolvers<ContextType>;
  MarginAccount?: MarginAccountResolvers<ContextType>;
  MarginAccountConnection?: MarginAccountConnectionResolvers<ContextType>;
  MarginAccountProtection?: MarginAccountProtectionResolvers<ContextType>;
  Me?: MeResolvers<ContextType>;
  MorphoLiquidationCall?: MorphoLiquidationCallResolvers<ContextType>;
  MorphoPreLiquidation?: MorphoPreLiquidationResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Portfolio?: PortfolioResolvers<ContextType>;
  Position?: PositionResolvers<ContextType>;
  PricePath?: PricePathResolvers<ContextType>;
  PriceSweep?: PriceSweepResolvers<ContextType>;
  PriceSweepPoint?: PriceSweepPointResolvers<ContextType>;
  ProposedChange?: ProposedChangeResolvers<ContextType>;
  ProtectTarget?: ProtectTargetResolvers<ContextType>;
  Protection?: ProtectionResolvers<ContextType>;
  ProtectiveAction?: ProtectiveActionResolvers<ContextType>;
  Protocol?: ProtocolResolvers<ContextType>;
  ProtocolBadDebt?: ProtocolBadDebtResolvers<ContextType>;
  ProtocolSummary?: ProtocolSummaryResolvers<ContextType>;
  Quantity?: GraphQLScalarType;
  Query?: QueryResolvers<ContextType>;
  Ratio?: RatioResolvers<ContextType>;
  ReportedFigure?: ReportedFigureResolvers<ContextType>;
  RiskHistoryPoint?: RiskHistoryPointResolvers<ContextType>;
  RiskHistorySeries?: RiskHistorySeriesResolvers<ContextType>;
  RiskSummary?: RiskSummaryResolvers<ContextType>;
  SequencerStatus?: SequencerStatusResolvers<ContextType>;
  SettlementFigures?: SettlementFiguresResolvers<ContextType>;
  SignInResult?: SignInResultResolvers<ContextType>;
  Simulation?: SimulationResolvers<ContextType>;
  SiweNonce?: SiweNonceResolvers<ContextType>;
  SourceStatus?: SourceStatusResolvers<ContextType>;
  StaleReason?: StaleReasonResolvers<ContextType>;
  StressResult?: StressResultResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  ToxicMarginAccount?: ToxicMarginAccountResolvers<ContextType>;
  UnderlyingPrice?: UnderlyingPriceResolvers<ContextType>;
  UnderlyingVolatility?: UnderlyingVolatilityResolvers<ContextType>;
  UsdAmount?: GraphQLScalarType;
  UsdPrice?: GraphQLScalarType;
  VenueAction?: VenueActionResolvers<ContextType>;
  Warning?: WarningResolvers<ContextType>;
  WebhookEndpoint?: WebhookEndpointResolvers<ContextType>;
  WebhookEndpointWithSecret?: WebhookEndpointWithSecretResolvers<ContextType>;
};

