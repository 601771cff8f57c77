/**
 * Solvers over the engine: the deposit or the reduction that brings a margin account to a target,
 * and the uniform market move that liquidates it. Each one searches with the SAME evaluation a
 * report uses (`applyChanges` + `evaluateMarginAccount`), so an answer is exact for the model
 * rather than a linearisation of it.
 */
import { D, type DecimalString, dec, ONE, ZERO } from './decimal'
import { EngineInputError } from './errors'
import { evaluateMarginAccount, type MarginAccountSnapshot } from './evaluateMarginAccount'
import { findBracketIllinois } from './math/findBracketIllinois'
import { findRootBrent } from './math/findRootBrent'
import type { RiskReport } from './types'
import { applyChanges } from './whatIf/applyChanges'
import type { WhatIfChange } from './whatIf/types'

/** What "healthy enough" means: margin ratio at most a value, or health factor at least a value. */
export type SolverTarget =
  | { kind: 'marginRatio'; value: DecimalString }
  | { kind: 'healthFactor'; value: DecimalString }

export type SolveResult =
  | { kind: 'solution'; amount: D; report: RiskReport }
  | { kind: 'already-met'; report: RiskReport }
  | { kind: 'unreachable'; report: RiskReport }

/** Relative precision of solver answers (the engine keeps 60 digits; 1e-12 is far below any venue's rounding). */
const RELATIVE_TOLERANCE = new D('1e-12')

/**
 * Signed distance to the target: ≥ 0 when met. Margin ratio: equity × target − MM (linear in
 * the amounts we solve for, so Brent converges in a few steps). Health factor: HF − target.
 */
function slack(report: RiskReport, target: SolverTarget): D {
  const value = dec(target.value)
  if (target.kind === 'marginRatio') {
    if (report.maintenanceMarginUsd.isZero()) return ONE_BIG
    return report.haircutEquityUsd.mul(value).sub(report.maintenanceMarginUsd)
  }
  const hf = report.healthFactor
  if (hf === null)
    throw new EngineInputError(`A ${report.model} margin account has no health factor; target a margin ratio.`)
  if (hf.kind === 'none' || hf.kind === 'infinite') return ONE_BIG
  return hf.value.sub(value)
}
const ONE_BIG = new D('1e30')

export type SolveDepositParameters = {
  snapshot: MarginAccountSnapshot
  nowSec: number
  /** The asset to deposit (a collateral asset of the margin account). */
  asset: string
  target: SolverTarget
}

/**
 * The smallest deposit of `asset` (in its units) after which the account meets `target`.
 *
 * @example solveDeposit({ snapshot, nowSec, asset: 'USDC', target: { kind: 'marginRatio', value: '0.5' } })
 */
export function solveDeposit({ snapshot, nowSec, asset, target }: SolveDepositParameters): SolveResult {
  const evaluateWith = (amount: D) =>
    amount.isZero()
      ? evaluateMarginAccount({ snapshot, nowSec })
      : evaluateAfter(snapshot, nowSec, [{ kind: 'deposit', asset, amount: amount.toFixed() }])
  const before = evaluateWith(ZERO)
  if (slack(before, target).gte(0)) return { kind: 'already-met', report: before }
  // Bracket: start from the shortfall valued at the asset's price (par for a venue's quote asset) and double until met.
  const quote = snapshot.prices[asset]
  const price = quote && dec(quote.priceUsd).gt(0) ? dec(quote.priceUsd) : ONE
  let upper = before.maintenanceMarginUsd.add(before.equityUsd.abs()).div(price).add(1)
  let report = evaluateWith(upper)
  for (let i = 0; slack(report, target).lt(0); i++) {
    if (i === 200) return { kind: 'unreachable', report: before }
    upper = upper.mul(2)
    report = evaluateWith(upper)
  }
  return refine(ZERO, upper, (amount) => slack(evaluateWith(amount), target), evaluateWith)
}

export type SolveReductionParameters = {
  snapshot: MarginAccountSnapshot
  nowSec: number
  /**
   * The position to reduce: a perp's price key (its coin or base), an option's id, or (Aave) the debt asset's key.
   */
  position: string
  target: SolverTarget
}

/**
 * The smallest reduction of one position (units of the underlying, or of the debt asset) after
 * which the account meets `target`; `unreachable` when even closing it all is not enough.
 */
