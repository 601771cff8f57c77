/**
 * Parses a `portfolio-margin` snapshot into per-underlying books ready for scenario revaluation,
 * and evaluates one underlying's risk matrix at a trial price (internal to the options module).
 *
 * @see https://support.deribit.com/hc/en-us/articles/25944756247837-Portfolio-Margin
 */
import { D, dec, max, ONE, ZERO } from '../decimal'
import { EngineInputError } from '../errors'
import { priceOf } from '../haircut'
import { computeImpliedVolatility } from './computeImpliedVolatility'
import { computeTimeToExpiry } from './computeTimeToExpiry'
import {
  approximateOptionValues,
  createOptionKernel,
  type KernelPricePoint,
  lnToNumber,
  type OptionKernel,
  revalueOptions,
} from './scenarioKernel'
import type { LinearPerpPosition, OptionPosition, PortfolioMarginParams, PortfolioMarginSnapshot } from './types'

export type PreparedOption = {
  position: OptionPosition
  size: D
  strike: D
  /** Forward for the expiry at the current spot, USD. */
  forward: D
  discountFactor: D
  timeYears: D
  /** Volatility used for valuation and scenarios (given, or implied from the mark). */
  volatility: D
  /** r, for theta. */
  riskFreeRate: D
  /** r − q when the forward follows the spot (spot × e^((r − q)T)); 0 for a given Black-76 forward (held fixed). */
  carry: D
  kernel: OptionKernel
}

export type PreparedPerp = { position: LinearPerpPosition; size: D; entryPrice: D }

export type PreparedUnderlying = {
  underlying: string
  /** Current price of the underlying, USD. */
  price: D
  options: PreparedOption[]
  perps: PreparedPerp[]
  /** Σ perp sizes: their scenario P&L is perpSize × Δprice. */
  perpSize: D
  /** Σ |size| of written options, for the floor. */
  shortOptionSize: D
  /** `mmFloor` of this underlying (0 without one). */
  floorRate: D
  /** Σ over (expiry, strike) of max(0, −net option size), units of the underlying. */
  netShortPerStrike: D
  /** `netShortOptionContingency` (0 without one). */
  contingencyRate: D
}

/** Deribit's extended table, ready for revaluation (see `PortfolioMarginParams.extendedTable`). */
export type PreparedExtendedTable = {
  moves: D[]
  /** 1 + move per move. */
  factors: D[]
  logFactors: number[]
  factorsApprox: number[]
  /** 1 + move clamped to the standard grid's range: what perps move by in each row. */
  perpFactors: D[]
  perpFactorsApprox: number[]
  /** Index in `volShocks` of the largest shock ("Volatility Range Up"). */
  shockIndex: number
  pnlFraction: D
  dampener: D
}

export type PreparedGrid = {
  /** Price moves in percent, as given. */
  moves: D[]
  /** 1 + move/100 per move. */
  factors: D[]
  /** ln(factor) per move, as doubles. */
  logFactors: number[]
  /** factor per move, as doubles (for `evaluateUnderlyingMargin`). */
  factorsApprox: number[]
  volShocks: D[]
  extended?: PreparedExtendedTable | undefined
}

export type PreparedPortfolio = {
  underlyings: PreparedUnderlying[]
  grid: PreparedGrid
  imMultiplier: D
}

/** The risk matrix of one underlying evaluated at one trial price. */
export type UnderlyingRiskAt = {
  /** The underlying's price at which the matrix was evaluated, USD. */
  price: D
  /** Σ option position values (kernel), unshocked, USD. */
  optionValue: D
  /** Scenario P&L, move-major, USD. */
  pnl: D[]
  worstIndex: number
  worstLoss: D
  /** Extended table rows' P&L, USD (empty without one). */
  extendedPnl: D[]
  /** The worst extended row's counted loss (0 without a table). */
  extendedLoss: D
  floor: D
  contingency: D
  maintenanceMargin: D
}

function toFactors(moves: D[]): D[] {
  return moves.map((move) => {
    const factor = ONE.add(move)
    if (!factor.gt(0)) throw new EngineInputError(`Price move ${move.toString()} must be above −1 (a fall of 100 %).`)
    return factor
  })
}

