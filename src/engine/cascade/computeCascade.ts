import { computeUserAccountData } from '../aave-v3/computeUserAccountData'
import { computeUserReserves } from '../aave-v3/computeUserReserves'
import type { AaveV3Snapshot } from '../aave-v3/types'
import { PERCENTAGE_FACTOR, WAD } from '../aave-v3/wadRay'
import { assetOf } from '../assetOf'
import { D, dec, fromRaw, ONE, toDecimalString, ZERO } from '../decimal'
import { EngineInputError } from '../errors'
import { evaluateMarginAccount, type MarginAccountSnapshot } from '../evaluateMarginAccount'
import { computeLiquidationIncentiveFactor } from '../morpho-blue/computeLiquidationIncentiveFactor'
import type { MorphoBlueMarketState, MorphoBlueSnapshot } from '../morpho-blue/types'
import type { PriceQuote, VenueId } from '../types'
import { applyChanges } from '../whatIf/applyChanges'
import type { WhatIfChange } from '../whatIf/types'
import { createDepthState, type DepthState, fillInDepthModel } from './fillInDepthModel'
import {
  type FillPrices,
  type Liquidation,
  liquidateAaveV3,
  liquidateDydxV4,
  liquidateHyperliquid,
  liquidateMorphoBlue,
  morphoBlueBalances,
} from './liquidateVenues'
import type {
  CascadeAccountOutcome,
  CascadeFlow,
  CascadeLiquidation,
  CascadeRound,
  ComputeCascadeParameters,
  ComputeCascadeReturnType,
  ToxicAccount,
} from './types'

/** More rounds than any cascade needs to settle; a bound on the work one call may do. */
export const MAX_CASCADE_ROUNDS = 100

/** What one evaluation of a margin account says, kept until its prices or balances change. */
type Check = {
  liquidatable: boolean
  /** Lending: debt and collateral (USD) and the toxic line 1 / (1 + bonus); perps: equity. */
  debtUsd?: D | undefined
  collateralUsd?: D | undefined
  toxicThreshold?: D | undefined
  /** `isToxic`, when the check worked it out already. */
  toxic?: boolean | undefined
  equityUsd?: D | undefined
  /**
   * Lending only: health = Σ collateral × price × threshold / Σ debt × price, so when collateral
   * prices move by at least `r_c` and debt prices by at most `r_d` (ratios to the prices checked),
   * health is at least health × r_c / r_d and debt/collateral at most LTV × r_d / r_c.
   */
  screen?: Screen | undefined
  /** No debt (Aave: no debt base; Morpho: no borrow shares): no price makes it liquidatable or toxic until its balances change. */
  debtFree?: boolean | undefined
  /**
   * Perps (Hyperliquid, dYdX): equity is linear in prices (equity + Σ exposure × (r − 1)) and
   * maintenance margin grows with notional, so while no exposed price rises, MM stays at most this.
   */
  perpScreen?: { equityFloorUsd: D; exposures: [market: number, deltaUsd: D][] } | undefined
}

/**
 * A lending account's screen, its lines solved once at the check for the worst move `w` = (lowest
 * collateral move) ÷ (highest debt move × Morpho's share drift): the account stays clear while
 * health × w ≥ 1 + margin and LTV ÷ w < toxic line × (1 − margin), i.e. w ≥ `minWorst`.
 */
type Screen = { minWorst: D; collateralMarkets: number[]; debtMarkets: number[] }

/**
 * An account is re-evaluated unless the screen proves it stays at least this far (relatively)
 * from the liquidation line and the toxic line. It covers Aave's floors (balances × prices to
 * base units, the collateral-weighted threshold floored to a basis point: at most 1.3e-4 of an
 * 80 % threshold); accounts closer than this are evaluated exactly.
 */
const SCREEN_MARGIN = new D('0.001')
const SCREEN_MARGIN_UP = SCREEN_MARGIN.add(1)
const SCREEN_MARGIN_DOWN = new D(1).sub(SCREEN_MARGIN)
const SCREEN_NUDGE = new D('1e-12')

