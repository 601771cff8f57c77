/**
 * Node-only: compiles the Aave v3.6 contracts shipped as Solidity sources in `@aave-dao/aave-v3-origin`
 * with solc-js 0.8.27 (standard JSON input), and caches the result under `.cache/solc/`.
 *
 * The origin repository builds with Foundry; its sources import OpenZeppelin and BGD's utilities
 * through Foundry remappings (`openzeppelin-contracts/contracts/...`, `solidity-utils/contracts/...`),
 * which are mapped here onto the npm packages of the same code. Everything else is relative.
 *
 * The compile (about a minute on a loaded machine) runs in a worker thread, so the event loop of the
 * caller (a vitest worker, the dev harness) keeps turning. The cache is keyed by the compiler version,
 * the settings, the contracts asked for and the content of every source file compiled, so a changed
 * package is never served stale output. Two processes compiling at once both write a private
 * directory and rename it into place: the first rename wins, the second process reads the winner's.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Abi, Hex } from 'viem'

type AbiError = Extract<Abi[number], { type: 'error' }>

/** The package compiled, and the npm alias of the compiler (package.json devDependencies). */
export const AAVE_ORIGIN_PACKAGE = '@aave-dao/aave-v3-origin'
const SOLC_PACKAGE = 'solc-0.8.27'

/**
 * The settings the sources compile with under the EIP-170 size limit (24,576 bytes of runtime code).
 * `bytecodeHash: none` keeps the bytecode independent of the source paths chosen here.
 */
export const AAVE_ORIGIN_SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'shanghai',
  metadata: { bytecodeHash: 'none' },
  // Foundry remappings of the origin repository, onto the npm packages (source unit names are paths under node_modules).
  remappings: [
    'openzeppelin-contracts/contracts/=@openzeppelin/contracts/',
    'openzeppelin-contracts-upgradeable/contracts/=@openzeppelin/contracts-upgradeable/',
    'solidity-utils/contracts/=@bgd-labs/solidity-utils/src/contracts/',
  ],
} as const

const ORIGIN_ROOT = `${AAVE_ORIGIN_PACKAGE}/src/contracts`

/**
 * Contracts a market needs, by source file under `src/contracts`. `bytecode: false` asks for the ABI only
 * (`Errors` declares the custom errors the libraries revert with).
 */
export const AAVE_ORIGIN_CONTRACTS = {
  PoolAddressesProvider: 'protocol/configuration/PoolAddressesProvider.sol',
  ACLManager: 'protocol/configuration/ACLManager.sol',
  PoolInstance: 'instances/PoolInstance.sol',
  PoolConfiguratorInstance: 'instances/PoolConfiguratorInstance.sol',
  ATokenInstance: 'instances/ATokenInstance.sol',
  VariableDebtTokenInstance: 'instances/VariableDebtTokenInstance.sol',
  AaveOracle: 'misc/AaveOracle.sol',
  AaveProtocolDataProvider: 'helpers/AaveProtocolDataProvider.sol',
  DefaultReserveInterestRateStrategyV2: 'misc/DefaultReserveInterestRateStrategyV2.sol',
  MintableERC20: 'mocks/tokens/MintableERC20.sol',
  BorrowLogic: 'protocol/libraries/logic/BorrowLogic.sol',
  FlashLoanLogic: 'protocol/libraries/logic/FlashLoanLogic.sol',
  LiquidationLogic: 'protocol/libraries/logic/LiquidationLogic.sol',
  PoolLogic: 'protocol/libraries/logic/PoolLogic.sol',
  SupplyLogic: 'protocol/libraries/logic/SupplyLogic.sol',
  ConfiguratorLogic: 'protocol/libraries/logic/ConfiguratorLogic.sol',
  Errors: 'protocol/libraries/helpers/Errors.sol',
} as const

export type AaveOriginContractName = keyof typeof AAVE_ORIGIN_CONTRACTS

/** Contracts compiled for their ABI only. */
const ABI_ONLY: ReadonlySet<AaveOriginContractName> = new Set(['Errors'])

export type LinkReferences = Record<string, Record<string, { start: number; length: number }[]>>

export type OriginArtifact = {
  contractName: string
  /** Source unit name: the path under node_modules. */
  sourceName: string
  abi: Abi
  /** Creation code, `0x` when only the ABI was compiled; library placeholders are still in it (`linkBytecode` of ../aave/artifacts.ts). */
  bytecode: Hex
  linkReferences: LinkReferences
  /** Runtime code size in bytes (EIP-170 limit: 24,576). */
  deployedBytecodeSize: number
}

