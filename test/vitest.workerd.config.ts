import { join } from 'node:path'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineConfig, type Plugin } from 'vitest/config'

/** wrangler bundles `*.graphql` as text modules ([[rules]] in wrangler.toml); Vite needs the same rule. */
function graphqlAsText(): Plugin {
  return {
    name: 'solvent:graphql-as-text',
    transform(code, id) {
      return id.endsWith('.graphql') ? { code: `export default ${JSON.stringify(code)}`, map: null } : undefined
    },
  }
}

export default defineConfig(async () => ({
  // Project configs live in test/; globs and the wrangler path are relative to the repository root.
  root: join(import.meta.dirname, '..'),
  plugins: [
    graphqlAsText(),
    cloudflareTest({
      wrangler: { configPath: join(import.meta.dirname, '../wrangler.toml') },
      miniflare: {
        bindings: { TEST_MIGRATIONS: await readD1Migrations(join(import.meta.dirname, '../migrations')) },
      },
    }),
  ],
  test: {
    name: 'workerd',
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    setupFiles: [join(import.meta.dirname, 'setup/applyMigrations.ts')],
  },
}))
