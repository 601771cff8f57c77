/**
 * Node-only: puts the canonical Multicall3 at its canonical address on an anvil chain, so the
 * chain reads like a production chain (viem's `multicall` through Multicall3 rather than deployless).
 *
 * The creation code is the one viem ships for its deployless multicall (Multicall3 compiled by
 * mds1); anvil runs it and the resulting runtime code is copied to 0xcA11…CA11.
 *
 * @see https://github.com/mds1/multicall3
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Address, Hex } from 'viem'
import { ANVIL_DEPLOYER, type AnvilClient, expectSuccess } from '../aave/createAnvilClient'

/** The address Multicall3 has on every chain that has it. */
export const MULTICALL3_ADDRESS: Address = '0xcA11bde05977b3631167028862bE2a173976CA11'

/** viem does not export the bytecode from its public entry points, so the harness reads it from the package. */
function multicall3CreationCode(): Hex {
  const file = fileURLToPath(new URL('../../../node_modules/viem/_esm/constants/contracts.js', import.meta.url))
  const match = /multicall3Bytecode\s*=\s*'(0x[0-9a-f]+)'/.exec(readFileSync(file, 'utf8'))
  if (!match?.[1]) throw new Error('Multicall3 creation code not found in viem')
  return match[1] as Hex
}

/**
 * Deploys Multicall3 and moves its code to the canonical address (no further transaction).
 * @example
 * await deployMulticall3(client)
 */
export async function deployMulticall3(client: AnvilClient): Promise<Address> {
  const hash = await client.sendTransaction({
    account: ANVIL_DEPLOYER,
    chain: client.chain,
    data: multicall3CreationCode(),
  })
  const receipt = await expectSuccess(client, hash)
  if (!receipt.contractAddress) throw new Error('Multicall3 was not created')
  const code = await client.getCode({ address: receipt.contractAddress })
  if (!code) throw new Error('Multicall3 has no runtime code')
  await client.setCode({ address: MULTICALL3_ADDRESS, bytecode: code })
  return MULTICALL3_ADDRESS
}
