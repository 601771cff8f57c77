/**
 * `npm run sandbox -- feed …` and `sequencer …` on a running sandbox (chains + simulators, no Worker): a feed
 * made stale answers `latestRoundData().updatedAt` = now − age on the chain(s) named and nowhere else, and
 * follows the block time again once live; chain B's sequencer oracle reads down / up since now / up since long
 * ago, and the market's real PriceOracleSentinel holds or allows liquidations accordingly. Values are read back
 * from the chains with their own ABI, not from what the actions return. No assertion on speed.
 */

import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { type Address, parseAbi } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aggregatorV3Abi } from '../../../src/protocols/aave-v3/abi'
import { createAnvilClient } from '../../harness/aave/createAnvilClient'
import { type StartSandboxReturnType, startSandbox } from '../../harness/sandbox'
import { parseDurationSec } from '../../harness/sandboxCli/parseDurationSec'
import { DEFAULT_STALE_FEED_AGE_SEC, setSandboxFeed } from '../../harness/sandboxCli/setSandboxFeed'
import { setSandboxSequencer } from '../../harness/sandboxCli/setSandboxSequencer'
import { ROOT } from '../../harness/sandboxFile'

const sentinelAbi = parseAbi(['function isLiquidationAllowed() view returns (bool)'])

let sandbox: StartSandboxReturnType
beforeAll(async () => {
  sandbox = await startSandbox({ writeFiles: false })
})
afterAll(async () => {
  await sandbox?.close()
})

type FileChain = StartSandboxReturnType['file']['chains'][number]
const chainNamed = (name: string) => sandbox.file.chains.find((c) => c.name === name) as FileChain

async function readRound(chain: FileChain, address: Address, blockNumber?: bigint) {
  const [, answer, , updatedAt] = await createAnvilClient(chain).readContract({
    address,
    abi: aggregatorV3Abi,
    functionName: 'latestRoundData',
    ...(blockNumber === undefined ? {} : { blockNumber }),
  })
  return { answer, updatedAtSec: Number(updatedAt) }
}

async function latestBlock(chain: FileChain) {
  const block = await createAnvilClient(chain).getBlock({ blockTag: 'latest' })
  return { number: block.number, timestampSec: Number(block.timestamp) }
}

/** A live feed's `updatedAt` is its block's timestamp: read both at one block (a new one comes every 2 s). */
async function expectLive(chain: FileChain, feed: Address) {
  const block = await latestBlock(chain)
  expect((await readRound(chain, feed, block.number)).updatedAtSec).toBe(block.timestampSec)
}

/** The "now" `setSandboxSequencer` takes at least: the wall clock, or the latest block's time when behind it. */
async function chainNowAtLeast(chain: FileChain): Promise<number> {
  const wallSec = Math.floor(Date.now() / 1000)
  return Math.min(wallSec, (await latestBlock(chain)).timestampSec)
}

const wethFeed = (chain: FileChain) => chain.aave.reserves.WETH?.aggregator as Address
/** A feed of chain A's v3.6 market (`Origin`). */
const originFeed = (symbol: string) =>
  chainNamed('a').aaveMarkets?.find((m) => m.market === 'Origin')?.reserves[symbol]?.aggregator as Address

