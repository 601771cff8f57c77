/** The Standard Webhooks secret prefix; the verifier strips it before decoding the key. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_'

/** Key length in bytes: HMAC-SHA256's block is 64 bytes and its output 32, so 32 random bytes is full strength. */
const SECRET_BYTES = 32

/**
 * A new endpoint signing secret: `whsec_` + standard, padded base64 of 32 random bytes. That is the exact
 * format `new Webhook(secret)` of the standardwebhooks package takes (it strips `whsec_` and decodes the
 * rest with @stablelib/base64, which wants the standard alphabet with `=` padding), so a receiver pastes
 * the secret into its verifier as is.
 *
 * @example
 * generateWebhookSecret() // 'whsec_q3J0…Zg8='
 */
export function generateWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(SECRET_BYTES))
  return `${WEBHOOK_SECRET_PREFIX}${btoa(String.fromCharCode(...bytes))}`
}
