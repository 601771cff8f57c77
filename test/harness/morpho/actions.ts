/**
 * Node-only: user actions, liquidations and oracle moves on a deployment by `deployMorphoBlue`.
 * Users are anvil's unlocked dev accounts (JSON-RPC accounts), so no keys are handled here.
 *
 * There is no `setBorrowRate`: Morpho's IrmMock is stateless, its rate is the market's utilization
 * per year (`borrowRateView` = totalBorrow.wDivDown(totalSupply) / 365 days), so a rate is set by
 * supplying or borrowing.
 */
import { type Address, type Hash, maxUint256, parseEventLogs } from 'viem'
import { erc20Abi } from '../aave/abis'
import { type AnvilClient, expectSuccess } from '../aave/createAnvilClient'
import { morphoAbi, oracleMockAbi } from './abis'
import type { MorphoDeployedMarket, MorphoDeployment } from './deployMorphoBlue'

/** Fixed gas: an estimate against the pending block can fall short once the mined block accrues more interest. */
const TX_GAS = 3_000_000n

export type MorphoActionParameters = {
  market: MorphoDeployedMarket
  /** Anvil dev account acting (and `onBehalf`). */
  user: Address
  /** Token wei. */
  amount: bigint
}

async function write(client: AnvilClient, hash: Promise<Hash>) {
  return await expectSuccess(client, await hash)
}

function morphoCall(
  client: AnvilClient,
  deployment: MorphoDeployment,
  user: Address,
  functionName: string,
  args: readonly unknown[],
) {
  return write(
    client,
    client.writeContract({
      address: deployment.morpho,
      abi: morphoAbi,
      functionName: functionName as 'supply',
      args: args as never,
      account: user,
      chain: client.chain,
      gas: TX_GAS,
    }),
  )
}

/** Mints `amount` of `token` to `user` and approves Morpho for all of it. */
export async function fundMorpho(
  client: AnvilClient,
  deployment: MorphoDeployment,
  { token, user, amount }: { token: Address; user: Address; amount: bigint },
) {
  const chain = client.chain
  await write(
    client,
    client.writeContract({
      address: token,
      abi: erc20Abi,
      functionName: 'mint',
      args: [user, amount],
      account: user,
      chain,
      gas: TX_GAS,
    }),
  )
  await write(
    client,
    client.writeContract({
      address: token,
      abi: erc20Abi,
      functionName: 'approve',
      args: [deployment.morpho, maxUint256],
      account: user,
      chain,
      gas: TX_GAS,
    }),
  )
}

/** Mints and supplies `amount` loan tokens (lends them). */
export async function supplyLoan(client: AnvilClient, deployment: MorphoDeployment, p: MorphoActionParameters) {
  await fundMorpho(client, deployment, { token: p.market.loan.address, user: p.user, amount: p.amount })
  return await morphoCall(client, deployment, p.user, 'supply', [p.market.params, p.amount, 0n, p.user, '0x'])
}

/** Mints and supplies `amount` collateral tokens. */
export async function supplyCollateral(client: AnvilClient, deployment: MorphoDeployment, p: MorphoActionParameters) {
  await fundMorpho(client, deployment, { token: p.market.collateral.address, user: p.user, amount: p.amount })
  return await morphoCall(client, deployment, p.user, 'supplyCollateral', [p.market.params, p.amount, p.user, '0x'])
}

/** Borrows `amount` loan tokens to the user itself. */
export async function borrow(client: AnvilClient, deployment: MorphoDeployment, p: MorphoActionParameters) {
  return await morphoCall(client, deployment, p.user, 'borrow', [p.market.params, p.amount, 0n, p.user, p.user])
}

/** Repays `amount` loan tokens (minted to the user first). */
export async function repay(client: AnvilClient, deployment: MorphoDeployment, p: MorphoActionParameters) {
  await fundMorpho(client, deployment, { token: p.market.loan.address, user: p.user, amount: p.amount })
  return await morphoCall(client, deployment, p.user, 'repay', [p.market.params, p.amount, 0n, p.user, '0x'])
}

/** Withdraws `amount` collateral to the user. */
export async function withdrawCollateral(client: AnvilClient, deployment: MorphoDeployment, p: MorphoActionParameters) {
  return await morphoCall(client, deployment, p.user, 'withdrawCollateral', [p.market.params, p.amount, p.user, p.user])
}

/** `Morpho.accrueInterest(marketParams)`, sent by `user`. */
export async function accrueInterest(
  client: AnvilClient,
  deployment: MorphoDeployment,
  { market, user }: { market: MorphoDeployedMarket; user: Address },
) {
  return await morphoCall(client, deployment, user, 'accrueInterest', [market.params])
}

/** Sets the market's `OracleMock.price()` (1e36-scaled loan wei per collateral wei). */
export async function setOraclePrice(
  client: AnvilClient,
  { market, price, sender }: { market: MorphoDeployedMarket; price: bigint; sender: Address },
) {
  return await write(
    client,
    client.writeContract({
      address: market.params.oracle,
      abi: oracleMockAbi,
      functionName: 'setPrice',
      args: [price],
      account: sender,
      chain: client.chain,
      gas: TX_GAS,
    }),
  )
}

export type LiquidateParameters = {
  market: MorphoDeployedMarket
  liquidator: Address
  borrower: Address
} & ({ seizedAssets: bigint; repaidShares?: undefined } | { repaidShares: bigint; seizedAssets?: undefined })

/** The `Liquidate` event's figures. */
export type LiquidateEvent = {
  repaidAssets: bigint
  repaidShares: bigint
  seizedAssets: bigint
  badDebtAssets: bigint
  badDebtShares: bigint
}

/**
 * `Morpho.liquidate` by `liquidator` (who must hold and have approved loan tokens: `fundMorpho`);
 * throws with the revert reason when it reverts, returns the `Liquidate` event otherwise.
 */
export async function liquidate(
  client: AnvilClient,
  deployment: MorphoDeployment,
  p: LiquidateParameters,
): Promise<LiquidateEvent> {
  const receipt = await morphoCall(client, deployment, p.liquidator, 'liquidate', [
    p.market.params,
    p.borrower,
    p.seizedAssets ?? 0n,
    p.repaidShares ?? 0n,
    '0x',
  ])
  const [event] = parseEventLogs({ abi: morphoAbi, logs: receipt.logs, eventName: 'Liquidate' })
  if (!event) throw new Error('liquidate emitted no Liquidate event')
  const { repaidAssets, repaidShares, seizedAssets, badDebtAssets, badDebtShares } = event.args
  return { repaidAssets, repaidShares, seizedAssets, badDebtAssets, badDebtShares }
}

/** The market and the user's position as stored (no interest since `lastUpdate`). */
export async function readMorphoState(
  client: AnvilClient,
  deployment: MorphoDeployment,
  { market, user }: { market: MorphoDeployedMarket; user: Address },
) {
  const [totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee] =
    await client.readContract({ address: deployment.morpho, abi: morphoAbi, functionName: 'market', args: [market.id] })
  const [supplyShares, borrowShares, collateral] = await client.readContract({
    address: deployment.morpho,
    abi: morphoAbi,
    functionName: 'position',
    args: [market.id, user],
  })
  return {
    market: { totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate, fee },
    position: { supplyShares, borrowShares, collateral },
  }
}
