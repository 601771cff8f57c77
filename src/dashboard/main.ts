/**
 * The risk dashboard: plain TypeScript and uPlot, served by the Worker at /dashboard/. What it shows is
 * in the URL (`?addresses=0x…,dydx1…` and optionally `&book=<JSON of DeclaredMarginAccountInput[]>`),
 * every number comes from the GraphQL API through the fixed operations of ./operations, and the page
 * follows `portfolioRisk` over Server-Sent Events while it is open (not for a declared book: the server
 * does not hold it).
 *
 * Figures are the API's decimal strings, shown rounded for reading (USD to the cent, ratios to four decimals:
 * ./present) with the exact figure in the element's data-value and title; the charts plot them as floats,
 * which is only drawing.
 */
import uPlot from 'uplot'
import { CASCADE, CHARTS, LIVE, OVERVIEW } from './operations'
import {
  addDecimals,
  byLiquidatableFirst,
  cascadeStart,
  distanceBar,
  exact,
  moveTick,
  planSweep,
  price,
  quantity,
  ratio,
  type SweepAnswer,
  usd,
} from './present'

type Ratio = { kind: 'FINITE' | 'INFINITE' | 'NONE'; value: string | null }
type Position = {
  id: string
  underlying: string
  asset: { symbol: string }
  liquidationPrice: { priceUsd: string | null; distance: string | null; reason: string | null }
}
type MarginAccount = {
  id: string
  protocol: string
  chainId: number | null
  market: string | null
  marginAccountId: string
  rules: string | null
  equityUsd: string
  haircutEquityUsd: string
  maintenanceMarginUsd: string
  marginRatio: Ratio
  healthFactor: Ratio | null
  liquidatable: boolean
  stale: boolean
  positions: Position[]
}
type Source = {
  protocol: string
  chainId: number | null
  market: string | null
  account: string
  status: 'OK' | 'STALE' | 'ERROR'
  errorCode: string | null
  errorMessage: string | null
  ageSeconds: number | null
  reasons: { code: string; message: string }[]
}
type Risk = {
  addresses: string[]
  summary: {
    asOf: string
    complete: boolean
    stale: boolean
    equityUsd: string | null
    haircutEquityUsd: string | null
    initialMarginUsd: string | null
    maintenanceMarginUsd: string | null
    freeCollateralUsd: string | null
    grossNotionalUsd: string | null
    liquidatableCount: number
    marginAccountCount: number
    nearestToLiquidation: { id: string } | null
    exposures: {
      underlying: string
      delta: string
      deltaUsd: string
      gamma: string
      gammaUsd: string
      vegaUsdPerVolatility: string
      thetaUsdPerDay: string
      grossNotionalUsd: string
    }[]
  }
  marginAccounts: { nodes: MarginAccount[] }
  sources: Source[]
  warnings: { message: string }[]
}
type Sweep = Omit<SweepAnswer, 'points'> & {
  points: (SweepAnswer['points'][number] & {
    equityUsd: string | null
    haircutEquityUsd: string | null
    maintenanceMarginUsd: string | null
    liquidatableCount: number
  })[]
}
type Charts = {
  priceSweep: Sweep[]
  stress: { name: string; underlying: string | null; move: string; equityUsd: string | null; liquidatedCount: number }[]
  riskHistory: {
    marginAccount: string
    protocol: string
    points: {
      at: string
      equityUsd: string
      maintenanceMarginUsd: string
      marginRatio: Ratio
      healthFactor: Ratio | null
    }[]
  }[]
}

const ENDPOINT = '/graphql'
/** Shocks of the stress grid (relative moves), and how many underlyings it shows (the API takes 20 scenarios). */
const SHOCKS = ['-0.5', '-0.3', '-0.2', '-0.1', '0.1', '0.2']
const STRESS_UNDERLYINGS = 3

const $ = <element extends HTMLElement>(id: string) => document.getElementById(id) as element
const statusLine = $<HTMLParagraphElement>('status')
const charts: uPlot[] = []
let state: { addresses: string[]; declared: unknown[] | null; risk: Risk | null; charts: Charts | null } = {
  addresses: [],
  declared: null,
  risk: null,
  charts: null,
}
let liveAbort: AbortController | null = null

async function graphql<data>(query: string, variables: Record<string, unknown>): Promise<data> {
  const response = await fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  })
  const body = (await response.json()) as { data?: data; errors?: { message: string }[] }
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '))
  if (!body.data) throw new Error(`HTTP ${response.status}`)
  return body.data
}

