/**
 * Reads an `AaveV3Snapshot` of one user through the PRODUCTION adapter's reads (src/protocols/aave-v3:
 * the reference round, then the user round, each one multicall), so the engine tests and the
 * adapter exercise the same reading and decoding code. Use a chain id the app does not predefine
 * (e.g. 31339) so reads go deployless on a bare anvil.
 */
import type { Address, PublicClient } from 'viem'
import { forgetEndpointHealth } from '../../../src/chains/endpointHealth'
import { getChainConfig } from '../../../src/chains/getChainConfig'
import type { AaveV3RulesVersion, AaveV3Snapshot } from '../../../src/engine/aave-v3'
import { readAaveReferences } from '../../../src/protocols/aave-v3/readAaveReferences'
import { readAaveUsers } from '../../../src/protocols/aave-v3/readAaveUsers'

export type ReadAaveV3SnapshotParameters = {
  addressesProvider: Address
  user: Address
  /** Default `v3.0-3.2` (the @aave/core-v3 contracts). */
  rules?: AaveV3RulesVersion | undefined
  /** Names the margin account, e.g. `Core` → `market:Core`. Default `Sandbox`. */
  marketName?: string | undefined
  /** Symbols priced as USD-pegged (`stable`) rather than `crypto`. */
  stableSymbols?: readonly string[] | undefined
}

/** The user's snapshot at the latest block, or `undefined` when the user holds nothing in the market. */
export async function readAaveV3Snapshot(
  client: PublicClient,
  {
    addressesProvider,
    user,
    rules = 'v3.0-3.2',
    marketName = 'Sandbox',
    stableSymbols = [],
  }: ReadAaveV3SnapshotParameters,
): Promise<AaveV3Snapshot | undefined> {
  const chainId = client.chain?.id ?? (await client.getChainId())
  const rpcUrl = (client.transport as { url?: string }).url
  if (!rpcUrl) throw new Error('readAaveV3Snapshot needs an http client.')
  const config = getChainConfig({ RPC_URLS: JSON.stringify({ [chainId]: [rpcUrl] }) })
  // The tests rewind their chain (evm_revert) between reads: an older head than the last read is expected here.
  forgetEndpointHealth()
  const market = { chainId, market: marketName, poolAddressesProvider: addressesProvider, rules, stableSymbols }
  const [reference] = await readAaveReferences({ config, markets: [market] })
  if (reference?.status !== 'ok') throw reference?.error ?? new Error('No reference read.')
  const [read] = await readAaveUsers({ config, requests: [{ reference: reference.reference, account: user }] })
  if (read?.status !== 'ok') throw read?.error ?? new Error('No user read.')
  return read.snapshot
}
