/**
 * What-if: hypothetical changes applied to a snapshot, as a NEW snapshot (the input is never
 * mutated). Re-evaluating the result with `evaluateMarginAccount` gives the what-if report; no
 * change at all returns the same snapshot, hence an identical report.
 *
 * Prices live in `snapshot.prices` for every model, so price moves are model-independent;
 * positions and balances are model-specific and each model's rules for them live below, in one
 * function per model.
 */
import { aaveV3Features } from '../aave-v3/aaveV3Features'
import { computeNormalizedDebt } from '../aave-v3/computeNormalizedDebt'
import { computeNormalizedIncome } from '../aave-v3/computeNormalizedIncome'
import { computeReservePriceRaw } from '../aave-v3/computeReservePriceRaw'
import { computeStableDebt } from '../aave-v3/computeStableDebt'
import { computeUserReserveLtv } from '../aave-v3/computeUserReserves'
import type { AaveV3Reserve, AaveV3Snapshot, AaveV3UserReserve } from '../aave-v3/types'
import { rayDiv, rayDivCeil, rayDivFloor, rayMul, rayMulCeil } from '../aave-v3/wadRay'
import { assetOf } from '../assetOf'
import { D, type DecimalString, dec, fromRaw, toDecimalString, toRaw, ZERO } from '../decimal'
import { EngineInputError } from '../errors'
import type { MarginAccountSnapshot } from '../evaluateMarginAccount'
import type { CollateralBalance } from '../haircut'
import { applyMorphoBlueChange, morphoBlueTokenOf } from '../morpho-blue/applyMorphoBlueChange'
import type { PortfolioMarginSnapshot } from '../options/types'
import { pinOptionVolatilities, setOptionPosition, shiftOptionVolatility } from '../options/whatIf'
import { computeAccruedFunding } from '../perps/computeAccruedFunding'
import type { DydxV4Snapshot } from '../perps/dydx-v4/types'
import type { HyperliquidSnapshot } from '../perps/hyperliquid/types'
import type { TieredPerpSnapshot } from '../perps/tiered-perp/types'
import type { PriceQuote } from '../types'
import { type TradeAtPriceReturnType, tradeAtPrice } from './tradeAtPrice'
import type { AaveV3RateMode, WhatIfChange, WhatIfFunding } from './types'

export type ApplyChangesParameters<snapshot extends MarginAccountSnapshot = MarginAccountSnapshot> = {
  snapshot: snapshot
  changes: readonly WhatIfChange[]
  /** Unix seconds: Aave converts amounts to scaled balances with the indexes at this time; options imply volatilities at it. */
  nowSec: number
}

/**
 * @example
 * const stressed = applyChanges({ snapshot, nowSec, changes: [{ kind: 'moveAllCrypto', move: '-0.2' }] })
 * evaluateMarginAccount({ snapshot: stressed, nowSec }).liquidatable
 */
export function applyChanges<snapshot extends MarginAccountSnapshot>(
  parameters: ApplyChangesParameters<snapshot>,
): snapshot {
  return applyChangesWithFunding(parameters).snapshot
}

export type ApplyChangesWithFundingReturnType<snapshot extends MarginAccountSnapshot = MarginAccountSnapshot> = {
  snapshot: snapshot
  /** One per change, in order: where a deposit's or a repay's funds came from; `undefined` for other kinds. */
  funding: (WhatIfFunding | undefined)[]
}

/**
 * `applyChanges`, also stating where each deposit's and repay's funds came from, so a what-if
 * never creates money without saying so. A change with `fundedFrom` first withdraws the
 * USD-equivalent of its amount from that asset, at the prices the earlier changes left.
 *
 * @example
 * const { funding } = applyChangesWithFunding({ snapshot, nowSec, changes: [{ kind: 'repay', asset: 'USDC', amount: '500', fundedFrom: 'WETH' }] })
 * funding[0] // { source: 'collateral', asset: 'WETH', amount: 0.1666…67, valueUsd: 500.0000… }
 */
