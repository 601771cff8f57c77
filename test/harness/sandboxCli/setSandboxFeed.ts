import { type Address, formatUnits, getAddress } from 'viem'
import { aggregatorV3Abi } from '../../../src/protocols/aave-v3/abi'
import { createAnvilClient } from '../aave/createAnvilClient'
import { PRICE_FEED_DECIMALS, PRICE_FEED_SLOTS, setPriceFeedUpdatedAt } from '../aave/priceFeed'
import type { SandboxFile } from '../sandbox'
import { sandboxAaveMarkets } from './sandboxAaveMarkets'
import { selectSandboxChains } from './selectSandboxChains'

/**
 * How old a feed made stale without an age is: 25 h, past the 24 h heartbeat the Worker judges a feed by when
 * `FRESHNESS` names none (src/sources/getFreshnessRules.ts), so it reports ORACLE_STALE.
 */
export const DEFAULT_STALE_FEED_AGE_SEC = 25 * 3600

export type SetSandboxFeedParameters = {
  /** `stale` freezes the feed's `updatedAt` at now − `ageSec`, `live` makes it follow the block time again. */
  action: 'stale' | 'live' | 'status'
  /** An Aave reserve's symbol, any case (`weth`); every reserve when undefined (status only). */
  asset?: string | undefined
  /** `stale`: how long ago the feed last updated, seconds; default `DEFAULT_STALE_FEED_AGE_SEC`. */
  ageSec?: number | undefined
  /** A chain's name (`a`, `b`) or id; every chain when undefined. */
  chain?: string | undefined
  /** The wall clock, ms: "now" for `stale` and the ages returned. Default `Date.now()`. */
  nowMs?: number | undefined
}

export type SandboxFeedStatus = {
  name: string
  chainId: number
  /** The Aave market the feed prices for (`Sandbox`, `Origin`). */
  market: string
  asset: string
  feed: Address
  /** `latestRoundData().answer`, USD. */
  answerUsd: string
  /** `latestRoundData().updatedAt`, unix seconds, as the Worker reads it. */
  updatedAtSec: number
  /** Wall clock minus `updatedAtSec`, seconds. */
  ageSec: number
  /** Whether `updatedAt` is frozen (storage slot 1 set) rather than following the block time. */
  frozen: boolean
}

export type SetSandboxFeedReturnType = SandboxFeedStatus[]

/**
 * `npm run sandbox -- feed stale|live <ASSET> …`: freezes the Aave oracle feed of a reserve, in every market of
 * the chain(s) (chain A: `Sandbox` and `Origin`), so
 * that its `latestRoundData().updatedAt` stays at now − `ageSec` (the Worker reports ORACLE_STALE once that is
 * past the feed's heartbeat), or makes it live again. A storage write on the sandbox's feed
 * (test/harness/aave/priceFeed.ts, slot 1): no transaction, no block; `npm run sandbox -- reset` also makes
 * every feed live again. Returns each feed's `latestRoundData` as read back.
 *
 * @throws {RangeError} on an unknown asset or chain, a missing asset, or an age that is not a positive whole
 * number of seconds before now (the CLI reports a usage error).
 * @example
 * await setSandboxFeed(file, { action: 'stale', asset: 'WETH', chain: 'b' })
 */
export async function setSandboxFeed(
  file: SandboxFile,
  { action, asset, ageSec = DEFAULT_STALE_FEED_AGE_SEC, chain, nowMs = Date.now() }: SetSandboxFeedParameters,
): Promise<SetSandboxFeedReturnType> {
  const chains = selectSandboxChains(file, chain)
  if (asset === undefined && action !== 'status') throw new RangeError(`feed ${action} needs an asset.`)
  const symbol = asset?.toUpperCase()
  const known = [...new Set(chains.flatMap((c) => sandboxAaveMarkets(c).flatMap((m) => Object.keys(m.reserves))))]
  if (symbol !== undefined && !known.includes(symbol))
    throw new RangeError(`Unknown asset "${asset}". The sandbox's Aave reserves are ${known.join(', ')}.`)
  const nowSec = Math.floor(nowMs / 1000)
  if (action === 'stale' && (!Number.isSafeInteger(ageSec) || ageSec <= 0 || ageSec >= nowSec))
    throw new RangeError(`A stale feed's age is a whole number of seconds above 0, not ${ageSec}.`)

  // Every market of the chain: chain A's v3.0 and v3.6 markets have feeds of their own for the same symbol.
  const feeds = chains.flatMap((c) =>
    sandboxAaveMarkets(c).flatMap((m) =>
      Object.values(m.reserves)
        .filter((reserve) => symbol === undefined || reserve.symbol.toUpperCase() === symbol)
        .map((reserve) => ({
          chain: c,
          market: m.market,
          asset: reserve.symbol,
          feed: getAddress(reserve.aggregator),
        })),
    ),
  )
  return await Promise.all(
    feeds.map(async ({ chain: c, market, asset, feed }): Promise<SandboxFeedStatus> => {
      const client = createAnvilClient(c)
      if (action === 'stale') await setPriceFeedUpdatedAt(client, feed, nowSec - ageSec)
      if (action === 'live') await setPriceFeedUpdatedAt(client, feed, 0)
      const [[, answer, , updatedAt], frozenWord] = await Promise.all([
        client.readContract({ address: feed, abi: aggregatorV3Abi, functionName: 'latestRoundData' }),
        client.getStorageAt({ address: feed, slot: `0x${PRICE_FEED_SLOTS.frozenUpdatedAt.toString(16)}` }),
      ])
      return {
        name: c.name,
        chainId: c.chainId,
        market,
        asset,
        feed,
        answerUsd: formatUnits(answer, PRICE_FEED_DECIMALS),
        updatedAtSec: Number(updatedAt),
        ageSec: nowSec - Number(updatedAt),
        frozen: BigInt(frozenWord ?? '0x0') !== 0n,
      }
    }),
  )
}
