/**
 * Node-only: user actions and oracle moves on a market deployed by `deployAaveMarket`.
 * Users are anvil's unlocked dev accounts (JSON-RPC accounts), so no keys are handled here.
 */
import { type Address, type Hash, maxUint256, parseEventLogs, zeroAddress } from 'viem'
import { erc20Abi, poolAbi, poolConfiguratorAbi, sequencerOracleAbi } from './abis'
import { ANVIL_DEPLOYER, type AnvilClient, expectSuccess } from './createAnvilClient'
import type { AaveEModeConfig, AaveMarket, AaveMarketReserve } from './deployAaveMarket'
import type { SequencerSentinel } from './deploySequencerSentinel'
import { setPriceFeedAnswer, setPriceFeedUpdatedAt } from './priceFeed'

/**
 * Gas limit of every action: fixed rather than estimated, because an estimate made against the
 * pending block can fall short once the mined block has a later timestamp (more interest to accrue).
 */
const TX_GAS = 3_000_000n

/** Aave's interest rate modes. */
export const INTEREST_RATE_MODE = { stable: 1n, variable: 2n } as const

export type UserActionParameters = {
  /** Anvil dev account acting. */
  user: Address
  /** Reserve symbol as deployed. */
  symbol: string
  /** Token wei. */
  amount: bigint
}

function reserveOf(market: AaveMarket, symbol: string): AaveMarketReserve {
  const reserve = market.reserves[symbol]
  if (!reserve) throw new Error(`No reserve ${symbol} in the market`)
  return reserve
}

async function write(client: AnvilClient, hashPromise: Promise<Hash>) {
  return await expectSuccess(client, await hashPromise)
}

/** Mints `amount` of the underlying to `user` and approves the Pool for it. */
export async function fund(client: AnvilClient, market: AaveMarket, { user, symbol, amount }: UserActionParameters) {
  const { underlying } = reserveOf(market, symbol)
  const chain = client.chain
  await write(
    client,
    client.writeContract({
      address: underlying,
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
      address: underlying,
      abi: erc20Abi,
      functionName: 'approve',
      args: [market.pool, maxUint256],
      account: user,
      chain,
      gas: TX_GAS,
    }),
  )
}

/** Mints, approves and supplies `amount` for `user` (first supply enables it as collateral when allowed). */
export async function supply(client: AnvilClient, market: AaveMarket, parameters: UserActionParameters) {
  await fund(client, market, parameters)
  const { user, amount } = parameters
  const { underlying } = reserveOf(market, parameters.symbol)
  return await write(
    client,
    client.writeContract({
      address: market.pool,
      abi: poolAbi,
      functionName: 'supply',
      args: [underlying, amount, user, 0],
      account: user,
      chain: client.chain,
      gas: TX_GAS,
    }),
  )
}

export async function borrow(
  client: AnvilClient,
  market: AaveMarket,
  { user, symbol, amount, mode = 'variable' }: UserActionParameters & { mode?: keyof typeof INTEREST_RATE_MODE },
) {
  const { underlying } = reserveOf(market, symbol)
  return await write(
    client,
    client.writeContract({
      address: market.pool,
      abi: poolAbi,
      functionName: 'borrow',
      args: [underlying, amount, INTEREST_RATE_MODE[mode], 0, user],
      account: user,
      chain: client.chain,
      gas: TX_GAS,
    }),
  )
}

/** Repays (the user must hold and have approved the underlying; `maxUint256` repays all). */
export async function repay(
  client: AnvilClient,
  market: AaveMarket,
  { user, symbol, amount, mode = 'variable' }: UserActionParameters & { mode?: keyof typeof INTEREST_RATE_MODE },
) {
  const { underlying } = reserveOf(market, symbol)
  return await write(
    client,
    client.writeContract({
      address: market.pool,
      abi: poolAbi,
      functionName: 'repay',
      args: [underlying, amount, INTEREST_RATE_MODE[mode], user],
      account: user,
      chain: client.chain,
      gas: TX_GAS,
    }),
  )
}

export async function setUserEMode(
  client: AnvilClient,
  market: AaveMarket,
  { user, categoryId }: { user: Address; categoryId: number },
) {
  return await write(
    client,
    client.writeContract({
      address: market.pool,
      abi: poolAbi,
      functionName: 'setUserEMode',
      args: [categoryId],
      account: user,
      chain: client.chain,
      gas: TX_GAS,
    }),
  )
}

export async function setUseReserveAsCollateral(
  client: AnvilClient,
  market: AaveMarket,
  { user, symbol, enabled }: { user: Address; symbol: string; enabled: boolean },
) {
  const { underlying } = reserveOf(market, symbol)
  return await write(
    client,
    client.writeContract({
      address: market.pool,
      abi: poolAbi,
      functionName: 'setUserUseReserveAsCollateral',
      args: [underlying, enabled],
      account: user,
      chain: client.chain,
      gas: TX_GAS,
    }),
  )
}

