import { D } from '../../../src/engine/decimal'
import { createVenueServer, type VenueFailure, type VenueRequest, type VenueResponse } from './createVenueServer'

/**
 * A dYdX v4 indexer (comlink) simulator on the documented routes and shapes:
 * `GET /v4/addresses/{address}`, `/v4/addresses/{address}/subaccountNumber/{n}`,
 * `/v4/perpetualMarkets`, `/v4/perpetualPositions?address=&subaccountNumber=` and `/v4/height`.
 *
 * Figures follow comlink's own helpers, computed from the simulator's state:
 * `equity = USDC + Σ size × oraclePrice` and `freeCollateral = equity − Σ |size × oraclePrice| × IMF`
 * (the market's base IMF: comlink does not apply the open-interest scaling), `unrealizedPnl =
 * (oraclePrice − entryPrice) × size`, printed exactly (big.js `toFixed()`). Sizes of perpetual
 * positions are signed; asset positions carry an unsigned size and a side. Funding is settled into
 * the USDC position, so there is nothing unsettled.
 *
 * @see https://docs.dydx.xyz/indexer-client/http
 * @see https://github.com/dydxprotocol/v4-chain/blob/main/indexer/services/comlink/src/lib/helpers.ts
 * @see https://github.com/dydxprotocol/v4-chain/blob/main/indexer/services/comlink/public/api-documentation.md
 */

export type DydxSimMarket = {
  ticker: string
  clobPairId: string
  status: 'ACTIVE' | 'PAUSED' | 'CANCEL_ONLY' | 'POST_ONLY' | 'INITIALIZING' | 'FINAL_SETTLEMENT'
  oraclePrice: string
  initialMarginFraction: string
  maintenanceMarginFraction: string
  openInterest: string
  atomicResolution: number
  quantumConversionExponent: number
  tickSize: string
  stepSize: string
  stepBaseQuantums: number
  subticksPerTick: number
  marketType: 'CROSS' | 'ISOLATED'
  openInterestLowerCap: string
  openInterestUpperCap: string
  nextFundingRate: string
}

export type DydxSimPosition = {
  market: string
  /** Signed size. */
  size: string
  entryPrice: string
  realizedPnl?: string | undefined
  netFunding?: string | undefined
}

export type DydxSimSubaccount = {
  subaccountNumber: number
  /** Signed USDC balance (funding settled into it). */
  usdc: string
  positions: DydxSimPosition[]
}

export type DydxSimState = {
  markets: DydxSimMarket[]
  /** By bech32 address. */
  addresses: Map<string, DydxSimSubaccount[]>
  height: number
}

export type DydxSimulatorControl = {
  state: DydxSimState
  setOraclePrice(ticker: string, oraclePrice: string): void
  /** Sets (or with `null` removes) an address's subaccounts. */
  setAddress(address: string, subaccounts: DydxSimSubaccount[] | null): void
  /** Fails requests from now on (`null` heals). `address` restricts it to that address's routes. */
  fail(failure: (VenueFailure & { address?: string | undefined }) | null): void
  /** Requests received, by route (`addresses`, `subaccount`, `perpetualMarkets`, `perpetualPositions`, `height`). */
  requestCount(route?: string): number
  resetCounts(): void
}

const DYDX_ADDRESS_RE = /^dydx1[02-9ac-hj-np-z]{38}$/
const CREATED_AT = '2026-01-02T03:04:05.000Z'

const notFound = (msg: string): VenueResponse => ({ status: 404, json: { errors: [{ msg }] } })
const invalidAddress = (value: string): VenueResponse => ({
  status: 400,
  json: {
    errors: [
      { type: 'field', value, msg: 'address must be a valid dydx address', path: 'address', location: 'params' },
    ],
  },
})

function market(state: DydxSimState, ticker: string): DydxSimMarket {
  const found = state.markets.find((m) => m.ticker === ticker)
  if (!found) throw new Error(`Simulator: unknown market ${ticker}`)
  return found
}

