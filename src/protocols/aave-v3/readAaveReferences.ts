import { zeroAddress } from 'viem'
import type { GetChainConfigReturnType } from '../../chains/getChainConfig'
import { type EvmCall, type EvmPlanResult, multicallByChain } from '../../chains/multicall'
import { addressesProviderAbi, erc20Abi, oracleAbi, poolAbi, priceOracleSentinelAbi } from './abi'
import {
  categoryPriceSources,
  decodeAaveReference,
  decodeEModeCategories,
  MAX_EMODE_CATEGORY_ID,
  required,
} from './decodeAaveReference'
import type { AaveMarketConfig, AaveReference } from './types'

export type ReadAaveReferencesParameters = {
  config: GetChainConfigReturnType
  markets: readonly AaveMarketConfig[]
  fetch?: typeof fetch | undefined
}

/** Per market, same order: its reference, or why it could not be read. */
export type ReadAaveReferencesReturnType = (
  | { status: 'ok'; reference: AaveReference }
  | { status: 'error'; error: unknown }
)[]

type Pending = { market: AaveMarketConfig; error?: unknown }

/**
 * Reads the reference of many markets in three rounds (addresses and the price oracle sentinel;
 * reserve list, oracle unit, e-mode categories, the sentinel's sequencer oracle and grace
 * period and the Pool's revision (which release's rules it runs); per-reserve token addresses, symbols and price feeds, and the feeds of the e-mode price
 * sources), each round ONE multicall per chain,
 * every round pinned to the first round's block. Cache the result (it changes when a reserve or
 * an e-mode category is listed) and pass it to `readAaveUsers`.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/interfaces/IPoolAddressesProvider.sol
 * @example
 * const [result] = await readAaveReferences({ config: getChainConfig(env), markets: getAaveMarkets(env) })
 */
export async function readAaveReferences({
  config,
  markets,
  fetch: fetchFn,
}: ReadAaveReferencesParameters): Promise<ReadAaveReferencesReturnType> {
  const pending: Pending[] = markets.map((market) => ({ market }))
  const blockNumbers = new Map<number, bigint>()

  const round = async (plan: (market: AaveMarketConfig, i: number) => readonly EvmCall[]) => {
    const plans = pending.map((p, i) => ({
      chainId: p.market.chainId,
      calls: p.error === undefined ? plan(p.market, i) : [],
    }))
    const results = await multicallByChain({ config, plans, fetch: fetchFn, blockNumbers })
    results.forEach((result, i) => {
      const p = pending[i] as Pending
      if (result.status === 'error' && p.error === undefined) p.error = result.error
      if (result.status === 'ok' && !blockNumbers.has(result.chainId))
        blockNumbers.set(result.chainId, result.blockNumber)
    })
    return results
  }
  const resultsOf = (result: EvmPlanResult | undefined) => (result?.status === 'ok' ? result.results : [])

  const addresses = await round((market) => [
    { address: market.poolAddressesProvider, abi: addressesProviderAbi, functionName: 'getPool' },
    { address: market.poolAddressesProvider, abi: addressesProviderAbi, functionName: 'getPriceOracle' },
    { address: market.poolAddressesProvider, abi: addressesProviderAbi, functionName: 'getPriceOracleSentinel' },
  ])
  type Addresses = { pool: `0x${string}`; oracle: `0x${string}`; sentinel: `0x${string}` }
  const poolOf = new Map<number, Addresses>()
  pending.forEach((p, i) => {
    if (p.error !== undefined) return
    try {
      const results = resultsOf(addresses[i])
      poolOf.set(i, {
        pool: required(results[0], 'PoolAddressesProvider.getPool'),
        oracle: required(results[1], 'PoolAddressesProvider.getPriceOracle'),
        sentinel: required(results[2], 'PoolAddressesProvider.getPriceOracleSentinel'),
      })
    } catch (error) {
      p.error = error
    }
  })

  const emodeIds = Array.from({ length: MAX_EMODE_CATEGORY_ID }, (_, k) => k + 1)
  const lists = await round((_, i) => {
    const { pool, oracle, sentinel } = poolOf.get(i) as Addresses
    return [
      { address: pool, abi: poolAbi, functionName: 'getReservesList' },
      { address: oracle, abi: oracleAbi, functionName: 'BASE_CURRENCY_UNIT' },
      ...emodeIds.map(
        (id) => ({ address: pool, abi: poolAbi, functionName: 'getEModeCategoryData', args: [id] }) as const,
      ),
      ...(sentinel.toLowerCase() === zeroAddress
        ? []
        : ([
            { address: sentinel, abi: priceOracleSentinelAbi, functionName: 'getSequencerOracle' },
            { address: sentinel, abi: priceOracleSentinelAbi, functionName: 'getGracePeriod' },
          ] as const)),
      // Last, so the positions above do not move: the release the Pool runs.
      { address: pool, abi: poolAbi, functionName: 'POOL_REVISION' },
    ]
  })
  const assetsOf = new Map<number, readonly `0x${string}`[]>()
  pending.forEach((p, i) => {
    if (p.error !== undefined) return
    try {
      assetsOf.set(i, required(resultsOf(lists[i])[0], 'Pool.getReservesList'))
    } catch (error) {
      p.error = error
    }
  })

  const reserves = await round((_, i) => {
    const { pool, oracle } = poolOf.get(i) as Addresses
    return [
      ...(assetsOf.get(i) ?? []).flatMap((asset) => [
        { address: pool, abi: poolAbi, functionName: 'getReserveData', args: [asset] } as const,
        { address: asset, abi: erc20Abi, functionName: 'symbol' } as const,
        { address: oracle, abi: oracleAbi, functionName: 'getSourceOfAsset', args: [asset] } as const,
      ]),
      ...categoryPriceSources(decodeEModeCategories(resultsOf(lists[i]))).map(
        (source) => ({ address: oracle, abi: oracleAbi, functionName: 'getSourceOfAsset', args: [source] }) as const,
      ),
    ]
  })

  return pending.map((p, i) => {
    if (p.error !== undefined) return { status: 'error', error: p.error }
    try {
      const reference = decodeAaveReference({
        market: p.market,
        blockNumber: blockNumbers.get(p.market.chainId) ?? 0n,
        addresses: resultsOf(addresses[i]),
        lists: resultsOf(lists[i]),
        reserves: resultsOf(reserves[i]),
      })
      return { status: 'ok', reference }
    } catch (error) {
      return { status: 'error', error }
    }
  })
}
