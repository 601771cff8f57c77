import type { PublicClient } from 'viem'
import { ChainUnavailableError } from '../chains/errors'
import { getChainClient } from '../chains/getChainClient'
import { getChainConfig } from '../chains/getChainConfig'

export type AskChainAboutSignatureParameters = {
  env: Pick<Env, 'RPC_URLS'>
  chainId: number
  /** A viem verification (`verifySiweMessage`, `verifyMessage`) on the chain's client. */
  check: (client: PublicClient) => Promise<boolean>
}

/**
 * Runs a viem signature check on the chain's client and tells a refusal from an outage.
 *
 * viem answers `false` both for a wrong signature and when the chain did not answer the check (it
 * turns any failed `eth_call` into "not valid", after trying plain ECDSA). A false answer no RPC
 * endpoint took part in is an outage, not a refusal: the transport's fetch is watched for that.
 *
 * @throws {ChainUnavailableError} (`UPSTREAM_UNAVAILABLE`) when the chain could not be asked.
 */
export async function askChainAboutSignature({
  env,
  chainId,
  check,
}: AskChainAboutSignatureParameters): Promise<boolean> {
  let answered = false
  // One watching fetch per check (so one client per check): checks are rare, outages must be told apart.
  const watchingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init)
    if (response.ok) answered = true
    return response
  }
  const client = getChainClient({ config: getChainConfig(env), chainId, fetch: watchingFetch })
  let valid: boolean
  try {
    valid = await check(client)
  } catch (cause) {
    throw new ChainUnavailableError({ chainId, cause })
  }
  if (!valid && !answered) {
    throw new ChainUnavailableError({ chainId, cause: new Error('No RPC endpoint answered the signature check.') })
  }
  return valid
}
