/**
 * One JSON-RPC call to a local anvil node from inside workerd (tests that move a sandbox chain:
 * storage overrides, mining, transactions from unlocked dev accounts).
 *
 * @throws {Error} with the node's message when it answers an error.
 */
export async function jsonRpc<result>(url: string, method: string, params: unknown[]): Promise<result> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result?: result; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result as result
}