function positionObject(state: DydxSimState, sub: DydxSimSubaccount, p: DydxSimPosition) {
  const size = new D(p.size)
  const oracle = new D(market(state, p.market).oraclePrice)
  return {
    market: p.market,
    status: 'OPEN',
    side: size.isNegative() ? 'SHORT' : 'LONG',
    size: size.toFixed(),
    maxSize: size.toFixed(),
    entryPrice: p.entryPrice,
    exitPrice: null,
    realizedPnl: p.realizedPnl ?? '0',
    unrealizedPnl: oracle.sub(new D(p.entryPrice)).mul(size).toFixed(),
    createdAt: CREATED_AT,
    createdAtHeight: '1000',
    closedAt: null,
    sumOpen: size.abs().toFixed(),
    sumClose: '0',
    netFunding: p.netFunding ?? '0',
    subaccountNumber: sub.subaccountNumber,
  }
}

/** One `SubaccountResponseObject`, every figure computed from the state. */
export function computeSubaccount(state: DydxSimState, address: string, sub: DydxSimSubaccount) {
  let equity = new D(sub.usdc)
  let initial = new D(0)
  const openPerpetualPositions: Record<string, unknown> = {}
  for (const p of sub.positions) {
    if (new D(p.size).isZero()) continue
    const m = market(state, p.market)
    const notional = new D(p.size).mul(m.oraclePrice)
    equity = equity.add(notional)
    initial = initial.add(notional.abs().mul(m.initialMarginFraction))
    openPerpetualPositions[p.market] = positionObject(state, sub, p)
  }
  const usdc = new D(sub.usdc)
  const assetPositions = usdc.isZero()
    ? {}
    : {
        USDC: {
          size: usdc.abs().toFixed(),
          symbol: 'USDC',
          side: usdc.isNegative() ? 'SHORT' : 'LONG',
          assetId: '0',
          subaccountNumber: sub.subaccountNumber,
        },
      }
  return {
    address,
    subaccountNumber: sub.subaccountNumber,
    equity: equity.toFixed(),
    freeCollateral: equity.sub(initial).toFixed(),
    openPerpetualPositions,
    assetPositions,
    marginEnabled: true,
    updatedAtHeight: String(state.height - 10),
    latestProcessedBlockHeight: String(state.height),
  }
}

function perpetualMarkets(state: DydxSimState) {
  return {
    markets: Object.fromEntries(
      state.markets.map((m) => [
        m.ticker,
        {
          clobPairId: m.clobPairId,
          ticker: m.ticker,
          status: m.status,
          oraclePrice: m.oraclePrice,
          priceChange24H: '0',
          volume24H: '0',
          trades24H: 0,
          nextFundingRate: m.nextFundingRate,
          initialMarginFraction: m.initialMarginFraction,
          maintenanceMarginFraction: m.maintenanceMarginFraction,
          openInterest: m.openInterest,
          atomicResolution: m.atomicResolution,
          quantumConversionExponent: m.quantumConversionExponent,
          tickSize: m.tickSize,
          stepSize: m.stepSize,
          stepBaseQuantums: m.stepBaseQuantums,
          subticksPerTick: m.subticksPerTick,
          marketType: m.marketType,
          openInterestLowerCap: m.openInterestLowerCap,
          openInterestUpperCap: m.openInterestUpperCap,
          baseOpenInterest: m.openInterest,
          defaultFundingRate1H: '0',
        },
      ]),
    ),
  }
}

