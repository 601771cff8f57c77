/**
 * Node-only: the local chains of the sandbox and the workerd tests. Re-exports `startChains` and the mining controls.
 */

export * from './mining'
export * from './startChains'