function prepareGrid(params: PortfolioMarginParams): PreparedGrid {
  if (params.priceMoves.length === 0 || params.volShocks.length === 0) {
    throw new EngineInputError('Portfolio margin needs at least one price move and one vol shock.')
  }
  const moves = params.priceMoves.map((move) => dec(move))
  const factors = toFactors(moves)
  const volShocks = params.volShocks.map((shock) => dec(shock))
  return {
    moves,
    factors,
    logFactors: factors.map(lnToNumber),
    factorsApprox: factors.map((factor) => factor.toNumber()),
    volShocks,
    extended: prepareExtendedTable(params.extendedTable, moves, volShocks),
  }
}

function prepareExtendedTable(
  table: PortfolioMarginParams['extendedTable'],
  standardMoves: D[],
  volShocks: D[],
): PreparedExtendedTable | undefined {
  if (table === undefined) return undefined
  if (table.priceMoves.length === 0) throw new EngineInputError('An extended table needs at least one price move.')
  const pnlFraction = dec(table.pnlFraction)
  const dampener = dec(table.dampenerUsd)
  if (pnlFraction.lt(0)) throw new EngineInputError('The extended table pnlFraction must be ≥ 0.')
  if (dampener.lt(0)) throw new EngineInputError('The extended table dampener must be ≥ 0.')
  const moves = table.priceMoves.map((move) => dec(move))
  const factors = toFactors(moves)
  const lowest = standardMoves.reduce((a, b) => (b.lt(a) ? b : a))
  const highest = standardMoves.reduce((a, b) => (b.gt(a) ? b : a))
  const perpFactors = moves.map((move) => ONE.add(max(lowest, move.gt(highest) ? highest : move)))
  let shockIndex = 0
  volShocks.forEach((shock, index) => {
    if (shock.gt(volShocks[shockIndex] as D)) shockIndex = index
  })
  return {
    moves,
    factors,
    logFactors: factors.map(lnToNumber),
    factorsApprox: factors.map((factor) => factor.toNumber()),
    perpFactors,
    perpFactorsApprox: perpFactors.map((factor) => factor.toNumber()),
    shockIndex,
    pnlFraction,
    dampener,
  }
}

/** A row's loss as the extended table counts it: max(0, fraction × loss − dampener), monotone in the loss. */
function countedExtendedLoss(table: PreparedExtendedTable, pnl: D): D {
  return max(table.pnlFraction.mul(pnl.neg()).sub(table.dampener), ZERO)
}

const pointsAt = (at: KernelPricePoint, factors: readonly D[], logFactors: readonly number[]): KernelPricePoint[] =>
  factors.map((factor, i) => ({
    spotRatio: at.spotRatio.mul(factor),
    logSpotRatio: at.logSpotRatio + (logFactors[i] as number),
  }))

/** The extended table's rows at a trial price: raw P&L per row and the worst row's counted loss. */
function evaluateExtendedTable(
  book: PreparedUnderlying,
  grid: PreparedGrid,
  at: KernelPricePoint,
  price: D,
): { pnl: D[]; loss: D } {
  const table = grid.extended
  if (!table) return { pnl: [], loss: ZERO }
  const { baseValue, scenarioValues } = revalueOptions({
    kernels: book.options.map((option) => option.kernel),
    referenceSpot: book.price,
    base: at,
    points: pointsAt(at, table.factors, table.logFactors),
    shockCount: grid.volShocks.length,
    shockIndex: table.shockIndex,
  })
  const pnl = scenarioValues.map((value, i) =>
    value.sub(baseValue).add(book.perpSize.mul(price).mul((table.perpFactors[i] as D).sub(1))),
  )
  const lowest = pnl.reduce((a, b) => (b.lt(a) ? b : a))
  return { pnl, loss: countedExtendedLoss(table, lowest) }
}

function shockVolatility(volatility: D, shock: D, mode: PortfolioMarginParams['volShockMode']): D {
  const shocked = mode === 'relative' ? volatility.mul(ONE.add(shock)) : volatility.add(shock)
  return max(shocked, ZERO)
}

