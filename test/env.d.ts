import type { D1Migration } from 'cloudflare:test'

declare module 'vitest' {
  /** Values the Node-side global setups hand to the workerd tests (test/setup/*.global.ts). */
  export interface ProvidedContext {
    hyperliquidUrl: string
    dydxIndexerUrl: string
    /** JSON, the RPC_URLS var format. */
    rpcUrls: string
    /** JSON, the AAVE_MARKETS var format. */
    aaveMarkets: string
  }
}

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[]
    }
  }
}