const accountLabel = (m: Pick<MarginAccount, 'protocol' | 'chainId' | 'market' | 'marginAccountId'>) =>
  [m.protocol, m.chainId ?? '', m.market ?? '', m.marginAccountId].filter((part) => part !== '').join(' · ')

const plural = (count: number, noun: string, nouns = `${noun}s`) => `${count} ${count === 1 ? noun : nouns}`

function el<tag extends keyof HTMLElementTagNameMap>(
  tag: tag,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[tag] {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value)
  node.append(...children)
  return node
}

function setStatus(text: string, error = false): void {
  statusLine.textContent = text
  statusLine.classList.toggle('error', error)
}

function renderSummary(risk: Risk): void {
  const s = risk.summary
  const cards: [string, string, string | null][] = [
    ['Equity', 'equityUsd', s.equityUsd],
    ['Equity after haircuts', 'haircutEquityUsd', s.haircutEquityUsd],
    ['Initial margin', 'initialMarginUsd', s.initialMarginUsd],
    ['Maintenance margin', 'maintenanceMarginUsd', s.maintenanceMarginUsd],
    ['Free collateral', 'freeCollateralUsd', s.freeCollateralUsd],
    ['Gross notional', 'grossNotionalUsd', s.grossNotionalUsd],
  ]
  const summary = $('summary')
  summary.replaceChildren(
    ...cards.map(([label, field, value]) =>
      el(
        'div',
        {},
        el('dt', {}, label),
        el('dd', { 'data-field': field, 'data-value': value ?? '', title: exact(value, 'USD') }, usd(value)),
      ),
    ),
    el(
      'div',
      {},
      el('dt', {}, 'Margin accounts'),
      el('dd', { 'data-field': 'marginAccountCount' }, `${s.marginAccountCount} (${s.liquidatableCount} liquidatable)`),
    ),
  )
  const nearest = risk.marginAccounts.nodes.find((m) => m.id === s.nearestToLiquidation?.id)
  $('nearest').replaceChildren(
    nearest
      ? el(
          'span',
          { 'data-field': 'nearest', 'data-id': nearest.id },
          'Nearest to liquidation: ',
          el('strong', {}, accountLabel(nearest)),
          ` — margin ratio ${ratio(nearest.marginRatio)}`,
          nearest.healthFactor ? `, health factor ${ratio(nearest.healthFactor)}` : '',
        )
      : 'No margin account with exposure.',
    s.complete ? '' : ' Incomplete: a source did not answer (see below).',
    s.stale ? ' Some figures are stale (see below).' : '',
  )
  const head = el(
    'tr',
    {},
    // The account last: on a phone the status and its reason stay in view, the long address scrolls.
    ...['Source', 'Status', 'Age (s)', 'Why', 'Account'].map((h) => el('th', { scope: 'col' }, h)),
  )
  const rows = risk.sources.map((src) =>
    el(
      'tr',
      { class: src.status === 'OK' ? '' : src.status === 'STALE' ? 'stale' : 'error' },
      el('td', {}, [src.protocol, src.chainId ?? '', src.market ?? ''].filter((p) => p !== '').join(' · ')),
      el('td', { 'data-field': 'sourceStatus' }, src.status),
      el('td', { class: 'num' }, src.ageSeconds === null ? '–' : String(src.ageSeconds)),
      el(
        'td',
        {},
        [...src.reasons.map((r) => `${r.code}: ${r.message}`), src.errorMessage ?? ''].filter(Boolean).join(' ') || '–',
      ),
      el('td', {}, src.account),
    ),
  )
  $('sources').replaceChildren(
    el('caption', { class: 'sr' }, 'Freshness of every source'),
    el('thead', {}, head),
    el('tbody', {}, ...rows),
  )
}