const DAYS_PER_YEAR = new D(365)

/**
 * Deribit's term structure of volatility shocks: `(referenceDays / days to expiry)^exponent` (1
 * without `volShockTerm`), so near expiries get larger shocks.
 *
 * @see https://www.deribit.com/pages/docs/portfoliomargin
 */
function termScale(timeYears: D, params: PortfolioMarginParams): D {
  const term = params.volShockTerm
  if (!term) return ONE
  const days = max(timeYears.mul(DAYS_PER_YEAR), dec(term.minDays ?? '1'))
  return dec(term.referenceDays).div(days).pow(dec(term.exponent))
}

/** What depends only on an expiry (and the underlying's rates): shared by every option of that expiry. */
type ExpiryTerms = {
  timeYears: D
  /** e^(−rT). */
  discountFactor: D
  /** e^((r − q)T): forward / spot under cost of carry. */
  growth: D
  /** √T as a double, for the scenario kernel. */
  sqrtTime: number
  /** r − q. */
  carry: D
}

function expiryTerms(expirySec: number, riskFreeRate: D, underlyingYield: D, nowSec: number): ExpiryTerms {
  const timeYears = computeTimeToExpiry({ expirySec, nowSec })
  const carry = riskFreeRate.sub(underlyingYield)
  return {
    timeYears,
    discountFactor: riskFreeRate.neg().mul(timeYears).exp(),
    growth: carry.mul(timeYears).exp(),
    sqrtTime: timeYears.sqrt().toNumber(),
    carry,
  }
}

function prepareOption(
  position: OptionPosition,
  spot: D,
  { timeYears, discountFactor, growth, sqrtTime, carry }: ExpiryTerms,
  riskFreeRate: D,
  grid: PreparedGrid,
  params: PortfolioMarginParams,
  nowSec: number,
): PreparedOption {
  const size = dec(position.size)
  const strike = dec(position.strike)
  const givenForward = position.pricingModel === 'black-76' && position.forwardPriceUsd !== undefined
  const forward = givenForward ? dec(position.forwardPriceUsd as string) : spot.mul(growth)
  const volatility = timeYears.isZero() ? ZERO : volatilityOf(position, forward, riskFreeRate, nowSec)
  const kernel = createOptionKernel({
    size,
    strike,
    isCall: position.right === 'call',
    forward,
    discountFactor,
    timeYears,
    sqrtTime,
    volatility,
    shockedVolatilities: grid.volShocks.map((shock) =>
      shockVolatility(volatility, shock.mul(termScale(timeYears, params)), params.volShockMode),
    ),
  })
  return {
    position,
    size,
    strike,
    forward,
    discountFactor,
    timeYears,
    volatility,
    riskFreeRate,
    carry: givenForward ? ZERO : carry,
    kernel,
  }
}

/** The given implied volatility, or the one implied by the mark (on the forward: the same for both models). */
function volatilityOf(position: OptionPosition, forward: D, riskFreeRate: D, nowSec: number): D {
  if (position.impliedVolatility !== undefined) {
    const volatility = dec(position.impliedVolatility)
    if (volatility.lt(0)) throw new EngineInputError(`Option "${position.id}" has a negative implied volatility.`)
    return volatility
  }
  if (position.markPriceUsd === undefined) {
    throw new EngineInputError(`Option "${position.id}" needs an impliedVolatility or a markPriceUsd.`)
  }
  const implied = computeImpliedVolatility({
    model: 'black-76',
    right: position.right,
    price: position.markPriceUsd,
    forward,
    strike: position.strike,
    riskFreeRate,
    expirySec: position.expirySec,
    nowSec,
  })
  if (implied.kind !== 'volatility') {
    throw new EngineInputError(`Cannot imply a volatility from the mark of option "${position.id}": ${implied.kind}.`)
  }
  return implied.volatility
}

