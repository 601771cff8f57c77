import { D } from '../../../src/engine/decimal'
import { createVenueServer, type VenueFailure, type VenueRequest, type VenueResponse } from './createVenueServer'

/**
 * A Hyperliquid `POST /info` simulator that speaks the documented formats and computes every
 * figure of `clearinghouseState` from its own state (balances, positions, mark prices) with the
 * documented definitions. It does NOT use Solvent's engine, so the adapter + engine can be
 * checked against it.
 *
 * Printing (as the API does): every figure is a decimal string; USD amounts are whole micro-USDC
 * (at most 6 decimals, HyperCore books USDC in 1e-6 units; rounded half-even here); prices in
 * `assetCtxs` carry at most 5 significant figures (the tick rule; the state stores them as
 * given); `liquidationPx` at most 8 decimals (the docs' example prints `2866.26936529`);
 * `returnOnEquity` 5 significant figures (the docs' example prints `-0.0026789`); zero is
 * `"0.0"` and an integer keeps one decimal (`"100.0"`). `positionValue` and `unrealizedPnl` are
 * exact products of a size (szDecimals) and prices.
 *
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint/perpetuals
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margining
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations
 */

export type HyperliquidSimMarket = {
  name: string
  szDecimals: number
  maxLeverage: number
  /** Below 50: a single tier at `maxLeverage`; 50 and up: a row of `marginTables`. */
  marginTableId: number
  onlyIsolated?: boolean | undefined
  markPx: string
  oraclePx: string
  midPx: string
  funding: string
  openInterest: string
  prevDayPx: string
  dayNtlVlm: string
  premium: string
}

export type HyperliquidSimMarginTable = {
  description: string
  marginTiers: { lowerBound: string; maxLeverage: number }[]
}

export type HyperliquidSimPosition = {
  coin: string
  /** Signed size, szDecimals. */
  szi: string
  entryPx: string
  /** The user's leverage setting for the coin. */
  leverage: number
  marginMode: 'cross' | 'isolated'
  /** Isolated only: the position's USDC ledger (`leverage.rawUsd`), isolated margin − cost. */
  isolatedRawUsd?: string | undefined
  cumFunding?: { allTime: string; sinceOpen: string; sinceChange: string } | undefined
}

export type HyperliquidSimUser = {
  /** The cross account's USDC ledger (`crossMarginSummary.totalRawUsd`). */
  crossRawUsd: string
  positions: HyperliquidSimPosition[]
}

export type HyperliquidSimState = {
  markets: HyperliquidSimMarket[]
  marginTables: [number, HyperliquidSimMarginTable][]
  /** By lowercase address. */
  users: Map<string, HyperliquidSimUser>
}

export type HyperliquidSimulatorControl = {
  state: HyperliquidSimState
  /** Sets a coin's mark price (and its oracle and mid price, so the book stays coherent). */
  setMarkPrice(coin: string, markPx: string): void
  /** Sets (or with `null` removes) a user's state. */
  setUser(user: string, state: HyperliquidSimUser | null): void
  /** Fails requests from now on (`null` heals). `user` restricts it to that user's `clearinghouseState`. */
  fail(failure: (VenueFailure & { user?: string | undefined }) | null): void
  /** Requests received, by info `type` (all types without an argument). */
  requestCount(type?: string): number
  resetCounts(): void
  /** Fixes the clock of `time` fields (unix ms); `null` follows the wall clock. */
  setTimeMs(timeMs: number | null): void
}

const USD_DECIMALS = 6
const PRICE_DECIMALS = 8

/** Hyperliquid's printing of a decimal: trailing zeros trimmed, at least one decimal (`"0.0"`, `"100.0"`). */
export function formatHyperliquidDecimal(value: InstanceType<typeof D>): string {
  const text = value.isZero() ? '0' : value.toFixed()
  return text.includes('.') ? text : `${text}.0`
}
const usd = (value: InstanceType<typeof D>) =>
  formatHyperliquidDecimal(value.toDecimalPlaces(USD_DECIMALS, D.ROUND_HALF_EVEN))