export type AaveOriginArtifacts = {
  /** `@aave-dao/aave-v3-origin@3.6.0` */
  package: string
  solcVersion: string
  /** The cache directory the artifacts were read from or written to. */
  cacheDir: string
  /** True when this call compiled (a cold cache). */
  compiled: boolean
  contracts: Record<AaveOriginContractName, OriginArtifact>
}

export type CompileAaveOriginOptions = {
  /** Default `<repo>/.cache/solc`. */
  cacheRoot?: string | undefined
}

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const require = createRequire(import.meta.url)
/** node_modules holding the origin package; its dependencies are hoisted beside it (npm ci). */
const NODE_MODULES = join(dirname(require.resolve(`${AAVE_ORIGIN_PACKAGE}/package.json`)), '..', '..')

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(NODE_MODULES, name, 'package.json'), 'utf8')) as { version: string }).version
}

const IMPORT = /\bimport\s+(?:[^;'"]*?\s+from\s+)?["']([^"']+)["']\s*;/g

/** A Solidity import path as a source unit name: relative to the importer, else remapped. */
function resolveImport(importer: string, path: string): string {
  if (path.startsWith('./') || path.startsWith('../')) return posix.normalize(posix.join(posix.dirname(importer), path))
  let best: { from: string; to: string } | undefined
  for (const remapping of AAVE_ORIGIN_SOLC_SETTINGS.remappings) {
    const [from = '', to = ''] = remapping.split('=')
    if (path.startsWith(from) && (!best || from.length > best.from.length)) best = { from, to }
  }
  return best ? best.to + path.slice(best.from.length) : path
}

/** Every source the entry files need, read from node_modules (unit name -> content), in a stable order. */
function collectSources(entries: readonly string[]): Map<string, string> {
  const sources = new Map<string, string>()
  const pending = [...entries]
  for (let unit = pending.pop(); unit !== undefined; unit = pending.pop()) {
    if (sources.has(unit)) continue
    const file = join(NODE_MODULES, unit)
    if (!existsSync(file)) throw new Error(`Solidity import ${unit} is not in node_modules (${file})`)
    const content = readFileSync(file, 'utf8')
    sources.set(unit, content)
    for (const match of content.matchAll(IMPORT)) pending.push(resolveImport(unit, match[1] as string))
  }
  return new Map([...sources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

type SolcOutput = {
  errors?: { severity: 'error' | 'warning' | 'info'; formattedMessage: string }[]
  contracts?: Record<
    string,
    Record<
      string,
      {
        abi: Abi
        evm?: {
          bytecode?: { object: string; linkReferences: LinkReferences }
          deployedBytecode?: { object: string }
        }
      }
    >
  >
}

/**
 * Runs solc-js in a worker thread (the compile is one synchronous wasm call). The worker is plain JS
 * evaluated from a string, so it needs no TypeScript loader.
 */
async function runSolc(input: object): Promise<SolcOutput> {
  const solcPath = require.resolve(SOLC_PACKAGE)
  const code = `
    const { parentPort, workerData } = require('node:worker_threads')
    const solc = require(workerData.solcPath)
    parentPort.postMessage(solc.compile(workerData.input))
  `
  const worker = new Worker(code, { eval: true, workerData: { solcPath, input: JSON.stringify(input) } })
  const output = await new Promise<string>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (exitCode) => reject(new Error(`solc worker exited with code ${exitCode}`)))
  })
  await worker.terminate()
  return JSON.parse(output) as SolcOutput
}

let memo: Promise<AaveOriginArtifacts> | undefined

/**
 * The compiled contracts, from the cache when it holds them (well under a second), else compiled
 * (about 35 s on an idle core, minutes on a loaded one) and cached. Memoized per process.
 * @example
 * const { contracts } = await compileAaveOrigin()
 * contracts.PoolInstance.linkReferences // { '@aave-dao/.../BorrowLogic.sol': { BorrowLogic: [...] }, ... }
 */
export function compileAaveOrigin(options: CompileAaveOriginOptions = {}): Promise<AaveOriginArtifacts> {
  if (options.cacheRoot !== undefined) return compileUncached(options.cacheRoot)
  memo ??= compileUncached(join(REPO_ROOT, '.cache', 'solc')).catch((error: unknown) => {
    memo = undefined
    throw error
  })
  return memo
}

const ARTIFACTS_FILE = 'artifacts.json'

async function compileUncached(cacheRoot: string): Promise<AaveOriginArtifacts> {
  const solcVersion = packageVersion(SOLC_PACKAGE)
  const originVersion = packageVersion(AAVE_ORIGIN_PACKAGE)
  const names = Object.keys(AAVE_ORIGIN_CONTRACTS) as AaveOriginContractName[]
  const entryOf = (name: AaveOriginContractName) => `${ORIGIN_ROOT}/${AAVE_ORIGIN_CONTRACTS[name]}`
  const sources = collectSources(names.map(entryOf))

  const hash = createHash('sha256')
  hash.update(JSON.stringify({ solcVersion, settings: AAVE_ORIGIN_SOLC_SETTINGS, contracts: AAVE_ORIGIN_CONTRACTS }))
  for (const [unit, content] of sources) hash.update(`\0${unit}\0${content}`)
  const cacheDir = join(cacheRoot, `aave-v3-origin@${originVersion}-${hash.digest('hex').slice(0, 12)}`)
  const meta = { package: `${AAVE_ORIGIN_PACKAGE}@${originVersion}`, solcVersion, cacheDir }

  const cached = join(cacheDir, ARTIFACTS_FILE)
  if (existsSync(cached)) {
    const contracts = JSON.parse(readFileSync(cached, 'utf8')) as AaveOriginArtifacts['contracts']
    return { ...meta, compiled: false, contracts }
  }

  const outputSelection: Record<string, Record<string, string[]>> = {}
  for (const name of names) {
    const file = entryOf(name)
    outputSelection[file] ??= {}
    ;(outputSelection[file] as Record<string, string[]>)[name] = ABI_ONLY.has(name)
      ? ['abi']
      : ['abi', 'evm.bytecode.object', 'evm.bytecode.linkReferences', 'evm.deployedBytecode.object']
  }
  const output = await runSolc({
    language: 'Solidity',
    sources: Object.fromEntries([...sources].map(([unit, content]) => [unit, { content }])),
    settings: { ...AAVE_ORIGIN_SOLC_SETTINGS, outputSelection },
  })
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length) throw new Error(`solc ${solcVersion} failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`)

  const contracts = {} as AaveOriginArtifacts['contracts']
  for (const name of names) {
    const sourceName = entryOf(name)
    const compiled = output.contracts?.[sourceName]?.[name]
    if (!compiled) throw new Error(`solc produced no ${name} in ${sourceName}`)
    const bytecode = compiled.evm?.bytecode?.object ?? ''
    contracts[name] = {
      contractName: name,
      sourceName,
      abi: compiled.abi,
      bytecode: `0x${bytecode}`,
      linkReferences: compiled.evm?.bytecode?.linkReferences ?? {},
      deployedBytecodeSize: (compiled.evm?.deployedBytecode?.object.length ?? 0) / 2,
    }
  }

  // Private directory, then an atomic rename: a reader never sees half a cache entry.
  mkdirSync(cacheRoot, { recursive: true })
  const staging = join(cacheRoot, `.staging-${process.pid}-${Math.random().toString(36).slice(2)}`)
  mkdirSync(staging)
  writeFileSync(join(staging, ARTIFACTS_FILE), JSON.stringify(contracts))
  writeFileSync(
    join(staging, 'input.json'),
    JSON.stringify({ ...meta, settings: AAVE_ORIGIN_SOLC_SETTINGS, sources: [...sources.keys()] }, null, 2),
  )
  try {
    renameSync(staging, cacheDir)
  } catch (error) {
    // Another process renamed first (ENOTEMPTY / EEXIST): theirs is the same compile; keep it.
    rmSync(staging, { recursive: true, force: true })
    if (!existsSync(cached)) throw error
  }
  return { ...meta, compiled: true, contracts }
}

/**
 * Every custom error any compiled contract can revert with (the Pool's libraries revert with `Errors`
 * declarations that are not in the Pool's own ABI), once each: decode a revert with it.
 */
export function originErrorsAbi(artifacts: AaveOriginArtifacts): AbiError[] {
  const seen = new Map<string, AbiError>()
  for (const artifact of Object.values(artifacts.contracts)) {
    for (const item of artifact.abi) {
      if (item.type !== 'error') continue
      const signature = `${item.name}(${item.inputs.map((i) => i.type).join(',')})`
      if (!seen.has(signature)) seen.set(signature, item)
    }
  }
  return [...seen.values()]
}
