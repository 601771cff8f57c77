import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

const root = join(import.meta.dirname, '..')

/**
 * Two projects: `node` runs pure unit tests (and Node-only harness tests) under Node, proving the
 * engine is portable; `workerd` runs the same unit tests plus integration tests inside workerd.
 * `npm test` runs both. Project configs live in test/ but run from the repository root, so their
 * globs, the wrangler config and the schema imports resolve as they do for `wrangler dev`.
 */
export default defineConfig({
  test: {
    projects: [
      { extends: join(import.meta.dirname, 'vitest.unit.config.ts'), root },
      { extends: join(import.meta.dirname, 'vitest.workerd.config.ts'), root },
    ],
  },
})