export function solveReduction({ snapshot, nowSec, position, target }: SolveReductionParameters): SolveResult {
  const before = evaluateMarginAccount({ snapshot, nowSec })
  const current = before.positions.find(
    (p) =>
      ((p.kind === 'perp' || p.kind === 'debt') && (p.priceKey === position || p.asset.key === position)) ||
      p.id === position,
  )
  if (!current || current.size.isZero()) throw new EngineInputError(`No open position "${position}" to reduce.`)
  if (slack(before, target).gte(0)) return { kind: 'already-met', report: before }
  const full = current.size.abs()
  const evaluateWith = (amount: D) =>
    amount.isZero() ? before : evaluateAfter(snapshot, nowSec, [reduce(snapshot, current, amount)])
  const whole = evaluateWith(full)
  if (slack(whole, target).lt(0)) return { kind: 'unreachable', report: whole }
  return refine(ZERO, full, (amount) => slack(evaluateWith(amount), target), evaluateWith)
}

/** The change that takes `amount` units off a position, in the terms of its kind. */
function reduce(snapshot: MarginAccountSnapshot, position: RiskReport['positions'][number], amount: D): WhatIfChange {
  if (position.kind === 'debt') return { kind: 'repay', asset: position.asset.key, amount: amount.toFixed() }
  const remaining = position.size
    .abs()
    .sub(amount)
    .mul(position.size.s ?? 1)
  if (position.kind === 'perp')
    return { kind: 'setPerpPosition', underlying: position.priceKey, size: remaining.toFixed() }
  if (position.kind === 'option' && snapshot.model === 'portfolio-margin') {
    const option = snapshot.options.find((o) => o.id === position.id)
    if (option) return { kind: 'setOptionPosition', option: { ...option, size: remaining.toFixed() } }
  }
  throw new EngineInputError(`Position "${position.id}" cannot be reduced.`)
}

export type SolveUniformMoveParameters = {
  snapshot: MarginAccountSnapshot
  nowSec: number
  /** Largest upward move searched, a fraction (default 10, i.e. +1,000 %; downward moves go to −0.9999). */
  maxUp?: DecimalString | undefined
}

export type SolveUniformMoveReturnType =
  | { kind: 'move'; move: D; report: RiskReport }
  | { kind: 'already-liquidatable'; report: RiskReport }
  | { kind: 'unreachable'; report: RiskReport }

/** Grid of moves (fractions) scanned outward for the first sign change, then refined with Brent. */
const SCAN = [
  '0.005',
  '0.01',
  '0.02',
  '0.03',
  '0.05',
  '0.075',
  '0.1',
  '0.15',
  '0.2',
  '0.3',
  '0.4',
  '0.5',
  '0.6',
  '0.7',
  '0.8',
  '0.9',
  '0.95',
  '0.99',
  '0.9999',
]

/**
 * The uniform move of every crypto price (a fraction, same direction for all) nearest to zero at
 * which the margin account is liquidated (equity = maintenance margin).
 *
 * @example solveUniformMove({ snapshot, nowSec }) // { kind: 'move', move: D('-0.234…') }
 */
export function solveUniformMove({
  snapshot,
  nowSec,
  maxUp = '10',
}: SolveUniformMoveParameters): SolveUniformMoveReturnType {
  const band = scanBand(snapshot, nowSec, (move) => ({ kind: 'moveAllCrypto', move: move.toFixed() }), dec(maxUp), true)
  if (band.kind !== 'band') return band
  const best = [band.down, band.up].filter((side) => side !== null).sort((a, b) => a.move.abs().cmp(b.move.abs()))[0]
  return best ? { kind: 'move', ...best } : { kind: 'unreachable', report: band.report }
}

export type SolveLiquidationBandParameters = {
  snapshot: MarginAccountSnapshot
  nowSec: number
  /** The underlying moved (`ETH` moves WETH, wstETH at its rate, ETH perps), every other price fixed. */
  underlying: string
  /** Largest upward move searched, a fraction (default 10, i.e. +1,000 %; downward moves go to −0.9999). */
  maxUp?: DecimalString | undefined
}

/** The nearest move of one underlying on each side that liquidates the margin account (null: none on that side). */
export type SolveLiquidationBandReturnType =
  | {
      kind: 'band'
      /** The fall (a negative fraction) nearest to 0 at which equity = maintenance margin. */
      down: { move: D; report: RiskReport } | null
      /** The rise (a positive fraction) nearest to 0 at which equity = maintenance margin. */
      up: { move: D; report: RiskReport } | null
      report: RiskReport
    }
  | { kind: 'already-liquidatable'; report: RiskReport }
  | { kind: 'unreachable'; report: RiskReport }

/**
 * The band of moves of one underlying (all other prices fixed) inside which the margin account
 * survives: the nearest liquidating fall and rise, each found with the same evaluation a report uses
 * (a `movePrice` what-if), so a position whose liquidation price is not a closed form (options,
 * several assets on one underlying, Aave e-mode) is still exact for the model.
 *
 * @example solveLiquidationBand({ snapshot, nowSec, underlying: 'ETH' }) // { kind: 'band', down: { move: D('-0.31…') }, up: null }
 */
