import { type Address, getAddress, isAddress } from 'viem'
import { SolventError } from '../../errors/base'
import { RATE_METHODS, type RateMethod } from './rateAbi'

/**
 * One per-deployment correction of the asset registry, an entry of the `ASSET_OVERRIDES` var: a
 * token on a chain maps onto `underlying`, and/or reads its exchange rate with `rateMethod` on
 * `rateContract` (a bridged LST's rate provider, the sandbox's stand-in for wstETH).
 */
export type AssetOverride = {
  chainId: number
  /** The token. */
  address: Address
  underlying?: string | undefined
  rateMethod?: RateMethod | undefined
  rateContract?: Address | undefined
}

export type AssetOverridesConfigErrorType = AssetOverridesConfigError & { name: 'AssetOverridesConfigError' }

/** `ASSET_OVERRIDES` cannot be used: an operator error (`INTERNAL`). */
export class AssetOverridesConfigError extends SolventError {
  constructor(shortMessage: string) {
    super(shortMessage, {
      code: 'INTERNAL',
      name: 'AssetOverridesConfigError',
      metaMessages: [
        'Expected [{"chainId": 1, "address": "0x…", "underlying"?: "ETH", "rateMethod"?: "stEthPerToken", "rateContract"?: "0x…"}].',
      ],
    })
  }
}

export type GetAssetOverridesParameters = { ASSET_OVERRIDES?: string | undefined }
export type GetAssetOverridesReturnType = readonly AssetOverride[]

const cache = new Map<string, GetAssetOverridesReturnType>()

/**
 * The ONE parser of `ASSET_OVERRIDES` (JSON array of `AssetOverride`); empty means none. Parsed
 * once per isolate per value.
 *
 * @throws {AssetOverridesConfigError} when the value is not that JSON shape.
 * @example
 * getAssetOverrides({ ASSET_OVERRIDES: '' }) // []
 */
export function getAssetOverrides(env: GetAssetOverridesParameters): GetAssetOverridesReturnType {
  const raw = (env.ASSET_OVERRIDES ?? '').trim()
  const cached = cache.get(raw)
  if (cached) return cached
  const overrides = raw === '' ? [] : parse(raw)
  cache.set(raw, overrides)
  return overrides
}

function parse(raw: string): AssetOverride[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw new AssetOverridesConfigError('ASSET_OVERRIDES is not valid JSON.')
  }
  if (!Array.isArray(parsed)) throw new AssetOverridesConfigError('ASSET_OVERRIDES must be a JSON array.')
  return parsed.map((entry: unknown, i) => {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>
    const { chainId, address, underlying, rateMethod, rateContract } = e
    const where = `ASSET_OVERRIDES[${i}]`
    if (typeof chainId !== 'number' || !Number.isSafeInteger(chainId) || chainId <= 0)
      throw new AssetOverridesConfigError(`${where}.chainId must be a positive integer.`)
    if (typeof address !== 'string' || !isAddress(address, { strict: false }))
      throw new AssetOverridesConfigError(`${where}.address must be an address.`)
    if (underlying !== undefined && (typeof underlying !== 'string' || underlying === ''))
      throw new AssetOverridesConfigError(`${where}.underlying must be a non-empty string.`)
    if (rateMethod !== undefined && !RATE_METHODS.includes(rateMethod as RateMethod))
      throw new AssetOverridesConfigError(`${where}.rateMethod must be one of ${RATE_METHODS.join(', ')}.`)
    if (rateContract !== undefined && (typeof rateContract !== 'string' || !isAddress(rateContract, { strict: false })))
      throw new AssetOverridesConfigError(`${where}.rateContract must be an address.`)
    return {
      chainId,
      address: getAddress(address),
      underlying: underlying as string | undefined,
      rateMethod: rateMethod as RateMethod | undefined,
      rateContract: rateContract === undefined ? undefined : getAddress(rateContract as string),
    }
  })
}
