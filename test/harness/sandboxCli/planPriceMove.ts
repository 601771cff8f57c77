import Decimal from 'decimal.js'
import type { PriceTarget } from './parsePriceTarget'
import { SANDBOX_UNDERLYINGS, type SandboxVenue } from './sandboxUnderlyings'

/** Local decimals: money is never a JS number, and the engine's own instance is not the harness's to share. */
const D = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_EVEN })

/**
 * One price the sandbox holds now: an Aave oracle in one market (`market`, e.g. `Sandbox` or `Origin`) on one
 * chain, a Morpho Blue market's oracle (`market` `WETH/USDC`, `asset` its collateral, the price in USDC taken
 * as USD), or a simulator's market (chainId null, no `market`).
 */
export type VenuePrice = {
  venue: SandboxVenue
  chainId: number | null
  /** Aave: the market the feed prices for (two markets on one chain have feeds of their own). */
  market?: string | undefined
  asset: string
  priceUsd: string
}

export type PriceMove = VenuePrice & { newPriceUsd: string }

export type PlanPriceMoveParameters = {
  /** `ETH`, `BTC`, `SOL`, `LINK`, `USDC`, `DAI` (any letter case). */
  underlying: string
  target: PriceTarget
  /** Every price the sandbox holds now (`getVenuePrices`). */
  prices: readonly VenuePrice[]
}

/**
 * Decides every price that moves for an underlying, on every venue and chain: an absolute target
 * sets each feed to that price (a feed that `follows` another keeps its ratio to it); a percentage
 * moves each feed by that much from its own current price. Prices are rounded as each venue prints
 * them: Aave oracles have 8 decimals (Morpho's are rounded the same, so both protocols move in step), Hyperliquid
 * 5 significant figures, dYdX oracle prices 6 decimals.
 * Pure: reading and writing the prices is `getVenuePrices` / `setVenuePrices`.
 * @example
 * planPriceMove({ underlying: 'ETH', target: { kind: 'percent', percent: '-10' }, prices })
 */
export function planPriceMove({ underlying, target, prices }: PlanPriceMoveParameters): PriceMove[] {
  const key = underlying.toUpperCase()
  const feeds = SANDBOX_UNDERLYINGS[key]
  if (!feeds)
    throw new Error(
      `Unknown underlying "${underlying}". The sandbox moves ${Object.keys(SANDBOX_UNDERLYINGS).join(', ')}.`,
    )
  const moves: PriceMove[] = []
  for (const feed of feeds) {
    for (const price of prices.filter((p) => p.venue === feed.venue && p.asset === feed.asset)) {
      let next: Decimal
      if (target.kind === 'percent') {
        next = new D(price.priceUsd).mul(new D(1).add(new D(target.percent).div(100)))
      } else if (feed.follows === undefined) {
        next = new D(target.usd)
      } else {
        const leader = prices.find(
          (p) =>
            p.venue === feed.venue &&
            p.chainId === price.chainId &&
            p.market === price.market &&
            p.asset === feed.follows,
        )
        if (!leader) throw new Error(`${feed.asset} follows ${feed.follows}, which has no price on ${price.venue}.`)
        next = new D(price.priceUsd).mul(target.usd).div(leader.priceUsd)
      }
      moves.push({ ...price, newPriceUsd: roundForVenue(feed.venue, next) })
    }
  }
  if (moves.length === 0) throw new Error(`No venue of the running sandbox prices ${key}.`)
  return moves
}

function roundForVenue(venue: SandboxVenue, price: Decimal): string {
  switch (venue) {
    case 'aave-v3':
    case 'morpho-blue':
      return price.toDecimalPlaces(8, Decimal.ROUND_HALF_EVEN).toFixed()
    case 'hyperliquid': {
      const text = price.toSignificantDigits(5, Decimal.ROUND_HALF_EVEN).toFixed()
      return text.includes('.') ? text : `${text}.0`
    }
    case 'dydx-v4':
      return price.toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN).toFixed()
  }
}
