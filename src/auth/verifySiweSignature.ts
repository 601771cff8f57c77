import type { Hex } from 'viem'
import { verifySiweMessage } from 'viem/siwe'
import type { ChainUnavailableError } from '../chains/errors'
import { askChainAboutSignature } from './askChainAboutSignature'

export type VerifySiweSignatureParameters = {
  env: Pick<Env, 'RPC_URLS'>
  /** The message's chain: smart-account signatures are checked there. */
  chainId: number
  /** The EIP-4361 message as signed. */
  message: string
  signature: Hex
  /** The request clock (Unix ms). */
  nowMs: number
}

export type VerifySiweSignatureErrorType = ChainUnavailableError

/**
 * Whether the message's address signed it: viem's `verifySiweMessage` on the chain's client, which
 * covers EOAs, deployed smart accounts (EIP-1271) and counterfactual ones (ERC-6492: the signature
 * wraps the account's factory call, and viem's deployless validator deploys the account inside the
 * `eth_call` before asking it). An outage is told apart from a refusal (see `askChainAboutSignature`).
 *
 * @throws {ChainUnavailableError} (`UPSTREAM_UNAVAILABLE`) when the chain could not be asked.
 * @see https://viem.sh/docs/siwe/actions/verifySiweMessage
 * @see https://eips.ethereum.org/EIPS/eip-6492
 */
export async function verifySiweSignature({
  env,
  chainId,
  message,
  signature,
  nowMs,
}: VerifySiweSignatureParameters): Promise<boolean> {
  return askChainAboutSignature({
    env,
    chainId,
    check: (client) => verifySiweMessage(client, { message, signature, time: new Date(nowMs) }),
  })
}
