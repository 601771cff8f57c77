/**
 * What the dashboard shows, computed from the API's answers: formatting, the sweep chart's marks, the
 * distance bars and the cascade's start prices. Pure (no DOM, no fetch), so it is unit-tested in Node
 * (test/unit/dashboard/present.test.ts); ./main draws what this returns.
 *
 * Every price and distance shown is one the API printed. The only arithmetic is for drawing: a fraction
 * times 100 as a float for a chart's axis, and the exact sum of decimal strings in `addDecimals`.
 */

/** A decimal string grouped by thousands, exactly as the API printed it (no float, no rounding). */
export function group(value: string): string {
  const negative = value.startsWith('-')
  const [whole = '', fraction] = (negative ? value.slice(1) : value).split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${negative ? '−' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`
}

/**
 * A decimal string rounded half to even to `places` decimals and padded to them (the API's own rounding
 * mode, applied again for display only): scaled BigInts, no float.
 */
export function roundDecimal(value: string, places: number): string {
  const negative = value.startsWith('-')
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.')
  const kept = BigInt((whole || '0') + fraction.slice(0, places).padEnd(places, '0'))
  const rest = fraction.slice(places)
  const half =
    rest === '' ? -1 : rest[0] === '5' && /^50*$/.test(rest) ? 0 : rest[0] !== undefined && rest[0] >= '5' ? 1 : -1
  const up = half === 1 || (half === 0 && kept % 2n === 1n)
  const units = kept + (up ? 1n : 0n)
  const digits = units.toString().padStart(places + 1, '0')
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`
  return negative && units !== 0n ? `-${text}` : text
}

/** Decimals shown for a price: cents from $1 up, six significant digits below (a stablecoin's $0.999871). */
function priceDecimals(value: string): number {
  const [whole = '0', fraction = ''] = value.replace('-', '').split('.')
  if (Number(whole) >= 1 || /^0*$/.test(fraction)) return 2
  const zeros = /^0*/.exec(fraction)?.[0].length ?? 0
  return Math.min(12, zeros + 6)
}

const dollars = (rounded: string) => {
  const grouped = group(rounded)
  return grouped.startsWith('−') ? `−$${grouped.slice(1)}` : `$${grouped}`
}

/**
 * A USD amount with the sign before the symbol (−$1,326.12), so a negative amount never breaks between them;
 * shown to the cent. The exact figure stays in the element's data-value and title (`exact`).
 */
export function usd(value: string | null): string {
  return value === null ? 'unknown' : dollars(roundDecimal(value, 2))
}

/** USD per unit of an asset: to the cent from $1 up, six significant digits below ($0.999871). */
export function price(value: string | null): string {
  return value === null ? 'unknown' : dollars(roundDecimal(value, priceDecimals(value)))
}

/** The exact figure as the API printed it, for a title attribute (hover) beside a rounded one. */
export function exact(value: string | null, unit: 'USD' | '' = ''): string {
  return value === null ? 'unknown' : `${group(value)}${unit ? ` ${unit}` : ''} (exact, as the API printed it)`
}

/** A quantity (units of an asset, a gamma) to four decimals, or four significant digits below 1, grouped. */
export function quantity(value: string): string {
  const [whole = '0', fraction = ''] = value.replace('-', '').split('.')
  const zeros = /^0*/.exec(fraction)?.[0].length ?? 0
  const places = Number(whole) >= 1 || /^0*$/.test(fraction) ? 4 : Math.min(18, zeros + 4)
  return group(roundDecimal(value, places))
}

/** A ratio (margin ratio, health factor) to four decimals; ∞ and "none" as the API's kinds say. */
export function ratio(r: { kind: 'FINITE' | 'INFINITE' | 'NONE'; value: string | null } | null): string {
  if (r === null) return '–'
  if (r.kind === 'INFINITE') return '∞'
  if (r.kind === 'NONE' || r.value === null) return 'none'
  return roundDecimal(r.value, 4)
}

/**
 * A fraction as a percentage with two decimals and a typographic minus (−4.23 %); `signed` puts a + on
 * rises, for moves. Display rounding only: the exact fraction stays in the element's data attribute.
 */
export function percent(fraction: string | null, { signed = false }: { signed?: boolean } = {}): string {
  if (fraction === null) return '–'
  // × 100 exactly: the decimal point moves two places right.
  const [whole = '0', digits = ''] = fraction.split('.')
  const padded = digits.padEnd(2, '0')
  const text = roundDecimal(`${whole}${padded.slice(0, 2)}.${padded.slice(2) || '0'}`, 2)
  const negative = text.startsWith('-')
  const magnitude = (negative ? text.slice(1) : text).replace(/^0+(?=\d)/, '')
  if (/^0\.00$/.test(magnitude)) return '0.00 %'
  return `${negative ? '−' : signed ? '+' : ''}${magnitude} %`
}

/** Exact sum of decimal strings (bad debt of a round's liquidations): scaled BigInts, no float. */
export function addDecimals(values: readonly string[]): string {
  const scale = Math.max(0, ...values.map((v) => v.split('.')[1]?.length ?? 0))
  let total = 0n
  for (const value of values) {
    const negative = value.startsWith('-')
    const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.')
    const units = BigInt(whole + fraction.padEnd(scale, '0'))
    total += negative ? -units : units
  }
  const negative = total < 0n
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0')
  const whole = digits.slice(0, digits.length - scale)
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`
}

// ---------------------------------------------------------------------------------------------------------
// Equity against price

export type SweepAnswer = {
  underlying: string
  referencePriceUsd: string | null
  referenceSource: string | null
  points: { move: string; priceUsd: string | null; liquidatableCount: number }[]
  liquidationMarks: {
    marginAccount: { id: string; protocol: string }
    position: string
    asset: string
    priceUsd: string
    distance: string
    markPriceUsd: string
  }[]
}

export type SweepMark = {
  /** 1, 2, …: the number drawn at the top of the mark's line and shown before its legend entry. */
  number: number
  /** Where the line is drawn on the x axis: the API's distance, in % (drawing only). */
  movePercent: number
  /** The API's distance (exact), its liquidation price and its venue's price today. */
  distance: string
  priceUsd: string
  markPriceUsd: string
  marginAccount: string
  asset: string
  protocol: string
  label: string
}

export type SweepPlan = {
  /** The x value of every point: the API's move, in %. */
  movesPercent: number[]
  marks: SweepMark[]
  /** Today's price at each venue the chart marks (its 0 %), as the API reports it. */
  today: { label: string; priceUsd: string }[]
  /** Margin accounts liquidatable at today's prices (move 0): they have no liquidation price left to mark. */
  liquidatableToday: number
  axisLabel: string
  caption: string
}

/**
 * The "equity against price" chart of one underlying, on one honest axis: the underlying's relative
 * move from today, the move the API applies at every venue at once (`priceSweep`'s `move`).
 *
 * Venues price one underlying differently (Aave's oracle, Hyperliquid's mark), so a single USD axis
 * cannot hold every venue's liquidation price: a mark placed by one venue's price and labelled with
 * another's is wrong by the gap between them. On the move axis each mark sits at its own distance
 * (`liquidationPrice.distance`, measured from its own venue's price), today is 0 % for every venue, and
 * each label names its venue's liquidation price and today's price there, as the API printed them.
 */
export function planSweep(sweep: SweepAnswer): SweepPlan {
  const marks = sweep.liquidationMarks
    .map((m) => ({ m, movePercent: Number(m.distance) * 100 }))
    .sort((a, b) => b.movePercent - a.movePercent)
    .map(
      ({ m, movePercent }, i): SweepMark => ({
        number: i + 1,
        movePercent,
        distance: m.distance,
        priceUsd: m.priceUsd,
        markPriceUsd: m.markPriceUsd,
        marginAccount: m.marginAccount.id,
        asset: m.asset,
        protocol: m.marginAccount.protocol,
        label:
          `${m.marginAccount.protocol} ${m.asset}: liquidation at ${price(m.priceUsd)}, ` +
          `${percent(m.distance, { signed: true })} from its price there today, ${price(m.markPriceUsd)}`,
      }),
    )
  const today = new Map<string, { label: string; priceUsd: string }>()
  for (const mark of marks) {
    const key = `${mark.protocol} ${mark.asset} ${mark.markPriceUsd}`
    if (!today.has(key)) today.set(key, { label: `${mark.protocol} ${mark.asset}`, priceUsd: mark.markPriceUsd })
  }
  // The reference price is what the cursor's prices are moved from: listed too, so its 0 % is named.
  const reference = sweep.referencePriceUsd === null ? null : shortSource(sweep.referenceSource, sweep.underlying)
  if (reference !== null && sweep.referencePriceUsd !== null) {
    const key = `${reference} ${sweep.referencePriceUsd}`
    if (!today.has(key)) today.set(key, { label: reference, priceUsd: sweep.referencePriceUsd })
  }
  const prices = new Set([...today.values()].map((t) => t.priceUsd))
  return {
    movesPercent: sweep.points.map((p) => Number(p.move) * 100),
    marks,
    today: [...today.values()],
    liquidatableToday: sweep.points.find((p) => Number(p.move) === 0)?.liquidatableCount ?? 0,
    axisLabel: `${sweep.underlying} move from today's price (%)`,
    caption:
      `Horizontal axis: ${sweep.underlying}'s move from today's price, applied at every venue at once (0 % is today everywhere). ` +
      (prices.size > 1
        ? `Venues price ${sweep.underlying} differently, so one USD axis would misplace some marks: each liquidation mark sits at its own venue's distance and is labelled in that venue's prices. `
        : '') +
      (reference === null
        ? ''
        : `The cursor's price is ${reference}'s (${price(sweep.referencePriceUsd)} today) moved by the same %.`),
  }
}

