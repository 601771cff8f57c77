import type { Hex } from 'viem'
import { createAnvilClient } from '../aave/createAnvilClient'
import { syncChainClock } from '../chains/mining'
import type { SandboxFile } from '../sandbox'

/**
 * Back to the seeded sandbox: each chain reverts to its `evm_snapshot` (balances, positions, oracle
 * prices, blocks) and takes a new one, since anvil forgets a snapshot once reverted to; the simulators
 * put their prices back to their seeds. Returns the file with the new snapshot ids (the caller writes it).
 * `evm_revert` also takes anvil's clock back to the snapshot's: each chain then mines a block stamped now, so
 * that it follows the wall clock again (and keeps mining as it did, or not: the mining mode is not reverted).
 * The Worker's local D1 (keys, subscriptions, cached snapshots) is not the sandbox's and stays.
 */
export async function resetSandbox(file: SandboxFile): Promise<SandboxFile> {
  const chains = await Promise.all(
    file.chains.map(async (chain) => {
      const client = createAnvilClient(chain)
      // cacheTime 0: viem reuses a block number for a few seconds otherwise, and the revert changes it.
      const headBefore = await client.getBlockNumber({ cacheTime: 0 })
      // viem types `evm_revert` as void; anvil answers whether the snapshot existed.
      const reverted: unknown = await client.request({ method: 'evm_revert', params: [chain.snapshotId] })
      if (reverted !== true)
        throw new Error(`Chain ${chain.chainId} has no snapshot ${chain.snapshotId}: restart \`npm run dev\`.`)
      const snapshotId = (await client.snapshot()) as Hex
      // The running Worker has seen blocks up to headBefore and refuses an older head as a lagging RPC
      // (src/chains/failoverTransport.ts): empty blocks take the seeded state past it, the last one stamped
      // now (evm_revert took anvil's clock back to the snapshot's).
      const head = await client.getBlockNumber({ cacheTime: 0 })
      if (head <= headBefore) await client.mine({ blocks: Number(headBefore - head) + 1 })
      await syncChainClock(client)
      return { ...chain, snapshotId }
    }),
  )
  await Promise.all(
    [file.simulators.hyperliquidControlUrl, file.simulators.dydxControlUrl].map(async (url) => {
      const response = await fetch(`${url}/reset`, { method: 'POST' })
      if (!response.ok) throw new Error(`${url}/reset: HTTP ${response.status}`)
      await response.body?.cancel()
    }),
  )
  return { ...file, chains }
}
