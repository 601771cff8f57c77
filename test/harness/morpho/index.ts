/**
 * Node-only harness: Morpho Blue compiled from its npm sources and deployed on a local anvil,
 * user actions and liquidations on it, and a reader that turns chain state into the engine's
 * `MorphoBlueSnapshot` through the production adapter.
 */
export * from './abis'
export * from './actions'
export * from './compileMorphoBlue'
export * from './compilePreLiquidationStub'
export * from './deployMorphoBlue'
export * from './readMorphoBlueSnapshot'
export * from './seedSandboxMorpho'
