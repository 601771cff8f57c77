import type { Address } from 'viem'
import type { GetChainConfigReturnType } from '../../chains/getChainConfig'
import { type EvmReadPlan, multicallByChain } from '../../chains/multicall'
import type { AaveV3Snapshot } from '../../engine'
import type { AssetOverride } from '../assets/getAssetOverrides'
import type { AssetMapping } from '../assets/identifyAsset'
import { decodeAaveUser } from './decodeAaveUser'
import { planAaveAccount, planAaveMarket } from './planAaveUsers'
import { resolveAaveAssets } from './resolveAaveAssets'
import type { AaveReference } from './types'

export type AaveUserRequest = { reference: AaveReference; account: Address }

export type ReadAaveUsersParameters = {
  config: GetChainConfigReturnType
  /** Accounts per market; any number of markets on any number of chains. */
  requests: readonly AaveUserRequest[]
  /** `ASSET_OVERRIDES`: where the registry reads exchange rates on this deployment. */
  assetOverrides?: readonly AssetOverride[] | undefined
  fetch?: typeof fetch | undefined
}

/** Per request, same order. `snapshot` is absent when the account has nothing in the market. */
export type ReadAaveUsersReturnType = (
  | { status: 'ok'; snapshot: AaveV3Snapshot | undefined; blockNumber: bigint; blockTimestamp: bigint }
  | { status: 'error'; error: unknown }
)[]

/**
 * Reads many accounts in many markets: ONE multicall (one `eth_call`) per chain, pinned to the
 * chain's latest block, with each market's shared calls once and each account's calls after them;
 * then a pure decode per account.
 *
 * @example
 * const [alice] = await readAaveUsers({ config, requests: [{ reference, account: alice }] })
 */
export async function readAaveUsers({
  config,
  requests,
  assetOverrides = [],
  fetch: fetchFn,
}: ReadAaveUsersParameters): Promise<ReadAaveUsersReturnType> {
  const marketKey = (r: AaveReference) => `${r.chainId}:${r.pool}`
  const marketPlan = new Map<string, number>()
  const marketAssets = new Map<string, AssetMapping[]>()
  const plans: EvmReadPlan[] = []
  for (const { reference } of requests) {
    const key = marketKey(reference)
    if (marketPlan.has(key)) continue
    const assets = resolveAaveAssets(reference, assetOverrides)
    marketPlan.set(key, plans.length)
    marketAssets.set(key, assets)
    plans.push({ chainId: reference.chainId, calls: planAaveMarket(reference, assets) })
  }
  const userPlan = requests.map(({ reference, account }) => {
    plans.push({ chainId: reference.chainId, calls: planAaveAccount(reference, account) })
    return plans.length - 1
  })
  const results = await multicallByChain({ config, plans, fetch: fetchFn })

  return requests.map(({ reference, account }, i) => {
    const market = results[marketPlan.get(marketKey(reference)) as number]
    const user = results[userPlan[i] as number]
    if (!market || !user) return { status: 'error', error: new Error('No multicall result.') }
    if (market.status === 'error') return { status: 'error', error: market.error }
    if (user.status === 'error') return { status: 'error', error: user.error }
    try {
      const snapshot = decodeAaveUser({
        reference,
        account,
        assets: marketAssets.get(marketKey(reference)),
        blockNumber: user.blockNumber,
        blockTimestamp: user.blockTimestamp,
        market: market.results,
        user: user.results,
      })
      return { status: 'ok', snapshot, blockNumber: user.blockNumber, blockTimestamp: user.blockTimestamp }
    } catch (error) {
      return { status: 'error', error }
    }
  })
}
