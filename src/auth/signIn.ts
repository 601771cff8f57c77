import { isHex } from 'viem'
import { newId } from '../alerts/ids'
import { getChainConfig } from '../chains/getChainConfig'
import { insertApiKeyWithinLimit } from '../db/queries/apiKeys'
import { consumeSiweNonce, getSiweNonce } from '../db/queries/siweNonces'
import type { ApiKeyRow } from '../db/schema'
import { RateLimitedError, UnauthenticatedError } from '../errors/auth'
import { InvalidInputError } from '../errors/input'
import { generateApiKey } from './generateApiKey'
import { KEY_LIMITS } from './limits'
import { parseSignInMessage } from './parseSignInMessage'
import type { AuthContext } from './types'
import { verifySiweSignature } from './verifySiweSignature'

/** Longest key label. */
export const API_KEY_LABEL_MAX_CHARS = 64

export type SignInParameters = {
  /** The EIP-4361 message as signed. */
  message: string
  /** The wallet's signature (65-byte ECDSA, or any length for EIP-1271 / ERC-6492 smart accounts). */
  signature: string
  /** Names the key, to tell keys apart (at most 64 characters). */
  label?: string | null | undefined
}

export type SignInReturnType = {
  /** Shown once: only its hash is stored. */
  apiKey: string
  key: ApiKeyRow
}

/**
 * Sign-In with Ethereum: checks the message (see `parseSignInMessage`), consumes its nonce, verifies
 * the signature on the message's chain and creates an API key for the signing address.
 *
 * The nonce is consumed BEFORE the signature is checked, in one atomic statement: a nonce buys one
 * attempt, so a leaked message cannot be replayed and a signature cannot be brute-forced against it.
 *
 * @throws {UnauthenticatedError} for every refused sign-in (each with its reason).
 * @throws {InvalidInputError} for a label that is too long.
 * @throws {ChainUnavailableError} when the message's chain could not check the signature.
 */
export async function signIn(
  context: AuthContext,
  { message, signature, label }: SignInParameters,
): Promise<SignInReturnType> {
  const { db, env, nowMs, request } = context
  if (label != null && label.length > API_KEY_LABEL_MAX_CHARS) {
    throw new InvalidInputError(`label is longer than ${API_KEY_LABEL_MAX_CHARS} characters.`)
  }
  if (!isHex(signature, { strict: true }) || signature.length <= 2) {
    throw new UnauthenticatedError('The signature is not a 0x-prefixed hex string.')
  }
  const fields = parseSignInMessage({
    message,
    domain: new URL(request.url).host,
    chainIds: [...getChainConfig(env).keys()],
    nowMs,
  })

  if (!(await consumeSiweNonce(db, { nonce: fields.nonce, nowMs }))) {
    throw new UnauthenticatedError(await whyNonceRefused(context, fields.nonce))
  }

  const valid = await verifySiweSignature({ env, chainId: fields.chainId, message, signature, nowMs })
  if (!valid) {
    throw new UnauthenticatedError(
      `The signature does not verify for ${fields.address} on chain ${fields.chainId}; request a new nonce and sign again.`,
    )
  }

  const { apiKey, keyHash, prefix } = await generateApiKey()
  const key = await insertApiKeyWithinLimit(
    db,
    {
      id: newId('key'),
      owner: fields.address,
      keyHash,
      prefix,
      label: label || null,
      chainId: fields.chainId,
      createdAtMs: nowMs,
    },
    KEY_LIMITS.maxActiveKeysPerOwner,
  )
  if (!key) {
    throw new RateLimitedError(
      `${fields.address} already has ${KEY_LIMITS.maxActiveKeysPerOwner} active API keys on chain ${fields.chainId}; revoke one first.`,
    )
  }
  return { apiKey, key }
}

/** Explains a nonce `consumeSiweNonce` refused (read after the fact: the atomic update decided). */
async function whyNonceRefused({ db, nowMs }: AuthContext, nonce: string): Promise<string> {
  const row = await getSiweNonce(db, nonce)
  if (!row) return 'The nonce is unknown: request one with requestNonce and put it in the message.'
  if (row.usedAtMs !== null) return 'The nonce was already used: each nonce signs in once; request a new one.'
  if (row.expiresAtMs <= nowMs) return 'The nonce expired: request a new one and sign again.'
  return 'The nonce could not be used; request a new one.'
}
