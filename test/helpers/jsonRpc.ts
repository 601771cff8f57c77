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

/**
 * Runs `check` while the anvil chains at `urls` mine no block, then gives each a block stamped now and its
 * timer back (as the harness's `startMining`). For checks that "nothing changed" between two reads: each
 * block accrues interest, a real change, and on a loaded machine a block can fall between the two.
 */
export async function withoutNewBlocks<value>(urls: readonly string[], check: () => Promise<value>): Promise<value> {
  const intervals = await Promise.all(
    urls.map(async (url) => {
      const interval = await jsonRpc<number | null>(url, 'anvil_getIntervalMining', [])
      await jsonRpc(url, 'evm_setIntervalMining', [0])
      return interval
    }),
  )
  try {
    return await check()
  } finally {
    await Promise.all(
      urls.map(async (url, i) => {
        const latest = await jsonRpc<{ timestamp: string }>(url, 'eth_getBlockByNumber', ['latest', false])
        const nowSec = Math.floor(Date.now() / 1000)
        await jsonRpc(url, 'evm_setNextBlockTimestamp', [Math.max(nowSec, Number(latest.timestamp) + 1)])
        await jsonRpc(url, 'evm_mine', [])
        const interval = intervals[i]
        if (typeof interval === 'number' && interval > 0) await jsonRpc(url, 'evm_setIntervalMining', [interval])
      }),
    )
  }
}