describe('sandbox feed', () => {
  it('stale freezes WETH in every market of both chains at now − 25 h by default; live follows the block time again', async () => {
    const nowMs = Date.now()
    const nowSec = Math.floor(nowMs / 1000)
    const stale = await setSandboxFeed(sandbox.file, { action: 'stale', asset: 'weth', nowMs })
    // Chain A runs two markets (v3.0 Sandbox, v3.6 Origin), each with a WETH feed of its own.
    expect(stale.map((f) => [f.name, f.market, f.asset, f.frozen, f.ageSec])).toEqual([
      ['a', 'Sandbox', 'WETH', true, 25 * 3600],
      ['a', 'Origin', 'WETH', true, 25 * 3600],
      ['b', 'Sandbox', 'WETH', true, 25 * 3600],
    ])
    const originWeth = originFeed('WETH')
    expect(originWeth).not.toBe(wethFeed(chainNamed('a')))
    for (const [chain, feed] of [
      ...sandbox.file.chains.map((c) => [c, wethFeed(c)] as const),
      [chainNamed('a'), originWeth] as const,
    ]) {
      const round = await readRound(chain, feed)
      expect(round.updatedAtSec).toBe(nowSec - DEFAULT_STALE_FEED_AGE_SEC)
      expect(round.answer).toBe(3000_00000000n)
    }
    // The other feeds stay live.
    for (const chain of sandbox.file.chains) await expectLive(chain, chain.aave.reserves.WBTC?.aggregator as Address)
    await expectLive(chainNamed('a'), originFeed('WBTC'))

    const live = await setSandboxFeed(sandbox.file, { action: 'live', asset: 'WETH' })
    expect(live.map((f) => f.frozen)).toEqual([false, false, false])
    for (const chain of sandbox.file.chains) await expectLive(chain, wethFeed(chain))
    await expectLive(chainNamed('a'), originWeth)
  })

  it('stale with an age on one chain leaves the other live', async () => {
    const nowMs = Date.now()
    await setSandboxFeed(sandbox.file, {
      action: 'stale',
      asset: 'WETH',
      ageSec: parseDurationSec('2h'),
      chain: 'b',
      nowMs,
    })
    const a = chainNamed('a')
    const b = chainNamed('b')
    expect((await readRound(b, wethFeed(b))).updatedAtSec).toBe(Math.floor(nowMs / 1000) - 7200)
    await expectLive(a, wethFeed(a))
    const [status] = await setSandboxFeed(sandbox.file, { action: 'status', asset: 'WETH', chain: '31338' })
    expect(status).toMatchObject({ name: 'b', frozen: true, updatedAtSec: Math.floor(nowMs / 1000) - 7200 })
    await setSandboxFeed(sandbox.file, { action: 'live', asset: 'WETH', chain: 'b' })
    await expectLive(b, wethFeed(b))
  })

  it('refuses unknown assets and chains, a missing asset and a zero age', async () => {
    await expect(setSandboxFeed(sandbox.file, { action: 'stale', asset: 'FOO' })).rejects.toThrow(
      'Unknown asset "FOO". The sandbox\'s Aave reserves are WETH, WSTETH, USDC, DAI, WBTC, LINK.',
    )
    await expect(setSandboxFeed(sandbox.file, { action: 'live', asset: 'WETH', chain: 'c' })).rejects.toThrow(
      'Unknown chain "c". The sandbox runs a (31337), b (31338).',
    )
    await expect(setSandboxFeed(sandbox.file, { action: 'stale' })).rejects.toThrow(RangeError)
    await expect(setSandboxFeed(sandbox.file, { action: 'stale', asset: 'WETH', ageSec: 0 })).rejects.toThrow(
      RangeError,
    )
  })

  it('parses ages in seconds or with a unit', () => {
    expect([parseDurationSec('90000'), parseDurationSec('90s'), parseDurationSec('30m')]).toEqual([90_000, 90, 1800])
    expect([parseDurationSec('25h'), parseDurationSec('2d')]).toEqual([90_000, 172_800])
    expect(() => parseDurationSec('0')).toThrow('not above 0 s')
    expect(() => parseDurationSec('-5')).toThrow('is not an age')
    expect(() => parseDurationSec('c')).toThrow('is not an age')
  })
})

