import { type D, dec, ZERO } from '../../decimal'
import { EngineInputError } from '../../errors'
import type { TierSchedule } from '../findTierIndex'
import { computeMaintenanceAmounts } from './computeMaintenanceAmounts'
import type { TieredPerpBracket, TieredPerpSnapshot } from './types'

/** Bracket table parsed on demand: most positions only ever read their first few brackets. */
export type BracketSchedule = TierSchedule & {
  /** Maintenance amount (cum) of bracket `index`: the table's, or derived by the published recursion. */
  maintenanceAmountUsd: (index: number) => D
  maxLeverage: (index: number) => D
}

export function toBracketSchedule(brackets: readonly TieredPerpBracket[]): BracketSchedule {
  const lazy = (field: 'notionalFloorUsd' | 'maintenanceMarginRate' | 'maxLeverage') => {
    const parsed: D[] = []
    return (index: number): D => {
      let value = parsed[index]
      if (value === undefined) {
        const bracket = brackets[index]
        if (!bracket) throw new RangeError(`No bracket ${index}.`)
        value = dec(bracket[field])
        parsed[index] = value
      }
      return value
    }
  }
  const floorUsd = lazy('notionalFloorUsd')
  const rate = lazy('maintenanceMarginRate')
  // A table without amounts (Bybit risk limits read without `mmDeduction`, a declared table) gets
  // them from its floors and rates; a table with them keeps the venue's own figures.
  let derived: D[] | undefined
  const parsed: D[] = []
  const maintenanceAmountUsd = (index: number): D => {
    const known = parsed[index]
    if (known !== undefined) return known
    const given = brackets[index]?.maintenanceAmountUsd
    if (given !== undefined) {
      const amount = dec(given)
      parsed[index] = amount
      return amount
    }
    derived ??= computeMaintenanceAmounts({
      floors: brackets.map((_, i) => floorUsd(i)),
      rates: brackets.map((_, i) => rate(i)),
      given: brackets.map((bracket) =>
        bracket.maintenanceAmountUsd === undefined ? undefined : dec(bracket.maintenanceAmountUsd),
      ),
    })
    return derived[index] ?? ZERO
  }
  return { count: brackets.length, floorUsd, rate, maintenanceAmountUsd, maxLeverage: lazy('maxLeverage') }
}

/**
 * The same brackets with every maintenance amount lowered by `extra` (a fee to close added to
 * maintenance margin): MM stays continuous across brackets, so the tier walk still applies.
 */
export function withExtraMaintenance(schedule: BracketSchedule, extra: D): BracketSchedule {
  if (extra.isZero()) return schedule
  return { ...schedule, maintenanceAmountUsd: (index) => schedule.maintenanceAmountUsd(index).sub(extra) }
}

/** A fixed maintenance margin (Bybit's at entry): one bracket at rate 0 whose amount is −MM. */
export function fixedMaintenance(maintenance: D): BracketSchedule {
  const amount = maintenance.neg()
  return {
    count: 1,
    floorUsd: () => ZERO,
    rate: () => ZERO,
    maintenanceAmountUsd: () => amount,
    maxLeverage: () => ZERO,
  }
}

/**
 * Symbols often share one bracket table: each table (by identity) and each 1 / leverage is parsed once.
 */
export function parseSchedules(snapshot: TieredPerpSnapshot): (symbol: string) => BracketSchedule {
  const schedules = new Map<readonly TieredPerpBracket[], BracketSchedule>()
  return (symbol) => {
    const brackets = snapshot.params.brackets[symbol]
    if (!brackets || brackets.length === 0) {
      throw new EngineInputError(`No brackets for "${symbol}" in the snapshot.`)
    }
    let schedule = schedules.get(brackets)
    if (!schedule) {
      schedule = toBracketSchedule(brackets)
      schedules.set(brackets, schedule)
    }
    return schedule
  }
}
