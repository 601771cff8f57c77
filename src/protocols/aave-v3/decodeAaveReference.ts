import { type Address, getAddress, zeroAddress } from 'viem'
import type { EvmCallResult } from '../../chains/multicall'
import { AaveReadError } from './errors'
import type { AaveMarketConfig, AaveReference } from './types'

/** E-mode ids probed by the reference round (Aave ids are uint8; production markets use far fewer). */
export const MAX_EMODE_CATEGORY_ID = 64

/** Raw answers of the reference rounds, in plan order (see readAaveReference). */
export type AaveReferenceRaw = {
  market: AaveMarketConfig
  blockNumber: bigint
  /** Round 1: `getPool`, `getPriceOracle`. */
  addresses: readonly EvmCallResult[]
  /** Round 2: `getReservesList`, `BASE_CURRENCY_UNIT`, `getEModeCategoryData(1..MAX_EMODE_CATEGORY_ID)`. */
  lists: readonly EvmCallResult[]
  /** Round 3: per reserve `getReserveData`, `symbol`. */
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

/**
 * Pure: the reference rounds' answers -> `AaveReference`. A reserve whose `symbol()` fails (e.g.
 * a bytes32 symbol) is named by its address.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/pool/Pool.sol
 * @example
 * const reference = decodeAaveReference(raw)
 */
export function decodeAaveReference(raw: AaveReferenceRaw): AaveReference {
  const { market } = raw
  const pool = getAddress(required<Address>(raw.addresses[0], 'PoolAddressesProvider.getPool'))
  const oracle = getAddress(required<Address>(raw.addresses[1], 'PoolAddressesProvider.getPriceOracle'))
  const list = required<readonly Address[]>(raw.lists[0], 'Pool.getReservesList')
  const unit = required<bigint>(raw.lists[1], 'AaveOracle.BASE_CURRENCY_UNIT')
  const eModeCategories = raw.lists.slice(2).flatMap((result, i) => {
    if (result.status === 'failure') return []
    const data = result.result as EModeCategoryRaw
    return data.liquidationThreshold === 0 ? [] : [{ id: i + 1, priceSource: getAddress(data.priceSource) }]
  })
  const reserves = list.map((underlying, i) => {
    const data = required<ReserveDataRaw>(raw.reserves[i * 2], `Pool.getReserveData(${underlying})`)
    const symbol = raw.reserves[i * 2 + 1]
    return {
      underlying: getAddress(underlying),
      symbol: symbol?.status === 'success' ? (symbol.result as string) : getAddress(underlying),
      id: data.id,
      aToken: getAddress(data.aTokenAddress),
      variableDebtToken: getAddress(data.variableDebtTokenAddress),
      stableDebtToken: getAddress(data.stableDebtTokenAddress ?? zeroAddress),
    }
  })
  return {
    chainId: market.chainId,
    market: market.market,
    rules: market.rules ?? 'v3.3',
    stableSymbols: market.stableSymbols ?? [],
    poolAddressesProvider: getAddress(market.poolAddressesProvider),
    pool,
    oracle,
    baseCurrencyUnit: unit.toString(),
    reserves,
    eModeCategories,
    blockNumber: raw.blockNumber.toString(),
  }
}
