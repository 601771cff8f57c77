import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type AaveV3Snapshot,
  computeLiquidationCall,
  computeUserAccountData,
  MAX_UINT256,
  percentMul,
} from '../../../../src/engine/aave-v3'
import {
  type CascadeAccount,
  type CascadeMarket,
  computeCascade,
  createDepthState,
  type DepthModel,
  fillInDepthModel,
} from '../../../../src/engine/cascade'
import { D, dec } from '../../../../src/engine/decimal'
import { evaluateMarginAccount } from '../../../../src/engine/evaluateMarginAccount'
import { computeLiquidation, type MorphoBlueSnapshot } from '../../../../src/engine/morpho-blue'
import { applyChanges } from '../../../../src/engine/whatIf/applyChanges'
import { aaveAccount, dydxAccount, hyperliquidAccount, morphoAccount, NOW } from './fixtures'

const eth = (depth: DepthModel, shock = '0'): CascadeMarket => ({ underlying: 'ETH', shock, depth })
const book = (depthUsd: string): DepthModel => ({ kind: 'order-book', depthUsd })
const NONE: DepthModel = { kind: 'none' }

describe('computeCascade: a worked example', () => {
  it('two Aave v3.0 borrowers, a 10 % shock, a 10,000 USD book: the first liquidation pushes the second under', () => {
    // A: 10 WETH, 16,000 USDC. B: 10 WETH, 14,500 USDC. LT 82.5 %, bonus 5 %, oracle base 1e8.
    const accounts = [
      aaveAccount('A', { wethSupplied: '10', usdcBorrowed: '16000' }),
      aaveAccount('B', { wethSupplied: '10', usdcBorrowed: '14500' }),
    ]
    const result = computeCascade({ accounts, markets: [eth(book('10000'), '-0.1')], maxRounds: 10 })

    // Round 1 at 2000 × 0.9 = 1800. HF(A) = 18,000 × 0.825 / 16,000 = 0.928125 ≤ 0.95: close factor 100 %.
    // HF(B) = 18,000 × 0.825 / 14,500 = 1.0241… : healthy.
    // A: base collateral = 1e8 × 16,000e6 × 1e18 / (1800e8 × 1e6), floored; × 1.05 with percentMul.
    const baseA = (10n ** 8n * 16_000n * 10n ** 6n * 10n ** 18n) / (1800n * 10n ** 8n * 10n ** 6n)
    const seizedA = percentMul(baseA, 10_500n)
    expect(seizedA).toBe(9_333_333_333_333_333_332n)
    const [r1, r2] = result.rounds
    expect(r1?.liquidations.map((l) => l.id)).toEqual(['A'])
    expect(r1?.liquidations[0]?.aave).toMatchObject({
      debtToRepay: 16_000n * 10n ** 6n,
      collateralToLiquidator: seizedA,
    })
    // The book: impact = 2 % × sold × 1800 / 10,000; price after = 1800 × (1 − impact); fill 1800 × (1 − impact / 2).
    const sold1 = new D(seizedA.toString()).div(1e18)
    const impact1 = new D('0.02').mul(sold1).mul(1800).div(10_000)
    const p2 = new D(1800).mul(new D(1).sub(impact1))
    expect(r1?.flows[0]).toMatchObject({ soldUnits: sold1, boughtUnits: new D(0), priceAfterUsd: p2 })
    expect(r1?.flows[0]?.fillPriceUsd).toEqual(new D(1800).mul(new D(1).sub(impact1.div(2))))
    expect(p2.toFixed(8)).toBe('1739.52000000')

    // Round 2 at p2 (oracle 1739.52): HF(B) = 17,395.2 × 0.825 / 14,500 = 0.98973… > 0.95: close factor 50 %.
    const debtB = 7_250n * 10n ** 6n
    const seizedB = percentMul((10n ** 8n * debtB * 10n ** 18n) / (173_952_000_000n * 10n ** 6n), 10_500n)
    expect(r2?.liquidations.map((l) => l.id)).toEqual(['B'])
    expect(r2?.liquidations[0]?.aave).toMatchObject({ debtToRepay: debtB, collateralToLiquidator: seizedB })
    const sold2 = new D(seizedB.toString()).div(1e18)
    const p3 = p2.mul(new D(1).sub(new D('0.02').mul(sold2).mul(p2).div(10_000)))
    // B keeps 10 − seized WETH against 7,250 USDC: HF at p3 > 1, so round 3 finds nobody: the fixed point.
    expect(result.rounds).toHaveLength(2)
    expect(result.fixedPoint).toBe(true)
    expect(result.pricePath).toEqual([{ underlying: 'ETH', pricesUsd: [new D(2000), new D(1800), p2, p3] }])
    expect(r2?.debtRepaidUsd).toEqual(new D(7250))
    expect(result.badDebt).toEqual([{ venue: 'aave-v3', usd: new D(0) }])
    expect(result.toxic).toEqual([])
  })
})

