/**
 * Node-only: reads everything the v3.6 margin rules need for one user of a market deployed by
 * `deployAaveOriginMarket`, as raw on-chain integers (bigint), every call pinned to ONE block. It reads
 * the contracts directly (compiled ABIs), not through src/protocols, so it can check an adapter's reads
 * rather than repeat them. The Pool's own `getUserAccountData`, `getReserveNormalizedIncome` and
 * `getReserveNormalizedVariableDebt` at the same block come along, to compare the engine against.
 *
 * Names follow the v3.6 IPool: `getEModeCategoryCollateralConfig`, `getEModeCategoryCollateralBitmap`,
 * `getEModeCategoryBorrowableBitmap`, `getEModeCategoryLtvzeroBitmap`, `getReserveDeficit`,
 * `getLiquidationGracePeriod`, `getVirtualUnderlyingBalance`; `POOL_REVISION` is 10 on v3.6.
 *
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.6.0/src/contracts/interfaces/IPool.sol
 */
import type { Abi, Address } from 'viem'
import type { AnvilClient } from '../aave/createAnvilClient'
import type { AaveOriginMarket } from './deployAaveOriginMarket'

export type AaveOriginUserReserve = {
  /** `AToken.scaledBalanceOf(user)`, token wei ÷ liquidity index. */
  scaledATokenBalance: bigint
  /** `VariableDebtToken.scaledBalanceOf(user)`, token wei ÷ variable borrow index. */
  scaledVariableDebt: bigint
  /** Bit `2·id + 1` of `getUserConfiguration(user)`. */
  usageAsCollateralEnabled: boolean
  /** Bit `2·id` of `getUserConfiguration(user)`. */
  borrowing: boolean
}

export type AaveOriginReserveState = {
  /** Position in `getReservesList()`: the bit of the reserve in user and e-mode bitmaps. */
  id: number
  underlying: Address
  /** The market's symbol for it (`market.reserves` key). */
  symbol: string
  decimals: number
  aToken: Address
  variableDebtToken: Address
  /** `getConfiguration(asset).data`: the whole reserve configuration bitmap (decode with the adapter's decoder). */
  configuration: bigint
  /** `PoolConfigurator.getPendingLtv(asset)`: the LTV parked by `setReserveLtvzero` / a freeze (0 = none). */
  pendingLtv: bigint
  /** Ray. */
  liquidityIndex: bigint
  variableBorrowIndex: bigint
  /** Ray per year. */
  currentLiquidityRate: bigint
  currentVariableBorrowRate: bigint
  /** Unix seconds. */
  lastUpdateTimestamp: number
  /** Scaled (÷ liquidity index), token wei. */
  accruedToTreasury: bigint
  isolationModeTotalDebt: bigint
  /** `getVirtualUnderlyingBalance(asset)`, token wei. */
  virtualUnderlyingBalance: bigint
  /** `getReserveDeficit(asset)`: bad debt written off and not yet covered, token wei. */
  deficit: bigint
  /** `getLiquidationGracePeriod(asset)`, unix seconds (0 = none). */
  liquidationGracePeriodUntil: number
  /** `AaveOracle.getAssetPrice(asset)`, base currency units (USD, 8 decimals). */
  priceRaw: bigint
  /** The Pool's own `getReserveNormalizedIncome` / `getReserveNormalizedVariableDebt` at the block (ray). */
  normalizedIncome: bigint
  normalizedVariableDebt: bigint
  user: AaveOriginUserReserve
}

export type AaveOriginEModeCategoryState = {
  id: number
  label: string
  /** Bps (`getEModeCategoryCollateralConfig`). */
  ltv: number
  liquidationThreshold: number
  liquidationBonus: number
  /** Bitmaps over reserve ids. */
  collateralBitmap: bigint
  borrowableBitmap: bigint
  /** v3.6: collateral of the category whose LTV is 0 in it (the liquidation threshold still applies). */
  ltvzeroBitmap: bigint
}

export type AaveOriginUserAccountData = {
  totalCollateralBase: bigint
  totalDebtBase: bigint
  availableBorrowsBase: bigint
  /** Bps. */
  currentLiquidationThreshold: bigint
  /** Bps. */
  ltv: bigint
  /** Wad; `maxUint256` without debt. */
  healthFactor: bigint
}

