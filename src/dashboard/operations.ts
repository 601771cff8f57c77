/**
 * The dashboard's fixed GraphQL operations: every number on the page comes from these, and nothing
 * else is ever sent (no query is built from user input; inputs travel as variables).
 *
 * `marginAccounts` takes its default page (50): a literal `first: 50` would multiply the selection's cost
 * by 50 in the cost limit (graphql-armor's rule), past `LIMITS.maxCost`, and every request would be refused.
 */
const RATIO = '{ kind value }'

export const RISK_FIELDS = `
  addresses
  summary {
    asOf complete stale equityUsd haircutEquityUsd initialMarginUsd maintenanceMarginUsd freeCollateralUsd
    grossNotionalUsd liquidatableCount marginAccountCount
    nearestToLiquidation { id }
    exposures { underlying delta deltaUsd gamma gammaUsd vegaUsdPerVolatility thetaUsdPerDay grossNotionalUsd }
  }
  marginAccounts {
    nodes {
      id protocol chainId market marginAccountId rules equityUsd haircutEquityUsd maintenanceMarginUsd
      marginRatio ${RATIO} healthFactor ${RATIO} liquidatable stale
      positions { id underlying asset { symbol } liquidationPrice { priceUsd distance reason } }
    }
  }
  sources { protocol chainId market account status errorCode errorMessage ageSeconds reasons { code message } }
  warnings { message }`

export const OVERVIEW = `query DashboardOverview($addresses: [String!]!, $declared: [DeclaredMarginAccountInput!]) {
  portfolio(addresses: $addresses, declared: $declared) { ${RISK_FIELDS} }
}`

export const CHARTS = `query DashboardCharts($addresses: [String!]!, $declared: [DeclaredMarginAccountInput!], $scenarios: [StressScenarioInput!]) {
  priceSweep(addresses: $addresses, declared: $declared) {
    underlying referencePriceUsd referenceSource
    points { move priceUsd equityUsd haircutEquityUsd maintenanceMarginUsd liquidatableCount }
    liquidationMarks { marginAccount { id protocol } position asset priceUsd distance markPriceUsd }
  }
  stress(addresses: $addresses, declared: $declared, scenarios: $scenarios) {
    name underlying move equityUsd liquidatedCount
  }
  riskHistory(addresses: $addresses) {
    marginAccount protocol
    points { at equityUsd maintenanceMarginUsd marginRatio ${RATIO} healthFactor ${RATIO} }
  }
}`

export const LIVE = `subscription DashboardLive($addresses: [String!]!) {
  portfolioRisk(addresses: $addresses) { ${RISK_FIELDS} }
}`

/** The cascade panel (issue 17): one run of `cascade` over the shown portfolio, its price path and rounds. */
export const CASCADE = `query DashboardCascade($addresses: [String!]!, $declared: [DeclaredMarginAccountInput!], $markets: [CascadeMarketInput!]!) {
  cascade(addresses: $addresses, declared: $declared, markets: $markets) {
    fixedPoint liquidatedCount
    pricePath { underlying pricesUsd }
    rounds {
      round liquidatedCount debtRepaidUsd soldUsd slippageUsd
      prices { underlying priceUsd }
      liquidations { marginAccount badDebtUsd }
    }
    badDebt { protocol usd }
    warnings { message }
  }
}`
