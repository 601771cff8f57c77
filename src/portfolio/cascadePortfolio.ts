import {
  type CascadeAccountOutcome,
  type CascadeLiquidation,
  type CascadeMarket,
  type CascadeRound,
  type ComputeCascadeReturnType,
  computeCascade,
  EngineInputError,
} from '../engine'
import { InvalidInputError } from '../errors/input'
import type { SourceState } from '../sources/createSourceLoader'
import { computedAtSec, evaluateEntries } from './evaluateEntries'
import { type GetPortfolioParameters, getEntries } from './getPortfolio'
import type { MarginAccountView, PortfolioContext, WarningView } from './types'

export type CascadePortfolioParameters = GetPortfolioParameters & {
  markets: readonly CascadeMarket[]
  maxRounds: number
}

export type CascadeMarginAccountView = { outcome: CascadeAccountOutcome; before: MarginAccountView }
export type ProtocolBadDebtView = ComputeCascadeReturnType['badDebt'][number]
export type PricePathView = ComputeCascadeReturnType['pricePath'][number]
export type UnderlyingPriceView = CascadeRound['pricesUsd'][number]
export type AaveLiquidationCallView = NonNullable<CascadeLiquidation['aave']>
export type MorphoLiquidationCallView = NonNullable<CascadeLiquidation['morpho']>

export type CascadeView = ComputeCascadeReturnType & {
  /** The margin accounts before the shock, by id (what each outcome and liquidation names). */
  before: ReadonlyMap<string, MarginAccountView>
  sources: SourceState[]
  warnings: WarningView[]
}

/**
 * A liquidation cascade over the caller's portfolio (addresses read through the venues, plus
 * declared margin accounts): `computeCascade` on every margin account read, each at its own
 * computation time, as `stress` evaluates them. Writes nothing.
 *
 * @throws {InvalidInputError} for a market the engine refuses (a depth model out of range, an
 * underlying no margin account prices and no `priceUsd` gives, a round limit out of range).
 */
export async function cascadePortfolio(
  context: PortfolioContext,
  { markets, maxRounds, ...query }: CascadePortfolioParameters,
): Promise<CascadeView> {
  const { entries, sources, warnings } = await getEntries(context, query)
  const base = evaluateEntries(entries, sources)
  try {
    const result = computeCascade({
      accounts: base.views.map((view) => ({
        id: view.id,
        snapshot: view.snapshot,
        nowSec: computedAtSec(view.snapshot),
      })),
      markets,
      maxRounds,
    })
    return {
      ...result,
      before: new Map(base.views.map((view) => [view.id, view])),
      sources: base.sources,
      warnings,
    }
  } catch (error) {
    if (error instanceof EngineInputError) throw new InvalidInputError(error.message, { cause: error })
    throw error
  }
}
