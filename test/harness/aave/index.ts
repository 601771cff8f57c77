/**
 * Node-only harness: a real Aave v3.0 market on a local anvil, user actions on it, and a reader
 * that turns chain state into the engine's `AaveV3Snapshot`.
 */
export * from './abis'
export * from './actions'
export { type Artifact, linkBytecode, loadArtifact } from './artifacts'
export * from './createAnvilClient'
export * from './decodeReserveConfiguration'
export * from './deployAaveMarket'
export * from './deploySequencerSentinel'
export * from './priceFeed'
export * from './readAaveV3Snapshot'
export * from './sandboxMarket'
export * from './startAnvil'
