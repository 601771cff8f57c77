import type { D1Migration } from 'cloudflare:test'

declare module 'vitest' {
  /** Values the Node-side global setups hand to the workerd tests (test/setup/*.global.ts). */
  export interface ProvidedContext {
    hyperliquidUrl: string
    dydxIndexerUrl: string
    /** JSON, the RPC_URLS var format. */
    rpcUrls: string
    /**
     * JSON, the RPC_URLS var format: the shared chains behind counting proxies
     * (test/harness/countingProxy.ts), for tests that count the Worker's JSON-RPC requests.
     */
    countingRpcUrls: string
    /** JSON, the AAVE_MARKETS var format. */
    aaveMarkets: string
    /**
     * JSON, the MORPHO_MARKETS var format: sandbox chain A's Morpho Blue markets. Not bound globally (the
     * Morpho tests pass it with the request), so the other files' source lists stay as they are.
     */
    morphoMarkets: string
    /** JSON, the ASSET_OVERRIDES var format. */
    assetOverrides: string
    /**
     * JSON {rpcUrls, aggregators}: a private copy of the sandbox chains for tests that move oracle prices
     * (alerts), so they never disturb the figures other test files read from the shared chains.
     */
    alertChains: string
    /**
     * JSON {rpcUrls, feeds, sequencer, hungUrl}: another private copy of the sandbox chains for the
     * freshness tests (a chain that stops, frozen feeds, the sequencer down) and a hung RPC endpoint.
     */
    faultChains: string
    /** Base URL of the loopback webhook receiver (test/harness/receiver); inboxes are `${url}/inbox/<name>`. */
    webhookReceiverUrl: string
    /** JSON WalletArtifacts (test/harness/wallets): an EIP-1271 wallet whose owner can change, and its CREATE2 factory. */
    walletArtifacts: string
  }
}

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[]
      /** A Rate Limiting binding of 3 requests a minute (test/vitest.workerd.config.ts), for the 429 tests. */
      TIGHT_REQUESTS: RateLimit
    }
  }
}