type AccountState = {
  id: string
  nowSec: number
  snapshot: MarginAccountSnapshot
  /** Price keys that follow a market: the key, the market's index and the key's price right after the shock. */
  links: { key: string; market: number; shockedPriceUsd: D }[]
  check: Check | undefined
  /** The market ratios (price ÷ post-shock price) the last check ran at, and those the snapshot's prices are at. */
  checkedAt: readonly D[] | undefined
  pricedAt: readonly D[]
  /** Balances changed (a liquidation): the next check is a full one. */
  dirty: boolean
  /** Morpho: bound on how much the value of its borrow shares rose (other borrowers' liquidations) since its check. */
  debtDrift: D
  liquidatedInRounds: number[]
  toxicSince: number | undefined
  unmodelled: boolean
  /** Liquidatable, but every liquidation its venue allows reverts at these prices and balances. */
  stuck: boolean
  /** Nothing left to seize or close (no collateral, no position): no price can make it liquidatable by anyone again. */
  spent: boolean
}

type MarketState = { underlying: string; depth: DepthState; priceUsd: D; shockedPriceUsd: D; path: D[] }

/**
 * A liquidation cascade: shock the prices, then, round after round, evaluate every margin account
 * with its own venue's rules, liquidate those below maintenance as their venue does (Aave v3 per
 * release, Morpho Blue, Hyperliquid, dYdX v4: see `liquidateVenues.ts`), send what liquidators
 * sell and buy to each underlying's depth model (`fillInDepthModel`), move the prices, and repeat
 * until a round liquidates nothing (the fixed point) or `maxRounds`.
 *
 * Conventions, each a simplification stated once:
 * - oracles and marks follow the market at once: a round's liquidations run at the price the
 *   previous round's orders left;
 * - one round's orders in one underlying cross each other at the round's price, and the net goes
 *   through the depth model as one order; every order on the net side shares its average fill;
 * - underlyings without a market (USD for stablecoin debt, typically) are infinitely deep;
 * - a margin account is liquidated at most once a round (one `liquidationCall`, one `liquidate`,
 *   one set of perp orders); interest and funding do not accrue between rounds;
 * - `tiered-perp` and `portfolio-margin` margin accounts are evaluated, never liquidated (`unmodelled`).
 *
 * Round 1 runs at exactly the prices `stress` sets for the same shock (the same `movePrice`
 * change), so with no price impact its liquidated set is the set `stress` reports.
 *
 * @throws {EngineInputError} for duplicate ids or markets, a round limit outside 1…100, a depth
 * model out of range, or an underlying no snapshot prices and no `priceUsd` gives.
 * @example
 * const cascade = computeCascade({ accounts, maxRounds: 20, markets: [
 *   { underlying: 'ETH', shock: '-0.2', depth: { kind: 'order-book', depthUsd: '5000000' } },
 * ] })
 * cascade.rounds.length // 3
 * cascade.pricePath[0].pricesUsd // [3000, 2400, 2311.2, 2290.7…]
 */
