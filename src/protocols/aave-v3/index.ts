/**
 * The Aave v3 adapter: one margin account per market (`market:<name>`) per EVM account, read from
 * the markets in `AAVE_MARKETS` through the chains in `RPC_URLS`.
 *
 * Two kinds of reads: the market reference (reserve list, token addresses, symbols, e-mode
 * categories: `readAaveReferences`, cached per isolate and in the context's reference cache (D1)
 * for `REFERENCE_TTL_MS`) and the users (`readAaveUsers`: ONE multicall per chain for every account and
 * market of the request, pinned to one block, with the price feeds and L2 sequencer feed the
 * figures rest on: each source's `inputs`).
 *
 * @see https://aave.com/docs/developers/smart-contracts/pool
 */
import { getChainConfig } from '../../chains/getChainConfig'
import { getSequencerFeeds } from '../../chains/sequencerFeeds'
import { SolventError } from '../../errors/base'
import { getAssetOverrides } from '../assets/getAssetOverrides'
import { createTieredReferences } from '../createTieredReferences'
import { toSourceError } from '../toSourceError'
import type { AccountRef, ReadContext, SourceInputs, SourceRef, SourceResult, VenueAdapter } from '../types'
import { getAaveMarkets } from './getAaveMarkets'
import { readAaveReferences } from './readAaveReferences'
import { readAaveUsers } from './readAaveUsers'
import type { AaveMarketConfig, AaveReference } from './types'

export { decodeAaveReference } from './decodeAaveReference'
export { decodeAaveUser } from './decodeAaveUser'
export { getAaveMarkets } from './getAaveMarkets'
export { planAaveAccount, planAaveMarket } from './planAaveUsers'
export { readAaveReferences } from './readAaveReferences'
export { readAaveUsers } from './readAaveUsers'
export type { AaveMarketConfig, AaveReference } from './types'

/** How long a market reference is reused within an isolate. */
export const REFERENCE_TTL_MS = 10 * 60_000

/**
 * Version of the `AaveReference` shape in the shared reference cache: bump it when the shape
 * changes, so that references stored by an older deployment are not read as the new shape.
 * 2: price feeds per reserve and e-mode price source, and the PriceOracleSentinel.
 * 3: the Pool's revision and the rules read from it.
 */
const REFERENCE_VERSION = 3

const referenceKey = (m: Pick<AaveMarketConfig, 'chainId' | 'poolAddressesProvider'>) =>
  `${m.chainId}:${m.poolAddressesProvider.toLowerCase()}`
const references = createTieredReferences<AaveMarketConfig, AaveReference>({
  prefix: `aave-v3:v${REFERENCE_VERSION}:`,
  ttlMs: REFERENCE_TTL_MS,
  keyOf: referenceKey,
  read: (markets, context) =>
    readAaveReferences({ config: getChainConfig(context.env), markets, fetch: context.fetch }),
})

/** Forgets the cached references (tests, or after a listing). */
export function clearAaveReferenceCache(): void {
  references.clear()
}

function marketOf(markets: readonly AaveMarketConfig[], source: SourceRef): AaveMarketConfig | undefined {
  return markets.find((m) => m.chainId === source.chainId && m.market === source.market)
}

async function read(sources: readonly SourceRef[], context: ReadContext): Promise<SourceResult[]> {
  const started = Date.now()
  const latency = () => Date.now() - started
  const fail = (source: SourceRef, error: unknown, inputs?: SourceInputs): SourceResult => ({
    source,
    status: 'error',
    error: toSourceError({ thrown: error }),
    ...(inputs ? { inputs } : {}),
    latencyMs: latency(),
  })
  let config: ReturnType<typeof getChainConfig>
  let markets: ReturnType<typeof getAaveMarkets>
  let assetOverrides: ReturnType<typeof getAssetOverrides>
  let sequencerFeeds: ReturnType<typeof getSequencerFeeds>
  try {
    config = getChainConfig(context.env)
    markets = getAaveMarkets(context.env)
    assetOverrides = getAssetOverrides(context.env)
    sequencerFeeds = getSequencerFeeds(context.env)
  } catch (error) {
    return sources.map((source) => fail(source, error))
  }

  // Reference round for the markets not cached (one set of rounds for all of them).
  const found = await references.get(
    sources.flatMap((source) => marketOf(markets, source) ?? []),
    context,
  )

  // User round: every readable source of the request, ONE multicall per chain.
  const readable: { index: number; reference: AaveReference; account: `0x${string}` }[] = []
  const results: (SourceResult | undefined)[] = sources.map((source, index) => {
    const market = marketOf(markets, source)
    if (!market)
      return fail(
        source,
        new SolventError(`No Aave market "${source.market}" on chain ${source.chainId}.`, { code: 'NOT_FOUND' }),
      )
    if (source.account.kind !== 'evm')
      return fail(source, new SolventError('Aave v3 reads EVM accounts only.', { code: 'BAD_USER_INPUT' }))
    const reference = found.get(referenceKey(market))
    if (!reference || 'error' in reference) return fail(source, reference?.error)
    readable.push({ index, reference, account: source.account.address })
    return undefined
  })
  const users = await readAaveUsers({
    config,
    requests: readable,
    assetOverrides,
    sequencerFeeds,
    fetch: context.fetch,
    multicall: context.multicall,
  })
  users.forEach((user, k) => {
    const { index } = readable[k] as (typeof readable)[number]
    const source = sources[index] as SourceRef
    results[index] =
      user.status === 'error'
        ? fail(source, user.error, user.inputs)
        : {
            source,
            status: 'ok',
            snapshots: user.snapshot ? [{ snapshot: user.snapshot }] : [],
            asOfSec: Number(user.blockTimestamp),
            blockNumber: user.blockNumber,
            inputs: user.inputs,
            latencyMs: latency(),
          }
  })
  return results as SourceResult[]
}

/** @see https://github.com/aave/aave-v3-core */
export const aaveV3 = {
  id: 'aave-v3',
  name: 'Aave v3',
  kind: 'LENDING',
  accountKinds: ['evm'],
  chains: (env: Env) => [...new Set(getAaveMarkets(env).map((m) => m.chainId))],
  sources(account: AccountRef, env: Env): SourceRef[] {
    if (account.kind !== 'evm') return []
    return getAaveMarkets(env).map((m) => ({ venue: 'aave-v3', chainId: m.chainId, market: m.market, account }))
  },
  read,
} satisfies VenueAdapter
