/**
 * An Aave account over 10 reserves (interest accrued since the last update): Solvent's
 * computeUserAccountData / evaluateAaveV3 against @aave/math-utils formatReserves +
 * formatUserSummary on the same data. Registers benches only; `test/bench/run.ts` runs them.
 * At import it checks that both give the same health factor (to math-utils' decimal rounding).
 */
import { formatReserves, formatUserSummary } from '@aave/math-utils'
import { bench, group, summary } from 'mitata'
import { computeOraclePriceRaw, computeUserAccountData, evaluateAaveV3 } from '../../src/engine/aave-v3'
import { D, fromRaw } from '../../src/engine/decimal'
import { snapshotFixture } from '../unit/engine/aave-v3/fixtures'

const NOW = 1_700_000_000 + 30 * 24 * 3600
const RAY = 10n ** 27n

/** 10 reserves: 6 collateral (6/8/18 decimals), 4 debts; indexes and rates away from 1 and 0. */
const assets = [
  {
    symbol: 'WETH',
    decimals: 18,
    priceUsd: '3012.45678901',
    supplied: 12n * 10n ** 18n,
    ltv: 8000,
    liquidationThreshold: 8250,
  },
  {
    symbol: 'WSTETH',
    decimals: 18,
    priceUsd: '3512.1',
    supplied: 3n * 10n ** 18n,
    ltv: 7000,
    liquidationThreshold: 7500,
  },
  { symbol: 'WBTC', decimals: 8, priceUsd: '61234.5', supplied: 45_000_000n, ltv: 7000, liquidationThreshold: 7500 },
  {
    symbol: 'LINK',
    decimals: 18,
    priceUsd: '15.123',
    supplied: 2_000n * 10n ** 18n,
    ltv: 5000,
    liquidationThreshold: 6500,
  },
  {
    symbol: 'AAVE',
    decimals: 18,
    priceUsd: '95.5',
    supplied: 300n * 10n ** 18n,
    ltv: 6600,
    liquidationThreshold: 7300,
  },
  { symbol: 'EURS', decimals: 2, priceUsd: '1.08', supplied: 1_000_000n, ltv: 7500, liquidationThreshold: 8000 },
  { symbol: 'USDC', decimals: 6, priceUsd: '1', borrowed: 20_000n * 10n ** 6n },
  { symbol: 'USDT', decimals: 6, priceUsd: '0.9998', borrowed: 9_000n * 10n ** 6n },
  { symbol: 'DAI', decimals: 18, priceUsd: '0.99985', borrowed: 7_000n * 10n ** 18n },
  { symbol: 'GHO', decimals: 18, priceUsd: '1', borrowed: 5_000n * 10n ** 18n },
] as const

const snapshot = snapshotFixture({ reserves: assets })
snapshot.reserves.forEach((reserve, i) => {
  reserve.liquidityIndex = (RAY + RAY / BigInt(40 + i)).toString()
  reserve.variableBorrowIndex = (RAY + RAY / BigInt(20 + i)).toString()
  reserve.currentLiquidityRate = ((RAY * BigInt(2 + i)) / 100n).toString()
  reserve.currentVariableBorrowRate = ((RAY * BigInt(4 + i)) / 100n).toString()
  reserve.lastUpdateTimestamp = snapshot.asOfSec
})

