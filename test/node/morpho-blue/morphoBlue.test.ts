/**
 * The morpho-blue engine model against Morpho Blue itself, compiled from @morpho-org/morpho-blue's
 * npm sources and deployed on anvil: after 30 days of interest the engine's market totals,
 * borrowed assets and health equal the contract's to the wei; `liquidate` reverts at the reported
 * liquidation price and succeeds one oracle unit below it; seized collateral, repaid shares and
 * assets and realized bad debt equal the `Liquidate` event; a borrower in two markets gets two
 * margin accounts. Snapshots are read through the production adapter (src/protocols/morpho-blue).
 */
import type { Address } from 'viem'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { applyChanges, evaluateMarginAccount, fromRaw, type WhatIfChange } from '../../../src/engine'
import {
  computeAccruedMarket,
  computeHealth,
  computeLiquidation,
  computeOraclePrice,
  type MorphoBlueSnapshot,
  morphoBlueMath,
  toMarketRaw,
} from '../../../src/engine/morpho-blue'
import { type Anvil, type AnvilClient, createAnvilClient, expectSuccess, startAnvil } from '../../harness/aave'
import {
  accrueInterest,
  borrow,
  deployMorphoBlue,
  fundMorpho,
  liquidate,
  type MorphoDeployedMarket,
  type MorphoDeployment,
  morphoAbi,
  oraclePriceOf,
  readMorphoBlueSnapshot,
  readMorphoBlueSnapshots,
  readMorphoState,
  repay,
  SANDBOX_MORPHO,
  setOraclePrice,
  supplyCollateral,
  supplyLoan,
  withdrawCollateral,
} from '../../harness/morpho'

const DAY = 86_400
let anvil: Anvil
let client: AnvilClient
let deployment: MorphoDeployment
let weth: MorphoDeployedMarket
let wbtc: MorphoDeployedMarket
let lender: Address
let alice: Address
let liquidator: Address
let baseline: `0x${string}`

const usdc = (amount: bigint) => amount * 10n ** 6n
const ether = (amount: bigint) => amount * 10n ** 18n

beforeAll(async () => {
  anvil = await startAnvil({ chainId: 31341 }) // not predefined by the app: reads go deployless
  client = createAnvilClient(anvil)
  deployment = await deployMorphoBlue(client, SANDBOX_MORPHO)
  const wethMarket = deployment.markets['WETH/USDC']
  const wbtcMarket = deployment.markets['WBTC/USDC']
  if (!wethMarket || !wbtcMarket) throw new Error('markets not deployed')
  weth = wethMarket
  wbtc = wbtcMarket
  const [owner, provider, user, keeper, feeRecipient] = await client.getAddresses()
  if (!owner || !provider || !user || !keeper || !feeRecipient) throw new Error('anvil has no dev accounts')
  lender = provider
  alice = user
  liquidator = keeper
  // A 10 % fee, so interest mints fee shares as on most production markets.
  for (const [functionName, args] of [
    ['setFeeRecipient', [feeRecipient]],
    ['setFee', [weth.params, 10n ** 17n]],
    ['setFee', [wbtc.params, 10n ** 17n]],
  ] as const) {
    const hash = await client.writeContract({
      address: deployment.morpho,
      abi: morphoAbi,
      functionName,
      args: args as never,
      account: owner,
      chain: client.chain,
      gas: 3_000_000n, // fixed: setFee accrues interest, which an estimate at the pending block may not see
    })
    await expectSuccess(client, hash)
  }
  for (const market of [weth, wbtc])
    await supplyLoan(client, deployment, { market, user: lender, amount: usdc(1_000_000n) })
  await fundMorpho(client, deployment, { token: weth.loan.address, user: liquidator, amount: usdc(10_000_000n) })
  baseline = await client.snapshot()
})

afterAll(async () => {
  await anvil?.stop()
})

beforeEach(async () => {
  await client.revert({ id: baseline })
  baseline = await client.snapshot()
})

/** Alice: 10 WETH backing 15,000 USDC (the position), read after `days` without any interaction. */
async function openWethPosition(days = 30): Promise<MorphoBlueSnapshot> {
  await supplyCollateral(client, deployment, { market: weth, user: alice, amount: ether(10n) })
  await borrow(client, deployment, { market: weth, user: alice, amount: usdc(15_000n) })
  await client.increaseTime({ seconds: days * DAY })
  await client.mine({ blocks: 1 })
  return await readMorphoBlueSnapshot(client, { morpho: deployment.morpho, marketId: weth.id, user: alice })
}

