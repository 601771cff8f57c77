/**
 * Node-only: the local chains of the sandbox and the workerd tests. Re-exports `startChains`.
 */
export * from './startChains'
