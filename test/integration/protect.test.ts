/**
 * `protect` through GraphQL: each option, applied through `simulate`, reaches the target and one unit
 * less does not; off-chain venues carry their unsigned action in the venue's format.
 */
import { describe, expect, it } from 'vitest'
import { demoAccount } from '../harness/demoAccounts'
import { post } from '../helpers/graphql'

const OPTION = `kind asset amount unit valueUsd fundedFrom interestRateMode
  change { kind marginAccount asset amount fundedFrom interestRateMode underlying size option }
  after { id marginRatio { kind value } healthFactor { kind value } }
  calls { chainId to data value description }
  venueAction { venue format action description }`

type Option = {
  kind: string
  asset: string
  amount: string
  unit: string
  valueUsd: string
  fundedFrom: string | null
  change: Record<string, string | null>
  after: {
    id: string
    marginRatio: { kind: string; value: string | null }
    healthFactor: { kind: string; value: string | null } | null
  }
  calls: { chainId: number; to: string; data: string; value: string; description: string }[]
  venueAction: { venue: string; format: string; action: string; description: string } | null
}
type Protection = {
  target: { kind: string; value: string }
  marginAccounts: {
    marginAccount: { id: string; protocol: string }
    status: string
    reason: string | null
    options: Option[]
  }[]
}

const PROTECT = `query ($a: [String!]!, $d: [DeclaredMarginAccountInput!], $t: ProtectTargetInput!) {
  protect(addresses: $a, declared: $d, target: $t) {
    target { kind value }
    marginAccounts { marginAccount { id protocol } status reason options { ${OPTION} } } } }`

/** 10 ETH long at 3,000 on 8,000 USDC, margined by scenario. */
const perpBook = {
  name: 'perp-book',
  prices: [
    { underlying: 'ETH', priceUsd: '3000' },
    { underlying: 'USDC', priceUsd: '1', stable: true },
  ],
  collateral: [{ asset: 'USDC', amount: '8000' }],
  perps: [{ underlying: 'ETH', size: '10', entryPriceUsd: '3000' }],
}

/** Runs `change` (a ProposedChange, optionally with `amount`/`size` replaced) through simulate; the margin account after. */
async function simulateAfter(addresses: string[], change: Record<string, string | null>, declared?: unknown[]) {
  const input = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== null))
  if (input.option) {
    throw new Error('option changes are not replayed here')
  }
  const { body } = await post<{ simulate: { marginAccounts: Option['after'][] } }>(
    `query ($a: [String!]!, $d: [DeclaredMarginAccountInput!], $c: [ChangeInput!]!) {
      simulate(addresses: $a, declared: $d, changes: $c) { marginAccounts { id marginRatio { kind value } healthFactor { kind value } } } }`,
    { variables: { a: addresses, d: declared ?? [], c: [input] } },
  )
  expect(body.errors).toBeUndefined()
  return body.data?.simulate.marginAccounts.find((m) => m.id === change.marginAccount)
}

const ratioOf = (after: Option['after'] | undefined) =>
  after?.marginRatio.kind === 'FINITE'
    ? Number(after.marginRatio.value)
    : after?.marginRatio.kind === 'NONE'
      ? 0
      : Infinity
const smaller = (value: string, unit: string, negative: boolean) => {
  // exact decimal arithmetic on strings through BigInt at the unit's scale
  const scale = (unit.split('.')[1] ?? '').length
  const toInt = (s: string) => {
    const [w = '0', f = ''] = s.replace('-', '').split('.')
    return BigInt(w + f.padEnd(scale, '0').slice(0, scale)) * (s.startsWith('-') ? -1n : 1n)
  }
  const u = toInt(unit)
  const v = toInt(value) + (negative ? u : -u)
  const sign = v < 0n ? '-' : ''
  const digits = (v < 0n ? -v : v).toString().padStart(scale + 1, '0')
  return `${sign}${digits.slice(0, digits.length - scale)}${scale ? `.${digits.slice(-scale)}` : ''}`
}

