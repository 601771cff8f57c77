/**
 * Node-only: builds the sandbox's chain state once (deploy + seed, about a minute of transactions, plus the
 * v3.6 and Morpho Blue compiles when .cache/solc does not hold them) and caches it as `anvil_dumpState` output keyed by a hash of
 * everything that shapes it (the harness sources, the Aave packages' versions, the anvil version and the
 * genesis time, which follows the UTC day: `sandboxGenesisTimestamp`). Later starts that day only load it;
 * caches of other days are pruned.
 */

import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Address, Hex } from 'viem'
import {
  type AaveMarket,
  ANVIL_BINARY,
  type AnvilClient,
  createAnvilClient,
  deployAaveMarket,
  deploySequencerSentinel,
  provideLiquidity,
  SANDBOX_MARKET,
  type SequencerSentinel,
  startAnvil,
} from '../aave'
import {
  type AaveOriginMarket,
  compileAaveOrigin,
  deployAaveOriginMarket,
  ORIGIN_MARKET,
  seedOriginDemo,
} from '../aave-origin'
import { demoAccount } from '../demoAccounts'
import { compileMorphoBlue } from '../morpho/compileMorphoBlue'
import { type SandboxMorpho, seedSandboxMorpho } from '../morpho/seedSandboxMorpho'
import { deployMulticall3 } from './deployMulticall3'
import { deployRateProvider } from './deployRateProvider'
import {
  SANDBOX_CHAINS,
  SANDBOX_SEQUENCER_GRACE_PERIOD_SEC,
  type SandboxChainName,
  sandboxGenesisTimestamp,
} from './sandboxChains'
import { seedChainA, seedChainB } from './seedDemoAccounts'

/** A v3.6 market's addresses: the compiled artifacts stay in .cache/solc, not in the state file. */
export type OriginMarketAddresses = Omit<AaveOriginMarket, 'artifacts'>

export type ChainState = {
  /** `anvil_dumpState` output. */
  dump: Hex
  latestBlock: number
  latestTimestamp: number
  market: AaveMarket
  multicall3: Address | undefined
  /** Chain B only: the L2 sequencer oracle and the market's PriceOracleSentinel over it. */
  sequencer?: SequencerSentinel | undefined
  /** Chain A only: the real Aave v3.6 market (`ORIGIN_MARKET`, market name `Origin`) with its demo positions. */
  origin?: OriginMarketAddresses | undefined
  /** Chain A only: Morpho Blue (WETH/USDC and WBTC/USDC over the Aave market's tokens) with the Morpho demo positions. */
  morpho?: SandboxMorpho | undefined
}

export type ChainsState = { key: string; chains: Record<SandboxChainName, ChainState> }

const root = fileURLToPath(new URL('../../../', import.meta.url))
const DEFAULT_CACHE_DIR = join(root, 'node_modules/.cache/solvent-chains')

/** Anvil's fifth dev account (not a demo account) supplies the liquidity users borrow. */
const LIQUIDITY_PROVIDER: Address = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65'

/** Hash of the inputs of `buildChainsState`: change any of them and the cache is rebuilt. */
export function chainsStateKey(genesisTimestamp: number = sandboxGenesisTimestamp()): string {
  const hash = createHash('sha256')
  hash.update(`genesis ${genesisTimestamp}\n`)
  for (const dir of ['test/harness/aave', 'test/harness/aave-origin', 'test/harness/chains', 'test/harness/morpho']) {
    for (const file of readdirSync(join(root, dir)).sort()) hash.update(readFileSync(join(root, dir, file)))
  }
  hash.update(readFileSync(join(root, 'test/harness/demoAccounts.ts')))
  hash.update(readFileSync(join(root, 'node_modules/@aave/core-v3/package.json')))
  hash.update(readFileSync(join(root, 'node_modules/@aave-dao/aave-v3-origin/package.json')))
  hash.update(readFileSync(join(root, 'node_modules/@morpho-org/morpho-blue/package.json')))
  hash.update(execFileSync(ANVIL_BINARY, ['--version']))
  return hash.digest('hex').slice(0, 16)
}

async function latest(client: AnvilClient) {
  const block = await client.getBlock()
  return { latestBlock: Number(block.number), latestTimestamp: Number(block.timestamp) }
}

/**
 * Deploys the market on both chains, seeds each and puts Multicall3 on chain A only. Deterministic: the given
 * genesis time, one second per block, no block but the transactions' (no interval mining while building).
 */
