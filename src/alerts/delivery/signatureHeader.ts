import { Webhook } from 'standardwebhooks'

export type ComputeSignatureHeaderParameters = {
  eventId: string
  /** The `webhook-timestamp` sent with this attempt. */
  timestamp: Date
  /** The exact body sent. */
  body: string
  /** `whsec_…` secrets to sign with: the current one, then a rotated one still in its grace period. */
  secrets: readonly string[]
}

/**
 * The `webhook-signature` header: one `v1,<base64 HMAC-SHA256>` per secret, space-separated, as the
 * Standard Webhooks spec allows, so receivers verify with either the old or the new secret while a
 * rotation is in progress. Signed by the standardwebhooks package itself, the receivers' reference.
 */
export function computeSignatureHeader({
  eventId,
  timestamp,
  body,
  secrets,
}: ComputeSignatureHeaderParameters): string {
  return secrets.map((secret) => new Webhook(secret).sign(eventId, timestamp, body)).join(' ')
}

/** The secrets that sign at `nowMs`: the current one, plus the previous one until it expires. */
export function signingSecrets(
  endpoint: { secret: string; previousSecret: string | null; previousSecretExpiresAtMs: number | null },
  nowMs: number,
): string[] {
  const { secret, previousSecret, previousSecretExpiresAtMs } = endpoint
  return previousSecret && previousSecretExpiresAtMs !== null && previousSecretExpiresAtMs > nowMs
    ? [secret, previousSecret]
    : [secret]
}
