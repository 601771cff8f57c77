import { describe, expect, it } from 'vitest'
import { evaluateMarginAccount } from '../../../../src/engine/evaluateMarginAccount'
import { SolventError } from '../../../../src/errors/base'
import { decodeDydxMarkets } from '../../../../src/protocols/dydx-v4/decodeDydxMarkets'
import { decodeDydxSubaccounts } from '../../../../src/protocols/dydx-v4/decodeDydxSubaccounts'

const address = 'dydx1y5crk3j3t3nhylvgjw02nd9let27p6lkx9le25'

/** `GET /v4/perpetualMarkets`, trimmed to the fields that matter, in the documented shape. */
const perpetualMarkets = {
  markets: {
    'BTC-USD': {
      clobPairId: '0',
      ticker: 'BTC-USD',
      status: 'ACTIVE',
      oraclePrice: '97012.34',
      priceChange24H: '0',
      volume24H: '0',
      trades24H: 0,
      nextFundingRate: '0',
      initialMarginFraction: '0.05',
      maintenanceMarginFraction: '0.03',
      openInterest: '612.3456',
      atomicResolution: -10,
      quantumConversionExponent: -9,
      tickSize: '1',
      stepSize: '0.0001',
      stepBaseQuantums: 1000000,
      subticksPerTick: 100000,
      marketType: 'CROSS',
      openInterestLowerCap: '0',
      openInterestUpperCap: '0',
      baseOpenInterest: '0',
    },
    'ETH-USD': {
      clobPairId: '1',
      ticker: 'ETH-USD',
      status: 'ACTIVE',
      oraclePrice: '3201.123',
      priceChange24H: '0',
      volume24H: '0',
      trades24H: 0,
      nextFundingRate: '0',
      initialMarginFraction: '0.05',
      maintenanceMarginFraction: '0.03',
      openInterest: '12345.678',
      atomicResolution: -9,
      quantumConversionExponent: -9,
      tickSize: '0.1',
      stepSize: '0.001',
      stepBaseQuantums: 1000000,
      subticksPerTick: 100000,
      marketType: 'CROSS',
      openInterestLowerCap: '0',
      openInterestUpperCap: '0',
      baseOpenInterest: '0',
    },
  },
}

const position = (market: string, side: 'LONG' | 'SHORT', size: string, entryPrice: string) => ({
  market,
  status: 'OPEN',
  side,
  size,
  maxSize: size,
  entryPrice,
  exitPrice: null,
  realizedPnl: '0',
  unrealizedPnl: '0',
  createdAt: '2026-01-02T03:04:05.000Z',
  createdAtHeight: '1000',
  closedAt: null,
  sumOpen: size,
  sumClose: '0',
  netFunding: '0',
  subaccountNumber: 0,
})

/** `GET /v4/addresses/{address}`: a cross subaccount and an isolated child in USDC debt. */
const addressResponse = {
  subaccounts: [
    {
      address,
      subaccountNumber: 0,
      equity: '5201.190956',
      freeCollateral: '4718.575881',
      openPerpetualPositions: {
        'ETH-USD': position('ETH-USD', 'LONG', '1.5', '3100'),
        'BTC-USD': position('BTC-USD', 'SHORT', '-0.05', '98000'),
      },
      assetPositions: {
        USDC: { size: '5250.123456', symbol: 'USDC', side: 'LONG', assetId: '0', subaccountNumber: 0 },
      },
      marginEnabled: true,
      updatedAtHeight: '45678891',
      latestProcessedBlockHeight: '45678901',
    },
    {
      address,
      subaccountNumber: 128,
      equity: '1701.123',
      freeCollateral: '1541.06685',
      openPerpetualPositions: { 'ETH-USD': position('ETH-USD', 'LONG', '1', '3000') },
      assetPositions: { USDC: { size: '1500', symbol: 'USDC', side: 'SHORT', assetId: '0', subaccountNumber: 128 } },
      marginEnabled: true,
      updatedAtHeight: '45678891',
      latestProcessedBlockHeight: '45678901',
    },
  ],
  totalTradingRewards: '0',
}

const markets = decodeDydxMarkets({ raw: perpetualMarkets })

describe('decodeDydxMarkets', () => {
  it('keys markets by ticker with the underlying as price key', () => {
    expect(markets.markets['ETH-USD']).toEqual({
      underlying: 'ETH',
      initialMarginFraction: '0.05',
      maintenanceMarginFraction: '0.03',
      openInterest: '12345.678',
      openInterestLowerCap: '0',
      openInterestUpperCap: '0',
    })
    expect(markets.oraclePrice['BTC-USD']).toBe('97012.34')
    expect(() => decodeDydxMarkets({ raw: { markets: { 'X-USD': { oraclePrice: 1 } } } })).toThrow(SolventError)
  })
})

describe('decodeDydxSubaccounts', () => {
  const snapshots = decodeDydxSubaccounts({ address, raw: addressResponse, markets, asOfSec: 1_800_000_000 })

  it('yields one snapshot per subaccount, the USDC side giving the quote sign', () => {
    expect(snapshots.map((s) => s.snapshot.marginAccountId)).toEqual(['subaccount:0', 'subaccount:128'])
    expect(snapshots[0]?.snapshot).toMatchObject({
      venue: 'dydx-v4',
      account: address,
      asOfSec: 1_800_000_000,
      blockNumber: '45678901',
      quoteBalance: '5250.123456',
      positions: [
        { market: 'ETH-USD', size: '1.5', entryPrice: '3100' },
        { market: 'BTC-USD', size: '-0.05', entryPrice: '98000' },
      ],
    })
    expect(snapshots[0]?.snapshot.prices).toMatchObject({
      ETH: { priceUsd: '3201.123', source: 'dydx-oracle', class: 'crypto' },
      BTC: { priceUsd: '97012.34' },
      USDC: { priceUsd: '1', class: 'stable' },
    })
    expect(snapshots[1]?.snapshot).toMatchObject({ quoteBalance: '-1500' })
    expect(snapshots[0]?.venueReported).toEqual({ equity: '5201.190956', freeCollateral: '4718.575881' })
  })

  it('evaluates to the indexer figures exactly', () => {
    for (const { snapshot, venueReported } of snapshots) {
      const report = evaluateMarginAccount({ snapshot, nowSec: snapshot.asOfSec })
      expect(report.equityUsd.toFixed()).toBe(venueReported?.equity)
      expect(report.freeCollateralUsd.toFixed()).toBe(venueReported?.freeCollateral)
    }
  })

  it('refuses positions in unknown markets and answers of the wrong shape with UPSTREAM_UNAVAILABLE', () => {
    const bad: unknown[] = [
      { subaccounts: {} },
      { subaccounts: [{ ...addressResponse.subaccounts[0], equity: 5201.19 }] },
      {
        subaccounts: [
          {
            ...addressResponse.subaccounts[0],
            openPerpetualPositions: { 'SOL-USD': position('SOL-USD', 'LONG', '1', '1') },
          },
        ],
      },
      { subaccounts: [{ ...addressResponse.subaccounts[0], assetPositions: { USDC: { size: '1', side: 'UP' } } }] },
    ]
    for (const raw of bad) {
      let error: unknown
      try {
        decodeDydxSubaccounts({ address, raw, markets, asOfSec: 0 })
      } catch (e) {
        error = e
      }
      expect((error as SolventError).code).toBe('UPSTREAM_UNAVAILABLE')
    }
  })
})
