/**
 * Builds the Worker's static assets into `.dashboard/` (wrangler.toml `[assets]`; not committed):
 *
 * - `/dashboard/`: the risk dashboard, src/dashboard (plain TypeScript + uPlot) bundled and minified by
 *   esbuild into one script and one stylesheet; its first load is printed (raw and gzipped).
 * - `/graphiql/`: GraphiQL's own files from the pinned `@graphql-yoga/graphiql` package, so the GraphiQL page
 *   that yoga serves at /graphql loads them from this Worker instead of a CDN (src/graphql/graphiqlHtml.ts).
 *
 * wrangler runs it before `dev`, `deploy` and `types` (`[build]`); the workerd tests and the browser test
 * run it in their setup. `--quiet` prints nothing but errors.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = join(import.meta.dirname, '../..')
const out = join(root, '.dashboard')
const source = join(root, 'src/dashboard')
const graphiql = join(root, 'node_modules/@graphql-yoga/graphiql/dist')

export type BuildDashboardReturnType = {
  /** Every file of the dashboard's first load, in bytes: raw and gzipped (level 9). */
  firstLoad: { files: Record<string, { bytes: number; gzipBytes: number }>; bytes: number; gzipBytes: number }
}

export async function buildDashboard(): Promise<BuildDashboardReturnType> {
  rmSync(out, { recursive: true, force: true })
  mkdirSync(join(out, 'dashboard'), { recursive: true })
  await build({
    entryPoints: { app: join(source, 'main.ts'), app_style: join(source, 'styles.css') },
    outdir: join(out, 'dashboard'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'error',
    entryNames: '[name]',
  })
  copyFileSync(join(source, 'index.html'), join(out, 'dashboard/index.html'))
  copyTree(graphiql, join(out, 'graphiql'))

  const files: BuildDashboardReturnType['firstLoad']['files'] = {}
  for (const name of ['index.html', 'app.js', 'app_style.css']) {
    const bytes = readFileSync(join(out, 'dashboard', name))
    files[name] = { bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length }
  }
  const sum = (key: 'bytes' | 'gzipBytes') => Object.values(files).reduce((total, file) => total + file[key], 0)
  return { firstLoad: { files, bytes: sum('bytes'), gzipBytes: sum('gzipBytes') } }
}

function copyTree(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    const path = join(from, name)
    const target = join(to, name)
    if (statSync(path).isDirectory()) copyTree(path, target)
    else {
      mkdirSync(dirname(target), { recursive: true })
      copyFileSync(path, target)
    }
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { firstLoad } = await buildDashboard()
  if (!process.argv.includes('--quiet')) {
    const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`
    console.log(
      `[dashboard] built .dashboard/: first load ${kB(firstLoad.bytes)}, ${kB(firstLoad.gzipBytes)} gzipped (${Object.entries(
        firstLoad.files,
      )
        .map(([name, file]) => `${name} ${kB(file.gzipBytes)}`)
        .join(', ')})`,
    )
  }
}
