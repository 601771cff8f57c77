/**
 * Node-only: a stand-in for wstETH's `stEthPerToken()` on the sandbox chains, whose WSTETH is a
 * plain mintable ERC20. The Worker reads it through `ASSET_OVERRIDES` (see `startChains`), the way
 * a deployment points a bridged liquid staking token at its rate provider.
 *
 * The contract is hand-assembled runtime code that answers any call with storage slot 0 as one
 * uint256 word: PUSH1 0 SLOAD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN. Both the code and the slot are
 * set with anvil cheats, so they are part of the dumped (cached) chain state.
 */
import { type Address, numberToHex, pad } from 'viem'
import type { AnvilClient } from '../aave/createAnvilClient'
import { SANDBOX_MARKET } from '../aave/sandboxMarket'

/** Where the stand-in lives on both sandbox chains. */
export const WSTETH_RATE_PROVIDER: Address = '0x0000000000000000000000000000000057e7e7a1'

const RETURN_SLOT_0 = '0x60005460005260206000f3'

const priceRaw = (symbol: string): bigint => {
  const reserve = SANDBOX_MARKET.reserves.find((r) => r.symbol === symbol)
  if (!reserve) throw new Error(`No ${symbol} in the sandbox market`)
  return reserve.priceRaw
}

/** stETH per wstETH, 18 decimals: the sandbox oracle's WSTETH / WETH price ratio (3,400 / 3,000), so the oracle and the rate agree. */
export const WSTETH_RATE_RAW: bigint = (priceRaw('WSTETH') * 10n ** 18n) / priceRaw('WETH')

/**
 * Puts the stand-in at `WSTETH_RATE_PROVIDER` with `WSTETH_RATE_RAW` in its slot.
 * @example
 * await deployRateProvider(client)
 */
export async function deployRateProvider(client: AnvilClient): Promise<Address> {
  await client.setCode({ address: WSTETH_RATE_PROVIDER, bytecode: RETURN_SLOT_0 })
  await client.setStorageAt({ address: WSTETH_RATE_PROVIDER, index: 0, value: pad(numberToHex(WSTETH_RATE_RAW)) })
  return WSTETH_RATE_PROVIDER
}