const px = (value: InstanceType<typeof D>) =>
  formatHyperliquidDecimal(value.toDecimalPlaces(PRICE_DECIMALS, D.ROUND_HALF_EVEN))

type Tier = { lowerBound: InstanceType<typeof D>; rate: InstanceType<typeof D>; deduction: InstanceType<typeof D> }

/**
 * A perp's maintenance schedule: rate = 1 / (2 × max leverage of the tier); deductions keep
 * the requirement continuous at each tier floor.
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers
 */
function maintenanceTiers(market: HyperliquidSimMarket, tables: [number, HyperliquidSimMarginTable][]): Tier[] {
  const table = market.marginTableId >= 50 ? tables.find(([id]) => id === market.marginTableId)?.[1] : undefined
  const rows = table?.marginTiers ?? [{ lowerBound: '0', maxLeverage: market.maxLeverage }]
  const tiers: Tier[] = []
  for (const row of rows) {
    const lowerBound = new D(row.lowerBound)
    const rate = new D(1).div(2 * row.maxLeverage)
    const previous = tiers.at(-1)
    const deduction = previous ? previous.deduction.add(lowerBound.mul(rate.sub(previous.rate))) : new D(0)
    tiers.push({ lowerBound, rate, deduction })
  }
  return tiers
}

function tierAt(tiers: Tier[], notional: InstanceType<typeof D>): Tier {
  let found = tiers[0] as Tier
  for (const tier of tiers) if (notional.gte(tier.lowerBound)) found = tier
  return found
}

/**
 * `liq_price = price − side × margin_available / position_size / (1 − l × side)`, with the
 * position's own requirement and `l` taken in the tier that holds the liquidation notional.
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations
 */
function liquidationPrice(
  accountValue: InstanceType<typeof D>,
  otherMaintenance: InstanceType<typeof D>,
  szi: InstanceType<typeof D>,
  mark: InstanceType<typeof D>,
  tiers: Tier[],
): InstanceType<typeof D> | null {
  const side = szi.isNegative() ? -1 : 1
  const size = szi.abs()
  const candidates = tiers.map((tier, i) => {
    const own = size.mul(mark).mul(tier.rate).sub(tier.deduction)
    const available = accountValue.sub(otherMaintenance).sub(own)
    const price = mark.sub(
      available
        .mul(side)
        .div(size)
        .div(new D(1).sub(tier.rate.mul(side))),
    )
    const next = tiers[i + 1]
    const notional = size.mul(price)
    const inside = notional.gte(tier.lowerBound) && (!next || notional.lt(next.lowerBound))
    return { price, inside }
  })
  const chosen = candidates.find((c) => c.inside) ?? candidates[tiers.indexOf(tierAt(tiers, size.mul(mark)))]
  if (!chosen || chosen.price.lte(0)) return null
  return chosen.price
}