export function applyChangesWithFunding<snapshot extends MarginAccountSnapshot>({
  snapshot,
  changes,
  nowSec,
}: ApplyChangesParameters<snapshot>): ApplyChangesWithFundingReturnType<snapshot> {
  let next: MarginAccountSnapshot = snapshot
  const funding: (WhatIfFunding | undefined)[] = []
  for (const change of changes) {
    const funded = fundChange(next, change, nowSec)
    next = applyChange(funded.snapshot, change, nowSec)
    funding.push(funded.funding)
  }
  return { snapshot: next as snapshot, funding }
}

/**
 * The funding of a deposit or a repay: external (the snapshot unchanged), or the USD-equivalent
 * withdrawn from `fundedFrom`, rounded up to its smallest unit where it has one (Aave reserves) so
 * the margin account never pays less than the value it receives.
 */
function fundChange(
  snapshot: MarginAccountSnapshot,
  change: WhatIfChange,
  nowSec: number,
): { snapshot: MarginAccountSnapshot; funding: WhatIfFunding | undefined } {
  if (change.kind !== 'deposit' && change.kind !== 'repay') return { snapshot, funding: undefined }
  const amount = positiveAmount(change)
  const valueUsd = amount.mul(assetPrice(snapshot, change.asset).priceUsd)
  if (change.fundedFrom === undefined) {
    return { snapshot, funding: { source: 'external', asset: change.asset, amount, valueUsd } }
  }
  const from = assetPrice(snapshot, change.fundedFrom)
  if (from.priceUsd.lte(0)) {
    throw new EngineInputError(`"${change.fundedFrom}" has no positive price, so it cannot fund a ${change.kind}.`)
  }
  const exact = valueUsd.div(from.priceUsd)
  const fromAmount = from.decimals === undefined ? exact : exact.toDecimalPlaces(from.decimals, D.ROUND_UP)
  const withdraw: WhatIfChange = { kind: 'withdraw', asset: change.fundedFrom, amount: toDecimalString(fromAmount) }
  try {
    return {
      snapshot: applyChange(snapshot, withdraw, nowSec),
      funding: {
        source: 'collateral',
        asset: change.fundedFrom,
        amount: fromAmount,
        valueUsd: fromAmount.mul(from.priceUsd),
      },
    }
  } catch (error) {
    if (!(error instanceof EngineInputError)) throw error
    throw new EngineInputError(
      `Funding the ${change.kind} of ${change.amount} ${change.asset} from ${change.fundedFrom} takes ${toDecimalString(fromAmount)} ${change.fundedFrom}: ${error.message}`,
    )
  }
}

/**
 * The price the margin account values `asset` at, USD per unit, and its decimals where the venue
 * has them: Aave values a reserve at its oracle price (the e-mode category's source where it
 * applies); Morpho Blue at its market token's price key; the other models read `snapshot.prices[asset]`.
 */
function assetPrice(snapshot: MarginAccountSnapshot, asset: string): { priceUsd: D; decimals?: number | undefined } {
  if (snapshot.model === 'morpho-blue') {
    const token = morphoBlueTokenOf(snapshot, asset)
    return { priceUsd: priceOf(snapshot, token.priceKey), decimals: token.decimals }
  }
  if (snapshot.model !== 'aave-v3') return { priceUsd: priceOf(snapshot, asset) }
  const reserve = findAaveReserve(snapshot, asset).reserve
  const { priceRaw } = computeReservePriceRaw({ snapshot, reserve })
  return { priceUsd: fromRaw(priceRaw, snapshot.oracle.baseCurrencyDecimals), decimals: reserve.decimals }
}

function applyChange(snapshot: MarginAccountSnapshot, change: WhatIfChange, nowSec: number): MarginAccountSnapshot {
  switch (change.kind) {
    case 'movePrice':
    case 'moveAllCrypto':
    case 'setPrice':
      return movePrices(snapshot, change, nowSec)
    case 'shiftVolatility':
      return snapshot.model === 'portfolio-margin' ? shiftOptionVolatility(snapshot, change, nowSec) : snapshot
    case 'setOptionPosition':
      if (snapshot.model !== 'portfolio-margin') throw unsupported(snapshot, change)
      return setOptionPosition(snapshot, change.option)
    default:
      break
  }
  switch (snapshot.model) {
    case 'tiered-perp':
      return applyTieredPerpChange(snapshot, change)
    case 'hyperliquid':
      return applyHyperliquidChange(snapshot, change)
    case 'dydx-v4':
      return applyDydxV4Change(snapshot, change)
    case 'aave-v3':
      return applyAaveV3Change(snapshot, change, nowSec)
    case 'portfolio-margin':
      return applyPortfolioMarginChange(snapshot, change)
    case 'morpho-blue':
      if (
        change.kind !== 'deposit' &&
        change.kind !== 'withdraw' &&
        change.kind !== 'borrow' &&
        change.kind !== 'repay'
      )
        throw unsupported(snapshot, change)
      return applyMorphoBlueChange({ snapshot, change, nowSec })
  }
}

