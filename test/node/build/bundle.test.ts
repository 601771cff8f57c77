import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../..')
const DEFINED = 'define_globalThis_process_default'

/**
 * wrangler.toml defines `globalThis.process` as `{"env":{}}` so that graphql-js takes its production
 * `instanceOf` (see the comment there). That is safe only while no library in the bundle reads more of
 * it than `env` or through optional chains: this builds the production bundle as `wrangler deploy`
 * would and reads every place the definition lands.
 */
describe('the production bundle', () => {
  let out: string
  let bundle: string
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'solvent-bundle-'))
    // As a deploy from a shell: wrangler takes NODE_ENV from the environment when set (vitest sets "test").
    const { NODE_ENV: _, ...env } = process.env
    execFileSync(
      join(ROOT, 'node_modules/.bin/wrangler'),
      ['deploy', '--dry-run', '--env', 'production', '--outdir', out],
      { cwd: ROOT, env: { ...env, WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0' }, stdio: 'pipe' },
    )
    bundle = readFileSync(join(out, 'index.js'), 'utf8')
  }, 600_000)
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it('runs graphql-js in production mode (every copy of it)', () => {
    const modes = [...bundle.matchAll(/isProduction\d* = (\S+) &&[^\n]*\n\s*(\S+);/g)].map((m) => [m[1], m[2]])
    expect(modes.length).toBeGreaterThanOrEqual(1)
    expect(modes).toEqual(modes.map(() => [DEFINED, 'true']))
  })

  it('reads the defined `process` only where `{ env: {} }` is harmless', () => {
    const uses = [...bundle.matchAll(new RegExp(`${DEFINED}(.{0,16})`, 'g'))].map((m) => m[1] as string)
    const harmless = (after: string) =>
      after.startsWith(';') || // its declaration
      after.startsWith(' = { env: {} }') || // its value
      after.startsWith(' && //') || // graphql-js's production test (above)
      after.startsWith('?.') || // optional chains: `env` is there, anything else is undefined
      after.startsWith(') {') || // @whatwg-node/server's terminate-event hook, below
      after.startsWith('.once(')
    expect(uses.filter((after) => !harmless(after))).toEqual([])
    // @whatwg-node/server calls `process.once` only for a server adapter built with
    // `disposeOnProcessTerminate`, which Solvent never sets.
    expect(
      sourceFiles(join(ROOT, 'src')).filter((file) => readFileSync(file, 'utf8').includes('disposeOnProcessTerminate')),
    ).toEqual([])
  })
})

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.ts$/.test(entry.name) ? [join(dir, entry.name)] : [],
  )
}
