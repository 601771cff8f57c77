/**
 * `npm run bench`: imports every `*.bench.ts` beside this file (each only registers its benches
 * with mitata) and runs them, then runs every `*.scenario.ts` (a default-exported async function that
 * measures a whole flow once and prints its own table, e.g. a cron tick over 10,000 accounts).
 * `npm run bench -- perps` runs the files whose name contains "perps".
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { run } from 'mitata'

const filter = process.argv[2]
const matching = (suffix: string) =>
  readdirSync(import.meta.dirname)
    .filter((name) => name.endsWith(suffix) && (!filter || name.includes(filter)))
    .sort()
const files = matching('.bench.ts')
const scenarios = matching('.scenario.ts')
console.log(`node ${process.version}, bench file(s): ${[...files, ...scenarios].join(', ')}`)
if (files.length > 0) {
  for (const name of files) await import(join(import.meta.dirname, name))
  await run()
}
for (const name of scenarios) {
  const scenario = (await import(join(import.meta.dirname, name))) as { default: () => Promise<void> }
  await scenario.default()
}
