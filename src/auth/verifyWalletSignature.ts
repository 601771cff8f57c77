import type { Address, Hex } from 'viem'
import type { ChainUnavailableError } from '../chains/errors'
import { askChainAboutSignature } from './askChainAboutSignature'

export type VerifyWalletSignatureParameters = {
  env: Pick<Env, 'RPC_URLS'>
  chainId: number
  /** The smart account. */
  address: Address
  /** The message as signed (EIP-191 hashed, as at sign-in). */
  message: string
  signature: Hex
}

export type VerifyWalletSignatureErrorType = ChainUnavailableError

/**
 * Whether `address` accepts `signature` of `message` now, at the chain's latest block: viem's
 * `verifyMessage` (EIP-1271 `isValidSignature`, through the ERC-6492 validator for a counterfactual
 * account). Only the signature is checked, not the message's SIWE fields: a key's sign-in message has
 * long expired when its wallet is asked again whether its signers still stand behind it.
 *
 * @throws {ChainUnavailableError} (`UPSTREAM_UNAVAILABLE`) when the chain could not be asked.
 * @see https://viem.sh/docs/actions/public/verifyMessage
 * @see https://eips.ethereum.org/EIPS/eip-1271
 */
export async function verifyWalletSignature({
  env,
  chainId,
  address,
  message,
  signature,
}: VerifyWalletSignatureParameters): Promise<boolean> {
  return askChainAboutSignature({
    env,
    chainId,
    check: (client) => client.verifyMessage({ address, message, signature }),
  })
}
