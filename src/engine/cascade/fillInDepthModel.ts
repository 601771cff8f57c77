import { D, dec, ONE, ZERO } from '../decimal'
import { EngineInputError } from '../errors'
import type { DepthModel } from './types'

/** A depth model's state between rounds: a pool's reserves; the other models keep none. */
export type DepthState =
  | { kind: 'constant-product'; reserveBase: D; reserveQuoteUsd: D; fee: D }
  | { kind: 'order-book'; depthUsd: D }
  | { kind: 'square-root'; dailyVolumeUsd: D; dailyVolatility: D; coefficient: D }
  | { kind: 'none' }

/** Book depth is quoted as the USD that moves the price by this fraction. */
const BOOK_DEPTH_MOVE = new D('0.02')
const TWO_THIRDS = new D(2).div(3)

/**
 * The depth model's state at the cascade's start price. A constant-product pool is moved at
 * constant k to that price, as arbitrage against the (shocked) oracle would: base = √(k / p),
 * quote = √(k · p).
 *
 * @throws {EngineInputError} for a non-positive reserve or depth, or a fee outside [0, 1).
 */
export function createDepthState(model: DepthModel, priceUsd: D): DepthState {
  switch (model.kind) {
    case 'constant-product': {
      const k = positive(model.reserveBase, 'reserveBase').mul(positive(model.reserveQuoteUsd, 'reserveQuoteUsd'))
      const fee = dec(model.fee)
      if (fee.lt(0) || fee.gte(1)) throw new EngineInputError('A pool fee is a fraction from 0 to below 1.')
      if (priceUsd.lte(0)) throw new EngineInputError('A constant-product pool needs a positive start price.')
      return {
        kind: 'constant-product',
        reserveBase: k.div(priceUsd).sqrt(),
        reserveQuoteUsd: k.mul(priceUsd).sqrt(),
        fee,
      }
    }
    case 'order-book':
      return { kind: 'order-book', depthUsd: positive(model.depthUsd, 'depthUsd') }
    case 'square-root':
      return {
        kind: 'square-root',
        dailyVolumeUsd: positive(model.dailyVolumeUsd, 'dailyVolumeUsd'),
        dailyVolatility: positive(model.dailyVolatility, 'dailyVolatility'),
        coefficient: model.coefficient === undefined ? ONE : positive(model.coefficient, 'coefficient'),
      }
    case 'none':
      return model
  }
}

export type FillInDepthModelParameters = {
  state: DepthState
  /** Price before the order, USD per unit of the underlying. */
  priceUsd: D
  /** Units of the underlying to sell (positive) or buy (negative). */
  netSoldUnits: D
}

export type FillInDepthModelReturnType = {
  state: DepthState
  /** Average fill price, USD per unit (the price itself for an empty order or no impact). */
  fillPriceUsd: D
  priceAfterUsd: D
  /** Fee paid to the pool, USD (constant-product only). */
  feeUsd: D
  /** The order was larger than the model can fill: the fill covers what there was. */
  exhausted: boolean
}

/**
 * Fills one order in a depth model and moves the price.
 *
 * - constant-product, a sale of q units (Uniswap v2 `getAmountOut`, the fee kept in the pool):
 *   out = q(1−f)·y / (x + q(1−f)); a purchase of q units (`getAmountIn`): in = y·q / ((x − q)(1−f)).
 *   The price after is y'/x'. A purchase of the whole base reserve cannot fill (the pool empties).
 *   @see https://uniswap.org/whitepaper.pdf (Uniswap v2 Core, §3.2.1)
 *   @see https://github.com/Uniswap/v2-periphery/blob/master/contracts/libraries/UniswapV2Library.sol
 * - order-book, notional N = q·p: price moves by I = 2 % × N / depth (linear impact, Kyle's λ);
 *   orders spread evenly over the move fill on average at half of it, p(1 ∓ I/2). A sale moving the
 *   price by 100 % or more empties the book: the price is 0 and the fill p/2.
 *   @see A. S. Kyle, "Continuous Auctions and Insider Trading", Econometrica 53(6), 1985
 *   @see https://www.kaiko.com/ (market depth: the USD within ±2 % of the mid price)
 * - square-root: I = Y·σ·√(N / V); the average fill along a √ path is 2/3 of the final impact.
 *   @see J.-P. Bouchaud, J. Bonart, J. Donier, M. Gould, "Trades, Quotes and Prices", CUP 2018, ch. 12
 *   @see B. Tóth et al., "Anomalous price impact and the critical nature of liquidity", Phys. Rev. X 1, 2011
 * - none: fills at the price, the price stays.
 *
 * @example
 * fillInDepthModel({ state: { kind: 'order-book', depthUsd: dec('1000000') }, priceUsd: dec('2000'), netSoldUnits: dec('250') })
 * // impact 2 % × 500,000 / 1,000,000 = 1 %: priceAfterUsd 1980, fillPriceUsd 1990
 */
