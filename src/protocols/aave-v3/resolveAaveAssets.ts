import type { EvmCall } from '../../chains/multicall'
import type { AssetOverride } from '../assets/getAssetOverrides'
import { type AssetMapping, identifyAsset } from '../assets/identifyAsset'
import { rateAbi } from '../assets/rateAbi'
import type { AaveReference } from './types'

/**
 * Pure: the registry's mapping of every reserve of a market, in reserve order. `planAaveMarket`
 * and `decodeAaveUser` both derive the exchange-rate calls from it, so they agree on their order.
 *
 * @example const assets = resolveAaveAssets(reference, getAssetOverrides(env))
 */
export function resolveAaveAssets(reference: AaveReference, overrides: readonly AssetOverride[] = []): AssetMapping[] {
  return reference.reserves.map((r) =>
    identifyAsset({ symbol: r.symbol, chainId: reference.chainId, address: r.underlying, overrides }),
  )
}

/** The exchange-rate calls of `assets`, one per asset with an on-chain rate, in asset order. */
export function planAaveRates(assets: readonly AssetMapping[]): EvmCall[] {
  return assets.flatMap((asset) =>
    asset.rate.kind === 'onchain'
      ? [{ address: asset.rate.contract, abi: rateAbi, functionName: asset.rate.method } as const]
      : [],
  )
}
