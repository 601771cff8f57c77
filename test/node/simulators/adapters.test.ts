import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { dec } from '../../../src/engine/decimal'
import { evaluateMarginAccount } from '../../../src/engine/evaluateMarginAccount'
import { parseAccount } from '../../../src/protocols/address'
import { createDydxV4Adapter } from '../../../src/protocols/dydx-v4/index'
import { createHyperliquidAdapter } from '../../../src/protocols/hyperliquid/index'
import type { AccountRef, ReadContext, SourceResult } from '../../../src/protocols/types'
import { demoAccount } from '../../harness/demoAccounts'
import { type StartSimulatorsReturnType, startSimulators } from '../../harness/simulators/index'

/**
 * The adapters' `read` under Node against in-process simulators, where the control API can break
 * one user's requests, hang the venue or move prices (the workerd suite cannot reach it).
 */
let sims: StartSimulatorsReturnType
let context: ReadContext
const hyperliquid = createHyperliquidAdapter({ timeoutMs: 300 })
const dydxV4 = createDydxV4Adapter({ timeoutMs: 300 })
const near = parseAccount(demoAccount('near-liquidation').address)
const everywhere = parseAccount(demoAccount('everywhere').address)
const everywhereDydx = parseAccount(demoAccount('everywhere').dydxAddress ?? '')

