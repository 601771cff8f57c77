import { deployments, getChainAddresses } from '@morpho-org/morpho-ts'
import { type Address, getAddress, isAddress } from 'viem'
import { SolventError } from '../../errors/base'

/**
 * A chain on which an account's Morpho Blue markets are found from the contract's own logs: every
 * `Supply` and `SupplyCollateral` event with `onBehalf` = the account (the only ways into a
 * position: a borrow needs collateral first). An entry of the `MORPHO_DISCOVERY` var.
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/libraries/EventsLib.sol
 */
export type MorphoDiscoveryConfig = {
  chainId: number
  /** The Morpho contract; default: the chain's deployment in @morpho-org/morpho-ts. */
  morpho: Address
  /** First block scanned; default: Morpho's deployment block on the chain (@morpho-org/morpho-ts). */
  fromBlock: bigint
  /** Largest block span of one `eth_getLogs` (RPC providers cap it); 0 = the whole span at once. */
  maxBlockRange: bigint
  /** Most `eth_getLogs` calls one read spends on one account; the scan resumes from there on the next read. */
  maxRangesPerRead: number
}

export type MorphoDiscoveryConfigErrorType = MorphoDiscoveryConfigError & { name: 'MorphoDiscoveryConfigError' }

/** `MORPHO_DISCOVERY` cannot be used: an operator error (`INTERNAL`). */
export class MorphoDiscoveryConfigError extends SolventError {
  constructor(shortMessage: string, options: { cause?: unknown } = {}) {
    super(shortMessage, {
      ...options,
      code: 'INTERNAL',
      name: 'MorphoDiscoveryConfigError',
      metaMessages: [
        'Expected [{"chainId": 1, "morpho"?: "0x…", "fromBlock"?: 18883124, "maxBlockRange"?: 0, "maxRangesPerRead"?: 10}].',
      ],
    })
  }
}

export type GetMorphoDiscoveryParameters = { MORPHO_DISCOVERY?: string | undefined }
export type GetMorphoDiscoveryReturnType = readonly MorphoDiscoveryConfig[]

/** Default cap of `eth_getLogs` calls per account per read. */
export const DEFAULT_MAX_RANGES_PER_READ = 10

const cache = new Map<string, GetMorphoDiscoveryReturnType>()

/**
 * The ONE parser of `MORPHO_DISCOVERY` (JSON `[{ chainId, morpho?, fromBlock?, maxBlockRange?, maxRangesPerRead? }]`);
 * empty means no discovery (only the markets listed in `MORPHO_MARKETS` are read).
 *
 * @throws {MorphoDiscoveryConfigError} when the value is not that JSON shape.
 * @example
 * getMorphoDiscovery({ MORPHO_DISCOVERY: '[{"chainId":1}]' })[0]?.fromBlock // 18883124n
 */
export function getMorphoDiscovery(env: GetMorphoDiscoveryParameters): GetMorphoDiscoveryReturnType {
  const raw = (env.MORPHO_DISCOVERY ?? '').trim()
  const cached = cache.get(raw)
  if (cached) return cached
  const parsed = raw === '' ? [] : parse(raw)
  cache.set(raw, parsed)
  return parsed
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0

function known(chainId: number): { morpho?: Address; fromBlock?: bigint } {
  try {
    const addresses = getChainAddresses(chainId) as { blue?: Address; morpho?: Address }
    const blocks = (deployments as Record<number, { blue?: bigint; morpho?: bigint } | undefined>)[chainId]
    const morpho = addresses.blue ?? addresses.morpho
    const fromBlock = blocks?.blue ?? blocks?.morpho
    return { ...(morpho ? { morpho } : {}), ...(fromBlock !== undefined ? { fromBlock } : {}) }
  } catch {
    return {}
  }
}

function parse(raw: string): MorphoDiscoveryConfig[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch (cause) {
    throw new MorphoDiscoveryConfigError('MORPHO_DISCOVERY is not valid JSON.', { cause })
  }
  if (!Array.isArray(parsed)) throw new MorphoDiscoveryConfigError('MORPHO_DISCOVERY must be a JSON array.')
  return parsed.map((entry: unknown, i) => {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>
    const { chainId, morpho, fromBlock, maxBlockRange, maxRangesPerRead } = e
    const at = `MORPHO_DISCOVERY[${i}]`
    if (typeof chainId !== 'number' || !Number.isSafeInteger(chainId) || chainId <= 0) {
      throw new MorphoDiscoveryConfigError(`${at}.chainId must be a positive integer.`)
    }
    if (morpho !== undefined && (typeof morpho !== 'string' || !isAddress(morpho, { strict: false }))) {
      throw new MorphoDiscoveryConfigError(`${at}.morpho must be an address.`)
    }
    for (const [name, value] of [
      ['fromBlock', fromBlock],
      ['maxBlockRange', maxBlockRange],
      ['maxRangesPerRead', maxRangesPerRead],
    ] as const) {
      if (value !== undefined && !isCount(value))
        throw new MorphoDiscoveryConfigError(`${at}.${name} must be a whole number.`)
    }
    if (maxRangesPerRead === 0) throw new MorphoDiscoveryConfigError(`${at}.maxRangesPerRead must be at least 1.`)
    const defaults = known(chainId)
    const address = typeof morpho === 'string' ? morpho : defaults.morpho
    if (!address)
      throw new MorphoDiscoveryConfigError(`${at}: no Morpho Blue deployment known on chain ${chainId}; set morpho.`)
    const first = typeof fromBlock === 'number' ? BigInt(fromBlock) : defaults.fromBlock
    if (first === undefined)
      throw new MorphoDiscoveryConfigError(`${at}: no deployment block known on chain ${chainId}; set fromBlock.`)
    return {
      chainId,
      morpho: getAddress(address),
      fromBlock: first,
      maxBlockRange: BigInt(typeof maxBlockRange === 'number' ? maxBlockRange : 0),
      maxRangesPerRead: typeof maxRangesPerRead === 'number' ? maxRangesPerRead : DEFAULT_MAX_RANGES_PER_READ,
    }
  })
}
