export type FetchVenueJsonParameters = {
  /** The Worker's fetch (from the read context). */
  fetch: typeof fetch
  url: string
  init?: RequestInit | undefined
  /** Per attempt, milliseconds. */
  timeoutMs: number
  /** Extra attempts after a network error, a timeout or a 5xx (default 1). 4xx are never retried. */
  retries?: number | undefined
}

export type FetchVenueJsonReturnType =
  | { kind: 'ok'; status: number; body: unknown }
  /** The venue refused the request (4xx): retrying would not help. */
  | { kind: 'rejected'; status: number; text: string }
  /** Network error, timeout, 5xx or a body that is not JSON, after the retries. */
  | { kind: 'unavailable'; reason: string; status?: number | undefined }

/**
 * GETs or POSTs a venue's JSON API with a per-attempt timeout (`AbortSignal.timeout`) and one
 * retry on network errors, timeouts and 5xx. Never throws: the outcome is data, so one failing
 * source never fails a request. Shared by the HTTP venue adapters (Hyperliquid, dYdX v4).
 *
 * @example
 * const result = await fetchVenueJson({ fetch, url: 'https://api.hyperliquid.xyz/info', init: { method: 'POST', body }, timeoutMs: 5_000 })
 */
export async function fetchVenueJson({
  fetch,
  url,
  init,
  timeoutMs,
  retries = 1,
}: FetchVenueJsonParameters): Promise<FetchVenueJsonReturnType> {
  let last: FetchVenueJsonReturnType = { kind: 'unavailable', reason: 'not attempted' }
  for (let attempt = 0; attempt <= retries; attempt++) {
    last = await attempt1(fetch, url, init, timeoutMs)
    if (last.kind !== 'unavailable') return last
  }
  return last
}

async function attempt1(
  fetch: typeof globalThis.fetch,
  url: string,
  init: RequestInit | undefined,
  timeoutMs: number,
): Promise<FetchVenueJsonReturnType> {
  let response: Response
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
    return { kind: 'unavailable', reason: timedOut ? `no answer within ${timeoutMs} ms` : 'network error' }
  }
  let text: string
  try {
    text = await response.text()
  } catch {
    return { kind: 'unavailable', reason: 'the answer was cut off', status: response.status }
  }
  if (response.status >= 500) return { kind: 'unavailable', reason: `HTTP ${response.status}`, status: response.status }
  if (response.status >= 400) return { kind: 'rejected', status: response.status, text: text.slice(0, 500) }
  try {
    return { kind: 'ok', status: response.status, body: JSON.parse(text) as unknown }
  } catch {
    return { kind: 'unavailable', reason: 'the answer is not JSON', status: response.status }
  }
}
