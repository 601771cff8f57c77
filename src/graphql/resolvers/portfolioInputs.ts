/**
 * GraphQL inputs to engine terms: declared margin accounts to portfolio-margin snapshots, and
 * what-if changes to the engine's `WhatIfChange`. Field requirements per kind are checked here,
 * with BAD_USER_INPUT for anything missing.
 */
import {
  D,
  DERIBIT_PORTFOLIO_MARGIN_PARAMS,
  type DecimalString,
  defineTieredPerpRules,
  type OptionPosition,
  type PortfolioMarginParams,
  type PortfolioMarginSnapshot,
  type PriceQuote,
  type TieredPerpBracket,
  type TieredPerpSnapshot,
  type TieredPerpVenue,
  type WhatIfChange,
} from '../../engine'
import { InvalidInputError } from '../../errors/input'
import type { TargetedChange } from '../../portfolio/simulatePortfolio'
import { identifyAsset, toAssetIdentity } from '../../protocols/assets/identifyAsset'
import { BRACKET_TABLES } from '../../protocols/declared/bracketTables'
import type {
  BracketInput,
  ChangeInput,
  DeclaredMarginAccountInput,
  DeclaredVenueRules,
  OptionInput,
} from '../__generated__/resolvers'

export const LIMITS = {
  addresses: 20,
  declared: 10,
  changes: 50,
  scenarios: 20,
  positionsPerDeclared: 100,
  pageSize: 100,
} as const

/** Deribit-style defaults: moves of ±0.15 in 21 steps, ±0.3 relative vol shocks, IM = 1.3 × MM. */
const DEFAULT_PARAMS = {
  priceMoves: Array.from({ length: 21 }, (_, i) => new D(-15).add(new D('1.5').mul(i)).div(100).toFixed()),
  volShocks: ['-0.3', '-0.15', '0', '0.15', '0.3'],
  volShockMode: 'relative',
  imMultiplier: '1.3',
  riskFreeRate: '0',
} as const

export function checkLimit(name: string, count: number, limit: number): void {
  if (count > limit) throw new InvalidInputError(`At most ${limit} ${name} per query (got ${count}).`)
}

export function toDeclaredSnapshot(
  input: DeclaredMarginAccountInput,
  nowSec: number,
): PortfolioMarginSnapshot | TieredPerpSnapshot {
  const positions = (input.options?.length ?? 0) + (input.perps?.length ?? 0) + (input.collateral?.length ?? 0)
  checkLimit(`positions in declared margin account "${input.name}"`, positions, LIMITS.positionsPerDeclared)
  const prices = toDeclaredPrices(input, nowSec)
  if (input.rules != null) return toDeclaredTieredSnapshot(input, input.rules, prices, nowSec)
  for (const field of ['marginMode', 'feeToCloseRate', 'brackets'] as const) {
    // marginMode has a default (CROSS): only a non-default value says the caller meant exchange rules.
    if (input[field] != null && !(field === 'marginMode' && input[field] === 'CROSS'))
      throw new InvalidInputError(`Declared margin account "${input.name}": "${field}" applies with "rules" only.`)
  }
  return {
    model: 'portfolio-margin',
    venue: input.venue ?? 'declared',
    account: 'declared',
    marginAccountId: `declared:${input.name}`,
    asOfSec: nowSec,
    declared: true,
    prices,
    collateral: (input.collateral ?? []).map(({ asset, amount }) => ({ asset, amount })),
    options: (input.options ?? []).map(toOptionPosition),
    perps: (input.perps ?? []).map(({ underlying, size, entryPriceUsd }) => ({ underlying, size, entryPriceUsd })),
    params: toPortfolioMarginParams(input),
  }
}

