import { getChainAddresses } from '@morpho-org/morpho-ts'
import { type Address, getAddress, type Hex, isAddress, isHex } from 'viem'
import { SolventError } from '../../errors/base'
import type { MorphoMarketConfig } from './types'

export type MorphoMarketsConfigErrorType = MorphoMarketsConfigError & { name: 'MorphoMarketsConfigError' }

/** `MORPHO_MARKETS` cannot be used: an operator error (`INTERNAL`). */
export class MorphoMarketsConfigError extends SolventError {
  constructor(shortMessage: string, options: { cause?: unknown } = {}) {
    super(shortMessage, {
      ...options,
      code: 'INTERNAL',
      name: 'MorphoMarketsConfigError',
      metaMessages: [
        'Expected [{"chainId": 1, "marketId": "0x…", "morpho"?: "0x…", "loanUsdFeed"?: "0x…", "preLiquidations"?: ["0x…"]}].',
      ],
    })
  }
}

export type GetMorphoMarketsParameters = { MORPHO_MARKETS?: string | undefined }
export type GetMorphoMarketsReturnType = readonly MorphoMarketConfig[]

const cache = new Map<string, GetMorphoMarketsReturnType>()

/**
 * The ONE parser of `MORPHO_MARKETS` (JSON `[{ chainId, marketId, morpho?, loanUsdFeed? }]`); empty
 * means no Morpho market is read. `morpho` defaults to the chain's Morpho Blue deployment as
 * @morpho-org/morpho-ts lists it. Parsed once per isolate per value.
 *
 * @throws {MorphoMarketsConfigError} when the value is not that JSON shape.
 * @example
 * getMorphoMarkets({ MORPHO_MARKETS: '[{"chainId":1,"marketId":"0xb323…"}]' })[0]?.morpho // '0xBBBB…FFCb'
 */
export function getMorphoMarkets(env: GetMorphoMarketsParameters): GetMorphoMarketsReturnType {
  const raw = (env.MORPHO_MARKETS ?? '').trim()
  const cached = cache.get(raw)
  if (cached) return cached
  const markets = raw === '' ? [] : parse(raw)
  cache.set(raw, markets)
  return markets
}

function defaultMorpho(chainId: number): Address | undefined {
  try {
    // `blue` is the registry's name for Morpho Blue; `morpho` its deprecated alias.
    const addresses = getChainAddresses(chainId) as { blue?: Address; morpho?: Address }
    return addresses.blue ?? addresses.morpho
  } catch {
    return undefined
  }
}

function parse(raw: string): MorphoMarketConfig[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch (cause) {
    throw new MorphoMarketsConfigError('MORPHO_MARKETS is not valid JSON.', { cause })
  }
  if (!Array.isArray(parsed)) throw new MorphoMarketsConfigError('MORPHO_MARKETS must be a JSON array.')
  return parsed.map((entry: unknown, i) => {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>
    const { chainId, marketId, morpho, loanUsdFeed, preLiquidations } = e
    if (typeof chainId !== 'number' || !Number.isSafeInteger(chainId) || chainId <= 0) {
      throw new MorphoMarketsConfigError(`MORPHO_MARKETS[${i}].chainId must be a positive integer.`)
    }
    if (typeof marketId !== 'string' || !isHex(marketId) || marketId.length !== 66) {
      throw new MorphoMarketsConfigError(`MORPHO_MARKETS[${i}].marketId must be a bytes32 hex string.`)
    }
    if (morpho !== undefined && (typeof morpho !== 'string' || !isAddress(morpho, { strict: false }))) {
      throw new MorphoMarketsConfigError(`MORPHO_MARKETS[${i}].morpho must be an address.`)
    }
    if (loanUsdFeed !== undefined && (typeof loanUsdFeed !== 'string' || !isAddress(loanUsdFeed, { strict: false }))) {
      throw new MorphoMarketsConfigError(`MORPHO_MARKETS[${i}].loanUsdFeed must be an address.`)
    }
    if (
      preLiquidations !== undefined &&
      (!Array.isArray(preLiquidations) ||
        !preLiquidations.every((a) => typeof a === 'string' && isAddress(a, { strict: false })))
    ) {
      throw new MorphoMarketsConfigError(`MORPHO_MARKETS[${i}].preLiquidations must be an array of addresses.`)
    }
    const address = typeof morpho === 'string' ? morpho : defaultMorpho(chainId)
    if (!address) {
      throw new MorphoMarketsConfigError(
        `MORPHO_MARKETS[${i}]: no Morpho Blue deployment known on chain ${chainId}; set morpho.`,
      )
    }
    return {
      chainId,
      morpho: getAddress(address),
      marketId: marketId.toLowerCase() as Hex,
      ...(typeof loanUsdFeed === 'string' ? { loanUsdFeed: getAddress(loanUsdFeed) } : {}),
      ...(Array.isArray(preLiquidations) && preLiquidations.length > 0
        ? { preLiquidations: preLiquidations.map((a) => getAddress(a as string)) }
        : {}),
    }
  })
}
