import type { Address } from 'viem'
import type { GetChainConfigReturnType } from '../../chains/getChainConfig'
import { type EvmCall, type EvmReadPlan, multicallByChain } from '../../chains/multicall'
import type { Multicall } from '../../chains/multicallBatch'
import { DEFAULT_SEQUENCER_GRACE_PERIOD_SEC } from '../../chains/sequencerFeeds'
import type { AaveV3Snapshot } from '../../engine'
import type { AssetOverride } from '../assets/getAssetOverrides'
import type { AssetMapping } from '../assets/identifyAsset'
import type { SourceInputs } from '../types'
import { aaveSourceInputs, type DecodeAaveFeedsReturnType, decodeAaveFeeds } from './decodeAaveInputs'
import { decodeAaveHoldings, decodeAaveUser } from './decodeAaveUser'
import { aaveSequencerFeed, planAaveAccount, planAaveFeeds, planAaveMarket } from './planAaveUsers'
import { resolveAaveAssets } from './resolveAaveAssets'
import type { AaveReference } from './types'

export type AaveUserRequest = { reference: AaveReference; account: Address }

export type ReadAaveUsersParameters = {
  config: GetChainConfigReturnType
  /** Accounts per market; any number of markets on any number of chains. */
  requests: readonly AaveUserRequest[]
  /** `ASSET_OVERRIDES`: where the registry reads exchange rates on this deployment. */
  assetOverrides?: readonly AssetOverride[] | undefined
  /**
   * `SEQUENCER_FEEDS` (`getSequencerFeeds`): the uptime feed of each L2 chain, read for markets without
   * a PriceOracleSentinel of their own (a sentinel names its feed). Default: none.
   */
  sequencerFeeds?: ReadonlyMap<number, Address> | undefined
  /** Grace period of a chain's sequencer feed when the market has no sentinel. Default 3600 s. */
  defaultGracePeriodSec?: number | undefined
  fetch?: typeof fetch | undefined
  /** The multicall to read through (a loader's batch); default `multicallByChain`. */
  multicall?: Multicall | undefined
}

/**
 * Per request, same order. `snapshot` is absent when the account has nothing in the market.
 * `inputs` (the price feeds and sequencer the figures rest on, read in the same block) is there
 * whenever the chain answered, also on an error the figures could not survive (e.g. a held
 * reserve whose feed answered <= 0).
 */
export type ReadAaveUsersReturnType = (
  | {
      status: 'ok'
      snapshot: AaveV3Snapshot | undefined
      blockNumber: bigint
      blockTimestamp: bigint
      inputs: SourceInputs
    }
  | { status: 'error'; error: unknown; inputs?: SourceInputs | undefined }
)[]

/**
 * Reads many accounts in many markets: ONE multicall (one `eth_call`) per chain, pinned to the
 * chain's latest block, with each market's shared calls (figures, then its price feeds and
 * sequencer feed) once and each account's calls after them; then a pure decode per account.
 *
 * @example
 * const [alice] = await readAaveUsers({ config, requests: [{ reference, account: alice }] })
 */
