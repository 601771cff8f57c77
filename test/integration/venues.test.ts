import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { D, dec } from '../../src/engine/decimal'
import { evaluateMarginAccount } from '../../src/engine/evaluateMarginAccount'
import type { HyperliquidSnapshot } from '../../src/engine/perps/hyperliquid/types'
import { parseAccount } from '../../src/protocols/address'
import { dydxV4 } from '../../src/protocols/dydx-v4/index'
import { hyperliquid } from '../../src/protocols/hyperliquid/index'
import type { ReadContext, SourceResult, SourceSnapshot } from '../../src/protocols/types'
import { demoAccount } from '../harness/demoAccounts'

/** A fetch that counts what it sends (the ReadContext lets tests wrap the Worker's fetch). */
function countingFetch() {
  const counts = new Map<string, number>()
  const wrapped: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    let key = url.pathname
    if (typeof init?.body === 'string') key = (JSON.parse(init.body) as { type: string }).type
    else if (url.pathname.startsWith('/v4/addresses/')) key = 'addresses'
    counts.set(key, (counts.get(key) ?? 0) + 1)
    return fetch(input, init)
  }
  return { fetch: wrapped, counts }
}

function context(overrides: Partial<Env> = {}, fetcher: typeof fetch = fetch): ReadContext {
  return { env: { ...env, ...overrides } as Env, fetch: fetcher, nowMs: Date.now() }
}

