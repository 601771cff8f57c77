/**
 * Node-only: Morpho Blue compiled from the Solidity sources npm ships in @morpho-org/morpho-blue, with
 * the repository's own compiler settings, cached under .cache/solc/ (git-ignored; never committed).
 *
 * The cache folder is named after the package, its version and a hash of everything that decides
 * the output (package and compiler versions, settings, source texts), so a version bump compiles
 * afresh. Two processes compiling at once each write a private temporary folder and rename it into
 * place; the loser of the rename drops its copy and reads the winner's, which is identical.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/foundry.toml (solc 0.8.19, via-IR, 999999 runs, paris, no metadata hash)
 */
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Abi, Hex } from 'viem'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const require = createRequire(import.meta.url)
const PACKAGE = '@morpho-org/morpho-blue'
const COMPILER = 'solc-0.8.19'

/** The contracts the harness deploys: the protocol and its own test mocks. */
export const MORPHO_CONTRACTS = {
  Morpho: 'src/Morpho.sol',
  ERC20Mock: 'src/mocks/ERC20Mock.sol',
  OracleMock: 'src/mocks/OracleMock.sol',
  IrmMock: 'src/mocks/IrmMock.sol',
} as const

export type MorphoContractName = keyof typeof MORPHO_CONTRACTS
export type CompiledContract = { abi: Abi; bytecode: Hex }
export type MorphoArtifacts = Record<MorphoContractName, CompiledContract>

/** Morpho Blue's foundry.toml profile, in solc standard-JSON terms. */
const SETTINGS = {
  viaIR: true,
  optimizer: { enabled: true, runs: 999_999 },
  evmVersion: 'paris',
  metadata: { bytecodeHash: 'none' },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version
}

/** Every .sol file of the package's src/, keyed by its path inside the package. */
function readSources(packageRoot: string): Record<string, { content: string }> {
  const sources: Record<string, { content: string }> = {}
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.sol'))
        sources[relative(packageRoot, path)] = { content: readFileSync(path, 'utf8') }
    }
  }
  walk(join(packageRoot, 'src'))
  return sources
}

/**
 * The compiled contracts, from the cache or compiled now (a minute or more on one core).
 * Compilation runs in a child process, so the caller's event loop (a test worker) stays responsive.
 *
 * @example
 * const { Morpho, IrmMock } = await compileMorphoBlue()
 */
export async function compileMorphoBlue(): Promise<MorphoArtifacts> {
  const packageRoot = dirname(require.resolve(`${PACKAGE}/package.json`))
  const sources = readSources(packageRoot)
  const versions = { [PACKAGE]: packageVersion(PACKAGE), [COMPILER]: packageVersion(COMPILER) }
  const hash = createHash('sha256')
    .update(JSON.stringify({ versions, settings: SETTINGS, sources }))
    .digest('hex')
    .slice(0, 16)
  const cacheRoot = join(ROOT, '.cache', 'solc')
  const folder = join(cacheRoot, `${PACKAGE.replace('/', '+')}@${versions[PACKAGE]}-${hash}`)
  const file = join(folder, 'artifacts.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as MorphoArtifacts

  const output = await runSolc({ language: 'Solidity', sources, settings: SETTINGS })
  const artifacts = {} as MorphoArtifacts
  for (const [name, source] of Object.entries(MORPHO_CONTRACTS) as [MorphoContractName, string][]) {
    const contract = output.contracts?.[source]?.[name]
    if (!contract?.evm.bytecode.object) throw new Error(`solc produced no bytecode for ${source}:${name}`)
    artifacts[name] = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` }
  }

  publishCacheFolder({
    folder,
    files: {
      'artifacts.json': JSON.stringify(artifacts),
      'input.json': JSON.stringify({ versions, settings: SETTINGS }, null, 2),
    },
  })
  return artifacts
}

export type PublishCacheFolderParameters = {
  /** The folder to create, named after everything that decides its content. */
  folder: string
  /** File name -> content. */
  files: Record<string, string>
}

/**
 * Writes `files` into a private temporary folder beside `folder`, then renames it into place: a
 * reader sees the whole folder or none of it. When another process renamed its folder first (the
 * rename fails on a non-empty target), the temporary copy is dropped and theirs is kept: both
 * were built from the same inputs, so they are the same.
 */
export function publishCacheFolder({ folder, files }: PublishCacheFolderParameters): void {
  const parent = dirname(folder)
  mkdirSync(parent, { recursive: true })
  const temporary = join(parent, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`)
  mkdirSync(temporary)
  for (const [name, content] of Object.entries(files)) writeFileSync(join(temporary, name), content)
  try {
    renameSync(temporary, folder)
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true })
    if (!existsSync(folder)) throw error
  }
}

type SolcOutput = {
  errors?: { severity: 'error' | 'warning' | 'info'; formattedMessage: string }[]
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>
}

/** Runs solc-js's standard-JSON compile in a child Node process: input on stdin, output on stdout. */
async function runSolc(input: unknown): Promise<SolcOutput> {
  const solcPath = require.resolve(COMPILER)
  const script = `
    const solc = require(${JSON.stringify(solcPath)})
    let input = ''
    process.stdin.on('data', (chunk) => { input += chunk })
    process.stdin.on('end', () => { process.stdout.write(solc.compile(input)) })
  `
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', resolve)
  })
  child.stdin.end(JSON.stringify(input))
  const code = await exited
  if (code !== 0) throw new Error(`solc exited with code ${code}: ${stderr.slice(-2000)}`)
  const output = JSON.parse(stdout) as SolcOutput
  const errors = (output.errors ?? []).filter((error) => error.severity === 'error')
  if (errors.length > 0) throw new Error(`solc: ${errors.map((error) => error.formattedMessage).join('\n')}`)
  return output
}
