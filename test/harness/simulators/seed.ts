import { demoAccount } from '../demoAccounts'
import type { DydxSimMarket, DydxSimState } from './dydxSimulator'
import type { HyperliquidSimMarket, HyperliquidSimState } from './hyperliquidSimulator'

const hlMarket = (m: Omit<HyperliquidSimMarket, 'oraclePx' | 'midPx' | 'premium'>): HyperliquidSimMarket => ({
  ...m,
  oraclePx: m.markPx,
  midPx: m.markPx,
  premium: '0.0',
})

/**
 * Markets shaped like mainnet (szDecimals, max leverage, tiered margin tables 50+), prices with at
 * most 5 significant figures. BTC and ETH use tiered tables; SOL a single tier (table id 20 = 20x).
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers
 */
export function seedHyperliquidState(withAccounts = true): HyperliquidSimState {
  const state: HyperliquidSimState = {
    markets: [
      hlMarket({
        name: 'BTC',
        szDecimals: 5,
        maxLeverage: 40,
        marginTableId: 56,
        markPx: '97000.0',
        funding: '0.0000125',
        openInterest: '31234.56789',
        prevDayPx: '96500.0',
        dayNtlVlm: '1234567890.0',
      }),
      hlMarket({
        name: 'ETH',
        szDecimals: 4,
        maxLeverage: 25,
        marginTableId: 55,
        markPx: '3200.5',
        funding: '0.0000100',
        openInterest: '612345.1234',
        prevDayPx: '3150.1',
        dayNtlVlm: '456789012.0',
      }),
      hlMarket({
        name: 'SOL',
        szDecimals: 2,
        maxLeverage: 20,
        marginTableId: 20,
        markPx: '180.25',
        funding: '-0.0000031',
        openInterest: '2345678.12',
        prevDayPx: '178.4',
        dayNtlVlm: '98765432.0',
      }),
    ],
    marginTables: [
      [
        55,
        {
          description: 'tiered 25x',
          marginTiers: [
            { lowerBound: '0.0', maxLeverage: 25 },
            { lowerBound: '100000000.0', maxLeverage: 15 },
          ],
        },
      ],
      [
        56,
        {
          description: 'tiered 40x',
          marginTiers: [
            { lowerBound: '0.0', maxLeverage: 40 },
            { lowerBound: '150000000.0', maxLeverage: 20 },
          ],
        },
      ],
    ],
    users: new Map(),
  }
  if (!withAccounts) return state
  // Cross BTC long, about 10% above its maintenance margin: MM = 48,500 × 1.25% = 606.25.
  state.users.set(demoAccount('near-liquidation').address.toLowerCase(), {
    crossRawUsd: '-47830.123456',
    positions: [{ coin: 'BTC', szi: '0.5', entryPx: '104000.0', leverage: 20, marginMode: 'cross' }],
  })
  // Cross ETH long + SOL short, and an isolated BTC long.
  state.users.set(demoAccount('everywhere').address.toLowerCase(), {
    crossRawUsd: '2345.678901',
    positions: [
      {
        coin: 'ETH',
        szi: '2.5',
        entryPx: '3000.0',
        leverage: 10,
        marginMode: 'cross',
        cumFunding: { allTime: '12.345678', sinceChange: '1.234567', sinceOpen: '1.234567' },
      },
      { coin: 'SOL', szi: '-40.0', entryPx: '190.5', leverage: 5, marginMode: 'cross' },
      { coin: 'BTC', szi: '0.1', entryPx: '95000.0', leverage: 10, marginMode: 'isolated', isolatedRawUsd: '-8550.5' },
    ],
  })
  return state
}

const dydxMarket = (
  m: Pick<
    DydxSimMarket,
    | 'ticker'
    | 'clobPairId'
    | 'oraclePrice'
    | 'initialMarginFraction'
    | 'maintenanceMarginFraction'
    | 'openInterest'
    | 'atomicResolution'
    | 'openInterestLowerCap'
    | 'openInterestUpperCap'
    | 'tickSize'
    | 'stepSize'
  >,
): DydxSimMarket => ({
  status: 'ACTIVE',
  quantumConversionExponent: -9,
  stepBaseQuantums: 1_000_000,
  subticksPerTick: 100_000,
  marketType: 'CROSS',
  nextFundingRate: '0.00001',
  ...m,
})

/**
 * Markets shaped like mainnet's large-cap and mid-cap liquidity tiers (IMF 5% / MMF 3%, and
 * 10% / 5% with open-interest caps whose open notional sits below the lower cap).
 * @see https://docs.dydx.xyz/concepts/trading/margin
 */
export function seedDydxState(withAccounts = true): DydxSimState {
  const state: DydxSimState = {
    markets: [
      dydxMarket({
        ticker: 'BTC-USD',
        clobPairId: '0',
        oraclePrice: '97012.34',
        initialMarginFraction: '0.05',
        maintenanceMarginFraction: '0.03',
        openInterest: '612.3456',
        atomicResolution: -10,
        openInterestLowerCap: '0',
        openInterestUpperCap: '0',
        tickSize: '1',
        stepSize: '0.0001',
      }),
      dydxMarket({
        ticker: 'ETH-USD',
        clobPairId: '1',
        oraclePrice: '3201.123',
        initialMarginFraction: '0.05',
        maintenanceMarginFraction: '0.03',
        openInterest: '12345.678',
        atomicResolution: -9,
        openInterestLowerCap: '0',
        openInterestUpperCap: '0',
        tickSize: '0.1',
        stepSize: '0.001',
      }),
      dydxMarket({
        ticker: 'SOL-USD',
        clobPairId: '5',
        oraclePrice: '180.2012',
        initialMarginFraction: '0.1',
        maintenanceMarginFraction: '0.05',
        openInterest: '54321.5',
        atomicResolution: -7,
        openInterestLowerCap: '20000000',
        openInterestUpperCap: '50000000',
        tickSize: '0.01',
        stepSize: '0.1',
      }),
    ],
    addresses: new Map(),
    height: 45_678_901,
  }
  if (!withAccounts) return state
  const everywhere = demoAccount('everywhere').dydxAddress
  if (everywhere) {
    state.addresses.set(everywhere, [
      {
        subaccountNumber: 0,
        usdc: '5250.123456',
        positions: [
          { market: 'ETH-USD', size: '1.5', entryPrice: '3100', netFunding: '-0.412345' },
          { market: 'BTC-USD', size: '-0.05', entryPrice: '98000', realizedPnl: '1.5' },
        ],
      },
    ])
  }
  return state
}