/** The same reserves in the shape @aave/math-utils reads (UiPoolDataProvider's output). */
const mathUtilsReserves = snapshot.reserves.map((reserve) => ({
  originalId: reserve.id,
  id: reserve.underlying,
  symbol: reserve.symbol,
  name: reserve.symbol,
  decimals: reserve.decimals,
  underlyingAsset: reserve.underlying,
  usageAsCollateralEnabled: reserve.ltv !== 0,
  reserveFactor: String(reserve.reserveFactor),
  baseLTVasCollateral: String(reserve.ltv),
  reserveLiquidationThreshold: String(reserve.liquidationThreshold),
  reserveLiquidationBonus: String(reserve.liquidationBonus),
  liquidityIndex: reserve.liquidityIndex,
  variableBorrowIndex: reserve.variableBorrowIndex,
  liquidityRate: reserve.currentLiquidityRate,
  variableBorrowRate: reserve.currentVariableBorrowRate,
  lastUpdateTimestamp: reserve.lastUpdateTimestamp,
  availableLiquidity: (10n ** BigInt(reserve.decimals + 7)).toString(),
  totalScaledVariableDebt: (10n ** BigInt(reserve.decimals + 6)).toString(),
  borrowCap: '0',
  supplyCap: '0',
  debtCeiling: '0',
  debtCeilingDecimals: 2,
  isolationModeTotalDebt: '0',
  virtualUnderlyingBalance: '0',
  deficit: '0',
  priceInMarketReferenceCurrency: computeOraclePriceRaw({ snapshot, priceKey: reserve.priceKey }).toString(),
}))
const mathUtilsUserReserves = snapshot.reserves.map((reserve) => ({
  underlyingAsset: reserve.underlying,
  scaledATokenBalance: reserve.user.scaledATokenBalance,
  usageAsCollateralEnabledOnUser: reserve.user.usageAsCollateralEnabled,
  scaledVariableDebt: reserve.user.scaledVariableDebt,
}))

function mathUtilsSummary() {
  const formattedReserves = formatReserves({
    reserves: mathUtilsReserves,
    currentTimestamp: NOW,
    marketReferencePriceInUsd: '100000000',
    marketReferenceCurrencyDecimals: 8,
  })
  return formatUserSummary({
    currentTimestamp: NOW,
    marketReferencePriceInUsd: '100000000',
    marketReferenceCurrencyDecimals: 8,
    userReserves: mathUtilsUserReserves,
    formattedReserves,
    userEmodeCategoryId: 0,
  })
}

// Same account, same answer. The Pool floors the weighted liquidation threshold to whole bps
// before the health factor; math-utils keeps its decimals, so it may read up to 1 bps of the
// threshold higher (and per-reserve values 1e-8 USD higher). Anything more is a real difference.
const account = computeUserAccountData({ snapshot, nowSec: NOW })
const ours = fromRaw(account.healthFactor, 18)
const theirs = new D(mathUtilsSummary().healthFactor)
const allowed = theirs.div(account.currentLiquidationThreshold.toString()).add('1e-12')
if (theirs.sub(ours).lt('-1e-12') || theirs.sub(ours).gt(allowed)) {
  throw new Error(`aave-v3 bench: health factors differ: Solvent ${ours.toFixed()} vs math-utils ${theirs.toFixed()}`)
}
console.log(
  `aave-v3: same account, health factors Solvent ${ours.toFixed(18)} (= the Pool, to the wei), math-utils ${theirs.toFixed(18)}: agree within the 1 bps of threshold the Pool floors and math-utils keeps`,
)

// The same balances under the v3.6 rules (v3.4 interest, v3.5 rounding, v3.6 e-mode): what the
// production markets run. The switches must not cost the engine its lead.
const snapshot36 = { ...snapshot, rules: 'v3.6' as const }
const account36 = computeUserAccountData({ snapshot: snapshot36, nowSec: NOW })
console.log(
  `aave-v3: same balances, health factor v3.2 rules ${fromRaw(account.healthFactor, 18).toFixed(18)}, v3.6 rules ${fromRaw(account36.healthFactor, 18).toFixed(18)}`,
)

group('aave-v3: 10-reserve account', () => {
  summary(() => {
    bench('solvent computeUserAccountData (v3.0-3.2 rules)', () => computeUserAccountData({ snapshot, nowSec: NOW }))
    bench('solvent computeUserAccountData (v3.6 rules)', () =>
      computeUserAccountData({ snapshot: snapshot36, nowSec: NOW }),
    )
    bench('solvent evaluateAaveV3 (v3.0-3.2 rules, report + 10 liquidation prices)', () =>
      evaluateAaveV3({ snapshot, nowSec: NOW }),
    )
    bench('solvent evaluateAaveV3 (v3.6 rules, report + 10 liquidation prices)', () =>
      evaluateAaveV3({ snapshot: snapshot36, nowSec: NOW }),
    )
    bench('@aave/math-utils formatReserves + formatUserSummary', () => mathUtilsSummary())
  })
})