function renderDistances(risk: Risk): void {
  // The API orders margin accounts by risk; an account liquidatable now comes first whatever its ratio.
  const items = byLiquidatableFirst(risk.marginAccounts.nodes).map((m) => {
    const bar = distanceBar(m)
    const ratios = `margin ratio ${ratio(m.marginRatio)}${m.healthFactor ? `, health factor ${ratio(m.healthFactor)}` : ''}`
    return el(
      'li',
      { 'data-id': m.id, 'data-distance': bar.distance ?? '', 'data-level': bar.level },
      el(
        'span',
        { class: 'label' },
        el('strong', {}, accountLabel(m)),
        el('br'),
        bar.level === 'liquidatable' ? el('strong', { class: 'danger-text' }, bar.text) : bar.text,
        `; ${ratios}`,
      ),
      el(
        'span',
        {
          class: `bar ${bar.level}`,
          role: 'meter',
          'aria-valuemin': '0',
          'aria-valuemax': '50',
          'aria-valuenow': String(bar.valueNow),
          'aria-valuetext': bar.text,
          'aria-label': `${accountLabel(m)}: distance to liquidation`,
        },
        el('span', { style: `width:${bar.widthPercent}%` }, bar.level === 'liquidatable' ? bar.text : ''),
      ),
    )
  })
  $('distances').replaceChildren(...(items.length ? items : [el('li', {}, 'No margin accounts.')]))
}

function renderExposures(risk: Risk): void {
  const cols = [
    'Underlying',
    'Delta',
    'Delta (USD)',
    'Gamma',
    'Gamma (USD per 1 %)',
    'Vega (USD per +1.00 vol)',
    'Theta (USD per day)',
    'Gross notional',
  ]
  $('exposures').replaceChildren(
    el('caption', { class: 'sr' }, 'Net exposure per underlying'),
    el('thead', {}, el('tr', {}, ...cols.map((c, i) => el('th', { scope: 'col', class: i ? 'num' : '' }, c)))),
    el(
      'tbody',
      {},
      ...risk.summary.exposures.map((x) =>
        el(
          'tr',
          { 'data-underlying': x.underlying },
          el('th', { scope: 'row' }, x.underlying),
          el('td', { class: 'num', title: exact(x.delta) }, quantity(x.delta)),
          el(
            'td',
            { class: 'num', 'data-field': 'deltaUsd', 'data-value': x.deltaUsd, title: exact(x.deltaUsd, 'USD') },
            usd(x.deltaUsd),
          ),
          el('td', { class: 'num', title: exact(x.gamma) }, quantity(x.gamma)),
          el('td', { class: 'num' }, usd(x.gammaUsd)),
          el('td', { class: 'num' }, usd(x.vegaUsdPerVolatility)),
          el('td', { class: 'num' }, usd(x.thetaUsdPerDay)),
          el('td', { class: 'num' }, usd(x.grossNotionalUsd)),
        ),
      ),
    ),
  )
}

function chartWidth(container: HTMLElement): number {
  return Math.max(280, Math.min(1100, container.clientWidth || document.body.clientWidth - 32))
}

/**
 * Vertical lines drawn over a chart: liquidation marks (dashed red, numbered at the top as in the legend
 * below the chart) and today (solid). Numbers that would overlap are stacked.
 */
function markerPlugin(marks: { x: number; dashed: boolean; tag?: string }[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u: uPlot) => {
          const { ctx } = u
          const { top, height } = u.bbox
          const ratio = devicePixelRatio
          ctx.save()
          const placed: { x: number; row: number }[] = []
          for (const mark of marks) {
            const x = Math.round(u.valToPos(mark.x, 'x', true))
            ctx.beginPath()
            ctx.strokeStyle = mark.dashed ? '#b91c1c' : '#111827'
            ctx.lineWidth = 2 * ratio
            ctx.setLineDash(mark.dashed ? [6 * ratio, 4 * ratio] : [])
            ctx.moveTo(x, top)
            ctx.lineTo(x, top + height)
            ctx.stroke()
            if (!mark.tag) continue
            const size = 16 * ratio
            let row = 0
            while (placed.some((p) => p.row === row && Math.abs(p.x - x) < size + 2 * ratio)) row += 1
            placed.push({ x, row })
            const y = top + 2 * ratio + row * (size + 2 * ratio)
            ctx.setLineDash([])
            ctx.fillStyle = '#b91c1c'
            ctx.fillRect(x - size / 2, y, size, size)
            ctx.fillStyle = '#ffffff'
            ctx.font = `bold ${11 * ratio}px system-ui, sans-serif`
            ctx.textAlign = 'center'
            ctx.textBaseline = 'middle'
            ctx.fillText(mark.tag, x, y + size / 2 + ratio / 2)
          }
          ctx.restore()
        },
      ],
    },
  }
}