describe('computeCascade: exactness', () => {
  const mixed = (): CascadeAccount[] => [
    aaveAccount('aave-1', { wethSupplied: '10', usdcBorrowed: '15000' }),
    aaveAccount('aave-2', { wethSupplied: '3', usdcBorrowed: '4000' }),
    aaveAccount('aave-3', { wethSupplied: '50', usdcBorrowed: '60000', rules: 'v3.3' }),
    aaveAccount('aave-4', { wethSupplied: '5', usdcBorrowed: '5000', rules: 'v3.6' }),
    morphoAccount('morpho-1', 10n * 10n ** 18n, 15_000n * 10n ** 12n),
    hyperliquidAccount('hl-1', '10', '-17000'),
    hyperliquidAccount('hl-2', '2', '-3000'),
    dydxAccount('dydx-1', '5', '-9000'),
    // A ladder of Aave borrowers, health factors 1.27 down to 0.97 at 2,000 USD.
    ...Array.from({ length: 21 }, (_, i) =>
      aaveAccount(`ladder-${i}`, { wethSupplied: '10', usdcBorrowed: String(13_000 + i * 200) }),
    ),
  ]

  it('one round with no price impact liquidates exactly what stress says for the same shock', () => {
    for (const move of ['-0.05', '-0.1', '-0.15', '-0.2', '-0.3']) {
      const accounts = mixed()
      const stressed = accounts.filter(({ snapshot, nowSec }) => {
        const shocked = applyChanges({ snapshot, nowSec, changes: [{ kind: 'movePrice', underlying: 'ETH', move }] })
        return evaluateMarginAccount({ snapshot: shocked, nowSec }).liquidatable
      })
      const result = computeCascade({ accounts, markets: [eth(NONE, move)], maxRounds: 1 })
      const round1 = result.rounds[0]
      const cascaded = [...(round1?.liquidations.map((l) => l.id) ?? []), ...(round1?.stuck ?? [])]
      expect(cascaded.sort()).toEqual(stressed.map((a) => a.id).sort())
      expect(result.pricePath[0]?.pricesUsd.slice(1).every((p) => p.eq(new D(2000).mul(dec(move).add(1))))).toBe(true)
    }
  })

  it('an Aave liquidation repays and seizes what computeLiquidationCall says, per release', () => {
    for (const rules of ['v3.0-3.2', 'v3.3', 'v3.5', 'v3.6'] as const) {
      const account = aaveAccount('x', {
        wethSupplied: '40',
        usdcBorrowed: '60000',
        rules,
        liquidationProtocolFee: 1000,
      })
      const result = computeCascade({ accounts: [account], markets: [eth(book('1000000'), '-0.12')], maxRounds: 1 })
      const shocked = applyChanges({
        snapshot: account.snapshot,
        nowSec: NOW,
        changes: [{ kind: 'movePrice', underlying: 'ETH', move: '-0.12' }],
      }) as AaveV3Snapshot
      const [weth, usdc] = shocked.reserves
      const call = computeLiquidationCall({
        snapshot: shocked,
        nowSec: NOW,
        collateralAsset: weth?.underlying as string,
        debtAsset: usdc?.underlying as string,
        debtToCover: MAX_UINT256,
      })
      if (call.status !== 'ok') throw new Error(`reverted: ${call.reason}`)
      expect(result.rounds[0]?.liquidations[0]?.aave).toEqual({
        collateralAsset: weth?.underlying,
        debtAsset: usdc?.underlying,
        debtToRepay: call.debtToRepay,
        collateralToLiquidator: call.collateralToLiquidator,
        protocolFee: call.protocolFee,
        liquidationBonus: call.liquidationBonus,
      })
      // The account after it: its debt and collateral fell by exactly those amounts (indexes at 1).
      const after = result.accounts[0]?.snapshot as AaveV3Snapshot
      expect(BigInt(after.reserves[1]?.user.scaledVariableDebt ?? '')).toBe(60_000n * 10n ** 6n - call.debtToRepay)
      expect(BigInt(after.reserves[0]?.user.scaledATokenBalance ?? '')).toBe(
        40n * 10n ** 18n - call.collateralToLiquidator - call.protocolFee,
      )
    }
  })

  it('a Morpho Blue liquidation is Morpho.liquidate for the whole debt', () => {
    const account = morphoAccount('m', 10n * 10n ** 18n, 16_000n * 10n ** 12n)
    const result = computeCascade({ accounts: [account], markets: [eth(NONE, '-0.1')], maxRounds: 1 })
    const snapshot = account.snapshot as MorphoBlueSnapshot
    const expected = computeLiquidation({
      market: {
        totalSupplyAssets: BigInt(snapshot.market.totalSupplyAssets),
        totalSupplyShares: BigInt(snapshot.market.totalSupplyShares),
        totalBorrowAssets: BigInt(snapshot.market.totalBorrowAssets),
        totalBorrowShares: BigInt(snapshot.market.totalBorrowShares),
        lastUpdate: BigInt(snapshot.market.lastUpdate),
        fee: BigInt(snapshot.market.fee),
      },
      position: { supplyShares: 0n, borrowShares: 16_000n * 10n ** 12n, collateral: 10n * 10n ** 18n },
      collateralPrice: 1800n * 10n ** 24n,
      lltv: BigInt(snapshot.marketParams.lltv),
      repaidShares: 16_000n * 10n ** 12n,
    })
    if (expected.status !== 'ok') throw new Error('reverted')
    expect(result.rounds[0]?.liquidations[0]?.morpho).toEqual({
      seizedAssets: expected.seizedAssets,
      repaidShares: expected.repaidShares,
      repaidAssets: expected.repaidAssets,
      badDebtAssets: 0n,
    })
  })

  it('the fixed point: another cascade from where it stopped liquidates nothing and moves nothing', () => {
    for (const depth of [
      book('200000'),
      { kind: 'square-root', dailyVolumeUsd: '2000000', dailyVolatility: '0.05' },
      {
        kind: 'constant-product',
        reserveBase: '100',
        reserveQuoteUsd: '200000',
        fee: '0.003',
      },
    ] satisfies DepthModel[]) {
      const result = computeCascade({ accounts: mixed(), markets: [eth(depth, '-0.12')], maxRounds: 50 })
      expect(result.fixedPoint).toBe(true)
      expect(result.rounds.length).toBeGreaterThan(1)
      const last = result.pricePath[0]?.pricesUsd.at(-1) as D
      const again = computeCascade({
        accounts: result.accounts.map((a) => ({ id: a.id, snapshot: a.snapshot, nowSec: NOW })),
        markets: [{ underlying: 'ETH', depth, priceUsd: last.toFixed() }],
        maxRounds: 50,
      })
      expect(again.rounds.filter((r) => r.liquidations.length > 0)).toEqual([])
      expect(again.pricePath[0]?.pricesUsd.every((p) => p.eq(last))).toBe(true)
      expect(again.accounts.map((a) => a.snapshot)).toEqual(result.accounts.map((a) => a.snapshot))
    }
  })

  it('stops at the round limit and says it did not reach the fixed point', () => {
    const result = computeCascade({ accounts: mixed(), markets: [eth(book('100000'), '-0.12')], maxRounds: 1 })
    expect(result.rounds).toHaveLength(1)
    expect(result.fixedPoint).toBe(false)
  })
})

