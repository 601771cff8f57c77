import { AaveV3Arbitrum, AaveV3Base, AaveV3Ethereum, AaveV3Optimism, AaveV3Polygon } from '@aave-dao/aave-address-book'
import { type Address, getAddress, isAddress } from 'viem'
import { SolventError } from '../../errors/base'
import type { AaveMarketConfig } from './types'

/** Stablecoins priced as `stable` in the production markets (they do not move in "all crypto" scenarios). */
const STABLE_SYMBOLS = [
  'USDC',
  'USDC.e',
  'USDbC',
  'USDT',
  'USDT0',
  'DAI',
  'GHO',
  'LUSD',
  'FRAX',
  'PYUSD',
  'USDS',
  'RLUSD',
]

const production = (chainId: number, poolAddressesProvider: string): AaveMarketConfig => ({
  chainId,
  market: 'Core',
  poolAddressesProvider: poolAddressesProvider as Address,
  stableSymbols: STABLE_SYMBOLS,
})

/**
 * Production markets read when `AAVE_MARKETS` is empty: the Core market of the largest chains.
 * Only these modules of the address book are imported, to keep the Worker bundle small. Which
 * release each one runs is read from its Pool (`POOL_REVISION`), never written here: markets are
 * upgraded by governance without a Solvent deploy.
 *
 * @see https://github.com/aave-dao/aave-address-book
 */
export const defaultAaveMarkets: readonly AaveMarketConfig[] = [
  production(AaveV3Ethereum.CHAIN_ID, AaveV3Ethereum.POOL_ADDRESSES_PROVIDER),
  production(AaveV3Arbitrum.CHAIN_ID, AaveV3Arbitrum.POOL_ADDRESSES_PROVIDER),
  production(AaveV3Base.CHAIN_ID, AaveV3Base.POOL_ADDRESSES_PROVIDER),
  production(AaveV3Optimism.CHAIN_ID, AaveV3Optimism.POOL_ADDRESSES_PROVIDER),
  production(AaveV3Polygon.CHAIN_ID, AaveV3Polygon.POOL_ADDRESSES_PROVIDER),
]

export type AaveMarketsConfigErrorType = AaveMarketsConfigError & { name: 'AaveMarketsConfigError' }

/** `AAVE_MARKETS` cannot be used: an operator error (`INTERNAL`). */
export class AaveMarketsConfigError extends SolventError {
  constructor(shortMessage: string, options: { cause?: unknown } = {}) {
    super(shortMessage, {
      ...options,
      code: 'INTERNAL',
      name: 'AaveMarketsConfigError',
      metaMessages: ['Expected [{"chainId": 1, "market": "Core", "poolAddressesProvider": "0x…"}].'],
    })
  }
}

export type GetAaveMarketsParameters = Pick<Env, 'AAVE_MARKETS'>
export type GetAaveMarketsReturnType = readonly AaveMarketConfig[]

const cache = new Map<string, GetAaveMarketsReturnType>()

/**
 * The ONE parser of `AAVE_MARKETS` (JSON `[{ chainId, market, poolAddressesProvider, stableSymbols? }]`);
 * empty means `defaultAaveMarkets`. Parsed once per isolate per value.
 *
 * @throws {AaveMarketsConfigError} when the value is not that JSON shape.
 * @example
 * getAaveMarkets({ AAVE_MARKETS: '' })[0]?.market // 'Core'
 */
export function getAaveMarkets(env: GetAaveMarketsParameters): GetAaveMarketsReturnType {
  const raw = (env.AAVE_MARKETS ?? '').trim()
  const cached = cache.get(raw)
  if (cached) return cached
  const markets = raw === '' ? defaultAaveMarkets : parse(raw)
  cache.set(raw, markets)
  return markets
}

function parse(raw: string): AaveMarketConfig[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch (cause) {
    throw new AaveMarketsConfigError('AAVE_MARKETS is not valid JSON.', { cause })
  }
  if (!Array.isArray(parsed)) throw new AaveMarketsConfigError('AAVE_MARKETS must be a JSON array.')
  return parsed.map((entry: unknown, i) => {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>
    const { chainId, market, poolAddressesProvider, rules, stableSymbols } = e
    if (typeof chainId !== 'number' || !Number.isSafeInteger(chainId) || chainId <= 0) {
      throw new AaveMarketsConfigError(`AAVE_MARKETS[${i}].chainId must be a positive integer.`)
    }
    if (typeof market !== 'string' || market === '') {
      throw new AaveMarketsConfigError(`AAVE_MARKETS[${i}].market must be a non-empty string.`)
    }
    if (typeof poolAddressesProvider !== 'string' || !isAddress(poolAddressesProvider, { strict: false })) {
      throw new AaveMarketsConfigError(`AAVE_MARKETS[${i}].poolAddressesProvider must be an address.`)
    }
    if (rules !== undefined) {
      throw new AaveMarketsConfigError(
        `AAVE_MARKETS[${i}].rules is no longer read: each market's rules come from its Pool's POOL_REVISION.`,
      )
    }
    if (
      stableSymbols !== undefined &&
      !(Array.isArray(stableSymbols) && stableSymbols.every((s) => typeof s === 'string'))
    ) {
      throw new AaveMarketsConfigError(`AAVE_MARKETS[${i}].stableSymbols must be a list of symbols.`)
    }
    return {
      chainId,
      market,
      poolAddressesProvider: getAddress(poolAddressesProvider),
      stableSymbols: (stableSymbols as string[] | undefined) ?? [],
    }
  })
}
