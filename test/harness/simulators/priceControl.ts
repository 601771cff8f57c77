import type { VenueRequest, VenueResponse } from './createVenueServer'

/** Base path of a simulator's control routes; no venue route starts with it. */
export const PRICE_CONTROL_PATH = '/__sandbox'

/**
 * What a simulator exposes to `npm run sandbox -- price|reset` through its loopback control routes
 * (a separate process from the one that started it, so it cannot call the control object directly).
 */
export type PriceControl = {
  /** Each market's price, by the venue's market name (`ETH`, `ETH-USD`). */
  prices(): Record<string, string>
  /** Sets one market's price (a positive decimal string); throws for an unknown market. */
  setPrice(market: string, price: string): void
  /** Puts every market's price back to what it was when the simulator started. */
  reset(): void
}

/** One market whose price a control request changed. */
export type PriceChange = { market: string; before: string; after: string }

const DECIMAL_RE = /^\d+(\.\d+)?$/

const bad = (error: string): VenueResponse => ({ status: 400, json: { error } })

/**
 * The control routes, on loopback like the simulator itself:
 * - `GET /__sandbox/prices` → `{ prices: { ETH: "3200.5", … } }`
 * - `POST /__sandbox/prices` with `{ "ETH": "2880.4" }` → `{ changed: [{ market, before, after }] }`
 *   (all or nothing: an unknown market or a price that is not a positive decimal changes nothing)
 * - `POST /__sandbox/reset` → `{ changed: [...] }` back to the start prices.
 * Anything else under `/__sandbox` answers 404. Returns undefined for every other path.
 */
export function handlePriceControl(control: PriceControl, request: VenueRequest): VenueResponse | undefined {
  if (!request.path.startsWith(`${PRICE_CONTROL_PATH}/`)) return undefined
  const route = request.path.slice(PRICE_CONTROL_PATH.length)
  if (route === '/prices' && request.method === 'GET') return { status: 200, json: { prices: control.prices() } }
  if (route === '/prices' && request.method === 'POST') {
    let body: unknown
    try {
      body = JSON.parse(request.body)
    } catch {
      return bad('The body must be JSON: {"<market>": "<price>"}.')
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return bad('Expected {"<market>": "<price>"}.')
    const before = control.prices()
    const entries = Object.entries(body as Record<string, unknown>)
    for (const [market, price] of entries) {
      if (before[market] === undefined)
        return bad(`Unknown market ${market}; this venue has ${Object.keys(before).join(', ')}.`)
      if (typeof price !== 'string' || !DECIMAL_RE.test(price) || Number(price) <= 0)
        return bad(`The price of ${market} must be a positive decimal string, got ${JSON.stringify(price)}.`)
    }
    for (const [market, price] of entries) control.setPrice(market, price as string)
    return { status: 200, json: { changed: diff(before, control.prices()) } }
  }
  if (route === '/reset' && request.method === 'POST') {
    const before = control.prices()
    control.reset()
    return { status: 200, json: { changed: diff(before, control.prices()) } }
  }
  return { status: 404, json: { error: `No control route ${request.method} ${request.path}.` } }
}

function diff(before: Record<string, string>, after: Record<string, string>): PriceChange[] {
  return Object.keys(after)
    .filter((market) => before[market] !== after[market])
    .map((market) => ({ market, before: before[market] as string, after: after[market] as string }))
}
