/**
 * A synthetic book for the cascade benchmark: `count` margin accounts on three underlyings (ETH,
 * BTC, SOL), deterministic (a fixed-seed PRNG): 60 % Aave v3 (two collaterals, USDC debt, the
 * releases mixed), 15 % Morpho Blue borrowers in three shared markets, 15 % Hyperliquid cross
 * accounts (two perps), 10 % dYdX v4 subaccounts. Health factors spread from about 1.0 to 2.0, so
 * a 15 % shock liquidates a slice and the depth models carry it further. Also bundled into the
 * Worker for the workerd run (no Node APIs).
 */
import type { AaveV3RulesVersion, AaveV3Snapshot } from '../../src/engine/aave-v3'
import type { CascadeAccount, CascadeMarket, ComputeCascadeReturnType } from '../../src/engine/cascade'
import type { MorphoBlueSnapshot } from '../../src/engine/morpho-blue'
import type { DydxV4Snapshot, HyperliquidSnapshot } from '../../src/engine/perps'
import type { PriceQuote } from '../../src/engine/types'

const NOW = 1_700_000_000
const RAY = (10n ** 27n).toString()
const UNDERLYINGS = [
  { underlying: 'ETH', token: 'WETH', priceUsd: 2000, decimals: 18, lt: 8250, bonus: 10500 },
  { underlying: 'BTC', token: 'WBTC', priceUsd: 60000, decimals: 8, lt: 7800, bonus: 10650 },
  { underlying: 'SOL', token: 'SOL', priceUsd: 150, decimals: 9, lt: 7000, bonus: 10800 },
] as const

export const CASCADE_MARKETS: CascadeMarket[] = [
  { underlying: 'ETH', shock: '-0.15', depth: { kind: 'order-book', depthUsd: '100000000' } },
  {
    underlying: 'BTC',
    shock: '-0.15',
    depth: { kind: 'square-root', dailyVolumeUsd: '2000000000', dailyVolatility: '0.03' },
  },
  {
    underlying: 'SOL',
    shock: '-0.15',
    depth: { kind: 'constant-product', reserveBase: '2000000', reserveQuoteUsd: '300000000', fee: '0.003' },
  },
]

/** Mulberry32: a small deterministic PRNG, so every run cascades the same book. */
function prng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const quote = (
  priceUsd: number | string,
  underlying: string,
  symbol: string,
  cls: PriceQuote['class'] = 'crypto',
): PriceQuote => ({
  priceUsd: String(priceUsd),
  source: 'bench',
  timestampSec: NOW,
  class: cls,
  asset: { symbol, underlying, exchangeRate: '1', rateSource: 'par' },
})
const usdcQuote = quote(1, 'USD', 'USDC', 'stable')
const units = (amount: number, decimals: number) =>
  (BigInt(Math.round(amount * 1e6)) * 10n ** BigInt(decimals)) / 1_000_000n

export function cascadePortfolio(count: number, seed = 17): CascadeAccount[] {
  const random = prng(seed)
  const pick = () => UNDERLYINGS[Math.floor(random() * 3)] as (typeof UNDERLYINGS)[number]
  const healthFactor = () => 1.0 + random() * 1.0
  const accounts: CascadeAccount[] = []
  for (let i = 0; i < count; i++) {
    const id = `bench-${i}`
    const kind = random()
    if (kind < 0.6) accounts.push(aave(id, i, pick(), pick(), healthFactor(), random))
    else if (kind < 0.75) accounts.push(morpho(id, pick(), healthFactor(), random))
    else if (kind < 0.9) accounts.push(hyperliquid(id, pick(), pick(), random))
    else accounts.push(dydx(id, pick(), random))
  }
  return accounts
}

