/**
 * The dashboard's API: `priceSweep` (engine-evaluated equity over a price range), `riskHistory` (the
 * cron's minute records), the static assets the Worker serves, and the live-push path (a subscription
 * forwarded to its object, the first answer at once, the evaluation's notice). Prices do not move here
 * (the sandbox chains are shared by the suite): test/node/dashboard/dashboard.test.ts moves them.
 */
import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { runTick } from '../../src/cron/scheduled'
import { createDatabase } from '../../src/db/client'
import { D } from '../../src/engine'
import { riskHubStub } from '../../src/live/riskHubStub'
import { parseAccount } from '../../src/protocols/address'
import { demoAccount } from '../harness/demoAccounts'
import { post, request } from '../helpers/graphql'
import { withoutNewBlocks } from '../helpers/jsonRpc'

const near = demoAccount('near-liquidation').address
const healthy = demoAccount('healthy').address

type Sweep = {
  underlying: string
  referencePriceUsd: string | null
  points: {
    move: string
    priceUsd: string
    haircutEquityUsd: string
    maintenanceMarginUsd: string
    liquidatableCount: number
  }[]
  liquidationMarks: {
    marginAccount: { id: string }
    position: string
    priceUsd: string
    distance: string
    markPriceUsd: string
    referencePriceUsd: string
  }[]
}
type Account = {
  summary: { haircutEquityUsd: string; maintenanceMarginUsd: string }
  marginAccounts: {
    nodes: {
      id: string
      positions: {
        id: string
        underlying: string
        markPriceUsd: string
        liquidationPrice: { priceUsd: string | null; distance: string | null }
      }[]
    }[]
  }
}

const SWEEP = `query ($addresses: [String!]!) {
  priceSweep(addresses: $addresses, underlyings: ["ETH"], fromMove: "-0.5", toMove: "0.5", steps: 11) {
    underlying referencePriceUsd
    points { move priceUsd haircutEquityUsd maintenanceMarginUsd liquidatableCount }
    liquidationMarks { marginAccount { id } position priceUsd distance markPriceUsd referencePriceUsd }
  }
  portfolio(addresses: $addresses) {
    summary { haircutEquityUsd maintenanceMarginUsd }
    marginAccounts { nodes { id positions { id underlying markPriceUsd liquidationPrice { priceUsd distance } } } }
  }
}`

/** One SSE message of a GraphQL-over-SSE stream, read from the response body. */
async function nextEvent(reader: ReadableStreamDefaultReader<string>, buffer: { text: string }) {
  for (;;) {
    const end = buffer.text.indexOf('\n\n')
    if (end >= 0) {
      const message = buffer.text.slice(0, end)
      buffer.text = buffer.text.slice(end + 2)
      const event = /^event: (.*)$/m.exec(message)?.[1]
      const data = message
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('\n')
      if (event) return { event, data: data ? JSON.parse(data) : null }
      continue // a keep-alive comment
    }
    const { done, value } = await reader.read()
    if (done) throw new Error('stream ended')
    buffer.text += value
  }
}

describe('priceSweep', () => {
  it('is the engine over a price grid: move 0 is the portfolio itself, marks are the positions’ liquidation prices', async () => {
    const { body } = await post<{ priceSweep: Sweep[]; portfolio: Account }>(SWEEP, {
      variables: { addresses: [near] },
    })
    expect(body.errors).toBeUndefined()
    const [sweep] = body.data?.priceSweep ?? []
    const portfolio = body.data?.portfolio as Account
    expect(sweep?.underlying).toBe('ETH')
    expect(sweep?.points.map((p) => p.move)).toEqual(
      ['-0.5', '-0.4', '-0.3', '-0.2', '-0.1', '0', '0.1', '0.2', '0.3', '0.4', '0.5'].map((m) =>
        expect.stringMatching(new RegExp(`^${m.replace('.', '\\.')}0*$`)),
      ),
    )
    const today = sweep?.points.find((p) => new D(p.move).isZero())
    expect(today?.haircutEquityUsd).toBe(portfolio.summary.haircutEquityUsd)
    expect(today?.maintenanceMarginUsd).toBe(portfolio.summary.maintenanceMarginUsd)
    expect(today?.priceUsd).toBe(sweep?.referencePriceUsd)

    const expected = portfolio.marginAccounts.nodes.flatMap((m) =>
      m.positions
        .filter((p) => p.underlying === 'ETH' && p.liquidationPrice.priceUsd !== null)
        .map((p) => ({
          marginAccount: { id: m.id },
          position: p.id,
          priceUsd: p.liquidationPrice.priceUsd,
          distance: p.liquidationPrice.distance,
          // Each mark carries its own venue's price, the one its distance is measured from.
          markPriceUsd: p.markPriceUsd,
        })),
    )
    expect(expected.length).toBeGreaterThan(0)
    expect(sweep?.liquidationMarks.map(({ referencePriceUsd: _r, ...mark }) => mark)).toEqual(expected)

    // Near-liquidation (health factor about 1.05 on ETH collateral): a 50 % fall liquidates, a 50 % rise does not.
    expect(sweep?.points[0]?.liquidatableCount).toBeGreaterThan(0)
    expect(sweep?.points.at(-1)?.liquidatableCount).toBe(0)
    // Equity rises with ETH for a long-ETH account.
    const equities = sweep?.points.map((p) => new D(p.haircutEquityUsd)) ?? []
    for (let i = 1; i < equities.length; i++) expect(equities[i]?.gte(equities[i - 1] as D)).toBe(true)
  })

  it('sweeps every crypto underlying held by default, and refuses a bad range', async () => {
    const all = await post<{ priceSweep: Sweep[] }>(
      `{ priceSweep(addresses: ["${near}"], steps: 3) { underlying points { move } } }`,
    )
    expect(all.body.errors).toBeUndefined()
    expect(all.body.data?.priceSweep.map((s) => s.underlying)).toContain('ETH')
    for (const args of [
      'fromMove: "0.2", toMove: "0.1"',
      'fromMove: "-1"',
      'steps: 1',
      'steps: 500',
      'underlyings: ["DOGE"]',
    ]) {
      const bad = await post(`{ priceSweep(addresses: ["${near}"], ${args}) { underlying } }`)
      expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    }
  })
})