/** A chart legend's value under the cursor: '–' with no cursor, 'unknown' for a figure the API could not give. */
const cursorUsd = (value: string | null | undefined) => (value === undefined ? '–' : usd(value))

function renderSweeps(sweeps: Sweep[]): void {
  const root = $('sweeps')
  root.replaceChildren()
  for (const sweep of sweeps) {
    const plan = planSweep(sweep)
    const figure = el('figure', { class: 'sweep', 'data-underlying': sweep.underlying })
    const chart = el('div', { class: 'chart', role: 'img' })
    const todayText = plan.today.map((t) => `${t.label} ${price(t.priceUsd)}`).join('; ')
    chart.setAttribute(
      'aria-label',
      `Equity after haircuts and maintenance margin as ${sweep.underlying} moves from today's price (0 %: ${todayText}); ` +
        plan.marks.map((m) => `liquidation ${m.number}: ${m.label}`).join('; '),
    )
    const marks = el(
      'ul',
      { class: 'marks' },
      el(
        'li',
        { 'data-today': plan.today.map((t) => t.priceUsd).join(' ') },
        el('span', { class: 'tag today', 'aria-hidden': 'true' }, '│'),
        `Today (0 %): ${todayText}`,
      ),
      ...(plan.liquidatableToday > 0
        ? [
            el(
              'li',
              { class: 'danger-text', 'data-liquidatable-today': String(plan.liquidatableToday) },
              el('span', { class: 'tag', 'aria-hidden': 'true' }, '!'),
              `${plural(plan.liquidatableToday, 'margin account')} liquidatable at today's prices (no liquidation price left to mark; see Distance to liquidation).`,
            ),
          ]
        : []),
      ...plan.marks.map((m) =>
        el(
          'li',
          {
            'data-liquidation-price': m.priceUsd,
            'data-mark-price': m.markPriceUsd,
            'data-move': m.distance,
            'data-margin-account': m.marginAccount,
            'data-asset': m.asset,
            title: m.marginAccount,
          },
          el('span', { class: 'tag', 'aria-hidden': 'true' }, String(m.number)),
          m.label,
        ),
      ),
    )
    figure.append(el('h3', {}, sweep.underlying), chart, marks, el('figcaption', { class: 'hint' }, plan.caption))
    root.append(figure)
    if (!sweep.points.some((p) => p.priceUsd !== null || p.haircutEquityUsd !== null)) continue
    const data: uPlot.AlignedData = [
      plan.movesPercent,
      sweep.points.map((p) => (p.haircutEquityUsd === null ? null : Number(p.haircutEquityUsd))),
      sweep.points.map((p) => (p.maintenanceMarginUsd === null ? null : Number(p.maintenanceMarginUsd))),
    ]
    const lines = [
      ...plan.marks.map((m) => ({ x: m.movePercent, dashed: true, tag: String(m.number) })),
      { x: 0, dashed: false },
    ]
    const axisUsd = (_u: uPlot, ticks: number[]) =>
      ticks.map((t) => `${t < 0 ? '−' : ''}$${Math.abs(t).toLocaleString('en-US')}`)
    charts.push(
      new uPlot(
        {
          width: chartWidth(root),
          height: 260,
          scales: { x: { time: false } },
          axes: [
            { label: plan.axisLabel, stroke: '#111827', values: (_u, ticks) => ticks.map(moveTick) },
            { label: 'USD', stroke: '#111827', size: 80, values: axisUsd },
          ],
          series: [
            {
              label: 'move',
              // The cursor's move, and the reference price the API moved by it.
              value: (_u, v, _s, i) => {
                const point = i == null ? undefined : sweep.points[i]
                if (v == null || point === undefined) return '–'
                return `${moveTick(v)}${point.priceUsd === null ? '' : ` (${price(point.priceUsd)})`}`
              },
            },
            {
              label: 'equity after haircuts',
              stroke: '#1d4ed8',
              width: 2,
              value: (_u, _v, _s, i) => cursorUsd(i == null ? undefined : sweep.points[i]?.haircutEquityUsd),
            },
            {
              label: 'maintenance margin',
              stroke: '#b45309',
              width: 2,
              dash: [4, 3],
              value: (_u, _v, _s, i) => cursorUsd(i == null ? undefined : sweep.points[i]?.maintenanceMarginUsd),
            },
          ],
          plugins: [markerPlugin(lines)],
        },
        data,
        chart,
      ),
    )
  }
  if (sweeps.length === 0) root.append(el('p', {}, 'No crypto exposure to sweep.'))
}