export type AaveOriginSnapshot = {
  blockNumber: bigint
  /** Unix seconds of the block: the time the on-chain figures are computed at. */
  timestamp: bigint
  pool: Address
  /** `PoolInstance.POOL_REVISION()` (10 on v3.6). */
  poolRevision: bigint
  oracle: Address
  /** `AaveOracle.BASE_CURRENCY_UNIT()`. */
  baseCurrencyUnit: bigint
  user: Address
  /** `getUserEMode(user)`; 0 = none. */
  userEModeCategory: number
  /** `getUserConfiguration(user).data`. */
  userConfiguration: bigint
  reserves: AaveOriginReserveState[]
  /** Every category with a non-zero liquidation threshold among those read. */
  eModeCategories: AaveOriginEModeCategoryState[]
  /** The Pool's answer at the same block. */
  userAccountData: AaveOriginUserAccountData
}

export type ReadAaveOriginSnapshotParameters = {
  user: Address
  /** Default: the latest block. */
  blockNumber?: bigint | undefined
  /** Category ids to read; default every id 1..255 (empty ones are left out). */
  eModeCategoryIds?: readonly number[] | undefined
}

const tokenAbi = [
  {
    type: 'function',
    name: 'scaledBalanceOf',
    stateMutability: 'view',
    inputs: [{ name: 'user', type: 'address' }],
    outputs: [{ name: '', type: 'uint256' }],
  },
] as const satisfies Abi

/**
 * The user's raw state at one block.
 * @example
 * const snapshot = await readAaveOriginSnapshot(client, market, { user })
 * snapshot.userAccountData.healthFactor // the Pool's answer, to compare the engine with
 */
