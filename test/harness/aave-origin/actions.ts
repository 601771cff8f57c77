/**
 * Node-only: user actions, admin switches and oracle / clock moves on a market deployed by
 * `deployAaveOriginMarket`. Calls use the compiled v3.6 ABIs; a transaction that reverts throws an
 * `AaveOriginRevertError` carrying the decoded custom error (the Pool's libraries revert with
 * `Errors.*` custom errors since v3.2, no longer with numeric string codes).
 *
 * Users are anvil's unlocked dev accounts (JSON-RPC accounts), so no keys are handled here.
 */
import {
  type Abi,
  type Address,
  decodeErrorResult,
  type Hash,
  type Hex,
  maxUint256,
  parseAbi,
  parseEventLogs,
  type TransactionReceipt,
} from 'viem'
import type { AnvilClient } from '../aave/createAnvilClient'
import { setPriceFeedAnswer } from '../aave/priceFeed'
import { originErrorsAbi } from './compileAaveOrigin'
import type { AaveOriginMarket, AaveOriginMarketReserve } from './deployAaveOriginMarket'

/**
 * Gas limit of every action: fixed rather than estimated, because an estimate made against the
 * pending block can fall short once the mined block has a later timestamp (more interest to accrue),
 * and because a transaction that is estimated never reaches the chain when it would revert.
 */
const TX_GAS = 5_000_000n

/** v3.2+ has the variable rate only; `borrow` / `repay` still take the mode. */
const VARIABLE_RATE_MODE = 2n

const erc20Abi = parseAbi([
  'function mint(address account, uint256 value) returns (bool)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function transfer(address to, uint256 amount) returns (bool)',
  'function balanceOf(address account) view returns (uint256)',
])

/** A transaction that reverted on-chain, with its custom error decoded from the market's ABIs. */
export class AaveOriginRevertError extends Error {
  override name = 'AaveOriginRevertError'
  /** The custom error's name, e.g. `HealthFactorNotBelowThreshold`; `Error` / `Panic` for the built-ins; `undefined` when the data matches no known error. */
  readonly errorName: string | undefined
  readonly args: readonly unknown[]
  /** Raw revert data. */
  readonly data: Hex
  readonly receipt: TransactionReceipt

  constructor(
    functionName: string,
    o: { errorName: string | undefined; args: readonly unknown[]; data: Hex; receipt: TransactionReceipt },
  ) {
    super(
      `${functionName} reverted with ${o.errorName ?? `unknown data ${o.data}`}${o.args.length ? `(${o.args.map(String).join(', ')})` : ''}`,
    )
    this.errorName = o.errorName
    this.args = o.args
    this.data = o.data
    this.receipt = o.receipt
  }
}

type CallTrace = { output?: Hex; error?: string }

/** The revert data of a mined transaction, exactly as it reverted (anvil's geth-style call tracer). */
async function revertData(client: AnvilClient, hash: Hash): Promise<Hex> {
  const request = client.request as unknown as (args: { method: string; params: unknown[] }) => Promise<CallTrace>
  const trace = await request({ method: 'debug_traceTransaction', params: [hash, { tracer: 'callTracer' }] })
  return trace.output ?? '0x'
}

/** Decodes revert data against every custom error of the compiled market (plus `Error(string)` and `Panic`). */
export function decodeOriginRevert(
  market: Pick<AaveOriginMarket, 'artifacts'>,
  data: Hex,
): { errorName: string | undefined; args: readonly unknown[] } {
  try {
    const decoded = decodeErrorResult({ abi: originErrorsAbi(market.artifacts), data })
    return { errorName: decoded.errorName, args: decoded.args ?? [] }
  } catch {
    return { errorName: undefined, args: [] }
  }
}

type SendParameters = { account: Address; address: Address; abi: Abi; functionName: string; args: readonly unknown[] }

/** Sends one transaction and waits for it; throws `AaveOriginRevertError` when it reverted. */
async function send(client: AnvilClient, market: AaveOriginMarket, p: SendParameters): Promise<TransactionReceipt> {
  const hash = await client.writeContract({ ...p, chain: client.chain, gas: TX_GAS })
  if (!(await client.getAutomine())) await client.mine({ blocks: 1 })
  // A generous timeout: anvil can lag on a loaded 2-core machine (a hang backstop, not a measure).
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 5, timeout: 120_000 })
  if (receipt.status === 'success') return receipt
  const data = await revertData(client, hash)
  throw new AaveOriginRevertError(p.functionName, { ...decodeOriginRevert(market, data), data, receipt })
}

