/**
 * `npm run bench`: imports every `*.bench.ts` beside this file (each only registers its benches
 * with mitata) and runs them. `npm run bench -- perps` runs the files whose name contains "perps".
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { run } from 'mitata'

const filter = process.argv[2]
const files = readdirSync(import.meta.dirname)
  .filter((name) => name.endsWith('.bench.ts') && (!filter || name.includes(filter)))
  .sort()
for (const name of files) await import(join(import.meta.dirname, name))
console.log(`node ${process.version}, ${files.length} bench file(s): ${files.join(', ')}`)
await run()
