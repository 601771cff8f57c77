/**
 * Snapshot builders for pure tests: reserves at index 1 (scaled balance = balance), USD oracle
 * with 8 decimals, amounts in whole tokens.
 */
import type {
  AaveV3EModeCategory,
  AaveV3Reserve,
  AaveV3RulesVersion,
  AaveV3Snapshot,
} from '../../../../src/engine/aave-v3'

export const RAY_STRING = (10n ** 27n).toString()

export type ReserveFixture = {
  symbol: string
  decimals?: number
  /** USD per token, decimal string with ≤ 8 decimals. */
  priceUsd: string
  ltv?: number
  liquidationThreshold?: number
  liquidationBonus?: number
  liquidationProtocolFee?: number
  eModeCategory?: number
  /** Token wei supplied (scaled at index 1). */
  supplied?: bigint
  /** Token wei of variable debt (scaled at index 1). */
  borrowed?: bigint
  collateralEnabled?: boolean
}

export function reserveFixture(fixture: ReserveFixture, id: number): AaveV3Reserve {
  return {
    underlying: `0x${(id + 1).toString(16).padStart(40, '0')}`,
    symbol: fixture.symbol,
    priceKey: fixture.symbol,
    decimals: fixture.decimals ?? 18,
    id,
    ltv: fixture.ltv ?? 8000,
    liquidationThreshold: fixture.liquidationThreshold ?? 8250,
    liquidationBonus: fixture.liquidationBonus ?? 10500,
    reserveFactor: 1000,
    liquidationProtocolFee: fixture.liquidationProtocolFee ?? 0,
    eModeCategory: fixture.eModeCategory ?? 0,
    active: true,
    frozen: false,
    paused: false,
    borrowingEnabled: true,
    debtCeiling: '0',
    liquidityIndex: RAY_STRING,
    variableBorrowIndex: RAY_STRING,
    currentLiquidityRate: '0',
    currentVariableBorrowRate: '0',
    lastUpdateTimestamp: 0,
    user: {
      scaledATokenBalance: (fixture.supplied ?? 0n).toString(),
      scaledVariableDebt: (fixture.borrowed ?? 0n).toString(),
      principalStableDebt: '0',
      stableBorrowRate: '0',
      stableBorrowLastUpdateTimestamp: 0,
      usageAsCollateralEnabled: fixture.collateralEnabled ?? (fixture.supplied ?? 0n) > 0n,
    },
  }
}

export function snapshotFixture({
  reserves,
  rules = 'v3.0-3.2',
  userEModeCategory = 0,
  eModeCategories = [],
}: {
  reserves: readonly ReserveFixture[]
  rules?: AaveV3RulesVersion
  userEModeCategory?: number
  eModeCategories?: AaveV3EModeCategory[]
}): AaveV3Snapshot {
  return {
    model: 'aave-v3',
    venue: 'aave-v3',
    chainId: 1,
    account: '0x00000000000000000000000000000000000000a1',
    marginAccountId: 'market:test',
    asOfSec: 1_700_000_000,
    prices: Object.fromEntries(
      reserves.map((reserve) => [
        reserve.symbol,
        { priceUsd: reserve.priceUsd, source: 'aave-oracle', timestampSec: 1_700_000_000, class: 'crypto' as const },
      ]),
    ),
    rules,
    pool: '0x00000000000000000000000000000000000000b1',
    oracle: { baseCurrencyUnit: '100000000', baseCurrencyDecimals: 8 },
    userEModeCategory,
    eModeCategories,
    reserves: reserves.map(reserveFixture),
  }
}

/** `amount` whole tokens (a decimal string) in token wei. */
export function wei(amount: string, decimals = 18): bigint {
  const [whole = '0', fraction = ''] = amount.split('.')
  return BigInt(whole + fraction.padEnd(decimals, '0').slice(0, decimals))
}
