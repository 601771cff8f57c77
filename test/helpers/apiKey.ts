import { env } from 'cloudflare:workers'
import { newId, sha256Hex, toHex } from '../../src/alerts/ids'
import { createDatabase } from '../../src/db/client'
import { apiKeys } from '../../src/db/schema'

/**
 * An API key for `owner`, written straight to D1 as sign-in would store it (hash only), for tests of
 * key-protected operations that are not about sign-in. Returns the headers to send.
 */
export async function createTestKey(
  owner: `0x${string}` = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  nowMs = Date.now(),
): Promise<{ id: string; apiKey: string; headers: { authorization: string } }> {
  const apiKey = `slv_${toHex(crypto.getRandomValues(new Uint8Array(32)))}`
  const id = newId('key')
  await createDatabase(env.DB)
    .insert(apiKeys)
    .values({
      id,
      owner,
      keyHash: await sha256Hex(apiKey),
      prefix: apiKey.slice(0, 12),
      chainId: 31337,
      createdAtMs: nowMs,
    })
  return { id, apiKey, headers: { authorization: `Bearer ${apiKey}` } }
}