type PriceChange = Extract<WhatIfChange, { kind: 'movePrice' | 'moveAllCrypto' | 'setPrice' }>

/**
 * How a price change reaches one price key. A name that is the key's underlying links every asset
 * on it (`ETH` reaches WETH, wstETH, an ETH perp); a name that is the key's asset (its symbol or
 * the key itself) links that asset only, so `USDC` depegs USDC alone. Names compare without case
 * (`WSTETH` and `wstETH` are one token).
 */
function linkOf(change: PriceChange, key: string, quote: PriceQuote): 'underlying' | 'asset' | undefined {
  if (change.kind === 'moveAllCrypto') return quote.class === 'crypto' ? 'asset' : undefined
  const name = change.underlying.toUpperCase()
  const asset = assetOf({ [key]: quote }, key)
  if (asset.underlying.toUpperCase() === name) return 'underlying'
  if (asset.symbol.toUpperCase() === name || key.toUpperCase() === name) return 'asset'
  return undefined
}

/**
 * A move changes every linked price by the same percentage, so liquid staking tokens keep their
 * exchange rate; a set price on an underlying gives each linked asset price × its exchange rate,
 * and on an asset that price itself. A snapshot holding nothing linked is returned as it is.
 */
function movePrices(snapshot: MarginAccountSnapshot, change: PriceChange, nowSec: number): MarginAccountSnapshot {
  const links = Object.entries(snapshot.prices).map(([key, quote]) => linkOf(change, key, quote))
  if (change.kind !== 'moveAllCrypto' && links.every((link) => link === undefined)) return snapshot
  // Options valued from a venue mark keep their implied volatility (sticky strike) when the underlying moves.
  const base = snapshot.model === 'portfolio-margin' ? pinOptionVolatilities(snapshot, nowSec) : snapshot
  const prices: Record<string, PriceQuote> = {}
  for (const [key, quote] of Object.entries(base.prices)) {
    const link = linkOf(change, key, quote)
    if (link === undefined) {
      prices[key] = quote
      continue
    }
    const priceUsd =
      change.kind !== 'setPrice'
        ? dec(quote.priceUsd).mul(dec(change.move).add(1))
        : link === 'underlying'
          ? dec(change.priceUsd).mul(dec(assetOf(base.prices, key).exchangeRate))
          : dec(change.priceUsd)
    if (priceUsd.lt(0)) throw new EngineInputError(`The "${change.kind}" change makes the price of "${key}" negative.`)
    prices[key] = { ...quote, priceUsd: toDecimalString(priceUsd), source: 'what-if' }
  }
  return { ...base, prices }
}

// ─── Perp venues ──────────────────────────────────────────────────────────────────────────────

function applyTieredPerpChange(snapshot: TieredPerpSnapshot, change: WhatIfChange): TieredPerpSnapshot {
  switch (change.kind) {
    case 'deposit':
    case 'withdraw':
      return { ...snapshot, wallet: addToBalance(snapshot.wallet, change.asset, signedAmount(change)) }
    case 'setPerpPosition': {
      // A trade on an inverse contract realizes PnL in the coin at 1/price: not modelled here.
      if (snapshot.params.rules?.contract === 'inverse') throw unsupported(snapshot, change)
      const index = snapshot.positions.findIndex((p) =>
        change.market === undefined ? p.underlying === change.underlying : p.symbol === change.market,
      )
      const current = snapshot.positions[index]
      const symbol = current?.symbol ?? change.market ?? change.underlying
      const brackets = snapshot.params.brackets[symbol]
      if (!brackets) throw new EngineInputError(`No margin brackets for "${symbol}" on ${snapshot.venue}.`)
      const resized = resizePerp(
        snapshot.positions,
        index,
        current,
        change.size,
        priceOf(snapshot, change.underlying),
        (size, entryPriceUsd) => ({
          symbol,
          underlying: change.underlying,
          ...(current?.positionSide ? { positionSide: current.positionSide } : {}),
          size,
          entryPriceUsd,
          leverage: change.leverage ?? current?.leverage ?? brackets[0]?.maxLeverage ?? '1',
        }),
      )
      return {
        ...snapshot,
        positions: resized.positions,
        wallet: addToBalance(snapshot.wallet, settlementAsset(snapshot, snapshot.wallet), resized.trade.realizedPnlUsd),
      }
    }
    default:
      throw unsupported(snapshot, change)
  }
}

