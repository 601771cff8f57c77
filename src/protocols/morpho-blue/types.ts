import type { Address, Hex } from 'viem'

/**
 * One Morpho Blue market the deployment reads: an entry of the `MORPHO_MARKETS` var (JSON array).
 * Markets are listed, not discovered: an account's positions are read in every listed market of a
 * chain, in one multicall, so the cost of a read is bounded by the list (finding a user's markets
 * from `Supply`/`SupplyCollateral`/`Borrow` logs filtered by `onBehalf` is a follow-up).
 *
 * @see https://docs.morpho.org/get-started/resources/addresses/
 */
export type MorphoMarketConfig = {
  chainId: number
  /** The Morpho contract; default: the chain's deployment in @morpho-org/morpho-ts. */
  morpho: Address
  /** Market id (`MarketParamsLib.id`), bytes32 hex. */
  marketId: Hex
  /**
   * Chainlink USD feed of the loan token, read in the same block as the position. Absent: the loan
   * token must be a USD stablecoin of the asset registry, taken at par (a depeg does not show).
   */
  loanUsdFeed?: Address | undefined
  /**
   * Known PreLiquidation contracts of this market (morpho-org/pre-liquidation): each account's
   * authorization of each (`Morpho.isAuthorized`) is read with its position, and the first it
   * authorized gives its pre-liquidation level (modeled from the documented parameters).
   */
  preLiquidations?: readonly Address[] | undefined
}

export type MorphoReferenceToken = {
  address: Address
  symbol: string
  decimals: number
}

/**
 * What a market IS (immutable once created: the id hashes its params), read once and cached like
 * Aave's references. Everything that moves (totals, positions, the oracle price, the rate) is
 * read with the accounts.
 */
export type MorphoReference = {
  chainId: number
  morpho: Address
  marketId: Hex
  loanToken: MorphoReferenceToken
  collateralToken: MorphoReferenceToken
  oracle: Address
  irm: Address
  /** WAD, integer string. */
  lltv: string
  loanUsdFeed?: { address: Address; decimals: number } | undefined
  /** Each listed PreLiquidation contract's `preLiquidationParams()` (immutable), WAD integer strings. */
  preLiquidations?: MorphoPreLiquidationReference[] | undefined
}

export type MorphoPreLiquidationReference = {
  contract: Address
  preLltv: string
  preLCF1: string
  preLCF2: string
  preLIF1: string
  preLIF2: string
  preLiquidationOracle: Address
}