export function preparePortfolioMargin(snapshot: PortfolioMarginSnapshot, nowSec: number): PreparedPortfolio {
  const { params } = snapshot
  const grid = prepareGrid(params)
  const riskFreeRate = dec(params.riskFreeRate)
  const imMultiplier = dec(params.imMultiplier)
  if (imMultiplier.lt(1)) throw new EngineInputError('imMultiplier must be ≥ 1.')

  const books = new Map<string, PreparedUnderlying>()
  // Books hold few expiries: compute each expiry's exponentials once.
  const expiries = new Map<string, ExpiryTerms>()
  const bookOf = (underlying: string): PreparedUnderlying => {
    let book = books.get(underlying)
    if (!book) {
      const floor = params.mmFloor?.[underlying]
      book = {
        underlying,
        price: priceOf(snapshot.prices, underlying),
        options: [],
        perps: [],
        perpSize: ZERO,
        shortOptionSize: ZERO,
        floorRate: floor === undefined ? ZERO : dec(floor),
        netShortPerStrike: ZERO,
        contingencyRate: ZERO,
      }
      books.set(underlying, book)
    }
    return book
  }
  for (const position of snapshot.options) {
    if (dec(position.size).isZero()) continue
    const book = bookOf(position.underlying)
    const key = `${position.underlying}@${position.expirySec}`
    let terms = expiries.get(key)
    if (!terms) {
      const yieldOf = params.underlyingYields?.[position.underlying]
      terms = expiryTerms(position.expirySec, riskFreeRate, yieldOf === undefined ? ZERO : dec(yieldOf), nowSec)
      expiries.set(key, terms)
    }
    const option = prepareOption(position, book.price, terms, riskFreeRate, grid, params, nowSec)
    book.options.push(option)
    if (option.size.isNegative()) book.shortOptionSize = book.shortOptionSize.add(option.size.abs())
  }
  // Deribit's contingency: net short options per strike (calls and puts of one expiry and strike net).
  if (params.netShortOptionContingency !== undefined) {
    const nets = new Map<string, { book: PreparedUnderlying; net: D }>()
    for (const option of books.values()) {
      for (const prepared of option.options) {
        const key = `${option.underlying}@${prepared.position.expirySec}@${prepared.strike.toString()}`
        const entry = nets.get(key) ?? { book: option, net: ZERO }
        entry.net = entry.net.add(prepared.size)
        nets.set(key, entry)
      }
    }
    for (const { book, net } of nets.values())
      if (net.isNegative()) book.netShortPerStrike = book.netShortPerStrike.sub(net)
  }
  const contingencyRate = params.netShortOptionContingency === undefined ? ZERO : dec(params.netShortOptionContingency)
  for (const book of books.values()) book.contingencyRate = contingencyRate
  for (const position of snapshot.perps ?? []) {
    const size = dec(position.size)
    if (size.isZero()) continue
    const book = bookOf(position.underlying)
    book.perps.push({ position, size, entryPrice: dec(position.entryPriceUsd) })
    book.perpSize = book.perpSize.add(size)
  }
  return { underlyings: [...books.values()], grid, imMultiplier }
}

/**
 * Evaluates one underlying's risk matrix with its price at `reference × spotRatio` (all other
 * prices fixed): scenario P&L = option revaluation (move × vol shock) − unshocked value + perps'
 * size × Δprice; MM = max(worst loss, worst counted extended loss, floor) + contingency.
 */
export function evaluateUnderlyingRisk(
  book: PreparedUnderlying,
  grid: PreparedGrid,
  at: KernelPricePoint,
): UnderlyingRiskAt {
  const price = book.price.mul(at.spotRatio)
  const points = pointsAt(at, grid.factors, grid.logFactors)
  const shockCount = grid.volShocks.length
  const { baseValue, scenarioValues } = revalueOptions({
    kernels: book.options.map((option) => option.kernel),
    referenceSpot: book.price,
    base: at,
    points,
    shockCount,
  })
  let worstIndex = 0
  const pnl = scenarioValues.map((value, index) => {
    const move = grid.factors[Math.floor(index / shockCount)] as D
    return value.sub(baseValue).add(book.perpSize.mul(price).mul(move.sub(1)))
  })
  pnl.forEach((value, index) => {
    if (value.lt(pnl[worstIndex] as D)) worstIndex = index
  })
  const worstLoss = max((pnl[worstIndex] as D).neg(), ZERO)
  const extended = evaluateExtendedTable(book, grid, at, price)
  const floor = book.floorRate.mul(book.shortOptionSize).mul(price)
  const contingency = book.contingencyRate.mul(book.netShortPerStrike).mul(price)
  return {
    price,
    optionValue: baseValue,
    pnl,
    worstIndex,
    worstLoss,
    extendedPnl: extended.pnl,
    extendedLoss: extended.loss,
    floor,
    contingency,
    maintenanceMargin: max(max(worstLoss, extended.loss), floor).add(contingency),
  }
}

