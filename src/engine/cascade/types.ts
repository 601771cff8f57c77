/**
 * The cascade's data contract: what a liquidation cascade reads (margin-account snapshots, an
 * initial shock and a market depth model per underlying) and what it reports (rounds, the price
 * path, bad debt per venue, the accounts in the toxic zone). Plain data in, plain data out.
 */
import type { D, DecimalString } from '../decimal'
import type { MarginAccountSnapshot } from '../evaluateMarginAccount'
import type { VenueId } from '../types'

/**
 * How the market of one underlying absorbs a forced sale (or buy). Every model moves the price by
 * the whole impact (permanent within the cascade: nobody has time to refill the book) and fills
 * the order at its average price along the way.
 *
 * - `constant-product`: a pool `x · y = k` (Uniswap v2) holding `reserveBase` units of the
 *   underlying and `reserveQuoteUsd` USD, with a swap fee. At the cascade's start the pool is
 *   moved, at constant `k`, to the start price (as arbitrage would); then every round swaps in it.
 * - `order-book`: `depthUsd` of resting orders within 2 % of the price (the "±2 % depth"
 *   exchanges and data vendors publish), spread evenly, so impact is linear in size (Kyle's
 *   lambda): a notional N moves the price by 2 % × N / depthUsd.
 * - `square-root`: the empirical square-root law: impact = `coefficient` × σ_daily × √(N / V_daily).
 * - `none`: infinitely deep (no impact): the cascade then reduces to repeated `stress` rounds.
 */
export type DepthModel =
  | { kind: 'constant-product'; reserveBase: DecimalString; reserveQuoteUsd: DecimalString; fee: DecimalString }
  | { kind: 'order-book'; depthUsd: DecimalString }
  | {
      kind: 'square-root'
      dailyVolumeUsd: DecimalString
      /** Daily volatility of the underlying as a fraction (`"0.04"` = 4 % a day). */
      dailyVolatility: DecimalString
      /** Y, of order one in every study; 1 when omitted. */
      coefficient?: DecimalString | undefined
    }
  | { kind: 'none' }

/** One underlying's part in a cascade: its initial shock and how deep its market is. */
export type CascadeMarket = {
  /** `ETH`, `BTC`, ... as in `AssetIdentity.underlying`. */
  underlying: string
  /** Relative move applied before the first round (`"-0.2"` = down 20 %); `"0"` when omitted. */
  shock?: DecimalString | undefined
  depth: DepthModel
  /**
   * USD price of one unit of the underlying before the shock. Omitted, it is read from the first
   * snapshot pricing an asset on it (price ÷ exchange rate).
   */
  priceUsd?: DecimalString | undefined
}

export type CascadeAccount = {
  /** Unique within the cascade (the portfolio layer's margin-account id). */
  id: string
  snapshot: MarginAccountSnapshot
  /** The time the account is evaluated and liquidated at, unix seconds (its block time for on-chain venues). */
  nowSec: number
}

export type ComputeCascadeParameters = {
  accounts: readonly CascadeAccount[]
  markets: readonly CascadeMarket[]
  /** Most rounds to run; the cascade stops earlier at its fixed point. */
  maxRounds: number
  /** Called after each round with what it did (benchmarks time rounds with it); must not change anything. */
  onRound?: ((round: CascadeRound) => void) | undefined
}

/** What one underlying's market did in a round. */
export type CascadeFlow = {
  underlying: string
  /** Price the round's liquidations ran at (the oracles' and marks' price), USD. */
  priceUsd: D
  /** Units of the underlying sold by liquidations (seized collateral, closed longs). */
  soldUnits: D
  /** Units bought (debt repaid in this underlying, closed shorts). */
  boughtUnits: D
  /** Net units that went through the depth model (sold − bought; negative: a net buy). */
  netSoldUnits: D
  /** Average price the net order filled at, USD; equal to `priceUsd` when nothing was left to fill. */
  fillPriceUsd: D
  /** Price after the round, USD. */
  priceAfterUsd: D
  /** What the net order lost to the price moving against it (a pool's fee included): |net| × |priceUsd − fillPriceUsd|. */
  slippageUsd: D
  /** The depth model could not fill the whole order (a pool or book emptied). */
  exhausted: boolean
}