export function computeCascade({
  accounts,
  markets,
  maxRounds,
  onRound,
}: ComputeCascadeParameters): ComputeCascadeReturnType {
  if (!Number.isInteger(maxRounds) || maxRounds < 1 || maxRounds > MAX_CASCADE_ROUNDS) {
    throw new EngineInputError(`maxRounds must be an integer from 1 to ${MAX_CASCADE_ROUNDS}.`)
  }
  const ids = new Set<string>()
  for (const { id } of accounts) {
    if (ids.has(id)) throw new EngineInputError(`Margin account "${id}" appears twice in the cascade.`)
    ids.add(id)
  }
  const marketIndex = new Map<string, number>()
  markets.forEach((market, i) => {
    const name = market.underlying.toUpperCase()
    if (marketIndex.has(name)) throw new EngineInputError(`Underlying "${market.underlying}" has two markets.`)
    marketIndex.set(name, i)
  })

  const shocks: WhatIfChange[] = markets.flatMap((market) =>
    market.shock === undefined || dec(market.shock).isZero()
      ? []
      : [{ kind: 'movePrice' as const, underlying: market.underlying, move: market.shock }],
  )
  const marketStates: MarketState[] = markets.map((market) => {
    const priceUsd =
      market.priceUsd !== undefined ? dec(market.priceUsd) : referencePrice(accounts, market.underlying.toUpperCase())
    const shockedPriceUsd = priceUsd.mul(dec(market.shock ?? '0').add(1))
    if (shockedPriceUsd.lt(0)) throw new EngineInputError(`The shock makes the price of ${market.underlying} negative.`)
    return {
      underlying: market.underlying,
      depth: createDepthState(market.depth, shockedPriceUsd),
      priceUsd: shockedPriceUsd,
      shockedPriceUsd,
      path: [priceUsd, shockedPriceUsd],
    }
  })

  const initialRatios: readonly D[] = marketStates.map(() => new D(1))
  const states: AccountState[] = accounts.map(({ id, snapshot, nowSec }) => {
    const shocked = shocks.length === 0 ? snapshot : applyChanges({ snapshot, nowSec, changes: shocks })
    const links: AccountState['links'] = []
    for (const [key, quote] of Object.entries(shocked.prices)) {
      const market = marketIndex.get(assetOf(shocked.prices, key).underlying.toUpperCase())
      if (market !== undefined) links.push({ key, market, shockedPriceUsd: dec(quote.priceUsd) })
    }
    return {
      id,
      nowSec,
      snapshot: shocked,
      links,
      check: undefined,
      checkedAt: undefined,
      pricedAt: initialRatios,
      dirty: true,
      debtDrift: new D(1),
      liquidatedInRounds: [],
      toxicSince: undefined,
      unmodelled: !MODELLED.has(snapshot.model),
      stuck: false,
      spent: false,
    }
  })
  const morphoMarkets = new Map<string, MorphoBlueMarketState>()
  const morphoBorrowers = new Map<string, AccountState[]>()
  for (const state of states) {
    if (state.snapshot.model !== 'morpho-blue') continue
    const key = morphoMarketKey(state.snapshot)
    morphoBorrowers.set(key, [...(morphoBorrowers.get(key) ?? []), state])
  }

  const rounds: CascadeRound[] = []
  let fixedPoint = false
  let ratios = initialRatios
  for (let round = 1; ; round++) {
    const due = checkAll(states, morphoMarkets, round, ratios)
    if (due.length === 0) {
      fixedPoint = true
      break
    }
    if (round > maxRounds) break
    const roundResult = runRound(round, due, marketStates, morphoMarkets, morphoBorrowers)
    if (roundResult.liquidations.length === 0) {
      // Every liquidatable account's liquidation reverts (or it has nothing left to seize): nothing
      // moves, so the next round would be the same. Those accounts end `liquidatableAtEnd`.
      fixedPoint = true
      break
    }
    rounds.push(roundResult)
    onRound?.(roundResult)
    ratios = marketStates.map((market) =>
      market.shockedPriceUsd.isZero() ? ZERO : market.priceUsd.div(market.shockedPriceUsd),
    )
    for (const market of marketStates) market.path.push(market.priceUsd)
  }
  for (const state of states) {
    priceAt(state, ratios)
    state.snapshot = withSharedMarket(state.snapshot, morphoMarkets)
    // A spent account's debt is valued at the final prices (its bad debt).
    if (state.spent) state.check = check(state.snapshot, state.nowSec, state.links)
  }
  return summarizeCascade(states, marketStates, rounds, fixedPoint)
}

const MODELLED = new Set<MarginAccountSnapshot['model']>(['aave-v3', 'morpho-blue', 'hyperliquid', 'dydx-v4'])