function stressScenarios(risk: Risk) {
  const underlyings = risk.summary.exposures
    .filter((x) => x.underlying !== 'USD')
    .slice(0, STRESS_UNDERLYINGS)
    .map((x) => x.underlying)
  return underlyings.flatMap((underlying) =>
    SHOCKS.map((move) => ({ name: `${underlying} ${move}`, underlying, move })),
  )
}

function renderStress(rows: Charts['stress']): void {
  const underlyings = [...new Set(rows.map((r) => r.underlying ?? 'all'))]
  $('stress').replaceChildren(
    el('caption', { class: 'sr' }, 'Equity after price shocks per underlying'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, 'Underlying'),
        ...SHOCKS.map((s) => el('th', { scope: 'col', class: 'num' }, moveTick(Number(s) * 100))),
      ),
    ),
    el(
      'tbody',
      {},
      ...underlyings.map((u) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, u),
          ...SHOCKS.map((shock) => {
            const cell = rows.find((r) => (r.underlying ?? 'all') === u && Number(r.move) === Number(shock))
            if (!cell) return el('td', { class: 'num' }, '–')
            const liquidated = cell.liquidatedCount > 0
            return el(
              'td',
              {
                class: `num${liquidated ? ' liq' : ''}`,
                'data-value': cell.equityUsd ?? '',
                title: exact(cell.equityUsd, 'USD'),
              },
              usd(cell.equityUsd),
              liquidated ? el('small', {}, `${cell.liquidatedCount} liquidated`) : '',
            )
          }),
        ),
      ),
    ),
  )
}

function renderHistory(history: Charts['riskHistory'], risk: Risk): void {
  const select = $<HTMLSelectElement>('history-account')
  const previous = select.value
  select.replaceChildren(
    ...history.map((series) => el('option', { value: series.marginAccount }, series.marginAccount)),
  )
  const nearest = risk.summary.nearestToLiquidation?.id
  select.value = history.some((s) => s.marginAccount === previous)
    ? previous
    : history.some((s) => s.marginAccount === nearest)
      ? (nearest as string)
      : (history[0]?.marginAccount ?? '')
  // Nothing to choose from: no empty drop-down (the note below says why).
  select.hidden = history.length === 0
  $('history-account-label').hidden = history.length === 0
  const draw = () => {
    const root = $('history')
    root.replaceChildren()
    const series = history.find((s) => s.marginAccount === select.value)
    if (!series || series.points.length === 0) {
      $('history-note').textContent =
        'No minute records yet: the cron records watched addresses (an alert subscription or an open dashboard) every minute.'
      return
    }
    const lending = series.points.some((p) => p.healthFactor !== null)
    const ratioOf = (p: (typeof series.points)[number]) => {
      const r = lending ? p.healthFactor : p.marginRatio
      return r?.kind === 'FINITE' && r.value !== null ? Number(r.value) : null
    }
    $('history-note').textContent =
      `${plural(series.points.length, 'minute record')}; ${lending ? 'health factor' : 'margin ratio'} on the right axis.`
    const times = series.points.map((p) => Date.parse(p.at) / 1000) as [number, ...number[]]
    const chart = el('div', { role: 'img', 'aria-label': `History of ${series.marginAccount}` })
    root.append(chart)
    charts.push(
      new uPlot(
        {
          width: chartWidth(root),
          height: 240,
          scales: {
            // From the records themselves, half an hour either side: uPlot's own range for one record is a
            // day after it (and the ticks then spread over years).
            x: { range: () => [times[0] - 1_800, (times.at(-1) ?? times[0]) + 1_800] },
            ratio: {},
          },
          axes: [
            {},
            { label: 'equity (USD)', size: 70 },
            { scale: 'ratio', side: 1, label: lending ? 'health factor' : 'margin ratio', grid: { show: false } },
          ],
          series: [
            {},
            { label: 'equity', stroke: '#1d4ed8', width: 2 },
            { label: lending ? 'health factor' : 'margin ratio', stroke: '#b91c1c', width: 2, scale: 'ratio' },
          ],
        },
        [times, series.points.map((p) => Number(p.equityUsd)), series.points.map(ratioOf)],
        chart,
      ),
    )
  }
  select.onchange = draw
  draw()
}