export type CascadeLiquidationKind =
  /** Aave v3 `liquidationCall`. */
  | 'aave-v3-liquidation-call'
  /** Morpho Blue `liquidate`. */
  | 'morpho-blue-liquidate'
  /** Perp positions closed by market orders into the book (Hyperliquid, dYdX v4). */
  | 'perp-market-close'
  /** Hyperliquid: the backstop liquidator vault took the positions over at mark. */
  | 'hyperliquid-backstop'

/** One liquidation of one margin account in one round. */
export type CascadeLiquidation = {
  id: string
  venue: VenueId
  kind: CascadeLiquidationKind
  /** Debt repaid (lending; 0 for perps), USD at the round's price. */
  debtRepaidUsd: D
  /**
   * Taken from the account: lending, the collateral incl. the protocol's fee, at the round's price;
   * dYdX the insurance-fund fee; a Hyperliquid backstop the margin the vault keeps.
   */
  collateralSeizedUsd: D
  /** What went to market: collateral the liquidator sells (at the round's price) or perp notional closed (at the fill). */
  soldUsd: D
  /** Debt left without collateral by this liquidation (written off, or left to the venue), USD. */
  badDebtUsd: D
  /** Aave v3: the exact call (token wei), as `computeLiquidationCall` returned it. */
  aave?:
    | {
        collateralAsset: string
        debtAsset: string
        debtToRepay: bigint
        collateralToLiquidator: bigint
        protocolFee: bigint
        liquidationBonus: bigint
      }
    | undefined
  /** Morpho Blue: the exact call (token wei, shares). */
  morpho?: { seizedAssets: bigint; repaidShares: bigint; repaidAssets: bigint; badDebtAssets: bigint } | undefined
}

export type CascadeRound = {
  /** From 1. */
  round: number
  /** Every market's price the round's liquidations ran at (oracles and marks follow the market), USD. */
  pricesUsd: { underlying: string; priceUsd: D }[]
  flows: CascadeFlow[]
  liquidations: CascadeLiquidation[]
  debtRepaidUsd: D
  collateralSeizedUsd: D
  soldUsd: D
  slippageUsd: D
  /** Liquidatable margin accounts no liquidation could reach this round (every call would revert). */
  stuck: string[]
}

/** A margin account whose debt is worth more than 1 / (1 + bonus) of its collateral: liquidating it leaves it worse. */
export type ToxicAccount = {
  id: string
  venue: VenueId
  /** Debt / collateral at the end. */
  loanToValue: D
  /** 1 / (1 + bonus) of the collateral a liquidation would seize. */
  threshold: D
  /** The first round whose evaluation found it in the zone (1: right after the shock, before any liquidation). */
  sinceRound: number
}

export type CascadeAccountOutcome = {
  id: string
  venue: VenueId
  /** Rounds it was liquidated in. */
  liquidatedInRounds: number[]
  /** Still below maintenance after the last round. */
  liquidatableAtEnd: boolean
  /** Its venue's liquidation is not simulated (`tiered-perp`, `portfolio-margin`): evaluated only. */
  unmodelled: boolean
  snapshot: MarginAccountSnapshot
}

export type ComputeCascadeReturnType = {
  rounds: CascadeRound[]
  /** Per underlying: price before the shock, after it, then after each round. */
  pricePath: { underlying: string; pricesUsd: D[] }[]
  /** True when the last round liquidated nothing (another round would change nothing). */
  fixedPoint: boolean
  /** Debt no collateral backs at the end, per venue, USD at the final prices. */
  badDebt: { venue: VenueId; usd: D }[]
  toxic: ToxicAccount[]
  accounts: CascadeAccountOutcome[]
}