describe('computeCascade: the toxic zone', () => {
  it('an Aave account past 1 / (1 + bonus) spirals: each 50 % liquidation leaves it worse, until bad debt', () => {
    // LT 95 %, bonus 5 %: LTV 0.97 > 1 / 1.05 = 0.952 but HF = 0.95 / 0.97 = 0.979 > 0.95, so 50 % at a time.
    const account = aaveAccount('toxic', {
      wethSupplied: '10',
      usdcBorrowed: '19400',
      liquidationThreshold: 9500,
      ltv: 9000,
      liquidationBonus: 10500,
    })
    const ltvAfter = (rounds: number) => {
      const r = computeCascade({ accounts: [account], markets: [eth(NONE)], maxRounds: rounds })
      const data = computeUserAccountData({ snapshot: r.accounts[0]?.snapshot as AaveV3Snapshot, nowSec: NOW })
      return { data, result: r }
    }
    const first = ltvAfter(1)
    const ltv = (d: typeof first.data) => new D(d.totalDebtBase.toString()).div(d.totalCollateralBase.toString())
    expect(ltv(first.data).gt('0.97')).toBe(true)
    expect(ltv(ltvAfter(2).data).gt(ltv(first.data))).toBe(true)
    const all = computeCascade({ accounts: [account], markets: [eth(NONE)], maxRounds: 100 })
    expect(all.rounds.length).toBeGreaterThan(2)
    expect(all.accounts[0]?.liquidatedInRounds).toEqual(all.rounds.map((r) => r.round))
    // The last liquidation takes every wei of collateral and leaves debt nothing backs.
    const end = computeUserAccountData({ snapshot: all.accounts[0]?.snapshot as AaveV3Snapshot, nowSec: NOW })
    expect(end.totalCollateralBase).toBe(0n)
    expect(end.totalDebtBase).toBeGreaterThan(0n)
    expect(all.badDebt[0]?.usd).toEqual(new D(end.totalDebtBase.toString()).div(1e8))
    // While it still had collateral it was in the zone from the first round on.
    const partial = first.result
    expect(partial.toxic).toMatchObject([{ id: 'toxic', sinceRound: 1, threshold: new D(10_000).div(10_500) }])
  })
})

