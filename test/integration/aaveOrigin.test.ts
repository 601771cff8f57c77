/**
 * The sandbox's Aave v3.6 market (`Origin` on chain A: the real contracts of @aave-dao/aave-v3-origin@3.6.0,
 * compiled from source, deployed in the chain build) read inside workerd through the Worker's own
 * `env.RPC_URLS` / `env.AAVE_MARKETS`: the adapter's snapshot and the GraphQL `account(address)` answer for
 * the three v3.6 demo accounts (seedOriginDemo) say `v3.6` and equal `Pool.getUserAccountData` at the
 * block they read, to the wei.
 *
 * The chains mine a block every 2 s at wall-clock time: every comparison asks the Pool at the block the
 * figure was read at (its `blockNumber`), never at "latest".
 */
import { env } from 'cloudflare:workers'
import { createPublicClient, getAddress, http } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { computeUserAccountData } from '../../src/engine/aave-v3'
import type { AaveV3Snapshot } from '../../src/engine/aave-v3/types'
import { poolAbi } from '../../src/protocols/aave-v3/abi'
import { aaveV3, clearAaveReferenceCache, getAaveMarkets } from '../../src/protocols/aave-v3/index'
import type { SourceResult } from '../../src/protocols/types'
import { type DemoAccount, demoAccount } from '../harness/demoAccounts'
import { post } from '../helpers/graphql'

const rpcUrls = JSON.parse(env.RPC_URLS ?? '{}') as Record<string, string[]>
const CHAIN_A = 31337
const ORIGIN = 'Origin'
const WAD = 10n ** 18n
const V36 = ['v36-emode-ltvzero', 'v36-small', 'v36-near-095'] as const satisfies readonly DemoAccount['name'][]

const client = createPublicClient({ transport: http(rpcUrls[String(CHAIN_A)]?.[0]) })

/** `Pool.getUserAccountData(user)` at `blockNumber`. */
async function poolAccountData(pool: string, user: string, blockNumber: bigint) {
  const [totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThreshold, ltv, healthFactor] =
    await client.readContract({
      address: pool as `0x${string}`,
      abi: poolAbi,
      functionName: 'getUserAccountData',
      args: [user as `0x${string}`],
      blockNumber,
    })
  return { totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThreshold, ltv, healthFactor }
}

/** A wad as the API prints a Fraction: 18 decimals at most, trailing zeros dropped. */
function wadText(wad: bigint): string {
  const digits = wad.toString().padStart(19, '0')
  return `${digits.slice(0, -18)}.${digits.slice(-18)}`.replace(/\.?0+$/, '')
}

const snapshots = new Map<string, AaveV3Snapshot>()

function snapshotOf(name: (typeof V36)[number]): AaveV3Snapshot {
  const snapshot = snapshots.get(name)
  if (!snapshot) throw new Error(`No Origin snapshot for ${name}`)
  return snapshot
}

beforeAll(async () => {
  clearAaveReferenceCache()
  const sources = V36.map((name) => ({
    venue: 'aave-v3' as const,
    chainId: CHAIN_A,
    market: ORIGIN,
    account: { kind: 'evm' as const, address: demoAccount(name).address },
  }))
  const results: SourceResult[] = await aaveV3.read(sources, { env, fetch, nowMs: Date.now() })
  for (const [i, result] of results.entries()) {
    const name = V36[i] as (typeof V36)[number]
    if (result.status !== 'ok') throw new Error(`${name}: ${JSON.stringify(result)}`)
    const snapshot = result.snapshots[0]?.snapshot
    if (snapshot?.model !== 'aave-v3') throw new Error(`${name} has no Aave snapshot in ${ORIGIN}`)
    snapshots.set(name, snapshot)
  }
})