describe('riskHistory', () => {
  it('returns what the cron recorded for a watched address, one point per margin account per minute', async () => {
    const db = createDatabase(env.DB)
    // A live watch makes the address recorded without an alert subscription.
    await db.$client
      .prepare('INSERT INTO risk_watches (key, addresses, streams, expires_at_ms) VALUES (?1, ?2, 1, ?3)')
      .bind(healthy, JSON.stringify([healthy]), Date.now() + 600_000)
      .run()
    await runTick(env, { nowMs: Date.now(), trigger: 'test' })
    const { body } = await post<{
      riskHistory: {
        marginAccount: string
        points: { equityUsd: string; healthFactor: { kind: string; value: string } }[]
      }[]
      account: { marginAccounts: { nodes: { id: string; equityUsd: string }[] } }
    }>(
      `{ riskHistory(addresses: ["${healthy}"]) { marginAccount points { at equityUsd healthFactor { kind value } } }
         account(address: "${healthy}") { marginAccounts { nodes { id equityUsd } } } }`,
    )
    expect(body.errors).toBeUndefined()
    const series = body.data?.riskHistory ?? []
    const accounts = body.data?.account.marginAccounts.nodes ?? []
    expect(series.map((s) => s.marginAccount).sort()).toEqual(accounts.map((a) => a.id).sort())
    for (const one of series) {
      expect(one.points).toHaveLength(1)
      expect(one.points[0]?.equityUsd).toBe(accounts.find((a) => a.id === one.marginAccount)?.equityUsd)
      expect(one.points[0]?.healthFactor.kind).toBe('FINITE')
    }
    // The watch held no stream in its object: the tick dropped it.
    const left = await db.$client.prepare('SELECT count(*) AS n FROM risk_watches').first<{ n: number }>()
    expect(left?.n).toBe(0)
  })
})

describe('static assets', () => {
  // Deployed, the asset router answers these paths before the Worker runs; here the same assets through their binding.
  const asset = (path: string) => env.ASSETS.fetch(`http://solvent.test${path}`)

  it('serves the dashboard and GraphiQL’s files from the Worker, and the GraphiQL page loads none from a CDN', async () => {
    const page = await asset('/dashboard/')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<script type="module" src="app.js">')
    const script = await asset('/dashboard/app.js')
    expect(script.status).toBe(200)
    await script.body?.cancel()
    const graphiql = await request('/graphql', { headers: { accept: 'text/html' } })
    const html = await graphiql.text()
    expect(html).toContain('/graphiql/yoga-graphiql.umd.js')
    expect(html).not.toMatch(/https?:\/\//)
    const umd = await asset('/graphiql/yoga-graphiql.umd.js')
    expect(umd.status).toBe(200)
    await umd.body?.cancel()
  })
})

describe('accountRisk over SSE', () => {
  it('streams the account at once from its object, counts the stream, and the evaluation’s notice runs nothing while nothing changed', async () => {
    const response = await exports.default.fetch('http://solvent.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: `subscription ($a: String!) { accountRisk(address: $a) { address summary { equityUsd } } }`,
        variables: { a: near },
      }),
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const reader = (response.body as ReadableStream)
      .pipeThrough(new TextDecoderStream())
      .getReader() as ReadableStreamDefaultReader<string>
    const buffer = { text: '' }
    const first = await nextEvent(reader, buffer)
    expect(first.event).toBe('next')
    expect(first.data.data.accountRisk.address).toBe(near)
    const { body } = await post<{ account: { summary: { equityUsd: string } } }>(
      `{ account(address: "${near}") { summary { equityUsd } } }`,
    )
    expect(first.data.data.accountRisk.summary.equityUsd).toBe(body.data?.account.summary.equityUsd)

    const hub = riskHubStub(env, [parseAccount(near)])
    expect((await hub.stats()).streams).toBe(1)
    // The first answer may rest on a cached snapshot: the first tick's fresh read can change a figure (interest
    // accrues with the block time) and push it. The second tick reads the same block (the chains mine none
    // meanwhile): nothing changed, so the object runs no evaluation and pushes nothing.
    const rpcUrls = Object.values(JSON.parse(env.RPC_URLS ?? '{}') as Record<string, string[]>).flat()
    await withoutNewBlocks(rpcUrls, async () => {
      await runTick(env, { nowMs: Date.now(), trigger: 'test' })
      const settled = await hub.stats()
      if (settled.version > 1) expect((await nextEvent(reader, buffer)).event).toBe('next')
      await runTick(env, { nowMs: Date.now(), trigger: 'test' })
      const idle = await hub.stats()
      expect(idle).toEqual({ ...settled, streams: 1 })
    })
    await reader.cancel()
  })

  it('refuses a subscription sent without an event stream, with a code', async () => {
    const { body } = await post(`subscription { accountRisk(address: "${near}") { address } }`)
    expect(body.errors?.[0]?.extensions?.code).toBeDefined()
  })
})
