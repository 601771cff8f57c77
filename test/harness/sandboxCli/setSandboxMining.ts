import { createAnvilClient } from '../aave/createAnvilClient'
import { getMiningStatus, type MiningStatus, startMining, stopMining } from '../chains/mining'
import type { SandboxFile } from '../sandbox'

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
  const chains =
    chain === undefined
      ? file.chains
      : file.chains.filter((c) => c.name === chain.toLowerCase() || String(c.chainId) === chain)
  if (chains.length === 0)
    throw new RangeError(
      `Unknown chain "${chain}". The sandbox runs ${file.chains.map((c) => `${c.name} (${c.chainId})`).join(', ')}.`,
    )
  return await Promise.all(
    chains.map(async (c) => {
      const client = createAnvilClient(c)
      if (action === 'stop') await stopMining(client)
      if (action === 'start') await startMining(client)
      return { name: c.name, chainId: c.chainId, ...(await getMiningStatus(client)) }
    }),
  )
}
