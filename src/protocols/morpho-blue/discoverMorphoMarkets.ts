import { type Address, type Hex, numberToHex, pad, parseAbiItem, toEventSelector } from 'viem'
import { ChainUnavailableError } from '../../chains/errors'
import { getChainClient } from '../../chains/getChainClient'
import type { GetChainConfigReturnType } from '../../chains/getChainConfig'
import type { MorphoDiscoveryConfig } from './getMorphoDiscovery'

/** The two ways into a Morpho Blue position, both with `onBehalf` as their third indexed topic. */
const ENTRY_EVENTS = [
  toEventSelector(
    parseAbiItem(
      'event Supply(bytes32 indexed id, address indexed caller, address indexed onBehalf, uint256 assets, uint256 shares)',
    ),
  ),
  toEventSelector(
    parseAbiItem(
      'event SupplyCollateral(bytes32 indexed id, address indexed caller, address indexed onBehalf, uint256 assets)',
    ),
  ),
]

/** What a scan found so far for one account on one chain: JSON-safe, cached as reference data. */
export type MorphoDiscoveryProgress = {
  /** Last block scanned, integer string. */
  scannedTo: string
  /** Market ids the account entered (supplied or posted collateral) in the scanned blocks, lower-case hex. */
  marketIds: Hex[]
}

export type DiscoverMorphoMarketsParameters = {
  config: GetChainConfigReturnType
  discovery: MorphoDiscoveryConfig
  account: Address
  /** What an earlier scan found; the scan resumes after its last block. */
  progress?: MorphoDiscoveryProgress | undefined
  fetch?: typeof fetch | undefined
}

export type DiscoverMorphoMarketsReturnType = {
  progress: MorphoDiscoveryProgress
  /** The chain's head when the scan started, and its timestamp (unix seconds). */
  headBlock: bigint
  headTimestamp: bigint
  /** false: `maxRangesPerRead` ran out before the head; the markets found are not all there may be. */
  complete: boolean
}

/**
 * The markets an account ever entered on one chain, from Morpho's `Supply` and `SupplyCollateral`
 * logs filtered by `onBehalf` (topic 3 of both), resumed from an earlier scan. Bounded: one
 * `eth_getBlockByNumber` (the head) and at most `maxRangesPerRead` `eth_getLogs` of `maxBlockRange` blocks (0: the
 * whole span in one); a known account costs one `eth_getLogs` over the blocks since its last scan.
 * A market it has left is still listed: its position reads as empty and yields no margin account.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/libraries/EventsLib.sol
 * @example
 * const { progress } = await discoverMorphoMarkets({ config, discovery, account })
 * progress.marketIds // ['0xb323…']
 */
export async function discoverMorphoMarkets({
  config,
  discovery,
  account,
  progress,
  fetch: fetchFn,
}: DiscoverMorphoMarketsParameters): Promise<DiscoverMorphoMarketsReturnType> {
  const { chainId, morpho, maxBlockRange, maxRangesPerRead } = discovery
  const client = getChainClient({ config, chainId, fetch: fetchFn })
  const found = new Set(progress?.marketIds ?? [])
  let next = progress ? BigInt(progress.scannedTo) + 1n : discovery.fromBlock
  let scannedTo = next - 1n
  try {
    const head = await client.getBlock({ blockTag: 'latest' })
    const headBlock = head.number
    for (let ranges = 0; next <= headBlock && ranges < maxRangesPerRead; ranges++) {
      const to = maxBlockRange === 0n || next + maxBlockRange - 1n > headBlock ? headBlock : next + maxBlockRange - 1n
      const logs = (await client.request({
        method: 'eth_getLogs',
        params: [
          {
            address: morpho,
            fromBlock: numberToHex(next),
            toBlock: numberToHex(to),
            topics: [ENTRY_EVENTS, null, null, pad(account.toLowerCase() as Hex)],
          },
        ],
      })) as { topics: Hex[] }[]
      for (const log of logs) {
        const id = log.topics[1]
        if (id) found.add(id.toLowerCase() as Hex)
      }
      scannedTo = to
      next = to + 1n
    }
    return {
      progress: { scannedTo: (scannedTo < 0n ? 0n : scannedTo).toString(), marketIds: [...found].sort() },
      headBlock,
      headTimestamp: head.timestamp,
      complete: scannedTo >= headBlock,
    }
  } catch (error) {
    throw new ChainUnavailableError({ chainId, reason: `Morpho market discovery for ${account} failed.`, cause: error })
  }
}
