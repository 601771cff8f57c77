/**
 * `npm run sandbox -- mining …` and `reset` on a running sandbox (chains + simulators, no Worker): stopping a
 * chain's blocks lets its latest block age while the other chain goes on, starting catches up with a block
 * stamped now; `reset` brings the chains back to the seeded snapshot AND to the wall clock (`evm_revert` takes
 * anvil's clock back to the snapshot's). No assertion on speed: waits poll with hang backstops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAnvilClient } from '../../harness/aave/createAnvilClient'
import { type StartSandboxReturnType, startSandbox } from '../../harness/sandbox'
import { resetSandbox } from '../../harness/sandboxCli/resetSandbox'
import { setSandboxMining } from '../../harness/sandboxCli/setSandboxMining'

let sandbox: StartSandboxReturnType
beforeAll(async () => {
  sandbox = await startSandbox({ writeFiles: false })
})
afterAll(async () => {
  await sandbox?.close()
})

const nowSec = () => Math.floor(Date.now() / 1000)

async function waitFor(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 120_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('sandbox mining', () => {
  it('shows both chains mining every 2 s', async () => {
    const statuses = await setSandboxMining(sandbox.file, { action: 'status' })
    expect(statuses.map((s) => [s.name, s.chainId, s.blockTimeSec])).toEqual([
      ['a', 31337, 2],
      ['b', 31338, 2],
    ])
  })

  it('stops chain b only (by id): its latest block ages while chain a goes on; start catches up', async () => {
    const [stopped] = await setSandboxMining(sandbox.file, { action: 'stop', chain: '31338' })
    expect(stopped).toMatchObject({ name: 'b', blockTimeSec: null })
    const b = createAnvilClient(sandbox.file.chains[1] as (typeof sandbox.file.chains)[number])
    const a = createAnvilClient(sandbox.file.chains[0] as (typeof sandbox.file.chains)[number])
    const aBefore = await a.getBlockNumber({ cacheTime: 0 })
    await waitFor(() => nowSec() > (stopped?.latestTimestamp ?? 0) + 5, 'the wall clock to move on')
    await waitFor(async () => (await a.getBlockNumber({ cacheTime: 0 })) > aBefore, 'a block on chain a')
    const [aged] = await setSandboxMining(sandbox.file, { action: 'status', chain: 'b' })
    expect(aged?.latestBlock).toBe(stopped?.latestBlock)
    expect(aged?.ageSec).toBeGreaterThan(5)

    const before = nowSec()
    const [started] = await setSandboxMining(sandbox.file, { action: 'start', chain: 'b' })
    expect(started?.blockTimeSec).toBe(2)
    expect(started?.latestBlock).toBeGreaterThan(stopped?.latestBlock ?? 0n)
    expect(started?.latestTimestamp).toBeGreaterThanOrEqual(before)
    await waitFor(async () => (await b.getBlockNumber({ cacheTime: 0 })) > (started?.latestBlock ?? 0n), 'next block')
  })

  it('refuses a chain the sandbox does not run', async () => {
    await expect(setSandboxMining(sandbox.file, { action: 'stop', chain: 'c' })).rejects.toThrow(
      'Unknown chain "c". The sandbox runs a (31337), b (31338).',
    )
  })

  it('reset reverts to the seeded snapshot and puts the chains back on the wall clock', async () => {
    // Let the chains run well past the snapshot first, so that a revert without re-syncing would lag.
    const snapshotAt = await Promise.all(
      sandbox.file.chains.map(async (chain) => {
        const client = createAnvilClient(chain)
        return await client.getBlock({ blockTag: 'latest' })
      }),
    )
    await waitFor(() => nowSec() > Number(snapshotAt[0]?.timestamp ?? 0n) + 6, 'the wall clock to move on')
    const before = nowSec()
    sandbox.file = await resetSandbox(sandbox.file)
    for (const chain of sandbox.file.chains) {
      const [status] = await setSandboxMining(sandbox.file, { action: 'status', chain: chain.name })
      expect(status?.latestTimestamp).toBeGreaterThanOrEqual(before)
      expect(status?.blockTimeSec).toBe(2)
    }
  })
})
