import { mulDivUp, ORACLE_PRICE_SCALE, WAD } from './mathLib'

export type ComputeLiquidationOraclePriceParameters = {
  /** Borrowed loan token wei (`toAssetsUp` of the borrow shares, at the time of the check). */
  borrowAssets: bigint
  /** Collateral token wei. */
  collateral: bigint
  /** WAD. */
  lltv: bigint
}

export type ComputeLiquidationOraclePriceReturnType =
  | {
      kind: 'price'
      /**
       * The lowest `IOracle.price()` at which `_isHealthy` holds: at it `liquidate` reverts with
       * `position is healthy`, one unit below it the position is liquidatable.
       */
      oraclePrice: bigint
    }
  | { kind: 'none'; reason: 'no-requirement' | 'no-exposure' }

/**
 * Where `Morpho._isHealthy` flips, in oracle units, solved exactly in integers.
 * maxBorrow(p) = floor(floor(c × p / 1e36) × lltv / 1e18) is non-decreasing in p, and for an
 * integer debt b:
 * floor(x × lltv / 1e18) ≥ b ⇔ x ≥ q = ceil(b × 1e18 / lltv), and floor(c × p / 1e36) ≥ q ⇔
 * p ≥ ceil(q × 1e36 / c). So the boundary is ceil(ceil(b × 1e18 / lltv) × 1e36 / c).
 *
 * @see https://github.com/morpho-org/morpho-blue/blob/main/src/Morpho.sol (_isHealthy)
 * @example
 * computeLiquidationOraclePrice({ borrowAssets: 15_000_000_000n, collateral: 10n ** 19n, lltv: 86n * 10n ** 16n })
 * // { kind: 'price', oraclePrice: 1744186046600000000000000000n } (1,744.1860466 USDC per WETH, 24 decimals)
 */
export function computeLiquidationOraclePrice({
  borrowAssets,
  collateral,
  lltv,
}: ComputeLiquidationOraclePriceParameters): ComputeLiquidationOraclePriceReturnType {
  if (borrowAssets === 0n) return { kind: 'none', reason: 'no-requirement' }
  // No collateral or a zero LLTV backs nothing at any price.
  if (collateral === 0n || lltv === 0n) return { kind: 'none', reason: 'no-exposure' }
  const quoted = mulDivUp(borrowAssets, WAD, lltv)
  return { kind: 'price', oraclePrice: mulDivUp(quoted, ORACLE_PRICE_SCALE, collateral) }
}