/** Evaluates every account whose prices or balances changed; returns the liquidatable ones the cascade can liquidate. */
function checkAll(
  states: AccountState[],
  morphoMarkets: Map<string, MorphoBlueMarketState>,
  round: number,
  ratios: readonly D[],
): AccountState[] {
  const due: AccountState[] = []
  const moves = new Map<readonly D[], Moves>()
  for (const state of states) {
    if (state.spent) continue
    if (state.dirty || !unchangedOrScreened(state, ratios, moves)) {
      priceAt(state, ratios)
      state.snapshot = withSharedMarket(state.snapshot, morphoMarkets)
      state.check = check(state.snapshot, state.nowSec, state.links)
      state.checkedAt = ratios
      state.dirty = false
      state.debtDrift = new D(1)
      state.stuck = false
      if (state.toxicSince === undefined && isToxic(state.check)) state.toxicSince = round
    }
    if (state.check?.liquidatable && !state.unmodelled && !state.stuck) due.push(state)
  }
  return due
}

function runRound(
  round: number,
  due: readonly AccountState[],
  markets: MarketState[],
  morphoMarkets: Map<string, MorphoBlueMarketState>,
  morphoBorrowers: ReadonlyMap<string, readonly AccountState[]>,
): CascadeRound {
  const pricesUsd = markets.map((market) => ({ underlying: market.underlying, priceUsd: market.priceUsd }))
  const planned: { state: AccountState; liquidation: Liquidation }[] = []
  const stuck: AccountState[] = []
  for (const state of due) {
    state.snapshot = withSharedMarket(state.snapshot, morphoMarkets)
    const liquidation = liquidate(state)
    if (!liquidation) {
      stuck.push(state)
      state.spent = nothingToSeize(state.snapshot)
      continue
    }
    planned.push({ state, liquidation })
    // A Morpho liquidation moves its market's totals at once, for every later borrower of that market.
    if (state.snapshot.model === 'morpho-blue') {
      const before = state.snapshot.market
      const after = liquidation.settle(() => undefined).snapshot as MorphoBlueSnapshot
      const key = morphoMarketKey(after)
      morphoMarkets.set(key, after.market)
      // Other borrowers owe shares: only a higher value per borrow share can bring them nearer the line.
      const perShare = borrowShareValueRatio(before, after.market)
      if (perShare.gt(1)) {
        for (const other of morphoBorrowers.get(key) ?? []) {
          if (other !== state) other.debtDrift = other.debtDrift.mul(perShare)
        }
      }
    }
  }

  const sold = markets.map(() => ({ sold: ZERO, bought: ZERO }))
  const index = new Map(markets.map((market, i) => [market.underlying.toUpperCase(), i]))
  for (const { liquidation } of planned) {
    for (const order of liquidation.orders) {
      const i = index.get(order.underlying.toUpperCase())
      if (i === undefined || order.soldUnits.isZero()) continue
      const flow = sold[i] as { sold: D; bought: D }
      if (order.soldUnits.gt(0)) flow.sold = flow.sold.add(order.soldUnits)
      else flow.bought = flow.bought.sub(order.soldUnits)
    }
  }

  const flows: CascadeFlow[] = []
  const sidePrices = new Map<string, { sell: D; buy: D }>()
  markets.forEach((market, i) => {
    const { sold: soldUnits, bought: boughtUnits } = sold[i] as { sold: D; bought: D }
    if (soldUnits.isZero() && boughtUnits.isZero()) return
    const netSoldUnits = soldUnits.sub(boughtUnits)
    const fill = fillInDepthModel({ state: market.depth, priceUsd: market.priceUsd, netSoldUnits })
    // The crossed part fills at the round's price, the net part at the model's average: the net side shares both.
    const netSide = netSoldUnits.gt(0) ? soldUnits : boughtUnits
    const netSidePrice = netSide.isZero()
      ? market.priceUsd
      : market.priceUsd.add(fill.fillPriceUsd.sub(market.priceUsd).mul(netSoldUnits.abs()).div(netSide))
    sidePrices.set(market.underlying.toUpperCase(), {
      sell: netSoldUnits.gt(0) ? netSidePrice : market.priceUsd,
      buy: netSoldUnits.lt(0) ? netSidePrice : market.priceUsd,
    })
    flows.push({
      underlying: market.underlying,
      priceUsd: market.priceUsd,
      soldUnits,
      boughtUnits,
      netSoldUnits,
      fillPriceUsd: fill.fillPriceUsd,
      priceAfterUsd: fill.priceAfterUsd,
      slippageUsd: netSoldUnits.abs().mul(market.priceUsd.sub(fill.fillPriceUsd).abs()),
      exhausted: fill.exhausted,
    })
    market.depth = fill.state
    market.priceUsd = fill.priceAfterUsd
  })

  const fills: FillPrices = (underlying, side) => sidePrices.get(underlying.toUpperCase())?.[side]
  const liquidations: CascadeLiquidation[] = []
  for (const { state, liquidation } of planned) {
    const settled = liquidation.settle(fills)
    state.snapshot = settled.snapshot
    state.dirty = true
    state.liquidatedInRounds.push(round)
    liquidations.push(settled.figures)
  }
  for (const state of stuck) state.stuck = true
  const total = (pick: (l: CascadeLiquidation) => D) => liquidations.reduce((sum, l) => sum.add(pick(l)), ZERO)
  return {
    round,
    pricesUsd,
    flows,
    liquidations,
    debtRepaidUsd: total((l) => l.debtRepaidUsd),
    collateralSeizedUsd: total((l) => l.collateralSeizedUsd),
    soldUsd: total((l) => l.soldUsd),
    slippageUsd: flows.reduce((sum, flow) => sum.add(flow.slippageUsd), ZERO),
    stuck: stuck.map((state) => state.id),
  }
}