type Cascade = {
  fixedPoint: boolean
  liquidatedCount: number
  pricePath: { underlying: string; pricesUsd: string[] }[]
  rounds: {
    round: number
    liquidatedCount: number
    debtRepaidUsd: string
    soldUsd: string
    slippageUsd: string
    prices: { underlying: string; priceUsd: string }[]
    liquidations: { marginAccount: string; badDebtUsd: string }[]
  }[]
  badDebt: { protocol: string; usd: string }[]
  warnings: { message: string }[]
}
/** Underlyings the cascade form offers (the API takes 10 markets). */
const CASCADE_UNDERLYINGS = 10
const CASCADE_DEFAULT_SHOCK = '-20'

/** The shock inputs, one per underlying of the portfolio (kept when the live view re-renders). */
function renderCascadeForm(risk: Risk): void {
  const fieldset = $('cascade-shocks')
  const underlyings = risk.summary.exposures
    .filter((x) => x.underlying !== 'USD')
    .slice(0, CASCADE_UNDERLYINGS)
    .map((x) => x.underlying)
  const shown = [...fieldset.querySelectorAll('input')].map((input) => input.dataset.underlying)
  if (shown.join() === underlyings.join()) return
  fieldset.replaceChildren(
    el('legend', {}, 'Shock per underlying (%)'),
    ...underlyings.map((underlying) => {
      const id = `shock-${underlying}`
      return el(
        'span',
        { class: 'shock' },
        el('label', { for: id }, underlying),
        el('input', {
          id,
          type: 'number',
          step: 'any',
          min: '-99',
          max: '100',
          value: CASCADE_DEFAULT_SHOCK,
          'data-underlying': underlying,
        }),
      )
    }),
  )
  $('cascade-section').hidden = underlyings.length === 0
}

async function runCascade(): Promise<void> {
  const note = $('cascade-note')
  const depthUsd = $<HTMLInputElement>('cascade-depth').value.trim()
  if (!/^\d+(\.\d+)?$/.test(depthUsd) || Number(depthUsd) <= 0) {
    note.textContent = 'The depth is a positive USD amount.'
    return
  }
  const markets = [...$('cascade-shocks').querySelectorAll('input')].map((input) => ({
    underlying: input.dataset.underlying,
    // A percentage typed by the user, as the API's fraction (input, not money).
    shock: String(Number(input.value || '0') / 100),
    depth: { kind: 'ORDER_BOOK', depthUsd },
  }))
  note.textContent = 'Running the cascade…'
  document.body.dataset.cascade = 'running'
  try {
    const { cascade } = await graphql<{ cascade: Cascade }>(CASCADE, {
      addresses: state.addresses,
      declared: state.declared,
      markets,
    })
    renderCascade(cascade)
    document.body.dataset.cascade = 'done'
  } catch (error) {
    note.textContent = `The cascade failed: ${error instanceof Error ? error.message : String(error)}`
    document.body.dataset.cascade = 'failed'
  }
}