/** Starts the simulator on loopback. */
export async function startDydxSimulator(state: DydxSimState) {
  const handle = (request: VenueRequest): { key: string; response: VenueResponse } => {
    const parts = request.path.split('/').filter(Boolean).map(decodeURIComponent)
    if (request.method !== 'GET' || parts[0] !== 'v4') return { key: 'other', response: notFound('Not found') }
    const route = parts.slice(1)
    if (route[0] === 'height' && route.length === 1) {
      return {
        key: 'height',
        response: { status: 200, json: { height: String(state.height), time: new Date().toISOString() } },
      }
    }
    if (route[0] === 'perpetualMarkets' && route.length === 1) {
      return { key: 'perpetualMarkets', response: { status: 200, json: perpetualMarkets(state) } }
    }
    if (route[0] === 'addresses' && route[1] !== undefined) {
      const address = route[1]
      const key = route.length === 2 ? 'addresses' : 'subaccount'
      if (!DYDX_ADDRESS_RE.test(address)) return { key, response: invalidAddress(address) }
      const subs = state.addresses.get(address) ?? []
      if (route.length === 2) {
        if (subs.length === 0) return { key, response: notFound(`No subaccounts found for address ${address}`) }
        const subaccounts = subs.map((sub) => computeSubaccount(state, address, sub))
        return { key, response: { status: 200, json: { subaccounts, totalTradingRewards: '0' } } }
      }
      if (route[2] === 'subaccountNumber' && route[3] !== undefined && route.length === 4) {
        const n = Number(route[3])
        const sub = subs.find((s) => s.subaccountNumber === n)
        if (!sub) {
          return {
            key,
            response: notFound(`No subaccount found with address ${address} and subaccountNumber ${route[3]}`),
          }
        }
        return { key, response: { status: 200, json: computeSubaccount(state, address, sub) } }
      }
    }
    if (route[0] === 'perpetualPositions' && route.length === 1) {
      const address = request.query.get('address') ?? ''
      if (!DYDX_ADDRESS_RE.test(address)) return { key: 'perpetualPositions', response: invalidAddress(address) }
      const n = Number(request.query.get('subaccountNumber') ?? '0')
      const sub = (state.addresses.get(address) ?? []).find((s) => s.subaccountNumber === n)
      if (!sub) {
        return {
          key: 'perpetualPositions',
          response: notFound(`No subaccount found with address ${address} and subaccountNumber ${n}`),
        }
      }
      const positions = sub.positions.filter((p) => !new D(p.size).isZero()).map((p) => positionObject(state, sub, p))
      return { key: 'perpetualPositions', response: { status: 200, json: { positions } } }
    }
    return { key: 'other', response: notFound('Not found') }
  }
  // Prices at start, for the control route's reset (the sandbox's `npm run sandbox -- reset`).
  const startPrices = new Map(state.markets.map((m) => [m.ticker, m.oraclePrice]))
  const server = await createVenueServer({
    handle,
    priceControl: {
      prices: () => Object.fromEntries(state.markets.map((m) => [m.ticker, m.oraclePrice])),
      setPrice: (ticker, price) => control.setOraclePrice(ticker, price),
      reset: () => {
        for (const market of state.markets) market.oraclePrice = startPrices.get(market.ticker) ?? market.oraclePrice
      },
    },
  })
  const control: DydxSimulatorControl = {
    state,
    setOraclePrice(ticker, oraclePrice) {
      market(state, ticker).oraclePrice = oraclePrice
    },
    setAddress(address, subaccounts) {
      if (subaccounts) state.addresses.set(address, subaccounts)
      else state.addresses.delete(address)
    },
    fail(failure) {
      if (!failure) return server.setFailure(null)
      const { address, ...rest } = failure
      server.setFailure(
        address === undefined
          ? rest
          : {
              ...rest,
              match: (request) => request.path.includes(`/${address}`) || request.query.get('address') === address,
            },
      )
    },
    requestCount(route) {
      if (route !== undefined) return server.counts.get(route) ?? 0
      let total = 0
      for (const count of server.counts.values()) total += count
      return total
    },
    resetCounts: () => server.counts.clear(),
  }
  return { url: server.url, close: server.close, control }
}