/** Hyperliquid and dYdX keep a USDC ledger that pays for positions: a trade at mark moves size × price into or out of it. */
function applyHyperliquidChange(snapshot: HyperliquidSnapshot, change: WhatIfChange): HyperliquidSnapshot {
  switch (change.kind) {
    case 'deposit':
    case 'withdraw':
      requireQuoteAsset(snapshot, change.asset, 'USDC')
      return { ...snapshot, rawUsd: toDecimalString(dec(snapshot.rawUsd).add(signedAmount(change))) }
    case 'setPerpPosition': {
      const asset = snapshot.params.assets[change.underlying]
      if (!asset) throw new EngineInputError(`No Hyperliquid asset parameters for "${change.underlying}".`)
      const index = snapshot.positions.findIndex((p) => p.coin === change.underlying)
      const current = snapshot.positions[index]
      const leverage =
        change.leverage === undefined ? (current?.leverage ?? asset.maxLeverage) : Number(change.leverage)
      if (!(leverage >= 1 && leverage <= asset.maxLeverage)) {
        throw new EngineInputError(`Leverage must be between 1 and ${asset.maxLeverage} for ${change.underlying}.`)
      }
      const price = priceOf(snapshot, change.underlying)
      const held = current && { size: current.szi, entryPriceUsd: current.entryPx }
      const resized = resizePerp(snapshot.positions, index, held, change.size, price, (szi, entryPx) => ({
        coin: change.underlying,
        szi,
        entryPx,
        leverage,
      }))
      return {
        ...snapshot,
        positions: resized.positions,
        rawUsd: toDecimalString(dec(snapshot.rawUsd).sub(resized.traded.mul(price))),
      }
    }
    default:
      throw unsupported(snapshot, change)
  }
}

/**
 * dYdX positions are keyed by market ticker (`ETH-USD`); `underlying` may name either the ticker or
 * the market's underlying. A trade settles the position's unsettled funding into the quote
 * balance and restarts it at the market's current funding index, as the protocol does.
 *
 * @see https://docs.dydx.xyz/concepts/trading/funding
 */
function applyDydxV4Change(snapshot: DydxV4Snapshot, change: WhatIfChange): DydxV4Snapshot {
  switch (change.kind) {
    case 'deposit':
    case 'withdraw':
      requireQuoteAsset(snapshot, change.asset, 'USDC')
      return { ...snapshot, quoteBalance: toDecimalString(dec(snapshot.quoteBalance).add(signedAmount(change))) }
    case 'setPerpPosition': {
      const entry = Object.entries(snapshot.params.markets).find(([ticker, market]) =>
        change.market === undefined ? market.underlying === change.underlying : ticker === change.market,
      )
      if (!entry) throw new EngineInputError(`No dYdX market for "${change.underlying}".`)
      const [ticker, market] = entry
      const price = priceOf(snapshot, market.underlying)
      const index = snapshot.positions.findIndex((p) => p.market === ticker)
      const current = snapshot.positions[index]
      const unsettledFunding =
        current?.fundingIndexUsd !== undefined && market.fundingIndexUsd !== undefined
          ? computeAccruedFunding({
              size: dec(current.size),
              fundingIndexUsd: dec(market.fundingIndexUsd),
              settledFundingIndexUsd: dec(current.fundingIndexUsd),
            })
          : ZERO
      const held = current && { size: current.size, entryPriceUsd: current.entryPrice }
      const resized = resizePerp(snapshot.positions, index, held, change.size, price, (size, entryPrice) => ({
        market: ticker,
        size,
        entryPrice,
        ...(market.fundingIndexUsd !== undefined ? { fundingIndexUsd: market.fundingIndexUsd } : {}),
      }))
      return {
        ...snapshot,
        positions: resized.positions,
        quoteBalance: toDecimalString(dec(snapshot.quoteBalance).sub(resized.traded.mul(price)).sub(unsettledFunding)),
      }
    }
    default:
      throw unsupported(snapshot, change)
  }
}

