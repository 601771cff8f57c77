import { PayloadTooLargeError } from '../errors/input'

/**
 * Reads a request body up to `maxBytes` and returns a request whose body is that buffer, so
 * nothing downstream can be made to buffer more. A `content-length` above the limit is refused
 * before reading; a chunked body is counted as it streams and refused as soon as it passes the limit.
 */
export async function limitBody(request: Request, maxBytes: number): Promise<Request> {
  if (request.body === null) return request
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > maxBytes) throw new PayloadTooLargeError({ limitBytes: maxBytes })
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
