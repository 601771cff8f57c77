/**
 * The pure decode of the Aave v3 user round, from answers recorded on the sandbox's chain B
 * ("everywhere": ETH-correlated e-mode, WSTETH collateral priced by the WETH source, WETH debt).
 */
import { describe, expect, it } from 'vitest'
import type { EvmCallResult } from '../../../../src/chains/multicall'
import { computeUserAccountData } from '../../../../src/engine/aave-v3'
import { type AaveUserRaw, decodeAaveUser } from '../../../../src/protocols/aave-v3/decodeAaveUser'
import { AaveReadError } from '../../../../src/protocols/aave-v3/errors'
import { planAaveMarket } from '../../../../src/protocols/aave-v3/planAaveUsers'
import { resolveAaveAssets } from '../../../../src/protocols/aave-v3/resolveAaveAssets'
import recorded from './fixtures/everywhere-chain-b.json'

/** The fixture stores bigints as `{ "$bigint": "…" }`. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive)
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>
    if (typeof record.$bigint === 'string') return BigInt(record.$bigint)
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, revive(v)]))
  }
  return value
}

const fixture = revive(recorded) as AaveUserRaw & { poolUserAccountData: readonly bigint[] }
const raw: AaveUserRaw = fixture

describe('decodeAaveUser', () => {
  it('decodes a snapshot the engine turns into Pool.getUserAccountData, to the wei', () => {
    const snapshot = decodeAaveUser(raw)
    if (!snapshot) throw new Error('no snapshot')
    const [totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThreshold, ltv, healthFactor] =
      fixture.poolUserAccountData
    expect(computeUserAccountData({ snapshot, nowSec: snapshot.asOfSec })).toMatchObject({
      totalCollateralBase,
      totalDebtBase,
      availableBorrowsBase,
      currentLiquidationThreshold,
      ltv,
      healthFactor,
    })
    expect(snapshot).toMatchObject({
      model: 'aave-v3',
      venue: 'aave-v3',
      chainId: 31338,
      marginAccountId: 'market:Sandbox',
      rules: 'v3.0-3.2',
      userEModeCategory: 1,
      asOfSec: Number(raw.blockTimestamp),
      blockNumber: raw.blockNumber.toString(),
      oracle: { baseCurrencyUnit: '100000000', baseCurrencyDecimals: 8 },
    })
  })

  it('keeps the price contract: priceUsd = priceRaw / 10^8 exactly, stablecoins classed stable', () => {
    const snapshot = decodeAaveUser(raw)
    expect(snapshot?.prices).toMatchObject({
      WETH: { priceUsd: '3000', class: 'crypto', source: 'aave-oracle' },
      WSTETH: { priceUsd: '3400', class: 'crypto' },
      DAI: { priceUsd: '0.9998', class: 'stable' },
      USDC: { priceUsd: '1', class: 'stable' },
    })
    const eth = snapshot?.eModeCategories.find((c) => c.id === 1)
    expect(eth).toMatchObject({ label: 'ETH correlated', liquidationThreshold: 9300, priceKey: 'WETH' })
  })

  it('returns no margin account when the account holds nothing in the market', () => {
    const zeroed = raw.user.map((r, i) =>
      i >= 2 && r.status === 'success' && typeof r.result === 'bigint' ? { ...r, result: 0n } : r,
    )
    expect(decodeAaveUser({ ...raw, user: zeroed })).toBeUndefined()
  })

  it('a failed sub-call is an error, never a zero', () => {
    const failed: EvmCallResult = { status: 'failure', error: new Error('execution reverted') }
    const user = raw.user.map((r, i) => (i === 2 ? failed : r))
    expect(() => decodeAaveUser({ ...raw, user })).toThrow(AaveReadError)
    const market = raw.market.map((r, i) => (i === raw.reference.reserves.length ? failed : r))
    expect(() => decodeAaveUser({ ...raw, market })).toThrow(/getAssetPrice\(WETH\) failed/)
  })

  describe('prices read one reserve at a time', () => {
    const n = raw.reference.reserves.length
    const failed: EvmCallResult = { status: 'failure', error: new Error('execution reverted') }
    const failPrice = (symbol: string) => {
      const i = raw.reference.reserves.findIndex((r) => r.symbol === symbol)
      return raw.market.map((r, k) => (k === n + i ? failed : r))
    }

    it('a reserve the account does not hold has no price when its own failed; the figures stay exact', () => {
      const snapshot = decodeAaveUser({ ...raw, market: failPrice('LINK') })
      if (!snapshot) throw new Error('no snapshot')
      expect(snapshot.prices.LINK).toBeUndefined()
      expect(snapshot.prices.WETH).toMatchObject({ priceUsd: '3000' })
      expect(computeUserAccountData({ snapshot, nowSec: snapshot.asOfSec }).healthFactor).toBe(
        fixture.poolUserAccountData[5],
      )
    })

    it("a held reserve's failed price is an error naming its feed's answer when it was <= 0", () => {
      const weth = raw.reference.reserves[0]
      if (weth?.symbol !== 'WETH') throw new Error('fixture order')
      const feeds = new Map([[weth.priceFeed, { answer: 0n }]])
      expect(() => decodeAaveUser({ ...raw, market: failPrice('WETH'), feeds })).toThrow(
        `The price feed of WETH (${weth.priceFeed}) answered 0 (<= 0)`,
      )
    })

    it("the category price source's failed price is an error for an account in that category", () => {
      const sources = raw.reference.eModeCategories.filter(
        (c) => c.priceSource !== raw.reference.reserves[0]?.underlying,
      )
      expect(sources.some((c) => c.id === 1)).toBe(false) // category 1 is priced by WETH
      const offset = 2 * n + raw.reference.eModeCategories.length // v3.0-3.2: no bitmaps
      const market = raw.market.map((r, k) => (k === offset ? failed : r))
      expect(() => decodeAaveUser({ ...raw, market })).toThrow(/getAssetPrice\(WETH\) failed/)
    })
  })

  describe('asset identity', () => {
    const wsteth = raw.reference.reserves.find((r) => r.symbol === 'WSTETH')?.underlying ?? '0x'
    const assets = resolveAaveAssets(raw.reference, [
      { chainId: 31338, address: wsteth, rateContract: '0x0000000000000000000000000000000057E7e7A1' },
    ])
    const withRate = (answer: EvmCallResult) => ({ ...raw, assets, market: [...raw.market, answer] })

    it('plans the rate call last in the market round and reads it in the same block', () => {
      expect(planAaveMarket(raw.reference, assets).at(-1)).toMatchObject({
        address: '0x0000000000000000000000000000000057E7e7A1',
        functionName: 'stEthPerToken',
      })
      const snapshot = decodeAaveUser(withRate({ status: 'success', result: 1_133_333_333_333_333_333n }))
      expect(snapshot?.prices.WSTETH?.asset).toMatchObject({
        symbol: 'WSTETH',
        address: wsteth,
        chainId: 31338,
        underlying: 'ETH',
        exchangeRate: '1.133333333333333333',
      })
      expect(snapshot?.prices.WETH?.asset).toMatchObject({ underlying: 'ETH', exchangeRate: '1', rateSource: 'par' })
      expect(snapshot?.prices.USDC?.asset).toMatchObject({ underlying: 'USD', exchangeRate: '1' })
      expect(snapshot?.prices.LINK?.asset).toMatchObject({ underlying: 'LINK', rateSource: 'own' })
    })

    it('a failed rate leaves WSTETH its own underlying, with the reason, and the margin figures exact', () => {
      const snapshot = decodeAaveUser(withRate({ status: 'failure', error: new Error('execution reverted') }))
      if (!snapshot) throw new Error('no snapshot')
      expect(snapshot.prices.WSTETH?.asset).toMatchObject({ underlying: 'WSTETH', exchangeRate: '1' })
      expect(snapshot.prices.WSTETH?.asset?.rateSource).toMatch(/^unavailable: stEthPerToken\(\) at 0x.* failed$/)
      expect(computeUserAccountData({ snapshot, nowSec: snapshot.asOfSec }).healthFactor).toBe(
        fixture.poolUserAccountData[5],
      )
    })
  })
})