// ─── Aave v3 ──────────────────────────────────────────────────────────────────────────────────

/**
 * Supply, withdraw, borrow and repay as the Pool books them: amounts become scaled balances at the
 * reserve's index at `nowSec` (AToken.mint / VariableDebtToken.mint use `amount.rayDiv(index)`;
 * from v3.5 supplies and repays scale down, withdrawals and borrows up: TokenMath).
 * A first supply of an asset the user's LTV for is > 0 turns it on as collateral, as SupplyLogic
 * does. Borrows are variable-rate; repays take variable or stable debt (`repayAaveV3`).
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/SupplyLogic.sol
 * @see https://github.com/aave-dao/aave-v3-origin/blob/v3.6.0/src/contracts/protocol/libraries/helpers/TokenMath.sol
 */
function applyAaveV3Change(snapshot: AaveV3Snapshot, change: WhatIfChange, nowSec: number): AaveV3Snapshot {
  if (change.kind !== 'deposit' && change.kind !== 'withdraw' && change.kind !== 'borrow' && change.kind !== 'repay') {
    throw unsupported(snapshot, change)
  }
  const { index, reserve } = findAaveReserve(snapshot, change.asset)
  const amountRaw = toRaw(positiveAmount(change), reserve.decimals)
  const rounding = aaveV3Features(snapshot.rules).protocolFavourRounding
  let user = { ...reserve.user }
  if (change.kind === 'deposit' || change.kind === 'withdraw') {
    const income = computeNormalizedIncome({
      liquidityIndex: BigInt(reserve.liquidityIndex),
      currentLiquidityRate: BigInt(reserve.currentLiquidityRate),
      lastUpdateTimestamp: reserve.lastUpdateTimestamp,
      nowSec,
    })
    const deposit = change.kind === 'deposit'
    const toScaled = rounding ? (deposit ? rayDivFloor : rayDivCeil) : rayDiv
    const scaled = BigInt(user.scaledATokenBalance) + (deposit ? 1n : -1n) * toScaled(amountRaw, income)
    if (scaled < 0n) throw new EngineInputError(`Cannot withdraw more ${reserve.symbol} than is supplied.`)
    if (deposit && BigInt(user.scaledATokenBalance) === 0n && computeUserReserveLtv({ snapshot, reserve }) > 0n)
      user.usageAsCollateralEnabled = true
    user.scaledATokenBalance = scaled.toString()
  } else if (change.kind === 'borrow') {
    const debtIndex = aaveDebtIndex(snapshot, reserve, nowSec)
    const scaled = BigInt(user.scaledVariableDebt) + (rounding ? rayDivCeil : rayDiv)(amountRaw, debtIndex)
    user.scaledVariableDebt = scaled.toString()
  } else {
    user = repayAaveV3(snapshot, reserve, amountRaw, change.rateMode, nowSec)
  }
  const reserves: AaveV3Reserve[] = replaceAt(snapshot.reserves, index, { ...reserve, user })
  return { ...snapshot, reserves }
}

/**
 * A repay as BorrowLogic.executeRepay books it for one rate mode (`rateMode`, the Pool's
 * `interestRateMode`). Omitted, it is the one kind of debt the user has; a user owing the asset at
 * both rates must say which, as the Pool makes every caller do.
 *
 * - variable: the scaled balance falls by `amount.rayDiv(index)` (VariableDebtToken.burn).
 * - stable: StableDebtToken.burn adds the interest accrued at the user's rate to the principal
 *   and takes the amount off, so the principal becomes `current debt − amount` and the last update
 *   `nowSec`; repaying everything also clears the user's rate and timestamp.
 *
 * The Pool caps an amount above the debt at the debt; the what-if refuses it instead, so that the
 * funds it reports are the funds it used.
 *
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/BorrowLogic.sol
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/tokenization/StableDebtToken.sol
 * @see https://github.com/aave/aave-v3-core/blob/master/contracts/protocol/libraries/logic/ValidationLogic.sol (validateRepay)
 */