export async function readAaveUsers({
  config,
  requests,
  assetOverrides = [],
  sequencerFeeds = new Map(),
  defaultGracePeriodSec = DEFAULT_SEQUENCER_GRACE_PERIOD_SEC,
  fetch: fetchFn,
  multicall = multicallByChain,
}: ReadAaveUsersParameters): Promise<ReadAaveUsersReturnType> {
  const marketKey = (r: AaveReference) => `${r.chainId}:${r.pool}`
  type MarketPlan = MarketCalls & { figures: number; feeds: number }
  const markets = new Map<string, MarketPlan>()
  const plans: EvmReadPlan[] = []
  for (const { reference } of requests) {
    const key = marketKey(reference)
    if (markets.has(key)) continue
    const planned = planMarketCalls(reference, assetOverrides, sequencerFeeds, defaultGracePeriodSec)
    markets.set(key, { ...planned, figures: plans.length, feeds: plans.length + 1 })
    plans.push({ chainId: reference.chainId, calls: planned.marketCalls })
    plans.push({ chainId: reference.chainId, calls: planned.feedCalls })
  }
  const userPlan = requests.map(({ reference, account }) => {
    plans.push({ chainId: reference.chainId, calls: planAaveAccount(reference, account) })
    return plans.length - 1
  })
  const results = await multicall({ config, plans, fetch: fetchFn })

  const decodedFeeds = new Map<string, DecodeAaveFeedsReturnType>()
  return requests.map(({ reference, account }, i) => {
    const plan = markets.get(marketKey(reference)) as MarketPlan
    const market = results[plan.figures]
    const feedResults = results[plan.feeds]
    const user = results[userPlan[i] as number]
    if (!market || !feedResults || !user) return { status: 'error', error: new Error('No multicall result.') }
    // One chain, one multicall: these fail together when the chain does.
    if (market.status === 'error') return { status: 'error', error: market.error }
    if (feedResults.status === 'error') return { status: 'error', error: feedResults.error }
    if (user.status === 'error') return { status: 'error', error: user.error }

    let feeds = decodedFeeds.get(marketKey(reference))
    if (!feeds) {
      feeds = decodeAaveFeeds({ reference, sequencer: plan.sequencer, results: feedResults.results })
      decodedFeeds.set(marketKey(reference), feeds)
    }
    let inputs: SourceInputs
    try {
      const { held, userEMode } = decodeAaveHoldings({ reference, account, user: user.results })
      inputs = aaveSourceInputs({
        reference,
        feeds: feeds.feeds,
        sequencer: feeds.sequencer,
        held,
        userEModeCategory: userEMode,
      })
    } catch (error) {
      return {
        status: 'error',
        error,
        inputs: aaveSourceInputs({ reference, feeds: feeds.feeds, sequencer: feeds.sequencer }),
      }
    }
    // Figures from a chain whose sequencer state is unknown cannot be vouched for.
    if (feeds.sequencerError) return { status: 'error', error: feeds.sequencerError, inputs }
    try {
      const snapshot = decodeAaveUser({
        reference,
        account,
        assets: plan.assets,
        blockNumber: user.blockNumber,
        blockTimestamp: user.blockTimestamp,
        market: market.results,
        user: user.results,
        feeds: feeds.feeds,
      })
      return { status: 'ok', snapshot, blockNumber: user.blockNumber, blockTimestamp: user.blockTimestamp, inputs }
    } catch (error) {
      return { status: 'error', error, inputs }
    }
  })
}

/** A market's shared calls (figures, then feeds) and what decoding them needs. */
type MarketCalls = {
  assets: AssetMapping[]
  sequencer: ReturnType<typeof aaveSequencerFeed>
  marketCalls: EvmCall[]
  feedCalls: EvmCall[]
}

/**
 * The market's shared calls, per reference object (a reference version: the reference tiers hand out
 * the same object until it is read again) and deployment settings, per isolate: the same arrays on
 * every read, so they are planned once and, by the multicall, encoded once (src/chains/multicall.ts).
 * Pure values, never changed once planned.
 */
function planMarketCalls(
  reference: AaveReference,
  assetOverrides: readonly AssetOverride[],
  sequencerFeeds: ReadonlyMap<number, Address>,
  defaultGracePeriodSec: number,
): MarketCalls {
  const cached = marketCalls.get(reference)
  if (
    cached &&
    cached.assetOverrides === assetOverrides &&
    cached.sequencerFeeds === sequencerFeeds &&
    cached.defaultGracePeriodSec === defaultGracePeriodSec
  )
    return cached.planned
  const assets = resolveAaveAssets(reference, assetOverrides)
  const sequencer = aaveSequencerFeed(reference, sequencerFeeds, defaultGracePeriodSec)
  const planned = {
    assets,
    sequencer,
    marketCalls: planAaveMarket(reference, assets),
    feedCalls: planAaveFeeds(reference, sequencer),
  }
  marketCalls.set(reference, { assetOverrides, sequencerFeeds, defaultGracePeriodSec, planned })
  return planned
}

const marketCalls = new WeakMap<
  AaveReference,
  {
    assetOverrides: readonly AssetOverride[]
    sequencerFeeds: ReadonlyMap<number, Address>
    defaultGracePeriodSec: number
    planned: MarketCalls
  }
>()
