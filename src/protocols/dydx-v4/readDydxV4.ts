import { type FetchVenueJsonReturnType, fetchVenueJson } from '../fetchVenueJson'
import { toSourceError } from '../toSourceError'
import type { ReadContext, SourceError, SourceRef, SourceResult } from '../types'
import { type DydxMarkets, decodeDydxMarkets } from './decodeDydxMarkets'
import { decodeDydxSubaccounts } from './decodeDydxSubaccounts'

export type ReadDydxV4Parameters = {
  sources: readonly SourceRef[]
  context: ReadContext
  /** Per attempt, milliseconds. */
  timeoutMs: number
}

export type ReadDydxV4ReturnType = SourceResult[]

/**
 * Reads dYdX v4 for many addresses at once through the indexer at `DYDX_INDEXER_URL`: ONE
 * `GET /v4/perpetualMarkets` and ONE `GET /v4/height` (the indexer's latest block and its time:
 * the venue time the figures are computed at, and how far behind the indexer is) shared by every
 * address, and one `GET /v4/addresses/{address}` per address, in parallel, each with a timeout and one retry on network errors and 5xx.
 *
 * An address the indexer does not know answers 404 (`No subaccounts found for address …`): that
 * source is `ok` with zero snapshots, since an address that never deposited has no subaccount and
 * nothing at risk. Other 4xx are `BAD_USER_INPUT`; network errors, timeouts and 5xx
 * `UPSTREAM_UNAVAILABLE`. A failed `perpetualMarkets` fails every source of the read.
 *
 * @see https://docs.dydx.xyz/indexer-client/http
 * @example const results = await readDydxV4({ sources, context, timeoutMs: 5_000 })
 */
export async function readDydxV4({ sources, context, timeoutMs }: ReadDydxV4Parameters): Promise<ReadDydxV4ReturnType> {
  if (sources.length === 0) return []
  const startedMs = Date.now()
  const base = `${context.env.DYDX_INDEXER_URL.replace(/\/+$/, '')}/v4`
  const get = (path: string) =>
    fetchVenueJson({
      fetch: context.fetch,
      url: `${base}${path}`,
      init: { headers: { accept: 'application/json' } },
      timeoutMs,
    })

  const marketsPromise = get('/perpetualMarkets').then((result): DydxMarkets | SourceError => {
    if (result.kind !== 'ok')
      return toSourceError({ failed: result, venue: 'The dYdX indexer', call: 'perpetualMarkets' })
    try {
      return decodeDydxMarkets({ raw: result.body })
    } catch (error) {
      return toSourceError({ thrown: error })
    }
  })

  const clockPromise = get('/height').then((result): number | SourceError => {
    if (result.kind !== 'ok') return toSourceError({ failed: result, venue: 'The dYdX indexer', call: 'height' })
    const time = (result.body as { time?: unknown } | null)?.time
    const ms = typeof time === 'string' ? Date.parse(time) : Number.NaN
    if (!Number.isFinite(ms))
      return { code: 'UPSTREAM_UNAVAILABLE', message: 'The dYdX indexer answered no block time.' }
    return Math.floor(ms / 1000)
  })

  // One request per distinct address, however many sources name it.
  const addresses = new Map<string, Promise<FetchVenueJsonReturnType>>()
  return Promise.all(
    sources.map(async (source): Promise<SourceResult> => {
      const account = source.account
      if (account.kind !== 'dydx') {
        return {
          source,
          status: 'error',
          error: { code: 'BAD_USER_INPUT', message: 'dYdX v4 accounts are dydx1… addresses.' },
          latencyMs: 0,
        }
      }
      let subaccounts = addresses.get(account.address)
      if (!subaccounts) {
        subaccounts = get(`/addresses/${encodeURIComponent(account.address)}`)
        addresses.set(account.address, subaccounts)
      }
      const [markets, asOfSec, result] = await Promise.all([marketsPromise, clockPromise, subaccounts])
      const latencyMs = Date.now() - startedMs
      if ('code' in markets) return { source, status: 'error', error: markets, latencyMs }
      if (typeof asOfSec !== 'number') return { source, status: 'error', error: asOfSec, latencyMs }
      if (result.kind === 'rejected' && result.status === 404) {
        return { source, status: 'ok', snapshots: [], asOfSec, latencyMs }
      }
      if (result.kind !== 'ok')
        return {
          source,
          status: 'error',
          error: toSourceError({ failed: result, venue: 'The dYdX indexer', call: 'addresses' }),
          latencyMs,
        }
      try {
        const snapshots = decodeDydxSubaccounts({ address: account.address, raw: result.body, markets, asOfSec })
        // One answer, one indexer height: every subaccount carries the same latestProcessedBlockHeight.
        const height = snapshots[0]?.snapshot.blockNumber
        const blockNumber = height === undefined ? undefined : BigInt(height)
        return { source, status: 'ok', snapshots, asOfSec, blockNumber, latencyMs }
      } catch (error) {
        return { source, status: 'error', error: toSourceError({ thrown: error }), latencyMs }
      }
    }),
  )
}