describe('the v3.6 Origin market on sandbox chain A', () => {
  it('is configured for the Worker next to the v3.0 markets', () => {
    expect(getAaveMarkets(env).map((m) => `${m.chainId}:${m.market}`)).toEqual([
      `${CHAIN_A}:Sandbox`,
      `${CHAIN_A}:${ORIGIN}`,
      '31338:Sandbox',
    ])
  })

  it.each(V36)(
    '%s: the adapter reads v3.6 (POOL_REVISION 10) and equals Pool.getUserAccountData to the wei',
    async (name) => {
      const snapshot = snapshotOf(name)
      expect(snapshot).toMatchObject({ rules: 'v3.6', poolRevision: 10, marginAccountId: `market:${ORIGIN}` })
      expect(snapshot.account).toBe(getAddress(demoAccount(name).address))
      const engine = computeUserAccountData({ snapshot, nowSec: snapshot.asOfSec })
      const pool = await poolAccountData(snapshot.pool, snapshot.account, BigInt(snapshot.blockNumber ?? '0'))
      expect(engine).toMatchObject(pool)
    },
  )

  it('v36-emode-ltvzero: in the ETH e-mode with wstETH flagged LTV zero there, which lends nothing but still counts for liquidation', async () => {
    const snapshot = snapshotOf('v36-emode-ltvzero')
    expect(snapshot.userEModeCategory).toBe(1)
    const category = snapshot.eModeCategories.find((c) => c.id === 1)
    const wsteth = snapshot.reserves.find((r) => r.symbol === 'WSTETH')
    if (!category || !wsteth) throw new Error('no ETH e-mode or no WSTETH reserve')
    expect((BigInt(category.ltvzeroBitmap ?? '0') >> BigInt(wsteth.id)) & 1n).toBe(1n)
    const data = await poolAccountData(snapshot.pool, snapshot.account, BigInt(snapshot.blockNumber ?? '0'))
    // The account's LTV is the category's 90% over WETH only (wstETH weighs 0), its threshold the category's
    // 93% over both: both collaterals are priced near each other, so the average LTV falls under half of 90%.
    expect(data.ltv).toBeLessThan(4_500n)
    expect(data.currentLiquidationThreshold).toBe(9_300n)
    expect(data.healthFactor).toBeGreaterThan(WAD)
  })

  it('v36-small: collateral and debt each under USD 2,000 (the v3.3 full-liquidation threshold)', async () => {
    const snapshot = snapshotOf('v36-small')
    const data = await poolAccountData(snapshot.pool, snapshot.account, BigInt(snapshot.blockNumber ?? '0'))
    const usd2000 = 2_000n * 10n ** 8n // base currency: USD, 8 decimals
    expect(data.totalCollateralBase).toBeLessThan(usd2000)
    expect(data.totalDebtBase).toBeLessThan(usd2000)
    expect(data.totalDebtBase).toBeGreaterThan(0n)
  })

  it('v36-near-095: health factor between 0.95 and 1 (liquidatable at the 50% close factor, not yet 100%)', async () => {
    const snapshot = snapshotOf('v36-near-095')
    const data = await poolAccountData(snapshot.pool, snapshot.account, BigInt(snapshot.blockNumber ?? '0'))
    expect(data.healthFactor).toBeGreaterThan(95n * 10n ** 16n)
    expect(data.healthFactor).toBeLessThan(WAD)
  })
})

type MarginAccountNode = {
  id: string
  market: string | null
  rules: string | null
  blockNumber: string | null
  liquidatable: boolean
  healthFactor: { kind: string; value: string | null } | null
}
type AccountData = {
  account: { marginAccounts: { nodes: MarginAccountNode[] }; sources: { market: string | null; status: string }[] }
}

const accountQuery = `query ($a: String!) { account(address: $a, maxAgeSeconds: 0) {
  marginAccounts(first: 100) { nodes { id market rules blockNumber liquidatable healthFactor { kind value } } }
  sources { market status } } }`

describe('account(address) through the GraphQL API', () => {
  it.each(V36)(
    '%s: one margin account, in Origin, rules "v3.6", health factor = the Pool’s at its block',
    async (name) => {
      const { status, body } = await post<AccountData>(accountQuery, { variables: { a: demoAccount(name).address } })
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
      expect(status).toBe(200)
      const nodes = body.data?.account.marginAccounts.nodes ?? []
      const aave = nodes.filter((n) => n.id.startsWith('aave-v3:'))
      // Only the Origin market: the v3.6 demo accounts hold nothing in the v3.0 markets.
      expect(aave).toHaveLength(1)
      const node = aave[0] as MarginAccountNode
      expect(node.id).toContain(`:market:${ORIGIN}`)
      expect(node).toMatchObject({ market: ORIGIN, rules: 'v3.6', healthFactor: { kind: 'FINITE' } })
      const pool = await poolAccountData(
        snapshotOf(name).pool,
        demoAccount(name).address,
        BigInt(node.blockNumber ?? '0'),
      )
      expect(node.healthFactor?.value).toBe(wadText(pool.healthFactor))
      expect(node.liquidatable).toBe(pool.healthFactor < WAD)
    },
  )
})
