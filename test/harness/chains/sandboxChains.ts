/**
 * The sandbox's two chains. Chain A has Multicall3 at its canonical address (reads go through it,
 * as on production chains); chain B has none (reads go through viem's deployless multicall).
 * Keep the ids in step with `sandboxChains` in src/chains/definitions.ts.
 */
export const SANDBOX_CHAINS = {
  a: { chainId: 31337, marketName: 'Sandbox', multicall3: true },
  b: { chainId: 31338, marketName: 'Sandbox', multicall3: false },
} as const

export type SandboxChainName = keyof typeof SANDBOX_CHAINS

const DAY_SEC = 86_400
/** How long before the UTC day's start the build begins: room for its blocks (one second each), so they end before it. */
const BUILD_LEAD_SEC = 3_600

/**
 * Genesis time (unix s) of the state built for the UTC day of `nowMs`: one hour before the day starts. Built
 * this close to the day it serves, the state is under 25 h behind the wall clock when a chain is started from
 * it, and the interest of that gap leaves the demo accounts as described (near-liquidation stays about 1.05);
 * a fixed genesis would put a whole year of interest between the seeds and the first read, more every day.
 * Part of the state's cache key (chainsState.ts), so each UTC day builds its own state once.
 */
export function sandboxGenesisTimestamp(nowMs: number = Date.now()): number {
  return Math.floor(nowMs / 1000 / DAY_SEC) * DAY_SEC - BUILD_LEAD_SEC
}

/** Grace period of chain B's PriceOracleSentinel: liquidations wait this long after the sequencer comes back. */
export const SANDBOX_SEQUENCER_GRACE_PERIOD_SEC = 3600