export async function readAaveOriginSnapshot(
  client: AnvilClient,
  market: AaveOriginMarket,
  { user, blockNumber: at, eModeCategoryIds }: ReadAaveOriginSnapshotParameters,
): Promise<AaveOriginSnapshot> {
  const block =
    at === undefined ? await client.getBlock({ blockTag: 'latest' }) : await client.getBlock({ blockNumber: at })
  const blockNumber = block.number
  const { contracts } = market.artifacts
  const poolAbi = contracts.PoolInstance.abi
  const read = async <T>(address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []) =>
    (await client.readContract({ address, abi, functionName, args, blockNumber })) as T
  const pool = <T>(functionName: string, args: readonly unknown[] = []) =>
    read<T>(market.pool, poolAbi, functionName, args)

  const symbols = new Map(Object.values(market.reserves).map((r) => [r.underlying.toLowerCase(), r]))
  const [list, poolRevision, baseCurrencyUnit, userEModeCategory, userConfiguration, accountData] = await Promise.all([
    pool<readonly Address[]>('getReservesList'),
    pool<bigint>('POOL_REVISION'),
    read<bigint>(market.oracle, contracts.AaveOracle.abi, 'BASE_CURRENCY_UNIT'),
    pool<bigint>('getUserEMode', [user]),
    pool<{ data: bigint }>('getUserConfiguration', [user]),
    pool<readonly [bigint, bigint, bigint, bigint, bigint, bigint]>('getUserAccountData', [user]),
  ])

  const reserves = await Promise.all(
    list.map(async (underlying, id): Promise<AaveOriginReserveState> => {
      const known = symbols.get(underlying.toLowerCase())
      if (!known) throw new Error(`Reserve ${underlying} is not in the market object`)
      const [
        data,
        virtualUnderlyingBalance,
        deficit,
        gracePeriod,
        priceRaw,
        income,
        debt,
        pendingLtv,
        scaledA,
        scaledV,
      ] = await Promise.all([
        pool<{
          configuration: { data: bigint }
          liquidityIndex: bigint
          currentLiquidityRate: bigint
          variableBorrowIndex: bigint
          currentVariableBorrowRate: bigint
          lastUpdateTimestamp: number
          id: number
          aTokenAddress: Address
          variableDebtTokenAddress: Address
          accruedToTreasury: bigint
          isolationModeTotalDebt: bigint
        }>('getReserveData', [underlying]),
        pool<bigint>('getVirtualUnderlyingBalance', [underlying]),
        pool<bigint>('getReserveDeficit', [underlying]),
        pool<number>('getLiquidationGracePeriod', [underlying]),
        read<bigint>(market.oracle, contracts.AaveOracle.abi, 'getAssetPrice', [underlying]),
        pool<bigint>('getReserveNormalizedIncome', [underlying]),
        pool<bigint>('getReserveNormalizedVariableDebt', [underlying]),
        read<bigint>(market.poolConfigurator, contracts.PoolConfiguratorInstance.abi, 'getPendingLtv', [underlying]),
        read<bigint>(known.aToken, tokenAbi, 'scaledBalanceOf', [user]),
        read<bigint>(known.variableDebtToken, tokenAbi, 'scaledBalanceOf', [user]),
      ])
      if (data.id !== id) throw new Error(`Reserve ${known.symbol} has id ${data.id} but list position ${id}`)
      return {
        id,
        underlying,
        symbol: known.symbol,
        decimals: known.decimals,
        aToken: data.aTokenAddress,
        variableDebtToken: data.variableDebtTokenAddress,
        configuration: data.configuration.data,
        pendingLtv,
        liquidityIndex: data.liquidityIndex,
        variableBorrowIndex: data.variableBorrowIndex,
        currentLiquidityRate: data.currentLiquidityRate,
        currentVariableBorrowRate: data.currentVariableBorrowRate,
        lastUpdateTimestamp: Number(data.lastUpdateTimestamp),
        accruedToTreasury: data.accruedToTreasury,
        isolationModeTotalDebt: data.isolationModeTotalDebt,
        virtualUnderlyingBalance,
        deficit,
        liquidationGracePeriodUntil: Number(gracePeriod),
        priceRaw,
        normalizedIncome: income,
        normalizedVariableDebt: debt,
        user: {
          scaledATokenBalance: scaledA,
          scaledVariableDebt: scaledV,
          borrowing: ((userConfiguration.data >> BigInt(2 * id)) & 1n) === 1n,
          usageAsCollateralEnabled: ((userConfiguration.data >> BigInt(2 * id + 1)) & 1n) === 1n,
        },
      }
    }),
  )

  const ids = eModeCategoryIds ?? Array.from({ length: 255 }, (_, i) => i + 1)
  const categories = await Promise.all(
    ids.map(async (id): Promise<AaveOriginEModeCategoryState | undefined> => {
      const config = await pool<{ ltv: number; liquidationThreshold: number; liquidationBonus: number }>(
        'getEModeCategoryCollateralConfig',
        [id],
      )
      if (config.liquidationThreshold === 0) return undefined
      const [label, collateralBitmap, borrowableBitmap, ltvzeroBitmap] = await Promise.all([
        pool<string>('getEModeCategoryLabel', [id]),
        pool<bigint>('getEModeCategoryCollateralBitmap', [id]),
        pool<bigint>('getEModeCategoryBorrowableBitmap', [id]),
        pool<bigint>('getEModeCategoryLtvzeroBitmap', [id]),
      ])
      return {
        id,
        label,
        ltv: config.ltv,
        liquidationThreshold: config.liquidationThreshold,
        liquidationBonus: config.liquidationBonus,
        collateralBitmap,
        borrowableBitmap,
        ltvzeroBitmap,
      }
    }),
  )

  const [totalCollateralBase, totalDebtBase, availableBorrowsBase, currentLiquidationThreshold, ltv, healthFactor] =
    accountData
  return {
    blockNumber,
    timestamp: block.timestamp,
    pool: market.pool,
    poolRevision,
    oracle: market.oracle,
    baseCurrencyUnit,
    user,
    userEModeCategory: Number(userEModeCategory),
    userConfiguration: userConfiguration.data,
    reserves,
    eModeCategories: categories.filter((c) => c !== undefined),
    userAccountData: {
      totalCollateralBase,
      totalDebtBase,
      availableBorrowsBase,
      currentLiquidationThreshold,
      ltv,
      healthFactor,
    },
  }
}
