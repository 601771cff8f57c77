import { toHex } from '../alerts/ids'

/**
 * A Sign-In with Ethereum nonce: 128 bits from `crypto.getRandomValues`, as 32 hex characters (EIP-4361
 * allows alphanumerics, at least 8).
 *
 * Why not viem's `generateSiweNonce`: it draws from `Math.random` and slices consecutive nonces out of
 * one shared buffer one character apart, so each nonce reveals all but the last character of the next.
 * Nonces here must be unpredictable (the issue asks for crypto-random ones).
 */
export function generateNonce(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(16)))
}