function raw(snapshot: MorphoBlueSnapshot) {
  return {
    market: toMarketRaw(snapshot.market),
    position: {
      supplyShares: BigInt(snapshot.position.supplyShares),
      borrowShares: BigInt(snapshot.position.borrowShares),
      collateral: BigInt(snapshot.position.collateral),
    },
    lltv: BigInt(snapshot.marketParams.lltv),
  }
}

/** The engine's market at `nowSec`, as `_accrueInterest` will leave it. */
function accruedAt(snapshot: MorphoBlueSnapshot, nowSec: number) {
  return computeAccruedMarket({
    market: toMarketRaw(snapshot.market),
    borrowRate: BigInt(snapshot.borrowRate),
    nowSec: BigInt(nowSec),
  }).market
}

describe('morpho-blue engine equals Morpho Blue', () => {
  it('after 30 days: market totals, fee shares, borrowed assets and health to the wei', async () => {
    const snapshot = await openWethPosition(30)
    expect(BigInt(snapshot.borrowRate)).toBeGreaterThan(0n)
    expect(snapshot.market.lastUpdate).toBeLessThan(snapshot.asOfSec - 29 * DAY)
    const nowSec = snapshot.asOfSec + 12
    await client.setNextBlockTimestamp({ timestamp: BigInt(nowSec) })
    await accrueInterest(client, deployment, { market: weth, user: lender })
    const chain = await readMorphoState(client, deployment, { market: weth, user: alice })

    const market = accruedAt(snapshot, nowSec)
    expect(market).toEqual({ ...chain.market, lastUpdate: BigInt(nowSec) })
    expect(chain.market.lastUpdate).toBe(BigInt(nowSec))
    const borrowed = morphoBlueMath.toAssetsUp(
      chain.position.borrowShares,
      chain.market.totalBorrowAssets,
      chain.market.totalBorrowShares,
    )
    expect(borrowed).toBeGreaterThan(usdc(15_000n))

    const report = evaluateMarginAccount({ snapshot, nowSec })
    const debt = report.positions.find((position) => position.id === 'debt:USDC')
    expect(debt?.size.neg().eq(fromRaw(borrowed, 6))).toBe(true)
    const { lltv, position } = raw(snapshot)
    const health = computeHealth({ market, position, collateralPrice: computeOraclePrice({ snapshot }), lltv })
    expect(health.borrowAssets).toBe(borrowed)
    expect(report.liquidatable).toBe(false)
    // The contract agrees: a liquidation now reverts on a healthy position.
    await expect(
      liquidate(client, deployment, { market: weth, liquidator, borrower: alice, seizedAssets: 1n }),
    ).rejects.toThrow(/reverted.*position is healthy/)
  })

  it('liquidate reverts at the reported liquidation price and succeeds one oracle unit below it', async () => {
    const snapshot = await openWethPosition(30)
    const nowSec = snapshot.asOfSec + 60
    const report = evaluateMarginAccount({ snapshot, nowSec })
    const liquidation = report.positions.find((position) => position.id === 'collateral:WETH')?.liquidationPrice
    if (liquidation?.kind !== 'price') throw new Error(`no liquidation price: ${JSON.stringify(liquidation)}`)
    const atPrice = {
      ...snapshot,
      prices: {
        ...snapshot.prices,
        WETH: {
          ...(snapshot.prices.WETH as MorphoBlueSnapshot['prices'][string]),
          priceUsd: liquidation.priceUsd.toFixed(),
        },
      },
    }
    const boundary = computeOraclePrice({ snapshot: atPrice })
    // The figure: 15,000 USDC plus 30 days of interest over 10 WETH at 86 %, about 1,745 USDC.
    expect(boundary).toBeGreaterThan(oraclePriceOf(1_744n, 6, 18))
    expect(boundary).toBeLessThan(oraclePriceOf(1_760n, 6, 18))
    const beforeMoves = await client.snapshot()

    await client.setNextBlockTimestamp({ timestamp: BigInt(nowSec - 1) })
    await setOraclePrice(client, { market: weth, price: boundary, sender: lender })
    await client.setNextBlockTimestamp({ timestamp: BigInt(nowSec) })
    await expect(
      liquidate(client, deployment, { market: weth, liquidator, borrower: alice, seizedAssets: ether(1n) }),
    ).rejects.toThrow(/reverted.*position is healthy/)

    await client.revert({ id: beforeMoves })
    await client.setNextBlockTimestamp({ timestamp: BigInt(nowSec - 1) })
    await setOraclePrice(client, { market: weth, price: boundary - 1n, sender: lender })
    await client.setNextBlockTimestamp({ timestamp: BigInt(nowSec) })
    const event = await liquidate(client, deployment, {
      market: weth,
      liquidator,
      borrower: alice,
      seizedAssets: ether(1n),
    })
    const { position, lltv } = raw(snapshot)
    const predicted = computeLiquidation({
      market: accruedAt(snapshot, nowSec),
      position,
      collateralPrice: boundary - 1n,
      lltv,
      seizedAssets: ether(1n),
    })
    if (predicted.status !== 'ok') throw new Error(predicted.reason)
    expect(event).toEqual({
      repaidAssets: predicted.repaidAssets,
      repaidShares: predicted.repaidShares,
      seizedAssets: predicted.seizedAssets,
      badDebtAssets: 0n,
      badDebtShares: 0n,
    })
  })

  it('seized collateral for repaid shares equals the Liquidate event, and the position after it', async () => {
    const snapshot = await openWethPosition(30)
    const nowSec = snapshot.asOfSec + 60
    const price = oraclePriceOf(1_700n, 6, 18)
    const repaidShares = BigInt(snapshot.position.borrowShares) / 3n
    const { position, lltv } = raw(snapshot)
    const predicted = computeLiquidation({
      market: accruedAt(snapshot, nowSec),
      position,
      collateralPrice: price,
      lltv,
      repaidShares,
    })
    if (predicted.status !== 'ok') throw new Error(predicted.reason)

    await client.setNextBlockTimestamp({ timestamp: BigInt(nowSec - 1) })
    await setOraclePrice(client, { market: weth, price, sender: lender })
    await client.setNextBlockTimestamp({ timestamp: BigInt(nowSec) })
    const event = await liquidate(client, deployment, { market: weth, liquidator, borrower: alice, repaidShares })
    expect(event).toEqual({
      repaidAssets: predicted.repaidAssets,
      repaidShares,
      seizedAssets: predicted.seizedAssets,
      badDebtAssets: 0n,
      badDebtShares: 0n,
    })
    const chain = await readMorphoState(client, deployment, { market: weth, user: alice })
    expect(chain.position).toEqual(predicted.position)
    expect(chain.market).toEqual(predicted.market)
  })

  it('realizes bad debt when the liquidation takes all the collateral', async () => {
    const snapshot = await openWethPosition(30)
    const nowSec = snapshot.asOfSec + 60
    const price = oraclePriceOf(1_000n, 6, 18) // 10 WETH now repay about 9,580 USDC of 15,000+
    const { position, lltv } = raw(snapshot)
    const predicted = computeLiquidation({
      market: accruedAt(snapshot, nowSec),
      position,
      collateralPrice: price,
      lltv,
      seizedAssets: position.collateral,
    })
    if (predicted.status !== 'ok') throw new Error(predicted.reason)
    expect(predicted.badDebtAssets).toBeGreaterThan(usdc(5_000n))

    await client.setNextBlockTimestamp({ timestamp: BigInt(nowSec - 1) })
    await setOraclePrice(client, { market: weth, price, sender: lender })
    await client.setNextBlockTimestamp({ timestamp: BigInt(nowSec) })
    const event = await liquidate(client, deployment, {
      market: weth,
      liquidator,
      borrower: alice,
      seizedAssets: position.collateral,
    })
    expect(event).toEqual({
      repaidAssets: predicted.repaidAssets,
      repaidShares: predicted.repaidShares,
      seizedAssets: position.collateral,
      badDebtAssets: predicted.badDebtAssets,
      badDebtShares: predicted.badDebtShares,
    })
    const chain = await readMorphoState(client, deployment, { market: weth, user: alice })
    expect(chain.position).toEqual({ supplyShares: 0n, borrowShares: 0n, collateral: 0n })
    expect(chain.market).toEqual(predicted.market)
    // The lenders bear it: the supply total fell by the bad debt.
    const after = await readMorphoBlueSnapshots(client, {
      morpho: deployment.morpho,
      marketIds: [weth.id],
      user: alice,
    })
    expect(after).toEqual([undefined])
  })

  it('a borrower in two markets has two margin accounts, each equal to its market', async () => {
    await openWethPosition(0)
    await supplyCollateral(client, deployment, { market: wbtc, user: alice, amount: 50_000_000n }) // 0.5 WBTC
    await borrow(client, deployment, { market: wbtc, user: alice, amount: usdc(20_000n) })
    await client.increaseTime({ seconds: 10 * DAY })
    await client.mine({ blocks: 1 })
    const snapshots = await readMorphoBlueSnapshots(client, {
      morpho: deployment.morpho,
      marketIds: [weth.id, wbtc.id],
      user: alice,
    })
    expect(snapshots.map((snapshot) => snapshot?.marginAccountId)).toEqual([`market:${weth.id}`, `market:${wbtc.id}`])
    const nowSec = (snapshots[0]?.asOfSec ?? 0) + 12
    // One market's accrual does not touch the other's: accrue each in its own block, one second apart.
    for (const [k, market] of [weth, wbtc].entries()) {
      const snapshot = snapshots[k]
      if (!snapshot) throw new Error('missing snapshot')
      const at = nowSec + k
      expect(evaluateMarginAccount({ snapshot, nowSec: at }).liquidatable).toBe(false)
      await client.setNextBlockTimestamp({ timestamp: BigInt(at) })
      await accrueInterest(client, deployment, { market, user: lender })
      const chain = await readMorphoState(client, deployment, { market, user: alice })
      expect(accruedAt(snapshot, at)).toEqual(chain.market)
      const { position, lltv } = raw(snapshot)
      const price = computeOraclePrice({ snapshot })
      expect(
        computeHealth({ market: accruedAt(snapshot, at), position, collateralPrice: price, lltv }).borrowAssets,
      ).toBe(
        morphoBlueMath.toAssetsUp(
          chain.position.borrowShares,
          chain.market.totalBorrowAssets,
          chain.market.totalBorrowShares,
        ),
      )
    }
    // 0.5 WBTC at 60,000 × 77 % = 23,100 of borrowing power against 20,000 and 10 days of interest: health just under 1.155.
    const wbtcReport = evaluateMarginAccount({ snapshot: snapshots[1] as MorphoBlueSnapshot, nowSec })
    const health = wbtcReport.healthFactor
    if (health?.kind !== 'finite') throw new Error('no health factor')
    expect(health.value.gt('1.15') && health.value.lt('1.155')).toBe(true)
  })

  it('what-if balance changes equal the contract booking them, to the share', async () => {
    const snapshot = await openWethPosition(30)
    const beforeChange = await client.snapshot()
    type Receipt = Awaited<ReturnType<typeof borrow>>
    const cases: [WhatIfChange, () => Promise<Receipt>][] = [
      [
        { kind: 'borrow', asset: 'USDC', amount: '1234.567891' },
        () => borrow(client, deployment, { market: weth, user: alice, amount: 1_234_567_891n }),
      ],
      [
        { kind: 'repay', asset: 'USDC', amount: '5000.000001' },
        () => repay(client, deployment, { market: weth, user: alice, amount: 5_000_000_001n }),
      ],
      [
        { kind: 'deposit', asset: 'WETH', amount: '0.123456789012345678' },
        () => supplyCollateral(client, deployment, { market: weth, user: alice, amount: 123_456_789_012_345_678n }),
      ],
      [
        { kind: 'withdraw', asset: 'WETH', amount: '1.5' },
        () => withdrawCollateral(client, deployment, { market: weth, user: alice, amount: 15n * 10n ** 17n }),
      ],
      [
        { kind: 'deposit', asset: 'USDC', amount: '777.777777' },
        () => supplyLoan(client, deployment, { market: weth, user: alice, amount: 777_777_777n }),
      ],
    ]
    let id = beforeChange
    for (const [change, execute] of cases) {
      await client.revert({ id })
      id = await client.snapshot() // anvil forgets an id once reverted to
      const receipt = await execute()
      // The engine books the change at the second the Morpho call was mined.
      const nowSec = Number((await client.getBlock({ blockNumber: receipt.blockNumber })).timestamp)
      const predicted = applyChanges({ snapshot, nowSec, changes: [change] })
      const chain = await readMorphoState(client, deployment, { market: weth, user: alice })
      expect(chain.position, change.kind).toEqual({
        supplyShares: BigInt(predicted.position.supplyShares),
        borrowShares: BigInt(predicted.position.borrowShares),
        collateral: BigInt(predicted.position.collateral),
      })
      expect(chain.market, change.kind).toEqual(toMarketRaw(predicted.market))
    }
  })
})