/** "aave-v3:31337:Sandbox:0x…:market:Sandbox WBTC" (a margin account id and a price key) as "aave-v3 WBTC". */
function shortSource(source: string | null, underlying: string): string {
  if (source === null) return underlying
  const [id = '', key = underlying] = source.split(' ')
  return `${id.split(':')[0] || id} ${key}`
}

/** A move in % as an axis tick (−20 %, 0 %, +10 %): whole percents, the grid's own. */
export function moveTick(movePercent: number): string {
  const rounded = Math.round(movePercent * 100) / 100
  if (rounded === 0) return '0 %'
  return `${rounded < 0 ? '−' : '+'}${Math.abs(rounded)} %`
}

// ---------------------------------------------------------------------------------------------------------
// Distance to liquidation

export type DistanceAccount = {
  id: string
  liquidatable: boolean
  positions: { asset: { symbol: string }; liquidationPrice: { priceUsd: string | null; distance: string | null } }[]
}

export type DistanceBar = {
  /** The API's distance of the nearest liquidation price ('0' when liquidatable now, null when none). */
  distance: string | null
  /** How much of the bar is filled, %: 50 % away (or more) fills it; liquidatable now fills it in danger. */
  widthPercent: number
  level: 'liquidatable' | 'danger' | 'near' | 'far' | 'none'
  /** What the bar says, for eyes and for screen readers. */
  text: string
  /** aria-valuenow of the meter: the distance in %, 0 for liquidatable now. */
  valueNow: number
}