/** The two figures of `evaluateUnderlyingRisk` that a liquidation-price search needs. */
export type UnderlyingMarginAt = Pick<UnderlyingRiskAt, 'optionValue' | 'maintenanceMargin'>

/**
 * Cells whose double P&L is within this × the book's scale of the lowest are revalued exactly: the
 * double P&Ls are within 2 × 7.5e-8 × scale (+ rounding) of the exact ones (`approximateOptionValues`),
 * so the exact worst cell is always among them.
 */
const RANKING_MARGIN = 1e-6

/**
 * `evaluateUnderlyingRisk`'s option value and maintenance margin, to the same Decimal, at a
 * fraction of its cost: the whole risk matrix is revalued in doubles (rough Φ) only to rank the
 * scenarios; the exact kernel then revalues the base and the cells that can be the worst (those
 * within `RANKING_MARGIN` of the lowest, usually one). Each exact cell is computed exactly as
 * `evaluateUnderlyingRisk` computes it, so the minimum, and the margin, are the same Decimals.
 */
export function evaluateUnderlyingMargin(
  book: PreparedUnderlying,
  grid: PreparedGrid,
  at: KernelPricePoint,
): UnderlyingMarginAt {
  const shockCount = grid.volShocks.length
  const { spotRatio, referenceSpot, kernels, baseValue, scenarioValues } = approximateBookAt(book, at, grid, shockCount)
  const perpUsd = book.perpSize.toNumber() * referenceSpot * spotRatio
  const approximatePnl = Array.from(
    scenarioValues,
    (value, index) =>
      value - baseValue + perpUsd * ((grid.factorsApprox[Math.floor(index / shockCount)] as number) - 1),
  )
  const scale = rankingScale(kernels, perpUsd, spotRatio * Math.max(1, ...grid.factorsApprox), referenceSpot)
  const cutoff = Math.min(...approximatePnl) + RANKING_MARGIN * scale
  const candidates = approximatePnl.flatMap((pnl, index) => (pnl <= cutoff ? [index] : []))
  // Not finite (an overflow): no ranking to trust.
  if (!Number.isFinite(cutoff) || candidates.length === 0) return evaluateUnderlyingRisk(book, grid, at)
  const extendedCandidates = rankExtendedTable(book, grid, at, perpUsd)
  if (extendedCandidates === null) return evaluateUnderlyingRisk(book, grid, at)

  const price = book.price.mul(at.spotRatio)
  let optionValue = ZERO
  let worstPnl: D | null = null
  for (const index of candidates) {
    const moveIndex = Math.floor(index / shockCount)
    const factor = grid.factors[moveIndex] as D
    const exact = revalueOptions({
      kernels,
      referenceSpot: book.price,
      base: at,
      points: [
        { spotRatio: at.spotRatio.mul(factor), logSpotRatio: at.logSpotRatio + (grid.logFactors[moveIndex] as number) },
      ],
      shockCount,
      shockIndex: index % shockCount,
    })
    optionValue = exact.baseValue
    const pnl = (exact.scenarioValues[0] as D).sub(exact.baseValue).add(book.perpSize.mul(price).mul(factor.sub(1)))
    if (worstPnl === null || pnl.lt(worstPnl)) worstPnl = pnl
  }
  const worstLoss = max((worstPnl as D).neg(), ZERO)
  let extendedLoss = ZERO
  const table = grid.extended
  if (table && extendedCandidates.length > 0) {
    const exact = revalueOptions({
      kernels,
      referenceSpot: book.price,
      base: at,
      points: pointsAt(
        at,
        extendedCandidates.map((index) => table.factors[index] as D),
        extendedCandidates.map((index) => table.logFactors[index] as number),
      ),
      shockCount,
      shockIndex: table.shockIndex,
    })
    const lowest = exact.scenarioValues
      .map((value, k) =>
        value
          .sub(exact.baseValue)
          .add(book.perpSize.mul(price).mul((table.perpFactors[extendedCandidates[k] as number] as D).sub(1))),
      )
      .reduce((a, b) => (b.lt(a) ? b : a))
    extendedLoss = countedExtendedLoss(table, lowest)
  }
  const floor = book.floorRate.mul(book.shortOptionSize).mul(price)
  const contingency = book.contingencyRate.mul(book.netShortPerStrike).mul(price)
  return { optionValue, maintenanceMargin: max(max(worstLoss, extendedLoss), floor).add(contingency) }
}

