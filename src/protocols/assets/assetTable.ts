/**
 * The asset registry's table: which underlying each asset carries the price risk of, and how many
 * units of it one unit of the asset stands for. Keys are symbols as venues and the Aave address
 * book spell them; lookups ignore case (the sandbox lists `WSTETH`).
 *
 * - `par`: one unit is one unit of the underlying. Wrapped tokens (WETH, WBTC, cbBTC, tBTC),
 *   stETH (rebasing 1:1 with ETH), and stablecoins, which map onto USD at par but keep their own
 *   price, so a depeg shows as a price of that asset rather than of USD.
 * - `onchain`: a liquid staking token whose rate to ETH its own contract reports, as an 18-decimal
 *   integer, on the chain where it is minted (Ethereum). Bridged copies on other chains do not
 *   carry the call; a deployment points them at a rate source with `ASSET_OVERRIDES`.
 *
 * Anything not listed is its own underlying (LINK is LINK). Liquid restaking tokens with rates
 * behind other contracts (osETH, ETHx, rsETH, ezETH) are left so until their sources are added.
 */
import type { RateMethod } from './rateAbi'

export type AssetRate = { kind: 'par' } | { kind: 'onchain'; method: RateMethod; chainIds: readonly number[] }

export type AssetDefinition = { underlying: string; rate: AssetRate }

const par = (underlying: string): AssetDefinition => ({ underlying, rate: { kind: 'par' } })
const onEthereum = (method: RateMethod): AssetDefinition => ({
  underlying: 'ETH',
  rate: { kind: 'onchain', method, chainIds: [1] },
})

export const ASSET_TABLE = {
  ETH: par('ETH'),
  WETH: par('ETH'),
  stETH: par('ETH'),
  /** @see https://github.com/lidofinance/lido-dao/blob/master/contracts/0.6.12/WstETH.sol (`stEthPerToken()`: stETH per wstETH, 1e18) */
  wstETH: onEthereum('stEthPerToken'),
  /** @see https://github.com/rocket-pool/rocketpool/blob/master/contracts/contract/token/RocketTokenRETH.sol (`getExchangeRate()`: ETH per rETH, 1e18) */
  rETH: onEthereum('getExchangeRate'),
  /** @see https://github.com/coinbase/wrapped-tokens-os/blob/main/contracts/wrapped-tokens/staking/StakedTokenV1.sol (`exchangeRate()`: ETH per cbETH, 1e18) */
  cbETH: onEthereum('exchangeRate'),
  /** @see https://github.com/etherfi-protocol/smart-contracts/blob/master/src/WeETH.sol (`getRate()`: eETH, 1:1 with ETH, per weETH, 1e18) */
  weETH: onEthereum('getRate'),
  BTC: par('BTC'),
  WBTC: par('BTC'),
  cbBTC: par('BTC'),
  tBTC: par('BTC'),
  USDC: par('USD'),
  'USDC.e': par('USD'),
  /** The address book's name for native USDC where `USDC` is the bridged one (Arbitrum, Optimism, Polygon). */
  USDCn: par('USD'),
  USDbC: par('USD'),
  USDT: par('USD'),
  USDT0: par('USD'),
  DAI: par('USD'),
  GHO: par('USD'),
  LUSD: par('USD'),
  FRAX: par('USD'),
  PYUSD: par('USD'),
  USDS: par('USD'),
  RLUSD: par('USD'),
  crvUSD: par('USD'),
} as const satisfies Record<string, AssetDefinition>

const bySymbol = new Map<string, AssetDefinition>(
  Object.entries(ASSET_TABLE).map(([symbol, definition]) => [symbol.toUpperCase(), definition]),
)

/** The table's entry for `symbol`, ignoring case. */
export function assetDefinition(symbol: string): AssetDefinition | undefined {
  return bySymbol.get(symbol.toUpperCase())
}

/** Every underlying the table maps onto (`ETH`, `BTC`, `USD`). */
export const KNOWN_UNDERLYINGS: ReadonlySet<string> = new Set(Object.values(ASSET_TABLE).map((d) => d.underlying))
