import { computeLiquidationDistance } from '../computeLiquidationDistance'
import { D, fromRaw, toRaw, ZERO } from '../decimal'
import type { LiquidationPrice } from '../types'
import { computeHealthFactor } from './computeHealthFactor'
import type { AaveV3UserReserveState } from './computeUserReserves'
import { mulDivCeil, PERCENTAGE_FACTOR, WAD } from './wadRay'

export type ComputeLiquidationPriceParameters = {
  /** `computeUserReserves(...).reserves`: the account at its current prices. */
  userReserves: readonly AaveV3UserReserveState[]
  /** The price key to move (reserves priced by it move together). */
  priceKey: string
  /** `snapshot.oracle.baseCurrencyDecimals`. */
  baseCurrencyDecimals: number
  /** v3.5+ roundings (`aaveV3Features(snapshot.rules).protocolFavourRounding`): debt to base up, the v3.5 health factor. */
  protocolFavourRounding?: boolean | undefined
}

/** Relative half-width of the first bracket around the continuous estimate. */
const BRACKET = new D('0.0002')
const ONE_PLUS = new D(1).add(BRACKET)
const ONE_MINUS = new D(1).sub(BRACKET)
/** Above this oracle answer a rising price is called unreachable (far beyond any real price). */
const MAX_SEARCH_PRICE = 1n << 160n

/**
 * The oracle price of one price key at which the Pool starts to allow liquidation, all other
 * prices fixed: the price closest to the current one at which the on-chain health factor is
 * below 1, next to a price one oracle unit (1e-8 USD) closer that is not.
 *
 * It starts from the continuous solution of Σ collateral × threshold = debt, then searches the
 * contract's own integer health factor (floored values and floored average threshold, see
 * computeUserAccountData), so the result is what the Pool would do, not an approximation of it.
 * A key whose reserves are net collateral (Σ amount × threshold > debt in that key) liquidates on
 * a fall, a net debt on a rise.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/GenericLogic.sol
 * @see https://aave.com/docs/developers/liquidations (health factor = Σ collateral × LT / debt)
 * @example
 * const liquidation = computeLiquidationPrice({ userReserves, priceKey: 'WETH', baseCurrencyDecimals: 8 })
 * if (liquidation.kind === 'price') liquidation.priceUsd // e.g. 1843.21700000
 */
export function computeLiquidationPrice({
  userReserves,
  priceKey,
  baseCurrencyDecimals,
  protocolFavourRounding = false,
}: ComputeLiquidationPriceParameters): LiquidationPrice {
  const moving = userReserves.filter((state) => state.priceKey === priceKey)
  let otherCollateralBase = 0n
  let otherThresholdWeightedBase = 0n
  let otherDebtBase = 0n
  for (const state of userReserves) {
    if (state.priceKey === priceKey) continue
    if (state.isCollateral) {
      otherCollateralBase += state.collateralBase
      otherThresholdWeightedBase += state.collateralBase * state.liquidationThreshold
    }
    otherDebtBase += state.debtBase
  }

  // Continuous slope: Σ amount × threshold − Σ debt, in whole tokens of the key.
  let slope = ZERO
  let exposed = false
  let movingDebt = false
  for (const state of moving) {
    const debt = state.variableDebt + state.stableDebt
    if (state.isCollateral && state.supplied > 0n) {
      exposed = true
      slope = slope.add(
        fromRaw(state.supplied, state.reserve.decimals).mul(state.liquidationThreshold.toString()).div(10_000),
      )
    }
    if (debt > 0n) {
      exposed = true
      movingDebt = true
      slope = slope.sub(fromRaw(debt, state.reserve.decimals))
    }
  }
  const first = moving[0]
  if (!first || !exposed) return { kind: 'none', reason: 'no-exposure' }
  if (otherDebtBase === 0n && !movingDebt) return { kind: 'none', reason: 'no-requirement' }

  const liquidatable = (priceRaw: bigint): boolean => {
    let collateralBase = otherCollateralBase
    let thresholdWeightedBase = otherThresholdWeightedBase
    let debtBase = otherDebtBase
    for (const state of moving) {
      if (state.isCollateral) {
        const value = (state.supplied * priceRaw) / state.unit
        collateralBase += value
        thresholdWeightedBase += value * state.liquidationThreshold
      }
      const debt = state.variableDebt + state.stableDebt
      debtBase += protocolFavourRounding ? mulDivCeil(debt, priceRaw, state.unit) : (debt * priceRaw) / state.unit
    }
    return (
      computeHealthFactor({
        totalCollateralBase: collateralBase,
        liquidationThresholdWeightedBase: thresholdWeightedBase,
        totalDebtBase: debtBase,
        protocolFavourRounding,
      }).healthFactor < WAD
    )
  }

  const currentRaw = first.priceRaw
  if (liquidatable(currentRaw)) return { kind: 'none', reason: 'already-liquidatable' }
  if (slope.isZero()) return { kind: 'none', reason: 'unreachable' }

  const falling = slope.isPositive()
  const step = falling ? -1n : 1n
  // Continuous root in oracle units: (other debt − other weighted collateral) / slope.
  const estimate = new D((otherDebtBase * PERCENTAGE_FACTOR - otherThresholdWeightedBase).toString())
    .div(PERCENTAGE_FACTOR.toString())
    .div(slope)
  // Candidates stay between 0 and the current price on a fall, above the current price on a rise.
  const clamp = (price: bigint): bigint => {
    if (!falling) return price < currentRaw ? currentRaw : price
    if (price < 0n) return 0n
    return price > currentRaw ? currentRaw : price
  }
  const toward = (factor: D) => clamp(toRaw(estimate.mul(factor), 0))

  // Bracket [safe, unsafe]: safe is not liquidatable, unsafe is, unsafe lies in the moving direction.
  let safe = currentRaw
  const safeGuess = toward(falling ? ONE_PLUS : ONE_MINUS)
  if (!liquidatable(safeGuess)) safe = safeGuess
  let unsafe = toward(falling ? ONE_MINUS : ONE_PLUS)
  let gap = unsafe > safe ? unsafe - safe : safe - unsafe
  if (gap === 0n) gap = 1n
  while (!liquidatable(unsafe)) {
    safe = unsafe
    if (falling && unsafe === 0n) return { kind: 'none', reason: 'unreachable' }
    if (!falling && unsafe > MAX_SEARCH_PRICE) return { kind: 'none', reason: 'unreachable' }
    gap *= 2n
    unsafe = clamp(safe + step * gap)
  }
  while ((unsafe > safe ? unsafe - safe : safe - unsafe) > 1n) {
    const middle = (safe + unsafe) / 2n
    if (liquidatable(middle)) unsafe = middle
    else safe = middle
  }

  const priceUsd = fromRaw(unsafe, baseCurrencyDecimals)
  const current = fromRaw(currentRaw, baseCurrencyDecimals)
  return computeLiquidationDistance({ liquidationPriceUsd: priceUsd, priceUsd: current })
}