/** Solvent's defaults, or a documented preset, with each given field overriding it. */
function toPortfolioMarginParams(input: DeclaredMarginAccountInput): PortfolioMarginParams {
  const params = input.params
  const base: PortfolioMarginParams =
    params?.preset === 'DERIBIT_DOCS'
      ? {
          ...DERIBIT_PORTFOLIO_MARGIN_PARAMS,
          priceMoves: [...DERIBIT_PORTFOLIO_MARGIN_PARAMS.priceMoves],
          volShocks: [...DERIBIT_PORTFOLIO_MARGIN_PARAMS.volShocks],
          volShockTerm: { ...DERIBIT_PORTFOLIO_MARGIN_PARAMS.volShockTerm },
        }
      : { ...DEFAULT_PARAMS, priceMoves: [...DEFAULT_PARAMS.priceMoves], volShocks: [...DEFAULT_PARAMS.volShocks] }
  const days = params?.volShockTermReferenceDays
  const exponent = params?.volShockTermExponent
  if ((days == null) !== (exponent == null))
    throw new InvalidInputError(
      `Declared margin account "${input.name}": give volShockTermReferenceDays and volShockTermExponent together.`,
    )
  if (days != null && !new D(days).gt(0))
    throw new InvalidInputError(`Declared margin account "${input.name}": volShockTermReferenceDays must be above 0.`)
  const extendedTable = toExtendedTable(input)
  return {
    ...base,
    ...(params?.priceMoves ? { priceMoves: params.priceMoves } : {}),
    ...(params?.volShocks ? { volShocks: params.volShocks } : {}),
    ...(params?.volShockMode ? { volShockMode: params.volShockMode === 'ABSOLUTE' ? 'absolute' : 'relative' } : {}),
    ...(days != null && exponent != null ? { volShockTerm: { referenceDays: days, exponent } } : {}),
    ...(params?.netShortOptionContingency != null
      ? { netShortOptionContingency: params.netShortOptionContingency }
      : {}),
    ...(extendedTable ? { extendedTable } : {}),
    ...(params?.imMultiplier ? { imMultiplier: params.imMultiplier } : {}),
    ...(params?.riskFreeRate ? { riskFreeRate: params.riskFreeRate } : {}),
    ...(params?.haircuts ? { haircuts: Object.fromEntries(params.haircuts.map((h) => [h.asset, h.amount])) } : {}),
  }
}

/** The three extended-table fields, all or none (none has a default). */
function toExtendedTable(input: DeclaredMarginAccountInput): PortfolioMarginParams['extendedTable'] {
  const params = input.params
  const fields = [params?.extendedPriceMoves, params?.extendedPnlFraction, params?.extendedDampener]
  const given = fields.filter((field) => field != null).length
  if (given === 0) return undefined
  const name = `Declared margin account "${input.name}"`
  if (given !== fields.length)
    throw new InvalidInputError(`${name}: give extendedPriceMoves, extendedPnlFraction and extendedDampener together.`)
  const priceMoves = params?.extendedPriceMoves ?? []
  if (priceMoves.length === 0) throw new InvalidInputError(`${name}: extendedPriceMoves needs at least one move.`)
  if (priceMoves.some((move) => !new D(move).gt(-1)))
    throw new InvalidInputError(`${name}: every extended price move must be above -1.`)
  const pnlFraction = params?.extendedPnlFraction as string
  const dampenerUsd = params?.extendedDampener as string
  if (new D(pnlFraction).isNegative() || new D(dampenerUsd).isNegative())
    throw new InvalidInputError(`${name}: extendedPnlFraction and extendedDampener must be ≥ 0.`)
  return { priceMoves, pnlFraction, dampenerUsd }
}

const VENUE_RULES = {
  BINANCE_USDM: 'binance-usdm',
  BINANCE_COINM: 'binance-coinm',
  BYBIT_LINEAR: 'bybit-linear',
  BYBIT_INVERSE: 'bybit-inverse',
  GENERIC_TIERED: 'generic-tiered',
} as const satisfies Record<DeclaredVenueRules, TieredPerpVenue>

/**
 * A declared exchange account: the wallet (`collateral`) and positions (`perps`) evaluated by the
 * tiered-perp model under the named venue's published convention, with the caller's bracket tables
 * or built-in ones.
 */
