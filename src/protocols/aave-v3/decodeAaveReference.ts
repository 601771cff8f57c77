import { type Address, getAddress, zeroAddress } from 'viem'
import type { EvmCallResult } from '../../chains/multicall'
import { aaveV3RulesOfRevision } from '../../engine'
import { AaveReadError } from './errors'
import type { AaveMarketConfig, AaveReference, AaveSentinel } from './types'

/** E-mode ids probed by the reference round (Aave ids are uint8; production markets use far fewer). */
export const MAX_EMODE_CATEGORY_ID = 64

/** Raw answers of the reference rounds, in plan order (see readAaveReference). */
export type AaveReferenceRaw = {
  market: AaveMarketConfig
  blockNumber: bigint
  /** Round 1: `getPool`, `getPriceOracle`, `getPriceOracleSentinel`. */
  addresses: readonly EvmCallResult[]
  /**
   * Round 2: `getReservesList`, `BASE_CURRENCY_UNIT`, `getEModeCategoryData(1..MAX_EMODE_CATEGORY_ID)`,
   * then, when the market has a sentinel, its `getSequencerOracle` and `getGracePeriod`, and last
   * `Pool.POOL_REVISION`.
   */
  lists: readonly EvmCallResult[]
  /**
   * Round 3: per reserve `getReserveData`, `symbol`, `AaveOracle.getSourceOfAsset`, then
   * `getSourceOfAsset` of each e-mode price source (`categoryPriceSources` order).
   */
  reserves: readonly EvmCallResult[]
}

type ReserveDataRaw = {
  id: number
  aTokenAddress: Address
  stableDebtTokenAddress: Address
  variableDebtTokenAddress: Address
}

type EModeCategoryRaw = { liquidationThreshold: number; priceSource: Address }

/** The result of a sub-call the decode cannot do without; a failure is an error, never a zero. */
export function required<T>(result: EvmCallResult | undefined, what: string): T {
  if (!result) throw new AaveReadError(`Missing answer for ${what}.`)
  if (result.status === 'failure') throw new AaveReadError(`${what} failed.`, { cause: result.error })
  return result.result as T
}

/** Pure: the categories that exist among round 2's `getEModeCategoryData` answers, with their price source. */
export function decodeEModeCategories(lists: readonly EvmCallResult[]): { id: number; priceSource: Address }[] {
  return lists.slice(2, 2 + MAX_EMODE_CATEGORY_ID).flatMap((result, i) => {
    if (result.status === 'failure') return []
    const data = result.result as EModeCategoryRaw
    return data.liquidationThreshold === 0 ? [] : [{ id: i + 1, priceSource: getAddress(data.priceSource) }]
  })
}

/** Pure: the distinct non-zero price sources of the categories, in category order (round 3 asks each for its feed). */
export function categoryPriceSources(categories: readonly { priceSource: Address }[]): Address[] {
  return [...new Set(categories.map((c) => c.priceSource).filter((s) => s !== zeroAddress))]
}

/**
 * Pure: the reference rounds' answers -> `AaveReference`. A reserve whose `symbol()` fails (e.g.
 * a bytes32 symbol) is named by its address.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/pool/Pool.sol
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/misc/AaveOracle.sol
 * @example
 * const reference = decodeAaveReference(raw)
 */
export function decodeAaveReference(raw: AaveReferenceRaw): AaveReference {
  const { market } = raw
  const pool = getAddress(required<Address>(raw.addresses[0], 'PoolAddressesProvider.getPool'))
  const oracle = getAddress(required<Address>(raw.addresses[1], 'PoolAddressesProvider.getPriceOracle'))
  const sentinelAddress = getAddress(
    required<Address>(raw.addresses[2], 'PoolAddressesProvider.getPriceOracleSentinel'),
  )
  const list = required<readonly Address[]>(raw.lists[0], 'Pool.getReservesList')
  const unit = required<bigint>(raw.lists[1], 'AaveOracle.BASE_CURRENCY_UNIT')
  let sentinel: AaveSentinel | null = null
  if (sentinelAddress !== zeroAddress) {
    const at = 2 + MAX_EMODE_CATEGORY_ID
    const gracePeriod = required<bigint>(raw.lists[at + 1], 'PriceOracleSentinel.getGracePeriod')
    if (gracePeriod > BigInt(Number.MAX_SAFE_INTEGER))
      throw new AaveReadError(`PriceOracleSentinel.getGracePeriod answered ${gracePeriod} seconds.`)
    sentinel = {
      address: sentinelAddress,
      sequencerOracle: getAddress(required<Address>(raw.lists[at], 'PriceOracleSentinel.getSequencerOracle')),
      gracePeriodSec: Number(gracePeriod),
    }
  }
  const feedOf = (result: EvmCallResult | undefined, asset: Address) =>
    getAddress(required<Address>(result, `AaveOracle.getSourceOfAsset(${asset})`))
  const reserves = list.map((underlying, i) => {
    const data = required<ReserveDataRaw>(raw.reserves[i * 3], `Pool.getReserveData(${underlying})`)
    const symbol = raw.reserves[i * 3 + 1]
    return {
      underlying: getAddress(underlying),
      symbol: symbol?.status === 'success' ? (symbol.result as string) : getAddress(underlying),
      id: data.id,
      aToken: getAddress(data.aTokenAddress),
      variableDebtToken: getAddress(data.variableDebtTokenAddress),
      stableDebtToken: getAddress(data.stableDebtTokenAddress ?? zeroAddress),
      priceFeed: feedOf(raw.reserves[i * 3 + 2], underlying),
    }
  })
  const revision = required<bigint>(raw.lists[raw.lists.length - 1], 'Pool.POOL_REVISION')
  const detected = aaveV3RulesOfRevision(revision)
  const categories = decodeEModeCategories(raw.lists)
  const sources = categoryPriceSources(categories)
  const sourceFeeds = new Map(sources.map((s, k) => [s, feedOf(raw.reserves[list.length * 3 + k], s)]))
  const eModeCategories = categories.map((c) => ({ ...c, priceFeed: sourceFeeds.get(c.priceSource) ?? zeroAddress }))
  return {
    chainId: market.chainId,
    market: market.market,
    // A revision newer than the engine knows is read with the newest rules, reported as unproven.
    rules: detected ?? 'v3.6',
    poolRevision: Number(revision),
    rulesProven: detected !== undefined,
    stableSymbols: market.stableSymbols ?? [],
    poolAddressesProvider: getAddress(market.poolAddressesProvider),
    pool,
    oracle,
    baseCurrencyUnit: unit.toString(),
    reserves,
    eModeCategories,
    sentinel,
    blockNumber: raw.blockNumber.toString(),
  }
}
