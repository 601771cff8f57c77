/** What one API key may do (reported by `me { limits }`). */
export const KEY_LIMITS = {
  /** Per owner address and chain: every other limit is per key, so keys themselves are capped. */
  maxActiveKeysPerOwner: 20,
  maxWebhookEndpoints: 10,
  maxAlertSubscriptions: 200,
  maxRulesPerSubscription: 10,
  testEventsPerHour: 20,
  requestsPerMinute: 300,
} as const

/**
 * What one request, and one caller per minute, may make Solvent fetch (README, "Budgets"). Every
 * operation is priced before it runs (src/graphql/budget/computeOperationCost.ts):
 *
 * units = graphql-armor's cost of the document
 *       + Σ over the distinct sources its data fields may read (venue × chain × market × address):
 *         `freshSourceUnits` where `maxAgeSeconds: 0` forces a read, `cacheableSourceUnits` otherwise.
 *
 * The caller's budget per minute is charged with those units before any I/O; a request whose
 * upstream calls may pass `maxUpstreamCallsPerRequest` is refused outright.
 */
export const BUDGETS = {
  /** Units one client IP may spend per minute without an API key (ANONYMOUS_UNITS_PER_MINUTE overrides). */
  anonymousUnitsPerMinute: 25_000,
  /** Units one API key may spend per minute (KEY_UNITS_PER_MINUTE overrides). */
  keyUnitsPerMinute: 250_000,
  /** A source that may be served from the cache (it is read only when its cached data is too old). */
  cacheableSourceUnits: 10,
  /** A source read whatever the cache holds (`maxAgeSeconds: 0`). */
  freshSourceUnits: 50,
  /**
   * Upstream calls (RPC requests and venue API requests, retries included) one request may make
   * besides one read of every chain: the bound is this + `callsPerChainRead` × the chains the
   * deployment reads (src/graphql/budget/computeOperationCost.ts, `upstreamCallBound`; 96 on the two
   * sandbox chains). The chains are the deployment's; what a caller can multiply is addresses and
   * aliases, and that is what this caps. Checked on an estimate before execution; the source loader
   * stops at the same bound as a backstop. 20 addresses (the most one query takes) read fresh fit.
   */
  upstreamCallsPerRequest: 64,
  /**
   * Upstream calls one batch of reads may make on one chain (Aave v3 with a cold reference cache:
   * reserve list, reserve data, price sources and feeds, asset rates, sequencer, users; 13 measured on
   * sandbox chain B, 8 on chain A, fewer once references are cached).
   */
  callsPerChainRead: 16,
} as const

export type Budgets = { anonymousUnitsPerMinute: number; keyUnitsPerMinute: number }

/** The per-minute budgets of this deployment: BUDGETS, unless the vars name others (whole positive numbers). */
export function getBudgets(env: Pick<Env, 'ANONYMOUS_UNITS_PER_MINUTE' | 'KEY_UNITS_PER_MINUTE'>): Budgets {
  return {
    anonymousUnitsPerMinute: positiveInteger(env.ANONYMOUS_UNITS_PER_MINUTE) ?? BUDGETS.anonymousUnitsPerMinute,
    keyUnitsPerMinute: positiveInteger(env.KEY_UNITS_PER_MINUTE) ?? BUDGETS.keyUnitsPerMinute,
  }
}

function positiveInteger(raw: string | undefined): number | undefined {
  const value = raw?.trim() ? Number(raw) : Number.NaN
  return Number.isSafeInteger(value) && value > 0 ? value : undefined
}
