/**
 * 1,000 margin accounts evaluated in one batch and aggregated, as a cron tick does for watched
 * accounts: 245 each of Hyperliquid, dYdX v4, Binance-style tiered perps and Aave v3 accounts,
 * plus 20 options books (2 %), each with its own sizes. Registers benches only.
 */
import { bench, group, summary } from 'mitata'
import { aggregateReports } from '../../src/engine/aggregate'
import { evaluateMarginAccount, type MarginAccountSnapshot } from '../../src/engine/evaluateMarginAccount'
import { applyChanges } from '../../src/engine/whatIf/applyChanges'
import {
  aaveMarket,
  binanceCross,
  dydxCross,
  hyperliquidCross,
  NOW_SEC,
  optionsBook,
} from '../unit/engine/sampleSnapshots'

/** The sample account scaled by a per-account factor (a deposit and a resized position), so no two are alike. */
function variant(snapshot: MarginAccountSnapshot, i: number): MarginAccountSnapshot {
  const factor = 1 + (i % 17) / 20
  switch (snapshot.model) {
    case 'aave-v3':
      return applyChanges({
        snapshot,
        changes: [{ kind: 'deposit', asset: 'USDC', amount: String(100 * (1 + (i % 13))) }],
        nowSec: NOW_SEC,
      })
    case 'portfolio-margin':
      return applyChanges({
        snapshot,
        changes: [{ kind: 'deposit', asset: 'USDC', amount: String(1000 + i) }],
        nowSec: NOW_SEC,
      })
    default:
      return applyChanges({
        snapshot,
        changes: [{ kind: 'setPerpPosition', underlying: 'ETH', size: (5 * factor).toFixed(2) }],
        nowSec: NOW_SEC,
      })
  }
}

const accounts: MarginAccountSnapshot[] = []
for (let i = 0; i < 245; i++)
  accounts.push(variant(hyperliquidCross, i), variant(dydxCross, i), variant(binanceCross, i), variant(aaveMarket, i))
for (let i = 0; i < 20; i++) accounts.push(variant(optionsBook, i))
const perpsAndLending = accounts.filter((a) => a.model !== 'portfolio-margin')

const evaluateAll = (batch: readonly MarginAccountSnapshot[]) =>
  aggregateReports(batch.map((snapshot) => evaluateMarginAccount({ snapshot, nowSec: NOW_SEC })))

group(`batch: ${accounts.length} margin accounts`, () => {
  summary(() => {
    bench(`evaluate + aggregate ${accounts.length} (incl. 20 options books)`, () => evaluateAll(accounts))
    bench(`evaluate + aggregate ${perpsAndLending.length} perp and lending accounts`, () =>
      evaluateAll(perpsAndLending),
    )
  })
})
