import { type Address, type Hex, isAddressEqual, isHex, recoverMessageAddress } from 'viem'
import { newId } from '../alerts/ids'
import { getChainConfig } from '../chains/getChainConfig'
import { insertApiKeyWithinLimit } from '../db/queries/apiKeys'
import { consumeSiweNonce, getSiweNonce, type SiweNonceRow } from '../db/queries/siweNonces'
import type { ApiKeyRow } from '../db/schema'
import { RateLimitedError, UnauthenticatedError } from '../errors/auth'
import { InvalidInputError } from '../errors/input'
import { clientIp } from './clientIp'
import { enforceRateLimit } from './enforceRateLimit'
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
 * Sign-In with Ethereum: checks the message (see `parseSignInMessage`) and that its nonce is pending,
 * verifies the signature on the message's chain, THEN consumes the nonce and creates an API key for the
 * signing address.
 *
 * The nonce is consumed only by a signature that verifies, so nobody can burn someone else's pending
 * nonce with a garbage signature. Replay stays impossible: the consuming statement is one conditional
 * UPDATE (`consumeSiweNonce`), which only one of two concurrent sign-ins with the same message can win.
 * Since a failed attempt no longer costs a nonce, signature checks (an `eth_call`) are limited per client
 * IP instead, at the rate nonces are (`config.siweNoncesPerMinute`): a wallet never needs more checks than nonces.
 *
 * A key created by a contract wallet's signature (EIP-1271, ERC-6492: anything but the address's own
 * ECDSA signature) keeps the message and signature, so the wallet can be asked again whether it still
 * accepts them (`revalidateWalletKey`: the cron, and every alerts write).
 *
 * @throws {UnauthenticatedError} for every refused sign-in (each with its reason).
 * @throws {InvalidInputError} for a label that is too long.
 * @throws {RateLimitedError} past the per-IP signature checks, or the owner's active keys.
 * @throws {ChainUnavailableError} when the message's chain could not check the signature.
 */
export async function signIn(
  context: AuthContext,
  { message, signature, label }: SignInParameters,
): Promise<SignInReturnType> {
  const { db, env, config, nowMs, request } = context
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

  // A read, to refuse a dead nonce before any chain work; the UPDATE below decides.
  const pending = await getSiweNonce(db, fields.nonce)
  if (!isPending(pending, nowMs)) throw new UnauthenticatedError(whyNonceRefused(pending, nowMs))

  await enforceRateLimit(db, {
    bucket: `signin:${clientIp(request)}`,
    limit: config.siweNoncesPerMinute,
    windowMs: 60_000,
    nowMs,
    message: 'Too many sign-in attempts from this IP address',
  })
  const valid = await verifySiweSignature({ env, chainId: fields.chainId, message, signature, nowMs })
  if (!valid) {
    throw new UnauthenticatedError(
      `The signature does not verify for ${fields.address} on chain ${fields.chainId}; the nonce is still usable: sign the message with the wallet of that address.`,
    )
  }

  if (!(await consumeSiweNonce(db, { nonce: fields.nonce, nowMs }))) {
    throw new UnauthenticatedError(whyNonceRefused(await getSiweNonce(db, fields.nonce), nowMs))
  }

  const signedByWallet = !(await isOwnEcdsaSignature(fields.address, message, signature))
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
      signInMessage: signedByWallet ? message : null,
      signInSignature: signedByWallet ? signature : null,
      walletValidatedAtMs: signedByWallet ? nowMs : null,
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

const isPending = (row: SiweNonceRow | undefined, nowMs: number): boolean =>
  row !== undefined && row.usedAtMs === null && row.expiresAtMs > nowMs

/** Explains a nonce that cannot sign in (from the stored row; the atomic update decides). */
function whyNonceRefused(row: SiweNonceRow | undefined, nowMs: number): string {
  if (!row) return 'The nonce is unknown: request one with requestNonce and put it in the message.'
  if (row.usedAtMs !== null) return 'The nonce was already used: each nonce signs in once; request a new one.'
  if (row.expiresAtMs <= nowMs) return 'The nonce expired: request a new one and sign again.'
  return 'The nonce could not be used; request a new one.'
}

/**
 * Whether `signature` is `address`'s own ECDSA signature of the message (an EOA, or an EIP-7702 account
 * signing with its key): such a signature stays valid for good and needs no re-validation. Anything else
 * verified through a contract (EIP-1271, ERC-6492), whose answer can change.
 */
async function isOwnEcdsaSignature(address: Address, message: string, signature: Hex): Promise<boolean> {
  try {
    return isAddressEqual(await recoverMessageAddress({ message, signature }), address)
  } catch {
    return false
  }
}
