/**
 * The pure decode of the Aave v3 user round, from answers recorded on the sandbox's chain B
 * ("everywhere": ETH-correlated e-mode, WSTETH collateral priced by the WETH source, WETH debt).
 */
import { describe, expect, it } from 'vitest'
import type { EvmCallResult } from '../../../../src/chains/multicall'
import { computeUserAccountData } from '../../../../src/engine/aave-v3'
import { type AaveUserRaw, decodeAaveUser } from '../../../../src/protocols/aave-v3/decodeAaveUser'
import { AaveReadError } from '../../../../src/protocols/aave-v3/errors'
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
    expect(() => decodeAaveUser({ ...raw, market })).toThrow(/getAssetsPrices failed/)
  })
})
