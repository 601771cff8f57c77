import type { HyperliquidPosition, HyperliquidSnapshot, PriceQuote } from '../../engine'
import { identifyAsset, toAssetIdentity } from '../assets/identifyAsset'
import type { SourceSnapshot } from '../types'
import type { HyperliquidMarket } from './decodeHyperliquidMarket'
import { hyperliquidFormatError, isDecimal, isObject } from './guards'
import type { HyperliquidApiPosition, HyperliquidClearinghouseState } from './types'

export type DecodeHyperliquidStateParameters = {
  /** The user as Solvent names it (checksummed). */
  user: `0x${string}`
  /** The JSON answer of `{"type":"clearinghouseState","user":…}`. */
  raw: unknown
  /** The shared `metaAndAssetCtxs` of the same read. */
  market: HyperliquidMarket
  /** Unix seconds of the state; defaults to the answer's `time`. */
  asOfSec?: number | undefined
}

export type DecodeHyperliquidStateReturnType = SourceSnapshot[]

/**
 * Decodes one user's `clearinghouseState` into margin accounts: one `cross` account (all cross
 * positions, `rawUsd = crossMarginSummary.totalRawUsd`) when it holds a balance or a position,
 * plus one `isolated:<coin>` account per isolated position (`rawUsd = leverage.rawUsd`). Positions
 * of size zero are left out. Prices are the mark prices of `market` (class crypto) and USDC at 1
 * (stable), each naming its coin's underlying from the asset registry (ETH is ETH; a `k` coin such
 * as kPEPE is 1,000 PEPE, so it nets with PEPE held elsewhere). Each account carries the venue's own figures in `venueReported`:
 *
 * - cross: `accountValue`, `totalMarginUsed`, `totalNtlPos`, `totalRawUsd` (crossMarginSummary),
 *   `crossMaintenanceMarginUsed`, `withdrawable`, `liquidationPx:<coin>` per position;
 * - isolated: `accountValue` and `totalMarginUsed` (both the position's `marginUsed`, its
 *   isolated account value), `rawUsd`, `liquidationPx:<coin>`.
 *
 * A null `liquidationPx` (none at a positive price) is left out. Pure.
 *
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint/perpetuals
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margining
 * @throws {SolventError} `UPSTREAM_UNAVAILABLE` when the answer is not in the documented shape.
 * @example const snapshots = decodeHyperliquidState({ user, raw, market })
 */
export function decodeHyperliquidState({
  user,
  raw,
  market,
  asOfSec,
}: DecodeHyperliquidStateParameters): DecodeHyperliquidStateReturnType {
  const state = checkState(raw)
  const timestampSec = asOfSec ?? Math.floor(state.time / 1000)
  const positions = state.assetPositions.map((entry) => checkPosition(entry.position)).filter((p) => !isZero(p.szi))

  const header = (marginAccountId: string, coins: string[]) => ({
    venue: 'hyperliquid',
    account: user,
    marginAccountId,
    asOfSec: timestampSec,
    prices: prices(coins, market, timestampSec),
    model: 'hyperliquid' as const,
  })
  const params = (coins: string[]) => ({
    assets: Object.fromEntries(
      coins.map((coin) => {
        const asset = market.assets[coin]
        if (!asset) throw hyperliquidFormatError(`position in ${coin}, which metaAndAssetCtxs does not list`)
        return [coin, asset]
      }),
    ),
  })
  const toPosition = (p: HyperliquidApiPosition): HyperliquidPosition => ({
    coin: p.coin,
    szi: p.szi,
    entryPx: p.entryPx,
    leverage: p.leverage.value,
  })
  const liquidationPx = (p: HyperliquidApiPosition) =>
    p.liquidationPx === null ? {} : { [`liquidationPx:${p.coin}`]: p.liquidationPx }

  const out: SourceSnapshot[] = []
  const cross = positions.filter((p) => p.leverage.type === 'cross')
  if (cross.length > 0 || !isZero(state.crossMarginSummary.totalRawUsd)) {
    const coins = cross.map((p) => p.coin)
    const snapshot: HyperliquidSnapshot = {
      ...header('cross', coins),
      marginMode: 'cross',
      rawUsd: state.crossMarginSummary.totalRawUsd,
      positions: cross.map(toPosition),
      params: params(coins),
    }
    out.push({
      snapshot,
      venueReported: {
        accountValue: state.crossMarginSummary.accountValue,
        totalMarginUsed: state.crossMarginSummary.totalMarginUsed,
        totalNtlPos: state.crossMarginSummary.totalNtlPos,
        totalRawUsd: state.crossMarginSummary.totalRawUsd,
        crossMaintenanceMarginUsed: state.crossMaintenanceMarginUsed,
        withdrawable: state.withdrawable,
        ...Object.assign({}, ...cross.map(liquidationPx)),
      },
    })
  }
  for (const p of positions) {
    if (p.leverage.type !== 'isolated') continue
    const snapshot: HyperliquidSnapshot = {
      ...header(`isolated:${p.coin}`, [p.coin]),
      marginMode: 'isolated',
      rawUsd: p.leverage.rawUsd,
      positions: [toPosition(p)],
      params: params([p.coin]),
    }
    out.push({
      snapshot,
      venueReported: {
        accountValue: p.marginUsed,
        totalMarginUsed: p.marginUsed,
        rawUsd: p.leverage.rawUsd,
        ...liquidationPx(p),
      },
    })
  }
  return out
}