/** The `clearinghouseState` answer for one user, every figure computed from the simulator's state. */
export function computeClearinghouseState(
  user: HyperliquidSimUser | undefined,
  state: Pick<HyperliquidSimState, 'markets' | 'marginTables'>,
  timeMs: number,
): Record<string, unknown> {
  const zero = new D(0)
  const markets = new Map(state.markets.map((m, i) => [m.name, { market: m, index: i }]))
  const lines = (user?.positions ?? [])
    .filter((p) => !new D(p.szi).isZero())
    .map((position) => {
      const entry = markets.get(position.coin)
      if (!entry) throw new Error(`Simulator: unknown coin ${position.coin}`)
      const szi = new D(position.szi)
      const mark = new D(entry.market.markPx)
      const tiers = maintenanceTiers(entry.market, state.marginTables)
      const notional = szi.abs().mul(mark)
      const tier = tierAt(tiers, notional)
      return {
        position,
        market: entry.market,
        index: entry.index,
        szi,
        mark,
        tiers,
        notional,
        upnl: szi.mul(mark.sub(new D(position.entryPx))),
        maintenance: notional.mul(tier.rate).sub(tier.deduction),
        initial: notional.div(position.leverage),
      }
    })
    .sort((a, b) => a.index - b.index)

  const cross = lines.filter((l) => l.position.marginMode === 'cross')
  const crossRawUsd = new D(user?.crossRawUsd ?? '0')
  const crossValue = cross.reduce((acc, l) => acc.add(l.szi.mul(l.mark)), crossRawUsd)
  const crossMaintenance = cross.reduce((acc, l) => acc.add(l.maintenance), zero)
  const crossMarginUsed = cross.reduce((acc, l) => acc.add(l.initial), zero)
  const crossNtl = cross.reduce((acc, l) => acc.add(l.notional), zero)

  let totalValue = crossValue
  let totalRaw = crossRawUsd
  let totalMarginUsed = crossMarginUsed
  let totalNtl = crossNtl
  const assetPositions = lines.map((line) => {
    const isolated = line.position.marginMode === 'isolated'
    const rawUsd = new D(line.position.isolatedRawUsd ?? '0')
    const isolatedValue = rawUsd.add(line.szi.mul(line.mark))
    if (isolated) {
      totalValue = totalValue.add(isolatedValue)
      totalRaw = totalRaw.add(rawUsd)
      totalMarginUsed = totalMarginUsed.add(isolatedValue)
      totalNtl = totalNtl.add(line.notional)
    }
    const liq = isolated
      ? liquidationPrice(isolatedValue, zero, line.szi, line.mark, line.tiers)
      : liquidationPrice(crossValue, crossMaintenance.sub(line.maintenance), line.szi, line.mark, line.tiers)
    const margin = line.szi.abs().mul(new D(line.position.entryPx)).div(line.position.leverage)
    const roe = margin.isZero() ? zero : line.upnl.div(margin).toSignificantDigits(5, D.ROUND_HALF_EVEN)
    return {
      type: 'oneWay',
      position: {
        coin: line.position.coin,
        cumFunding: line.position.cumFunding ?? { allTime: '0.0', sinceChange: '0.0', sinceOpen: '0.0' },
        entryPx: line.position.entryPx,
        leverage: isolated
          ? { rawUsd: usd(rawUsd), type: 'isolated', value: line.position.leverage }
          : { type: 'cross', value: line.position.leverage },
        liquidationPx: liq === null ? null : px(liq),
        marginUsed: usd(isolated ? isolatedValue : line.initial),
        maxLeverage: line.market.maxLeverage,
        positionValue: formatHyperliquidDecimal(line.notional),
        returnOnEquity: formatHyperliquidDecimal(roe),
        szi: line.position.szi,
        unrealizedPnl: formatHyperliquidDecimal(line.upnl),
      },
    }
  })
  // Transfer margin requirement: max(initial margin, 10% of the notional) must stay behind.
  const transferRequirement = D.max(crossMarginUsed, crossNtl.mul('0.1'))
  const withdrawable = D.max(zero, crossValue.sub(transferRequirement))
  return {
    marginSummary: {
      accountValue: usd(totalValue),
      totalNtlPos: usd(totalNtl),
      totalRawUsd: usd(totalRaw),
      totalMarginUsed: usd(totalMarginUsed),
    },
    crossMarginSummary: {
      accountValue: usd(crossValue),
      totalNtlPos: usd(crossNtl),
      totalRawUsd: usd(crossRawUsd),
      totalMarginUsed: usd(crossMarginUsed),
    },
    crossMaintenanceMarginUsed: usd(crossMaintenance),
    withdrawable: usd(withdrawable),
    assetPositions,
    time: timeMs,
  }
}

function meta(state: HyperliquidSimState) {
  return {
    universe: state.markets.map((m) => ({
      szDecimals: m.szDecimals,
      name: m.name,
      maxLeverage: m.maxLeverage,
      marginTableId: m.marginTableId,
      ...(m.onlyIsolated ? { onlyIsolated: true } : {}),
    })),
    marginTables: state.marginTables,
    collateralToken: 0,
  }
}