function repayAaveV3(
  snapshot: AaveV3Snapshot,
  reserve: AaveV3Reserve,
  amountRaw: bigint /* token wei */,
  rateMode: AaveV3RateMode | undefined,
  nowSec: number,
): AaveV3UserReserve {
  const { user, symbol, decimals } = reserve
  const rounding = aaveV3Features(snapshot.rules).protocolFavourRounding
  const debtIndex = aaveDebtIndex(snapshot, reserve, nowSec)
  const variableDebt = (rounding ? rayMulCeil : rayMul)(BigInt(user.scaledVariableDebt), debtIndex)
  const stableDebt = computeStableDebt({ user, nowSec })
  if (rateMode === undefined && variableDebt > 0n && stableDebt > 0n) {
    throw new EngineInputError(
      `The account owes ${symbol} at both the variable and the stable rate: say which debt to repay (rate mode).`,
    )
  }
  const mode: AaveV3RateMode = rateMode ?? (stableDebt > 0n ? 'stable' : 'variable')
  const owed = mode === 'stable' ? stableDebt : variableDebt
  if (owed === 0n) throw new EngineInputError(`The account has no ${mode} ${symbol} debt to repay.`)
  if (amountRaw > owed) {
    throw new EngineInputError(
      `Cannot repay more ${symbol} than is borrowed at the ${mode} rate (${toDecimalString(fromRaw(owed, decimals))}).`,
    )
  }
  if (mode === 'variable') {
    // rayDiv rounds half up, so repaying the whole debt may exceed the scaled balance by a wei: it clears it.
    const scaled = BigInt(user.scaledVariableDebt) - (rounding ? rayDivFloor : rayDiv)(amountRaw, debtIndex)
    return { ...user, scaledVariableDebt: (scaled < 0n ? 0n : scaled).toString() }
  }
  const principal = stableDebt - amountRaw
  return principal === 0n
    ? { ...user, principalStableDebt: '0', stableBorrowRate: '0', stableBorrowLastUpdateTimestamp: 0 }
    : {
        ...user,
        principalStableDebt: principal.toString(),
        stableBorrowLastUpdateTimestamp: Math.max(nowSec, user.stableBorrowLastUpdateTimestamp),
      }
}

/** The reserve's variable borrow index at `nowSec`, ray. */
function aaveDebtIndex(snapshot: AaveV3Snapshot, reserve: AaveV3Reserve, nowSec: number): bigint {
  return computeNormalizedDebt({
    variableBorrowIndex: BigInt(reserve.variableBorrowIndex),
    currentVariableBorrowRate: BigInt(reserve.currentVariableBorrowRate),
    lastUpdateTimestamp: reserve.lastUpdateTimestamp,
    nowSec,
    compoundedInterestV34: aaveV3Features(snapshot.rules).compoundedInterestV34,
  })
}

/** The reserve a change names, by price key or symbol. */
function findAaveReserve(snapshot: AaveV3Snapshot, asset: string): { index: number; reserve: AaveV3Reserve } {
  const index = snapshot.reserves.findIndex((r) => r.priceKey === asset || r.symbol === asset)
  const reserve = snapshot.reserves[index]
  if (!reserve) throw new EngineInputError(`No Aave v3 reserve "${asset}" in this market.`)
  return { index, reserve }
}

// ─── Portfolio margin (options, perps, collateral) ────────────────────────────────────────────

function applyPortfolioMarginChange(snapshot: PortfolioMarginSnapshot, change: WhatIfChange): PortfolioMarginSnapshot {
  switch (change.kind) {
    case 'deposit':
    case 'withdraw':
      return { ...snapshot, collateral: addToBalance(snapshot.collateral, change.asset, signedAmount(change)) }
    case 'setPerpPosition': {
      const perps = snapshot.perps ?? []
      const index = perps.findIndex((p) => p.underlying === change.underlying)
      const price = priceOf(snapshot, change.underlying)
      const resized = resizePerp(perps, index, perps[index], change.size, price, (size, entryPriceUsd) => ({
        underlying: change.underlying,
        size,
        entryPriceUsd,
      }))
      return {
        ...snapshot,
        perps: resized.positions,
        collateral: addToBalance(
          snapshot.collateral,
          settlementAsset(snapshot, snapshot.collateral),
          resized.trade.realizedPnlUsd,
        ),
      }
    }
    default:
      throw unsupported(snapshot, change)
  }
}

