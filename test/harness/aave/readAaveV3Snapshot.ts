/**
 * Reads an `AaveV3Snapshot` of one user from a v3.0 Pool, pinned to one block: a few batched
 * rounds of view calls (each round one multicall), then a pure decode. This is the shape the
 * production adapter takes (plan calls, decode raw results); it knows nothing about deployment.
 */
import type { Address, PublicClient } from 'viem'
import type {
  AaveV3EModeCategory,
  AaveV3Reserve,
  AaveV3RulesVersion,
  AaveV3Snapshot,
} from '../../../src/engine/aave-v3'
import { fromRaw, toDecimalString } from '../../../src/engine/decimal'
import type { PriceClass } from '../../../src/engine/types'
import { addressesProviderAbi, erc20Abi, oracleAbi, poolAbi, scaledTokenAbi, stableDebtTokenAbi } from './abis'
import { decodeReserveConfiguration } from './decodeReserveConfiguration'

export type ReadAaveV3SnapshotParameters = {
  addressesProvider: Address
  user: Address
  /** Default: the latest block. */
  blockNumber?: bigint | undefined
  /** Default `v3.0-3.2` (the @aave/core-v3 contracts). */
  rules?: AaveV3RulesVersion | undefined
  /** Names the margin account, e.g. `Core` → `market:Core`. Default: the Pool address. */
  marketName?: string | undefined
  /** Symbols priced as USD-pegged (`stable`) rather than `crypto`. */
  stableSymbols?: readonly string[] | undefined
  /** Use a deployless multicall (chains without Multicall3, e.g. a bare anvil). */
  deployless?: boolean | undefined
}

type ReserveDataRaw = {
  configuration: { data: bigint }
  liquidityIndex: bigint
  currentLiquidityRate: bigint
  variableBorrowIndex: bigint
  currentVariableBorrowRate: bigint
  lastUpdateTimestamp: number
  id: number
  aTokenAddress: Address
  stableDebtTokenAddress: Address
  variableDebtTokenAddress: Address
}

type EModeCategoryRaw = {
  ltv: number
  liquidationThreshold: number
  liquidationBonus: number
  priceSource: Address
  label: string
}

/** Everything the Pool, its tokens and its oracle answered, at one block. */
export type AaveV3RawRead = {
  chainId: number
  blockNumber: bigint
  blockTimestamp: bigint
  pool: Address
  user: Address
  baseCurrencyUnit: bigint
  userEModeCategory: bigint
  reserves: readonly {
    underlying: Address
    symbol: string
    priceRaw: bigint
    data: ReserveDataRaw
    scaledATokenBalance: bigint
    scaledVariableDebt: bigint
    principalStableDebt: bigint
    stableBorrowRate: bigint
    stableBorrowLastUpdateTimestamp: number
    usageAsCollateralEnabled: boolean
  }[]
  eModeCategories: readonly { id: number; data: EModeCategoryRaw; priceSourcePriceRaw: bigint }[]
}

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'

/**
 * @example
 * const snapshot = await readAaveV3Snapshot(client, { addressesProvider, user, deployless: true })
 * computeUserAccountData({ snapshot, nowSec: snapshot.asOfSec })
 */
