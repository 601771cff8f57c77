import { type Address, formatUnits, numberToHex, parseUnits } from 'viem'
import { createAnvilClient } from '../aave/createAnvilClient'
import type { SandboxMorphoMarket } from '../morpho/seedSandboxMorpho'
import type { SandboxFile } from '../sandbox'
import type { PriceMove, VenuePrice } from './planPriceMove'
import { sandboxAaveMarkets } from './sandboxAaveMarkets'

/** The sandbox's price feeds answer USD with 8 decimals (`int256` answer in storage slot 0, see test/harness/aave/priceFeed.ts). */
const AGGREGATOR_DECIMALS = 8

type ControlAnswer = { prices?: Record<string, string>; changed?: unknown; error?: string }

async function control(url: string, init?: RequestInit): Promise<ControlAnswer> {
  const response = await fetch(url, init)
  const body = (await response.json()) as ControlAnswer
  if (!response.ok) throw new Error(`${url}: ${body.error ?? `HTTP ${response.status}`}`)
  return body
}

/** A Morpho OracleMock's `price()` (storage slot 0) is loan wei per collateral wei × 1e36: this many decimals per unit. */
const morphoPriceDecimals = (market: SandboxMorphoMarket) => 36 + market.loan.decimals - market.collateral.decimals

/**
 * Every price the running sandbox holds: each Aave reserve's oracle in each market of each chain (chain A's
 * v3.0 and v3.6 markets have feeds of their own), each Morpho Blue market's oracle, each simulator market.
 */
export async function getVenuePrices(file: SandboxFile): Promise<VenuePrice[]> {
  const aave = await Promise.all(
    file.chains.flatMap((chain) => {
      const client = createAnvilClient(chain)
      return sandboxAaveMarkets(chain).flatMap((market) =>
        Object.values(market.reserves).map(async (reserve): Promise<VenuePrice> => {
          const word = await client.getStorageAt({ address: reserve.aggregator as Address, slot: '0x0' })
          return {
            venue: 'aave-v3',
            chainId: chain.chainId,
            market: market.market,
            asset: reserve.symbol,
            priceUsd: formatUnits(BigInt(word ?? '0x0'), AGGREGATOR_DECIMALS),
          }
        }),
      )
    }),
  )
  const morpho = await Promise.all(
    file.chains.flatMap((chain) => {
      const client = createAnvilClient(chain)
      return (chain.morpho?.markets ?? []).map(async (market): Promise<VenuePrice> => {
        const word = await client.getStorageAt({ address: market.oracle, slot: '0x0' })
        return {
          venue: 'morpho-blue',
          chainId: chain.chainId,
          market: market.name,
          asset: market.collateral.symbol,
          priceUsd: formatUnits(BigInt(word ?? '0x0'), morphoPriceDecimals(market)),
        }
      })
    }),
  )
  const [hyperliquid, dydx] = await Promise.all([
    control(`${file.simulators.hyperliquidControlUrl}/prices`),
    control(`${file.simulators.dydxControlUrl}/prices`),
  ])
  const simulated = (venue: VenuePrice['venue'], prices: Record<string, string> = {}) =>
    Object.entries(prices).map(([asset, priceUsd]): VenuePrice => ({ venue, chainId: null, asset, priceUsd }))
  return [...aave, ...morpho, ...simulated('hyperliquid', hyperliquid.prices), ...simulated('dydx-v4', dydx.prices)]
}

/**
 * Writes the planned prices: Aave oracles through `anvil_setStorageAt` on the aggregator and Morpho's on the
 * OracleMock's `price` (no transaction, no block), the simulators through their price-control route (one request each).
 */
export async function setVenuePrices(file: SandboxFile, moves: readonly PriceMove[]): Promise<void> {
  const simulatorPrices = (venue: PriceMove['venue']) =>
    Object.fromEntries(moves.filter((move) => move.venue === venue).map((move) => [move.asset, move.newPriceUsd]))
  const writes: Promise<unknown>[] = []
  for (const move of moves.filter((m) => m.venue === 'aave-v3')) {
    const chain = file.chains.find((c) => c.chainId === move.chainId)
    const markets = chain ? sandboxAaveMarkets(chain) : []
    const reserve = (markets.find((m) => m.market === move.market) ?? markets[0])?.reserves[move.asset]
    if (!chain || !reserve)
      throw new Error(`No Aave reserve ${move.asset} in market ${move.market ?? '-'} on chain ${move.chainId}.`)
    const raw = parseUnits(move.newPriceUsd, AGGREGATOR_DECIMALS)
    writes.push(
      createAnvilClient(chain).setStorageAt({
        address: reserve.aggregator as Address,
        index: 0,
        value: numberToHex(raw, { size: 32 }),
      }),
    )
  }
  for (const move of moves.filter((m) => m.venue === 'morpho-blue')) {
    const chain = file.chains.find((c) => c.chainId === move.chainId)
    const market = chain?.morpho?.markets.find((m) => m.name === move.market)
    if (!chain || !market) throw new Error(`No Morpho market ${move.market ?? '-'} on chain ${move.chainId}.`)
    const raw = parseUnits(move.newPriceUsd, morphoPriceDecimals(market))
    writes.push(
      createAnvilClient(chain).setStorageAt({
        address: market.oracle,
        index: 0,
        value: numberToHex(raw, { size: 32 }),
      }),
    )
  }
  for (const [venue, url] of [
    ['hyperliquid', file.simulators.hyperliquidControlUrl],
    ['dydx-v4', file.simulators.dydxControlUrl],
  ] as const) {
    const prices = simulatorPrices(venue)
    if (Object.keys(prices).length === 0) continue
    writes.push(
      control(`${url}/prices`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(prices),
      }),
    )
  }
  await Promise.all(writes)
}
