/**
 * What an Aave v3 adapter reads for one user in one market (one Pool): the raw on-chain integers
 * the Pool's own account-data and liquidation code read, so the engine can recompute them to the
 * wei at any time. uint256-sized values (indexes, rates, balances, bitmaps) are integer strings;
 * small bounded fields (basis points, decimals, ids, unix seconds) are plain numbers.
 *
 * Price contract: every oracle price the formulas read lives in `snapshot.prices` under the
 * reserve's `priceKey` (or the e-mode category's `priceKey`), with
 * `priceUsd = priceRaw / 10^oracle.baseCurrencyDecimals` exactly (the Aave oracle's base currency
 * is USD with 8 decimals on every v3 market). The engine turns it back into the raw oracle answer
 * with `toRaw(priceUsd, baseCurrencyDecimals)`, so an unchanged price gives the identical integer
 * and a what-if price move is a change of `priceUsd` only. Keys must be unique per oracle answer.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/types/DataTypes.sol
 */
import type { IntegerString } from '../decimal'
import type { SnapshotHeader } from '../types'

/**
 * Which release's math the Pool runs (`aaveV3Features` lists what each one changes).
 * - `v3.0-3.2`: close factor 50% (100% below HF 0.95) of the debt reserve, stable + variable debt.
 * - `v3.3`: close factor applied to the whole position, 100% for positions under
 *   `MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD`, the `MIN_LEFTOVER_BASE` dust rule, bad-debt write-off.
 * - `v3.4`: the compounded-interest polynomial evaluated in a different order (self-liquidation forbidden).
 * - `v3.5`: rounding in the protocol's favour everywhere a balance or a value is derived.
 * - `v3.6`: e-mode LTV decoupled from the reserve's, with a per-category LTV-zero bitmap.
 */
export type AaveV3RulesVersion = 'v3.0-3.2' | 'v3.3' | 'v3.4' | 'v3.5' | 'v3.6'

/** The user's side of one reserve, as stored by the tokens (scaled, i.e. divided by the index). */
export type AaveV3UserReserve = {
  /** `AToken.scaledBalanceOf(user)`: supplied amount ÷ liquidity index, token wei. */
  scaledATokenBalance: IntegerString
  /** `VariableDebtToken.scaledBalanceOf(user)`: variable debt ÷ variable borrow index, token wei. */
  scaledVariableDebt: IntegerString
  /** `StableDebtToken.principalBalanceOf(user)`, token wei (v3.0–v3.1; `"0"` from v3.2 on). */
  principalStableDebt: IntegerString
  /** `StableDebtToken.getUserStableRate(user)`, ray per year. */
  stableBorrowRate: IntegerString
  /** `StableDebtToken.getUserLastUpdated(user)`, unix seconds. */
  stableBorrowLastUpdateTimestamp: number
  /** `UserConfiguration.isUsingAsCollateral(reserve.id)`. */
  usageAsCollateralEnabled: boolean
}

export type AaveV3Reserve = {
  /** Underlying token address. */
  underlying: string
  symbol: string
  /** Key of this reserve's oracle price in `snapshot.prices`. */
  priceKey: string
  decimals: number
  /** Index of the reserve in `Pool.getReservesList()` (bit position in user/e-mode bitmaps). */
  id: number
  /** Loan to value, bps. 0 means the asset cannot back new borrows. */
  ltv: number
  /** Liquidation threshold, bps. 0 means the asset is not collateral at all. */
  liquidationThreshold: number
  /** Liquidation bonus, bps above 100.00% (e.g. 10500 = 5% bonus). */
  liquidationBonus: number
  /** Reserve factor, bps. */
  reserveFactor: number
  /** Share of the liquidation bonus paid to the treasury, bps. */
  liquidationProtocolFee: number
  /** The asset's e-mode category (v3.0–v3.1 membership; 0 = none). */
  eModeCategory: number
  active: boolean
  frozen: boolean
  paused: boolean
  borrowingEnabled: boolean
  /** Isolation-mode debt ceiling, in units of 10^-2 USD (0 = not an isolated asset). */
  debtCeiling: IntegerString
  /** v3.1+: liquidations of this reserve are paused until this unix time. */
  liquidationGracePeriodUntil?: number | undefined
  /** Ray. */
  liquidityIndex: IntegerString
  /** Ray. */
  variableBorrowIndex: IntegerString
  /** Ray per year. */
  currentLiquidityRate: IntegerString
  /** Ray per year. */
  currentVariableBorrowRate: IntegerString
  /** Unix seconds of the last index update. */
  lastUpdateTimestamp: number
  user: AaveV3UserReserve
}

export type AaveV3EModeCategory = {
  id: number
  label?: string | undefined
  /** Bps. */
  ltv: number
  /** Bps. */
  liquidationThreshold: number
  /** Bps above 100.00%. */
  liquidationBonus: number
  /**
   * v3.0–v3.1: the category's price source overrides the price of every reserve of the category
   * for users in it. `priceKey` is its key in `snapshot.prices`; absent when no source is set.
   */
  priceSource?: string | undefined
  priceKey?: string | undefined
  /**
   * v3.2+: reserves enabled as collateral in the category, as the on-chain bitmap over reserve ids.
   * When present it decides membership instead of `AaveV3Reserve.eModeCategory`.
   */
  collateralBitmap?: IntegerString | undefined
  /**
   * v3.6+: reserves the category treats as LTV 0 (ltv0 rules inside the category only), as the
   * on-chain bitmap over reserve ids (`Pool.getEModeCategoryLtvzeroBitmap`).
   */
  ltvzeroBitmap?: IntegerString | undefined
}

export type AaveV3Snapshot = SnapshotHeader & {
  model: 'aave-v3'
  rules: AaveV3RulesVersion
  /** `Pool.POOL_REVISION()` the rules were read from, when read from a chain. */
  poolRevision?: number | undefined
  /** Pool (proxy) address. */
  pool: string
  oracle: {
    /** `AaveOracle.BASE_CURRENCY_UNIT()`, e.g. `"100000000"`. */
    baseCurrencyUnit: IntegerString
    /** log10 of the unit, e.g. 8. */
    baseCurrencyDecimals: number
  }
  /** `Pool.getUserEMode(user)`; 0 = none. */
  userEModeCategory: number
  eModeCategories: AaveV3EModeCategory[]
  reserves: AaveV3Reserve[]
}
