import { join } from 'node:path'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineConfig, type Plugin } from 'vitest/config'
import { buildDashboard } from './harness/buildDashboard'

/** wrangler bundles `*.graphql` as text modules ([[rules]] in wrangler.toml); Vite needs the same rule. */
function graphqlAsText(): Plugin {
  return {
    name: 'solvent:graphql-as-text',
    transform(code, id) {
      return id.endsWith('.graphql') ? { code: `export default ${JSON.stringify(code)}`, map: null } : undefined
    },
  }
}

/** The npm packages (and subpaths) src/ and the workerd tests import, pre-bundled for the workerd project. */
const PREBUNDLED_PACKAGES = [
  'viem',
  'viem/accounts',
  'viem/chains',
  'viem/siwe',
  'graphql',
  'graphql-yoga',
  'graphql-http',
  '@escape.tech/graphql-armor',
  '@escape.tech/graphql-armor-cost-limit',
  'drizzle-orm',
  'drizzle-orm/d1',
  'drizzle-orm/sqlite-core',
  'standardwebhooks',
  'decimal.js',
  '@scure/base',
  '@morpho-org/morpho-ts',
  '@aave-dao/aave-address-book',
  'fast-check',
]

export default defineConfig(async () => {
  // wrangler.toml serves .dashboard/ as static assets: built before the pool reads the config (wrangler dev builds it itself).
  await buildDashboard()
  const migrations = await readD1Migrations(join(import.meta.dirname, '../migrations'))
  return {
    // Project configs live in test/; globs and the wrangler path are relative to the repository root.
    root: join(import.meta.dirname, '..'),
    plugins: [
      graphqlAsText(),
      cloudflareTest(async ({ inject }) => ({
        wrangler: { configPath: join(import.meta.dirname, '../wrangler.toml') },
        miniflare: {
          // The Worker reads the local chains and venue simulators the global setups started.
          bindings: {
            TEST_MIGRATIONS: migrations,
            HYPERLIQUID_API_URL: inject('hyperliquidUrl'),
            DYDX_INDEXER_URL: inject('dydxIndexerUrl'),
            RPC_URLS: inject('rpcUrls'),
            AAVE_MARKETS: inject('aaveMarkets'),
            ASSET_OVERRIDES: inject('assetOverrides'),
            // Budgets large enough for every test file's own traffic (each file has its own D1, but
            // every request of the suite comes from one "client IP"); test/integration/budgets.test.ts
            // puts the deployment's defaults back where it tests them.
            ANONYMOUS_UNITS_PER_MINUTE: '100000000',
            KEY_UNITS_PER_MINUTE: '100000000',
          },
          ratelimits: {
            // The anonymous request rate is shared by the whole suite (one limiter, one IP): out of the way here.
            ANONYMOUS_REQUESTS: { simple: { limit: 1_000_000_000, period: 60 } },
            // A real limiter with a tiny limit, swapped in for ANONYMOUS_REQUESTS where the 429 itself is tested.
            TIGHT_REQUESTS: { simple: { limit: 3, period: 60 } },
          },
        },
      })),
    ],
    test: {
      name: 'workerd',
      include: ['test/workerd/**/*.test.ts', 'test/integration/**/*.test.ts'],
      // Hang backstops, as in the node project: on a loaded 2-core machine a GraphQL round trip against the
      // sandbox chains can take seconds, and slowness is not what any test asserts.
      testTimeout: 300_000,
      hookTimeout: 600_000,
      // Every test file gets a fresh workerd, which imports the Worker's whole module graph again: about 2,400
      // modules, 2,100 of them npm packages (viem alone is over 1,100), each one a round trip to Vite. Pre-bundled
      // here (as wrangler bundles them for production), the packages are a few files, and a file's start costs
      // about half. The code under test, src/, is still transformed module by module. A package left out of the
      // list still works, only unbundled; its imports of a listed package resolve to the bundle (one graphql).
      deps: {
        optimizer: {
          ssr: {
            enabled: true,
            include: PREBUNDLED_PACKAGES,
            // The runtime's own modules are not on disk: workerd provides them.
            rolldownOptions: { external: [/^node:/, /^cloudflare:/] },
          },
        },
      },
      setupFiles: [
        join(import.meta.dirname, 'setup/applyMigrations.ts'),
        join(import.meta.dirname, 'setup/fastCheck.ts'),
      ],
      globalSetup: [
        join(import.meta.dirname, 'setup/simulators.global.ts'),
        join(import.meta.dirname, 'setup/chains.global.ts'),
        join(import.meta.dirname, 'setup/receiver.global.ts'),
        join(import.meta.dirname, 'setup/wallets.global.ts'),
      ],
    },
  }
})