function aave(
  id: string,
  i: number,
  a: (typeof UNDERLYINGS)[number],
  b: (typeof UNDERLYINGS)[number],
  hf: number,
  random: () => number,
): CascadeAccount {
  const rules: AaveV3RulesVersion = (['v3.0-3.2', 'v3.3', 'v3.6'] as const)[i % 3] as AaveV3RulesVersion
  const usdA = 5_000 + random() * 200_000
  const usdB = a === b ? 0 : random() * 50_000
  const debtUsd = (usdA * a.lt + usdB * b.lt) / 10_000 / hf
  const collateral = [a, ...(a === b ? [] : [b])]
  const reserves = [...collateral, { underlying: 'USD', token: 'USDC', priceUsd: 1, decimals: 6, lt: 0, bonus: 0 }].map(
    (u, id) => ({
      underlying: `0x${(id + 1).toString(16).padStart(40, '0')}`,
      symbol: u.token,
      priceKey: u.token,
      decimals: u.decimals,
      id,
      ltv: Math.max(0, u.lt - 500),
      liquidationThreshold: u.lt,
      liquidationBonus: u.bonus || 10500,
      reserveFactor: 1000,
      liquidationProtocolFee: 1000,
      eModeCategory: 0,
      active: true,
      frozen: false,
      paused: false,
      borrowingEnabled: true,
      debtCeiling: '0',
      liquidityIndex: RAY,
      variableBorrowIndex: RAY,
      currentLiquidityRate: '0',
      currentVariableBorrowRate: '0',
      lastUpdateTimestamp: NOW,
      user: {
        scaledATokenBalance:
          u.token === 'USDC' ? '0' : units((u === a ? usdA : usdB) / u.priceUsd, u.decimals).toString(),
        scaledVariableDebt: u.token === 'USDC' ? units(debtUsd, 6).toString() : '0',
        principalStableDebt: '0',
        stableBorrowRate: '0',
        stableBorrowLastUpdateTimestamp: 0,
        usageAsCollateralEnabled: u.token !== 'USDC',
      },
    }),
  )
  const snapshot: AaveV3Snapshot = {
    model: 'aave-v3',
    venue: 'aave-v3',
    chainId: 1,
    account: id,
    marginAccountId: 'market:bench',
    asOfSec: NOW,
    prices: {
      ...Object.fromEntries(collateral.map((u) => [u.token, quote(u.priceUsd, u.underlying, u.token)])),
      USDC: usdcQuote,
    },
    rules,
    pool: '0x00000000000000000000000000000000000000b1',
    oracle: { baseCurrencyUnit: '100000000', baseCurrencyDecimals: 8 },
    userEModeCategory: 0,
    eModeCategories: [],
    reserves,
  }
  return { id, snapshot, nowSec: NOW }
}

function morpho(id: string, u: (typeof UNDERLYINGS)[number], hf: number, random: () => number): CascadeAccount {
  const lltv = 860_000_000_000_000_000n
  const collateralUsd = 2_000 + random() * 100_000
  const debtUsd = (collateralUsd * 0.86) / hf
  // Shares at 1e6 per asset wei (virtual shares), totals large enough that one borrower is a small part.
  const snapshot: MorphoBlueSnapshot = {
    model: 'morpho-blue',
    venue: 'morpho-blue',
    chainId: 1,
    account: id,
    marginAccountId: `market:${u.underlying}`,
    asOfSec: NOW,
    morpho: '0x00000000000000000000000000000000000000b2',
    marketId: `0x${u.underlying}`,
    marketParams: {
      loanToken: '0x00000000000000000000000000000000000000c1',
      collateralToken: `0x00000000000000000000000000000000000000${u.underlying === 'ETH' ? 'e1' : u.underlying === 'BTC' ? 'e2' : 'e3'}`,
      oracle: '0x00000000000000000000000000000000000000c3',
      irm: '0x0000000000000000000000000000000000000000',
      lltv: lltv.toString(),
    },
    loanToken: { address: '0x00000000000000000000000000000000000000c1', symbol: 'USDC', decimals: 6, priceKey: 'USDC' },
    collateralToken: {
      address: '0x00000000000000000000000000000000000000e1',
      symbol: u.token,
      decimals: u.decimals,
      priceKey: u.token,
    },
    market: {
      totalSupplyAssets: (10n ** 15n).toString(),
      totalSupplyShares: (10n ** 21n).toString(),
      totalBorrowAssets: (5n * 10n ** 14n).toString(),
      totalBorrowShares: (5n * 10n ** 20n).toString(),
      lastUpdate: NOW,
      fee: '0',
    },
    position: {
      supplyShares: '0',
      borrowShares: (units(debtUsd, 6) * 10n ** 6n).toString(),
      collateral: units(collateralUsd / u.priceUsd, u.decimals).toString(),
    },
    borrowRate: '0',
    prices: { USDC: usdcQuote, [u.token]: quote(u.priceUsd, u.underlying, u.token) },
  }
  return { id, snapshot, nowSec: NOW }
}