export async function buildChainsState({
  genesisTimestamp = sandboxGenesisTimestamp(),
}: {
  genesisTimestamp?: number | undefined
} = {}): Promise<ChainsState> {
  // The two Solidity compiles (v3.6 in a worker thread, Morpho Blue in a child process; each a minute or so on a
  // loaded core when .cache/solc is cold) run at once and beside the v3.0 deployment; the deployments that need
  // them then read the cache. Awaited below; the catch only keeps a failure from being unhandled meanwhile.
  const compiled = Promise.all([compileAaveOrigin(), compileMorphoBlue()])
  compiled.catch(() => undefined)
  const anvilA = await startAnvil({ chainId: SANDBOX_CHAINS.a.chainId, timestamp: genesisTimestamp })
  const anvilB = await startAnvil({ chainId: SANDBOX_CHAINS.b.chainId, timestamp: genesisTimestamp })
  try {
    const a = createAnvilClient(anvilA)
    const b = createAnvilClient(anvilB)
    // Same deployer, same nonces: the market has the same addresses on both chains.
    const [market] = await Promise.all([deployMarket(a), deployMarket(b)])
    await compiled

    const multicall3 = await deployMulticall3(a)
    // Chain B is L2-like: its market has a PriceOracleSentinel over a sequencer uptime feed; A has none (L1-like).
    const sequencer = await deploySequencerSentinel(b, market, { gracePeriodSec: SANDBOX_SEQUENCER_GRACE_PERIOD_SEC })
    // After the v3.0 market (which keeps the addresses it has on chain B), before the v3.0 seeding: the v3.0 demo
    // accounts stay exactly as seeded at the state's latest block (no v3.6 block after them accrues interest).
    const origin = await deployOriginMarket(a)
    // Morpho Blue on chain A, over the v3.0 market's tokens, also before the v3.0 seeding.
    const morpho = await seedSandboxMorpho(a, {
      aave: market,
      provider: LIQUIDITY_PROVIDER,
      borrower: demoAccount('morpho').address,
    })
    await seedChainA(a, market)
    await seedChainB(b, market)
    return {
      key: chainsStateKey(genesisTimestamp),
      chains: {
        a: { dump: await a.dumpState(), ...(await latest(a)), market, multicall3, origin, morpho },
        b: { dump: await b.dumpState(), ...(await latest(b)), market, multicall3: undefined, sequencer },
      },
    }
  } finally {
    await Promise.all([anvilA.stop(), anvilB.stop()])
  }
}

async function deployMarket(client: AnvilClient): Promise<AaveMarket> {
  await client.setBlockTimestampInterval({ interval: 1 })
  const market = await deployAaveMarket(client, SANDBOX_MARKET)
  await provideLiquidity(client, market, LIQUIDITY_PROVIDER)
  await deployRateProvider(client)
  return market
}

/**
 * The v3.6 market on chain A, its liquidity (the same provider as the v3.0 market's) and the v3.6 demo
 * positions (seedOriginDemo: e-mode with an LTV-zero asset, under USD 2,000, HF just above 0.95).
 */
async function deployOriginMarket(client: AnvilClient): Promise<OriginMarketAddresses> {
  const market = await deployAaveOriginMarket(client, ORIGIN_MARKET)
  await seedOriginDemo(client, market, {
    provider: LIQUIDITY_PROVIDER,
    eModeLtvzero: demoAccount('v36-emode-ltvzero').address,
    small: demoAccount('v36-small').address,
    nearLiquidation: demoAccount('v36-near-095').address,
  })
  const { artifacts: _compiled, ...addresses } = market
  return addresses
}

export type LoadChainsStateParameters = {
  cacheDir?: string | false | undefined
  /** Default: `sandboxGenesisTimestamp()`, the current UTC day's. */
  genesisTimestamp?: number | undefined
}

/** Other keys' caches untouched for this long are removed (a day's state is rebuilt the next day anyway). */
const STALE_CACHE_MS = 2 * 86_400_000

/** The cached state when its key matches, else a fresh build (written to the cache atomically). */
export async function loadChainsState({
  cacheDir = DEFAULT_CACHE_DIR,
  genesisTimestamp = sandboxGenesisTimestamp(),
}: LoadChainsStateParameters = {}): Promise<{ state: ChainsState; fromCache: boolean }> {
  if (cacheDir === false) return { state: await buildChainsState({ genesisTimestamp }), fromCache: false }
  const key = chainsStateKey(genesisTimestamp)
  const file = join(cacheDir, `chains-${key}.json`)
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as ChainsState
    if (state.key === key) return { state, fromCache: true }
  } catch {
    // no cache yet
  }
  const state = await buildChainsState({ genesisTimestamp })
  mkdirSync(cacheDir, { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, JSON.stringify(state))
  renameSync(temporary, file)
  pruneCaches(cacheDir, file)
  return { state, fromCache: false }
}

/** Removes earlier days' states (left alone for two days, so a start that began before midnight still finds its own). */
function pruneCaches(cacheDir: string, keep: string): void {
  for (const name of readdirSync(cacheDir)) {
    const path = join(cacheDir, name)
    if (path === keep || !/^chains-[0-9a-f]+\.json$/.test(name)) continue
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_CACHE_MS) rmSync(path, { force: true })
    } catch {
      // removed by another start meanwhile
    }
  }
}
