/**
 * Node-only: compiles OwnedWallet.sol (an EIP-1271 wallet whose owner can change, and a CREATE2 factory
 * for counterfactual ones) with solc-js 0.8.27, cached in `.cache/solc/` by a hash of the compiler
 * version, settings and source, so only the first run pays for the compiler (a few seconds).
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Abi, Hex } from 'viem'

export type WalletArtifact = {
  abi: Abi
  /** Creation code (constructor included), what CREATE2 hashes. */
  bytecode: Hex
  /** Runtime code, what anvil_setCode places. */
  deployedBytecode: Hex
}

export type WalletArtifacts = { wallet: WalletArtifact; factory: WalletArtifact }

const SOURCE_PATH = fileURLToPath(new URL('./OwnedWallet.sol', import.meta.url))
const CACHE_ROOT = fileURLToPath(new URL('../../../.cache/solc', import.meta.url))
const COMPILER = 'solc-0.8.27'
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
} as const

type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[]
  contracts: Record<
    string,
    Record<string, { abi: Abi; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>
  >
}

/** The compiled wallet and factory (from the cache when the source and compiler are unchanged). */
export function compileWallets(): WalletArtifacts {
  const source = readFileSync(SOURCE_PATH, 'utf8')
  // The compiler version is the package's (loading solc itself takes seconds, so only on a cache miss).
  const require = createRequire(import.meta.url)
  const { version } = require(`${COMPILER}/package.json`) as { version: string }
  const hash = createHash('sha256')
    .update(JSON.stringify([version, SETTINGS, source]))
    .digest('hex')
    .slice(0, 16)
  const dir = join(CACHE_ROOT, `${COMPILER}-OwnedWallet-${hash}`)
  const file = join(dir, 'artifacts.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as WalletArtifacts

  const solc = require(COMPILER) as { compile(input: string): string }
  const input = { language: 'Solidity', sources: { 'OwnedWallet.sol': { content: source } }, settings: SETTINGS }
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput
  const errors = (output.errors ?? []).filter((error) => error.severity === 'error')
  if (errors.length > 0) throw new Error(errors.map((error) => error.formattedMessage).join('\n'))
  const artifact = (name: string): WalletArtifact => {
    const contract = output.contracts['OwnedWallet.sol']?.[name]
    if (!contract) throw new Error(`solc produced no ${name}`)
    return {
      abi: contract.abi,
      bytecode: `0x${contract.evm.bytecode.object}`,
      deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
    }
  }
  const artifacts = { wallet: artifact('OwnedWallet'), factory: artifact('OwnedWalletFactory') }
  // Written to a temporary directory and renamed into place: two processes compiling at once both
  // succeed, and nobody reads a half-written file.
  mkdirSync(CACHE_ROOT, { recursive: true })
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`
  mkdirSync(tmp)
  writeFileSync(join(tmp, 'artifacts.json'), JSON.stringify(artifacts))
  try {
    renameSync(tmp, dir)
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true })
    if (!existsSync(file)) throw error
  }
  return artifacts
}
