import { sha256Hex, toHex } from '../alerts/ids'

/** Characters of the key kept in clear (`prefix`), so a user can tell keys apart: `slv_` + 8 hex. */
export const API_KEY_PREFIX_LENGTH = 12

export type GenerateApiKeyReturnType = {
  /** `slv_` + 64 hex (32 random bytes). Shown to the caller once, never stored. */
  apiKey: string
  /** Hex SHA-256 of `apiKey`: the only form stored (a D1 leak yields no usable key). */
  keyHash: string
  prefix: string
}

/**
 * A new API key with what is stored of it. 256 random bits make a guessed key hopeless, so a plain
 * (unsalted, fast) SHA-256 is enough to look keys up by hash.
 */
export async function generateApiKey(): Promise<GenerateApiKeyReturnType> {
  const apiKey = `slv_${toHex(crypto.getRandomValues(new Uint8Array(32)))}`
  return { apiKey, keyHash: await sha256Hex(apiKey), prefix: apiKey.slice(0, API_KEY_PREFIX_LENGTH) }
}
