import { AaveV3Arbitrum, AaveV3Base, AaveV3Ethereum, AaveV3Optimism, AaveV3Polygon } from '@aave-dao/aave-address-book'
import type { Address } from 'viem'
import { type AssetIdentity, type D, dec, fromRaw, toDecimalString } from '../../engine'
import { type AssetDefinition, assetDefinition } from './assetTable'
import type { AssetOverride } from './getAssetOverrides'
import { RATE_DECIMALS, type RateMethod } from './rateAbi'

/** How an asset's exchange rate is known, before any read. */
export type AssetRateSource =
  | { kind: 'par' }
  /** Hyperliquid's `k` coins: one coin is 1,000 units of the underlying. */
  | { kind: 'fixed'; rate: string; reason: string }
  | { kind: 'onchain'; method: RateMethod; contract: Address }
  /** A staking token without a rate source on this chain: it stays its own underlying. */
  | { kind: 'unavailable'; reason: string }

/** What the registry says about one asset: its identity apart from the rate, and where the rate comes from. */
export type AssetMapping = {
  symbol: string
  address?: Address | undefined
  chainId?: number | undefined
  underlying: string
  rate: AssetRateSource
}

export type IdentifyAssetParameters = {
  /** The venue's name for it (reserve symbol, Hyperliquid coin, dYdX base). */
  symbol: string
  chainId?: number | undefined
  /** Token address, for on-chain assets: matched per chain before the symbol. */
  address?: Address | undefined
  overrides?: readonly AssetOverride[] | undefined
  /** Hyperliquid names 1,000-unit coins with a lowercase `k` (kPEPE = 1,000 PEPE). */
  kiloPrefix?: boolean | undefined
}

/** The address book markets whose token addresses the registry matches (the markets `getAaveMarkets` defaults to). */
const ADDRESS_BOOK = [AaveV3Ethereum, AaveV3Arbitrum, AaveV3Base, AaveV3Optimism, AaveV3Polygon]

let addressIndex: Map<string, string> | undefined
const addressKey = (chainId: number, address: string) => `${chainId}:${address.toLowerCase()}`

/** `chainId:address` -> the address book's name of the token, built once per isolate. */
function addressBookSymbol(chainId: number, address: string): string | undefined {
  if (!addressIndex) {
    addressIndex = new Map()
    for (const market of ADDRESS_BOOK) {
      for (const [name, asset] of Object.entries(market.ASSETS)) {
        addressIndex.set(addressKey(market.CHAIN_ID, asset.UNDERLYING), name)
      }
    }
  }
  return addressIndex.get(addressKey(chainId, address))
}

/**
 * The asset registry: maps a venue's asset onto its underlying. Matching, first hit wins: an
 * `ASSET_OVERRIDES` entry for the token on its chain; the token's address in the Aave address book
 * (so a token is known by what it is, whatever its `symbol()` says); the symbol in `ASSET_TABLE`
 * (ignoring case); Hyperliquid's `k` prefix. Anything else is its own underlying.
 *
 * @see https://github.com/bgd-labs/aave-address-book
 * @example identifyAsset({ symbol: 'WETH', chainId: 1, address: '0xC02a…' }).underlying // 'ETH'
 */
export function identifyAsset({
  symbol,
  chainId,
  address,
  overrides = [],
  kiloPrefix = false,
}: IdentifyAssetParameters): AssetMapping {
  const where = { symbol, ...(address ? { address } : {}), ...(chainId !== undefined ? { chainId } : {}) }
  const override =
    address && chainId !== undefined
      ? overrides.find((o) => o.chainId === chainId && o.address.toLowerCase() === address.toLowerCase())
      : undefined
  const known = (address && chainId !== undefined && addressBookSymbol(chainId, address)) || symbol
  const definition: AssetDefinition | undefined = assetDefinition(known) ?? assetDefinition(symbol)

  if (override?.underlying !== undefined || override?.rateMethod !== undefined || override?.rateContract) {
    const method = override.rateMethod ?? (definition?.rate.kind === 'onchain' ? definition.rate.method : undefined)
    const underlying = override.underlying ?? definition?.underlying ?? symbol
    if (method === undefined) return { ...where, underlying, rate: { kind: 'par' } }
    return {
      ...where,
      underlying,
      rate: { kind: 'onchain', method, contract: override.rateContract ?? override.address },
    }
  }
  if (definition) {
    const { rate } = definition
    if (rate.kind === 'par') return { ...where, underlying: definition.underlying, rate }
    if (address && chainId !== undefined && rate.chainIds.includes(chainId))
      return {
        ...where,
        underlying: definition.underlying,
        rate: { kind: 'onchain', method: rate.method, contract: address },
      }
    return {
      ...where,
      underlying: symbol,
      rate: {
        kind: 'unavailable',
        reason: `no exchange-rate source for ${symbol}${chainId === undefined ? '' : ` on chain ${chainId}`}`,
      },
    }
  }
  const kilo = kiloPrefix ? /^k([A-Z0-9]+)$/.exec(symbol) : null
  if (kilo?.[1]) {
    return {
      ...where,
      underlying: assetDefinition(kilo[1])?.underlying ?? kilo[1],
      rate: { kind: 'fixed', rate: '1000', reason: 'Hyperliquid k coin: 1,000 units' },
    }
  }
  return { ...where, underlying: symbol, rate: { kind: 'par' } }
}

/**
 * The engine's `AssetIdentity` of a mapping, given the raw answer of its rate call when it has
 * one. A rate that is missing, failed or zero is never taken as 1: the asset stays its own
 * underlying and `rateSource` says why, so its exposure is reported apart instead of netted on a
 * made-up rate. Its margin figures do not depend on the rate and are unaffected.
 *
 * @example toAssetIdentity(mapping, 1_180_000_000_000_000_000n).exchangeRate // '1.18'
 */
export function toAssetIdentity(mapping: AssetMapping, rateRaw?: bigint | undefined): AssetIdentity {
  const { rate, ...identity } = mapping
  const own = (reason: string): AssetIdentity => ({
    ...identity,
    underlying: mapping.symbol,
    exchangeRate: '1',
    rateSource: reason,
  })
  switch (rate.kind) {
    case 'par':
      return {
        ...identity,
        exchangeRate: '1',
        rateSource: mapping.underlying === mapping.symbol ? 'own' : 'par',
      }
    case 'fixed':
      return { ...identity, exchangeRate: rate.rate, rateSource: rate.reason }
    case 'unavailable':
      return own(`unavailable: ${rate.reason}`)
    case 'onchain': {
      const call = `${rate.method}() at ${rate.contract}`
      if (rateRaw === undefined) return own(`unavailable: ${call} failed`)
      const value: D = fromRaw(rateRaw, RATE_DECIMALS)
      if (value.lte(0)) return own(`unavailable: ${call} answered 0`)
      return { ...identity, exchangeRate: toDecimalString(dec(value)), rateSource: call }
    }
  }
}
