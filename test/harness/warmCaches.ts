/**
 * `tsx test/harness/warmCaches.ts`: fills the caches a fresh checkout's first test run would otherwise fill on its
 * critical path, before any test starts: the Solidity compiles in `.cache/solc` (Aave v3.6 and Morpho Blue, a minute
 * or more of one core each, run at once; the PreLiquidation stub; the EIP-1271 wallets) and the sandbox chains'
 * state (`loadChainsState`). `.ci/run` starts it in the background beside the type check and lint, which keep one
 * core busy and leave the other idle. Harmless beside another build: every cache entry is published by a rename.
 */
import { loadChainsState } from './chains/chainsState'
import { compileWallets } from './wallets/compileWallets'

const started = performance.now()
const { fromCache } = await loadChainsState()
compileWallets()
console.log(
  `sandbox caches ${fromCache ? 'already built' : 'built'} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
)