function ok(result: SourceResult | undefined) {
  if (result?.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`)
  return result
}

const near = parseAccount(demoAccount('near-liquidation').address)
const everywhere = parseAccount(demoAccount('everywhere').address)
const everywhereDydx = parseAccount(demoAccount('everywhere').dydxAddress ?? '')
const healthy = parseAccount(demoAccount('healthy').address)
const USD_PRINT = dec('0.000001')

/** The engine's evaluation of a decoded snapshot against the venue's own printed figures. */
function expectHyperliquidAgrees({ snapshot, venueReported }: SourceSnapshot) {
  const s = snapshot as HyperliquidSnapshot
  const report = evaluateMarginAccount({ snapshot: s, nowSec: s.asOfSec })
  const venue = (key: string) => dec(venueReported?.[key] ?? 'NaN')
  expect(report.equityUsd.sub(venue('accountValue')).abs().lte(USD_PRINT)).toBe(true)
  if (s.marginMode === 'cross') {
    expect(report.initialMarginUsd.sub(venue('totalMarginUsed')).abs().lte(USD_PRINT)).toBe(true)
    expect(report.maintenanceMarginUsd.sub(venue('crossMaintenanceMarginUsed')).abs().lte(USD_PRINT)).toBe(true)
  }
  for (const [i, position] of s.positions.entries()) {
    const printed = venueReported?.[`liquidationPx:${position.coin}`]
    const engine = report.positions[i]?.liquidationPrice
    if (printed === undefined) {
      expect(engine?.kind).toBe('none')
      continue
    }
    if (engine?.kind !== 'price') throw new Error(`no engine liquidation price for ${position.coin}`)
    // Printed to 8 decimals, from balances kept in micro-USDC: one micro-USDC moves it by 1e-6 / (|szi| (1 − l)).
    const l = new D(1).div(2 * (s.params.assets[position.coin]?.maxLeverage ?? 1))
    const tolerance = dec('0.00000001').add(USD_PRINT.div(dec(position.szi).abs().mul(new D(1).sub(l))))
    expect(engine.priceUsd.sub(dec(printed)).abs().lte(tolerance)).toBe(true)
  }
  return report
}

describe('hyperliquid adapter against the simulator', () => {
  it('reads N accounts with ONE metaAndAssetCtxs and one clearinghouseState each', async () => {
    const { fetch: counted, counts } = countingFetch()
    const sources = [near, everywhere, healthy].flatMap((a) => hyperliquid.sources(a, env))
    const results = await hyperliquid.read(sources, context({}, counted))
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok'])
    expect(Object.fromEntries(counts)).toEqual({ metaAndAssetCtxs: 1, clearinghouseState: 3 })
    // An account Hyperliquid has never seen: the venue's empty state, no margin accounts.
    expect(ok(results[2]).snapshots).toEqual([])
  })

  it('decodes the near-liquidation cross account and the engine reproduces the venue figures', async () => {
    const [result] = await hyperliquid.read(hyperliquid.sources(near, env), context())
    const { snapshots, asOfSec } = ok(result)
    expect(snapshots.map((s) => s.snapshot.marginAccountId)).toEqual(['cross'])
    expect(asOfSec).toBeGreaterThan(1_700_000_000)
    const snapshot = snapshots[0] as SourceSnapshot
    expect(snapshot.snapshot).toMatchObject({
      venue: 'hyperliquid',
      account: near.address,
      model: 'hyperliquid',
      marginMode: 'cross',
      rawUsd: '-47830.123456',
      positions: [{ coin: 'BTC', szi: '0.5', entryPx: '104000.0', leverage: 20 }],
      params: {
        assets: {
          BTC: {
            maxLeverage: 40,
            marginTiers: [
              { lowerBound: '0.0', maxLeverage: 40 },
              { lowerBound: '150000000.0', maxLeverage: 20 },
            ],
          },
        },
      },
    })
    expect(snapshot.snapshot.prices.BTC).toMatchObject({
      priceUsd: '97000.0',
      class: 'crypto',
      source: 'hyperliquid-mark',
    })
    expect(snapshot.snapshot.prices.USDC).toMatchObject({ priceUsd: '1', class: 'stable' })
    expect(snapshot.venueReported).toMatchObject({ accountValue: '669.876544', crossMaintenanceMarginUsed: '606.25' })
    const report = expectHyperliquidAgrees(snapshot)
    // Close to maintenance: margin ratio about 0.905, not yet liquidatable.
    expect(report.liquidatable).toBe(false)
    expect(report.marginRatio.kind === 'finite' && report.marginRatio.value.gt('0.85')).toBe(true)
  })

  it('splits cross and isolated margin accounts and matches every printed figure', async () => {
    const [result] = await hyperliquid.read(hyperliquid.sources(everywhere, env), context())
    const { snapshots } = ok(result)
    expect(snapshots.map((s) => s.snapshot.marginAccountId)).toEqual(['cross', 'isolated:BTC'])
    const [cross, isolated] = snapshots as [SourceSnapshot, SourceSnapshot]
    expect((cross.snapshot as HyperliquidSnapshot).positions.map((p) => [p.coin, p.szi])).toEqual([
      ['ETH', '2.5'],
      ['SOL', '-40.0'],
    ])
    expect(isolated.snapshot).toMatchObject({ marginMode: 'isolated', rawUsd: '-8550.5' })
    expect(Object.keys(cross.venueReported ?? {}).sort()).toEqual(
      [
        'accountValue',
        'crossMaintenanceMarginUsed',
        'liquidationPx:ETH',
        'liquidationPx:SOL',
        'totalMarginUsed',
        'totalNtlPos',
        'totalRawUsd',
        'withdrawable',
      ].sort(),
    )
    for (const snapshot of snapshots) expectHyperliquidAgrees(snapshot)
  })

  it('an unreachable venue fails its own sources with UPSTREAM_UNAVAILABLE and no other venue', async () => {
    const down = context({ HYPERLIQUID_API_URL: 'http://127.0.0.1:1' })
    const [hl, dydx] = await Promise.all([
      hyperliquid.read(hyperliquid.sources(everywhere, env), down),
      dydxV4.read(dydxV4.sources(everywhereDydx, env), down),
    ])
    expect(hl[0]).toMatchObject({ status: 'error', error: { code: 'UPSTREAM_UNAVAILABLE' } })
    expect(ok(dydx[0]).snapshots).toHaveLength(1)
  })

  it('a request the venue refuses (HTTP 422) is BAD_USER_INPUT', async () => {
    const [result] = await hyperliquid.read(
      [{ venue: 'hyperliquid', account: { kind: 'evm', address: '0x1234' } }],
      context(),
    )
    expect(result).toMatchObject({ status: 'error', error: { code: 'BAD_USER_INPUT' } })
  })
})

describe('dydx-v4 adapter against the simulator', () => {
  it('decodes the subaccount and the engine reproduces equity and free collateral exactly', async () => {
    const { fetch: counted, counts } = countingFetch()
    const unknown = parseAccount('dydx1qurswpc8qurswpc8qurswpc8qurswpc862f7qk')
    const sources = [everywhereDydx, unknown].flatMap((a) => dydxV4.sources(a, env))
    const beforeSec = Math.floor(Date.now() / 1000)
    const results = await dydxV4.read(sources, context({}, counted))
    const afterSec = Math.ceil(Date.now() / 1000)
    // One markets and one height request for the whole read, one per address.
    expect(Object.fromEntries(counts)).toEqual({ '/v4/perpetualMarkets': 1, '/v4/height': 1, addresses: 2 })
    const first = ok(results[0])
    expect(first.blockNumber).toBe(45_678_901n)
    // The venue time is the indexer's latest block time (the simulator's clock), not the request's.
    expect(first.asOfSec).toBeGreaterThanOrEqual(beforeSec)
    expect(first.asOfSec).toBeLessThanOrEqual(afterSec)
    // 404 "No subaccounts found": an address that never deposited, nothing at risk.
    expect(ok(results[1]).snapshots).toEqual([])

    const [{ snapshot, venueReported }] = first.snapshots as [SourceSnapshot]
    expect(snapshot).toMatchObject({
      venue: 'dydx-v4',
      account: everywhereDydx.address,
      marginAccountId: 'subaccount:0',
      model: 'dydx-v4',
      quoteBalance: '5250.123456',
      positions: [
        { market: 'ETH-USD', size: '1.5', entryPrice: '3100' },
        { market: 'BTC-USD', size: '-0.05', entryPrice: '98000' },
      ],
    })
    expect(snapshot.prices.ETH).toMatchObject({ priceUsd: '3201.123', source: 'dydx-oracle', class: 'crypto' })
    const report = evaluateMarginAccount({ snapshot, nowSec: snapshot.asOfSec })
    expect(report.equityUsd.eq(dec(venueReported?.equity ?? 'NaN'))).toBe(true)
    expect(report.freeCollateralUsd.eq(dec(venueReported?.freeCollateral ?? 'NaN'))).toBe(true)
    expect(report.liquidatable).toBe(false)
  })

  it('an unreachable indexer is UPSTREAM_UNAVAILABLE; an address it refuses is BAD_USER_INPUT', async () => {
    const [down] = await dydxV4.read(
      dydxV4.sources(everywhereDydx, env),
      context({ DYDX_INDEXER_URL: 'http://127.0.0.1:1' }),
    )
    expect(down).toMatchObject({ status: 'error', error: { code: 'UPSTREAM_UNAVAILABLE' } })
    const [refused] = await dydxV4.read(
      [{ venue: 'dydx-v4', account: { kind: 'dydx', address: 'dydx1notanaddress' } }],
      context(),
    )
    expect(refused).toMatchObject({ status: 'error', error: { code: 'BAD_USER_INPUT' } })
  })
})