function assetCtxs(state: HyperliquidSimState) {
  return state.markets.map((m) => ({
    funding: m.funding,
    openInterest: m.openInterest,
    prevDayPx: m.prevDayPx,
    dayNtlVlm: m.dayNtlVlm,
    premium: m.premium,
    oraclePx: m.oraclePx,
    markPx: m.markPx,
    midPx: m.midPx,
    impactPxs: [m.midPx, m.midPx],
    dayBaseVlm: formatHyperliquidDecimal(new D(m.dayNtlVlm).div(m.markPx).toDecimalPlaces(m.szDecimals)),
  }))
}

/** axum's answer to a body it cannot deserialize (the real endpoint's 422, plain text). */
const unprocessable = (detail: string): VenueResponse => ({
  status: 422,
  text: `Failed to deserialize the JSON body into the target type: ${detail}`,
})

/** Starts the simulator on loopback. */
export async function startHyperliquidSimulator(state: HyperliquidSimState) {
  let fixedTimeMs: number | null = null
  const now = () => fixedTimeMs ?? Date.now()
  const handle = (request: VenueRequest): { key: string; response: VenueResponse } => {
    if (request.method !== 'POST' || request.path !== '/info') {
      return { key: 'other', response: { status: 404, text: '' } }
    }
    let body: unknown
    try {
      body = JSON.parse(request.body)
    } catch {
      return { key: 'malformed', response: unprocessable('expected value at line 1 column 1') }
    }
    const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined
    if (typeof type !== 'string') return { key: 'malformed', response: unprocessable('missing field `type`') }
    switch (type) {
      case 'meta':
        return { key: type, response: { status: 200, json: meta(state) } }
      case 'metaAndAssetCtxs':
        return { key: type, response: { status: 200, json: [meta(state), assetCtxs(state)] } }
      case 'allMids':
        return {
          key: type,
          response: { status: 200, json: Object.fromEntries(state.markets.map((m) => [m.name, m.midPx])) },
        }
      case 'clearinghouseState': {
        const user = (body as { user?: unknown }).user
        if (typeof user !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(user)) {
          return { key: type, response: unprocessable('user: invalid address') }
        }
        const json = computeClearinghouseState(state.users.get(user.toLowerCase()), state, now())
        return { key: type, response: { status: 200, json } }
      }
      default:
        return { key: 'malformed', response: unprocessable(`type: unknown variant \`${type}\``) }
    }
  }
  // Prices at start, for the control route's reset (the sandbox's `npm run sandbox -- reset`).
  const startPrices = new Map(
    state.markets.map((m) => [m.name, { markPx: m.markPx, oraclePx: m.oraclePx, midPx: m.midPx }]),
  )
  const server = await createVenueServer({
    handle,
    priceControl: {
      prices: () => Object.fromEntries(state.markets.map((m) => [m.name, m.markPx])),
      setPrice: (coin, price) => control.setMarkPrice(coin, price),
      reset: () => {
        for (const market of state.markets) Object.assign(market, startPrices.get(market.name))
      },
    },
  })
  const control: HyperliquidSimulatorControl = {
    state,
    setMarkPrice(coin, markPx) {
      const market = state.markets.find((m) => m.name === coin)
      if (!market) throw new Error(`Simulator: unknown coin ${coin}`)
      market.markPx = markPx
      market.oraclePx = markPx
      market.midPx = markPx
    },
    setUser(user, next) {
      if (next) state.users.set(user.toLowerCase(), next)
      else state.users.delete(user.toLowerCase())
    },
    fail(failure) {
      if (!failure) return server.setFailure(null)
      const { user, ...rest } = failure
      const matchUser = (request: VenueRequest) => {
        try {
          const body = JSON.parse(request.body) as { type?: string; user?: string }
          return body.type === 'clearinghouseState' && body.user?.toLowerCase() === user?.toLowerCase()
        } catch {
          return false
        }
      }
      server.setFailure(user === undefined ? rest : { ...rest, match: matchUser })
    },
    requestCount(type) {
      if (type !== undefined) return server.counts.get(type) ?? 0
      let total = 0
      for (const count of server.counts.values()) total += count
      return total
    },
    resetCounts: () => server.counts.clear(),
    setTimeMs(timeMs) {
      fixedTimeMs = timeMs
    },
  }
  return { url: server.url, close: server.close, control }
}