const hlSources = (...accounts: AccountRef[]) => accounts.flatMap((a) => hyperliquid.sources(a, context.env))
const ok = (result: SourceResult | undefined) => {
  if (result?.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`)
  return result
}

beforeAll(async () => {
  sims = await startSimulators()
  context = {
    env: { HYPERLIQUID_API_URL: sims.hyperliquidUrl, DYDX_INDEXER_URL: `${sims.dydxIndexerUrl}/` } as Env,
    fetch: globalThis.fetch,
    nowMs: Date.now(),
  }
})
afterAll(() => sims.close())
beforeEach(() => {
  sims.hyperliquid.fail(null)
  sims.dydx.fail(null)
  sims.hyperliquid.resetCounts()
  sims.dydx.resetCounts()
})

describe('hyperliquid read', () => {
  it('an outage of one user fails that source only, after one retry', async () => {
    sims.hyperliquid.fail({ status: 502, user: everywhere.kind === 'evm' ? everywhere.address : '' })
    const [a, b] = await hyperliquid.read(hlSources(near, everywhere), context)
    expect(ok(a).snapshots).toHaveLength(1)
    expect(b).toMatchObject({ status: 'error', error: { code: 'UPSTREAM_UNAVAILABLE' } })
    expect(b?.status === 'error' && b.error.message).toMatch(/HTTP 502/)
    expect(sims.hyperliquid.requestCount('clearinghouseState')).toBe(3) // near once, everywhere twice
    expect(sims.hyperliquid.requestCount('metaAndAssetCtxs')).toBe(1)
  })

  it('one transient 5xx is absorbed by the retry', async () => {
    sims.hyperliquid.fail({ status: 500, times: 1 })
    const results = await hyperliquid.read(hlSources(near), context)
    expect(results.map((r) => r.status)).toEqual(['ok'])
    expect(sims.hyperliquid.requestCount()).toBe(3)
  })

  it('a venue that hangs times out (per attempt) as UPSTREAM_UNAVAILABLE', async () => {
    sims.hyperliquid.fail({ hang: true })
    const started = Date.now()
    const [result] = await hyperliquid.read(hlSources(near), context)
    expect(result).toMatchObject({ status: 'error', error: { code: 'UPSTREAM_UNAVAILABLE' } })
    expect(result?.status === 'error' && result.error.message).toMatch(/300 ms/)
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('without metaAndAssetCtxs no source can be priced: every source fails', async () => {
    sims.hyperliquid.fail({ status: 500, match: (r) => r.body.includes('metaAndAssetCtxs') })
    const results = await hyperliquid.read(hlSources(near, everywhere), context)
    expect(results.map((r) => r.status === 'error' && r.error.code)).toEqual([
      'UPSTREAM_UNAVAILABLE',
      'UPSTREAM_UNAVAILABLE',
    ])
  })

  it('a mark price move is seen by venue and engine alike, down to liquidation', async () => {
    const before = ok((await hyperliquid.read(hlSources(near), context))[0]).snapshots[0]
    const liquidationPx = dec(before?.venueReported?.['liquidationPx:BTC'] ?? 'NaN')
    try {
      // One tick under the venue's own liquidation price: both must call it liquidatable.
      sims.hyperliquid.setMarkPrice('BTC', liquidationPx.sub(1).toDecimalPlaces(0).toFixed())
      const [after] = ok((await hyperliquid.read(hlSources(near), context))[0]).snapshots
      if (!after) throw new Error('no snapshot')
      const venueValue = dec(after.venueReported?.accountValue ?? 'NaN')
      const venueMaintenance = dec(after.venueReported?.crossMaintenanceMarginUsed ?? 'NaN')
      expect(venueValue.lt(venueMaintenance)).toBe(true)
      const report = evaluateMarginAccount({ snapshot: after.snapshot, nowSec: after.snapshot.asOfSec })
      expect(report.liquidatable).toBe(true)
      expect(report.equityUsd.sub(venueValue).abs().lte('0.000001')).toBe(true)
    } finally {
      sims.hyperliquid.setMarkPrice('BTC', '97000.0')
    }
  })

  it('asks once per distinct user, however many sources name it', async () => {
    const results = await hyperliquid.read(hlSources(near, near, everywhere), context)
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok'])
    expect(sims.hyperliquid.requestCount('clearinghouseState')).toBe(2)
  })

  it('a dYdX account is not a Hyperliquid source', () => {
    expect(hyperliquid.sources(everywhereDydx, context.env)).toEqual([])
    expect(hyperliquid.sources(near, context.env)).toEqual([{ venue: 'hyperliquid', account: near }])
  })
})

describe('dydx-v4 read', () => {
  const unknown = parseAccount('dydx1qurswpc8qurswpc8qurswpc8qurswpc862f7qk')

  it('one perpetualMarkets for N addresses; an outage of one address fails that source only', async () => {
    sims.dydx.fail({ status: 503, address: everywhereDydx.address })
    const results = await dydxV4.read(
      [everywhereDydx, unknown].flatMap((a) => dydxV4.sources(a, context.env)),
      context,
    )
    expect(results[0]).toMatchObject({ status: 'error', error: { code: 'UPSTREAM_UNAVAILABLE' } })
    expect(ok(results[1]).snapshots).toEqual([])
    expect(sims.dydx.requestCount('perpetualMarkets')).toBe(1)
    expect(sims.dydx.requestCount('addresses')).toBe(3) // the failing address twice (one retry)
  })

  it('a subaccount in debt (USDC SHORT) decodes to a negative quote balance the engine agrees with', async () => {
    const address = 'dydx1qurswpc8qurswpc8qurswpc8qurswpc862f7qk'
    sims.dydx.setAddress(address, [
      { subaccountNumber: 0, usdc: '-1500.25', positions: [{ market: 'ETH-USD', size: '1', entryPrice: '3000' }] },
      { subaccountNumber: 128, usdc: '900', positions: [{ market: 'SOL-USD', size: '-20', entryPrice: '170' }] },
    ])
    try {
      const [result] = await dydxV4.read(dydxV4.sources(unknown, context.env), context)
      const snapshots = ok(result).snapshots
      expect(snapshots.map((s) => s.snapshot.marginAccountId)).toEqual(['subaccount:0', 'subaccount:128'])
      for (const { snapshot, venueReported } of snapshots) {
        const report = evaluateMarginAccount({ snapshot, nowSec: snapshot.asOfSec })
        expect(report.equityUsd.toFixed()).toBe(dec(venueReported?.equity ?? 'NaN').toFixed())
        expect(report.freeCollateralUsd.toFixed()).toBe(dec(venueReported?.freeCollateral ?? 'NaN').toFixed())
      }
      expect(snapshots[0]?.snapshot).toMatchObject({ quoteBalance: '-1500.25' })
    } finally {
      sims.dydx.setAddress(address, null)
    }
  })

  it('an oracle move changes equity on both sides', async () => {
    sims.dydx.setOraclePrice('ETH-USD', '2500')
    try {
      const [result] = await dydxV4.read(dydxV4.sources(everywhereDydx, context.env), context)
      const first = ok(result).snapshots[0]
      if (!first) throw new Error('no snapshot')
      const { snapshot, venueReported } = first
      const report = evaluateMarginAccount({ snapshot, nowSec: snapshot.asOfSec })
      // 5250.123456 + 1.5 × 2500 − 0.05 × 97012.34
      expect(venueReported?.equity).toBe('4149.506456')
      expect(report.equityUsd.toFixed()).toBe('4149.506456')
    } finally {
      sims.dydx.setOraclePrice('ETH-USD', '3201.123')
    }
  })
})
