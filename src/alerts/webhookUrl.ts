import { InvalidInputError } from '../errors/input'

export type ValidateWebhookUrlOptions = {
  /** Local development only: allow `http://127.0.0.1:…` / `http://localhost:…` / `http://[::1]:…` receivers. */
  allowLoopbackHttp: boolean
}

/**
 * Checks a webhook URL before it is stored and again before every delivery attempt (SSRF guard).
 * Returns the normalized URL string or throws BAD_USER_INPUT saying why.
 * (Contract: the full address checks land with webhook endpoints.)
 */
export function validateWebhookUrl(raw: string, options: ValidateWebhookUrlOptions): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InvalidInputError('The webhook URL is not a valid absolute URL.')
  }
  void options
  return url.toString()
}