function toDeclaredTieredSnapshot(
  input: DeclaredMarginAccountInput,
  rulesInput: DeclaredVenueRules,
  prices: Record<string, PriceQuote>,
  nowSec: number,
): TieredPerpSnapshot {
  const name = `Declared margin account "${input.name}"`
  if ((input.options?.length ?? 0) > 0) throw new InvalidInputError(`${name}: options are not margined by "rules".`)
  if (input.params != null)
    throw new InvalidInputError(`${name}: "params" (portfolio margin) does not apply with "rules".`)
  const venue = VENUE_RULES[rulesInput]
  const marginMode = input.marginMode === 'ISOLATED' ? 'isolated' : 'cross'
  const rules = defineTieredPerpRules({ venue, marginMode, feeToCloseRate: input.feeToCloseRate ?? undefined })
  const perps = input.perps ?? []
  if (marginMode === 'isolated' && perps.length !== 1)
    throw new InvalidInputError(`${name}: an ISOLATED account holds exactly one position (got ${perps.length}).`)
  const brackets: Record<string, TieredPerpBracket[]> = {}
  for (const table of input.brackets ?? []) {
    if (brackets[table.symbol]) throw new InvalidInputError(`${name}: brackets of "${table.symbol}" are given twice.`)
    if ((table.table == null) === (table.brackets == null))
      throw new InvalidInputError(`${name}: give "${table.symbol}" either a built-in "table" or "brackets".`)
    brackets[table.symbol] =
      table.table != null ? BRACKET_TABLES[table.table].brackets : toBrackets(name, table.brackets ?? [])
  }
  const positions = perps.map((perp) => {
    const symbol = perp.symbol ?? `${perp.underlying}${rules.contract === 'inverse' ? 'USD' : 'USDT'}`
    const table = brackets[symbol]
    if (!table) throw new InvalidInputError(`${name}: no brackets for "${symbol}" (pass them in "brackets").`)
    if (prices[perp.underlying] === undefined)
      throw new InvalidInputError(`${name}: no price for "${perp.underlying}" in "prices".`)
    return {
      symbol,
      underlying: perp.underlying,
      size: perp.size,
      entryPriceUsd: perp.entryPriceUsd,
      leverage: perp.leverage ?? (table[0] as TieredPerpBracket).maxLeverage,
      ...(perp.contractSizeUsd != null ? { contractSizeUsd: perp.contractSizeUsd } : {}),
    }
  })
  return {
    model: 'tiered-perp',
    venue: input.venue == null || input.venue === 'declared' ? venue : input.venue,
    account: 'declared',
    marginAccountId: `declared:${input.name}`,
    asOfSec: nowSec,
    declared: true,
    prices,
    marginMode,
    wallet: (input.collateral ?? []).map(({ asset, amount }) => ({ asset, amount })),
    positions,
    params: { brackets, rules },
  }
}

function toBrackets(name: string, rows: readonly BracketInput[]): TieredPerpBracket[] {
  if (rows.length === 0) throw new InvalidInputError(`${name}: a bracket table needs at least one row.`)
  let previous: D | undefined
  return rows.map((row, index) => {
    const floor = new D(row.notionalFloor)
    if (index === 0 ? !floor.isZero() : previous !== undefined && floor.lte(previous))
      throw new InvalidInputError(`${name}: bracket floors start at 0 and ascend.`)
    previous = floor
    return {
      notionalFloorUsd: row.notionalFloor,
      maintenanceMarginRate: row.maintenanceMarginRate,
      maxLeverage: row.maxLeverage,
      ...(row.maintenanceAmount != null ? { maintenanceAmountUsd: row.maintenanceAmount } : {}),
    }
  })
}

function toDeclaredPrices(input: DeclaredMarginAccountInput, nowSec: number): Record<string, PriceQuote> {
  const prices: Record<string, PriceQuote> = {}
  for (const price of input.prices) {
    prices[price.underlying] = {
      priceUsd: price.priceUsd,
      source: 'declared',
      timestampSec: nowSec,
      class: price.stable ? 'stable' : 'crypto',
      // The registry by symbol: a declared WETH or USDC nets with the venues' ETH and USD.
      asset: toAssetIdentity(identifyAsset({ symbol: price.underlying })),
    }
  }
  return prices
}

