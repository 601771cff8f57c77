/**
 * Node-only: Hardhat artifacts of the Aave v3 contracts shipped in @aave/core-v3 (and
 * @aave/periphery-v3), with library linking done by hand from `linkReferences`.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Abi, Address, Hex } from 'viem'

export type Artifact = {
  contractName: string
  sourceName: string
  abi: Abi
  bytecode: Hex
  linkReferences: Record<string, Record<string, { start: number; length: number }[]>>
}

const ROOTS = [
  fileURLToPath(new URL('../../../node_modules/@aave/core-v3/artifacts/contracts', import.meta.url)),
  fileURLToPath(new URL('../../../node_modules/@aave/periphery-v3/artifacts/contracts', import.meta.url)),
]

let index: Map<string, string> | undefined

/** contract name -> artifact path (first root wins, so core-v3 is preferred over periphery's copies). */
function artifactIndex(): Map<string, string> {
  if (index) return index
  const found = new Map<string, string>()
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.json') && !entry.name.endsWith('.dbg.json')) {
        const name = entry.name.slice(0, -'.json'.length)
        if (!found.has(name)) found.set(name, path)
      }
    }
  }
  for (const root of ROOTS) walk(root)
  index = found
  return found
}

const cache = new Map<string, Artifact>()

/** Loads an artifact by contract name, e.g. `loadArtifact('Pool')`. */
export function loadArtifact(contractName: string): Artifact {
  const cached = cache.get(contractName)
  if (cached) return cached
  const path = artifactIndex().get(contractName)
  if (!path) throw new Error(`No artifact for ${contractName}`)
  const artifact = JSON.parse(readFileSync(path, 'utf8')) as Artifact
  cache.set(contractName, artifact)
  return artifact
}

/**
 * Bytecode with every library placeholder replaced by the deployed library address.
 * `libraries` is keyed by library name (e.g. `BorrowLogic`).
 */
export function linkBytecode(artifact: Artifact, libraries: Record<string, Address>): Hex {
  let code = artifact.bytecode.slice(2)
  for (const [source, libs] of Object.entries(artifact.linkReferences)) {
    for (const [name, references] of Object.entries(libs)) {
      const address = libraries[name]
      if (!address) throw new Error(`${artifact.contractName} needs library ${source}:${name}`)
      const hex = address.slice(2).toLowerCase()
      for (const { start, length } of references) {
        code = code.slice(0, start * 2) + hex + code.slice((start + length) * 2)
      }
    }
  }
  return `0x${code}`
}
