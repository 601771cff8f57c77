import type { CodegenConfig } from '@graphql-codegen/cli'

/**
 * Resolver types generated from schema/*.graphql: a resolver that drifts from the SDL fails
 * typecheck. `npm run codegen` writes; `npm run check:generated` fails when the file is stale.
 */
const DECIMAL_OUTPUT = "import('../../engine/decimal').D | string"

const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    'src/graphql/__generated__/resolvers.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        contextType: '../context#GraphQLContext',
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        strictScalars: true,
        scalars: {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a TypeScript template literal type, emitted as is
          Address: { input: '`0x${string}`', output: '`0x${string}`' },
          // Decimal outputs take the engine's D (rounded per kind by the scalar) or an exact decimal string.
          BigDecimal: { input: 'string', output: DECIMAL_OUTPUT },
          UsdAmount: { input: 'string', output: DECIMAL_OUTPUT },
          UsdPrice: { input: 'string', output: DECIMAL_OUTPUT },
          Quantity: { input: 'string', output: DECIMAL_OUTPUT },
          Fraction: { input: 'string', output: DECIMAL_OUTPUT },
          DateTime: { input: 'Date', output: 'Date | string' },
          ChainId: { input: 'number', output: 'number' },
        },
        mappers: {
          Ratio: '../../engine/decimal#Ratio as EngineRatio',
          Protocol: '../../protocols/registry#ProtocolInfo',
          Chain: 'viem#Chain as ViemChain',
          Account: '../../portfolio/types#PortfolioView',
          Portfolio: '../../portfolio/types#PortfolioView',
          RiskSummary: '../../portfolio/types#SummaryView',
          ProtocolSummary: '../../portfolio/types#ProtocolRowView',
          ChainSummary: '../../portfolio/types#ChainSummaryView',
          Warning: '../../portfolio/types#WarningView',
          Funding: '../../portfolio/types#FundingView',
          MarginAccount: '../../portfolio/types#MarginAccountView',
          LiquidationOutlook: '../../portfolio/liquidationOutlook#LiquidationOutlookView',
          UnderlyingVolatility: '../../portfolio/liquidationOutlook#UnderlyingVolatilityView',
          LiquidationBand: '../../portfolio/liquidationOutlook#BandView',
          LiquidationProbability: '../../portfolio/liquidationOutlook#LiquidationProbabilityView',
          Protection: '../../portfolio/protectPortfolio#ProtectionView',
          ProtectTarget: '../../portfolio/protectPortfolio#ProtectTarget as DomainProtectTarget',
          MarginAccountProtection: '../../portfolio/protectPortfolio#MarginAccountProtectionView',
          ProtectiveAction: '../../portfolio/protectPortfolio#ProtectiveActionView',
          Call: '../../protocols/actions/planProtectiveCalls#PlannedCall',
          VenueAction: '../../protocols/actions/planVenueAction#PlannedVenueAction',
          Position: '../../engine/types#PositionRisk',
          Asset: '../../engine/types#PositionAsset',
          LiquidationPrice: '../../engine/types#LiquidationPrice as EngineLiquidationPrice',
          MorphoPreLiquidation: '../../engine/types#PreLiquidationRisk',
          Exposure: '../../engine/aggregate#UnderlyingExposure',
          SourceStatus: '../../sources/createSourceLoader#SourceState as SourceStateView',
          StaleReason: '../../sources/assessFreshness#StaleReason as StaleReasonView',
          FeedStatus: '../../sources/assessFreshness#FeedStatus as FeedStatusView',
          SequencerStatus: '../../sources/assessFreshness#SequencerStatus as SequencerStatusView',
          Simulation: '../../portfolio/types#SimulationView',
          StressResult: '../../portfolio/types#StressResultView',
          ApiKey: '../../db/schema#ApiKeyRow',
          Me: '../../alerts/types#MeView',
          WebhookEndpoint: '../../db/schema#WebhookEndpointRow',
          AlertSubscription: '../../db/schema#AlertSubscriptionRow',
          AlertRule: '../../alerts/types#AlertRuleView',
          Delivery: '../../alerts/types#DeliveryView',
          DeliveryAttempt: '../../alerts/types#DeliveryAttemptView',
          Cascade: '../../portfolio/cascadePortfolio#CascadeView',
          CascadeRound: '../../engine/cascade/types#CascadeRound as EngineCascadeRound',
          CascadeFlow: '../../engine/cascade/types#CascadeFlow as EngineCascadeFlow',
          CascadeLiquidation: '../../engine/cascade/types#CascadeLiquidation as EngineCascadeLiquidation',
          CascadeMarginAccount: '../../portfolio/cascadePortfolio#CascadeMarginAccountView',
          ToxicMarginAccount: '../../engine/cascade/types#ToxicAccount as EngineToxicAccount',
          ProtocolBadDebt: '../../portfolio/cascadePortfolio#ProtocolBadDebtView',
          PricePath: '../../portfolio/cascadePortfolio#PricePathView',
          UnderlyingPrice: '../../portfolio/cascadePortfolio#UnderlyingPriceView',
          AaveLiquidationCall: '../../portfolio/cascadePortfolio#AaveLiquidationCallView',
          MorphoLiquidationCall: '../../portfolio/cascadePortfolio#MorphoLiquidationCallView',
          PriceSweep: '../../portfolio/sweepPrices#SweepView',
          PriceSweepPoint: '../../portfolio/sweepPrices#SweepPointView',
          LiquidationMark: '../../portfolio/sweepPrices#SweepMarkView',
          RiskHistorySeries: '../../db/queries/riskMinutes#RiskHistorySeriesView',
          RiskHistoryPoint: '../../db/queries/riskMinutes#RiskHistoryPointView',
        },
        useIndexSignature: false,
        optionalResolveType: true,
      },
    },
  },
}

export default config