describe('sandbox sequencer', () => {
  const sequencerOf = () => chainNamed('b').sequencer as NonNullable<FileChain['sequencer']>
  const liquidationAllowed = async () =>
    await createAnvilClient(chainNamed('b')).readContract({
      address: sequencerOf().sentinel as Address,
      abi: sentinelAbi,
      functionName: 'isLiquidationAllowed',
    })

  it('the sandbox file names chain B’s sequencer oracle and sentinel, and none on chain A', () => {
    expect(chainNamed('a').sequencer).toBeNull()
    expect(sequencerOf()).toEqual({
      oracle: sandbox.chains.chains.b.sequencer?.sequencerOracle,
      sentinel: sandbox.chains.chains.b.sequencer?.sentinel,
      gracePeriodSec: 3600,
    })
  })

  it('down since now, up since now (grace), up since a day ago (grace over)', async () => {
    const b = chainNamed('b')
    const oracle = sequencerOf().oracle as Address

    let atLeast = await chainNowAtLeast(b)
    const [down] = await setSandboxSequencer(sandbox.file, { action: 'down' })
    let round = await readRound(b, oracle)
    expect(round.answer).toBe(1n)
    expect(round.updatedAtSec).toBeGreaterThanOrEqual(atLeast)
    expect(round.updatedAtSec).toBeLessThanOrEqual(Math.floor(Date.now() / 1000))
    expect(down).toMatchObject({ name: 'b', chainId: 31338, up: false, sinceSec: round.updatedAtSec })
    expect(await liquidationAllowed()).toBe(false)

    atLeast = await chainNowAtLeast(b)
    const [up] = await setSandboxSequencer(sandbox.file, { action: 'up' })
    round = await readRound(b, oracle)
    expect(round.answer).toBe(0n)
    expect(round.updatedAtSec).toBeGreaterThanOrEqual(atLeast)
    // Never after the chain's own clock: the sentinel's block.timestamp − updatedAt would revert.
    expect(round.updatedAtSec).toBeLessThanOrEqual((await latestBlock(b)).timestampSec)
    expect(up).toMatchObject({ up: true, liquidationAllowed: false })
    expect(await liquidationAllowed()).toBe(false)

    atLeast = await chainNowAtLeast(b)
    const nowMs = Date.now()
    const [over] = await setSandboxSequencer(sandbox.file, { action: 'up', graceOver: true, nowMs })
    round = await readRound(b, oracle)
    expect(round.answer).toBe(0n)
    expect(round.updatedAtSec).toBeLessThanOrEqual(Math.floor(nowMs / 1000) - 86_400)
    expect(round.updatedAtSec).toBeGreaterThanOrEqual(atLeast - 86_400)
    expect(over).toMatchObject({ up: true, liquidationAllowed: true })
    expect(await liquidationAllowed()).toBe(true)
  })

  it('up on a stopped chain is since its latest block at most, so the sentinel still answers', async () => {
    const b = sandbox.chains.chains.b
    await b.stopMining()
    try {
      const latest = (await latestBlock(chainNamed('b'))).timestampSec
      await setSandboxSequencer(sandbox.file, { action: 'up' })
      const round = await readRound(chainNamed('b'), sequencerOf().oracle as Address)
      // The command's own transaction mines one block (a second at most after `latest`).
      expect(round.updatedAtSec).toBeLessThanOrEqual(latest + 1)
      expect(await liquidationAllowed()).toBe(false)
    } finally {
      await b.startMining()
    }
  })

  it('a sandbox file without a sequencer oracle asks for a restart', async () => {
    const file = { ...sandbox.file, chains: sandbox.file.chains.map(({ sequencer: _, ...chain }) => chain) }
    await expect(setSandboxSequencer(file, { action: 'down' })).rejects.toThrow('restart `npm run dev`')
  })
})

describe('sandbox CLI usage errors', () => {
  // Refused before the CLI reads .sandbox/sandbox.json, so no sandbox file is needed (nor touched).
  const run = async (...args: string[]) => {
    try {
      await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsx'), ['test/harness/sandboxCli.ts', ...args], {
        cwd: ROOT,
      })
      return { code: 0, stderr: '' }
    } catch (error) {
      const failed = error as { code: number; stderr: string }
      return { code: failed.code, stderr: failed.stderr }
    }
  }

  it.each([
    [['feed', 'stale'], 'feed stale needs an asset, e.g. WETH.'],
    [['feed', 'frozen', 'WETH'], 'feed takes stale, live or nothing, not "frozen".'],
    [['sequencer', 'sideways'], 'sequencer takes down, up or nothing, not "sideways".'],
    [['sequencer', 'down', '--over'], 'sequencer down takes nothing, not "--over".'],
  ])('%j exits 2 with the usage', async (args, message) => {
    const { code, stderr } = await run(...args)
    expect(code).toBe(2)
    expect(stderr).toContain(message)
    expect(stderr).toContain('sequencer up [--over]')
  })
})