function nothingToSeize(snapshot: MarginAccountSnapshot): boolean {
  switch (snapshot.model) {
    case 'aave-v3':
      return !snapshot.reserves.some((r) => r.user.usageAsCollateralEnabled && BigInt(r.user.scaledATokenBalance) > 0n)
    case 'morpho-blue':
      return BigInt(snapshot.position.collateral) === 0n
    case 'hyperliquid':
    case 'dydx-v4':
      return snapshot.positions.length === 0
    default:
      return false
  }
}

function liquidate(state: AccountState): Liquidation | undefined {
  const { snapshot, nowSec, id } = state
  switch (snapshot.model) {
    case 'aave-v3':
      return liquidateAaveV3(snapshot, nowSec, id)
    case 'morpho-blue':
      return liquidateMorphoBlue(snapshot, nowSec, id)
    case 'hyperliquid':
      return liquidateHyperliquid(snapshot, nowSec, id)
    case 'dydx-v4':
      return liquidateDydxV4(snapshot, nowSec, id)
    default:
      return undefined
  }
}

/**
 * One margin account evaluated with its venue's rule: Aave's health factor from the Pool's own
 * account data (`healthFactor < 1e18`), Morpho's `_isHealthy`, the others' risk report (which is
 * what `stress` reads). Lending accounts also give their debt, collateral and toxic line.
 */
function check(snapshot: MarginAccountSnapshot, nowSec: number, links: AccountState['links']): Check {
  const marketOf = (key: string) => links.find((link) => link.key === key)?.market
  if (snapshot.model === 'aave-v3') return checkAaveV3(snapshot, nowSec, marketOf)
  if (snapshot.model === 'morpho-blue') {
    const balances = morphoBlueBalances(snapshot, nowSec)
    const incentive = fromRaw(computeLiquidationIncentiveFactor(BigInt(snapshot.marketParams.lltv)), 18)
    const collateralMarket = marketOf(snapshot.collateralToken.priceKey)
    const loanMarket = marketOf(snapshot.loanToken.priceKey)
    const toxicThreshold = new D(1).div(incentive)
    const result = lendingCheck(
      !balances.healthy,
      balances.health,
      balances.debtUsd,
      balances.collateralUsd,
      toxicThreshold,
      () => ({
        collateralMarkets: collateralMarket === undefined ? [] : [collateralMarket],
        debtMarkets: loanMarket === undefined ? [] : [loanMarket],
      }),
    )
    result.debtFree = BigInt(snapshot.position.borrowShares) === 0n
    return result
  }
  const report = evaluateMarginAccount({ snapshot, nowSec })
  const exposures = new Map<number, D>()
  for (const position of report.positions) {
    const market = marketOf(position.priceKey)
    if (market !== undefined) exposures.set(market, (exposures.get(market) ?? ZERO).add(position.deltaUsd))
  }
  return {
    liquidatable: report.liquidatable,
    equityUsd: report.equityUsd,
    perpScreen:
      snapshot.model === 'hyperliquid' || snapshot.model === 'dydx-v4'
        ? { equityFloorUsd: report.maintenanceMarginUsd.mul(SCREEN_MARGIN.add(1)), exposures: [...exposures] }
        : undefined,
  }
}

