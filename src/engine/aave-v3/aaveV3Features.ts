import type { AaveV3RulesVersion, AaveV3Snapshot } from './types'

/**
 * What changed in the Pool's math from one Aave v3 release to the next, as switches the formulas
 * read (one place, so a formula never compares version strings). Only changes that move a figure
 * Solvent reports are listed; each names the release notes and the contract code it follows.
 */
export type AaveV3Features = {
  /**
   * v3.0–v3.2: stable-rate debt exists and is liquidated together with variable debt, and
   * (v3.0–v3.1) an e-mode category may carry its own price source.
   * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.2.0/docs/3.2/Aave-v3.2-features.md
   */
  stableDebtAndEModePriceSource: boolean
  /**
   * v3.3+: the 50 % close factor caps the position's whole debt value, 100 % when the health factor
   * is ≤ 0.95 or the reserve pair is under USD 2,000; a partial liquidation may not leave under
   * USD 1,000; taking the last collateral turns remaining debt into reserve deficits.
   * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.3.0/docs/3.3/Aave-v3.3-features.md
   */
  positionCloseFactor: boolean
  /**
   * v3.4+: `MathUtils.calculateCompoundedInterest` is `1 + x + x·(x/2 + x·x/6)` with
   * `x = rate × Δt / year`, multiplied before dividing (same series, different integer rounding).
   * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.4.0/docs/3.4/Aave-v3.4-features.md
   */
  compoundedInterestV34: boolean
  /**
   * v3.5+: rounding in the protocol's favour: aToken balances down, debt balances up, collateral to
   * base down, debt to base up (`mulDivCeil`), the health factor as
   * `Σ(collateral × LT).wadDiv(debt) / 1e4`, available borrows `percentMulFloor`, the debt a capped
   * liquidation needs `percentDivCeil`.
   * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.5.0/docs/3.5/Aave-v3.5-features.md
   * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.5.0/src/contracts/protocol/libraries/logic/GenericLogic.sol
   */
  protocolFavourRounding: boolean
  /**
   * v3.6+: e-mode configuration decoupled from the reserve's: inside its category an asset's LTV is
   * the category's unless the category's LTV-zero bitmap flags it (the reserve's own LTV 0 no longer
   * applies there); a collateral flag counts whatever the reserve's own liquidation threshold.
   * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.6.0/docs/3.6/Aave-v3.6-features.md
   * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.6.0/src/contracts/protocol/libraries/logic/ValidationLogic.sol (getUserReserveLtv)
   */
  eModeDecoupled: boolean
}

const RELEASE_ORDER: readonly AaveV3RulesVersion[] = ['v3.0-3.2', 'v3.3', 'v3.4', 'v3.5', 'v3.6']

/** Every rules version the engine implements, oldest first. */
export const AAVE_V3_RULES_VERSIONS = RELEASE_ORDER

/**
 * The feature switches of a rules version.
 *
 * @example
 * aaveV3Features('v3.6').protocolFavourRounding // true
 */
export function aaveV3Features(rules: AaveV3RulesVersion): AaveV3Features {
  let features = FEATURES.get(rules)
  if (features === undefined) {
    const release = RELEASE_ORDER.indexOf(rules)
    const since = (version: AaveV3RulesVersion) => release >= RELEASE_ORDER.indexOf(version)
    features = Object.freeze({
      stableDebtAndEModePriceSource: !since('v3.3'),
      positionCloseFactor: since('v3.3'),
      compoundedInterestV34: since('v3.4'),
      protocolFavourRounding: since('v3.5'),
      eModeDecoupled: since('v3.6'),
    })
    FEATURES.set(rules, features)
  }
  return features
}
/** One frozen set of switches per rules version: every evaluation asks, each reserve several times. */
const FEATURES = new Map<AaveV3RulesVersion, AaveV3Features>()

/** The newest Pool revision whose release the engine implements. */
export const NEWEST_PROVEN_POOL_REVISION = 10

/**
 * What a report says the figures follow: the rules version, with a `+` when the Pool's revision is
 * newer than any release the engine implements (read with the newest rules, not proven on it).
 *
 * @example
 * aaveV3RulesLabel({ rules: 'v3.6', poolRevision: 11 }) // 'v3.6+'
 */
export function aaveV3RulesLabel({ rules, poolRevision }: Pick<AaveV3Snapshot, 'rules' | 'poolRevision'>): string {
  return poolRevision !== undefined && poolRevision > NEWEST_PROVEN_POOL_REVISION ? `${rules}+` : rules
}

/**
 * The rules a Pool runs, from its `POOL_REVISION()` (read from the chain, not a hand-kept list):
 * 1–6 v3.0–v3.2, 7 v3.3, 8 v3.4, 9 v3.5, 10 v3.6. A later revision is a release the engine has
 * not been proven against: `undefined`, and the caller decides (it runs the newest rules and
 * says so).
 *
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.6.0/src/contracts/instances/PoolInstance.sol
 * @example
 * aaveV3RulesOfRevision(10n) // 'v3.6'
 */
export function aaveV3RulesOfRevision(revision: bigint): AaveV3RulesVersion | undefined {
  if (revision <= 6n) return 'v3.0-3.2'
  if (revision === 7n) return 'v3.3'
  if (revision === 8n) return 'v3.4'
  if (revision === 9n) return 'v3.5'
  if (revision === 10n) return 'v3.6'
  return undefined
}