function toOptionPosition(input: OptionInput): OptionPosition {
  if (input.markPriceUsd == null && input.impliedVolatility == null) {
    throw new InvalidInputError(`Option "${input.id}" needs a markPriceUsd or an impliedVolatility.`)
  }
  return {
    id: input.id,
    underlying: input.underlying,
    strike: input.strike,
    expirySec: Math.floor(input.expiry.getTime() / 1000),
    right: input.right === 'CALL' ? 'call' : 'put',
    size: input.size,
    pricingModel: 'black-scholes',
    ...(input.markPriceUsd != null ? { markPriceUsd: input.markPriceUsd } : {}),
    ...(input.impliedVolatility != null ? { impliedVolatility: input.impliedVolatility } : {}),
    ...(input.averagePriceUsd != null ? { averagePriceUsd: input.averagePriceUsd } : {}),
  }
}

/** Changes that apply to every margin account (market moves) rather than one. */
export const MARKET_WIDE: readonly WhatIfChange['kind'][] = [
  'movePrice',
  'moveAllCrypto',
  'setPrice',
  'shiftVolatility',
]

const RATE_MODES = { VARIABLE: 'variable', STABLE: 'stable' } as const

export function toWhatIfChange(input: ChangeInput): TargetedChange {
  const need = <value>(value: value | null | undefined, field: string): value => {
    if (value == null) throw new InvalidInputError(`A ${input.kind} change needs "${field}".`)
    return value
  }
  const amount = (): { asset: string; amount: DecimalString } => ({
    asset: need(input.asset, 'asset'),
    amount: need(input.amount, 'amount'),
  })
  const change: WhatIfChange = (() => {
    switch (input.kind) {
      case 'MOVE_PRICE':
        return { kind: 'movePrice', underlying: need(input.underlying, 'underlying'), move: need(input.move, 'move') }
      case 'MOVE_ALL_CRYPTO':
        return { kind: 'moveAllCrypto', move: need(input.move, 'move') }
      case 'SET_PRICE':
        return {
          kind: 'setPrice',
          underlying: need(input.underlying, 'underlying'),
          priceUsd: need(input.priceUsd, 'priceUsd'),
        }
      case 'SHIFT_VOLATILITY':
        return { kind: 'shiftVolatility', underlying: input.underlying ?? undefined, shift: need(input.shift, 'shift') }
      case 'SET_PERP_POSITION':
        return {
          kind: 'setPerpPosition',
          underlying: need(input.underlying, 'underlying'),
          size: need(input.size, 'size'),
          leverage: input.leverage ?? undefined,
          market: input.market ?? undefined,
        }
      case 'SET_OPTION_POSITION':
        return { kind: 'setOptionPosition', option: toOptionPosition(need(input.option, 'option')) }
      case 'DEPOSIT':
        return { kind: 'deposit', ...amount(), fundedFrom: input.fundedFrom ?? undefined }
      case 'WITHDRAW':
        return { kind: 'withdraw', ...amount() }
      case 'BORROW':
        return { kind: 'borrow', ...amount() }
      case 'REPAY':
        return {
          kind: 'repay',
          ...amount(),
          fundedFrom: input.fundedFrom ?? undefined,
          rateMode: input.interestRateMode == null ? undefined : RATE_MODES[input.interestRateMode],
        }
    }
  })()
  if (input.fundedFrom != null && change.kind !== 'deposit' && change.kind !== 'repay')
    throw new InvalidInputError(`"fundedFrom" applies to DEPOSIT and REPAY only, not ${input.kind}.`)
  if (input.interestRateMode != null && change.kind !== 'repay')
    throw new InvalidInputError(`"interestRateMode" applies to REPAY only, not ${input.kind}.`)
  const marketWide = MARKET_WIDE.includes(change.kind)
  if (!marketWide && input.marginAccount == null)
    throw new InvalidInputError(`A ${input.kind} change needs "marginAccount".`)
  return { marginAccount: marketWide ? null : (input.marginAccount ?? null), change }
}