function reserveOf(market: AaveOriginMarket, symbol: string): AaveOriginMarketReserve {
  const reserve = market.reserves[symbol]
  if (!reserve) throw new Error(`No reserve ${symbol} in the market`)
  return reserve
}

const poolAbi = (market: AaveOriginMarket) => market.artifacts.contracts.PoolInstance.abi
const configuratorAbi = (market: AaveOriginMarket) => market.artifacts.contracts.PoolConfiguratorInstance.abi

export type OriginUserActionParameters = {
  /** Anvil dev account acting. */
  user: Address
  /** Reserve symbol as deployed. */
  symbol: string
  /** Token wei; `maxUint256` means "all" where the Pool allows it (repay, withdraw). */
  amount: bigint
}

/** Mints `amount` of the underlying to `user` and approves the Pool for any amount. */
export async function fund(
  client: AnvilClient,
  market: AaveOriginMarket,
  { user, symbol, amount }: OriginUserActionParameters,
) {
  const { underlying } = reserveOf(market, symbol)
  const token = { account: user, address: underlying, abi: erc20Abi }
  await send(client, market, { ...token, functionName: 'mint', args: [user, amount] })
  await send(client, market, { ...token, functionName: 'approve', args: [market.pool, maxUint256] })
}

/**
 * Mints, approves and supplies `amount` for `user`. A first supply becomes collateral only when the
 * asset's LTV for the user is non-zero (v3.6: an LTV-zero asset, in its reserve or in the user's
 * e-mode, is never enabled automatically).
 */
export async function supply(client: AnvilClient, market: AaveOriginMarket, parameters: OriginUserActionParameters) {
  await fund(client, market, parameters)
  const { user, amount, symbol } = parameters
  return await send(client, market, {
    account: user,
    address: market.pool,
    abi: poolAbi(market),
    functionName: 'supply',
    args: [reserveOf(market, symbol).underlying, amount, user, 0],
  })
}

export async function borrow(
  client: AnvilClient,
  market: AaveOriginMarket,
  { user, symbol, amount }: OriginUserActionParameters,
) {
  return await send(client, market, {
    account: user,
    address: market.pool,
    abi: poolAbi(market),
    functionName: 'borrow',
    args: [reserveOf(market, symbol).underlying, amount, VARIABLE_RATE_MODE, 0, user],
  })
}

/** Repays `user`'s variable debt (the user must hold and have approved the underlying: `fund`). */
export async function repay(
  client: AnvilClient,
  market: AaveOriginMarket,
  { user, symbol, amount }: OriginUserActionParameters,
) {
  return await send(client, market, {
    account: user,
    address: market.pool,
    abi: poolAbi(market),
    functionName: 'repay',
    args: [reserveOf(market, symbol).underlying, amount, VARIABLE_RATE_MODE, user],
  })
}

/** Withdraws to `user` (`maxUint256`: the whole balance). */
export async function withdraw(
  client: AnvilClient,
  market: AaveOriginMarket,
  { user, symbol, amount }: OriginUserActionParameters,
) {
  return await send(client, market, {
    account: user,
    address: market.pool,
    abi: poolAbi(market),
    functionName: 'withdraw',
    args: [reserveOf(market, symbol).underlying, amount, user],
  })
}

export async function setUserEMode(
  client: AnvilClient,
  market: AaveOriginMarket,
  { user, categoryId }: { user: Address; categoryId: number },
) {
  return await send(client, market, {
    account: user,
    address: market.pool,
    abi: poolAbi(market),
    functionName: 'setUserEMode',
    args: [categoryId],
  })
}

/** Enabling needs a non-zero LTV for the user (`UserInIsolationModeOrLtvZero` otherwise). */
export async function setUserUseReserveAsCollateral(
  client: AnvilClient,
  market: AaveOriginMarket,
  { user, symbol, enabled }: { user: Address; symbol: string; enabled: boolean },
) {
  return await send(client, market, {
    account: user,
    address: market.pool,
    abi: poolAbi(market),
    functionName: 'setUserUseReserveAsCollateral',
    args: [reserveOf(market, symbol).underlying, enabled],
  })
}

/**
 * Transfers aTokens (`amount` in underlying wei; a plain ERC20 transfer, so no `maxUint256`). v3.6: the sender's collateral flag is cleared when
 * it sends its whole balance; the receiver's flag is never set by a transfer.
 */
