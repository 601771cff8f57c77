import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

/** Pure code under Node: proves the engine is portable outside workerd. Node-only harness tests live in test/node. */
export default defineConfig({
  // Project configs live in test/; globs are relative to the repository root.
  root: join(import.meta.dirname, '..'),
  test: {
    name: 'node',
    environment: 'node',
    setupFiles: [join(import.meta.dirname, 'setup/fastCheck.ts')],
    include: ['test/unit/**/*.test.ts', 'test/node/**/*.test.ts'],
    // Backstops against a hang, not measures of speed: anvil-backed tests took over 60 s on a loaded 2-core machine.
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
})