/** (assets + 1) / (shares + 10^6) after ÷ before: Morpho's value of one borrow share, with its virtual assets and shares. */
function borrowShareValueRatio(before: MorphoBlueMarketState, after: MorphoBlueMarketState): D {
  const value = (market: MorphoBlueMarketState) =>
    new D(market.totalBorrowAssets).add(1).div(new D(market.totalBorrowShares).add(1_000_000))
  return value(after).div(value(before))
}

/** The toxic line uses the bonus of the collateral a liquidator takes first: the largest (e-mode's bonus in category). */
function checkAaveV3(snapshot: AaveV3Snapshot, nowSec: number, marketOf: (key: string) => number | undefined): Check {
  const { reserves, eModeCategory } = computeUserReserves({ snapshot, nowSec })
  const account = computeUserAccountData({ snapshot, nowSec, userReserves: reserves })
  let largest: (typeof reserves)[number] | undefined
  for (const state of reserves) {
    if (state.isCollateral && (largest === undefined || state.collateralBase > largest.collateralBase)) largest = state
  }
  const bonusBps =
    largest === undefined
      ? undefined
      : eModeCategory !== undefined && largest.inEModeCategory
        ? eModeCategory.liquidationBonus
        : largest.reserve.liquidationBonus
  const decimals = snapshot.oracle.baseCurrencyDecimals
  const markets = (pick: (state: (typeof reserves)[number]) => boolean) => [
    ...new Set(reserves.filter(pick).flatMap((state) => marketOf(state.priceKey) ?? [])),
  ]
  const debtUsd = fromRaw(account.totalDebtBase, decimals)
  const collateralUsd = fromRaw(account.totalCollateralBase, decimals)
  const toxicThreshold = bonusBps === undefined ? undefined : new D(PERCENTAGE_FACTOR.toString()).div(bonusBps)
  const result = lendingCheck(
    account.healthFactor < WAD,
    account.totalDebtBase === 0n ? undefined : fromRaw(account.healthFactor, 18),
    debtUsd,
    collateralUsd,
    toxicThreshold,
    () => ({
      collateralMarkets: markets((state) => state.isCollateral),
      debtMarkets: markets((state) => state.debtBase > 0n),
    }),
  )
  result.debtFree = snapshot.reserves.every(
    (r) => BigInt(r.user.scaledVariableDebt) === 0n && BigInt(r.user.principalStableDebt) === 0n,
  )
  return result
}

/**
 * Each market's move since an earlier check's ratios (`undefined` where that price was zero), and
 * whether it moved at all: shared by every account checked at the same ratios, built once a round.
 */
type Moves = { move: (D | undefined)[]; moved: boolean[] }

function movesSince(checkedAt: readonly D[], ratios: readonly D[], cache: Map<readonly D[], Moves>): Moves {
  let moves = cache.get(checkedAt)
  if (moves === undefined) {
    moves = {
      move: ratios.map((ratio, i) => {
        const before = checkedAt[i] as D
        return before.isZero() ? undefined : ratio.div(before)
      }),
      moved: ratios.map((ratio, i) => !ratio.eq(checkedAt[i] as D)),
    }
    cache.set(checkedAt, moves)
  }
  return moves
}