export async function readAaveV3Snapshot(
  client: PublicClient,
  {
    addressesProvider,
    user,
    blockNumber,
    rules = 'v3.0-3.2',
    marketName,
    stableSymbols = [],
    deployless = false,
  }: ReadAaveV3SnapshotParameters,
): Promise<AaveV3Snapshot> {
  const block = await client.getBlock(blockNumber === undefined ? {} : { blockNumber })
  const at = { blockNumber: block.number, allowFailure: false, deployless } as const
  const chainId = client.chain?.id ?? (await client.getChainId())

  const [pool, oracle] = await client.multicall({
    ...at,
    contracts: [
      { address: addressesProvider, abi: addressesProviderAbi, functionName: 'getPool' },
      { address: addressesProvider, abi: addressesProviderAbi, functionName: 'getPriceOracle' },
    ],
  })
  const [reservesList, userEModeCategory, { data: userConfig }, baseCurrencyUnit] = await client.multicall({
    ...at,
    contracts: [
      { address: pool, abi: poolAbi, functionName: 'getReservesList' },
      { address: pool, abi: poolAbi, functionName: 'getUserEMode', args: [user] },
      { address: pool, abi: poolAbi, functionName: 'getUserConfiguration', args: [user] },
      { address: oracle, abi: oracleAbi, functionName: 'BASE_CURRENCY_UNIT' },
    ],
  })
  const perReserve = await client.multicall({
    ...at,
    contracts: reservesList.flatMap((asset) => [
      { address: pool, abi: poolAbi, functionName: 'getReserveData', args: [asset] } as const,
      { address: asset, abi: erc20Abi, functionName: 'symbol' } as const,
      { address: oracle, abi: oracleAbi, functionName: 'getAssetPrice', args: [asset] } as const,
    ]),
  })
  const reserveData = reservesList.map((_, i) => perReserve[i * 3] as ReserveDataRaw)

  const userCalls = reserveData.flatMap((data) => [
    { address: data.aTokenAddress, abi: scaledTokenAbi, functionName: 'scaledBalanceOf', args: [user] } as const,
    {
      address: data.variableDebtTokenAddress,
      abi: scaledTokenAbi,
      functionName: 'scaledBalanceOf',
      args: [user],
    } as const,
    {
      address: data.stableDebtTokenAddress,
      abi: stableDebtTokenAbi,
      functionName: 'principalBalanceOf',
      args: [user],
    } as const,
    {
      address: data.stableDebtTokenAddress,
      abi: stableDebtTokenAbi,
      functionName: 'getUserStableRate',
      args: [user],
    } as const,
    {
      address: data.stableDebtTokenAddress,
      abi: stableDebtTokenAbi,
      functionName: 'getUserLastUpdated',
      args: [user],
    } as const,
  ])
  const categoryIds = [
    ...new Set([
      Number(userEModeCategory),
      ...reserveData.map((data) => decodeReserveConfiguration(data.configuration.data).eModeCategory),
    ]),
  ].filter((id) => id !== 0)
  const [categoryData, userValues] = await Promise.all([
    client.multicall({
      ...at,
      contracts: categoryIds.map(
        (id) => ({ address: pool, abi: poolAbi, functionName: 'getEModeCategoryData', args: [id] }) as const,
      ),
    }),
    client.multicall({ ...at, contracts: userCalls }) as Promise<readonly (bigint | number)[]>,
  ])
  const sourcePrices = await client.multicall({
    ...at,
    contracts: categoryData.map((data) => ({
      address: oracle,
      abi: oracleAbi,
      functionName: 'getAssetPrice',
      args: [data.priceSource === ZERO_ADDRESS ? (reservesList[0] ?? ZERO_ADDRESS) : data.priceSource],
    })),
  })

  return decodeAaveV3Snapshot(
    {
      chainId,
      blockNumber: block.number,
      blockTimestamp: block.timestamp,
      pool,
      user,
      baseCurrencyUnit,
      userEModeCategory,
      reserves: reservesList.map((underlying, i) => {
        const data = reserveData[i] as ReserveDataRaw
        const value = (k: number) => userValues[i * 5 + k] as bigint
        return {
          underlying,
          symbol: perReserve[i * 3 + 1] as string,
          priceRaw: perReserve[i * 3 + 2] as bigint,
          data,
          scaledATokenBalance: value(0),
          scaledVariableDebt: value(1),
          principalStableDebt: value(2),
          stableBorrowRate: value(3),
          stableBorrowLastUpdateTimestamp: Number(userValues[i * 5 + 4]),
          usageAsCollateralEnabled: ((userConfig >> BigInt(data.id * 2 + 1)) & 1n) === 1n,
        }
      }),
      eModeCategories: categoryIds.map((id, i) => ({
        id,
        data: categoryData[i] as EModeCategoryRaw,
        priceSourcePriceRaw: sourcePrices[i] as bigint,
      })),
    },
    { rules, marketName, stableSymbols },
  )
}

export type DecodeAaveV3SnapshotOptions = {
  rules: AaveV3RulesVersion
  marketName?: string | undefined
  stableSymbols?: readonly string[] | undefined
}

/**
 * Pure: raw reads -> snapshot. Price keys are reserve symbols (the address when a symbol repeats);
 * `priceUsd = priceRaw / baseCurrencyUnit` exactly.
 */
