/**
 * The `cascade` query inside workerd, over the sandbox's demo accounts (real Aave v3 contracts on
 * the anvil chains, the Hyperliquid and dYdX simulators): its first round with no price impact
 * liquidates what `stress` says for the same shock; with a shallow book it cascades further and
 * stops at its fixed point; each Aave liquidation states the exact call.
 */
import { describe, expect, it } from 'vitest'
import { demoAccount } from '../harness/demoAccounts'
import { codes, post } from '../helpers/graphql'

const addresses = [
  demoAccount('healthy').address,
  demoAccount('near-liquidation').address,
  demoAccount('everywhere').address,
]

const CASCADE = `query ($a: [String!]!, $m: [CascadeMarketInput!]!, $r: Int) {
  cascade(addresses: $a, markets: $m, maxRounds: $r, maxAgeSeconds: 0) {
    fixedPoint liquidatedCount
    pricePath { underlying pricesUsd }
    rounds { round prices { underlying priceUsd } liquidatedCount debtRepaidUsd soldUsd slippageUsd stuck
      flows { underlying soldUnits boughtUnits fillPriceUsd priceAfterUsd exhausted }
      liquidations { marginAccount protocol kind debtRepaidUsd collateralSeizedUsd
        aaveCall { debtAsset collateralAsset debtToRepay collateralToLiquidator protocolFee liquidationBonus } } }
    badDebt { protocol usd }
    toxic { marginAccount loanToValue threshold sinceRound }
    marginAccounts { id protocol liquidatedInRounds liquidatableAtEnd unmodelled before { healthFactor { value } } after { liquidatable } }
    sources { protocol status }
  }
}`

type Cascade = {
  fixedPoint: boolean
  liquidatedCount: number
  pricePath: { underlying: string; pricesUsd: string[] }[]
  rounds: {
    round: number
    liquidatedCount: number
    stuck: string[]
    flows: { underlying: string; soldUnits: string; fillPriceUsd: string; priceAfterUsd: string }[]
    liquidations: { marginAccount: string; protocol: string; kind: string; aaveCall: { debtToRepay: string } | null }[]
  }[]
  badDebt: { protocol: string; usd: string }[]
  marginAccounts: {
    id: string
    liquidatedInRounds: number[]
    liquidatableAtEnd: boolean
    after: { liquidatable: boolean }
  }[]
  sources: { protocol: string; status: string }[]
}

describe('cascade over the sandbox demo accounts', () => {
  it('round 1 with no impact liquidates exactly what stress does for the same shock', async () => {
    for (const move of ['-0.1', '-0.25']) {
      const stress = await post<{ stress: { liquidated: { id: string }[] }[] }>(
        'query ($a: [String!]!, $s: [StressScenarioInput!]) { stress(addresses: $a, scenarios: $s, maxAgeSeconds: 0) { liquidated { id } } }',
        { variables: { a: addresses, s: [{ underlying: 'ETH', move }] } },
      )
      expect(stress.body.errors).toBeUndefined()
      const { body } = await post<{ cascade: Cascade }>(CASCADE, {
        variables: { a: addresses, m: [{ underlying: 'ETH', shock: move, depth: { kind: 'NONE' } }], r: 1 },
      })
      expect(body.errors).toBeUndefined()
      const cascade = body.data?.cascade as Cascade
      expect(cascade.sources.every((s) => s.status !== 'ERROR')).toBe(true)
      const round1 = cascade.rounds[0]
      const cascaded = [...(round1?.liquidations.map((l) => l.marginAccount) ?? []), ...(round1?.stuck ?? [])]
      const stressed = stress.body.data?.stress[0]?.liquidated.map((l) => l.id) ?? []
      expect(cascaded.sort()).toEqual(stressed.sort())
      if (move === '-0.25') expect(stressed.length).toBeGreaterThan(0)
    }
  })

  it('a shallow ETH book carries the shock further, to a fixed point', async () => {
    const { body } = await post<{ cascade: Cascade }>(CASCADE, {
      variables: {
        a: addresses,
        m: [{ underlying: 'ETH', shock: '-0.25', depth: { kind: 'ORDER_BOOK', depthUsd: '20000' } }],
        r: 50,
      },
    })
    expect(body.errors).toBeUndefined()
    const cascade = body.data?.cascade as Cascade
    expect(cascade.fixedPoint).toBe(true)
    const eth = cascade.pricePath.find((p) => p.underlying === 'ETH')?.pricesUsd.map(Number) ?? []
    expect(eth.length).toBe(cascade.rounds.length + 2)
    expect(eth[1]).toBeCloseTo((eth[0] as number) * 0.75, 6)
    // Every round sells into the book: the price never rises and ends below the shocked price.
    for (let i = 2; i < eth.length; i++) expect(eth[i]).toBeLessThanOrEqual(eth[i - 1] as number)
    expect(eth.at(-1)).toBeLessThan(eth[1] as number)
    const aave = cascade.rounds.flatMap((r) => r.liquidations).filter((l) => l.protocol === 'aave-v3')
    expect(aave.length).toBeGreaterThan(0)
    for (const l of aave) expect(BigInt(l.aaveCall?.debtToRepay ?? '0')).toBeGreaterThan(0n)
    // At the fixed point nobody the cascade can liquidate is left liquidatable with collateral to take.
    for (const account of cascade.marginAccounts) expect(account.after.liquidatable).toBe(account.liquidatableAtEnd)
    expect(cascade.liquidatedCount).toBe(cascade.marginAccounts.filter((a) => a.liquidatedInRounds.length > 0).length)
  })

  it('refuses a depth model without its fields, and a round limit out of range', async () => {
    const missing = await post(CASCADE, {
      variables: { a: addresses, m: [{ underlying: 'ETH', shock: '-0.1', depth: { kind: 'ORDER_BOOK' } }] },
    })
    expect(codes(missing.body)).toEqual(['BAD_USER_INPUT'])
    const rounds = await post(CASCADE, {
      variables: { a: [], m: [{ underlying: 'ETH', priceUsd: '2000', depth: { kind: 'NONE' } }], r: 0 },
    })
    expect(codes(rounds.body)).toEqual(['BAD_USER_INPUT'])
  })
})