function prices(coins: string[], market: HyperliquidMarket, timestampSec: number): Record<string, PriceQuote> {
  const table: Record<string, PriceQuote> = {
    USDC: { priceUsd: '1', source: 'hyperliquid-collateral', timestampSec, class: 'stable', asset: assetOf('USDC') },
  }
  for (const coin of coins) {
    const markPx = market.markPx[coin]
    if (markPx === undefined) throw hyperliquidFormatError(`no markPx for ${coin} in metaAndAssetCtxs`)
    table[coin] = { priceUsd: markPx, source: 'hyperliquid-mark', timestampSec, class: 'crypto', asset: assetOf(coin) }
  }
  return table
}

const assetOf = (coin: string) => toAssetIdentity(identifyAsset({ symbol: coin, kiloPrefix: true }))

const isZero = (value: string) => /^-?0*(\.0*)?$/.test(value)

function checkSummary(value: unknown, name: string): void {
  if (!isObject(value)) throw hyperliquidFormatError(`${name} is missing`)
  for (const key of ['accountValue', 'totalNtlPos', 'totalRawUsd', 'totalMarginUsed']) {
    if (!isDecimal(value[key])) throw hyperliquidFormatError(`${name}.${key} is not a decimal string`)
  }
}

function checkState(raw: unknown): HyperliquidClearinghouseState {
  if (!isObject(raw)) throw hyperliquidFormatError('clearinghouseState is not an object')
  checkSummary(raw.marginSummary, 'marginSummary')
  checkSummary(raw.crossMarginSummary, 'crossMarginSummary')
  if (!isDecimal(raw.crossMaintenanceMarginUsed)) throw hyperliquidFormatError('crossMaintenanceMarginUsed')
  if (!isDecimal(raw.withdrawable)) throw hyperliquidFormatError('withdrawable')
  if (!Array.isArray(raw.assetPositions)) throw hyperliquidFormatError('assetPositions is not an array')
  if (typeof raw.time !== 'number') throw hyperliquidFormatError('time is not a number')
  return raw as HyperliquidClearinghouseState
}

function checkPosition(value: unknown): HyperliquidApiPosition {
  if (!isObject(value) || typeof value.coin !== 'string') throw hyperliquidFormatError('a position has no coin')
  for (const key of ['szi', 'entryPx', 'marginUsed', 'positionValue']) {
    if (!isDecimal(value[key])) throw hyperliquidFormatError(`${value.coin}: ${key} is not a decimal string`)
  }
  if (value.liquidationPx !== null && !isDecimal(value.liquidationPx)) {
    throw hyperliquidFormatError(`${value.coin}: liquidationPx`)
  }
  const leverage = value.leverage
  if (!isObject(leverage) || !Number.isFinite(leverage.value) || (leverage.value as number) <= 0) {
    throw hyperliquidFormatError(`${value.coin}: leverage`)
  }
  if (leverage.type === 'isolated' ? !isDecimal(leverage.rawUsd) : leverage.type !== 'cross') {
    throw hyperliquidFormatError(`${value.coin}: leverage.type / rawUsd`)
  }
  return value as HyperliquidApiPosition
}
