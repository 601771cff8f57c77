import { defineConfig } from 'vitest/config'

/**
 * Two projects: `node` runs pure unit tests (and Node-only harness tests) under Node, proving the
 * engine is portable; `workerd` runs the same unit tests plus integration tests inside workerd.
 * `npm test` runs both; CI reads the JSON report for its closing line.
 */
export default defineConfig({
  test: {
    projects: ['test/vitest.unit.config.ts', 'test/vitest.workerd.config.ts'],
  },
})
