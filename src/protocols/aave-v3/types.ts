import type { Address } from 'viem'
import type { AaveV3RulesVersion } from '../../engine'

/**
 * One Aave v3 market the deployment reads: an entry of the `AAVE_MARKETS` var (JSON array).
 *
 * @see https://aave.com/docs/resources/addresses
 */
export type AaveMarketConfig = {
  chainId: number
  /** Market name, e.g. `Core`, `Prime`; the margin account id is `market:<market>`. */
  market: string
  /** `PoolAddressesProvider` of the market: the one address everything else is found from. */
  poolAddressesProvider: Address
  /** Reserve symbols priced as USD-pegged (`stable` price class) rather than `crypto`. */
  stableSymbols?: readonly string[] | undefined
}

/** One reserve as the reference round found it (addresses do not change once a reserve is listed). */
export type AaveReferenceReserve = {
  underlying: Address
  symbol: string
  /** Position in `Pool.getReservesList()`. */
  id: number
  aToken: Address
  variableDebtToken: Address
  /** Zero address when the market has no stable debt token for the reserve. */
  stableDebtToken: Address
  /** `AaveOracle.getSourceOfAsset(underlying)`: the Chainlink feed pricing it (zero address: the fallback oracle prices it). */
  priceFeed: Address
}

/**
 * The market's `PriceOracleSentinel` (L2 markets): while the sequencer is down, and for the grace
 * period after it comes back, the Pool refuses liquidations (and borrows).
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/configuration/PriceOracleSentinel.sol
 */
export type AaveSentinel = {
  address: Address
  /** `getSequencerOracle()`: the sequencer uptime feed the sentinel reads. */
  sequencerOracle: Address
  /** `getGracePeriod()`, seconds. */
  gracePeriodSec: number
}

/**
 * What a market IS, as opposed to what its users hold: read in a few rounds, JSON-safe and
 * cacheable (D1) with its own TTL. Everything that moves block by block (indexes, rates,
 * configuration, prices, e-mode parameters) is read again with the users.
 */
export type AaveReference = {
  chainId: number
  market: string
  /** The release whose math the Pool runs, from `poolRevision` (`aaveV3RulesOfRevision`). */
  rules: AaveV3RulesVersion
  /**
   * `Pool.POOL_REVISION()`: 1–6 v3.0–3.2, 7 v3.3, 8 v3.4, 9 v3.5, 10 v3.6. A later revision is read
   * with the v3.6 rules, and `rules` reports it as unproven (`rulesProven`).
   */
  poolRevision: number
  /** False when the revision is newer than any release the engine implements. */
  rulesProven: boolean
  stableSymbols: readonly string[]
  poolAddressesProvider: Address
  pool: Address
  oracle: Address
  /** `AaveOracle.BASE_CURRENCY_UNIT()`, integer string (e.g. `"100000000"`). */
  baseCurrencyUnit: string
  reserves: readonly AaveReferenceReserve[]
  /**
   * E-mode categories that exist (liquidation threshold set), with their v3.0–3.1 price source (zero
   * address when none) and that source's feed (`AaveOracle.getSourceOfAsset(priceSource)`, zero address when none).
   */
  eModeCategories: readonly { id: number; priceSource: Address; priceFeed: Address }[]
  /** `PoolAddressesProvider.getPriceOracleSentinel()` and what it reads; null when the market has none (L1 markets). */
  sentinel: AaveSentinel | null
  /** Block the reference was read at, integer string. */
  blockNumber: string
}
