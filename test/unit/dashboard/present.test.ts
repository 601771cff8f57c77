import { describe, expect, it } from 'vitest'
import {
  addDecimals,
  byLiquidatableFirst,
  cascadeStart,
  distanceBar,
  percent,
  planSweep,
  price,
  quantity,
  ratio,
  roundDecimal,
  type SweepAnswer,
  usd,
} from '../../../src/dashboard/present'

describe('display formatting (the exact figure stays in data-value)', () => {
  it('rounds half to even on the decimal string, padded', () => {
    expect(roundDecimal('6198.8762441', 2)).toBe('6198.88')
    expect(roundDecimal('1.125', 2)).toBe('1.12')
    expect(roundDecimal('1.135', 2)).toBe('1.14')
    expect(roundDecimal('1.1250001', 2)).toBe('1.13')
    expect(roundDecimal('8245', 2)).toBe('8245.00')
    expect(roundDecimal('-0.004', 2)).toBe('0.00')
    expect(roundDecimal('-2046.12375592', 2)).toBe('-2046.12')
    expect(roundDecimal('9.999', 2)).toBe('10.00')
  })
  it('shows USD amounts to the cent, a price below $1 to six significant digits', () => {
    expect(usd('101171.0003001')).toBe('$101,171.00')
    expect(usd('-2046.12375592')).toBe('−$2,046.12')
    expect(usd('0')).toBe('$0.00')
    expect(usd('0.0042')).toBe('$0.00')
    expect(price('0.99987123')).toBe('$0.999871')
    expect(price('96871.13611')).toBe('$96,871.14')
    expect(price('0')).toBe('$0.00')
    expect(usd(null)).toBe('unknown')
  })
  it('shows fractions as percentages, ratios and quantities to four decimals', () => {
    expect(percent('-0.0182')).toBe('−1.82 %')
    expect(percent('0.1', { signed: true })).toBe('+10.00 %')
    expect(percent('-0.00001')).toBe('0.00 %')
    expect(percent('-0.5')).toBe('−50.00 %')
    expect(ratio({ kind: 'FINITE', value: '0.921052681540870802' })).toBe('0.9211')
    expect(ratio({ kind: 'INFINITE', value: null })).toBe('∞')
    expect(quantity('10.000000000035158605')).toBe('10.0000')
    expect(addDecimals(['1.5', '-0.25', '2'])).toBe('3.25')
  })
})

/** The sandbox's BTC as the near-liquidation demo shows it: Aave's oracle at $60,000, Hyperliquid's mark at $97,000. */
const btc: SweepAnswer = {
  underlying: 'BTC',
  referencePriceUsd: '60000',
  referenceSource: 'aave-v3:31337:Sandbox:0xabc:market:Sandbox WBTC',
  points: [
    { move: '-0.5', priceUsd: '30000', liquidatableCount: 2 },
    { move: '0', priceUsd: '60000', liquidatableCount: 0 },
    { move: '0.5', priceUsd: '90000', liquidatableCount: 0 },
  ],
  liquidationMarks: [
    {
      marginAccount: { id: 'hyperliquid::0xabc:cross', protocol: 'hyperliquid' },
      position: 'BTC',
      asset: 'BTC',
      priceUsd: '96871.13611',
      distance: '-0.001328',
      markPriceUsd: '97000',
    },
    {
      marginAccount: { id: 'aave-v3:31337:Sandbox:0xabc:market:Sandbox', protocol: 'aave-v3' },
      position: 'WBTC',
      asset: 'WBTC',
      priceUsd: '45000',
      distance: '-0.25',
      markPriceUsd: '60000',
    },
  ],
}