describe('protect', () => {
  it('a declared perp book to margin ratio 0.5: add USDC or reduce the perp, each minimal to its unit', async () => {
    const { body } = await post<{ protect: Protection }>(PROTECT, {
      variables: { a: [], d: [perpBook], t: { kind: 'MARGIN_RATIO', value: '0.5' } },
    })
    expect(body.errors).toBeUndefined()
    const [account] = body.data?.protect.marginAccounts ?? []
    expect(account?.status).toBe('ACTIONS')
    const kinds = account?.options.map((o) => o.kind).sort()
    expect(kinds).toEqual(['ADD_COLLATERAL', 'REDUCE_PERP'])
    for (const option of account?.options ?? []) {
      expect(ratioOf(option.after)).toBeLessThanOrEqual(0.5)
      const same = await simulateAfter([], option.change, [perpBook])
      expect(same).toEqual(option.after)
      // One unit less: the deposit is smaller, the perp stays one unit larger.
      const less =
        option.change.kind === 'DEPOSIT'
          ? { ...option.change, amount: smaller(option.change.amount as string, option.unit, false) }
          : { ...option.change, size: smaller(option.change.size as string, option.unit, true) }
      expect(ratioOf(await simulateAfter([], less, [perpBook]))).toBeGreaterThan(0.5)
    }
  })

  it('the near-liquidation demo account to health factor 1.5: Aave options with their calls; Hyperliquid is not applicable', async () => {
    const address = demoAccount('near-liquidation').address
    const { body } = await post<{ protect: Protection }>(PROTECT, {
      variables: { a: [address], t: { kind: 'HEALTH_FACTOR', value: '1.5' } },
    })
    expect(body.errors).toBeUndefined()
    const accounts = body.data?.protect.marginAccounts ?? []
    const aave = accounts.find((m) => m.marginAccount.protocol === 'aave-v3')
    expect(aave?.status).toBe('ACTIONS')
    expect(accounts.find((m) => m.marginAccount.protocol === 'hyperliquid')?.status).toBe('NOT_APPLICABLE')
    const supply = aave?.options.find((o) => o.kind === 'ADD_COLLATERAL')
    expect(supply?.calls.map((c) => c.description.split('(')[0])).toEqual([`${supply?.asset}.approve`, 'Pool.supply'])
    const repay = aave?.options.find((o) => o.kind === 'REPAY' && o.fundedFrom === null)
    expect(repay?.calls.map((c) => c.description.split('(')[0])).toEqual([`${repay?.asset}.approve`, 'Pool.repay'])
    for (const option of aave?.options ?? []) {
      expect(Number(option.after.healthFactor?.value)).toBeGreaterThanOrEqual(1.5)
      expect(option.venueAction).toBeNull()
    }
  })

  it('Hyperliquid and dYdX reductions carry the unsigned action in the venue’s format', async () => {
    const everywhere = demoAccount('everywhere')
    const addresses = [everywhere.address, everywhere.dydxAddress]
    const listed = await post<{
      portfolio: {
        marginAccounts: {
          nodes: { id: string; protocol: string; marginRatio: { kind: string; value: string | null } }[]
        }
      }
    }>(
      'query ($a: [String!]!) { portfolio(addresses: $a) { marginAccounts { nodes { id protocol marginRatio { kind value } } } } }',
      {
        variables: { a: addresses },
      },
    )
    const nodes = listed.body.data?.portfolio.marginAccounts.nodes ?? []
    const venueActions: NonNullable<Option['venueAction']>[] = []
    for (const protocol of ['hyperliquid', 'dydx-v4']) {
      const node = nodes.find(
        (n) => n.protocol === protocol && n.marginRatio.kind === 'FINITE' && Number(n.marginRatio.value) > 0,
      )
      expect(node, protocol).toBeDefined()
      const { body } = await post<{ protect: Protection }>(
        `query ($a: [String!]!, $m: ID!, $t: ProtectTargetInput!) { protect(addresses: $a, marginAccount: $m, target: $t) {
          target { kind value } marginAccounts { marginAccount { id protocol } status reason options { ${OPTION} } } } }`,
        {
          variables: {
            a: addresses,
            m: node?.id,
            t: { kind: 'MARGIN_RATIO', value: String(Number(node?.marginRatio.value) / 2) },
          },
        },
      )
      expect(body.errors).toBeUndefined()
      const [account] = body.data?.protect.marginAccounts ?? []
      expect(account?.status).toBe('ACTIONS')
      for (const option of account?.options ?? []) {
        expect(option.calls).toEqual([])
        if (option.venueAction) venueActions.push(option.venueAction)
      }
    }
    const hlOrder = venueActions.find((a) => a.format === 'hyperliquid:order')
    expect(hlOrder).toBeDefined()
    // The documented `order` action: { type, orders: [{ a, b, p, s, r, t: { limit: { tif } } }], grouping }.
    const action = JSON.parse(hlOrder?.action ?? '{}')
    expect(Object.keys(action).sort()).toEqual(['grouping', 'orders', 'type'])
    expect(action.type).toBe('order')
    expect(action.grouping).toBe('na')
    const [order] = action.orders
    expect(Object.keys(order).sort()).toEqual(['a', 'b', 'p', 'r', 's', 't'])
    expect(Number.isInteger(order.a)).toBe(true)
    expect(typeof order.b).toBe('boolean')
    expect(order.p).toMatch(/^\d+(\.\d+)?$/)
    expect(order.s).toMatch(/^\d+(\.\d+)?$/)
    expect(order.r).toBe(true)
    expect(order.t).toEqual({ limit: { tif: 'Ioc' } })
    const deposit = venueActions.find((a) => a.format === 'dydx:MsgDepositToSubaccount')
    expect(JSON.parse(deposit?.action ?? '{}').value).toMatchObject({
      assetId: 0,
      recipient: { number: expect.any(Number) },
    })
    expect(venueActions.some((a) => a.format === 'dydx:placeOrder')).toBe(true)
  })

  it('refuses a target out of range and an unknown margin account', async () => {
    const bad = await post(PROTECT, { variables: { a: [], d: [perpBook], t: { kind: 'MARGIN_RATIO', value: '0' } } })
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })
})
