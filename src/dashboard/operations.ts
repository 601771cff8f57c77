/**
 * The dashboard's fixed GraphQL operations: every number on the page comes from these, and nothing
 * else is ever sent (no query is built from user input; inputs travel as variables).
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
  marginAccounts(first: 50) {
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
    liquidationMarks { marginAccount { id } position asset priceUsd distance referencePriceUsd }
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
