/**
 * Node-only: compiles PreLiquidationStub.sol (the documented PreLiquidation views, no logic: the real
 * contracts are not on npm) with solc-js 0.8.19, cached in `.cache/solc/` by a hash of the compiler version,
 * settings and source (a few seconds the first time).
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Abi } from 'viem'
import { type CompiledContract, publishCacheFolder } from './compileMorphoBlue'

const SOURCE_PATH = fileURLToPath(new URL('./PreLiquidationStub.sol', import.meta.url))
const CACHE_ROOT = fileURLToPath(new URL('../../../.cache/solc', import.meta.url))
const COMPILER = 'solc-0.8.19'
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'paris',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
} as const

type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[]
  contracts: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>
}

/** The compiled stub (from the cache when the source and compiler are unchanged). */
export function compilePreLiquidationStub(): CompiledContract {
  const source = readFileSync(SOURCE_PATH, 'utf8')
  const require = createRequire(import.meta.url)
  const { version } = require(`${COMPILER}/package.json`) as { version: string }
  const hash = createHash('sha256')
    .update(JSON.stringify([version, SETTINGS, source]))
    .digest('hex')
    .slice(0, 16)
  const folder = join(CACHE_ROOT, `${COMPILER}-PreLiquidationStub-${hash}`)
  const file = join(folder, 'artifacts.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as CompiledContract
  const solc = require(COMPILER) as { compile(input: string): string }
  const input = { language: 'Solidity', sources: { 'PreLiquidationStub.sol': { content: source } }, settings: SETTINGS }
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput
  const errors = (output.errors ?? []).filter((error) => error.severity === 'error')
  if (errors.length > 0) throw new Error(errors.map((error) => error.formattedMessage).join('\n'))
  const contract = output.contracts['PreLiquidationStub.sol']?.PreLiquidationStub
  if (!contract) throw new Error('solc produced no PreLiquidationStub')
  const artifact: CompiledContract = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` }
  publishCacheFolder({ folder, files: { 'artifacts.json': JSON.stringify(artifact) } })
  return artifact
}