/** The position whose liquidation price is nearest today's (smallest |distance|). */
function nearestPosition(account: DistanceAccount) {
  let best: DistanceAccount['positions'][number] | null = null
  for (const p of account.positions) {
    const d = p.liquidationPrice.distance
    if (d === null) continue
    if (best === null || Math.abs(Number(d)) < Math.abs(Number(best.liquidationPrice.distance))) best = p
  }
  return best
}

/**
 * One margin account's distance bar. A liquidatable account has no distance left: its bar is drawn full in
 * danger with "Liquidatable now" on it (an empty bar would read as "nothing to see").
 */
export function distanceBar(account: DistanceAccount): DistanceBar {
  if (account.liquidatable)
    return { distance: '0', widthPercent: 100, level: 'liquidatable', text: 'Liquidatable now', valueNow: 0 }
  const position = nearestPosition(account)
  const distance = position?.liquidationPrice.distance ?? null
  if (position === null || distance === null)
    return { distance: null, widthPercent: 100, level: 'none', text: 'no liquidation price', valueNow: 50 }
  const magnitude = Math.abs(Number(distance))
  return {
    distance,
    widthPercent: Math.max(2, Math.min(100, magnitude * 200)),
    level: magnitude < 0.05 ? 'danger' : magnitude < 0.15 ? 'near' : 'far',
    text: `${percent(distance, { signed: true })} to liquidation (${position.asset.symbol} at ${price(position.liquidationPrice.priceUsd)})`,
    valueNow: Math.min(50, magnitude * 100),
  }
}

/** Liquidatable accounts first; otherwise the API's order (by risk), kept. */
export function byLiquidatableFirst<account extends { liquidatable: boolean }>(
  accounts: readonly account[],
): account[] {
  return [...accounts.filter((a) => a.liquidatable), ...accounts.filter((a) => !a.liquidatable)]
}

// ---------------------------------------------------------------------------------------------------------
// Cascade

export type CascadePath = { underlying: string; pricesUsd: string[] }

/**
 * The cascade's price path per underlying as the `cascade` query reported it: its first point is the
 * price the cascade started from (before the shock), its second the shocked price. The panel shows
 * these, never a price read elsewhere (a venue's oracle may differ from the cascade's market price).
 */
export function cascadeStart(
  paths: readonly CascadePath[],
): { underlying: string; startUsd: string; shockedUsd: string | null }[] {
  return paths.flatMap((p) => {
    const [startUsd, shockedUsd] = p.pricesUsd
    return startUsd === undefined ? [] : [{ underlying: p.underlying, startUsd, shockedUsd: shockedUsd ?? null }]
  })
}
