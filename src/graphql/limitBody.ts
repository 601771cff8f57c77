import { PayloadTooLargeError } from '../errors/input'

/**
 * Bounds a request body at `maxBytes`, so nothing downstream can be made to buffer more. A
 * `content-length` above the limit is refused before reading. A `content-length` within it is the
 * bound itself: HTTP frames the body by it (RFC 9112 §6.3; in HTTP/2 and 3 a body of another length
 * is a malformed request, RFC 9113 §8.1.1), so the request goes on untouched, with no copy and no
 * stream per request (the common case: every GraphQL client sends one). A body without it (chunked)
 * is counted as it streams, refused as soon as it passes the limit, and handed on as one buffer.
 */
export async function limitBody(request: Request, maxBytes: number): Promise<Request> {
  if (request.body === null) return request
  const header = request.headers.get('content-length')
  const declared = header === null ? Number.NaN : Number(header)
  if (declared > maxBytes) throw new PayloadTooLargeError({ limitBytes: maxBytes })
  if (Number.isSafeInteger(declared) && declared >= 0) return request
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel()
      throw new PayloadTooLargeError({ limitBytes: maxBytes })
    }
    chunks.push(value)
  }
  const body = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return new Request(request, { body })
}
