import { assetOf, type MarginAccountSnapshot } from '../engine'
import { InvalidInputError } from '../errors/input'
import { ASSET_TABLE, KNOWN_UNDERLYINGS } from '../protocols/assets/assetTable'

/**
 * Refuses a price change or stress scenario that names nothing: a name is known when it is an
 * underlying or asset of the registry (ETH, BTC, USD, WETH, wstETH, USDC, ...) or an underlying,
 * asset symbol or price key of any snapshot in the query. Checked once across the whole query,
 * since one snapshot not holding ETH is normal; the registry's names stay valid when the venue
 * holding them failed this time (the move then changes nothing, and `sources` says why).
 *
 * @throws {InvalidInputError} naming the unknown name and the underlyings the query holds.
 * @example checkPriceNames(['DOGE'], snapshots) // throws BAD_USER_INPUT
 */
export function checkPriceNames(names: readonly string[], snapshots: readonly MarginAccountSnapshot[]): void {
  const held = new Set<string>()
  for (const snapshot of snapshots) {
    for (const key of Object.keys(snapshot.prices)) {
      const asset = assetOf(snapshot.prices, key)
      held.add(asset.underlying.toUpperCase())
      held.add(asset.symbol.toUpperCase())
      held.add(key.toUpperCase())
    }
  }
  const registry = [...KNOWN_UNDERLYINGS, ...Object.keys(ASSET_TABLE)].map((name) => name.toUpperCase())
  const known = new Set([...registry, ...held])
  for (const name of names) {
    if (known.has(name.toUpperCase())) continue
    const underlyings = new Set(
      snapshots.flatMap((s) => Object.keys(s.prices).map((key) => assetOf(s.prices, key).underlying)),
    )
    const holds = [...underlyings].sort().join(', ') || 'nothing'
    throw new InvalidInputError(`Unknown underlying or asset "${name}" (this query holds ${holds}).`)
  }
}
