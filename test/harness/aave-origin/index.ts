/**
 * Node-only harness: a real Aave v3.6 market (compiled from @aave-dao/aave-v3-origin) on a local anvil,
 * user actions on it, and a raw reader of one user's state. Kept apart from ../aave/index.ts (v3.0), whose
 * action names it shares.
 */
export * from './actions'
export * from './compileAaveOrigin'
export * from './deployAaveOriginMarket'
export * from './originMarket'
export * from './readAaveOriginSnapshot'
export * from './seedOriginDemo'