export function solveLiquidationBand({
  snapshot,
  nowSec,
  underlying,
  maxUp = '10',
}: SolveLiquidationBandParameters): SolveLiquidationBandReturnType {
  return scanBand(
    snapshot,
    nowSec,
    (move) => ({ kind: 'movePrice', underlying, move: move.toFixed() }),
    dec(maxUp),
    false,
  )
}

/**
 * Scans moves outward on both sides for the first one that liquidates, then refines it with Brent.
 * `nearestOnly`: stop scanning a side once its moves are farther than the other side's answer.
 */
function scanBand(
  snapshot: MarginAccountSnapshot,
  nowSec: number,
  changeAt: (move: D) => WhatIfChange,
  up: D,
  nearestOnly: boolean,
): SolveLiquidationBandReturnType {
  const evaluateAt = (move: D) =>
    move.isZero() ? evaluateMarginAccount({ snapshot, nowSec }) : evaluateAfter(snapshot, nowSec, [changeAt(move)])
  const surplus = (report: RiskReport) => report.haircutEquityUsd.sub(report.maintenanceMarginUsd)
  const now = evaluateAt(ZERO)
  if (now.liquidatable) return { kind: 'already-liquidatable', report: now }
  if (now.maintenanceMarginUsd.isZero() && now.healthFactor?.kind !== 'finite')
    return { kind: 'unreachable', report: now }

  const down = SCAN.map((step) => dec(step).neg())
  const upward = [...SCAN.map((step) => dec(step)).filter((step) => step.lt(up)), up, up.mul(2), up.mul(5)].filter(
    (step) => step.lte(up),
  )
  const found: ({ move: D; report: RiskReport } | null)[] = []
  for (const side of [down, upward]) {
    const other = found[0] ?? null
    let previous = ZERO
    let previousSurplus = surplus(now)
    let hit: { move: D; report: RiskReport } | null = null
    for (const move of side) {
      if (nearestOnly && other && move.abs().gte(other.move.abs())) break
      const report = evaluateAt(move)
      const value = surplus(report)
      if (report.liquidatable || value.lte(0)) {
        const root = findRootBrent({
          f: (x) => surplus(evaluateAt(x)),
          lower: previous,
          upper: move,
          fLower: previousSurplus,
          fUpper: value,
          tolerance: RELATIVE_TOLERANCE.mul(move.abs().add(1)),
        })
        const x = root.kind === 'not-bracketed' ? move : root.x
        hit = { move: x, report: evaluateAt(x) }
        break
      }
      previous = move
      previousSurplus = value
    }
    found.push(hit)
  }
  const [downHit = null, upHit = null] = found
  return { kind: 'band', down: downHit, up: upHit, report: now }
}

function evaluateAfter(snapshot: MarginAccountSnapshot, nowSec: number, changes: WhatIfChange[]): RiskReport {
  return evaluateMarginAccount({ snapshot: applyChanges({ snapshot, changes, nowSec }), nowSec })
}

/** Brent on a slack that is < 0 at `lower` and ≥ 0 at `upper`; returns the smallest amount that meets the target. */
function refine(lower: D, upper: D, f: (amount: D) => D, evaluateWith: (amount: D) => RiskReport): SolveResult {
  const tolerance = RELATIVE_TOLERANCE.mul(upper)
  const root = findRootBrent({ f, lower, upper, tolerance })
  let amount = root.kind === 'not-bracketed' ? upper : root.x
  let report = evaluateWith(amount)
  // Land on the side that meets the target (Brent may stop a hair below the root).
  for (let i = 0; f(amount).lt(0) && i < 60; i++) {
    amount = amount.add(tolerance.mul(2 ** i))
    report = evaluateWith(amount)
  }
  return { kind: 'solution', amount, report }
}

export type SolveMinimalAmountParameters = {
  snapshot: MarginAccountSnapshot
  nowSec: number
  /** The changes that apply `amount` (units of an asset or of a position, a multiple of `unit`). */
  changesFor: (amount: D) => WhatIfChange[]
  /** ≥ 0 when the target is met by the margin account after the changes. */
  slack: (after: { snapshot: MarginAccountSnapshot; report: RiskReport }) => D
  /** The smallest step of the amount (a token's 10^−decimals); the answer is a multiple of it. */
  unit: D
  /** The most that can be applied (a position's size, a debt); unbounded when omitted. */
  maxAmount?: D | undefined
  /** Where an unbounded search starts doubling from (> 0). */
  initial?: D | undefined
  /** `slack` of the margin account as it is, when the caller has it (saves its evaluation). */
  slackBefore?: D | undefined
}

