import { resolve } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../..')

/** Every module the entry reaches through value imports (type-only imports are erased, as in the Worker's bundle). */
async function reachedModules(entry: string): Promise<string[]> {
  const { metafile } = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'neutral',
    format: 'esm',
    packages: 'external',
    external: ['cloudflare:*'],
    loader: { '.graphql': 'text' },
    logLevel: 'silent',
  })
  return Object.values(metafile.inputs).flatMap((input) => input.imports.map((i) => i.path))
}

/**
 * The cron's handlers reach Durable Objects through their bindings (`endpointStub`, `riskHubStub`), never by
 * importing the classes: a class drags in `cloudflare:workers` (and RiskHub the whole GraphQL server), and
 * then nothing outside workerd can load the cron, `npm run bench -- cronFanout` included.
 */
describe('the cron and queue handlers import no Durable Object class', () => {
  it.each(['src/cron/scheduled.ts', 'src/cron/queue.ts'])('%s', async (entry) => {
    const reached = await reachedModules(entry)
    expect(reached.length).toBeGreaterThan(20)
    expect(reached.filter((path) => path.startsWith('cloudflare:'))).toEqual([])
    expect(
      reached.filter((path) => /src\/(live\/RiskHub|alerts\/WebhookEndpoint)\.ts$|src\/graphql\//.test(path)),
    ).toEqual([])
  })
})
