import type { Hex } from 'viem'
import { verifySiweMessage } from 'viem/siwe'
import { ChainUnavailableError } from '../chains/errors'
import { getChainClient } from '../chains/getChainClient'
import { getChainConfig } from '../chains/getChainConfig'

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
 * covers EOAs, deployed smart accounts (EIP-1271) and counterfactual ones (ERC-6492).
 *
 * viem answers `false` both for a wrong signature and when the chain did not answer the check (it
 * turns any failed `eth_call` into "not valid", after trying plain ECDSA). A false answer no RPC
 * endpoint took part in is an outage, not a refusal: the transport's fetch is watched for that.
 *
 * @throws {ChainUnavailableError} (`UPSTREAM_UNAVAILABLE`) when the chain could not be asked.
 * @see https://viem.sh/docs/siwe/actions/verifySiweMessage
 */
export async function verifySiweSignature({
  env,
  chainId,
  message,
  signature,
  nowMs,
}: VerifySiweSignatureParameters): Promise<boolean> {
  let answered = false
  // One watching fetch per sign-in (so one client per sign-in): sign-ins are rare, outages must be told apart.
  const watchingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init)
    if (response.ok) answered = true
    return response
  }
  const client = getChainClient({ config: getChainConfig(env), chainId, fetch: watchingFetch })
  let valid: boolean
  try {
    valid = await verifySiweMessage(client, { message, signature, time: new Date(nowMs) })
  } catch (cause) {
    throw new ChainUnavailableError({ chainId, cause })
  }
  if (!valid && !answered) {
    throw new ChainUnavailableError({ chainId, cause: new Error('No RPC endpoint answered the signature check.') })
  }
  return valid
}
