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

/** Genesis time of both chains (2026-01-01T00:00:00Z); every block adds one second. */
export const SANDBOX_GENESIS_TIMESTAMP = 1_767_225_600

/** Grace period of chain B's PriceOracleSentinel: liquidations wait this long after the sequencer comes back. */
export const SANDBOX_SEQUENCER_GRACE_PERIOD_SEC = 3600