export async function transferAToken(
  client: AnvilClient,
  market: AaveOriginMarket,
  { from, to, symbol, amount }: { from: Address; to: Address; symbol: string; amount: bigint },
) {
  return await send(client, market, {
    account: from,
    address: reserveOf(market, symbol).aToken,
    abi: erc20Abi,
    functionName: 'transfer',
    args: [to, amount],
  })
}

export type OriginLiquidationCallParameters = {
  liquidator: Address
  user: Address
  collateralSymbol: string
  debtSymbol: string
  /** Debt token wei; `maxUint256` for the most allowed. */
  debtToCover: bigint
  receiveAToken?: boolean | undefined
}

export type OriginLiquidationCallEvent = {
  collateralAsset: Address
  debtAsset: Address
  user: Address
  debtToCover: bigint
  liquidatedCollateralAmount: bigint
  liquidator: Address
  receiveAToken: boolean
}

/**
 * Calls `Pool.liquidationCall` and returns the receipt and its decoded `LiquidationCall` event; a revert
 * throws `AaveOriginRevertError` (e.g. `errorName: 'HealthFactorNotBelowThreshold'`). The liquidator must
 * hold and have approved the debt asset (`fund`), so that this is the only transaction (pin its time
 * with `client.setNextBlockTimestamp`).
 */
export async function liquidationCall(
  client: AnvilClient,
  market: AaveOriginMarket,
  parameters: OriginLiquidationCallParameters,
): Promise<{ receipt: TransactionReceipt; event: OriginLiquidationCallEvent }> {
  const { liquidator, user, collateralSymbol, debtSymbol, debtToCover, receiveAToken = false } = parameters
  const receipt = await send(client, market, {
    account: liquidator,
    address: market.pool,
    abi: poolAbi(market),
    functionName: 'liquidationCall',
    args: [
      reserveOf(market, collateralSymbol).underlying,
      reserveOf(market, debtSymbol).underlying,
      user,
      debtToCover,
      receiveAToken,
    ],
  })
  const [event] = parseEventLogs({
    abi: poolAbi(market),
    eventName: 'LiquidationCall',
    logs: receipt.logs,
  }) as unknown as { args: OriginLiquidationCallEvent }[]
  if (!event) throw new Error('No LiquidationCall event')
  return { receipt, event: event.args }
}

/** Pool admin: flags (or unflags) a collateral of an e-mode category as LTV zero (the v3.6 LTV-zero bitmap). */
export async function setAssetLtvzeroInEMode(
  client: AnvilClient,
  market: AaveOriginMarket,
  { symbol, categoryId, ltvzero }: { symbol: string; categoryId: number; ltvzero: boolean },
) {
  return await send(client, market, {
    account: market.admin,
    address: market.poolConfigurator,
    abi: configuratorAbi(market),
    functionName: 'setAssetLtvzeroInEMode',
    args: [reserveOf(market, symbol).underlying, categoryId, ltvzero],
  })
}

/**
 * Pool admin: v3.6 reserve-level LTV zero. `true` parks the LTV in the configurator's pending LTV and
 * sets the reserve's to 0; `false` restores it. Reverts `InvalidLtvzeroState` when nothing changes.
 */
export async function setReserveLtvzero(
  client: AnvilClient,
  market: AaveOriginMarket,
  { symbol, ltvzero }: { symbol: string; ltvzero: boolean },
) {
  return await send(client, market, {
    account: market.admin,
    address: market.poolConfigurator,
    abi: configuratorAbi(market),
    functionName: 'setReserveLtvzero',
    args: [reserveOf(market, symbol).underlying, ltvzero],
  })
}

/** Sets a reserve's oracle answer (USD, 8 decimals) by writing its feed's answer slot: no transaction, no block. */
export async function setPrice(
  client: AnvilClient,
  market: AaveOriginMarket,
  { symbol, priceRaw }: { symbol: string; priceRaw: bigint },
) {
  await setPriceFeedAnswer(client, reserveOf(market, symbol).aggregator, priceRaw)
}

/** Mines one block `seconds` after the latest one; returns its timestamp (unix s). */
export async function warp(client: AnvilClient, { seconds }: { seconds: number }): Promise<bigint> {
  const latest = await client.getBlock({ blockTag: 'latest' })
  const timestamp = latest.timestamp + BigInt(seconds)
  await client.setNextBlockTimestamp({ timestamp })
  await client.mine({ blocks: 1 })
  return timestamp
}

/** The user's underlying token balance (wei). */
export async function balanceOf(
  client: AnvilClient,
  market: AaveOriginMarket,
  { user, symbol }: { user: Address; symbol: string },
) {
  return await client.readContract({
    address: reserveOf(market, symbol).underlying,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [user],
  })
}