/** Bound on the double P&Ls' error, in units of `RANKING_MARGIN`, for scenarios up to `largestRatio` × spot. */
function rankingScale(kernels: readonly OptionKernel[], perpUsd: number, largestRatio: number, referenceSpot: number) {
  let scale = Math.abs(perpUsd) * largestRatio
  for (const kernel of kernels) {
    scale +=
      kernel.kind === 'live'
        ? Math.abs(kernel.forwardCoefficientApprox) * largestRatio + Math.abs(kernel.strikeCoefficientApprox)
        : Math.abs(kernel.sizeApprox) * (kernel.strikeApprox + referenceSpot * largestRatio)
  }
  return scale
}

/**
 * The book's options valued in doubles at `at` and at each of `moves`' price factors (every volatility
 * shock, or the one at `shockIndex`): what the ranking of the standard cells and of the extended rows
 * both start from.
 */
function approximateBookAt(
  book: PreparedUnderlying,
  at: KernelPricePoint,
  moves: { factorsApprox: readonly number[]; logFactors: readonly number[] },
  shockCount: number,
  shockIndex?: number,
) {
  const spotRatio = at.spotRatio.toNumber()
  const referenceSpot = book.price.toNumber()
  const kernels = book.options.map((option) => option.kernel)
  const { baseValue, scenarioValues } = approximateOptionValues({
    kernels,
    referenceSpot,
    baseRatio: spotRatio,
    baseLogRatio: at.logSpotRatio,
    ratios: moves.factorsApprox.map((factor) => spotRatio * factor),
    logRatios: moves.logFactors.map((logFactor) => at.logSpotRatio + logFactor),
    shockCount,
    ...(shockIndex === undefined ? {} : { shockIndex }),
  })
  return { spotRatio, referenceSpot, kernels, baseValue, scenarioValues }
}

/**
 * The extended rows that can be the worst, ranked in doubles as the standard cells are (the
 * counted loss rises with the loss, so the worst row is the one with the lowest P&L); [] without a
 * table, null when the doubles overflow.
 */
function rankExtendedTable(
  book: PreparedUnderlying,
  grid: PreparedGrid,
  at: KernelPricePoint,
  perpUsd: number,
): number[] | null {
  const table = grid.extended
  if (!table) return []
  const { spotRatio, referenceSpot, kernels, baseValue, scenarioValues } = approximateBookAt(
    book,
    at,
    table,
    grid.volShocks.length,
    table.shockIndex,
  )
  const pnl = Array.from(
    scenarioValues,
    (value, index) => value - baseValue + perpUsd * ((table.perpFactorsApprox[index] as number) - 1),
  )
  const scale = rankingScale(kernels, perpUsd, spotRatio * Math.max(1, ...table.factorsApprox), referenceSpot)
  const cutoff = Math.min(...pnl) + RANKING_MARGIN * scale
  if (!Number.isFinite(cutoff)) return null
  return pnl.flatMap((value, index) => (value <= cutoff ? [index] : []))
}