/** A lending account's screen (see `Screen`): the worst move it can take and stay clear of both lines. */
function lendingCheck(
  liquidatable: boolean,
  health: D | undefined,
  debtUsd: D,
  collateralUsd: D,
  toxicThreshold: D | undefined,
  markets: () => { collateralMarkets: number[]; debtMarkets: number[] },
): Check {
  const check: Check = { liquidatable, debtUsd, collateralUsd, toxicThreshold }
  check.toxic = isToxic(check)
  // Toxic now: re-evaluated every round it moves (it is not far from any line worth proving).
  if (check.toxic || health === undefined || debtUsd.isZero()) return check
  let minWorst = SCREEN_MARGIN_UP.div(health)
  if (toxicThreshold !== undefined && !collateralUsd.isZero()) {
    // LTV ÷ w < threshold × (1 − margin): w must exceed LTV ÷ (threshold × (1 − margin)); the
    // screen asks w ≥ minWorst, so the bound is nudged up to keep that inequality strict.
    const toxicWorst = debtUsd.div(collateralUsd.mul(toxicThreshold).mul(SCREEN_MARGIN_DOWN))
    if (toxicWorst.gte(minWorst)) minWorst = toxicWorst.add(toxicWorst.mul(SCREEN_NUDGE))
  }
  check.screen = { minWorst, ...markets() }
  return check
}

/** Nothing the account's check read has moved, or the screen proves it is still as far from both lines. */
function unchangedOrScreened(state: AccountState, ratios: readonly D[], cache: Map<readonly D[], Moves>): boolean {
  const { check: last, checkedAt } = state
  if (last === undefined || checkedAt === undefined) return false
  // No debt: nothing but a change of its balances (which marks it dirty) can make it liquidatable or toxic.
  if (last.debtFree) return true
  const { move, moved } = movesSince(checkedAt, ratios, cache)
  const drifted = !state.debtDrift.eq(1)
  if (!drifted && state.links.every((link) => !moved[link.market])) return true
  if (last.liquidatable) return false
  if (last.perpScreen !== undefined && last.equityUsd !== undefined) {
    let equity = last.equityUsd
    for (const [market, deltaUsd] of last.perpScreen.exposures) {
      const r = move[market]
      if (r === undefined || (r.gt(1) && !deltaUsd.isZero())) return false
      if (moved[market]) equity = equity.add(deltaUsd.mul(r.sub(1)))
    }
    return equity.gte(last.perpScreen.equityFloorUsd)
  }
  const screen = last.screen
  if (screen === undefined) return false
  let collateral: D = ONE
  for (const market of screen.collateralMarkets) {
    const r = move[market]
    if (r === undefined) return false
    if (r.lt(collateral)) collateral = r
  }
  let debt: D = drifted ? state.debtDrift : ONE
  for (const market of screen.debtMarkets) {
    const r = move[market]
    if (r === undefined) return false
    const drift = drifted ? r.mul(state.debtDrift) : r
    if (drift.gt(debt)) debt = drift
  }
  const worst = debt === ONE ? collateral : collateral.div(debt)
  return worst.gte(screen.minWorst)
}

/** Brings the snapshot's prices to the market ratios (lazily: a screened account is repriced only when read). */
function priceAt(state: AccountState, ratios: readonly D[]): void {
  if (state.pricedAt === ratios) return
  if (state.links.some((link) => !(ratios[link.market] as D).eq(state.pricedAt[link.market] as D))) {
    state.snapshot = reprice(state, ratios)
  }
  state.pricedAt = ratios
}

/** Debt worth more than 1 / (1 + bonus) of the collateral: a liquidation takes more value than it repays. */
function isToxic(check: Check): boolean {
  if (check.toxic !== undefined) return check.toxic
  const { debtUsd, collateralUsd, toxicThreshold } = check
  if (debtUsd === undefined || collateralUsd === undefined || toxicThreshold === undefined) return false
  return collateralUsd.gt(0) && debtUsd.gt(0) && debtUsd.div(collateralUsd).gt(toxicThreshold)
}