export function decodeAaveV3Snapshot(
  raw: AaveV3RawRead,
  { rules, marketName, stableSymbols = [] }: DecodeAaveV3SnapshotOptions,
): AaveV3Snapshot {
  const unitDigits = raw.baseCurrencyUnit.toString()
  if (!/^10*$/.test(unitDigits)) throw new Error(`Base currency unit ${unitDigits} is not a power of 10`)
  const baseCurrencyDecimals = unitDigits.length - 1
  const asOfSec = Number(raw.blockTimestamp)
  const symbolCount = new Map<string, number>()
  for (const reserve of raw.reserves) symbolCount.set(reserve.symbol, (symbolCount.get(reserve.symbol) ?? 0) + 1)
  const keyOf = new Map<string, string>()
  for (const reserve of raw.reserves) {
    keyOf.set(
      reserve.underlying.toLowerCase(),
      symbolCount.get(reserve.symbol) === 1 ? reserve.symbol : reserve.underlying,
    )
  }

  const prices: AaveV3Snapshot['prices'] = {}
  const quote = (priceRaw: bigint, priceClass: PriceClass) => ({
    priceUsd: toDecimalString(fromRaw(priceRaw, baseCurrencyDecimals)),
    source: 'aave-oracle',
    timestampSec: asOfSec,
    class: priceClass,
  })

  const reserves: AaveV3Reserve[] = raw.reserves.map((reserve) => {
    const config = decodeReserveConfiguration(reserve.data.configuration.data)
    const priceKey = keyOf.get(reserve.underlying.toLowerCase()) as string
    prices[priceKey] = quote(reserve.priceRaw, stableSymbols.includes(reserve.symbol) ? 'stable' : 'crypto')
    return {
      underlying: reserve.underlying,
      symbol: reserve.symbol,
      priceKey,
      decimals: config.decimals,
      id: reserve.data.id,
      ltv: config.ltv,
      liquidationThreshold: config.liquidationThreshold,
      liquidationBonus: config.liquidationBonus,
      reserveFactor: config.reserveFactor,
      liquidationProtocolFee: config.liquidationProtocolFee,
      eModeCategory: config.eModeCategory,
      active: config.active,
      frozen: config.frozen,
      paused: config.paused,
      borrowingEnabled: config.borrowingEnabled,
      debtCeiling: config.debtCeiling.toString(),
      liquidityIndex: reserve.data.liquidityIndex.toString(),
      variableBorrowIndex: reserve.data.variableBorrowIndex.toString(),
      currentLiquidityRate: reserve.data.currentLiquidityRate.toString(),
      currentVariableBorrowRate: reserve.data.currentVariableBorrowRate.toString(),
      lastUpdateTimestamp: reserve.data.lastUpdateTimestamp,
      user: {
        scaledATokenBalance: reserve.scaledATokenBalance.toString(),
        scaledVariableDebt: reserve.scaledVariableDebt.toString(),
        principalStableDebt: reserve.principalStableDebt.toString(),
        stableBorrowRate: reserve.stableBorrowRate.toString(),
        stableBorrowLastUpdateTimestamp: reserve.stableBorrowLastUpdateTimestamp,
        usageAsCollateralEnabled: reserve.usageAsCollateralEnabled,
      },
    }
  })

  const eModeCategories: AaveV3EModeCategory[] = raw.eModeCategories.map(({ id, data, priceSourcePriceRaw }) => {
    const category: AaveV3EModeCategory = {
      id,
      label: data.label,
      ltv: data.ltv,
      liquidationThreshold: data.liquidationThreshold,
      liquidationBonus: data.liquidationBonus,
    }
    if (data.priceSource !== ZERO_ADDRESS) {
      const priceKey = keyOf.get(data.priceSource.toLowerCase()) ?? data.priceSource
      if (!prices[priceKey]) prices[priceKey] = quote(priceSourcePriceRaw, 'crypto')
      category.priceSource = data.priceSource
      category.priceKey = priceKey
    }
    return category
  })

  return {
    model: 'aave-v3',
    venue: 'aave-v3',
    chainId: raw.chainId,
    account: raw.user,
    marginAccountId: `market:${marketName ?? raw.pool}`,
    asOfSec,
    blockNumber: raw.blockNumber.toString(),
    prices,
    rules,
    pool: raw.pool,
    oracle: { baseCurrencyUnit: unitDigits, baseCurrencyDecimals },
    userEModeCategory: Number(raw.userEModeCategory),
    eModeCategories,
    reserves,
  }
}
