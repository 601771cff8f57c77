import { createAnvilClient } from '../aave/createAnvilClient'
import { getMiningStatus, type MiningStatus, startMining, stopMining } from '../chains/mining'
import type { SandboxFile } from '../sandbox'
import { selectSandboxChains } from './selectSandboxChains'

export type SetSandboxMiningParameters = {
  action: 'stop' | 'start' | 'status'
  /** A chain's name (`a`, `b`) or id; every chain when undefined. */
  chain?: string | undefined
}

export type SetSandboxMiningReturnType = ({ name: string; chainId: number } & MiningStatus)[]

/**
 * `npm run sandbox -- mining stop|start|status [chain]`: stops a chain's blocks (its latest block ages, and the
 * Worker's reads of it turn stale), or starts them again (a block now, then one every 2 s), through the chain's
 * own JSON-RPC (chains/mining.ts). Returns each chain's status afterwards.
 */
export async function setSandboxMining(
  file: SandboxFile,
  { action, chain }: SetSandboxMiningParameters,
): Promise<SetSandboxMiningReturnType> {
  return await Promise.all(
    selectSandboxChains(file, chain).map(async (c) => {
      const client = createAnvilClient(c)
      if (action === 'stop') await stopMining(client)
      if (action === 'start') await startMining(client)
      return { name: c.name, chainId: c.chainId, ...(await getMiningStatus(client)) }
    }),
  )
}