/** The margin account at round prices: every price key on a market at its post-shock price × the market's move since. */
function reprice(state: AccountState, ratios: readonly D[]): MarginAccountSnapshot {
  const prices: Record<string, PriceQuote> = { ...state.snapshot.prices }
  for (const link of state.links) {
    const quote = prices[link.key] as PriceQuote
    const priceUsd = link.shockedPriceUsd.mul(ratios[link.market] as D)
    prices[link.key] = { ...quote, priceUsd: toDecimalString(priceUsd), source: 'cascade' }
  }
  return { ...state.snapshot, prices }
}

/** An underlying's price before the shock, from the first price key on it: price ÷ exchange rate. */
function referencePrice(accounts: ComputeCascadeParameters['accounts'], underlying: string): D {
  for (const { snapshot } of accounts) {
    for (const [key, quote] of Object.entries(snapshot.prices)) {
      const asset = assetOf(snapshot.prices, key)
      if (asset.underlying.toUpperCase() === underlying) return dec(quote.priceUsd).div(dec(asset.exchangeRate))
    }
  }
  throw new EngineInputError(`No margin account prices ${underlying}: give its market a priceUsd.`)
}

const morphoMarketKey = (snapshot: MorphoBlueSnapshot) =>
  `${snapshot.chainId ?? ''}:${snapshot.morpho.toLowerCase()}:${snapshot.marketId.toLowerCase()}`

/** A Morpho borrower sees its market's totals as the cascade's liquidations in that market left them. */
function withSharedMarket(
  snapshot: MarginAccountSnapshot,
  morphoMarkets: Map<string, MorphoBlueMarketState>,
): MarginAccountSnapshot {
  if (snapshot.model !== 'morpho-blue') return snapshot
  const market = morphoMarkets.get(morphoMarketKey(snapshot))
  if (!market || market === snapshot.market || market.lastUpdate < snapshot.market.lastUpdate) return snapshot
  return { ...snapshot, market }
}

function summarizeCascade(
  states: readonly AccountState[],
  markets: readonly MarketState[],
  rounds: CascadeRound[],
  fixedPoint: boolean,
): ComputeCascadeReturnType {
  const badDebt = new Map<VenueId, D>()
  const add = (venue: VenueId, usd: D) => badDebt.set(venue, (badDebt.get(venue) ?? ZERO).add(usd))
  for (const round of rounds) for (const l of round.liquidations) if (!l.badDebtUsd.isZero()) add(l.venue, l.badDebtUsd)
  const toxic: ToxicAccount[] = []
  const accounts: CascadeAccountOutcome[] = states.map((state) => {
    const { check: last, snapshot } = state
    if (last?.debtUsd !== undefined && last.collateralUsd !== undefined && last.debtUsd.gt(last.collateralUsd)) {
      add(snapshot.venue, last.debtUsd.sub(last.collateralUsd))
    }
    if (last?.equityUsd?.lt(0)) add(snapshot.venue, last.equityUsd.neg())
    if (last && isToxic(last)) {
      toxic.push({
        id: state.id,
        venue: snapshot.venue,
        loanToValue: (last.debtUsd as D).div(last.collateralUsd as D),
        threshold: last.toxicThreshold as D,
        sinceRound: state.toxicSince ?? rounds.length + 1,
      })
    }
    return {
      id: state.id,
      venue: snapshot.venue,
      liquidatedInRounds: state.liquidatedInRounds,
      liquidatableAtEnd: last?.liquidatable ?? false,
      unmodelled: state.unmodelled,
      snapshot,
    }
  })
  for (const state of states) if (!badDebt.has(state.snapshot.venue)) badDebt.set(state.snapshot.venue, ZERO)
  return {
    rounds,
    pricePath: markets.map((market) => ({ underlying: market.underlying, pricesUsd: market.path })),
    fixedPoint,
    badDebt: [...badDebt].map(([venue, usd]) => ({ venue, usd })).sort((a, b) => a.venue.localeCompare(b.venue)),
    toxic,
    accounts,
  }
}
