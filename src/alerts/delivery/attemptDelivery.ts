import { SolventError } from '../../errors/base'
import { validateWebhookUrl } from '../webhookUrl'
import { ATTEMPT_TIMEOUT_MS, USER_AGENT } from './limits'
import { parseRetryAfter } from './retrySchedule'
import { computeSignatureHeader } from './signatureHeader'

export type AttemptDeliveryParameters = {
  url: string
  eventId: string
  body: string
  /** Secrets to sign with (see `signingSecrets`). */
  secrets: readonly string[]
  allowLoopbackHttp: boolean
  timeoutMs?: number
}

/** `gone`: the receiver answered 410 and wants no more deliveries (the endpoint gets disabled). */
export type AttemptOutcome = 'delivered' | 'gone' | 'failed'

export type AttemptDeliveryReturnType = {
  outcome: AttemptOutcome
  /** null when no HTTP answer came (refused URL, connection error, timeout). */
  statusCode: number | null
  latencyMs: number
  error: string | null
  /**
   * The wait a 429 or 503 answer asked for with `Retry-After` (ms from its arrival, uncapped); null for
   * any other answer, or when the header is absent or not delay-seconds / an HTTP-date.
   */
  retryAfterMs: number | null
}

/**
 * One delivery attempt: re-checks the URL (SSRF guard: the URL or DNS may have changed since it was
 * stored), then POSTs the exact body with the Standard Webhooks headers. Never follows a redirect (a 3xx
 * could point anywhere, including an internal address) and never throws: every failure is data the
 * caller records and schedules around. `webhook-timestamp` is the wall clock at sending, since receivers
 * compare it with theirs (5 minutes of tolerance in the reference verifier).
 *
 * @example
 * const result = await attemptDelivery({ url, eventId: 'evt_…', body, secrets: [secret], allowLoopbackHttp: false })
 * // { outcome: 'delivered', statusCode: 204, latencyMs: 87, error: null, retryAfterMs: null }
 */
export async function attemptDelivery({
  url,
  eventId,
  body,
  secrets,
  allowLoopbackHttp,
  timeoutMs = ATTEMPT_TIMEOUT_MS,
}: AttemptDeliveryParameters): Promise<AttemptDeliveryReturnType> {
  let target: string
  try {
    target = validateWebhookUrl(url, { allowLoopbackHttp })
  } catch (error) {
    const reason = error instanceof SolventError ? error.shortMessage : String(error)
    return { outcome: 'failed', statusCode: null, latencyMs: 0, error: `URL refused: ${reason}`, retryAfterMs: null }
  }
  const sentAt = new Date()
  const startedMs = Date.now()
  let response: Response
  try {
    response = await fetch(target, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'webhook-id': eventId,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': computeSignatureHeader({ eventId, timestamp: sentAt, body, secrets }),
      },
    })
  } catch (error) {
    const latencyMs = Date.now() - startedMs
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
    const message = timedOut
      ? `timed out after ${timeoutMs} ms`
      : `connection failed: ${error instanceof Error ? error.message : String(error)}`
    return { outcome: 'failed', statusCode: null, latencyMs, error: message, retryAfterMs: null }
  }
  const latencyMs = Date.now() - startedMs
  // The answer's body is never needed: release the connection without reading it.
  await response.body?.cancel().catch(() => undefined)
  const statusCode = response.status
  if (statusCode >= 200 && statusCode < 300) {
    return { outcome: 'delivered', statusCode, latencyMs, error: null, retryAfterMs: null }
  }
  if (statusCode === 410) {
    const error = 'receiver answered 410 Gone: endpoint disabled'
    return { outcome: 'gone', statusCode, latencyMs, error, retryAfterMs: null }
  }
  if (statusCode >= 300 && statusCode < 400) {
    return {
      outcome: 'failed',
      statusCode,
      latencyMs,
      error: `redirect refused (HTTP ${statusCode})`,
      retryAfterMs: null,
    }
  }
  // RFC 9110 §10.2.3: 503 and 429 (RFC 6585 §4) may say how long to wait; other statuses' Retry-After is ignored.
  const header = statusCode === 429 || statusCode === 503 ? response.headers.get('retry-after') : null
  const retryAfterMs = parseRetryAfter(header, Date.now())
  const error =
    retryAfterMs === null
      ? `HTTP ${statusCode}`
      : `HTTP ${statusCode} (Retry-After: ${header?.trim().slice(0, 40) ?? ''})`
  return { outcome: 'failed', statusCode, latencyMs, error, retryAfterMs }
}
