import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SandboxFile } from './sandbox'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Where the running sandbox describes itself (gitignored): written by `npm run dev`, read by `npm run sandbox`. */
export const SANDBOX_FILE = '.sandbox/sandbox.json'

/** Writes the file whole, through a rename, so a reader never sees half of it. */
export function writeSandboxFile(file: SandboxFile, root: string = ROOT): void {
  const path = join(root, SANDBOX_FILE)
  mkdirSync(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`)
  renameSync(temporary, path)
}

/** The running sandbox's file; a clear error when there is none (the sandbox starts with `npm run dev`). */
export function readSandboxFile(root: string = ROOT): SandboxFile {
  const path = join(root, SANDBOX_FILE)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    throw new Error(`No ${SANDBOX_FILE}: start the sandbox with \`npm run dev\` first (it writes that file).`)
  }
  return JSON.parse(text) as SandboxFile
}