function renderCascade(cascade: Cascade): void {
  const bad = cascade.badDebt.filter((b) => Number(b.usd) !== 0)
  const starts = cascadeStart(cascade.pricePath)
  $('cascade-note').textContent =
    `Starts from ${starts.map((p) => `${p.underlying} ${price(p.startUsd)}`).join(', ') || 'no price'} ` +
    `(the cascade's own prices before the shock; every venue's price of an underlying moves by the same %). ` +
    `${plural(cascade.rounds.length, 'round')}, ${plural(cascade.liquidatedCount, 'margin account')} liquidated; ` +
    `${cascade.fixedPoint ? 'it stops by itself (fixed point)' : 'stopped by the round limit'}; bad debt ` +
    `${bad.length ? bad.map((b) => `${b.protocol} ${usd(b.usd)}`).join(', ') : 'none'}.` +
    cascade.warnings.map((w) => ` ${w.message}`).join('')
  const root = $('cascade-chart')
  root.replaceChildren()
  const paths = cascade.pricePath.filter((p) => p.pricesUsd.length > 0)
  const steps = Math.max(0, ...paths.map((p) => p.pricesUsd.length))
  if (paths.length > 0) {
    // Each underlying as a percentage of its price before the shock, so BTC and ETH share an axis (drawing only).
    const chart = el('div', { role: 'img' })
    chart.setAttribute(
      'aria-label',
      `Price path per round, in % of the price before the shock: ${paths.map((p) => `${p.underlying} ${p.pricesUsd.map(usd).join(' → ')}`).join('; ')}`,
    )
    root.append(chart)
    const colors = [
      '#1d4ed8',
      '#b45309',
      '#047857',
      '#7c3aed',
      '#be185d',
      '#0f766e',
      '#4d7c0f',
      '#9a3412',
      '#1e40af',
      '#6b21a8',
    ]
    charts.push(
      new uPlot(
        {
          width: chartWidth(root),
          height: 220,
          scales: { x: { time: false } },
          axes: [
            {
              label: 'start, shock, then each round',
              stroke: '#111827',
              incrs: [1],
              values: (_u, ticks) => ticks.map((t) => (t === 0 ? 'start' : t === 1 ? 'shock' : `round ${t - 1}`)),
            },
            { label: '% of start price', stroke: '#111827', size: 60 },
          ],
          series: [
            {
              label: 'step',
              value: (_u, t) => (t == null ? '–' : t === 0 ? 'start' : t === 1 ? 'shock' : `round ${t - 1}`),
            },
            // Underlyings shocked alike draw one line over another: every other one dashed and wider keeps both visible.
            ...paths.map((p, i) => ({
              label: p.underlying,
              stroke: colors[i % colors.length] ?? '#111827',
              width: i % 2 ? 2 : 3,
              ...(i % 2 ? { dash: [6, 4] } : {}),
              value: (_u: uPlot, _v: number | null, _s: number, step: number | null) =>
                step == null ? '–' : price(p.pricesUsd[step] ?? null),
            })),
          ],
        },
        [
          Array.from({ length: steps }, (_, i) => i),
          ...paths.map((p) =>
            Array.from({ length: steps }, (_, i) => {
              const price = p.pricesUsd[i]
              const start = Number(p.pricesUsd[0])
              return price === undefined || start === 0 ? null : (Number(price) / start) * 100
            }),
          ),
        ],
        chart,
      ),
    )
  }
  const underlyings = paths.map((p) => p.underlying)
  $('cascade-table').replaceChildren(
    el('caption', { class: 'sr' }, 'Cascade rounds'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, 'Round'),
        ...underlyings.map((u) => el('th', { scope: 'col', class: 'num' }, `${u} price`)),
        ...['Accounts liquidated', 'Debt repaid', 'Sold', 'Slippage', 'Bad debt'].map((h) =>
          el('th', { scope: 'col', class: 'num' }, h),
        ),
      ),
    ),
    el(
      'tbody',
      {},
      // The price path's first two points, as the cascade reported them: before the shock, and the shock.
      ...(['start', 'shock'] as const).map((step, i) =>
        el(
          'tr',
          { 'data-round': step, class: 'path' },
          el('th', { scope: 'row' }, step === 'start' ? 'Start' : 'After shock'),
          ...underlyings.map((u) => {
            const start = starts.find((p) => p.underlying === u)
            const value = (i === 0 ? start?.startUsd : start?.shockedUsd) ?? null
            return el(
              'td',
              { class: 'num', 'data-field': `${step}PriceUsd`, 'data-value': value ?? '', title: exact(value, 'USD') },
              price(value),
            )
          }),
          el('td', { colspan: '5' }),
        ),
      ),
      ...cascade.rounds.map((round) => {
        const badDebt = addDecimals(round.liquidations.map((l) => l.badDebtUsd))
        return el(
          'tr',
          { 'data-round': String(round.round) },
          el('th', { scope: 'row' }, String(round.round)),
          ...underlyings.map((u) =>
            el('td', { class: 'num' }, price(round.prices.find((p) => p.underlying === u)?.priceUsd ?? null)),
          ),
          el('td', { class: 'num', 'data-field': 'liquidatedCount' }, String(round.liquidatedCount)),
          el('td', { class: 'num' }, usd(round.debtRepaidUsd)),
          el('td', { class: 'num' }, usd(round.soldUsd)),
          el('td', { class: 'num' }, usd(round.slippageUsd)),
          el(
            'td',
            { class: `num${Number(badDebt) > 0 ? ' liq' : ''}`, 'data-field': 'badDebtUsd', 'data-value': badDebt },
            usd(badDebt),
          ),
        )
      }),
    ),
  )
}

function renderRisk(risk: Risk): void {
  state.risk = risk
  renderSummary(risk)
  renderDistances(risk)
  renderExposures(risk)
  renderCascadeForm(risk)
}

