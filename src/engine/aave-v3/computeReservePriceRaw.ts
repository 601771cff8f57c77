import { computeOraclePriceRaw } from './computeOraclePriceRaw'
import type { AaveV3Reserve, AaveV3Snapshot } from './types'

export type ComputeReservePriceRawParameters = {
  snapshot: AaveV3Snapshot
  reserve: AaveV3Reserve
}

export type ComputeReservePriceRawReturnType = {
  /** Key in `snapshot.prices` of the price used. */
  priceKey: string
  /** Oracle answer, base currency units per whole token. */
  priceRaw: bigint
}

/**
 * The price GenericLogic values a reserve at for the user: the price source of the user's e-mode
 * category when the reserve is in it and the source answers (v3.0–v3.1), else the reserve's own.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/GenericLogic.sol
 */
export function computeReservePriceRaw({
  snapshot,
  reserve,
}: ComputeReservePriceRawParameters): ComputeReservePriceRawReturnType {
  const category =
    snapshot.userEModeCategory === 0
      ? undefined
      : snapshot.eModeCategories.find((candidate) => candidate.id === snapshot.userEModeCategory)
  const eModePriceKey = category?.priceKey
  if (eModePriceKey !== undefined && reserve.eModeCategory === snapshot.userEModeCategory) {
    const priceRaw = computeOraclePriceRaw({ snapshot, priceKey: eModePriceKey })
    if (priceRaw !== 0n) return { priceKey: eModePriceKey, priceRaw }
  }
  return { priceKey: reserve.priceKey, priceRaw: computeOraclePriceRaw({ snapshot, priceKey: reserve.priceKey }) }
}
