/**
 * The what-if repay of stable-rate debt against the real Aave v3.0 Pool (@aave/core-v3 artifacts)
 * on anvil: the engine predicts the repay at a pinned block time, the Pool executes it at that
 * time, and the user's stable debt state and account data must match to the wei.
 */
import { type Address, maxUint256 } from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type AaveV3Snapshot, computeStableDebt, computeUserAccountData } from '../../../src/engine/aave-v3'
import { fromRaw } from '../../../src/engine/decimal'
import { applyChanges } from '../../../src/engine/whatIf/applyChanges'
import {
  type AaveMarket,
  type Anvil,
  type AnvilClient,
  borrow,
  createAnvilClient,
  deployAaveMarket,
  fund,
  poolAbi,
  provideLiquidity,
  readAaveV3Snapshot,
  repay,
  SANDBOX_MARKET,
  startAnvil,
  supply,
} from '../../harness/aave'

let anvil: Anvil
let client: AnvilClient
let market: AaveMarket
let alice: Address
let baseline: `0x${string}`

const units = (symbol: string, whole: bigint) => whole * 10n ** BigInt(market.reserves[symbol]?.decimals ?? 18)

beforeAll(async () => {
  anvil = await startAnvil({ chainId: 31339 }) // not predefined by the app: reads go deployless
  client = createAnvilClient(anvil)
  market = await deployAaveMarket(client, SANDBOX_MARKET)
  const [, provider, user] = await client.getAddresses()
  if (!provider || !user) throw new Error('anvil has no dev accounts')
  alice = user
  await provideLiquidity(client, market, provider)
  // Alice owes USDC at the stable rate (and WETH at the variable rate), for 120 days.
  await supply(client, market, { user: alice, symbol: 'WBTC', amount: units('WBTC', 1n) })
  await borrow(client, market, { user: alice, symbol: 'USDC', amount: units('USDC', 10_000n), mode: 'stable' })
  await borrow(client, market, { user: alice, symbol: 'WETH', amount: units('WETH', 2n) })
  await client.increaseTime({ seconds: 120 * 24 * 3600 + 7 })
  await fund(client, market, { user: alice, symbol: 'USDC', amount: units('USDC', 100_000n) })
  await client.mine({ blocks: 1 })
  baseline = await client.snapshot()
})

afterAll(async () => {
  await anvil?.stop()
})

beforeEach(async () => {
  await client.revert({ id: baseline })
  baseline = await client.snapshot()
})

async function readSnapshot(): Promise<AaveV3Snapshot> {
  const snapshot = await readAaveV3Snapshot(client, { addressesProvider: market.addressesProvider, user: alice })
  if (!snapshot) throw new Error('alice holds nothing in the market.')
  return snapshot
}

const usdcUser = (snapshot: AaveV3Snapshot) => {
  const user = snapshot.reserves.find((reserve) => reserve.symbol === 'USDC')?.user
  if (!user) throw new Error('no USDC reserve')
  return user
}

type RepayCase = {
  /** USDC wei to repay, from the state read just before. */
  amountRaw: (snapshot: AaveV3Snapshot, nowSec: number) => bigint
  rateMode?: 'stable' | undefined
  /** What the Pool is sent, when it differs from the amount (`maxUint256` repays everything). */
  sent?: bigint | undefined
}

/** Predicts the repay at a pinned time, has the Pool repay at that time, and compares to the wei. */
async function expectRepayMatches({ amountRaw, rateMode, sent }: RepayCase) {
  const snapshot = await readSnapshot()
  const nowSec = snapshot.asOfSec + 3600
  const amount = amountRaw(snapshot, nowSec)
  const predicted = applyChanges({
    snapshot,
    changes: [{ kind: 'repay', asset: 'USDC', amount: fromRaw(amount, 6).toFixed(), rateMode }],
    nowSec,
  })

  await client.setNextBlockTimestamp({ timestamp: BigInt(nowSec) })
  const receipt = await repay(client, market, { user: alice, symbol: 'USDC', amount: sent ?? amount, mode: 'stable' })
  const after = await readSnapshot()
  expect(after.asOfSec).toBe(nowSec)
  expect(usdcUser(predicted)).toEqual(usdcUser(after))
  const onChain = await client.readContract({
    address: market.pool,
    abi: poolAbi,
    functionName: 'getUserAccountData',
    args: [alice],
    blockNumber: receipt.blockNumber,
  })
  const ours = computeUserAccountData({ snapshot: predicted, nowSec })
  expect([
    ours.totalCollateralBase,
    ours.totalDebtBase,
    ours.availableBorrowsBase,
    ours.currentLiquidationThreshold,
    ours.ltv,
    ours.healthFactor,
  ]).toEqual([...onChain])
  return { snapshot, predicted, nowSec, amount }
}

describe('repaying stable debt: the what-if equals the Pool', () => {
  it('repays part of it: the principal takes the accrued interest and drops by the amount, the clock restarts', async () => {
    const { snapshot, predicted, nowSec, amount } = await expectRepayMatches({ amountRaw: () => 2_500_123_456n })
    const owedBefore = computeStableDebt({ user: usdcUser(snapshot), nowSec })
    expect(owedBefore).toBeGreaterThan(units('USDC', 10_000n)) // 120 days of interest
    expect(BigInt(usdcUser(predicted).principalStableDebt)).toBe(owedBefore - amount)
    expect(usdcUser(predicted).stableBorrowLastUpdateTimestamp).toBe(nowSec)
  })

  it('repays all of it: rate and timestamp are cleared as StableDebtToken.burn does', async () => {
    const { predicted } = await expectRepayMatches({
      amountRaw: (snapshot, nowSec) => computeStableDebt({ user: usdcUser(snapshot), nowSec }),
      rateMode: 'stable',
      sent: maxUint256,
    })
    expect(usdcUser(predicted)).toMatchObject({
      principalStableDebt: '0',
      stableBorrowRate: '0',
      stableBorrowLastUpdateTimestamp: 0,
    })
  })
})