describe('planSweep: one move axis, every mark at its own venue', () => {
  it('places each liquidation mark at its own distance and labels it with its own venue’s prices', () => {
    const plan = planSweep(btc)
    expect(plan.movesPercent).toEqual([-50, 0, 50])
    expect(plan.liquidatableToday).toBe(0)
    expect(plan.axisLabel).toBe("BTC move from today's price (%)")
    // Hyperliquid's mark sits 0.13 % below today, not where its $96,871 would fall on Aave's $60,000 scale.
    const hyperliquid = plan.marks.find((m) => m.protocol === 'hyperliquid')
    expect(hyperliquid?.movePercent).toBeCloseTo(-0.1328, 10)
    expect(hyperliquid?.label).toBe(
      'hyperliquid BTC: liquidation at $96,871.14, −0.13 % from its price there today, $97,000.00',
    )
    const aave = plan.marks.find((m) => m.protocol === 'aave-v3')
    expect(aave?.movePercent).toBe(-25)
    expect(aave?.label).toContain('$45,000.00, −25.00 % from its price there today, $60,000.00')
    // Numbered nearest first.
    expect(plan.marks.map((m) => [m.number, m.protocol])).toEqual([
      [1, 'hyperliquid'],
      [2, 'aave-v3'],
    ])
    // Today (0 %) is each venue's own price, and the caption says the venues differ.
    expect(plan.today).toEqual([
      { label: 'hyperliquid BTC', priceUsd: '97000' },
      { label: 'aave-v3 WBTC', priceUsd: '60000' },
    ])
    expect(plan.caption).toContain('Venues price BTC differently')
    expect(plan.caption).toContain("The cursor's price is aave-v3 WBTC's ($60,000.00 today)")
  })
  it('names the reference price as today when it is not a marked venue’s', () => {
    const plan = planSweep({ ...btc, liquidationMarks: btc.liquidationMarks.slice(0, 1) })
    expect(plan.today).toEqual([
      { label: 'hyperliquid BTC', priceUsd: '97000' },
      { label: 'aave-v3 WBTC', priceUsd: '60000' },
    ])
    expect(plan.caption).toContain('Venues price BTC differently')
  })
  it('falls back to the reference price for today when nothing has a liquidation price', () => {
    const plan = planSweep({ ...btc, liquidationMarks: [] })
    expect(plan.marks).toEqual([])
    expect(plan.today).toEqual([{ label: 'aave-v3 WBTC', priceUsd: '60000' }])
    expect(plan.caption).not.toContain('differently')
  })
})

describe('distanceBar', () => {
  const position = (distance: string | null) => ({
    asset: { symbol: 'WETH' },
    liquidationPrice: { priceUsd: distance === null ? null : '2857.090945', distance },
  })
  it('draws a liquidatable account full, in danger, saying so (not an empty bar)', () => {
    const bar = distanceBar({ id: 'a', liquidatable: true, positions: [position('0.01')] })
    expect(bar).toMatchObject({ widthPercent: 100, level: 'liquidatable', text: 'Liquidatable now', distance: '0' })
  })
  it('fills a bar by distance (50 % away fills it), with a visible sliver when very near', () => {
    expect(distanceBar({ id: 'a', liquidatable: false, positions: [position('-0.25'), position('-0.0182')] })).toEqual({
      distance: '-0.0182',
      widthPercent: Math.max(2, 0.0182 * 200),
      level: 'danger',
      text: '−1.82 % to liquidation (WETH at $2,857.09)',
      valueNow: 1.82,
    })
    expect(distanceBar({ id: 'a', liquidatable: false, positions: [position('-0.001')] }).widthPercent).toBe(2)
    expect(distanceBar({ id: 'a', liquidatable: false, positions: [position(null)] }).level).toBe('none')
  })
  it('sorts liquidatable accounts first and keeps the API’s order otherwise', () => {
    const accounts = [
      { id: 'x', liquidatable: false },
      { id: 'y', liquidatable: true },
      { id: 'z', liquidatable: false },
    ]
    expect(byLiquidatableFirst(accounts).map((a) => a.id)).toEqual(['y', 'x', 'z'])
  })
})

describe('cascadeStart', () => {
  it('is the first point of the cascade’s own price path (and the shocked price after it)', () => {
    expect(
      cascadeStart([
        { underlying: 'BTC', pricesUsd: ['60000', '48000', '47000'] },
        { underlying: 'ETH', pricesUsd: [] },
      ]),
    ).toEqual([{ underlying: 'BTC', startUsd: '60000', shockedUsd: '48000' }])
  })
})