async function loadCharts(): Promise<void> {
  if (!state.risk) return
  const data = await graphql<Charts>(CHARTS, {
    addresses: state.addresses,
    declared: state.declared,
    scenarios: stressScenarios(state.risk),
  })
  state.charts = data
  for (const chart of charts.splice(0)) chart.destroy()
  renderSweeps(data.priceSweep)
  renderStress(data.stress)
  renderHistory(data.riskHistory, state.risk)
}

/** Follows `portfolioRisk` (GraphQL over SSE, distinct connections mode): each `next` event is a new risk answer. */
async function followLive(): Promise<void> {
  liveAbort?.abort()
  if (state.declared !== null || state.addresses.length === 0) return
  const abort = new AbortController()
  liveAbort = abort
  try {
    const response = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: LIVE, variables: { addresses: state.addresses } }),
      signal: abort.signal,
    })
    if (!response.body) return
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    let buffer = ''
    let first = true
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      buffer += value
      let end = buffer.indexOf('\n\n')
      while (end >= 0) {
        const message = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        end = buffer.indexOf('\n\n')
        const event = /^event: (.*)$/m.exec(message)?.[1]
        const data = message
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n')
        if (event !== 'next' || !data) continue
        const payload = JSON.parse(data) as { data?: { portfolioRisk: Risk }; errors?: { message: string }[] }
        if (payload.errors?.length) {
          setStatus(`Live updates stopped: ${payload.errors.map((e) => e.message).join('; ')}`, true)
          continue
        }
        if (!payload.data) continue
        if (first) {
          first = false
          setStatus(`Live: following ${plural(state.addresses.length, 'address', 'addresses')}.`)
        } else {
          renderRisk(payload.data.portfolioRisk)
          await loadCharts()
          setStatus(`Live: updated ${new Date().toLocaleTimeString()}.`)
        }
      }
    }
  } catch (error) {
    if (!abort.signal.aborted) setStatus(`Live updates stopped: ${String(error)}`, true)
  }
}

function readTarget(): { addresses: string[]; declared: unknown[] | null } {
  const params = new URLSearchParams(location.search)
  const addresses = (params.get('addresses') ?? params.get('address') ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
  const book = params.get('book')
  return { addresses, declared: book ? (JSON.parse(book) as unknown[]) : null }
}

async function show(): Promise<void> {
  let target: ReturnType<typeof readTarget>
  try {
    target = readTarget()
  } catch {
    setStatus('The declared book in the URL is not valid JSON.', true)
    return
  }
  $<HTMLInputElement>('addresses').value = target.addresses.join(', ')
  $<HTMLTextAreaElement>('book').value = target.declared ? JSON.stringify(target.declared, null, 1) : ''
  if (target.addresses.length === 0 && !target.declared) {
    setStatus('Enter one or more addresses (or a declared book) and press Show.')
    return
  }
  state = { ...target, risk: null, charts: null }
  setStatus('Loading…')
  try {
    const { portfolio } = await graphql<{ portfolio: Risk }>(OVERVIEW, {
      addresses: state.addresses,
      declared: state.declared,
    })
    $('main').hidden = false
    renderRisk(portfolio)
    await loadCharts()
    document.body.dataset.ready = 'true'
    // The first render's time since navigation (the browser test prints it; nothing asserts a speed).
    if (!performance.getEntriesByName('dashboard-ready').length) performance.mark('dashboard-ready')
    setStatus(state.declared ? 'Declared book: not followed live (the server does not hold it).' : 'Loaded.')
    void followLive()
  } catch (error) {
    setStatus(`Could not load: ${error instanceof Error ? error.message : String(error)}`, true)
  }
}

$('target').addEventListener('submit', (event) => {
  event.preventDefault()
  const params = new URLSearchParams()
  const addresses = $<HTMLInputElement>('addresses').value.trim()
  const book = $<HTMLTextAreaElement>('book').value.trim()
  if (addresses) params.set('addresses', addresses.replace(/\s+/g, ''))
  if (book) {
    try {
      params.set('book', JSON.stringify(JSON.parse(book)))
    } catch {
      setStatus('The declared book is not valid JSON.', true)
      return
    }
  }
  history.pushState(null, '', `?${params}`)
  void show()
})
$('cascade-form').addEventListener('submit', (event) => {
  event.preventDefault()
  void runCascade()
})
window.addEventListener('popstate', () => void show())
void show()