/**
 * Sets the oracle answer of a reserve (USD, 8 decimals) by writing its feed's answer slot: no
 * transaction, no block. Zero or negative makes the AaveOracle ask its fallback oracle, which the
 * sandbox does not have: `getAssetPrice` of that reserve then reverts.
 */
export async function setPrice(
  client: AnvilClient,
  market: AaveMarket,
  { symbol, priceRaw }: { symbol: string; priceRaw: bigint },
) {
  await setPriceFeedAnswer(client, reserveOf(market, symbol).aggregator, priceRaw)
}

/** Freezes a reserve's feed: `latestRoundData().updatedAt` stays `updatedAtSec` (a stale feed). No block. */
export async function freezeFeed(
  client: AnvilClient,
  market: AaveMarket,
  { symbol, updatedAtSec }: { symbol: string; updatedAtSec: number },
) {
  if (!Number.isSafeInteger(updatedAtSec) || updatedAtSec <= 0) throw new Error('updatedAtSec must be > 0')
  await setPriceFeedUpdatedAt(client, reserveOf(market, symbol).aggregator, updatedAtSec)
}

/** Makes a frozen feed live again: its `updatedAt` follows the block timestamp. No block. */
export async function unfreezeFeed(client: AnvilClient, market: AaveMarket, { symbol }: { symbol: string }) {
  await setPriceFeedUpdatedAt(client, reserveOf(market, symbol).aggregator, 0)
}

/**
 * Sets the L2 sequencer status on a chain with a `SequencerOracle` (`deploySequencerSentinel`):
 * `up`, and since when (unix seconds; the PriceOracleSentinel's grace period runs from it). One
 * transaction from the oracle's owner.
 */
export async function setSequencer(
  client: AnvilClient,
  sequencer: Pick<SequencerSentinel, 'sequencerOracle'>,
  { up, sinceSec }: { up: boolean; sinceSec: number },
) {
  return await write(
    client,
    client.writeContract({
      address: sequencer.sequencerOracle,
      abi: sequencerOracleAbi,
      functionName: 'setAnswer',
      args: [!up, BigInt(sinceSec)],
      account: ANVIL_DEPLOYER,
      chain: client.chain,
      gas: TX_GAS,
    }),
  )
}

export type LiquidationCallParameters = {
  liquidator: Address
  user: Address
  collateralSymbol: string
  debtSymbol: string
  /** Debt token wei; `maxUint256` for the most allowed. */
  debtToCover: bigint
  receiveAToken?: boolean | undefined
}

/**
 * Calls `Pool.liquidationCall` and returns its event. The liquidator must hold and have approved
 * the debt asset (`fund`), so that this is the only transaction (pin its time with
 * `client.setNextBlockTimestamp`).
 */
export async function liquidationCall(client: AnvilClient, market: AaveMarket, parameters: LiquidationCallParameters) {
  const { liquidator, user, collateralSymbol, debtSymbol, debtToCover, receiveAToken = false } = parameters
  const collateral = reserveOf(market, collateralSymbol)
  const debt = reserveOf(market, debtSymbol)
  const receipt = await write(
    client,
    client.writeContract({
      address: market.pool,
      abi: poolAbi,
      functionName: 'liquidationCall',
      args: [collateral.underlying, debt.underlying, user, debtToCover, receiveAToken],
      account: liquidator,
      chain: client.chain,
      gas: TX_GAS,
    }),
  )
  const [event] = parseEventLogs({ abi: poolAbi, eventName: 'LiquidationCall', logs: receipt.logs })
  if (!event) throw new Error('No LiquidationCall event')
  return { receipt, event: event.args }
}

/** Pool admin: sets a reserve's LTV, liquidation threshold and bonus (bps), e.g. LTV 0 to freeze borrowing power. */
export async function configureReserveAsCollateral(
  client: AnvilClient,
  market: AaveMarket,
  {
    symbol,
    ltv,
    liquidationThreshold,
    liquidationBonus,
  }: { symbol: string; ltv: number; liquidationThreshold: number; liquidationBonus: number },
) {
  const { underlying } = reserveOf(market, symbol)
  return await write(
    client,
    client.writeContract({
      address: market.poolConfigurator,
      abi: poolConfiguratorAbi,
      functionName: 'configureReserveAsCollateral',
      args: [underlying, BigInt(ltv), BigInt(liquidationThreshold), BigInt(liquidationBonus)],
      account: market.admin,
      chain: client.chain,
      gas: TX_GAS,
    }),
  )
}

/** Pool admin: (re)defines an e-mode category, e.g. to lower its threshold under existing positions. */
export async function configureEModeCategory(client: AnvilClient, market: AaveMarket, category: AaveEModeConfig) {
  const source = category.priceSource === undefined ? zeroAddress : reserveOf(market, category.priceSource).underlying
  return await write(
    client,
    client.writeContract({
      address: market.poolConfigurator,
      abi: poolConfiguratorAbi,
      functionName: 'setEModeCategory',
      args: [
        category.id,
        category.ltv,
        category.liquidationThreshold,
        category.liquidationBonus,
        source,
        category.label,
      ],
      account: market.admin,
      chain: client.chain,
      gas: TX_GAS,
    }),
  )
}