// ─── Shared helpers ───────────────────────────────────────────────────────────────────────────

/**
 * Every venue's perp resize: trade the held position (or none) to `targetSize` at `priceUsd`
 * (tradeAtPrice), then replace it, append it, or remove it at size 0. The caller books the cash
 * side its venue's way (realized PnL into a wallet, or the whole traded notional through a ledger).
 */
function resizePerp<position>(
  positions: readonly position[],
  index: number,
  held: { size: DecimalString; entryPriceUsd: DecimalString } | undefined,
  targetSize: DecimalString,
  priceUsd: D,
  build: (size: DecimalString, entryPriceUsd: DecimalString) => position,
): { positions: position[]; trade: TradeAtPriceReturnType; traded: D } {
  const size = held ? dec(held.size) : ZERO
  const target = dec(targetSize)
  const trade = tradeAtPrice({
    size,
    entryPriceUsd: held ? dec(held.entryPriceUsd) : priceUsd,
    targetSize: target,
    priceUsd,
  })
  const next = target.isZero() ? undefined : build(toDecimalString(target), toDecimalString(trade.entryPriceUsd))
  return { positions: replaceAt(positions, index, next), trade, traded: target.sub(size) }
}

function priceOf(snapshot: MarginAccountSnapshot, underlying: string): D {
  const quote = snapshot.prices[underlying]
  if (!quote) throw new EngineInputError(`No price for "${underlying}" in the ${snapshot.venue} snapshot.`)
  return dec(quote.priceUsd)
}

function positiveAmount(change: { amount: string }): D {
  const amount = dec(change.amount)
  if (amount.lte(0)) throw new EngineInputError('Amounts must be positive; use withdraw or repay to reduce.')
  return amount
}

function signedAmount(change: { kind: string; amount: string }): D {
  const amount = positiveAmount(change)
  return change.kind === 'withdraw' || change.kind === 'repay' ? amount.neg() : amount
}

function addToBalance(balances: readonly CollateralBalance[], asset: string, amount: D): CollateralBalance[] {
  if (amount.isZero()) return [...balances]
  const index = balances.findIndex((b) => b.asset === asset)
  const next = (index < 0 ? ZERO : dec((balances[index] as CollateralBalance).amount)).add(amount)
  if (next.lt(0) && amount.lt(0)) throw new EngineInputError(`Cannot withdraw more ${asset} than the account holds.`)
  return replaceAt(balances, index, { asset, amount: toDecimalString(next) })
}

/** Where realized PnL settles: the first stablecoin balance (USDT on Binance USDⓈ-M, USDC elsewhere). */
function settlementAsset(snapshot: MarginAccountSnapshot, balances: readonly CollateralBalance[]): string {
  const stable = balances.find((b) => snapshot.prices[b.asset]?.class === 'stable')
  if (stable) return stable.asset
  const anyStable = Object.entries(snapshot.prices).find(([, quote]) => quote.class === 'stable')
  if (anyStable) return anyStable[0]
  throw new EngineInputError(`The ${snapshot.venue} snapshot has no stablecoin to settle PnL in.`)
}

function requireQuoteAsset(snapshot: MarginAccountSnapshot, asset: string, quote: string): void {
  if (asset !== quote) throw new EngineInputError(`${snapshot.venue} margin is ${quote} only; cannot move "${asset}".`)
}

/** Replaces `items[index]` (appends when index < 0); `undefined` removes it. */
function replaceAt<item>(items: readonly item[], index: number, value: item | undefined): item[] {
  if (index < 0) return value === undefined ? [...items] : [...items, value]
  return value === undefined
    ? items.filter((_, i) => i !== index)
    : items.map((item, i) => (i === index ? value : item))
}

function unsupported(snapshot: MarginAccountSnapshot, change: WhatIfChange): EngineInputError {
  return new EngineInputError(
    `A "${change.kind}" change does not apply to a ${snapshot.model} margin account (${snapshot.venue}).`,
  )
}
