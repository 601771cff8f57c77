/**
 * The unsigned action that carries out one protective action on an off-chain venue, in the venue's
 * own format: Hyperliquid's `order` (reduce-only, IOC) and `updateIsolatedMargin` exchange actions,
 * dYdX v4's `MsgDepositToSubaccount` and a reduce-only order in the v4 client's `placeOrder` terms.
 * Nothing is signed or sent.
 */
import { D, type DydxV4Snapshot, type HyperliquidSnapshot, type MarginAccountSnapshot } from '../../engine'
import type { ProtectiveActionPlan } from './planProtectiveCalls'

export type PlannedVenueAction = { venue: string; format: string; action: unknown; description: string }

/** The limit price of a reduce-only IOC order: this far through the mark, so it fills like a market order. */
const SLIPPAGE = new D('0.05')

/** `null` when the venue is on chain, or when the action is not one the venue takes as an action (a deposit into a Hyperliquid cross account goes through its bridge). */
export function planVenueAction(
  snapshot: MarginAccountSnapshot,
  action: ProtectiveActionPlan & { position?: string | undefined },
): PlannedVenueAction | null {
  if (snapshot.model === 'hyperliquid') return planHyperliquid(snapshot, action)
  if (snapshot.model === 'dydx-v4') return planDydx(snapshot, action)
  return null
}

/**
 * Hyperliquid exchange actions (POST /exchange `action`, signed by the sender with its agent key).
 * Prices: at most 5 significant figures and 6 − szDecimals decimals; sizes in szDecimals.
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/exchange-endpoint#place-an-order
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/exchange-endpoint#update-isolated-margin
 * @see https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/tick-and-lot-size
 */
function planHyperliquid(snapshot: HyperliquidSnapshot, action: ProtectiveActionPlan): PlannedVenueAction | null {
  const perp = snapshot.positions.find((p) => p.coin === action.asset) ?? snapshot.positions[0]
  if (action.kind === 'addCollateral') {
    if (snapshot.marginMode !== 'isolated' || !perp) return null
    const index = snapshot.params.assets[perp.coin]?.index
    if (index === undefined) return null
    const ntli = action.amount.mul(1_000_000).toDecimalPlaces(0, D.ROUND_UP).toNumber()
    return {
      venue: 'hyperliquid',
      format: 'hyperliquid:updateIsolatedMargin',
      action: { type: 'updateIsolatedMargin', asset: index, isBuy: !perp.szi.startsWith('-'), ntli },
      description: `Add ${action.amount.toFixed()} USDC to the isolated ${perp.coin} position.`,
    }
  }
  if (action.kind !== 'reducePerp' && action.kind !== 'closePerp') return null
  const position = snapshot.positions.find((p) => p.coin === action.asset)
  const params = snapshot.params.assets[action.asset]
  const quote = snapshot.prices[action.asset]
  if (!position || params?.index === undefined || !quote) return null
  const long = !position.szi.startsWith('-')
  const szDecimals = params.szDecimals ?? 8
  const mark = new D(quote.priceUsd)
  const limit = mark.mul(long ? D.sub(1, SLIPPAGE) : D.add(1, SLIPPAGE))
  const price = limit
    .toSignificantDigits(5, long ? D.ROUND_DOWN : D.ROUND_UP)
    .toDecimalPlaces(Math.max(0, 6 - szDecimals), long ? D.ROUND_DOWN : D.ROUND_UP)
  const size = action.amount.toDecimalPlaces(szDecimals, D.ROUND_UP)
  return {
    venue: 'hyperliquid',
    format: 'hyperliquid:order',
    action: {
      type: 'order',
      orders: [
        { a: params.index, b: !long, p: price.toFixed(), s: size.toFixed(), r: true, t: { limit: { tif: 'Ioc' } } },
      ],
      grouping: 'na',
    },
    description: `${long ? 'Sell' : 'Buy'} ${size.toFixed()} ${action.asset} reduce-only, IOC, limit ${price.toFixed()} (mark ${mark.toFixed()} ± 5 %).`,
  }
}

/**
 * dYdX v4: a deposit is the chain message `MsgDepositToSubaccount` (USDC is asset 0, quantums of
 * 10⁻⁶); a reduction is a reduce-only IOC order, given as the `@dydxprotocol/v4-client-js`
 * `CompositeClient.placeOrder` arguments (human units; the client turns them into `MsgPlaceOrder`
 * quantums and subticks with the market's own step and tick).
 * @see https://docs.dydx.exchange/api_integration-trading/place_order
 * @see https://github.com/dydxprotocol/v4-chain/blob/main/proto/dydxprotocol/sending/transfer.proto
 */
function planDydx(snapshot: DydxV4Snapshot, action: ProtectiveActionPlan): PlannedVenueAction | null {
  const number = Number(snapshot.marginAccountId.split(':')[1] ?? '0')
  const subaccount = { owner: snapshot.account, number }
  if (action.kind === 'addCollateral') {
    const quantums = action.amount.mul(1_000_000).toDecimalPlaces(0, D.ROUND_UP).toFixed()
    return {
      venue: 'dydx-v4',
      format: 'dydx:MsgDepositToSubaccount',
      action: {
        typeUrl: '/dydxprotocol.sending.MsgDepositToSubaccount',
        value: { sender: snapshot.account, recipient: subaccount, assetId: 0, quantums },
      },
      description: `Deposit ${action.amount.toFixed()} USDC into subaccount ${number}.`,
    }
  }
  if (action.kind !== 'reducePerp' && action.kind !== 'closePerp') return null
  const position = snapshot.positions.find(
    (p) => p.market === action.asset || snapshot.params.markets[p.market]?.underlying === action.asset,
  )
  const quote = snapshot.prices[action.asset]
  if (!position || !quote) return null
  const long = !position.size.startsWith('-')
  const mark = new D(quote.priceUsd)
  const price = mark.mul(long ? D.sub(1, SLIPPAGE) : D.add(1, SLIPPAGE)).toSignificantDigits(6)
  return {
    venue: 'dydx-v4',
    format: 'dydx:placeOrder',
    action: {
      subaccount: { address: snapshot.account, subaccountNumber: number },
      marketId: position.market,
      type: 'MARKET',
      side: long ? 'SELL' : 'BUY',
      price: price.toFixed(),
      size: action.amount.toFixed(),
      timeInForce: 'IOC',
      reduceOnly: true,
      postOnly: false,
      execution: 'DEFAULT',
    },
    description: `${long ? 'Sell' : 'Buy'} ${action.amount.toFixed()} ${position.market} reduce-only, IOC, worst price ${price.toFixed()}.`,
  }
}