export function fillInDepthModel({
  state,
  priceUsd,
  netSoldUnits,
}: FillInDepthModelParameters): FillInDepthModelReturnType {
  const unchanged = { state, fillPriceUsd: priceUsd, priceAfterUsd: priceUsd, feeUsd: ZERO, exhausted: false }
  if (netSoldUnits.isZero() || state.kind === 'none') return unchanged
  const selling = netSoldUnits.gt(0)
  const units = netSoldUnits.abs()
  switch (state.kind) {
    case 'constant-product': {
      const { reserveBase: x, reserveQuoteUsd: y, fee } = state
      const keep = ONE.sub(fee)
      if (selling) {
        const inAfterFee = units.mul(keep)
        const out = inAfterFee.mul(y).div(x.add(inAfterFee))
        const next = { ...state, reserveBase: x.add(units), reserveQuoteUsd: y.sub(out) }
        return {
          state: next,
          fillPriceUsd: out.div(units),
          priceAfterUsd: next.reserveQuoteUsd.div(next.reserveBase),
          feeUsd: units.mul(fee).mul(out.div(inAfterFee)),
          exhausted: false,
        }
      }
      // A purchase of q ≥ x would need unbounded quote: buy what leaves one part in 10^6 of the pool.
      const exhausted = units.gte(x)
      const bought = exhausted ? x.mul('0.999999') : units
      const paid = y.mul(bought).div(x.sub(bought).mul(keep))
      const next = { ...state, reserveBase: x.sub(bought), reserveQuoteUsd: y.add(paid) }
      return {
        state: next,
        fillPriceUsd: paid.div(bought),
        priceAfterUsd: next.reserveQuoteUsd.div(next.reserveBase),
        feeUsd: paid.mul(fee),
        exhausted,
      }
    }
    case 'order-book': {
      const impact = BOOK_DEPTH_MOVE.mul(units).mul(priceUsd).div(state.depthUsd)
      return moved(state, priceUsd, selling, impact, impact.div(2))
    }
    case 'square-root': {
      const impact = state.coefficient
        .mul(state.dailyVolatility)
        .mul(units.mul(priceUsd).div(state.dailyVolumeUsd).sqrt())
      return moved(state, priceUsd, selling, impact, impact.mul(TWO_THIRDS))
    }
  }
}

/** A price moved by `impact` (fraction), filled on average at `average` of it; a sale cannot take the price below 0. */
function moved(state: DepthState, priceUsd: D, selling: boolean, impact: D, average: D): FillInDepthModelReturnType {
  const exhausted = selling && impact.gte(1)
  const sign = selling ? -1 : 1
  return {
    state,
    fillPriceUsd: priceUsd.mul(ONE.add(exhausted ? new D('-0.5') : average.mul(sign))),
    priceAfterUsd: exhausted ? ZERO : priceUsd.mul(ONE.add(impact.mul(sign))),
    feeUsd: ZERO,
    exhausted,
  }
}

function positive(value: string, name: string): D {
  const parsed = dec(value)
  if (parsed.lte(0)) throw new EngineInputError(`The depth model's "${name}" must be positive.`)
  return parsed
}