describe('computeCascade: monotone in depth', () => {
  const arbAccounts = fc.array(
    fc.oneof(
      fc.record({
        kind: fc.constant('aave' as const),
        weth: fc.integer({ min: 1, max: 200 }),
        ltv: fc.integer({ min: 50, max: 82 }),
      }),
      fc.record({
        kind: fc.constant('hl' as const),
        weth: fc.integer({ min: 1, max: 200 }),
        ltv: fc.integer({ min: 50, max: 97 }),
      }),
    ),
    { minLength: 1, maxLength: 12 },
  )
  const build = (specs: { kind: 'aave' | 'hl'; weth: number; ltv: number }[]) =>
    specs.map((spec, i) =>
      spec.kind === 'aave'
        ? aaveAccount(`a${i}`, { wethSupplied: String(spec.weth), usdcBorrowed: String(spec.weth * 20 * spec.ltv) })
        : hyperliquidAccount(`h${i}`, String(spec.weth), String(-spec.weth * 20 * spec.ltv)),
    )
  const liquidatedCount = (result: ReturnType<typeof computeCascade>) =>
    result.accounts.filter((a) => a.liquidatedInRounds.length > 0).length

  it('a deeper book, pool or volume never liquidates more accounts nor ends at a lower price', () => {
    fc.assert(
      fc.property(
        arbAccounts,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 10_000, max: 2_000_000 }),
        fc.integer({ min: 2, max: 20 }),
        fc.constantFrom('order-book', 'square-root', 'constant-product'),
        (specs, shockPercent, depth, deeperBy, kind) => {
          const model = (scale: number): DepthModel =>
            kind === 'order-book'
              ? book(String(depth * scale))
              : kind === 'square-root'
                ? { kind, dailyVolumeUsd: String(depth * 10 * scale), dailyVolatility: '0.05' }
                : {
                    kind,
                    reserveBase: String((depth * scale) / 2000),
                    reserveQuoteUsd: String(depth * scale),
                    fee: '0.003',
                  }
          const run = (scale: number) =>
            computeCascade({
              accounts: build(specs),
              markets: [eth(model(scale), String(-shockPercent / 100))],
              maxRounds: 100,
            })
          const shallow = run(1)
          const deep = run(deeperBy)
          expect(liquidatedCount(deep)).toBeLessThanOrEqual(liquidatedCount(shallow))
          const finalPrice = (result: typeof deep) => result.pricePath[0]?.pricesUsd.at(-1) as D
          expect(finalPrice(deep).gte(finalPrice(shallow))).toBe(true)
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe('fillInDepthModel', () => {
  it('constant product: a sale is Uniswap v2 getAmountOut on the pool moved to the start price', () => {
    // k = 100 × 200,000 = 2e7 at price 2000: x = √(2e7 / 2000) = 100, y = 200,000.
    const state = createDepthState(
      { kind: 'constant-product', reserveBase: '100', reserveQuoteUsd: '200000', fee: '0.003' },
      new D(2000),
    )
    const fill = fillInDepthModel({ state, priceUsd: new D(2000), netSoldUnits: new D(10) })
    const out = new D(10 * 0.997).mul(200_000).div(new D(100).add(10 * 0.997))
    expect(fill.fillPriceUsd).toEqual(out.div(10))
    expect(fill.priceAfterUsd).toEqual(new D(200_000).sub(out).div(110))
  })

  it('square root: impact Y σ √(N / V), filled on average at two thirds of it', () => {
    const state = createDepthState(
      { kind: 'square-root', dailyVolumeUsd: '1000000', dailyVolatility: '0.04' },
      new D(2000),
    )
    const fill = fillInDepthModel({ state, priceUsd: new D(2000), netSoldUnits: new D(125) })
    // N = 250,000: impact = 0.04 × √0.25 = 2 %; fill at 1 − 2/3 × 2 %.
    expect(fill.priceAfterUsd).toEqual(new D(1960))
    expect(fill.fillPriceUsd.toFixed(10)).toBe(new D(2000).mul(new D(1).sub(new D('0.02').mul(2).div(3))).toFixed(10))
  })

  it('a book emptied by a sale leaves a zero price and says so', () => {
    const fill = fillInDepthModel({
      state: createDepthState(book('1000'), new D(2000)),
      priceUsd: new D(2000),
      netSoldUnits: new D(100),
    })
    expect(fill).toMatchObject({ priceAfterUsd: new D(0), exhausted: true })
  })
})

describe('computeCascade: perps', () => {
  it('Hyperliquid closes a liquidatable long into the book at the fill; dYdX also pays the insurance fund', () => {
    const result = computeCascade({
      // Hyperliquid: equity 19,800 − 19,450 = 350 < MM 2 % × 19,800 = 396 (and above 2/3 of it: no backstop).
      // dYdX: equity 500 < MM 3 % × 19,800 = 594.
      accounts: [hyperliquidAccount('hl', '10', '-19450'), dydxAccount('dy', '10', '-19300')],
      markets: [eth(book('1000000'), '-0.01')],
      maxRounds: 5,
    })
    const round = result.rounds[0]
    expect(round?.liquidations.map((l) => [l.id, l.kind])).toEqual([
      ['hl', 'perp-market-close'],
      ['dy', 'perp-market-close'],
    ])
    // 20 ETH sold at 1980: impact 2 % × 39,600 / 1e6 = 0.0792 %, fill at half of it.
    const fill = new D(1980).mul(new D(1).sub(new D('0.000396')))
    expect(round?.flows[0]?.fillPriceUsd).toEqual(fill)
    const hl = result.accounts[0]?.snapshot
    expect(hl?.model === 'hyperliquid' && dec(hl.rawUsd)).toEqual(new D(-19450).add(fill.mul(10)))
    const dy = result.accounts[1]?.snapshot
    const equity = new D(-19300).add(fill.mul(10))
    const fee = D.min(fill.mul(10).mul('0.015'), equity)
    expect(dy?.model === 'dydx-v4' && dec(dy.quoteBalance)).toEqual(equity.sub(fee))
  })
})
