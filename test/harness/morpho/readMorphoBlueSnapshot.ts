/**
 * Reads `MorphoBlueSnapshot`s through the PRODUCTION adapter's reads (src/protocols/morpho-blue: the
 * reference round, then the positions round), so the engine tests and the adapter exercise the
 * same reading and decoding code. Markets are read as stored, with the IRM's rate (`accrue: false`), so the
 * engine's own accrual is what the tests hold to the contract. Use a chain id the app does not predefine (e.g. 31341) so reads
 * go deployless on a bare anvil.
 */
import type { Address, Hex, PublicClient } from 'viem'
import { forgetEndpointHealth } from '../../../src/chains/endpointHealth'
import { getChainConfig } from '../../../src/chains/getChainConfig'
import type { MorphoBlueSnapshot } from '../../../src/engine/morpho-blue'
import { readMorphoPositions } from '../../../src/protocols/morpho-blue/readMorphoPositions'
import { readMorphoReferences } from '../../../src/protocols/morpho-blue/readMorphoReferences'

export type ReadMorphoBlueSnapshotsParameters = {
  morpho: Address
  marketIds: readonly Hex[]
  user: Address
}

/** The user's snapshot in each market at the latest block (`undefined` where it holds nothing). */
export async function readMorphoBlueSnapshots(
  client: PublicClient,
  { morpho, marketIds, user }: ReadMorphoBlueSnapshotsParameters,
): Promise<(MorphoBlueSnapshot | undefined)[]> {
  const chainId = client.chain?.id ?? (await client.getChainId())
  const rpcUrl = (client.transport as { url?: string }).url
  if (!rpcUrl) throw new Error('readMorphoBlueSnapshots needs an http client.')
  const config = getChainConfig({ RPC_URLS: JSON.stringify({ [chainId]: [rpcUrl] }) })
  // The tests rewind their chain (evm_revert) between reads: an older head than the last read is expected here.
  forgetEndpointHealth()
  const references = await readMorphoReferences({
    config,
    markets: marketIds.map((marketId) => ({ chainId, morpho, marketId })),
  })
  const requests = references.map((reference) => {
    if (reference.status !== 'ok') throw reference.error
    return { reference: reference.reference, account: user }
  })
  const positions = await readMorphoPositions({ config, requests, accrue: false })
  return positions.map((position) => {
    if (position.status !== 'ok') throw position.error
    return position.snapshot
  })
}

/** The user's snapshot in one market; throws when it holds nothing there. */
export async function readMorphoBlueSnapshot(
  client: PublicClient,
  parameters: { morpho: Address; marketId: Hex; user: Address },
): Promise<MorphoBlueSnapshot> {
  const [snapshot] = await readMorphoBlueSnapshots(client, {
    morpho: parameters.morpho,
    marketIds: [parameters.marketId],
    user: parameters.user,
  })
  if (!snapshot) throw new Error(`${parameters.user} holds nothing in market ${parameters.marketId}.`)
  return snapshot
}