function hyperliquid(
  id: string,
  a: (typeof UNDERLYINGS)[number],
  b: (typeof UNDERLYINGS)[number],
  random: () => number,
): CascadeAccount {
  const coins = a === b ? [a] : [a, b]
  const positions = coins.map((u) => {
    const notional = 1_000 + random() * 300_000
    return { coin: u.underlying, szi: (notional / u.priceUsd).toFixed(4), entryPx: String(u.priceUsd), leverage: 10 }
  })
  const notional = positions.reduce(
    (sum, p, k) => sum + Number(p.szi) * (coins[k] as (typeof UNDERLYINGS)[number]).priceUsd,
    0,
  )
  // Equity from 3 % to 30 % of notional: a 2 % maintenance margin (25x max leverage) is hit somewhere on the way down.
  const equity = notional * (0.03 + random() * 0.27)
  const snapshot: HyperliquidSnapshot = {
    model: 'hyperliquid',
    venue: 'hyperliquid',
    account: id,
    marginAccountId: 'cross',
    asOfSec: NOW,
    marginMode: 'cross',
    rawUsd: (equity - notional).toFixed(6),
    prices: {
      ...Object.fromEntries(coins.map((u) => [u.underlying, quote(u.priceUsd, u.underlying, u.underlying)])),
      USDC: usdcQuote,
    },
    positions,
    params: { assets: Object.fromEntries(coins.map((u) => [u.underlying, { maxLeverage: 25 }])) },
  }
  return { id, snapshot, nowSec: NOW }
}

function dydx(id: string, u: (typeof UNDERLYINGS)[number], random: () => number): CascadeAccount {
  const notional = 1_000 + random() * 200_000
  const size = notional / u.priceUsd
  const equity = notional * (0.04 + random() * 0.3)
  const ticker = `${u.underlying}-USD`
  const snapshot: DydxV4Snapshot = {
    model: 'dydx-v4',
    venue: 'dydx-v4',
    account: id,
    marginAccountId: 'subaccount:0',
    asOfSec: NOW,
    quoteBalance: (equity - size * u.priceUsd).toFixed(6),
    prices: { [u.underlying]: quote(u.priceUsd, u.underlying, u.underlying), USDC: usdcQuote },
    positions: [{ market: ticker, size: size.toFixed(6), entryPrice: String(u.priceUsd) }],
    params: {
      markets: {
        [ticker]: {
          underlying: u.underlying,
          initialMarginFraction: '0.05',
          maintenanceMarginFraction: '0.03',
          openInterest: '100000',
        },
      },
    },
  }
  return { id, snapshot, nowSec: NOW }
}

/**
 * A short hash of everything a cascade returns (Decimals print as strings, bigints as digits):
 * FNV-1a over the JSON, 2 × 32 bits, plain JS so the Worker prints the same one.
 */
export function resultHash(result: ComputeCascadeReturnType): string {
  const json = JSON.stringify(result, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))
  let a = 0x811c9dc5
  let b = 0x01000193
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13)
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0')
}