export type SolveMinimalAmountReturnType =
  | { kind: 'solution'; amount: D; report: RiskReport; snapshot: MarginAccountSnapshot }
  | { kind: 'already-met'; report: RiskReport }
  | { kind: 'unreachable'; report: RiskReport }

/**
 * The smallest multiple of `unit` whose changes meet a target (`slack` ≥ 0), for a slack that grows
 * with the amount: bracket (the maximum, or doubling), narrow the bracket on the continuous amount
 * to a unit (`findBracketIllinois`: two or three evaluations when the slack is linear, as it is for
 * a deposit or a repayment), then round up to the unit and bisect over whole units until the amount
 * meets the target and one unit less does not. Each amount is evaluated once.
 * Every evaluation is `applyChanges` + `evaluateMarginAccount`, the path a what-if takes.
 *
 * @example solveMinimalAmount({ snapshot, nowSec, unit: D('1e-6'), changesFor: (a) => [{ kind: 'deposit', asset: 'USDC', amount: a.toFixed() }], slack })
 */
export function solveMinimalAmount({
  snapshot,
  nowSec,
  changesFor,
  slack,
  unit,
  maxAmount,
  initial = ONE,
  slackBefore,
}: SolveMinimalAmountParameters): SolveMinimalAmountReturnType {
  const before = evaluateMarginAccount({ snapshot, nowSec })
  // Each amount is evaluated once: the bracket, the integer search and the answer share points.
  const evaluated = new Map<string, { after: { snapshot: MarginAccountSnapshot; report: RiskReport }; slack: D }>()
  const point = (amount: D) => {
    const key = amount.toFixed()
    let found = evaluated.get(key)
    if (!found) {
      const after = amount.isZero()
        ? { snapshot, report: before }
        : (() => {
            const changed = applyChanges({ snapshot, changes: changesFor(amount), nowSec })
            return { snapshot: changed, report: evaluateMarginAccount({ snapshot: changed, nowSec }) }
          })()
      found = { after, slack: amount.isZero() && slackBefore !== undefined ? slackBefore : slack(after) }
      evaluated.set(key, found)
    }
    return found
  }
  const at = (amount: D) => point(amount).after
  const f = (amount: D) => point(amount).slack
  const fZero = f(ZERO)
  if (fZero.gte(0)) return { kind: 'already-met', report: before }
  let upper: D
  if (maxAmount !== undefined) {
    upper = maxAmount
    if (f(upper).lt(0)) return { kind: 'unreachable', report: at(upper).report }
  } else {
    upper = initial.gt(0) ? initial : ONE
    // 2⁶⁰ × the first guess (a shortfall's worth) and still short: no amount reaches it.
    for (let i = 0; f(upper).lt(0); i++) {
      if (i === 60) return { kind: 'unreachable', report: before }
      upper = upper.mul(2)
    }
  }
  // A bracket of whole units, one unit apart: the integer search below then finds both of its
  // ends already evaluated and only confirms them.
  const bracket = findBracketIllinois({
    f,
    lower: ZERO,
    upper,
    fLower: fZero,
    fUpper: f(upper),
    width: unit,
    step: unit,
    // A slack with plateaus (a wad-rounded health factor) can slow it: the integer search corrects any start.
    maxIterations: 100,
  })
  const continuous = bracket.upper
  // Integer search over units: `high` meets the target, `low` does not (0 does not). Many units can
  // give the same figures (a wad-rounded health factor, a ray-divided balance), so the smallest is
  // found by bisection rather than by stepping.
  const units = (amount: D) => amount.div(unit)
  const ceiling = maxAmount === undefined ? null : units(maxAmount).floor()
  const meets = (n: D) => f(n.mul(unit)).gte(0)
  let high = units(continuous).ceil()
  if (ceiling !== null && high.gt(ceiling)) high = ceiling
  for (let step = ONE; !meets(high); step = step.mul(2)) {
    if (ceiling !== null && high.gte(ceiling)) return { kind: 'unreachable', report: at(high.mul(unit)).report }
    high = high.add(step)
    if (ceiling !== null && high.gt(ceiling)) high = ceiling
  }
  let low = high.sub(1)
  for (let step = ONE.mul(2); low.gt(0) && meets(low); step = step.mul(2)) {
    high = low
    low = high.sub(step)
    if (low.lt(0)) low = ZERO
  }
  while (high.sub(low).gt(1)) {
    const middle = low.add(high).div(2).floor()
    if (meets(middle)) high = middle
    else low = middle
  }
  const amount = high.mul(unit)
  const { after, slack: slackAfter } = point(amount)
  if (slackAfter.lt(0)) return { kind: 'unreachable', report: after.report }
  return { kind: 'solution', amount, ...after }
}
