import { type FetchVenueJsonReturnType, fetchVenueJson } from '../fetchVenueJson'
import { toSourceError } from '../toSourceError'
import type { ReadContext, SourceError, SourceRef, SourceResult } from '../types'
import { decodeHyperliquidMarket, type HyperliquidMarket } from './decodeHyperliquidMarket'
import { decodeHyperliquidState } from './decodeHyperliquidState'

export type ReadHyperliquidParameters = {
  sources: readonly SourceRef[]
  context: ReadContext
  /** Per attempt, milliseconds. */
  timeoutMs: number
}

export type ReadHyperliquidReturnType = SourceResult[]

/**
 * Reads Hyperliquid for many users at once: ONE `metaAndAssetCtxs` (margin tables, max leverage
 * and mark prices, shared by every account) and one `clearinghouseState` per user, all in
 * parallel against `HYPERLIQUID_API_URL/info`, each with a timeout and one retry on network
 * errors and 5xx. Never throws: a user whose request fails gets `status: 'error'`
 * (`UPSTREAM_UNAVAILABLE` for network errors, timeouts and 5xx, `BAD_USER_INPUT` for a 4xx); a
 * failed `metaAndAssetCtxs` fails every source of the read, as none can be priced without it.
 *
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/rate-limits-and-user-limits
 * @example const results = await readHyperliquid({ sources, context, timeoutMs: 5_000 })
 */
export async function readHyperliquid({
  sources,
  context,
  timeoutMs,
}: ReadHyperliquidParameters): Promise<ReadHyperliquidReturnType> {
  if (sources.length === 0) return []
  const startedMs = Date.now()
  const url = `${context.env.HYPERLIQUID_API_URL.replace(/\/+$/, '')}/info`
  const post = (body: unknown) =>
    fetchVenueJson({
      fetch: context.fetch,
      url,
      init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      timeoutMs,
    })

  const marketPromise = post({ type: 'metaAndAssetCtxs' }).then((result): HyperliquidMarket | SourceError => {
    if (result.kind !== 'ok') return toSourceError({ failed: result, venue: 'Hyperliquid', call: 'metaAndAssetCtxs' })
    try {
      return decodeHyperliquidMarket({ raw: result.body })
    } catch (error) {
      return toSourceError({ thrown: error })
    }
  })

  // One request per distinct user, however many sources name it.
  const states = new Map<string, Promise<FetchVenueJsonReturnType>>()
  return Promise.all(
    sources.map(async (source): Promise<SourceResult> => {
      const account = source.account
      if (account.kind !== 'evm') {
        return {
          source,
          status: 'error',
          error: { code: 'BAD_USER_INPUT', message: 'Hyperliquid accounts are EVM addresses.' },
          latencyMs: 0,
        }
      }
      const user = account.address.toLowerCase()
      let state = states.get(user)
      if (!state) {
        state = post({ type: 'clearinghouseState', user })
        states.set(user, state)
      }
      const [market, result] = await Promise.all([marketPromise, state])
      const latencyMs = Date.now() - startedMs
      if ('code' in market) return { source, status: 'error', error: market, latencyMs }
      if (result.kind !== 'ok') {
        return {
          source,
          status: 'error',
          error: toSourceError({ failed: result, venue: 'Hyperliquid', call: 'clearinghouseState' }),
          latencyMs,
        }
      }
      try {
        const snapshots = decodeHyperliquidState({ user: account.address, raw: result.body, market })
        const time = (result.body as { time: number }).time
        return { source, status: 'ok', snapshots, asOfSec: Math.floor(time / 1000), latencyMs }
      } catch (error) {
        return { source, status: 'error', error: toSourceError({ thrown: error }), latencyMs }
      }
    }),
  )
}
